package client

import "context"

// maxCursorRestarts bounds how often a list starts over after the API
// invalidated its cursor (131059, CONTRACT.md §7.2): the contract's advice is
// to restart from the first page, but a cursor that keeps expiring must not
// loop forever.
const maxCursorRestarts = 2

// eachUnique is the one pagination layer of the client: it follows the
// cursors of a Graph list (fetch reads the page after a cursor, "" for the
// first), passes every entry to fn once (an entry a cursor repeats because
// the list changed while it was read is dropped; key "" is never a repeat),
// and starts over from the first page when the API invalidates the cursor
// after the first page, passing only what the broken pass had not. Only one
// page is held at a time.
func eachUnique[T any](ctx context.Context, fetch func(ctx context.Context, after string) ([]T, graphPaging, error), key func(T) string, fn func([]T) error) error {
	seen := map[string]struct{}{}
	for restarts := 0; ; restarts++ {
		var p pager
		for pages := 0; ; pages++ {
			page, paging, err := fetch(ctx, p.after)
			if err != nil {
				if pages > 0 && restarts < maxCursorRestarts && HasCode(err, CodeInvalidCursor) {
					break // start over
				}
				return err
			}
			fresh := page[:0]
			for _, item := range page {
				k := key(item)
				if _, dup := seen[k]; dup && k != "" {
					continue
				}
				seen[k] = struct{}{}
				fresh = append(fresh, item)
			}
			if err := fn(fresh); err != nil {
				return err
			}
			if !p.advance(paging, len(page), MaxPageSize) {
				return nil
			}
		}
	}
}
