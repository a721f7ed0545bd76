package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Startup is measured the way Terraform experiences it, without Terraform's
// own start-up in the figure: the binary is started with the go-plugin
// handshake environment, its handshake line is read from stdout, and
// GetProviderSchema is called over the announced socket. The timer stops
// when the schema answer has arrived.

// Terraform's handshake for protocol 6 providers (terraform-plugin-go
// tf6server).
const (
	magicCookieKey   = "TF_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
	schemaMethod     = "/tfplugin6.Provider/GetProviderSchema"
)

type startupResult struct {
	Handshake   time.Duration // process start to handshake line
	Schema      time.Duration // process start to schema answer
	SchemaBytes int
}

func measureStartup(ctx context.Context, binary string) (startupResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary)
	// No PLUGIN_CLIENT_CERT: the plugin then serves plain gRPC on a unix
	// socket, which is all a local measurement needs.
	cmd.Env = append(cleanEnv(), magicCookieKey+"="+magicCookieValue, "PLUGIN_PROTOCOL_VERSIONS=6")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return startupResult{}, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return startupResult{}, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()

	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return startupResult{}, fmt.Errorf("reading the handshake: %w", err)
	}
	var res startupResult
	res.Handshake = time.Since(start)
	network, addr, err := parseHandshake(line)
	if err != nil {
		return res, err
	}
	conn, err := grpc.NewClient(network+"://"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return res, err
	}
	defer conn.Close()
	var answer rawMessage
	if err := conn.Invoke(ctx, schemaMethod, &rawMessage{}, &answer, grpc.ForceCodec(rawCodec{})); err != nil {
		return res, fmt.Errorf("GetProviderSchema: %w", err)
	}
	res.Schema = time.Since(start)
	res.SchemaBytes = len(answer)
	if !strings.Contains(string(answer), "d360_group") {
		return res, errors.New("the schema answer does not describe d360_group")
	}
	return res, nil
}

// parseHandshake reads go-plugin's "core|app|network|address|protocol|cert".
func parseHandshake(line string) (network, addr string, err error) {
	parts := strings.Split(strings.TrimSpace(line), "|")
	if len(parts) < 5 || parts[1] != "6" || parts[4] != "grpc" {
		return "", "", fmt.Errorf("unexpected handshake %q", line)
	}
	if parts[2] != "unix" && parts[2] != "tcp" {
		return "", "", fmt.Errorf("unexpected network in handshake %q", line)
	}
	if parts[2] == "tcp" {
		return "dns", parts[3], nil
	}
	return "unix", parts[3], nil
}

// rawMessage passes protobuf bytes through untouched: the benchmark needs
// the answer's arrival, not its content, and the generated tfplugin6 types
// are internal to terraform-plugin-go. An empty message is a valid
// GetProviderSchema request.
type rawMessage []byte

// rawCodec is named "proto" so the request carries the content type the
// provider's gRPC server expects.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(v any) ([]byte, error) {
	m, ok := v.(*rawMessage)
	if !ok {
		return nil, fmt.Errorf("rawCodec cannot marshal %T", v)
	}
	return *m, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	m, ok := v.(*rawMessage)
	if !ok {
		return fmt.Errorf("rawCodec cannot unmarshal into %T", v)
	}
	*m = append((*m)[:0], data...)
	return nil
}

// cleanEnv is the caller's environment without Terraform, provider and
// plugin settings that would change what is measured.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "D360_") || strings.HasPrefix(name, "PLUGIN_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}
