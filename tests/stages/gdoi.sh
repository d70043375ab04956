#!/usr/bin/env bash
# GDOI stage of run-tests: `bash tests/stages/gdoi.sh BUILD_DIR`.
# tests/gdoi/dataplane.sh (real key server and members whose group SA
# carries a ping as ESP) and tests/gdoi/dataplane_lan.sh (the same with LAN
# hosts behind the members: wire format, injection, rekeys under a stream,
# counters, multicast, clean stop) need a kernel with ESP, so they run through
# tests/vm/run-in-kernel.sh: here if this kernel can, else in a VM booting
# Debian's kernel. The other tests/gdoi scripts run under `make check`.
# TAP through automake's tap-driver; results in BUILD_DIR/system/*.trs
# (counted by tests/lib/summary.sh). Exits non-zero if a test point failed.
set -u
. "$(dirname "$0")/../lib/stage.sh" gdoi "${1:-}"
stage_build daemon/getvpnd shell/getvpnsh

status=0
stage_tap gdoi_dataplane "$top/tests/vm/run-in-kernel.sh" -- \
	env top_srcdir="$top" top_builddir="$build" bash "$top/tests/gdoi/dataplane.sh" || status=1
stage_tap gdoi_dataplane_lan "$top/tests/vm/run-in-kernel.sh" -- \
	env top_srcdir="$top" top_builddir="$build" bash "$top/tests/gdoi/dataplane_lan.sh" || status=1
exit $status
