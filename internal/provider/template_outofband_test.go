package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Templates made and inspected "by hand", as a person with the same key
// would: seeded in the emulator, through the API in live mode.

// seedTemplate makes tpl exist before a test's first step. The emulator
// stores it as given (status included); in live mode it is created through
// the API (so it gets whatever status WhatsApp's review gives it), the test
// waits until the listing shows it, and deletes its name at the end.
func (e *accEnv) seedTemplate(t *testing.T, tpl emulator.Template) {
	t.Helper()
	if e.Emulator != nil {
		e.Emulator.SeedTemplate(tpl)
		return
	}
	if !strings.HasPrefix(tpl.Name, testTemplatePrefix) {
		t.Fatalf("live mode creates only templates named %s...: %q", testTemplatePrefix, tpl.Name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.timing.CreateTimeout)
	defer cancel()
	c := e.apiClient()
	in := client.CreateTemplateInput{Name: tpl.Name, Language: tpl.Language, Category: tpl.Category,
		LibraryTemplateName: tpl.LibraryTemplateName, Components: tpl.Components}
	if tpl.AllowCategoryChange {
		in.AllowCategoryChange = &tpl.AllowCategoryChange
	}
	if _, err := c.CreateTemplate(ctx, in); err != nil {
		t.Fatalf("seeding template %s/%s: %v", tpl.Name, tpl.Language, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteTemplate(context.Background(), tpl.Name); err != nil && !client.IsNotFound(err) {
			t.Errorf("deleting seeded template %s: %v", tpl.Name, err)
		}
	})
	for {
		listed, err := e.templatesNamed(tpl.Name)
		if err == nil && slices.ContainsFunc(listed, func(l client.Template) bool { return l.Language == tpl.Language }) {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("seeded template %s/%s never listed: %v", tpl.Name, tpl.Language, err)
		}
		time.Sleep(e.timing.PollInitial)
	}
}

// templatesNamed lists the templates called name: every one the emulator
// holds, or those the API lists that are not on their way out.
func (e *accEnv) templatesNamed(name string) ([]client.Template, error) {
	var all []client.Template
	if e.Emulator != nil {
		for _, tpl := range e.Emulator.Templates() {
			all = append(all, client.Template{ID: tpl.ID, Name: tpl.Name, Language: tpl.Language, Category: tpl.Category,
				Status: tpl.Status, Components: tpl.Components, LibraryTemplateName: tpl.LibraryTemplateName})
		}
	} else {
		var err error
		if all, err = e.apiClient().ListTemplates(context.Background(), client.TemplateFilter{Name: name}); err != nil {
			return nil, err
		}
	}
	var out []client.Template
	for _, tpl := range all {
		gone := strings.EqualFold(tpl.Status, "pending_deletion") || strings.EqualFold(tpl.Status, "deleted")
		if tpl.Name == name && (e.Emulator != nil || !gone) {
			out = append(out, tpl)
		}
	}
	return out, nil
}

// expectTemplates checks the languages the template name exists in: in the
// emulator's order against the emulator, in any order in live mode (the
// listing's order is the API's).
func (e *accEnv) expectTemplates(name string, languages ...string) func() error {
	if e.Emulator != nil {
		return expectTemplates(e.Emulator, name, languages...)
	}
	return func() error {
		listed, err := e.templatesNamed(name)
		if err != nil {
			return err
		}
		var got []string
		for _, tpl := range listed {
			got = append(got, tpl.Language)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(languages))
		if !slices.Equal(got, want) {
			return fmt.Errorf("the API lists %s in languages %v, want %v", name, got, want)
		}
		return nil
	}
}

// templateHolds checks that every listed language of name has components
// containing text (the API's copy of what Terraform sent).
func (e *accEnv) templateHolds(name, text string) func() error {
	return func() error {
		listed, err := e.templatesNamed(name)
		if err != nil {
			return err
		}
		for _, tpl := range listed {
			if !strings.Contains(string(tpl.Components), text) {
				return fmt.Errorf("the API holds other components for %s/%s: %s", name, tpl.Language, tpl.Components)
			}
		}
		return nil
	}
}

// noTemplateNameReuse is a TestStep.SkipFunc for a step that deletes a
// template name and creates it again: Meta refuses a deleted name for 30
// days, so such a step runs against the emulator only.
func (e *accEnv) noTemplateNameReuse() (bool, error) { return e.Emulator == nil, nil }
