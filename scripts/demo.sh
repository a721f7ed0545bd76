#!/usr/bin/env bash
# make demo: a real Terraform run of the example scenario against a local
# emulator of the 360dialog API, from a fresh machine and without network.
#
#   1. build the provider and the emulator into .demo/bin
#   2. start the emulator on a free loopback port with realistic delays
#      (group creation takes 2 s, deletion 1 s, as the real API is asynchronous)
#   3. point Terraform at the local build (dev_overrides, no `terraform init`)
#   4. apply examples/scenarios/community, show outputs and what the API saw
#   5. prove the plan is empty, destroy, prove the emulator holds no group
#
# Environment: TERRAFORM (default /usr/local/bin/terraform), DEMO_SCENARIO
# (another scenario directory, relative to the repository root), BACKEND
# (360dialog, the default, or meta: the same scenario through Meta's Cloud
# API routes with a Bearer token, which the emulator serves too).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/emulator.sh
source scripts/lib/emulator.sh

TERRAFORM=${TERRAFORM:-/usr/local/bin/terraform}
SCENARIO=${DEMO_SCENARIO:-examples/scenarios/community}
BACKEND=${BACKEND:-360dialog}
DEMO=$ROOT/.demo

# Colour only on a terminal: CI logs stay readable.
if [[ -t 1 ]]; then
	bold=$'\033[1m' plain=$'\033[0m' color_flag=()
else
	bold= plain= color_flag=(-no-color)
fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
fail() {
	echo "demo failed: $*" >&2
	exit 1
}

command -v "$TERRAFORM" >/dev/null || fail "Terraform not found at $TERRAFORM (set TERRAFORM=/path/to/terraform)"
command -v curl >/dev/null || fail "curl is needed to read the emulator's counters"
[[ -d $SCENARIO ]] || fail "scenario directory $SCENARIO does not exist"
[[ $BACKEND == 360dialog || $BACKEND == meta ]] || fail "BACKEND must be 360dialog or meta, not '$BACKEND'"

rm -rf "$DEMO"
mkdir -p "$DEMO/bin" "$DEMO/work"
on_exit() {
	local rc=$?
	emulator_stop
	if ((rc != 0)); then
		echo "make demo failed (exit $rc). The emulator is stopped; its log is .demo/emulator.log, the configuration .demo/work." >&2
	fi
}
trap on_exit EXIT

step "Building the provider and the emulator into .demo/bin"
go build -trimpath -ldflags "-X main.version=demo" -o "$DEMO/bin/terraform-provider-d360" .
emulator_build "$DEMO/bin/d360-emulator"

step "Starting the API emulator, $BACKEND side (create delay 2s, delete delay 1s)"
# The emulator serves 360dialog's paths and Meta's at once; each backend
# gets only its own credential.
api_key=$(random_key)
access_token=$(random_key)
emulator_start "$DEMO/bin/d360-emulator" "$DEMO/emulator.log" "$api_key" -access-token "$access_token" \
	-create-delay 2s -delete-delay 1s -update-delay 500ms
echo "emulator listening on $EMULATOR_URL (pid $EMULATOR_PID, log .demo/emulator.log)"

# The provider reads these like it would for the real API; only the URL
# differs. Set TF_CLI_CONFIG_FILE explicitly: some environments point it at a
# file that does not exist, and the dev override must win over the registry.
unset D360_API_KEY D360_BASE_URL WHATSAPP_ACCESS_TOKEN WHATSAPP_PHONE_NUMBER_ID WHATSAPP_BUSINESS_ACCOUNT_ID WHATSAPP_BASE_URL
if [[ $BACKEND == meta ]]; then
	export WHATSAPP_ACCESS_TOKEN=$access_token WHATSAPP_BASE_URL=$EMULATOR_URL
	export WHATSAPP_PHONE_NUMBER_ID=106540352242922 WHATSAPP_BUSINESS_ACCOUNT_ID=102290129340398 # the emulator's defaults
else
	export D360_API_KEY=$api_key D360_BASE_URL=$EMULATOR_URL
fi
cat >"$DEMO/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/d360/d360" = "$DEMO/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE=$DEMO/terraformrc
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

step "Copying $SCENARIO to .demo/work"
cp -R "$SCENARIO/." "$DEMO/work/"
rm -rf "$DEMO/work/.terraform" "$DEMO/work/.terraform.lock.hcl" "$DEMO/work"/terraform.tfstate*
if [[ $BACKEND == meta ]]; then
	# An override file merges into the scenario's provider block, which
	# stays as written; the rest comes from the WHATSAPP_* variables.
	printf 'provider "d360" {\n  backend = "meta"\n}\n' >"$DEMO/work/backend_override.tf"
	echo "backend = \"meta\" (backend_override.tf); settings from WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_BUSINESS_ACCOUNT_ID"
fi
tf() { "$TERRAFORM" -chdir="$DEMO/work" "$@"; }
# The dev_overrides warning repeats on every command; keep it to one line.
tf_run() { tf "$1" -compact-warnings "${color_flag[@]}" "${@:2}"; }

# With dev_overrides, `terraform init` is skipped on purpose: it would try to
# reach the registry for the overridden provider.
step "terraform apply (creates the group, waits for the asynchronous API)"
started=$SECONDS
tf_run apply -auto-approve
echo "apply took $((SECONDS - started)) s"

step "terraform output (sensitive values stay hidden)"
tf output "${color_flag[@]}"

step "What the API saw (calls per operation, counted by the emulator)"
counters=$(emulator_admin counters)
if command -v jq >/dev/null; then
	jq -r '.calls | to_entries[] | "  \(.key): \(.value)"' <<<"$counters"
	jq -r '"  total: \(.total)"' <<<"$counters"
else
	echo "$counters"
fi

step "terraform plan -detailed-exitcode (an empty plan proves the state matches the API)"
set +e
tf_run plan -detailed-exitcode
rc=$?
set -e
case $rc in
0) echo "plan is empty" ;;
2) fail "the plan after apply is not empty" ;;
*) fail "terraform plan failed (exit $rc)" ;;
esac

step "terraform destroy"
tf_run destroy -auto-approve

step "Checking that the emulator holds no group and no template"
groups=$(emulator_admin groups)
templates=$(emulator_admin templates)
counters=$(emulator_admin counters)
if command -v jq >/dev/null; then
	count=$(jq -e 'arrays | length' <<<"$groups") || fail "unexpected answer from /_emulator/groups: $groups"
	tcount=$(jq -e 'arrays | length' <<<"$templates") || fail "unexpected answer from /_emulator/templates: $templates"
	pending=$(jq -e '.pending_creates' <<<"$counters") || fail "unexpected answer from /_emulator/counters: $counters"
else
	count=$(grep -o '"id"' <<<"$groups" | wc -l | tr -d ' ')
	tcount=$(grep -o '"name"' <<<"$templates" | wc -l | tr -d ' ')
	pending=$(sed -n 's/.*"pending_creates":\([0-9]*\).*/\1/p' <<<"$counters")
fi
[[ $count == 0 && $pending == 0 ]] || fail "after destroy the emulator holds $count group(s) and $pending pending creation(s): $groups"
[[ $tcount == 0 ]] || fail "after destroy the emulator holds $tcount template(s): $templates"
echo "no groups and no templates left"

step "Checking that only the $BACKEND credential was sent"
if command -v jq >/dev/null; then
	read -r sent_key sent_bearer < <(jq -r '"\(.auth_headers.d360_api_key) \(.auth_headers.bearer)"' <<<"$counters")
else
	sent_key=$(sed -n 's/.*"d360_api_key":\([0-9]*\).*/\1/p' <<<"$counters")
	sent_bearer=$(sed -n 's/.*"bearer":\([0-9]*\).*/\1/p' <<<"$counters")
fi
echo "calls with D360-API-KEY: $sent_key, with Authorization: Bearer: $sent_bearer"
if [[ $BACKEND == meta ]]; then
	[[ $sent_key == 0 && $sent_bearer -gt 0 ]] || fail "the meta backend must authenticate with the Bearer token only"
else
	[[ $sent_bearer == 0 && $sent_key -gt 0 ]] || fail "the 360dialog backend must authenticate with its API key only"
fi

step "Demo finished ($BACKEND backend): apply, empty plan and destroy against the local emulator all succeeded"
