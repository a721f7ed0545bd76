# shellcheck shell=bash
# Helpers to run the d360 API emulator as a separate server on a free
# loopback port. Sourced by scripts/demo.sh and .ci/run.
#
# The emulator is asked to listen on port 0, so the kernel picks a free port
# and no other process can race for it; the address comes from the line the
# emulator prints once it accepts connections:
#   d360-emulator listening on http://127.0.0.1:PORT

# emulator_build OUT_BINARY builds cmd/d360-emulator.
emulator_build() {
	go build -o "$1" ./cmd/d360-emulator
}

# emulator_start BINARY LOGFILE API_KEY [EXTRA FLAGS...] starts the emulator
# in the background and waits until it listens. It sets EMULATOR_PID and
# EMULATOR_URL. The key goes to the emulator as a flag only; it is never
# printed.
emulator_start() {
	local binary=$1 log=$2 key=$3
	shift 3
	"$binary" -addr 127.0.0.1:0 -api-key "$key" "$@" >"$log" 2>&1 &
	EMULATOR_PID=$!
	EMULATOR_URL=
	local i line
	for ((i = 0; i < 300; i++)); do
		line=$(grep -m1 -o 'listening on http://[^[:space:]]*' "$log" 2>/dev/null || true)
		if [[ -n $line ]]; then
			EMULATOR_URL=${line#listening on }
			return 0
		fi
		if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
			echo "error: the emulator exited before it was listening; its log:" >&2
			sed 's/^/  | /' "$log" >&2
			EMULATOR_PID=
			return 1
		fi
		sleep 0.1
	done
	echo "error: the emulator did not report listening within 30 s; its log:" >&2
	sed 's/^/  | /' "$log" >&2
	return 1
}

# emulator_stop stops the emulator started by emulator_start, if any.
emulator_stop() {
	if [[ -n ${EMULATOR_PID:-} ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
		kill "$EMULATOR_PID" 2>/dev/null || true
		wait "$EMULATOR_PID" 2>/dev/null || true
	fi
	EMULATOR_PID=
}

# emulator_admin PATH prints the body of GET EMULATOR_URL/_emulator/PATH, the
# emulator's admin surface (no API key needed; not part of the 360dialog API).
emulator_admin() {
	curl --silent --show-error --fail-with-body "$EMULATOR_URL/_emulator/$1"
}

# random_key prints a throwaway API key for a local emulator.
random_key() {
	printf 'local-%s' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
}
