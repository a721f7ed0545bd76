#!/usr/bin/env bash
# make many-numbers (part of make examples-check): apply
# examples/scenarios/many-numbers against two local emulators, one per phone
# number (each with its own API key, as 360dialog issues one key per
# number), check that each number got exactly its own communities, prove
# that the next plan is empty, destroy, and check that both emulators are
# empty.
#
# Environment: TERRAFORM (default /usr/local/bin/terraform).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/emulator.sh
source scripts/lib/emulator.sh
# shellcheck source=scripts/lib/emulator_empty.sh
source scripts/lib/emulator_empty.sh
# shellcheck source=scripts/lib/plugin_dir.sh
source scripts/lib/plugin_dir.sh

TERRAFORM=${TERRAFORM:-/usr/local/bin/terraform}
SCENARIO=examples/scenarios/many-numbers
command -v "$TERRAFORM" >/dev/null || {
	echo "error: Terraform not found at $TERRAFORM (set TERRAFORM=/path/to/terraform)" >&2
	exit 1
}
color_flag=()
[[ -t 1 ]] || color_flag=(-no-color)

TMP=$(mktemp -d)
US_PID= EU_PID=
on_exit() {
	local rc=$?
	EMULATOR_PID=$US_PID emulator_stop
	EMULATOR_PID=$EU_PID emulator_stop
	rm -rf "$TMP"
	exit "$rc"
}
trap on_exit EXIT

plugin_dir_build "$TMP/plugins"
emulator_build "$TMP/d360-emulator"
plugin_dir_env "$TMP"

# Two numbers, two servers, two keys: a request with one number's key at
# the other's server is refused, so a community sent through the wrong
# provider configuration fails the run.
us_key=$(random_key) eu_key=$(random_key)
emulator_start "$TMP/d360-emulator" "$TMP/us.log" "$us_key" -create-delay 200ms -delete-delay 100ms -update-delay 50ms
US_PID=$EMULATOR_PID US_URL=$EMULATOR_URL
emulator_start "$TMP/d360-emulator" "$TMP/eu.log" "$eu_key" -create-delay 200ms -delete-delay 100ms -update-delay 50ms
EU_PID=$EMULATOR_PID EU_URL=$EMULATOR_URL
echo "US number: emulator at $US_URL; EU number: emulator at $EU_URL"
export TF_VAR_us_api_key=$us_key TF_VAR_eu_api_key=$eu_key TF_VAR_us_base_url=$US_URL TF_VAR_eu_base_url=$EU_URL
# Neither configuration may fall back to a shared key or URL.
unset D360_API_KEY D360_BASE_URL

mkdir -p "$TMP/work"
cp -R examples "$TMP/work/"
work=$TMP/work/$SCENARIO
rm -rf "$work/.terraform" "$work/.terraform.lock.hcl" "$work"/terraform.tfstate*
plugin_dir_init "$TERRAFORM" "$TMP/plugins" "$work"
tf() { "$TERRAFORM" -chdir="$work" "$1" "${color_flag[@]}" "${@:2}"; }

printf '\n==> terraform apply\n'
tf apply -auto-approve

# subjects URL prints the sorted subjects of the groups on one emulator.
subjects() { EMULATOR_URL=$1 emulator_admin groups | grep -o '"subject":"[^"]*"' | cut -d'"' -f4 | sort | paste -sd, -; }
us_groups=$(subjects "$US_URL") eu_groups=$(subjects "$EU_URL")
echo "US number holds [$us_groups]; EU number holds [$eu_groups]"
if [[ $us_groups != "Acme beta testers (US),Acme support (US)" || $eu_groups != "Acme support (EU)" ]]; then
	echo "error: the communities did not land on their own numbers" >&2
	exit 1
fi

printf '\n==> terraform plan -detailed-exitcode (must be empty)\n'
set +e
tf plan -detailed-exitcode
rc=$?
set -e
case $rc in
0) echo "plan is empty" ;;
2)
	echo "error: the plan after apply is not empty" >&2
	exit 1
	;;
*)
	echo "error: terraform plan failed (exit $rc)" >&2
	exit 1
	;;
esac

printf '\n==> terraform destroy\n'
tf destroy -auto-approve

EMULATOR_URL=$US_URL emulator_assert_empty "destroy (US number)"
EMULATOR_URL=$EU_URL emulator_assert_empty "destroy (EU number)"
echo "many-numbers: apply, empty plan and destroy succeeded on both numbers"
