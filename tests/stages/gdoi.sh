#!/usr/bin/env bash
# GDOI stage of run-tests: `bash tests/stages/gdoi.sh BUILD_DIR`.
# tests/gdoi/dataplane.sh (real key server and members whose group SA
# carries a ping as ESP) needs a kernel with ESP, so it runs through
# tests/vm/run-in-kernel.sh: here if this kernel can, else in a VM booting
# Debian's kernel. The other tests/gdoi scripts run under `make check`.
# TAP through automake's tap-driver; results in BUILD_DIR/system/*.trs
# (counted by tests/lib/summary.sh). Exits non-zero if a test point failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: gdoi.sh BUILD_DIR}" && pwd) || exit 1
out=$build/system
driver=$top/build-aux/tap-driver.sh
mkdir -p "$out"
[ -f "$driver" ] || { echo "gdoi: $driver missing (run autoreconf -fi)"; exit 1; }
make -C "$build" -s daemon/getvpnd shell/getvpnsh >/dev/null || { echo "gdoi: cannot build"; exit 1; }

name=gdoi_dataplane
t0=$SECONDS
rm -f "$out/$name.log" "$out/$name.trs"
env AM_TAP_AWK=awk bash "$driver" --test-name "$name" --log-file "$out/$name.log" \
	--trs-file "$out/$name.trs" --color-tests no --enable-hard-errors yes \
	--expect-failure no --merge -- \
	"$top/tests/vm/run-in-kernel.sh" -- \
	env top_srcdir="$top" top_builddir="$build" bash "$top/tests/gdoi/dataplane.sh" </dev/null
echo "gdoi: $name took $((SECONDS - t0)) s (log: $out/$name.log)"
if grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$out/$name.trs"; then
	echo "gdoi: $name FAILED; end of its log:"
	tail -n 60 "$out/$name.log" | sed 's/^/  | /'
	exit 1
fi
exit 0
