#!/usr/bin/env bash
# End to end on a kernel with ESP (run it through tests/vm/run-in-kernel.sh;
# tests/stages/gdoi.sh does): the lesson key server R1 and members R2, R3
# as real getvpnd processes; after registration each member's daemon has
# installed the group SA through the dataplane; a ping from R2 to R3
# (the lesson ACL: permit icmp any any) crosses the bridge as ESP with the
# key server's TEK SPI and the inner addresses as outer ones, and no ICMP
# between them is seen in clear; a rekey under a running ping moves the
# SPI on the wire with at most one packet lost; stopping a member's daemon
# leaves no XFRM state or policy of it. TAP; needs root.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
gv_init
for n in 1 2 3; do gv_node "$n"; done
command -v tcpdump >/dev/null || skip_all "tcpdump not installed"

check 'gv_start_ks' "key server R1 running"
for n in 2 3; do gm_conf "$n" >"$RUN/gm$n.conf"; done
gv_start_members 15 2 3
spi=$(ks_spi)
spi_hex=$(echo "$spi" | sed 's/^0x//' | tr 'A-F' 'a-f')
for n in 2 3; do
	check "ip netns exec $(ns "$n") ip xfrm state | grep -q 'spi 0x0*$spi_hex'" \
		"R$n: XFRM state with the TEK SPI $spi"
done

gv_capture "$RUN/esp.cap" 'host 192.168.1.2 and host 192.168.1.3'
check "ip netns exec $(ns 2) ping -c 5 -i 0.2 -W 2 192.168.1.3 >'$RUN/ping' 2>&1" \
	"R2 pings R3 through the group SA"
gv_capture_stop
tcpdump -n -r "$RUN/esp.cap" 2>/dev/null >"$RUN/esp.txt"
check "grep -q 'IP 192.168.1.2 > 192.168.1.3: ESP(spi=0x0*$spi_hex' '$RUN/esp.txt'" \
	"R2 -> R3 on the wire: ESP, SPI $spi, outer addresses = inner ones"
check "grep -q 'IP 192.168.1.3 > 192.168.1.2: ESP(spi=0x0*$spi_hex' '$RUN/esp.txt'" \
	"R3 -> R2 on the wire: ESP with the same group SPI"
check "! grep -q ICMP '$RUN/esp.txt'" "no ICMP between R2 and R3 in clear"
[ $tap_failed = 0 ] || diag <"$RUN/esp.txt"

# A rekey under traffic: a ping runs across it, the SPI on the wire moves
# to the new TEK, at most one packet in flight is lost.
gv_capture "$RUN/rekey.cap" 'host 192.168.1.2 and host 192.168.1.3'
ip netns exec "$(ns 2)" ping -c 40 -i 0.2 -W 2 192.168.1.3 >"$RUN/ping2" 2>&1 &
ping_pid=$!
gv_wait 3 "[ \$(grep -c 'bytes from' '$RUN/ping2') -ge 5 ]"
gv_sh 1 "crypto gdoi ks rekey" >/dev/null
new_spi=$(ks_spi)
new_hex=$(echo "$new_spi" | sed 's/^0x//' | tr 'A-F' 'a-f')
wait "$ping_pid"
gv_capture_stop
tcpdump -n -r "$RUN/rekey.cap" 2>/dev/null >"$RUN/rekey.txt"
check "grep -q 'GM_RECV_REKEY' '$(log_of 2)' && grep -q 'GM_RECV_REKEY' '$(log_of 3)'" \
	"both members received the rekey"
check "grep -q 'ESP(spi=0x0*$spi_hex' '$RUN/rekey.txt' && grep -q 'ESP(spi=0x0*$new_hex' '$RUN/rekey.txt'" \
	"the SPI on the wire moved from $spi to $new_spi during the ping"
received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$RUN/ping2")
check "[ '${received:-0}' -ge 39 ]" "ping across the rekey: ${received:-0} of 40 answered"
check "! grep -q ICMP '$RUN/rekey.txt'" "no ICMP in clear across the rekey"

gv_stop 2
# What the daemon installed is gone at once. The kernel's own larval state
# of an ACQUIRE (SPI 0, made for the transport-mode trigger template)
# cannot be deleted individually from user space; it expires after
# net.core.xfrm_acq_expires seconds, so that is waited for separately.
real_states() { ip netns exec "$(ns 2)" ip xfrm state | grep '^src' -A1 | grep 'proto' | grep -v 'spi 0x00000000'; }
check "! real_states | grep -q . &&
       ! ip netns exec $(ns 2) ip xfrm policy | grep -q 'tmpl' &&
       ! ip netns exec $(ns 2) nft list tables | grep -q getvpnd" \
	"R2 stopped: no XFRM state, IPsec policy or nftables table of getvpnd left"
acq=$(ip netns exec "$(ns 2)" cat /proc/sys/net/core/xfrm_acq_expires 2>/dev/null || echo 30)
check "gv_wait $((acq + 5)) '! ip netns exec $(ns 2) ip xfrm state | grep -q .'" \
	"the kernel's larval ACQUIRE states expire within ${acq}s"
if [ $tap_failed = 1 ]; then
	{ ip netns exec "$(ns 2)" ip xfrm state; ip netns exec "$(ns 2)" ip xfrm policy
	  ip netns exec "$(ns 2)" nft list ruleset; tail -n 15 "$(log_of 2)"; } 2>&1 | diag
fi
check "kill -0 \$PID_3 && gm_registered 3" "R3 still registered"
finish
