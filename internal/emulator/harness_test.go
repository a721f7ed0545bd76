package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "test-key"

var (
	linkRe   = regexp.MustCompile(`^https://chat\.whatsapp\.com/[A-Za-z0-9]{22}$`)
	digitsRe = regexp.MustCompile(`^[0-9]+$`)
)

// fakeClock is an advanceable clock so that delays are tested in no time.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1755548877, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type harness struct {
	t      *testing.T
	em     *Emulator
	srv    *httptest.Server
	clock  *fakeClock
	client *http.Client
}

// newHarness serves an emulator with a fake clock (unless opts.Now is set).
func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	h := &harness{t: t}
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	if opts.Now == nil {
		h.clock = newFakeClock()
		opts.Now = h.clock.Now
	}
	h.em = New(opts)
	h.srv = httptest.NewServer(h.em)
	t.Cleanup(h.srv.Close)
	// A fresh transport per test, without keep-alives: a dropped connection
	// must surface as an error, not be retried silently on a reused one.
	h.client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	return h
}

// newRealtimeHarness uses the wall clock (for timers and webhooks).
func newRealtimeHarness(t *testing.T, opts Options) *harness {
	opts.Now = time.Now
	return newHarness(t, opts)
}

type resp struct {
	status int
	body   map[string]any
	raw    []byte
}

// do sends body as JSON (nil: no body) with the test API key.
func (h *harness) do(method, path string, body any) resp {
	h.t.Helper()
	var raw []byte
	ctype := ""
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			h.t.Fatal(err)
		}
		ctype = "application/json"
	}
	return h.doRaw(method, path, ctype, raw, testKey)
}

func (h *harness) doRaw(method, path, ctype string, body []byte, key string) resp {
	h.t.Helper()
	r, err := h.send(method, path, ctype, body, key)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (h *harness) send(method, path, ctype string, body []byte, key string) (resp, error) {
	req, err := http.NewRequest(method, h.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		return resp{}, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if key != "" {
		req.Header.Set("D360-API-KEY", key)
	}
	res, err := h.client.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	out := resp{status: res.StatusCode}
	if out.raw, err = io.ReadAll(res.Body); err != nil {
		return resp{}, err
	}
	if len(out.raw) > 0 {
		_ = json.Unmarshal(out.raw, &out.body)
	}
	return out, nil
}

// create posts a group and returns the group id, found through the admin API.
func (h *harness) create(subject, mode string) string {
	h.t.Helper()
	body := map[string]any{"messaging_product": "whatsapp", "subject": subject}
	if mode != "" {
		body["join_approval_mode"] = mode
	}
	r := h.do("POST", "/groups", body)
	if r.status != 200 {
		h.t.Fatalf("create: %d %s", r.status, r.raw)
	}
	for _, g := range h.em.Groups() {
		if g.Subject == strings.TrimSpace(subject) {
			return g.ID
		}
	}
	h.t.Fatalf("created group %q not visible", subject)
	return ""
}

// expectError checks a Graph-style error (the default ErrorStyle), or the
// Graph error embedded in 360dialog's meta envelope (template endpoints).
func expectError(t *testing.T, r resp, status, code int) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
	e, _ := r.body["error"].(map[string]any)
	if m, ok := r.body["meta"].(map[string]any); ok && e == nil {
		if int(num(m["http_code"])) != status || m["success"] != false {
			t.Fatalf("meta envelope %s", r.raw)
		}
		var inner map[string]any
		s, _ := m["error"].(string)
		_ = json.Unmarshal([]byte(s), &inner)
		e, _ = inner["error"].(map[string]any)
	}
	if e == nil {
		t.Fatalf("no Graph error in %s", r.raw)
	}
	if got := int(num(e["code"])); got != code {
		t.Fatalf("code = %d, want %d; body %s", got, code, r.raw)
	}
	if !strings.HasPrefix(e["message"].(string), "(#") || e["type"] != "OAuthException" || e["fbtrace_id"] == "" {
		t.Fatalf("malformed Graph error %s", r.raw)
	}
	data, _ := e["error_data"].(map[string]any)
	if data["messaging_product"] != "whatsapp" || data["details"] == "" {
		t.Fatalf("malformed error_data %s", r.raw)
	}
	return e
}

func expectStatus(t *testing.T, r resp, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

func keys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

func jpegBytes(t *testing.T, w, hgt int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, hgt))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngBytes(t *testing.T, side int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, side, side))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// multipartBody builds a multipart/form-data body with fields and an
// optional file part.
func multipartBody(t *testing.T, fields map[string]string, file []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		fw, err := mw.CreateFormFile("file", "pic.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(file); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// mapsEqualJSON compares decoded JSON values.
func mapsEqualJSON(a, b any) bool {
	ra, _ := json.Marshal(a)
	rb, _ := json.Marshal(b)
	return bytes.Equal(ra, rb)
}
