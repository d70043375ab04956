#!/usr/bin/env bash
# Group member SA installs: getvpnd's xfrm code versus `ip -batch` doing
# the same adds, each in a fresh network namespace of the same kernel;
# then the ACQUIRE-to-installed latency of new flows.
# Needs a kernel with ESP: bench/run.sh runs it through
# tests/vm/run-in-kernel.sh. Prints per K one line
#   SA k=K xfrm_s=... ipbatch_s=... states=...
# and per --latency K:RATE (flows per second, 0 = all at once) one line
#   SALAT k=K rate=RATE installed=... p50_ms=... p99_ms=... max_ms=...
# With --reps N each measurement runs N times (each in a fresh namespace):
# the SA line gives the fastest of each side and all runs (xfrm_runs=,
# ipbatch_runs=), and there is one SALAT line per run (run=R). In a TCG VM
# a first SAENV line says which SHA-512 the kernel uses (sha512_plain_c).
# Usage: sa_install.sh SA_INSTALL-PROGRAM [--reps N] [--latency K:RATE]... K...
set -u
prog=$1
shift
latency=()
reps=1
while :; do
	case "${1:-}" in
	--latency) latency+=("$2"); shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	*) break ;;
	esac
done
ns=gvsa$$
work=$(mktemp -d /tmp/gvsa.XXXXXX)

# Every new ESP state draws the salt of its IV generator from the kernel's
# DRBG, HMAC-SHA-512. Under QEMU's TCG the kernel picks its AVX2 SHA-512,
# whose instructions TCG emulates one by one: about 180 us a state in a
# profile, half of an install (on hardware that code is the fast one). The
# plain C SHA-512 emulates about six times faster. Same kernel, same
# setting for both sides; it only shrinks a cost both pay. Only in the VM (its root is a
# throw-away overlay), only under TCG, only before the first ESP state of
# the boot loads the module; BENCH_SA_KERNEL_SIMD=1 keeps the default.
sha512_plain_c() {
	[ "${GETVPND_IN_VM:-}" = 1 ] && grep -q '^model name.*QEMU TCG' /proc/cpuinfo || return 0
	if [ -n "${BENCH_SA_KERNEL_SIMD:-}" ]; then
		echo "SAENV kernel_sha512=default (BENCH_SA_KERNEL_SIMD set)"
	elif grep -q '^sha512_ssse3 ' /proc/modules; then
		echo "SAENV kernel_sha512=default (its SIMD module was already loaded)"
	else
		echo 'install sha512_ssse3 /bin/false' >/etc/modprobe.d/getvpnd-bench-sha512.conf &&
			echo "SAENV kernel_sha512=generic (QEMU TCG: the kernel's AVX2 SHA-512 module is not loaded)"
	fi
}
sha512_plain_c
trap 'ip netns del ${ns}a 2>/dev/null; ip netns del ${ns}b 2>/dev/null; rm -rf "$work"' EXIT

fresh_ns() { # NAME
	ip netns del "$1" 2>/dev/null
	ip netns add "$1" || return 1
	ip -n "$1" link set lo up
	ip -n "$1" link add gvb0 type dummy
	ip -n "$1" addr add 10.0.0.1/8 dev gvb0
	ip -n "$1" link set gvb0 up
}

now_ns() { date +%s%N; }

# the fastest of the repetitions: the VM shares a loaded host, whose stalls only add
min_of() { echo "$1" | tr ',' '\n' | sort -g | head -1; }
kv() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

status=0
for k in "$@"; do
	lines=() xs_all="" bs_all="" states=""
	for _ in $(seq "$reps"); do
		fresh_ns "${ns}a" || exit 1
		line=$(ip netns exec "${ns}a" "$prog" gvb0 "$k" "$work/batch") || exit 1
		lines+=("$line")
		xs_all="${xs_all:+$xs_all,}$(kv "$line" xfrm_s)"
		fresh_ns "${ns}b" || exit 1
		t0=$(now_ns)
		ip -n "${ns}b" -batch "$work/batch" || exit 1
		t1=$(now_ns)
		bs_all="${bs_all:+$bs_all,}$(awk "BEGIN { printf \"%.3f\", ($t1 - $t0) / 1e9 }")"
		states=$(ip -n "${ns}b" xfrm state | grep -c '^src')
	done
	best=$(printf '%s\n' "${lines[@]}" | grep " xfrm_s=$(min_of "$xs_all") " | head -1)
	echo "$best ipbatch_s=$(min_of "$bs_all") states=$states xfrm_runs=$xs_all ipbatch_runs=$bs_all"
done
for spec in "${latency[@]}"; do
	for r in $(seq "$reps"); do
		fresh_ns "${ns}a" || exit 1
		ip netns exec "${ns}a" "$prog" --latency gvb0 "${spec%%:*}" "${spec#*:}" | sed "s/\$/ run=$r/" ||
			status=1
	done
done
exit $status
