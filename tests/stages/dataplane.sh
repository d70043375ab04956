#!/usr/bin/env bash
# Dataplane stage of run-tests: `bash tests/stages/dataplane.sh BUILD_DIR`.
#  1. tests/dataplane/probe_host.sh on this machine: the capability probe
#     must name what the kernel lacks (or say ok where ESP works);
#  2. tests/dataplane/two_gms.sh through tests/vm/run-in-kernel.sh: on this
#     kernel if it can do ESP, else in a VM booting Debian's kernel.
# Each is a TAP script run by automake's tap-driver; results go to
# BUILD_DIR/system/*.trs (counted by tests/lib/summary.sh) and *.log.
# Exits non-zero if any test point failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: dataplane.sh BUILD_DIR}" && pwd) || exit 1
out=$build/system
driver=$top/build-aux/tap-driver.sh
mkdir -p "$out"
[ -f "$driver" ] || { echo "dataplane: $driver missing (run autoreconf -fi)"; exit 1; }
make -C "$build" -s tests/dataplane/xfrm_drive >/dev/null || { echo "dataplane: cannot build xfrm_drive"; exit 1; }

run_tap() { # run_tap NAME COMMAND...
	local name=$1 t0=$SECONDS
	shift
	rm -f "$out/$name.log" "$out/$name.trs"
	env AM_TAP_AWK=awk bash "$driver" --test-name "$name" --log-file "$out/$name.log" \
		--trs-file "$out/$name.trs" --color-tests no --enable-hard-errors yes \
		--expect-failure no --merge -- "$@" </dev/null
	echo "dataplane: $name took $((SECONDS - t0)) s (log: $out/$name.log)"
	if grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$out/$name.trs"; then
		echo "dataplane: $name FAILED; end of its log:"
		tail -n 60 "$out/$name.log" | sed 's/^/  | /'
		return 1
	fi
}

status=0
run_tap probe_host bash "$top/tests/dataplane/probe_host.sh" "$build" || status=1
run_tap two_gms "$top/tests/vm/run-in-kernel.sh" -- bash "$top/tests/dataplane/two_gms.sh" "$build" || status=1
exit $status
