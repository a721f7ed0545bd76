package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// probe asks one API the open questions of issue 13 and records what it
// answered. Notes explain answers the run could not give.
type probe struct {
	api    *api
	wait   time.Duration // how long to wait for an asynchronous effect
	poll   time.Duration
	logf   func(format string, args ...any)
	stderr io.Writer
	out    Answers
	notes  map[string]string
}

func newProbe(a *api, wait, poll time.Duration, logf func(string, ...any), stderr io.Writer) *probe {
	return &probe{api: a, wait: wait, poll: poll, logf: logf, stderr: stderr, notes: map[string]string{}}
}

// unknownGroupID looks like a real group id (base64 of
// capi_group:<number>:<jid>, Meta-escaped) but names no group.
const unknownGroupID = "Y2FwaV9ncm91cDoxNTU1MDAwMDAwMDowMDAwMDAwMDAwMDAwMDAwMDAZD"

// readOnly lists groups and templates, reads a group and its link, and
// reads an unknown id. It changes nothing.
func (p *probe) readOnly(ctx context.Context) error {
	list, err := p.api.getJSON(ctx, "/groups", url.Values{"limit": {"25"}})
	if err != nil {
		return err
	}
	if !list.ok() {
		return fmt.Errorf("listing groups failed (check D360_API_KEY and D360_BASE_URL): %s", list.short(p.api.redact))
	}
	var page struct {
		Data struct {
			Groups []map[string]json.RawMessage `json:"groups"`
		} `json:"data"`
	}
	_ = json.Unmarshal(list.raw, &page)
	p.logf("listed %d groups", len(page.Data.Groups))
	var firstID string
	for _, g := range page.Data.Groups {
		if p.out.CreatedAt == nil {
			p.out.CreatedAt = createdAtType(g["created_at"])
		}
		if firstID == "" {
			_ = json.Unmarshal(g["id"], &firstID)
		}
	}
	if len(page.Data.Groups) == 0 {
		p.notes["created_at"] = "the number has no group (run with -write)"
		p.notes["omits_defaults"] = "the number has no group (run with -write)"
	}
	if firstID != "" {
		g, err := p.api.getJSON(ctx, "/groups/"+url.PathEscape(firstID), url.Values{"fields": {"subject,description,join_approval_mode,suspended"}})
		if err != nil {
			return err
		}
		p.out.OmitsDefaults = groupOmitsDefaults(g)
		link, err := p.api.getJSON(ctx, "/groups/"+url.PathEscape(firstID)+"/invite_link", nil)
		if err != nil {
			return err
		}
		p.logf("invite link of a listed group: HTTP %d", link.status)
	}

	unknown, err := p.api.getJSON(ctx, "/groups/"+unknownGroupID, url.Values{"fields": {"subject"}})
	if err != nil {
		return err
	}
	p.recordError(unknown)
	if !unknown.ok() {
		p.out.NotFound = notFoundReading(unknown)
	} else {
		p.notes["not_found"] = "an unknown id was answered with success"
	}

	tpl, err := p.api.getJSON(ctx, "/v1/configs/templates", url.Values{"limit": {"1"}})
	if err != nil {
		return err
	}
	p.logf("template list: HTTP %d", tpl.status)
	return nil
}

// recordError notes the envelope and error_data form of an error answer.
func (p *probe) recordError(r answer) {
	if r.ok() {
		return
	}
	env, data, _ := errorShape(r)
	if p.out.ErrorEnvelope == nil {
		p.out.ErrorEnvelope = env
	}
	if p.out.ErrorData == nil {
		p.out.ErrorData = data
	}
}

// write creates one group, uploads a picture, resets its link, deletes it
// and reads it after deletion. Whatever happens (an error, Ctrl-C), what it
// created is deleted before it returns.
func (p *probe) write(ctx context.Context) (err error) {
	suffix := make([]byte, 5)
	_, _ = rand.Read(suffix)
	subject := "tf-probe-" + hex.EncodeToString(suffix)
	description := "Created by d360-probe to learn how this API answers; safe to delete.  \n"
	var groupID, answeredID string
	sent, deleted := false, false
	defer func() {
		if !sent || deleted {
			return
		}
		// The caller's context may be cancelled (Ctrl-C): clean up anyway.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), p.wait+30*time.Second)
		defer cancel()
		if cerr := p.cleanup(cctx, subject, groupID, answeredID); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()

	sent = true
	created, err := p.api.sendJSON(ctx, http.MethodPost, "/groups", map[string]string{
		"messaging_product": "whatsapp", "subject": subject, "description": description,
	})
	if err != nil {
		return err
	}
	if !created.ok() {
		p.recordError(created)
		return fmt.Errorf("creating group %s failed: %s", subject, created.short(p.api.redact))
	}
	var ans struct {
		RequestID json.RawMessage `json:"request_id"`
		ID        json.RawMessage `json:"id"`
	}
	_ = json.Unmarshal(created.raw, &ans)
	answeredID = rawString(ans.ID)
	p.logf("created %s: %s", subject, strings.TrimSpace(string(created.raw)))

	if groupID, err = p.findGroup(ctx, subject, answeredID); err != nil {
		return err
	}
	switch {
	case len(ans.RequestID) > 0:
		p.out.CreateResponse = str("request_id")
	case answeredID != "" && answeredID == groupID:
		p.out.CreateResponse = str("id_is_group")
	case answeredID != "":
		p.out.CreateResponse = str("id_is_request")
	default:
		p.notes["create_response"] = "the create answered neither request_id nor id"
	}

	g, err := p.api.getJSON(ctx, "/groups/"+url.PathEscape(groupID), url.Values{"fields": {"description,join_approval_mode,suspended"}})
	if err != nil {
		return err
	}
	var got struct {
		Description string `json:"description"`
	}
	if g.ok() && json.Unmarshal(g.raw, &got) == nil {
		switch got.Description {
		case description:
			p.out.DescriptionTrimmed = new(bool)
		case strings.TrimSpace(description):
			trimmed := true
			p.out.DescriptionTrimmed = &trimmed
		default:
			p.notes["description_trimmed"] = fmt.Sprintf("the group shows description %q", got.Description)
		}
		// The new group holds both defaults: this answer settles the question.
		p.out.OmitsDefaults = groupOmitsDefaults(g)
	}

	if err := p.uploadPicture(ctx, groupID); err != nil {
		return err
	}
	reset, err := p.api.sendJSON(ctx, http.MethodPost, "/groups/"+url.PathEscape(groupID)+"/invite_link", map[string]string{"messaging_product": "whatsapp"})
	if err != nil {
		return err
	}
	p.logf("invite link reset: HTTP %d", reset.status)

	del, err := p.api.do(ctx, http.MethodDelete, "/groups/"+url.PathEscape(groupID), nil, nil, "")
	if err != nil {
		return err
	}
	if !del.ok() {
		return fmt.Errorf("deleting group %s failed: %s", groupID, del.short(p.api.redact))
	}
	deleted = true
	after, err := p.readAfterDelete(ctx, groupID)
	if err != nil {
		return err
	}
	p.recordError(after)
	if p.out.NotFound == nil && !after.ok() {
		p.out.NotFound = notFoundReading(after)
	}
	return nil
}

// findGroup waits until the list shows the new group (or a GET confirms the
// id the create answered) and returns its id.
func (p *probe) findGroup(ctx context.Context, subject, answeredID string) (string, error) {
	deadline := time.Now().Add(p.wait)
	for {
		id, err := p.listedWithSubject(ctx, subject)
		if err != nil || id != "" {
			return id, err
		}
		if answeredID != "" {
			g, err := p.api.getJSON(ctx, "/groups/"+url.PathEscape(answeredID), url.Values{"fields": {"subject"}})
			if err != nil {
				return "", err
			}
			var got struct {
				Subject string `json:"subject"`
			}
			if g.ok() && json.Unmarshal(g.raw, &got) == nil && got.Subject == subject {
				return answeredID, nil
			}
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("group %s did not appear within %s", subject, p.wait)
		}
		if err := sleep(ctx, p.poll); err != nil {
			return "", err
		}
	}
}

// listedWithSubject scans every page of the list for subject.
func (p *probe) listedWithSubject(ctx context.Context, subject string) (string, error) {
	q := url.Values{"limit": {"1024"}}
	for range 20 {
		r, err := p.api.getJSON(ctx, "/groups", q)
		if err != nil {
			return "", err
		}
		if !r.ok() {
			return "", fmt.Errorf("listing groups failed: %s", r.short(p.api.redact))
		}
		var page struct {
			Data struct {
				Groups []struct {
					ID      string          `json:"id"`
					Subject string          `json:"subject"`
					Created json.RawMessage `json:"created_at"`
				} `json:"groups"`
			} `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := json.Unmarshal(r.raw, &page); err != nil {
			return "", fmt.Errorf("the group list is not readable: %w", err)
		}
		for _, g := range page.Data.Groups {
			if g.Subject == subject {
				if t := createdAtType(g.Created); t != nil {
					p.out.CreatedAt = t
				}
				return g.ID, nil
			}
		}
		if page.Paging.Next == "" || page.Paging.Cursors.After == "" {
			return "", nil
		}
		q.Set("after", page.Paging.Cursors.After)
	}
	return "", nil
}

// uploadPicture sends a generated 192x192 JPEG under Meta's part name, and
// under 360dialog's when the API refuses the first naming a field.
func (p *probe) uploadPicture(ctx context.Context, groupID string) error {
	img := generatedJPEG()
	var first answer
	for i, part := range []string{"file", "profile_picture_file"} {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("messaging_product", "whatsapp")
		fw, err := w.CreateFormFile(part, "tf-probe.jpg")
		if err != nil {
			return err
		}
		_, _ = fw.Write(img)
		_ = w.Close()
		r, err := p.api.do(ctx, http.MethodPost, "/groups/"+url.PathEscape(groupID), nil, buf.Bytes(), w.FormDataContentType())
		if err != nil {
			return err
		}
		if r.ok() {
			p.out.PictureField = str(part)
			p.logf("picture accepted as part %q", part)
			return nil
		}
		p.recordError(r)
		if i == 0 {
			first = r
		}
	}
	p.notes["picture_field"] = "both part names were refused: " + first.short(p.api.redact)
	return nil
}

// readAfterDelete reads the deleted group until the API stops showing it.
func (p *probe) readAfterDelete(ctx context.Context, groupID string) (answer, error) {
	deadline := time.Now().Add(p.wait)
	for {
		r, err := p.api.getJSON(ctx, "/groups/"+url.PathEscape(groupID), url.Values{"fields": {"subject"}})
		if err != nil || !r.ok() {
			return r, err
		}
		if time.Now().After(deadline) {
			p.notes["not_found"] = "the deleted group was still readable after " + p.wait.String()
			return r, nil
		}
		if err := sleep(ctx, p.poll); err != nil {
			return r, err
		}
	}
}

// cleanup deletes the probe's group. When its id was never learned (the
// run ended before the group appeared), it waits for the group to appear,
// as the create may still be under way, and deletes it then.
func (p *probe) cleanup(ctx context.Context, subject, groupID, answeredID string) error {
	if groupID == "" {
		fmt.Fprintf(p.stderr, "d360-probe: cleaning up: waiting up to %s for group %s to appear, to delete it\n", p.wait, subject)
		id, err := p.findGroup(ctx, subject, answeredID)
		if err != nil {
			return fmt.Errorf("cleanup: %w; if group %s appears later, delete it by hand", err, subject)
		}
		groupID = id
	}
	r, err := p.api.do(ctx, http.MethodDelete, "/groups/"+url.PathEscape(groupID), nil, nil, "")
	if err != nil {
		return fmt.Errorf("cleanup: deleting group %s (%s): %w", groupID, subject, err)
	}
	if !r.ok() {
		return fmt.Errorf("cleanup: deleting group %s (%s) failed: %s", groupID, subject, r.short(p.api.redact))
	}
	fmt.Fprintf(p.stderr, "d360-probe: cleaned up: deleted group %s (%s)\n", groupID, subject)
	return nil
}

func rawString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// generatedJPEG is a 192x192 JPEG, the smallest picture the API accepts.
func generatedJPEG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 192, 192))
	for y := range 192 {
		for x := range 192 {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: 160, A: 255}) //nolint:gosec // G115: x, y < 192
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, nil)
	return buf.Bytes()
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
