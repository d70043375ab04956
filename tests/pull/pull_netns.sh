#!/bin/sh
# GROUPKEY-PULL between two real processes (tests/pull/pull_peer) in two
# network namespaces joined by a veth pair: the lesson's key server and a
# member configured from IOS-style files, a real Main Mode, then the
# registration; captured with tcpdump and read back with tshark. TAP output.
# Needs root and iproute2; tcpdump/tshark for the capture checks.

top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
peer=$top_builddir/tests/pull/pull_peer
confdir=$top_srcdir/tests/pull
ns_a=gvpks$$ if_a=gvks0
ns_b=gvpgm$$ if_b=gvgm0
net=10.98.0
. "$top_srcdir/tests/lib/veth_pair.sh"
ns_ks=$ns_a
ns_gm=$ns_b

cleanup() {
	[ -n "$ks_pid" ] && kill "$ks_pid" 2>/dev/null
	pair_cleanup
}
trap cleanup EXIT

pair_need_tools ip
pair_up

capture=no
if command -v tcpdump >/dev/null 2>&1 && command -v tshark >/dev/null 2>&1; then
	capture=yes
	capture_start "$ns_ks" gvks0 8192 "udp port 848"
fi

mkdir -p "$dir/ks-state" "$dir/gm-state"
chmod 700 "$dir/ks-state" "$dir/gm-state"

start_ks() { # seconds count
	ip netns exec "$ns_ks" "$peer" ks 10.98.0.1 "$confdir/ks.conf" "$dir/ks-state" "$1" "$2" \
		>"$dir/ks.out" 2>"$dir/ks.err" &
	ks_pid=$!
	i=0
	while ! grep -q READY "$dir/ks.out" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

stop_ks() {
	wait "$ks_pid" 2>/dev/null
	ks_rc=$?
	ks_pid=
}

now_ms() { date +%s%3N; }

# 1. the lesson's member registers with the lesson's key server
start_ks 40 1
check 'grep -q READY "$dir/ks.out"' "key server configured from its file and listening"
t0=$(now_ms)
ip netns exec "$ns_gm" "$peer" gm 10.98.0.2 "$confdir/gm.conf" "$dir/gm-state" 10 1 \
	>"$dir/gm.out" 2>"$dir/gm.err"
gm_rc=$?
t1=$(now_ms)
stop_ks
check '[ "$gm_rc" -eq 0 ] && grep -q "^REGISTERED GDOI_GROUP 10.98.0.1$" "$dir/gm.out"' \
	"member registered with the key server (Main Mode then GROUPKEY-PULL)"
elapsed=$((t1 - t0))
# the member's first poll happens at once; the whole exchange is 10 datagrams
first=$(grep -n '^REGISTERED' "$dir/gm.out" | head -1)
check '[ -n "$first" ] && [ "$elapsed" -lt 2000 ]' \
	"the member registered within 2 s of starting ($elapsed ms)"
check '[ "$ks_rc" -eq 0 ] && grep -q "^REGISTERED 10.98.0.2$" "$dir/ks.out"' \
	"key server completed the registration of 10.98.0.2"
check 'grep -q "^Group Member ID    : 10.98.0.2$" "$dir/ks.out"' \
	"show crypto gdoi ks members on the key server lists the member"

spis() { # file role -> the TEK SPIs and remaining lifetimes its JSON shows
	python3 - "$1" "$2" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if line.startswith('{"key_server"'):
        d = json.loads(line)
        role = 'key_server' if sys.argv[2] == 'ks' else 'group_member'
        for g in d[role]['groups']:
            print(g['name'], g['identity'], *(t['spi'] for t in g['teks']))
PY
}
ks_spis=$(spis "$dir/ks.out" ks)
gm_spis=$(spis "$dir/gm.out" gm)
check '[ -n "$ks_spis" ] && [ "$ks_spis" = "$gm_spis" ]' \
	"show crypto gdoi json: member and key server show the same group and TEK SPI ($gm_spis)"
check 'grep -q "Registration status   : Registered" "$dir/gm.out" &&
	grep -q "Dataplane             : dataplane not installed" "$dir/gm.out"' \
	"show crypto gdoi on the member: Registered, dataplane not installed"
check 'grep -q "access-list   permit icmp any any" "$dir/gm.out"' \
	"the member shows the ACL it received (permit icmp any any)"

# 2. a member asking for a group the key server does not have is refused
sed 's/identity number 123/identity number 999/' "$confdir/gm.conf" >"$dir/gm-unknown.conf"
start_ks 40 1
ip netns exec "$ns_gm" "$peer" gm 10.98.0.2 "$dir/gm-unknown.conf" "$dir/gm-state" 20 1 \
	>"$dir/gm2.out" 2>"$dir/gm2.err"
check 'grep -q "^REFUSED INVALID-ID-INFORMATION$" "$dir/gm2.out"' \
	"unknown group: the member gets INVALID_ID_INFORMATION"
check 'grep -q "KS_UNKNOWN_GROUP_ID" "$dir/ks.err"' "unknown group: the key server logs it"
# the key server is still healthy: the real member registers next
ip netns exec "$ns_gm" "$peer" gm 10.98.0.2 "$confdir/gm.conf" "$dir/gm-state" 10 1 \
	>"$dir/gm3.out" 2>"$dir/gm3.err"
gm_rc=$?
stop_ks
check '[ "$gm_rc" -eq 0 ] && [ "$ks_rc" -eq 0 ]' "after the refusal the key server registers the real member"

if [ "$capture" = yes ]; then
	sleep 1
	kill "$dump_pid" 2>/dev/null; wait "$dump_pid" 2>/dev/null
	dump_pid=
	count() {
		tshark -r "$dir/cap" -d udp.port==848,isakmp -Y "$1" >"$dir/tshark.out" \
			2>"$dir/tshark.err" || { echo -1; return; }
		wc -l <"$dir/tshark.out"
	}
	pull=$(count "isakmp.exchangetype == 32")
	check '[ "$pull" -eq 9 ]' \
		"capture: 4 messages for each of the 2 registrations and the refused message 1 ($pull)"
	info=$(count "isakmp.exchangetype == 5 && ip.src == 10.98.0.1")
	check '[ "$info" -eq 1 ]' "the refusal is one Informational from the key server ($info)"
	bad_mm=$(count "isakmp.exchangetype == 2 && _ws.malformed")
	check '[ "$bad_mm" -eq 0 ]' "tshark finds no malformed phase-1 message ($bad_mm)"
	enc=$(count "isakmp.exchangetype == 32 && isakmp.flags == 0x01")
	check '[ "$enc" -eq "$pull" ]' "every GROUPKEY-PULL message is encrypted ($enc)"
else
	ok "capture checks # SKIP tcpdump or tshark not installed"
fi

# 3. fifty members from fifty addresses register at once
i=10
while [ $i -lt 60 ]; do
	ip -n "$ns_gm" addr add 10.98.0.$i/24 dev gvgm0
	i=$((i + 1))
done
start_ks 30 50
i=10
pids=
while [ $i -lt 60 ]; do
	ip netns exec "$ns_gm" "$peer" gm 10.98.0.$i "$confdir/gm.conf" "$dir/gm-state" 20 1 \
		>"$dir/many.$i.out" 2>"$dir/many.$i.err" &
	pids="$pids $!"
	i=$((i + 1))
done
wait_ok=0
for pid in $pids; do
	wait "$pid" && wait_ok=$((wait_ok + 1))
done
stop_ks
registered=$(cat "$dir"/many.*.out | grep -c '^REGISTERED GDOI_GROUP 10.98.0.1$')
check '[ "$registered" -eq 50 ] && [ "$wait_ok" -eq 50 ]' "fifty members registered at once ($registered)"
check '[ "$ks_rc" -eq 0 ] && grep -q "\"members\":5[01]," "$dir/ks.out"' \
	"the key server's member table lists them all"
listed=$(grep -c "^Group Member ID    : 10.98.0.[1-5][0-9]$" "$dir/ks.out")
check '[ "$listed" -eq 50 ]' "show crypto gdoi ks members lists the fifty ($listed)"

echo "1..$n"
