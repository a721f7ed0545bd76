package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// actionConfig builds the action's configuration; language "" leaves
// template_language out.
func (p *protoEnv) actionConfig(t *testing.T, groupID, template, language string, to ...string) *tfprotov6.DynamicValue {
	t.Helper()
	s := p.schema.ActionSchemas["d360_send_group_invite"]
	if s == nil {
		t.Fatal("no action d360_send_group_invite")
	}
	nums := make([]tftypes.Value, len(to))
	for i, n := range to {
		nums[i] = protoStr(n)
	}
	attrs := map[string]tftypes.Value{
		"group_id":      protoStr(groupID),
		"template_name": protoStr(template),
		"to":            tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nums),
	}
	if language != "" {
		attrs["template_language"] = protoStr(language)
	}
	return protoValue(t, s.Schema, attrs)
}

// invoke runs the action as `terraform apply -invoke` does (validate, plan,
// invoke) and returns the progress messages and the final diagnostics.
func (p *protoEnv) invoke(t *testing.T, cfg *tfprotov6.DynamicValue) (progress []string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	ctx := context.Background()
	srv, ok := p.srv.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider server does not serve actions")
	}
	v, err := srv.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: "d360_send_group_invite", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Diagnostics) > 0 {
		return nil, v.Diagnostics
	}
	plan, err := srv.PlanAction(ctx, &tfprotov6.PlanActionRequest{ActionType: "d360_send_group_invite", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "PlanAction", plan.Diagnostics)
	stream, err := srv.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "d360_send_group_invite", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			diags = append(diags, e.Diagnostics...)
		}
	}
	return progress, diags
}

// seedInviteSetup seeds a group and an approved library invite template.
func seedInviteSetup(em *emulator.Emulator) (groupID, link string) {
	groupID = em.SeedGroup("tf-acc-invite", "", "")
	em.SeedTemplate(emulator.Template{Name: "tf_acc_invite", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	link, _ = em.InviteLink(groupID)
	return groupID, link
}

func TestProtocolSendGroupInvite_sendsOncePerRecipient(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	groupID, link := seedInviteSetup(p.em)

	progress, diags := p.invoke(t, p.actionConfig(t, groupID, "tf_acc_invite", "", "+1 (555) 010-0001", "15550100002", "+44 20 7946 0958"))
	protoFail(t, "InvokeAction", diags)
	sent := p.em.Messages()
	if len(sent) != 3 {
		t.Fatalf("%d messages sent, want 3: %+v", len(sent), sent)
	}
	for i, waID := range []string{"15550100001", "15550100002", "442079460958"} {
		m := sent[i]
		if m.WaID != waID || m.GroupID != groupID || m.InviteLink != link || m.TemplateName != "tf_acc_invite" || m.TemplateLanguage != "en_US" {
			t.Errorf("message %d = %+v", i, m)
		}
		if !strings.Contains(progress[i], "sent, message id "+m.ID) {
			t.Errorf("progress %d = %q, want the message id %s", i, progress[i], m.ID)
		}
	}
	if !strings.HasPrefix(progress[0], "+1 (555) 010-0001: ") {
		t.Errorf("progress names the number as written: %q", progress[0])
	}
}

// TestProtocolSendGroupInvite_refusedBeforeSending: bad numbers are refused
// at validation without an API call; a template that is missing, in another
// language or not approved, and a group that does not exist, stop the
// invocation before the first send.
func TestProtocolSendGroupInvite_refusedBeforeSending(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	groupID, _ := seedInviteSetup(p.em)
	p.em.SeedTemplate(emulator.Template{Name: "tf_acc_pending", Language: "en_US", Category: "UTILITY",
		Components: []byte(`[{"type":"BODY","text":"Join {{1}}"}]`)})

	for _, tc := range []struct {
		name     string
		cfg      *tfprotov6.DynamicValue
		want     string
		apiCalls bool
	}{
		{"invalid number", p.actionConfig(t, groupID, "tf_acc_invite", "", "15550100001", "555-CALL-NOW"), "Invalid phone number", false},
		{"trunk prefix", p.actionConfig(t, groupID, "tf_acc_invite", "", "020 7946 0958"), "starts with 0", false},
		{"same user twice", p.actionConfig(t, groupID, "tf_acc_invite", "", "+1 555 010 0001", "15550100001"), "same WhatsApp user", false},
		{"no recipient", p.actionConfig(t, groupID, "tf_acc_invite", ""), "at least 1", false},
		{"bad template name", p.actionConfig(t, groupID, "Invite", "", "15550100001"), "lowercase letters", false},
		{"unknown template", p.actionConfig(t, groupID, "tf_acc_nope", "", "15550100001"), "Invite template not found", true},
		{"other language", p.actionConfig(t, groupID, "tf_acc_invite", "de", "15550100001"), "Invite template not found", true},
		{"pending template", p.actionConfig(t, groupID, "tf_acc_pending", "", "15550100001"), `status "pending"`, true},
		{"unknown group", p.actionConfig(t, "120363000000000001", "tf_acc_invite", "", "15550100001"), "Group not found", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.em.ResetCounters()
			_, diags := p.invoke(t, tc.cfg)
			err := protoErrors(diags)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want one containing %q", err, tc.want)
			}
			if n := len(diags); n != 1 {
				t.Errorf("%d diagnostics, want one: %v", n, err)
			}
			if calls := p.em.TotalCalls(); (calls > 0) != tc.apiCalls {
				t.Errorf("%d API calls (%v)", calls, p.em.CallCounts())
			}
			if n := len(p.em.Messages()); n != 0 {
				t.Errorf("%d messages sent", n)
			}
		})
	}
}

// faultSequence serves em through a wrapper that injects the next fault of
// kinds ("" = none) into each call of route, in call order, and returns the
// wrapper's URL.
func faultSequence(t *testing.T, em *emulator.Emulator, route, path string, kinds ...emulator.FaultKind) string {
	t.Helper()
	var mu sync.Mutex
	next := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == path {
			mu.Lock()
			if next < len(kinds) && kinds[next] != "" {
				em.AddFault(emulator.FaultRule{Kind: kinds[next], Route: route, Count: 1})
			}
			next++
			mu.Unlock()
		}
		em.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestProtocolSendGroupInvite_faults: under injected faults every recipient
// gets at most one message; throttled sends are repeated, unclear ones never
// are, and the report says which recipient got what.
func TestProtocolSendGroupInvite_faults(t *testing.T) {
	t.Parallel()
	em := emulator.New(emulator.Options{APIKey: testAPIKey})
	groupID, _ := seedInviteSetup(em)
	throttled := []emulator.FaultKind{}
	for range testTiming().Retry.MaxAttempts {
		throttled = append(throttled, emulator.Fault429)
	}
	// Calls in order: recipient 1 is throttled twice, then sent; 2 is sent
	// but its answer is lost; 3 meets a server error; 4 is sent; 5 loses its
	// connection; 6 stays throttled until the client gives up.
	kinds := append([]emulator.FaultKind{
		emulator.Fault429, emulator.Fault429, "",
		emulator.FaultLostAfter,
		emulator.Fault500,
		"",
		emulator.FaultResetBefore,
	}, throttled...)
	p := newProtoEnvAt(t, em, faultSequence(t, em, "messages.send", "/messages", kinds...))
	to := []string{"15550100001", "15550100002", "15550100003", "15550100004", "15550100005", "15550100006"}

	progress, diags := p.invoke(t, p.actionConfig(t, groupID, "tf_acc_invite", "", to...))
	err := protoErrors(diags)
	if err == nil {
		t.Fatal("no error for the failed and unclear sends")
	}
	for _, want := range []string{
		"2 sent, 1 failed, 3 unclear, 0 not attempted",
		"15550100001: sent, message id wamid.",
		"15550100002: UNCLEAR", "15550100003: UNCLEAR", "15550100005: UNCLEAR",
		"15550100006: failed",
		"sends to every listed number again",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the report lacks %q:\n%v", want, err)
		}
	}
	if len(progress) != len(to) {
		t.Errorf("%d progress events, want one per recipient: %q", len(progress), progress)
	}
	for n, want := range map[string]int{"15550100001": 1, "15550100002": 1, "15550100003": 0, "15550100004": 1, "15550100005": 0, "15550100006": 0} {
		if got := len(em.MessagesTo(n)); got != want {
			t.Errorf("%s got %d messages, want %d", n, got, want)
		}
	}
	// 3 calls for recipient 1, one each for 2 to 5, and every attempt for 6.
	if got, want := em.Calls("messages.send"), 3+4+len(throttled); got != want {
		t.Errorf("%d sends, want %d", got, want)
	}
}

// TestProtocolSendGroupInvite_randomFaults: whatever faults hit the sends,
// nobody gets the invite twice in one invocation.
func TestProtocolSendGroupInvite_randomFaults(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	groupID, _ := seedInviteSetup(p.em)
	for i, k := range []emulator.FaultKind{emulator.FaultLostAfter, emulator.Fault500, emulator.Fault503, emulator.Fault429, emulator.FaultResetBefore} {
		p.em.AddFault(emulator.FaultRule{Kind: k, Route: "messages.send", Probability: 0.12, Seed: int64(i + 1)})
	}
	var to []string
	for i := range 40 {
		to = append(to, fmt.Sprintf("+1 555 020 %04d", i))
	}
	_, _ = p.invoke(t, p.actionConfig(t, groupID, "tf_acc_invite", "", to...))
	if p.em.FaultsInjected()[emulator.FaultLostAfter] == 0 {
		t.Fatal("no lost answer was injected; the test proves nothing")
	}
	for i := range 40 {
		if n := len(p.em.MessagesTo(fmt.Sprintf("1555020%04d", i))); n > 1 {
			t.Errorf("recipient %d got %d messages", i, n)
		}
	}
}

// TestProtocolSendGroupInvite_invokeChecksNumbersAgain: numbers that were
// unknown when the configuration was validated are checked at invocation,
// before anything is sent.
func TestProtocolSendGroupInvite_invokeChecksNumbersAgain(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	groupID, _ := seedInviteSetup(p.em)
	stream, err := p.srv.(tfprotov6.ActionServer).InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{
		ActionType: "d360_send_group_invite",
		Config:     p.actionConfig(t, groupID, "tf_acc_invite", "", "15550100001", "0049 30 1234567", "+1 555 010 0001"),
	})
	if err != nil {
		t.Fatal(err)
	}
	var diags []*tfprotov6.Diagnostic
	for ev := range stream.Events {
		if c, ok := ev.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
			diags = append(diags, c.Diagnostics...)
		}
	}
	err = protoErrors(diags)
	if err == nil || !strings.Contains(err.Error(), "starts with 0") || !strings.Contains(err.Error(), "same WhatsApp user") {
		t.Fatalf("error = %v, want the bad and the duplicate number", err)
	}
	if n := p.em.TotalCalls(); n != 0 {
		t.Errorf("%d API calls before refusing", n)
	}
}
