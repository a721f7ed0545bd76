#!/usr/bin/env bash
# make test-modules: `terraform test` for every module under examples/modules
# that has a tests/ directory, against the provider built from this checkout
# and a local emulator of the API.
#
#   1. build the provider into a plugin directory and the emulator
#   2. start the emulator on a free loopback port with short delays
#   3. per module: copy it to a scratch directory (no .terraform in the tree),
#      `terraform init -plugin-dir`, `terraform test` with D360_BASE_URL and
#      D360_API_KEY pointing at the emulator; mock_provider files run too
#   4. check with the emulator's admin API that the integration runs really
#      created groups and that nothing is left after Terraform's teardown
#
# Environment: TERRAFORM (default /usr/local/bin/terraform); TEST_ARGS, extra
# arguments for `terraform test` (for example "-filter=tests/plan.tftest.hcl"
# or "-verbose").
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
read -r -a test_args <<<"${TEST_ARGS:-}"
command -v "$TERRAFORM" >/dev/null || {
	echo "error: Terraform not found at $TERRAFORM (set TERRAFORM=/path/to/terraform)" >&2
	exit 1
}
color_flag=()
[[ -t 1 ]] || color_flag=(-no-color)

mapfile -t modules < <(find examples/modules -mindepth 2 -maxdepth 2 -type d -name tests -exec dirname {} \; | sort)
if ((${#modules[@]} == 0)); then
	echo "error: no module with a tests/ directory under examples/modules" >&2
	exit 1
fi

TMP=$(mktemp -d)
on_exit() {
	local rc=$?
	emulator_stop
	if ((rc != 0)) && [[ -s $TMP/emulator.log ]]; then
		echo "the emulator's log:" >&2
		tail -n 20 "$TMP/emulator.log" | sed 's/^/  | /' >&2
	fi
	rm -rf "$TMP"
	exit "$rc"
}
trap on_exit EXIT

plugin_dir_build "$TMP/plugins"
emulator_build "$TMP/d360-emulator"
plugin_dir_env "$TMP"

D360_API_KEY=$(random_key)
# Short delays keep the suite fast while still exercising the asynchronous
# create and delete paths.
emulator_start "$TMP/d360-emulator" "$TMP/emulator.log" "$D360_API_KEY" \
	-create-delay 200ms -delete-delay 100ms -update-delay 50ms
export D360_API_KEY D360_BASE_URL=$EMULATOR_URL

for module in "${modules[@]}"; do
	printf '\n==> terraform test in %s (emulator at %s)\n' "$module" "$EMULATOR_URL"
	work=$TMP/work/$module
	mkdir -p "$work"
	cp -R "$module/." "$work/"
	rm -rf "$work/.terraform" "$work/.terraform.lock.hcl"
	curl -fsS -X POST "$EMULATOR_URL/_emulator/reset" >/dev/null

	plugin_dir_init "$TERRAFORM" "$TMP/plugins" "$work"
	rc=0
	"$TERRAFORM" -chdir="$work" test "${color_flag[@]}" "${test_args[@]}" || rc=$?
	if ((rc != 0)); then
		# Say whether the failed suite also left objects behind.
		emulator_assert_empty "the failed terraform test in $module" || true
		echo "error: terraform test failed in $module (exit $rc)" >&2
		exit "$rc"
	fi

	# A suite whose integration runs were skipped or mocked by mistake would
	# pass without touching the API: require real creations, then a clean
	# emulator after Terraform's teardown.
	creates=$(emulator_calls groups.create)
	if [[ -z ${TEST_ARGS:-} ]] && ((creates == 0)); then
		echo "error: terraform test in $module created no group on the emulator: its integration runs did not run" >&2
		exit 1
	fi
	echo "$module: the integration runs created $creates group(s) on the emulator"
	emulator_assert_empty "terraform test in $module"
done
