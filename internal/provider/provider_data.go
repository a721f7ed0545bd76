package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/groupcreate"
)

// providerData is what Configure hands to every resource and data source:
// one client and one group-creation coordinator per provider process, so
// parallel creates share a single list poller.
type providerData struct {
	client  *client.Client
	creator *groupcreate.Coordinator
	timing  Timing
}

func newProviderData(c *client.Client, timing Timing) *providerData {
	return &providerData{
		client:  c,
		creator: groupcreate.New(c, createPollOptions(timing)),
		timing:  timing,
	}
}

// createPollOptions derives the group-creation poller's pace from the
// provider's timing. Every create waits for its group, so a new group is
// first looked for sooner than other asynchronous changes are polled
// (PollInitial/4, then growing by half up to PollMax); the list scans are
// shared by every pending create and spaced at least PollInitial/2 apart, so
// their cost is bounded by time whatever the number of creates.
func createPollOptions(timing Timing) groupcreate.Options {
	return groupcreate.Options{
		PollInitial: timing.PollInitial / 4,
		ScanSpacing: timing.PollInitial / 2,
		PollMax:     timing.PollMax,
	}
}

// providerDataFrom converts the value given to a Configure method. A nil
// value is normal (the provider is not configured yet, or its configuration
// has unknown values during plan) and yields nil without an error.
func providerDataFrom(v any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if v == nil {
		return nil, diags
	}
	data, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", v))
		return nil, diags
	}
	return data, diags
}

// requireConfigured reports an error when an operation needs the API but the
// provider could not be configured (unknown values in its configuration).
func requireConfigured(data *providerData) diag.Diagnostics {
	var diags diag.Diagnostics
	if data == nil {
		diags.AddError("Provider not configured",
			"The d360 provider configuration is not known yet (it depends on values known only after apply), "+
				"so the API cannot be called. Apply the resources it depends on first, or set D360_API_KEY and D360_BASE_URL.")
	}
	return diags
}
