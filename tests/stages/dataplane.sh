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
. "$(dirname "$0")/../lib/stage.sh" dataplane "${1:-}"
stage_build tests/dataplane/xfrm_drive

status=0
stage_tap probe_host bash "$top/tests/dataplane/probe_host.sh" "$build" || status=1
stage_tap two_gms "$top/tests/vm/run-in-kernel.sh" -- bash "$top/tests/dataplane/two_gms.sh" "$build" || status=1
exit $status
