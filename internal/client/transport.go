package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// call describes one API operation.
type call struct {
	op          string // stable operation name for logs and errors, e.g. "create group"
	method      string
	path        string
	query       url.Values
	body        []byte
	contentType string
	// idempotent calls may be repeated after an unclear failure (broken
	// connection, 5xx). Others are only repeated when the API certainly did
	// not act (throttled, or the connection was never made) and otherwise end
	// in an AmbiguousError so the caller can look before trying again.
	idempotent bool
}

func jsonCall(op, method, path string, payload any, idempotent bool) (call, error) {
	c := call{op: op, method: method, path: path, idempotent: idempotent}
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return c, fmt.Errorf("%s: encoding request: %w", op, err)
		}
		c.body = b
		c.contentType = "application/json"
	}
	return c, nil
}

// maxResponseBytes bounds what one response may hold; the largest legitimate
// answer (a page of 1024 groups) is well below it.
const maxResponseBytes = 32 << 20

// do sends c, retrying as its policy allows, and decodes a 2xx body into out
// (when out is not nil). It returns the final HTTP status.
func (c *Client) do(ctx context.Context, cl call, out any) (err error) {
	release, err := c.admitKey(ctx, cl.op)
	if err != nil {
		return err
	}
	defer release()
	attempts := 0
	defer func() { err = c.explain(err, cl, attempts) }()
	var lastErr error
	for attempt := 1; ; attempt++ {
		attempts = attempt
		if werr := c.throttle.wait(ctx); werr != nil {
			if lastErr == nil {
				lastErr = &transportError{err: werr, notSent: true}
			}
			return c.finalError(cl, lastErr)
		}
		sent := time.Now()
		status, body, err := c.once(ctx, cl, attempt)
		if err == nil {
			if out != nil && len(bytes.TrimSpace(body)) > 0 {
				if derr := json.Unmarshal(body, out); derr != nil {
					decodeErr := fmt.Errorf("decoding response (HTTP %d): %w", status, &redactedError{msg: c.redact(derr.Error()), err: derr})
					if !cl.idempotent {
						// The API answered success, so it acted: an unreadable
						// answer leaves the outcome unknown, not failed.
						return &AmbiguousError{Operation: cl.op, Err: decodeErr}
					}
					return fmt.Errorf("%s: %w", cl.op, decodeErr)
				}
			}
			return nil
		}
		lastErr = err
		retry, wait := c.shouldRetry(ctx, cl, err, attempt)
		if !retry {
			return c.finalError(cl, err)
		}
		if IsRateLimited(err) {
			c.throttle.throttled(sent)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return c.finalError(cl, lastErr)
		}
		c.log(ctx, "retrying API request", map[string]any{
			"operation": cl.op, "attempt": attempt, "wait_ms": wait.Milliseconds(), "reason": c.redact(err.Error()),
		})
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return c.finalError(cl, lastErr)
		case <-timer.C:
		}
	}
}

// transportError is a failure below HTTP: no status was received.
type transportError struct {
	err     error
	notSent bool // the connection was never established: the API cannot have acted
}

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// retryAfterError carries a server's hint on how long to wait.
type retryAfterError struct {
	*APIError
	after time.Duration
}

func (e *retryAfterError) Unwrap() error { return e.APIError }

func (c *Client) once(ctx context.Context, cl call, attempt int) (int, []byte, error) {
	u := *c.baseURL
	// cl.path is already escaped (ids go through url.PathEscape): keep that
	// encoding on the wire instead of escaping it a second time.
	u.RawPath = c.baseURL.EscapedPath() + cl.path
	path, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return 0, nil, err
	}
	u.Path = path
	u.RawQuery = cl.query.Encode()
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, u.String(), body)
	if err != nil {
		return 0, nil, err
	}
	if cl.contentType != "" {
		req.Header.Set("Content-Type", cl.contentType)
	}
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	c.backend.Authorize(req.Header)

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			// The request may have reached the server before we gave up.
			return 0, nil, &transportError{err: ctxErr}
		}
		c.log(ctx, "API request failed", map[string]any{
			"operation": cl.op, "method": cl.method, "path": cl.path, "attempt": attempt,
			"duration_ms": time.Since(start).Milliseconds(), "error": c.redact(err.Error()),
		})
		return 0, nil, &transportError{err: err, notSent: neverSent(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		c.key.accepted()
	}
	data, readErr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	c.log(ctx, "API request", map[string]any{
		"operation": cl.op, "method": cl.method, "path": cl.path, "attempt": attempt,
		"status": resp.StatusCode, "duration_ms": time.Since(start).Milliseconds(),
	})
	if readErr != nil {
		// The server answered, so it acted; only the body was lost.
		return resp.StatusCode, nil, &transportError{err: fmt.Errorf("reading response: %w", readErr)}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, data, nil
	}
	apiErr := answerError(resp.StatusCode, data, u.Path)
	if d := retryAfter(resp.Header); d > 0 {
		return resp.StatusCode, data, &retryAfterError{APIError: apiErr, after: d}
	}
	return resp.StatusCode, data, apiErr
}

// neverSent reports whether a transport error happened before the request
// could reach the server (so repeating it cannot duplicate anything).
func neverSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// shouldRetry decides whether err is worth another attempt and how long to
// wait first.
func (c *Client) shouldRetry(ctx context.Context, cl call, err error, attempt int) (bool, time.Duration) {
	if attempt >= c.retry.MaxAttempts {
		return false, 0
	}
	// Only the caller's context ends the retries: a per-attempt timeout
	// (RequestTimeout) also matches context.DeadlineExceeded but is worth
	// another attempt for an idempotent call.
	if ctx.Err() != nil {
		return false, 0
	}
	var re *redirectError
	if errors.As(err, &re) {
		// A refused redirect is refused again on every attempt.
		return false, 0
	}
	wait := c.backoff(attempt)
	var ra *retryAfterError
	if errors.As(err, &ra) && ra.after > wait {
		wait = ra.after
	}
	var te *transportError
	if errors.As(err, &te) {
		if connectionRefused(err) {
			return attempt < maxRefusedAttempts, min(wait, refusedBackoff)
		}
		return cl.idempotent || te.notSent, wait
	}
	if IsRateLimited(err) {
		// A throttled request was refused, not carried out: always safe.
		return true, wait
	}
	if IsRetryable(err) {
		return cl.idempotent, wait
	}
	return false, 0
}

// backoff is exponential with full jitter, so parallel resources that were
// throttled together do not come back together.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.MinBackoff << (attempt - 1)
	if d <= 0 || d > c.retry.MaxBackoff {
		d = c.retry.MaxBackoff
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// finalError shapes the error returned to the caller: unclear outcomes of
// unsafe calls become AmbiguousError; secrets are scrubbed.
func (c *Client) finalError(cl call, err error) error {
	var ra *retryAfterError
	if errors.As(err, &ra) {
		err = ra.APIError
	}
	var te *transportError
	if errors.As(err, &te) {
		scrubbed := &redactedError{msg: c.redact(te.err.Error()), err: te.err}
		if !cl.idempotent && !te.notSent {
			return &AmbiguousError{Operation: cl.op, Err: scrubbed}
		}
		return fmt.Errorf("%s: %w", cl.op, scrubbed)
	}
	var ae *APIError
	if errors.As(err, &ae) {
		c.redactAPIError(ae)
		if !cl.idempotent && ae.HTTPStatus >= 500 {
			return &AmbiguousError{Operation: cl.op, Err: ae}
		}
		return fmt.Errorf("%s: %w", cl.op, ae)
	}
	return fmt.Errorf("%s: %s", cl.op, c.redact(err.Error()))
}

// redactAPIError scrubs secrets from every text field of e (the title is
// parsed from the message, and a server may echo anything into any field).
func (c *Client) redactAPIError(e *APIError) {
	e.Type = c.redact(e.Type)
	e.Title = c.redact(e.Title)
	e.Message = c.redact(e.Message)
	e.Details = c.redact(e.Details)
	e.TraceID = c.redact(e.TraceID)
}

// redactBatchErrors scrubs the per-item and top-level errors of a batch
// answer (they are shown to users like any other error).
func (c *Client) redactBatchErrors(failed []ItemFailure, errs []APIError) {
	for i := range failed {
		for j := range failed[i].Errors {
			c.redactAPIError(&failed[i].Errors[j])
		}
	}
	for i := range errs {
		c.redactAPIError(&errs[i])
	}
}

func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// redactedError shows a scrubbed message but keeps the original chain for
// errors.Is (context deadlines, net errors).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
