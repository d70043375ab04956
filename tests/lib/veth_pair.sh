# Shared by the TAP scripts that run two processes in two network
# namespaces joined by a veth pair (tests/ike/mm_netns.sh,
# tests/pull/pull_netns.sh, tests/ike/interop_strongswan.sh). POSIX sh.
#
# Before sourcing, set: ns_a ns_b (namespace names), if_a if_b (veth ends),
# net (the /24 prefix, e.g. 10.99.0: side a is .1, side b is .2).
# Gives: ok/not_ok/check (TAP), dir (scratch, removed at exit unless KEEP
# is set), skip_all REASON, pair_need_tools TOOL..., pair_up,
# capture_start NS IF BUFFER_KB FILTER (sets dump_pid), and pair_cleanup
# for the script's own EXIT trap.

dir=$(mktemp -d)
n=0
dump_pid=

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }

# A skip is a failure for run-tests (tests/lib/summary.sh) unless allowed.
skip_all() { echo "ok 1 # SKIP $1"; echo "1..1"; exit 0; }

pair_need_tools() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || skip_all "$tool not installed"
	done
}

pair_cleanup() {
	[ -n "$dump_pid" ] && kill "$dump_pid" 2>/dev/null
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
	if [ -n "$KEEP" ]; then echo "# kept $dir"; else rm -rf "$dir"; fi
}

pair_up() {
	if [ "$(id -u)" -ne 0 ] || ! ip netns add "$ns_a" 2>/dev/null; then
		skip_all "needs root and network namespaces"
	fi
	ip netns add "$ns_b"
	ip link add "$if_a" netns "$ns_a" type veth peer name "$if_b" netns "$ns_b"
	ip -n "$ns_a" addr add "$net.1/24" dev "$if_a"
	ip -n "$ns_b" addr add "$net.2/24" dev "$if_b"
	for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
	ip -n "$ns_a" link set "$if_a" up
	ip -n "$ns_b" link set "$if_b" up
}

# Capture into $dir/cap; returns once tcpdump says it is listening (5 s at most).
capture_start() { # namespace interface buffer_kb filter
	ip netns exec "$1" tcpdump -i "$2" -B "$3" --immediate-mode -U -w "$dir/cap" "$4" \
		2>"$dir/tcpdump.err" &
	dump_pid=$!
	i=0
	while ! grep -q listening "$dir/tcpdump.err" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
