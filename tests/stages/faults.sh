#!/usr/bin/env bash
# Fault stage of run-tests: `bash tests/stages/faults.sh BUILD_DIR`. Real
# key servers and members meet restarts, SIGKILL, netlink trouble, WAN loss
# and delay, and clock jumps (tests/faults/). They need a kernel with ESP
# (and sch_netem), so each runs through tests/vm/run-in-kernel.sh: here if
# this kernel can, else in a VM booting Debian's kernel. TAP through
# automake's tap-driver; results in BUILD_DIR/system/*.trs. Exits non-zero
# if a test point failed.
set -u
. "$(dirname "$0")/../lib/stage.sh" faults "${1:-}"
stage_build daemon/getvpnd shell/getvpnsh

status=0
for t in ${FAULT_TESTS:-gm_restart ks_restart netlink netem clock}; do
	# The clock test moves the clock of whatever kernel it runs on: always
	# a VM, never the host, even when the host could run the others.
	vm=
	[ "$t" = clock ] && vm=--force-vm
	stage_tap "faults_$t" "$top/tests/vm/run-in-kernel.sh" $vm -- \
		env top_srcdir="$top" top_builddir="$build" bash "$top/tests/faults/$t.sh" || status=1
done
exit $status
