package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/jpeg"
	"io/fs"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Profile picture rules (CONTRACT.md §1.3).
const (
	pictureMaxBytes = 5 * 1024 * 1024
	pictureMinSide  = 192
)

// readProfilePicture loads and checks a picture file against the API's rules,
// so a bad file fails at plan time without an API call (or, for a file that
// does not exist yet at plan time, at apply time before any API call).
func readProfilePicture(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a JPEG file", path)
	}
	if info.Size() > pictureMaxBytes {
		return nil, fmt.Errorf("the file is %d bytes; the API accepts at most 5 MB (%d bytes)", info.Size(), pictureMaxBytes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the file is not a JPEG image (the API accepts image/jpeg only): %w", err)
	}
	if cfg.Width != cfg.Height {
		return nil, fmt.Errorf("the image is %dx%d; it must be square", cfg.Width, cfg.Height)
	}
	if cfg.Width < pictureMinSide {
		return nil, fmt.Errorf("the image is %dx%d; it must be at least %dx%d", cfg.Width, cfg.Height, pictureMinSide, pictureMinSide)
	}
	return data, nil
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// profilePictureValidator applies readProfilePicture to the configured path.
type profilePictureValidator struct{}

func (profilePictureValidator) Description(context.Context) string {
	return "must name a square JPEG file of at least 192x192 pixels and at most 5 MB"
}

func (v profilePictureValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (profilePictureValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	_, err := readProfilePicture(req.ConfigValue.ValueString())
	if errors.Is(err, fs.ErrNotExist) {
		// Another resource of the same apply may write it: the apply checks it.
		return
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid profile picture", invalidPictureDetail(req.ConfigValue.ValueString(), err))
	}
}

func invalidPictureDetail(file string, err error) string {
	return fmt.Sprintf("profile_picture_file %q: %s. The picture must be a square JPEG of at least 192x192 pixels and at most 5 MB.", file, err)
}

// pictureToUpload reads the configured picture at apply time, when a file
// written during the apply exists at last. A plan that recorded the file's
// digest promised that content: a file changed since is refused rather than
// uploaded under the old digest.
func pictureToUpload(file, planned types.String) ([]byte, diag.Diagnostics) {
	var diags diag.Diagnostics
	data, err := readProfilePicture(file.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("profile_picture_file"), "Invalid profile picture", invalidPictureDetail(file.ValueString(), err))
		return nil, diags
	}
	if got := sha256Hex(data); !planned.IsUnknown() && !planned.IsNull() && got != planned.ValueString() {
		diags.AddAttributeError(path.Root("profile_picture_file"), "Profile picture changed since the plan",
			fmt.Sprintf("profile_picture_file %q has the SHA-256 %s now, but the plan being applied recorded %s. Plan again to upload the current file.",
				file.ValueString(), got, planned.ValueString()))
		return nil, diags
	}
	return data, diags
}

// pictureDigestModifier plans profile_picture_sha256 from the content of the
// configured file, so editing the picture file (same path) plans an in-place
// update. It reads the path from the configuration, not the plan: the plan
// keeps the previous path when the file only moved (samePictureModifier).
type pictureDigestModifier struct{}

func (pictureDigestModifier) Description(context.Context) string {
	return "records the SHA-256 of the configured picture file's content"
}

func (m pictureDigestModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (pictureDigestModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var file types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("profile_picture_file"), &file)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case file.IsUnknown():
		resp.PlanValue = types.StringUnknown()
	case file.IsNull():
		resp.PlanValue = types.StringNull()
	default:
		data, err := readProfilePicture(file.ValueString())
		if err != nil {
			// The validator reports the problem; plan the value as unknown.
			resp.PlanValue = types.StringUnknown()
			return
		}
		resp.PlanValue = types.StringValue(sha256Hex(data))
	}
}
