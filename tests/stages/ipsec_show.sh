#!/usr/bin/env bash
# IPsec show stage of run-tests: `bash tests/stages/ipsec_show.sh BUILD_DIR`.
#  1. tests/dataplane/ipsec_show.sh unavailable on this machine: without
#     ESP, `show crypto ipsec sa` reports the dataplane unavailable (a
#     kernel with ESP makes it a skip, which CI counts as a failure);
#  2. tests/dataplane/ipsec_show.sh counters through tests/vm/run-in-kernel.sh:
#     the counters shown match the packets the test sent.
# TAP scripts run by automake's tap-driver; results in BUILD_DIR/system/*.trs
# (counted by tests/lib/summary.sh) and *.log. Exits non-zero if a test point failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: ipsec_show.sh BUILD_DIR}" && pwd) || exit 1
out=$build/system
driver=$top/build-aux/tap-driver.sh
mkdir -p "$out"
[ -f "$driver" ] || { echo "ipsec_show: $driver missing (run autoreconf -fi)"; exit 1; }
make -C "$build" -s daemon/getvpnd shell/getvpnsh >/dev/null || { echo "ipsec_show: cannot build"; exit 1; }

run_tap() { # run_tap NAME COMMAND...
	local name=$1 t0=$SECONDS
	shift
	rm -f "$out/$name.log" "$out/$name.trs"
	env AM_TAP_AWK=awk bash "$driver" --test-name "$name" --log-file "$out/$name.log" \
		--trs-file "$out/$name.trs" --color-tests no --enable-hard-errors yes \
		--expect-failure no --merge -- "$@" </dev/null
	echo "ipsec_show: $name took $((SECONDS - t0)) s (log: $out/$name.log)"
	if grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$out/$name.trs"; then
		echo "ipsec_show: $name FAILED; end of its log:"
		tail -n 60 "$out/$name.log" | sed 's/^/  | /'
		return 1
	fi
}

status=0
run_tap ipsec_show_unavailable env top_srcdir="$top" top_builddir="$build" \
	bash "$top/tests/dataplane/ipsec_show.sh" unavailable || status=1
run_tap ipsec_show_counters "$top/tests/vm/run-in-kernel.sh" -- \
	env top_srcdir="$top" top_builddir="$build" bash "$top/tests/dataplane/ipsec_show.sh" counters ||
	status=1
exit $status
