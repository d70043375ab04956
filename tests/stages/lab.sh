#!/usr/bin/env bash
# Lab stage of run-tests: `bash tests/stages/lab.sh BUILD_DIR`.
# Runs the lesson lab exactly as a user would (./lab, without the package
# check and build that run-tests has already done), non-interactively:
# on this kernel if it can do ESP, else in the VM (tests/vm/run-in-kernel.sh).
# Then tests/lab/check_report.sh checks what it left in BUILD_DIR/lab: 4
# members registered, 12 loopback pairs reachable, every ESP packet on the
# WAN with loopback outer addresses, one rekey followed by all members.
# TAP through automake's tap-driver; results in BUILD_DIR/system/lab.trs
# (counted by tests/lib/summary.sh). Exits non-zero if a check failed.
set -u
. "$(dirname "$0")/../lib/stage.sh" lab "${1:-}"
stage_build daemon/getvpnd shell/getvpnsh
. "$top/tests/lib/deps.sh"
gv_install_deps lab || { echo "lab: cannot install FRR"; exit 1; }

t0=$SECONDS
"$top/lab" --no-build --build-dir "$build" >"$out/lab_run.log" 2>&1 </dev/null
echo "lab: ./lab exited with status $? after $((SECONDS - t0)) s (output: $out/lab_run.log)"
if ! stage_tap lab bash "$top/tests/lab/check_report.sh" "$build/lab"; then
	echo "lab: end of the lab's output:"
	tail -n 40 "$out/lab_run.log" | sed 's/^/  | /'
	exit 1
fi
exit 0
