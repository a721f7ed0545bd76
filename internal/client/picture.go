package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"strings"
)

// pictureParts are the two names the sources give the picture in a settings
// update (CONTRACT.md §3.4): Meta's spec and sample use the multipart part
// `file`; 360dialog's body calls it `profile_picture_file`.
var pictureParts = [2]string{"file", "profile_picture_file"}

// UpdateGroupPicture uploads a JPEG profile picture (multipart/form-data, like
// the media upload the docs point to). It sends the part name that last
// worked for this client (`file` at first); when the API refuses that name
// (code 100 naming the field), it sends the other name once and remembers
// it for the rest of the provider process.
func (c *Client) UpdateGroupPicture(ctx context.Context, groupID, filename string, jpeg []byte) (string, error) {
	idx := c.picturePart.Load()
	requestID, err := c.uploadPicture(ctx, groupID, pictureParts[idx], filename, jpeg)
	if err == nil || !refusesPicturePart(err) {
		return requestID, err
	}
	other := 1 - idx
	c.log(ctx, "the API refused the picture part name; sending the other one", map[string]any{
		"refused": pictureParts[idx], "trying": pictureParts[other],
	})
	requestID, err2 := c.uploadPicture(ctx, groupID, pictureParts[other], filename, jpeg)
	if err2 != nil {
		if refusesPicturePart(err2) {
			// Neither name works: report the first refusal, which is the
			// one the documented name got.
			return "", err
		}
		return "", err2
	}
	c.picturePart.Store(other)
	c.log(ctx, "profile picture part name accepted", map[string]any{"part": pictureParts[other]})
	return requestID, nil
}

// paramNamed matches Graph's wording when a parameter is missing or unknown:
// "The parameter X is required", "Param X must be ...", "(X)".
var paramNamed = regexp.MustCompile(`(?i)(param(eter)?s?|field|part)\s+\(?["'\x60]?([a-z_]+)|\(([a-z_]+)\)`)

// refusesPicturePart reports whether err is a code 100 answer that names a
// picture part (the one sent, or the other one as the expected name), and
// not some other problem with the picture such as its size.
func refusesPicturePart(err error) bool {
	if !HasCode(err, CodeInvalidParameter) {
		return false
	}
	ae := apiErrorOf(err)
	text := ae.Message + " " + ae.Details
	for _, m := range paramNamed.FindAllStringSubmatch(text, -1) {
		name := strings.ToLower(m[3] + m[4])
		if name == pictureParts[0] || name == pictureParts[1] {
			return true
		}
	}
	return false
}

func (c *Client) uploadPicture(ctx context.Context, groupID, part, filename string, jpeg []byte) (string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.WriteField("messaging_product", "whatsapp"); err != nil {
		return "", err
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, part, filename))
	h.Set("Content-Type", "image/jpeg")
	pw, err := w.CreatePart(h)
	if err != nil {
		return "", err
	}
	if _, err := pw.Write(jpeg); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	cl := call{
		op: "update group picture", method: http.MethodPost, path: c.backend.GroupPath(groupID),
		body: buf.Bytes(), contentType: w.FormDataContentType(), idempotent: true,
	}
	var out struct {
		RequestID FlexString `json:"request_id"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return "", err
	}
	return string(out.RequestID), nil
}

// apiErrorOf returns the APIError in err's chain (callers check first).
func apiErrorOf(err error) *APIError {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	return &APIError{}
}
