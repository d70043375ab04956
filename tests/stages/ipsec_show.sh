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
. "$(dirname "$0")/../lib/stage.sh" ipsec_show "${1:-}"
stage_build daemon/getvpnd shell/getvpnsh

status=0
stage_tap ipsec_show_unavailable env top_srcdir="$top" top_builddir="$build" \
	bash "$top/tests/dataplane/ipsec_show.sh" unavailable || status=1
stage_tap ipsec_show_counters "$top/tests/vm/run-in-kernel.sh" -- \
	env top_srcdir="$top" top_builddir="$build" bash "$top/tests/dataplane/ipsec_show.sh" counters ||
	status=1
exit $status
