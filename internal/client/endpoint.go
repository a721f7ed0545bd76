package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Mistakes in the endpoint or the key fail the same way for every resource
// of a run. This file makes them fail fast and say what to fix: a refused
// connection is retried only briefly, errors that point at the base URL name
// it (without credentials) and where it came from, and once the API has
// refused the key no further request is sent with it.

// maxRefusedAttempts bounds the attempts of a request whose connection is
// refused: nothing listens at the address, which a long backoff rarely
// changes. refusedBackoff caps each wait in between.
const (
	maxRefusedAttempts = 3
	refusedBackoff     = 500 * time.Millisecond
)

func connectionRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// keyLatch remembers whether the API refused the key. It is shared by every
// resource of the provider process. Until a first request ends other than
// with a 401, requests go one at a time, so a wrong key is sent once per run
// however many resources start together; after that they run in parallel.
type keyLatch struct {
	refused   atomic.Pointer[APIError]
	initOnce  sync.Once
	slot      chan struct{} // held by the one request in flight while the key is unproven
	ready     chan struct{} // closed once an answer showed the key is accepted
	readyOnce sync.Once
}

func (k *keyLatch) init() {
	k.initOnce.Do(func() {
		k.slot = make(chan struct{}, 1)
		k.ready = make(chan struct{})
	})
}

// accepted records an outcome other than a 401 (an answer, or no answer at
// all, as when the connection is refused): requests need not wait for each
// other any more. A later 401 still latches.
func (k *keyLatch) accepted() {
	k.init()
	k.readyOnce.Do(func() { close(k.ready) })
}

// KeyRefusedError is returned, without sending anything, by every request
// after the API refused the key once.
type KeyRefusedError struct {
	Operation string
	First     *APIError
}

func (e *KeyRefusedError) Error() string {
	return fmt.Sprintf("%s: not sent: the API refused the API key earlier in this run (%s)", e.Operation, e.First.Error())
}

func (e *KeyRefusedError) Unwrap() error { return e.First }

// IsKeyRefused reports whether err is a request skipped because the key was
// refused earlier.
func IsKeyRefused(err error) bool {
	var k *KeyRefusedError
	return errors.As(err, &k)
}

// admitKey lets a request go once the key is known to work, or as the one
// request that finds out; it fails fast once the key was refused. release
// ends the request's turn.
func (c *Client) admitKey(ctx context.Context, op string) (release func(), err error) {
	k := &c.key
	k.init()
	refused := func() error {
		if first := k.refused.Load(); first != nil {
			return &KeyRefusedError{Operation: op, First: first}
		}
		return nil
	}
	if err := refused(); err != nil {
		return nil, err
	}
	select {
	case <-k.ready:
		return func() {}, nil
	case k.slot <- struct{}{}:
		var once sync.Once
		release = func() { once.Do(func() { <-k.slot }) }
		if err := refused(); err != nil {
			release()
			return nil, err
		}
		return release, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("%s: %w", op, ctx.Err())
	}
}

// explain adds what to fix to the errors that point at the configuration
// (base URL or key), and latches a refused key.
func (c *Client) explain(err error, cl call, attempts int) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	if errors.As(err, &ae) && ae.HTTPStatus == http.StatusUnauthorized {
		c.key.refused.CompareAndSwap(nil, ae)
		return err
	}
	c.key.accepted()
	where := fmt.Sprintf("%s (%s)", c.baseURL.Redacted(), c.baseURLSource())
	var dnsErr *net.DNSError
	switch {
	case connectionRefused(err):
		return &endpointError{err: err, hint: fmt.Sprintf("The connection to %s was refused (%d attempts): nothing accepts connections "+
			"at that host and port. Check the host and port of the base URL, or start the server it names "+
			"(for the local emulator: make emulator, which listens on http://127.0.0.1:8360).", where, attempts)}
	case errors.As(err, &dnsErr):
		return &endpointError{err: err, hint: fmt.Sprintf("The host of the base URL %s could not be resolved. Check the spelling of the "+
			"host (360dialog's API is %s).", where, DefaultBaseURL)}
	case ae != nil && ae.HTTPStatus == http.StatusNotFound && (ae.Code == 100 || (ae.Code == 0 && strings.HasPrefix(cl.op, "list "))):
		return &endpointError{err: err, hint: fmt.Sprintf("The server at %s does not know the route of %q. Check the path of the base URL: "+
			"360dialog's base URL has no path (%s), and the routes (/groups, /v1/configs/templates) are added by the provider.",
			where, cl.op, DefaultBaseURL)}
	}
	return err
}

// baseURLSource says where the base URL came from, for messages.
func (c *Client) baseURLSource() string {
	if c.urlSource == "" {
		return "the provider's base URL"
	}
	return "from " + c.urlSource
}

// endpointError keeps the original error for errors.As/Is and adds advice.
type endpointError struct {
	err  error
	hint string
}

func (e *endpointError) Error() string { return e.err.Error() + "\n\n" + e.hint }
func (e *endpointError) Unwrap() error { return e.err }
