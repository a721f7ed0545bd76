package main

import (
	"flag"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// dialectFlags registers one flag per reading of internal/emulator's Dialect
// and -profile, a probe's JSON answers (d360-probe -out). It returns the
// function that builds the dialect once the flags are parsed: the profile
// first, then every flag given on the command line on top of it.
func dialectFlags(fs *flag.FlagSet) func() (emulator.Dialect, error) {
	profile := fs.String("profile", "", "JSON file written by d360-probe -out: speak exactly the readings a real number showed")
	notFound := fs.String("not-found", "", "unknown group answer: 131041 (default), 100/33 or http_<status>")
	errorData := fs.String("error-data", "", "error_data form: object (default) or string")
	createdAt := fs.String("created-at", "", "created_at in the group list: int (default), numeric_string or rfc3339")
	pictureField := fs.String("picture-field", "", "multipart part name of a profile picture: file (default) or profile_picture_file")
	trim := fs.Bool("trim-description", false, "trim descriptions as subjects are trimmed")
	omitDefaults := fs.Bool("omit-defaults", false, "leave join_approval_mode (auto_approve) and suspended (false) out of a group GET when they hold their defaults")
	modeBool := fs.Bool("join-approval-mode-bool", false, "answer join_approval_mode as a boolean (true = approval required)")
	jrPage := fs.Int("join-requests-page-size", 0, "fixed page size of the join requests listing, whatever limit says (0 = honour limit)")
	jrRefuse := fs.Bool("join-requests-refuse-limit", false, "refuse a limit parameter on the join requests listing (code 100)")
	removalsLater := fs.Bool("removals-reported-later", false, "answer participant removals with only a request id and report failures by webhook only")
	return func() (emulator.Dialect, error) {
		var d emulator.Dialect
		if *profile != "" {
			var err error
			if d, err = emulator.LoadDialect(*profile); err != nil {
				return d, err
			}
		}
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "create-response":
				d.CreateResponse = f.Value.String()
			case "error-style":
				d.ErrorEnvelope = f.Value.String()
			case "not-found":
				d.NotFound = *notFound
			case "error-data":
				d.ErrorData = *errorData
			case "created-at":
				d.CreatedAt = *createdAt
			case "picture-field":
				d.PictureField = *pictureField
			case "trim-description":
				d.DescriptionTrimmed = trim
			case "omit-defaults":
				d.OmitsDefaults = omitDefaults
			case "join-approval-mode-bool":
				d.JoinApprovalModeBool = *modeBool
			case "join-requests-page-size":
				d.JoinRequestsPageSize = *jrPage
			case "join-requests-refuse-limit":
				d.JoinRequestsRefuseLimit = *jrRefuse
			case "removals-reported-later":
				d.RemovalsReportedLater = *removalsLater
			}
		})
		return d, d.Validate()
	}
}
