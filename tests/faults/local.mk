# Fault tests: real getvpnd processes meeting restarts, SIGKILL, netlink
# trouble, WAN loss and delay, clock jumps. They need a kernel with ESP, so
# run-tests runs them in tests/stages/faults.sh (through
# tests/vm/run-in-kernel.sh), not under `make check`.
EXTRA_DIST += tests/faults/lib.sh tests/faults/gm_restart.sh tests/faults/ks_restart.sh \
	tests/faults/netlink.sh tests/faults/netem.sh tests/faults/clock.sh tests/stages/faults.sh
