#!/usr/bin/env bash
# The dataplane with LAN hosts behind the members, end to end on a kernel
# with ESP (run it through tests/vm/run-in-kernel.sh; tests/stages/gdoi.sh
# does). Key server R1 and members R2, R3 are real getvpnd processes on
# the lesson's configurations with another ACL and a LAN interface
# (ks_conf, gm_conf in tests/gdoi/lib.sh); the group's ACL protects
# 10.0.0.0/8 to 10.0.0.0/8 (loopbacks 10.0.0.N, LANs 10.N.0.0/24 with host
# 10.N.0.10 behind member N on its lan0) and UDP to 239.0.0.0/8.
# One capture on the WAN bridge, parsed here, shows what crossed the wire:
#   - loopback and LAN host pings are ESP with outer = inner addresses and
#     never in clear; traffic outside the ACL (a LAN host to a WAN address)
#     is in clear; plaintext injected from the WAN for a protected flow is
#     dropped (XfrmInTmplMismatch grows, the LAN host never sees it);
#   - the first packet of a new flow is held and delivered;
#   - a UDP stream with sequence numbers between the LAN hosts across three
#     rekeys loses at most one datagram per rekey, the SPI on the wire
#     follows each rekey;
#   - `show crypto ipsec sa` encaps/decaps equal the protected packets sent
#     (and grow by exactly K over a quiet flow of K pings), counted per ACL
#     entry (the 239/8 entry counts none of them);
#   - multicast from a LAN host behind R2, routed by R2, reaches a listener
#     on R3 as ESP with the host's address as outer source;
#   - stopping the members leaves no XFRM state or policy and no nftables
#     table of theirs, and an unrelated XFRM state and policy installed
#     before R2 started are unchanged.
# Every point is a hard check.
# TAP; needs root.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
MCAST=$top_srcdir/tests/dataplane/mcast.py
K=5		# pings of the counted quiet flow
gv_init
command -v tcpdump >/dev/null || skip_all "tcpdump not installed"
for n in 1 2 3; do gv_node "$n"; done
for n in 2 3; do
	gv_lan_host "$n"
	ip -n "$(ns "$n")" addr add "10.0.0.$n/32" dev lo
done
ip -n "$(ns 2)" route add 10.0.0.3/32 via 192.168.1.3
ip -n "$(ns 2)" route add 10.3.0.0/24 via 192.168.1.3
ip -n "$(ns 3)" route add 10.0.0.2/32 via 192.168.1.2
ip -n "$(ns 3)" route add 10.2.0.0/24 via 192.168.1.2
# A WAN-side injector that claims protected sources (spoofed routes).
ip -n "$WAN" addr add 192.168.1.99/24 dev br0
ip -n "$WAN" addr add 10.3.0.99/32 dev br0
ip -n "$WAN" route add 10.2.0.0/24 via 192.168.1.2
ip -n "$WAN" route add 10.0.0.2/32 via 192.168.1.2
H2=$(lan_ns 2) H3=$(lan_ns 3)

ks_conf LAN_TO_LAN " permit ip 10.0.0.0 0.255.255.255 10.0.0.0 0.255.255.255" \
	" permit udp any 239.0.0.0 0.255.255.255" >"$RUN/ks.conf"
for n in 2 3; do gm_conf "$n" lan >"$RUN/gm$n.conf"; done

# Another IPsec user's state and policy on R2 (reqid 42), present before
# getvpnd starts; they must come through start and stop unchanged.
ip -n "$(ns 2)" xfrm state add src 198.51.100.1 dst 198.51.100.2 proto esp spi 0x4242 reqid 42 \
	mode tunnel enc 'cbc(aes)' 0x0f0e0d0c0b0a09080706050403020100 \
	auth-trunc 'hmac(sha1)' 0x0102030405060708090a0b0c0d0e0f1011121314 96 2>"$RUN/foreign.err"
ip -n "$(ns 2)" xfrm policy add dir out src 198.51.100.0/24 dst 203.0.113.0/24 priority 500 \
	tmpl src 198.51.100.1 dst 198.51.100.2 proto esp reqid 42 mode tunnel 2>>"$RUN/foreign.err"
foreign() {
	ip -n "$(ns 2)" xfrm state get src 198.51.100.1 dst 198.51.100.2 proto esp spi 0x4242
	ip -n "$(ns 2)" xfrm policy get dir out src 198.51.100.0/24 dst 203.0.113.0/24
}
foreign >"$RUN/foreign.0" 2>&1
check "grep -q 'reqid 42' '$RUN/foreign.0' && [ \$(grep -c '^src' '$RUN/foreign.0') = 2 ]" \
	"unrelated XFRM state and policy (reqid 42) on R2 before getvpnd starts"
[ $tap_failed = 0 ] || diag <"$RUN/foreign.err"
larval0=$(ip netns exec "$(ns 2)" sysctl -n net.core.xfrm_larval_drop)

check "gv_capture '$RUN/wan.cap' not udp port 848" "capture running on the WAN bridge"
check "gv_start_ks '$RUN/ks.conf'" "key server R1 running"
gv_start_members 20 2 3
# SPIs compared as 0X + upper-case hex without leading zeros.
spi_norm() { printf '0X%X\n' "$((16#$(echo "$1" | sed 's/^0[xX]//')))"; }
spi0=$(spi_norm "$(ks_spi)")
foreign >"$RUN/foreign.1" 2>&1
check "cmp -s '$RUN/foreign.0' '$RUN/foreign.1'" "unrelated state and policy unchanged after R2 started"

# --- first packet of a new flow: held while the pairs are made, delivered
check "ip netns exec $H2 ping -c 1 -W 10 10.3.0.10 >'$RUN/first' 2>&1" \
	"first packet of a new flow (LAN host 10.2.0.10 > 10.3.0.10, never talked) is answered"
check "ip netns exec $H3 ping -c 1 -W 10 -s 200 10.2.0.10 >/dev/null 2>&1" \
	"first packet the other way (10.3.0.10 > 10.2.0.10) is answered"
check "ip netns exec $H2 ping -c 3 -i 0.2 -W 3 10.3.0.10 | grep -q ' 3 received'" \
	"ping between LAN hosts: 3 of 3"
check "ip netns exec $(ns 2) ping -c 3 -i 0.2 -W 5 -I 10.0.0.2 10.0.0.3 | grep -q ' 3 received'" \
	"ping between loopbacks 10.0.0.2 > 10.0.0.3: 3 of 3"

# --- outside the ACL: a LAN host to R3's WAN address goes in clear
check "ip netns exec $H2 ping -c 2 -i 0.2 -W 3 192.168.1.3 | grep -q ' 2 received'" \
	"ping outside the ACL (10.2.0.10 > 192.168.1.3): 2 of 2"

# --- show crypto ipsec sa counts exactly the packets of a quiet flow
lan_entry() { # N FIELD: of the 10/8 entry of R N's show crypto ipsec sa json
	gv_sh "$1" "show crypto ipsec sa json" |
		json "[e for e in j['interfaces'][0]['entries'] if e['remote_ident']['addr'] == '10.0.0.0'][0]['$2']"
}
e2=$(lan_entry 2 pkts_encaps) d2=$(lan_entry 2 pkts_decaps)
e3=$(lan_entry 3 pkts_encaps) d3=$(lan_entry 3 pkts_decaps)
check "ip netns exec $(ns 2) ping -c $K -i 0.2 -W 3 -I 10.0.0.2 10.0.0.3 | grep -q ' $K received'" \
	"R2 pings R3 loopback to loopback $K times"
gv_sh 2 "show crypto ipsec sa" >"$RUN/sa2.txt" 2>&1
de2=$(($(lan_entry 2 pkts_encaps) - e2)) dd3=$(($(lan_entry 3 pkts_decaps) - d3))
de3=$(($(lan_entry 3 pkts_encaps) - e3)) dd2=$(($(lan_entry 2 pkts_decaps) - d2))
check "[ $de2 = $K ] && [ $dd3 = $K ]" \
	"show crypto ipsec sa: R2 encaps and R3 decaps grew by $K (by $de2, $dd3)"
check "[ $de3 = $K ] && [ $dd2 = $K ]" \
	"show crypto ipsec sa: R3 encaps and R2 decaps grew by $K replies (by $de3, $dd2)"
# Everything protected so far, each way: 1 + 3 echo requests 10.2.0.10 >
# 10.3.0.10, 1 the other way, 3 + K loopback requests, and their replies.
all=$((1 + 3 + 1 + 3 + K))
check "grep -q '#pkts encaps: $all, #pkts encrypt: $all, #pkts digest: $all' '$RUN/sa2.txt' &&
       grep -q '#pkts decaps: $all, #pkts decrypt: $all, #pkts verify: $all' '$RUN/sa2.txt'" \
	"R2's show crypto ipsec sa: encaps = decaps = $all, every protected packet the test sent ($((e2 + de2)), $((d2 + dd2)))"
check "[ \$(lan_entry 3 pkts_encaps) = $all ] && [ \$(lan_entry 3 pkts_decaps) = $all ]" \
	"R3's show crypto ipsec sa: encaps = decaps = $all"
# No multicast has been sent yet: the 239/8 entry's own counters are 0.
m_entry=$(gv_sh 2 "show crypto ipsec sa json" |
	json "[(e['pkts_encaps'], e['pkts_decaps'], e['counted_per']) for e in j['interfaces'][0]['entries'] if e['remote_ident']['addr'] == '239.0.0.0'][0]")
check "[ \"$m_entry\" = \"(0, 0, 'entry')\" ]" \
	"R2's show crypto ipsec sa: the 239/8 entry, with no multicast sent yet, counts nothing (encaps, decaps, counted per: $m_entry)"
[ $tap_failed = 0 ] || diag <"$RUN/sa2.txt"

# --- plaintext for protected flows injected from the WAN is dropped
xfrm_stat() { ip netns exec "$(ns "$1")" awk -v c="$2" '$1 == c { print $2 }' /proc/net/xfrm_stat; }
in_echos() { ip netns exec "$1" awk '$1 == "Icmp:" { if (!n) { for (i = 1; i <= NF; i++) if ($i == "InEchos") c = i; n = 1 } else print $c }' /proc/net/snmp; }
mm0=$(xfrm_stat 2 XfrmInTmplMismatch) echos0=$(in_echos "$H2")
check "! ip netns exec $WAN ping -c 2 -i 0.2 -W 1 -I 10.3.0.99 10.2.0.10 >/dev/null 2>&1" \
	"plaintext ICMP from the WAN as 10.3.0.99 to LAN host 10.2.0.10 is not answered"
check "! ip netns exec $WAN ping -c 2 -i 0.2 -W 1 -I 10.3.0.99 10.0.0.2 >/dev/null 2>&1" \
	"plaintext ICMP from the WAN as 10.3.0.99 to loopback 10.0.0.2 is not answered"
mm1=$(xfrm_stat 2 XfrmInTmplMismatch) echos1=$(in_echos "$H2")
check "[ $((mm1 - mm0)) -ge 4 ]" "R2: XfrmInTmplMismatch grew by at least 4 ($mm0 -> $mm1)"
check "[ '$echos1' = '$echos0' ]" "LAN host 10.2.0.10 never received the injected echoes ($echos0 -> $echos1)"

# --- rekeys under a UDP stream with sequence numbers, LAN host to LAN host
ip netns exec "$H3" "$PYTHON" -u -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.3.0.10", 5001)); s.settimeout(60); print("listening")
while True:
    print(s.recv(64).decode())' >"$RUN/udp.recv" 2>&1 &
recv_pid=$!
PIDS="$PIDS $recv_pid"
gv_wait 5 "grep -q listening '$RUN/udp.recv'"
ip netns exec "$H2" "$PYTHON" -u -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
i = 0
while True:
    i += 1
    try:
        s.sendto(b"%d" % i, ("10.3.0.10", 5001)); print(i)
    except OSError as e:
        print("error", i, e)
    time.sleep(0.1)' >"$RUN/udp.sent" 2>&1 &
send_pid=$!
PIDS="$PIDS $send_pid"
received() { grep -c '^[0-9]' "$RUN/udp.recv"; }
flowing() { [ "$(received)" -ge $(($1 + 10)) ]; } # 10 more datagrams arrived
r2_sends() { [ "$(spi_norm "$(lan_entry 2 current_outbound_spi)")" = "$1" ]; }
r3_has() { # the 10/8 entry of R3 lists an inbound SA with that SPI
	gv_sh 3 "show crypto ipsec sa json" | json "' '.join('0X%X' % s['spi_decimal'] for e in j['interfaces'][0]['entries'] if e['remote_ident']['addr'] == '10.0.0.0' for s in e['inbound_esp_sas'])" |
		grep -qw "$1"
}
spis="$spi0" rekeys_ok=1
check "gv_wait 20 'flowing 0'" "UDP stream 10.2.0.10 > 10.3.0.10:5001 flowing"
for r in 1 2 3; do
	t0=$(now_ms)
	gv_sh 1 "crypto gdoi ks rekey" >/dev/null
	spi=$(spi_norm "$(ks_spi)")
	seen=$(received)
	if [ "$spi" = "${spis##* }" ] || ! gv_wait 20 "r3_has $spi && r2_sends $spi" ||
		! gv_wait 20 "flowing $seen"; then
		rekeys_ok=0
		diag <<<"rekey $r: TEK SPI $spi not in use on R2/R3, or the stream stalled"
	fi
	diag <<<"rekey $r to $spi: in use and flowing after $(($(now_ms) - t0)) ms"
	spis="$spis $spi"
done
check "[ $rekeys_ok = 1 ]" "three rekeys (SPIs $spis) taken up by R2 and R3 under the stream"
kill "$send_pid" 2>/dev/null
wait "$send_pid" 2>/dev/null
last=$(grep '^[0-9]' "$RUN/udp.sent" | tail -n 1)
gv_wait 5 "grep -qx '$last' '$RUN/udp.recv'"
kill "$recv_pid" 2>/dev/null
wait "$recv_pid" 2>/dev/null
# Lost: sent and never received; the last one sent may still be in flight.
# A rekey can cost a datagram: a member that takes the new TEK up first sends
# with it while the other may not have its SPI in the inbound set yet.
missing=$(awk 'NR == FNR { if ($1 ~ /^[0-9]+$/) got[$1] = 1; next }
	$1 ~ /^[0-9]+$/ { if (prev != "" && !got[prev]) printf "%s ", prev; prev = $1 }' \
	"$RUN/udp.recv" "$RUN/udp.sent")
lost=$(echo "$missing" | wc -w)
if [ -n "$missing" ]; then
	nonzero() { ip netns exec "$1" awk '$2 != 0 { printf "%s=%s ", $1, $2 }' /proc/net/xfrm_stat; }
	diag <<<"datagrams lost: $missing; XFRM errors: R2 $(nonzero "$(ns 2)"), R3 $(nonzero "$(ns 3)"), LAN host $(nonzero "$H3")"
fi
sent=$(grep -c '^[0-9]' "$RUN/udp.sent")
check "[ $sent -ge 40 ] && [ $lost -le 3 ] && ! grep -q '^error' '$RUN/udp.sent'" \
	"UDP stream across 3 rekeys: $sent sent, $lost lost (at most one per rekey)"
grep '^error' "$RUN/udp.sent" | head -n 3 | diag

# --- multicast from the LAN host behind R2, routed by R2, to a listener on R3
ip netns exec "$(ns 2)" "$PYTHON" "$MCAST" route lan0 eth0 10.2.0.10 239.1.1.2 >"$RUN/mroute" 2>&1 &
PIDS="$PIDS $!"
ip netns exec "$(ns 3)" "$PYTHON" "$MCAST" listen 192.168.1.3 239.1.1.2 5000 8 >"$RUN/mlisten" 2>&1 &
listen_pid=$!
PIDS="$PIDS $listen_pid"
gv_wait 10 "grep -q ready '$RUN/mroute'" && gv_wait 10 "grep -q listening '$RUN/mlisten'"
ip netns exec "$H2" "$PYTHON" "$MCAST" send 10.2.0.10 239.1.1.2 5000 10 &
msend_pid=$!
PIDS="$PIDS $msend_pid"
gv_wait 20 "grep -qE 'received|nothing' '$RUN/mlisten'"
kill "$msend_pid" 2>/dev/null

gv_capture_stop
tcpdump -n -r "$RUN/wan.cap" 2>/dev/null | sed 's/^[0-9:.]* //' >"$RUN/wire.txt"
wire() { grep -qF "$1" "$RUN/wire.txt"; }
check "grep -q \"received b'hello-group' from 10.2.0.10\" '$RUN/mlisten' &&
	    wire 'IP 10.2.0.10 > 239.1.1.2: ESP' &&
	    ! grep -q 'IP 10\.2\.0\.10\.[0-9]* > 239\.1\.1\.2\.5000: UDP' '$RUN/wire.txt'" \
	"multicast from LAN host 10.2.0.10 to 239.1.1.2 received on R3, only ESP on the wire, outer = inner"
[ $tap_failed = 0 ] || diag <<<"listener: $(cat "$RUN/mlisten"); on the wire: $(grep -F '> 239.1.1.2' "$RUN/wire.txt" | head -n 2 | tr '\n' ' ')"

# --- what crossed the WAN
spi_re() { echo "$1" | sed 's/^0X//' | tr A-F a-f; }
h0=$(spi_re "$spi0")
for pair in "10.0.0.2 > 10.0.0.3" "10.0.0.3 > 10.0.0.2" "10.2.0.10 > 10.3.0.10" "10.3.0.10 > 10.2.0.10"; do
	check "grep -q 'IP $pair: ESP(spi=0x0*$h0,' '$RUN/wire.txt'" \
		"on the wire: $pair is ESP with the group SPI $spi0, outer = inner addresses"
done
# Between protected addresses nothing but ESP; the injector's plaintext aside.
grep -E '^IP (10\.[0-9.]+) > 10\.' "$RUN/wire.txt" | grep -v 'ESP(spi=' |
	grep -vE '^IP 10\.3\.0\.99 ' >"$RUN/clear.txt"
check "[ ! -s '$RUN/clear.txt' ]" "nothing between protected addresses in clear on the wire"
head -n 5 "$RUN/clear.txt" | diag
check "grep -q 'IP 10.3.0.99 > 10.2.0.10: ICMP echo request' '$RUN/wire.txt'" \
	"the injected plaintext did cross the wire"
check "grep -q 'IP 10.2.0.10 > 192.168.1.3: ICMP echo request' '$RUN/wire.txt' &&
       grep -q 'IP 192.168.1.3 > 10.2.0.10: ICMP echo reply' '$RUN/wire.txt'" \
	"on the wire: traffic outside the ACL in clear (10.2.0.10 <> 192.168.1.3 ICMP)"
wire_spis=$(sed -n 's/^IP 10\.2\.0\.10 > 10\.3\.0\.10: ESP(spi=0x\([0-9a-f]*\),.*/\1/p' "$RUN/wire.txt" |
	uniq | while read -r h; do spi_norm "$h"; done | tr '\n' ' ' | sed 's/ $//')
check "[ '$wire_spis' = '$spis' ]" "on the wire 10.2.0.10 > 10.3.0.10 moved through the SPIs $spis ($wire_spis)"

# --- stop: nothing of getvpnd left, the unrelated objects unchanged
for n in 2 3; do gv_stop "$n"; done
# The kernel's larval states (SPI 0, made for ACQUIREs) are the kernel's,
# not getvpnd's: they cannot be deleted and expire by themselves.
for n in 2 3; do
	states=$(ip -n "$(ns "$n")" xfrm state | grep -E '^	proto esp spi 0x' | grep -v 'spi 0x00000000' |
		grep -v 'spi 0x00004242' | wc -l)
	policies=$(ip -n "$(ns "$n")" xfrm policy | grep -c '^src' | awk -v f=$([ "$n" = 2 ] && echo 1 || echo 0) '{ print $1 - f }')
	tables=$(ip netns exec "$(ns "$n")" nft list ruleset | grep -c .)
	check "[ $states = 0 ] && [ $policies = 0 ] && [ $tables = 0 ]" \
		"R$n stopped: no XFRM state ($states), policy ($policies) or nftables rule ($tables lines) of getvpnd left"
	[ $tap_failed = 0 ] || { ip -n "$(ns "$n")" xfrm state; ip -n "$(ns "$n")" xfrm policy
		ip netns exec "$(ns "$n")" nft list ruleset; } 2>&1 | diag
done
foreign >"$RUN/foreign.2" 2>&1
check "cmp -s '$RUN/foreign.0' '$RUN/foreign.2'" "unrelated state and policy unchanged after R2 stopped"
check "[ \"\$(ip netns exec $(ns 2) sysctl -n net.core.xfrm_larval_drop)\" = '$larval0' ]" \
	"net.core.xfrm_larval_drop restored on R2 ($larval0)"
if [ $tap_failed = 1 ]; then
	diag <<<"--- wire summary"
	sed 's/, length.*//; s/seq=0x[0-9a-f]*//; s/\.[0-9]* >/ >/' "$RUN/wire.txt" | sort | uniq -c |
		sort -rn | head -n 30 | diag
	for n in 2 3; do tail -n 8 "$(log_of "$n")" | diag; done
fi
finish
