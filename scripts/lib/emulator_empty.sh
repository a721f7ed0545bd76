# shellcheck shell=bash
# emulator_assert_empty LABEL fails unless the emulator at EMULATOR_URL
# (scripts/lib/emulator.sh) holds no group, no template and no pending group
# creation: the proof that a run cleaned up after itself. LABEL names the
# run in the messages.
emulator_assert_empty() {
	local label=$1 groups templates counters ngroups ntemplates pending
	groups=$(emulator_admin groups) || return 1
	templates=$(emulator_admin templates) || return 1
	counters=$(emulator_admin counters) || return 1
	if command -v jq >/dev/null; then
		ngroups=$(jq -e 'arrays | length' <<<"$groups") || ngroups="?"
		ntemplates=$(jq -e 'arrays | length' <<<"$templates") || ntemplates="?"
		pending=$(jq -e '.pending_creates' <<<"$counters") || pending="?"
	else
		ngroups=$(grep -o '"id"' <<<"$groups" | wc -l | tr -d ' ')
		ntemplates=$(grep -o '"name"' <<<"$templates" | wc -l | tr -d ' ')
		pending=$(sed -n 's/.*"pending_creates":\([0-9]*\).*/\1/p' <<<"$counters")
	fi
	if [[ $ngroups != 0 || $ntemplates != 0 || $pending != 0 ]]; then
		echo "error: after $label the emulator holds $ngroups group(s), $ntemplates template(s) and $pending pending creation(s)" >&2
		echo "  groups: $groups" >&2
		echo "  templates: $templates" >&2
		return 1
	fi
	echo "$label: no group, no template and no pending creation left"
}

# emulator_calls OPERATION prints how many calls of OPERATION (for example
# groups.create) the emulator at EMULATOR_URL counted.
emulator_calls() {
	local counters n
	counters=$(emulator_admin counters) || return 1
	n=$(grep -o "\"$1\":[0-9]*" <<<"$counters" | cut -d: -f2)
	echo "${n:-0}"
}
