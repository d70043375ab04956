#!/usr/bin/env bash
# Two group members on a bridged WAN with the group SA installed by the
# dataplane library (xfrm_drive). Needs root and a kernel with ESP: run it
# through tests/vm/run-in-kernel.sh. Usage: two_gms.sh [BUILD_DIR]. TAP output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-${top_builddir:-$here/../../build}}
drive=$(cd "$build" && pwd)/tests/dataplane/xfrm_drive
mcast=$here/mcast.py
tmp=$(mktemp -d)
gm2=$NS-gm2 gm3=$NS-gm3 h2=$NS-h2 h3=$NS-h3
bg_pids=""
cleanup() {
	for p in $bg_pids ${drive_pid2:-} ${drive_pid3:-}; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	topology_down
	rm -rf "$tmp"
}
trap cleanup EXIT

[ -x "$drive" ] || { echo "Bail out! $drive not built"; exit 1; }
topology_up
ok $? "topology: WAN bridge, two GMs, two LAN hosts"

crypto_warmup
ok $? "kernel crypto warmed up (cbc(aes), hmac(sha1), hmac(sha256), rfc4106(gcm(aes)))"

probe=$(ip netns exec $gm2 "$drive" probe)
ok $? "capability probe in the GM namespace says ok ($probe)"

# Another IPsec user's state and policy, which getvpnd must leave alone.
ip -n $gm2 xfrm state add src 198.51.100.1 dst 198.51.100.2 proto esp spi 0x4242 reqid 42 mode tunnel \
	enc 'cbc(aes)' 0x0f0e0d0c0b0a09080706050403020100 auth-trunc 'hmac(sha1)' 0x0102030405060708090a0b0c0d0e0f1011121314 96 &&
ip -n $gm2 xfrm policy add dir out src 198.51.100.0/24 dst 203.0.113.0/24 priority 500 \
	tmpl src 198.51.100.1 dst 198.51.100.2 proto esp reqid 42 mode tunnel
ok $? "unrelated XFRM state and policy installed beforehand"
foreign_state=$(ip -n $gm2 xfrm state | grep -c 'spi 0x00004242')
foreign_policy=$(ip -n $gm2 xfrm policy | grep -c '198.51.100.0/24 dst 203.0.113.0/24')

ip netns exec $wan tcpdump -U -ni br0 -w "$tmp/wan.pcap" >"$tmp/tcpdump.log" 2>&1 &
bg_pids="$bg_pids $!"
wait_for 20 grep -q 'listening on' "$tmp/tcpdump.log"
ok $? "capture running on the WAN bridge"

K1="0x1000 esp-aes/128 00112233445566778899aabbccddeeff esp-sha-hmac 0011223344556677889900112233445566778899"
K2="0x2000 esp-aes/256 ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100 esp-sha256-hmac 9988776655443322110099887766554433221100998877665544332211009988"
K3="0x3000 esp-gcm/128 0102030405060708090a0b0c0d0e0f1011121314"
K4="0x4000 esp-aes/128 a0a1a2a3a4a5a6a7a8a9aaabacadaeaf esp-sha-hmac b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3"
for i in 2 3; do
	drive_start $i
	drive $i acl permit icmp any any &&
	drive $i acl permit udp any 239.0.0.0/8 &&
	drive $i start wan0 1 &&
	drive $i install-tek $K1
	ok $? "gm$i: group SA installed (ACL, table, policies, TEK 0x1000)"
done
larval=$(ip netns exec $gm2 sysctl -n net.core.xfrm_larval_drop)
test "$larval" = 0
ok $? "xfrm_larval_drop is 0 while the group is installed (got $larval)"
ip netns exec $gm2 nft list table ip getvpnd >"$tmp/table.txt" 2>&1
grep -q 'esp spi @spis' "$tmp/table.txt" && grep -qE 'elements = \{ (0x00001000|4096) \}' "$tmp/table.txt"
ok $? "nftables table getvpnd has the ESP rewrite and SPI 0x1000" || sed 's/^/# /' "$tmp/table.txt"

# --- first packet of a new flow, then steady traffic
ip netns exec $h2 ping -c 1 -W 5 10.3.0.10 >/dev/null
ok $? "first packet of a new LAN flow h2 > h3 is answered (held, not dropped)"
ip netns exec $h2 ping -c 3 -i 0.2 -W 2 10.3.0.10 | grep -q ' 3 received'
ok $? "ping between LAN hosts: 3 of 3"
ip netns exec $gm2 ping -c 3 -i 0.2 -W 5 -I 2.2.2.2 3.3.3.3 | grep -q ' 3 received'
ok $? "ping between loopbacks 2.2.2.2 > 3.3.3.3: 3 of 3"
drive 2 pairs
grep -q 'pair 10.2.0.10 > 10.3.0.10 outer 192.168.77.2 mark 0x6e7f' "$tmp/gm2.log"
ok $? "forwarded source pair uses the anchor and a source mark"
grep -q 'pair 2.2.2.2 > 3.3.3.3 outer 2.2.2.2 mark 0x00000000' "$tmp/gm2.log"
ok $? "local source pair uses the source itself"

# --- bypass-lan follows interface addresses (rtnetlink)
policy_has() { ip -n "$1" xfrm policy | grep -q "$2"; }
policy_gone() { ! policy_has "$@"; }
ip -n $gm2 link add gvdummy type dummy && ip -n $gm2 addr add 172.30.0.1/24 dev gvdummy &&
	ip -n $gm2 link set gvdummy up && wait_for 20 policy_has $gm2 'dst 172.30.0.0/24'
ok $? "a new LAN address gets its bypass-lan policy"
ip -n $gm2 link del gvdummy && wait_for 20 policy_gone $gm2 'dst 172.30.0.0/24'
ok $? "a removed LAN address loses its bypass-lan policy"

# --- UDP outside the ACL goes in clear
ip netns exec $h2 bash -c 'echo clear-text > /dev/udp/10.3.0.10/6000'
ok $? "UDP to port 6000 sent (not in the ACL)"

# --- plaintext for a protected flow injected from the WAN is dropped
before=$(xfrm_stat $gm2 XfrmInTmplMismatch)
ip netns exec $wan ping -c 2 -i 0.2 -W 1 2.2.2.2 >/dev/null 2>&1
ok $((! $?)) "plaintext ICMP from the WAN to 2.2.2.2 is not answered"
after=$(xfrm_stat $gm2 XfrmInTmplMismatch)
test "$after" -gt "$before"
ok $? "XfrmInTmplMismatch grew ($before -> $after)"

# --- three rekeys under a continuous ping: at most one loss each
ip netns exec $h2 ping -i 0.1 -c 3000 -W 2 10.3.0.10 >"$tmp/ping.txt" 2>&1 &
ping_pid=$!
# ping's own output is buffered when not on a terminal: count the echo
# replies h2's kernel received instead.
answered() {
	ip netns exec $h2 awk '$1 == "Icmp:" { if (!n) { for (i = 1; i <= NF; i++) if ($i == "InEchoReps") c = i; n = 1 } else print $c }' /proc/net/snmp
}
answered_since() { test "$(answered)" -ge $(($1 + 10)); }
rekey_ok=0
prev=0x1000
for k in "$K2" "$K3" "$K4"; do
	spi=${k%% *}
	t0=$SECONDS
	# at least 10 answers on the current TEK before rolling over
	seen=$(answered)
	wait_for 20 answered_since "$seen" || { rekey_ok=1; diag "ping stalled before rekey to $spi"; }
	drive 2 install-tek $k && drive 3 install-tek $k &&
		drive 2 activate-tek $spi && drive 3 activate-tek $spi &&
		drive 2 remove-tek $prev && drive 3 remove-tek $prev || rekey_ok=1
	diag "rekey to $spi done in $((SECONDS - t0)) s, $(answered) answers so far"
	prev=$spi
done
seen=$(answered)
wait_for 20 answered_since "$seen" || rekey_ok=1
ok $rekey_ok "three rekeys (0x2000, 0x3000 GCM, 0x4000) applied on both GMs under traffic"
kill -INT $ping_pid
wait $ping_pid
# Lost = sequence numbers never answered, except the last one, which may
# still have been in flight when ping was stopped.
read -r sent got lost <<EOF2
$(awk '/bytes from.*icmp_seq=/ { sub(/.*icmp_seq=/, ""); sub(/ .*/, ""); seen[$0] = 1; n++ }
	/packets transmitted/ { tx = $1 }
	END { for (i = 1; i < tx; i++) if (!seen[i]) lost++; print tx + 0, n + 0, lost + 0 }' "$tmp/ping.txt")
EOF2
diag "continuous ping: $sent sent, $got answered, $lost lost"
test "$sent" -gt 30 && test "$lost" -le 3
ok $? "continuous ping lost at most one packet per rekey ($sent sent, $lost lost)"
ip netns exec $gm2 nft list set ip getvpnd spis | grep -qE '0x00004000|16384' &&
	! ip netns exec $gm2 nft list set ip getvpnd spis | grep -qE '0x00001000|4096'
ok $? "SPI set follows the rekeys (0x4000 in, 0x1000 out)"

# --- multicast: from the GM itself (its WAN address) to a listener on gm3
ip netns exec $gm3 python3 "$mcast" listen 192.168.77.3 239.1.1.1 5000 180 >"$tmp/mlisten.log" 2>&1 &
listen_pid=$!
wait_for 30 grep -q listening "$tmp/mlisten.log"
# In the foreground: under emulation the interpreter alone may take many seconds to start.
timeout 120 ip netns exec $gm2 python3 "$mcast" send 192.168.77.2 239.1.1.1 5000 10
wait_for 30 grep -qE 'received|nothing' "$tmp/mlisten.log"
grep -q "received b'hello-group' from 192.168.77.2" "$tmp/mlisten.log"
ok $? "multicast from gm2 to 239.1.1.1 received on gm3 ($(tail -n 1 "$tmp/mlisten.log"))"
kill $listen_pid 2>/dev/null

# --- multicast from a LAN host behind gm2, forwarded by a static mroute:
# the kernel's multicast forwarding asks XFRM about "gm2 > group, IPIP";
# getvpnd's extra catch-all for the ACL's multicast groups answers it, and
# the table puts the real source back as the outer source.
ip netns exec $gm2 python3 "$mcast" route lan0 wan0 10.2.0.10 239.1.1.2,238.1.1.1 >"$tmp/mroute.log" 2>&1 &
bg_pids="$bg_pids $!"
ip netns exec $gm3 python3 "$mcast" listen 192.168.77.3 239.1.1.2 5000 180 10 >"$tmp/mlisten2.log" 2>&1 &
listen_pid=$!
wait_for 30 grep -q ready "$tmp/mroute.log" && wait_for 30 grep -q listening "$tmp/mlisten2.log"
# In the foreground: under emulation the interpreter alone may take many seconds to start.
timeout 120 ip netns exec $h2 python3 "$mcast" send 10.2.0.10 239.1.1.2 5000 10
wait_for 30 grep -q '^done: ' "$tmp/mlisten2.log"
grep -q "received b'hello-group' from 10.2.0.10" "$tmp/mlisten2.log"
ok $? "multicast from LAN host h2 to 239.1.1.2, forwarded by gm2, received on gm3 from 10.2.0.10"
mcast_got=$(sed -n 's/^done: \([0-9]*\) received/\1/p' "$tmp/mlisten2.log")
test "${mcast_got:-0}" -eq 10 2>/dev/null
ok $? "all 10 forwarded datagrams arrived, the first ones held while the pairs were made (got ${mcast_got:-none})"
drive 2 pairs
grep -q 'pair 192.168.77.2 > 239.1.1.2 outer 192.168.77.2 mark 0x00000000' "$tmp/gm2.log"
ok $? "gm2: one pair for the group's forwarded flow (gm2 > 239.1.1.2, no output mark)"
kill $listen_pid 2>/dev/null
# 238.1.1.1 is encrypted by group (the ICMP line reaches all of 224/4) but
# no permit line matches UDP to it: not forwarded, neither clear nor ESP.
timeout 120 ip netns exec $h2 python3 "$mcast" send 10.2.0.10 238.1.1.1 5000 3
mcast_drops() {
	ip netns exec $gm2 nft list chain ip getvpnd mcfwd | sed -n 's/.*@mcgroups counter packets \([0-9]*\) .*/\1/p'
}
drops=$(mcast_drops)
test "${drops:-0}" -ge 3 2>/dev/null
ok $? "forwarded UDP to 238.1.1.1, which no permit line matches, dropped at the forward hook (counter ${drops:-none})"

# --- what went over the wire
sleep 0.5
tcpdump -nr "$tmp/wan.pcap" 2>/dev/null | sed 's/^[0-9:.]* //' >"$tmp/wire.txt"
wire() { grep -qF "$1" "$tmp/wire.txt"; }
wire 'IP 2.2.2.2 > 3.3.3.3: ESP(spi=0x00001000' && wire 'IP 3.3.3.3 > 2.2.2.2: ESP(spi=0x00001000'
ok $? "loopback ICMP on the wire is ESP with outer = inner addresses"
wire 'IP 10.2.0.10 > 10.3.0.10: ESP(spi=0x00001000' && wire 'IP 10.3.0.10 > 10.2.0.10: ESP(spi=0x00001000'
ok $? "LAN host ICMP on the wire is ESP with outer = inner addresses"
! grep -E 'IP (2\.2\.2\.2|3\.3\.3\.3|10\.[23]\.0\.10) > [0-9.]*: ICMP' "$tmp/wire.txt" | grep -q .
ok $? "no ICMP between protected hosts in clear on the wire"
grep -qE 'IP 10\.2\.0\.10\.[0-9]+ > 10\.3\.0\.10\.6000: UDP' "$tmp/wire.txt"
ok $? "UDP outside the ACL in clear on the wire"
wire 'IP 10.2.0.10 > 10.3.0.10: ESP(spi=0x00002000' && wire 'IP 10.2.0.10 > 10.3.0.10: ESP(spi=0x00003000' &&
	wire 'IP 10.2.0.10 > 10.3.0.10: ESP(spi=0x00004000'
ok $? "the SPI on the wire changed at each rekey (0x2000, 0x3000, 0x4000)"
wire 'IP 192.168.77.2 > 239.1.1.1: ESP(spi=0x00004000'
ok $? "multicast on the wire is ESP from gm2 to the group"
! grep -q 'IP 192.168.77.2.[0-9]* > 239.1.1.1.5000: UDP' "$tmp/wire.txt"
ok $? "no multicast from gm2 to the group in clear"
test "$(grep -cF 'IP 10.2.0.10 > 239.1.1.2: ESP(spi=0x00004000' "$tmp/wire.txt")" -eq 10
ok $? "forwarded multicast on the wire: 10 ESP packets 10.2.0.10 > 239.1.1.2 (outer = inner)"
! grep -vF 'IP 10.2.0.10 > 239.1.1.2: ESP' "$tmp/wire.txt" | grep -qE 'IP [0-9.]+ > 239\.1\.1\.2(\.[0-9]+)?: (UDP|ESP)'
ok $? "no forwarded multicast to 239.1.1.2 in clear or with another outer source"
! grep -qE 'IP [0-9.]+ > 238\.1\.1\.1(\.[0-9]+)?: (UDP|ESP)' "$tmp/wire.txt"
ok $? "nothing to 238.1.1.1 on the wire"
for i in 2 3; do
	errs=$(ip netns exec $NS-gm$i awk '$2 != 0 && $1 != "XfrmInTmplMismatch" { printf "%s=%s ", $1, $2 }' /proc/net/xfrm_stat)
	test -z "$errs"
	ok $? "gm$i: no XFRM error counters${errs:+ ($errs)}"
done

# --- idle pairs are reaped, and come back on the next packet
drive 2 reap 1 && drive 3 reap 1 && sleep 1.5 && drive 2 reap 1 && drive 3 reap 1
ok $? "idle pairs reaped on both GMs (two passes, no traffic between)"
test "$(ip -n $gm2 xfrm state | grep -c '^src 192.168.77.2 dst 10.3.0.10')" -eq 0
ok $? "gm2: no per-pair state left for h2 > h3 after reaping"
ip netns exec $h2 ping -c 2 -i 0.2 -W 5 10.3.0.10 | grep -q ' 2 received'
ok $? "h2 > h3 works again after reaping (pair re-created on ACQUIRE)"

# --- withdraw leaves only the unrelated objects
for i in 2 3; do
	drive $i withdraw
	ok $? "gm$i: withdraw"
done
test "$(real_states $gm2)" -eq 1 && test "$(ip -n $gm2 xfrm state | grep -c 'spi 0x00004242')" -eq 1
ok $? "gm2: after withdraw only the unrelated state is left (larval placeholders aside)"
test "$(policies $gm2)" -eq 1 && test "$(ip -n $gm2 xfrm policy | grep -c '198.51.100.0/24 dst 203.0.113.0/24')" -eq "$foreign_policy"
ok $? "gm2: after withdraw only the unrelated policy is left"
test -z "$(ip netns exec $gm2 nft list ruleset)" && test -z "$(ip netns exec $gm3 nft list ruleset)"
ok $? "no nftables ruleset left on either GM"
test "$(real_states $gm3)" -eq 0 && test "$(policies $gm3)" -eq 0
ok $? "gm3: no XFRM state or policy left"
test "$(ip netns exec $gm2 sysctl -n net.core.xfrm_larval_drop)" = 1
ok $? "xfrm_larval_drop restored to 1"
test "$foreign_state" -eq 1
ok $? "the unrelated state existed throughout"

# --- a killed daemon's leftovers are found and removed by ownership marks
drive 2 start wan0 1 && drive 2 install-tek $K1 && ip netns exec $h2 ping -c 1 -W 5 10.3.0.10 >/dev/null
kill -9 "$drive_pid2"
wait "$drive_pid2" 2>/dev/null
ip -n $gm2 xfrm policy | grep -q 'reqid 1735786497'
ok $? "a killed driver left getvpnd policies behind"
ip netns exec $gm2 "$drive" cleanup | sed 's/^/# /'
test "$(real_states $gm2)" -eq 1 && test "$(policies $gm2)" -eq 1 &&
	test -z "$(ip netns exec $gm2 nft list ruleset)"
ok $? "cleanup removed the leftovers and kept the unrelated state and policy"

if [ "$tap_failed" -gt 0 ]; then
	diag "--- diagnostics"
	for i in 2 3; do
		diag "gm$i driver log:"; sed 's/^/#   /' "$tmp/gm$i.log" | grep -v '^#   done: ' | tail -n 30
		diag "gm$i xfrm state:"; ip -n $NS-gm$i xfrm state | grep -E '^src|spi|mark' | sed 's/^/#   /'
		diag "gm$i xfrm policy:"; ip -n $NS-gm$i xfrm policy | grep -E '^src|tmpl|mark|priority' | sed 's/^/#   /'
		diag "gm$i nft:"; ip netns exec $NS-gm$i nft list ruleset | sed 's/^/#   /'
		diag "gm$i xfrm_stat:"; ip netns exec $NS-gm$i awk '$2 != 0' /proc/net/xfrm_stat | sed 's/^/#   /'
	done
	for i in 2 3; do
		eval "pid=\${drive_pid$i:-}"
		kill -0 "$pid" 2>/dev/null && drive $i pairs
		grep '^pair' "$tmp/gm$i.log" | sort -u | sed "s/^/#   gm$i /"
	done
	diag "multicast: $(cat "$tmp/mroute.log" "$tmp/mlisten.log" 2>/dev/null | tr '\n' ' ')"
	diag "forwarded multicast listener: $(uniq -c "$tmp/mlisten2.log" 2>/dev/null | tr '\n' ' ')"
	diag "gm2 mroute: $(ip -n $gm2 mroute 2>&1 | tr '\n' ' ')"
	diag "wire summary:"; sed 's/, length.*//; s/seq=0x[0-9a-f]*//; s/\.[0-9]* >/ >/' "$tmp/wire.txt" | sort | uniq -c | sort -rn | head -n 30 | sed 's/^/#   /'
fi

done_testing
