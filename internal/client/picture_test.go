package client

import (
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// partName returns the name of the file part of a recorded multipart upload.
func partName(t *testing.T, r recorded) string {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(strings.NewReader(string(r.Body)), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return ""
		}
		if p.FileName() != "" {
			return p.FormName()
		}
	}
}

// acceptsOnly answers like an API that knows a single picture part name.
func acceptsOnly(t *testing.T, name string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			t.Error(err)
		}
		if _, ok := r.MultipartForm.File[name]; !ok {
			write(w, 400, graphError(CodeInvalidParameter, "(#100) Invalid parameter", "The parameter "+name+" is required"))
			return
		}
		write(w, 200, `{"request_id":"ok"}`)
	}
}

func TestUpdateGroupPictureFallsBackToTheOtherPartNameOnce(t *testing.T) {
	f := newFakeAPI(t, acceptsOnly(t, "profile_picture_file"))
	c := newTestClient(t, f)
	for i := range 3 {
		if _, err := c.UpdateGroupPicture(bg(t), "G1", "p.jpg", []byte{0xFF, 0xD8}); err != nil {
			t.Fatalf("upload %d: %v", i, err)
		}
	}
	var names []string
	for _, r := range f.requests() {
		names = append(names, partName(t, r))
	}
	// The documented name first, the other once, then only the one that worked.
	if strings.Join(names, ",") != "file,profile_picture_file,profile_picture_file,profile_picture_file" {
		t.Fatalf("part names sent: %v", names)
	}
}

func TestUpdateGroupPictureKeepsFileWhenAccepted(t *testing.T) {
	f := newFakeAPI(t, acceptsOnly(t, "file"))
	c := newTestClient(t, f)
	if _, err := c.UpdateGroupPicture(bg(t), "G1", "p.jpg", []byte{0xFF, 0xD8}); err != nil {
		t.Fatal(err)
	}
	if got := partName(t, f.only()); got != "file" {
		t.Fatalf("part %q", got)
	}
}

// Other refusals of the picture (size, ratio) are reported at once, and a
// server that knows neither name gets the first refusal back.
func TestUpdateGroupPictureOtherErrorsAreNotRetriedUnderTheOtherName(t *testing.T) {
	f := newFakeAPI(t, reply(400, graphError(CodeInvalidParameter, "(#100) Invalid parameter", "The file is larger than 5 MB")))
	_, err := newTestClient(t, f).UpdateGroupPicture(bg(t), "G1", "p.jpg", []byte{1})
	if !HasCode(err, CodeInvalidParameter) {
		t.Fatalf("err = %v", err)
	}
	f.only()

	f = newFakeAPI(t, reply(400, graphError(CodeInvalidParameter, "(#100) Invalid parameter", "The parameter file is required")))
	_, err = newTestClient(t, f).UpdateGroupPicture(bg(t), "G1", "p.jpg", []byte{1})
	if err == nil || len(f.requests()) != 2 {
		t.Fatalf("err = %v after %d requests, want an error after 2", err, len(f.requests()))
	}
}
