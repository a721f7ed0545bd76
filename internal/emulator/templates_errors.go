package emulator

import (
	"encoding/json"
	"net/http"
)

// writeTemplateError answers a template endpoint failure the way 360dialog
// does whatever the error style of the group endpoints (CONTRACT.md §7.4):
// its own `meta` envelope with the Meta error embedded as a string, HTTP 400
// for a refused request; an unknown template on delete is a plain 404 in the
// same envelope.
func writeTemplateError(w http.ResponseWriter, a *apiError) {
	body := metaBody{HTTPCode: a.status, DeveloperMessage: a.details, TraceID: randomAlnum(20)}
	if a.code != 0 {
		raw, _ := json.Marshal(a.graph(Dialect{}))
		body.DeveloperMessage = "Invalid payload (" + string(raw) + ")"
		body.Error = string(raw)
	}
	writeJSON(w, a.status, metaEnvelope{Meta: body})
}
