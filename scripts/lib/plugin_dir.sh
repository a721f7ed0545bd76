# shellcheck shell=bash
# Helpers to run Terraform against the provider built from this checkout
# through `terraform init -plugin-dir`, fully offline. Sourced by
# scripts/module-test.sh, scripts/validate-examples.sh and
# scripts/scenario-many-numbers.sh.
#
# dev_overrides (scripts/demo.sh) skip `terraform init`, but a configuration
# that calls a module, and `terraform test`, need init; a plain init would ask
# the registry. A plugin directory laid out like a registry mirror lets init
# install the local build instead:
#   DIR/registry.terraform.io/d360/d360/VERSION/OS_ARCH/terraform-provider-d360_vVERSION

# PLUGIN_VERSION is the version the local build is installed as. Examples
# and the module do not constrain the version, so any value installs.
PLUGIN_VERSION=${PLUGIN_VERSION:-0.0.1}

# plugin_dir_build DIR builds the provider into the plugin directory DIR,
# under Terraform's registry host and, hard-linked (no copy), under
# OpenTofu's: OpenTofu reads source "d360/d360" as registry.opentofu.org/d360/d360.
plugin_dir_build() {
	local dir=$1 platform rel
	platform=$(go env GOOS)_$(go env GOARCH)
	rel=d360/d360/$PLUGIN_VERSION/$platform/terraform-provider-d360_v$PLUGIN_VERSION
	go build -trimpath -ldflags "-X main.version=$PLUGIN_VERSION" -o "$dir/registry.terraform.io/$rel" .
	mkdir -p "$(dirname "$dir/registry.opentofu.org/$rel")"
	ln -f "$dir/registry.terraform.io/$rel" "$dir/registry.opentofu.org/$rel"
}

# plugin_dir_env SCRATCH prepares the environment for Terraform commands
# that init from a plugin directory: an empty CLI configuration written to
# SCRATCH (a dev_overrides block in the user's own configuration would make
# init ask the registry), no prompts, no update check.
plugin_dir_env() {
	: >"$1/terraformrc"
	export TF_CLI_CONFIG_FILE=$1/terraformrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
}

# plugin_dir_init TERRAFORM PLUGIN_DIR WORKDIR [EXTRA INIT FLAGS...] runs
# terraform init in WORKDIR from PLUGIN_DIR only, quietly unless it fails.
plugin_dir_init() {
	local terraform=$1 plugins=$2 work=$3 out
	shift 3
	if ! out=$("$terraform" -chdir="$work" init -input=false -no-color -plugin-dir="$plugins" "$@" 2>&1); then
		printf '%s\n' "$out" >&2
		return 1
	fi
}
