#!/usr/bin/env bash
# Group member SA installs: getvpnd's xfrm code versus `ip -batch` doing
# the same adds, each in a fresh network namespace of the same kernel.
# Needs a kernel with ESP: bench/run.sh runs it through
# tests/vm/run-in-kernel.sh. Prints per K one line:
#   SA k=K xfrm_s=... ipbatch_s=... states=...
# Usage: sa_install.sh SA_INSTALL-PROGRAM K...
set -u
prog=$1
shift
ns=gvsa$$
work=$(mktemp -d /tmp/gvsa.XXXXXX)
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

for k in "$@"; do
	fresh_ns "${ns}a" || exit 1
	line=$(ip netns exec "${ns}a" "$prog" gvb0 "$k" "$work/batch") || exit 1
	fresh_ns "${ns}b" || exit 1
	t0=$(now_ns)
	ip -n "${ns}b" -batch "$work/batch" || exit 1
	t1=$(now_ns)
	states=$(ip -n "${ns}b" xfrm state | grep -c '^src')
	echo "$line ipbatch_s=$(awk "BEGIN { printf \"%.3f\", ($t1 - $t0) / 1e9 }") states=$states"
done
