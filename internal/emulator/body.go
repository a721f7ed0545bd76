package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
)

const (
	maxPictureBytes = 5 << 20
	// maxBodyBytes leaves room for multipart framing around a 5 MB picture
	// so an oversized picture gets the documented code 100, not a cut body.
	maxBodyBytes = maxPictureBytes + 1<<20
)

// reqBody is a decoded request body. Graph accepts JSON, url-encoded forms
// and multipart forms (CONTRACT §3.1); form values are strings, and array
// parameters in forms are JSON-encoded strings, as Graph expects.
type reqBody struct {
	fields  map[string]any
	form    bool
	file    []byte
	hasFile bool
	// filePart is the multipart part name the file came in (the sources
	// disagree on it, CONTRACT §3.4).
	filePart string
}

func readBody(r *http.Request) (*reqBody, *apiError) {
	r.Body = http.MaxBytesReader(nil, r.Body, maxBodyBytes)
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "application/x-www-form-urlencoded":
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, bodyReadError(err)
		}
		vals, err := url.ParseQuery(string(raw))
		if err != nil {
			return nil, errParam("Invalid form body")
		}
		return formBody(vals), nil
	case "multipart/form-data":
		r.Body = http.MaxBytesReader(nil, r.Body, maxBodyBytes)
		if err := r.ParseMultipartForm(maxBodyBytes); err != nil { //nolint:gosec // G120: the body is capped by MaxBytesReader just above
			return nil, bodyReadError(err)
		}
		b := formBody(r.MultipartForm.Value)
		if name, fh := firstFilePart(r.MultipartForm.File); len(fh) > 0 {
			b.filePart = name
			if fh[0].Size > maxPictureBytes {
				return nil, errParam("The file is larger than 5 MB")
			}
			f, err := fh[0].Open()
			if err != nil {
				return nil, errParam("Unreadable file")
			}
			defer f.Close()
			b.file, err = io.ReadAll(io.LimitReader(f, maxPictureBytes+1))
			if err != nil {
				return nil, errParam("Unreadable file")
			}
			b.hasFile = true
		}
		return b, nil
	default:
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, bodyReadError(err)
		}
		b := &reqBody{fields: map[string]any{}}
		if len(bytes.TrimSpace(raw)) == 0 {
			return b, nil
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&b.fields); err != nil || b.fields == nil {
			return nil, errParam("The request body is not a valid JSON object")
		}
		return b, nil
	}
}

func bodyReadError(err error) *apiError {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errParam("The request body is too large; files are limited to 5 MB")
	}
	return errParam("Unreadable request body")
}

func formBody(vals map[string][]string) *reqBody {
	b := &reqBody{fields: map[string]any{}, form: true}
	for k, v := range vals {
		if len(v) > 0 {
			b.fields[k] = v[0]
		}
	}
	return b
}

// str returns a string parameter; present is false when it is absent or null.
func (b *reqBody) str(key string) (val string, present bool, aerr *apiError) {
	v, ok := b.fields[key]
	if !ok || v == nil {
		return "", false, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", true, errParam("Param %s must be a string", key)
	}
	return s, true, nil
}

// list returns an array parameter; in forms it must be a JSON-encoded array.
func (b *reqBody) list(key string) (val []any, aerr *apiError) {
	v, ok := b.fields[key]
	if !ok || v == nil {
		return nil, nil
	}
	if s, isStr := v.(string); isStr {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, errParam("Param %s must be an array", key)
		}
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, errParam("Param %s must be an array", key)
	}
	return arr, nil
}

// requireProduct enforces messaging_product=whatsapp.
func (b *reqBody) requireProduct() *apiError {
	v, present, err := b.str("messaging_product")
	if err != nil {
		return err
	}
	if !present {
		return errParam("The parameter messaging_product is required")
	}
	if v != "whatsapp" {
		return errParam("Param messaging_product must be one of {whatsapp}")
	}
	return nil
}

// readWhatsAppBody reads a body that must carry messaging_product=whatsapp,
// as every documented group request body does (CONTRACT §2).
func readWhatsAppBody(r *http.Request) (*reqBody, *apiError) {
	b, aerr := readBody(r)
	if aerr != nil {
		return nil, aerr
	}
	return b, b.requireProduct()
}

// firstFilePart returns the file part of a multipart body, whatever its
// name ("file" or "profile_picture_file"), preferring "file".
func firstFilePart(files map[string][]*multipart.FileHeader) (string, []*multipart.FileHeader) {
	if fh := files["file"]; len(fh) > 0 {
		return "file", fh
	}
	for name, fh := range files {
		if len(fh) > 0 {
			return name, fh
		}
	}
	return "", nil
}
