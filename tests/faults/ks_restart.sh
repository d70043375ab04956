#!/usr/bin/env bash
# Key server restart under traffic, on a kernel with ESP (tests/stages/
# faults.sh runs it through tests/vm/run-in-kernel.sh): the lesson's key
# server R1 and four members R2-R5, short lifetimes (TEK 120 s, KEK 300 s)
# on a clock sped up 4 times (GETVPND_TIME_SCALE). R2 pings R4 and R3
# pings R5 all along while the key server is stopped and started again
# with the same configuration:
#  - while it is down, the traffic goes on with the installed TEK, no loss;
#  - the members notice (their TEK nears its end with no rekey) and
#    register again with the new key server instance;
#  - then all four hold its TEK (same SPI) and the traffic uses that SPI;
#  - no ICMP crosses the WAN in clear at any point.
# TAP; needs root.
. "${top_srcdir:-.}/tests/faults/lib.sh"
export GETVPND_TIME_SCALE=4
gv_init
for n in 1 2 3 4 5; do gv_node "$n"; done
command -v tcpdump >/dev/null || skip_all "tcpdump not installed"
GMS="2 3 4 5"

rk_ks_conf 120 300 5 2 >"$RUN/ks.conf"
check "fl_start_ks '$RUN/ks.conf'" "key server R1 running (TEK 120 s, KEK 300 s, clock x4)"
for n in $GMS; do fl_start_gm "$n"; done
for n in $GMS; do
	check "gv_wait 30 'gm_registered $n && gm_dataplane_installed $n'" "R$n registered, dataplane installed"
done
gv_need_dataplane 2

fl_capture_start "$RUN/wan.cap"
p24=$(fl_ping_bg 2 4 "$RUN/ping24")
p35=$(fl_ping_bg 3 5 "$RUN/ping35")
check "ping_advances '$RUN/ping24' 5 15 && ping_advances '$RUN/ping35' 5 15" \
	"R2 -> R4 and R3 -> R5 flow through the group SA"

# A rekey just before the stop gives every member a TEK with its whole
# lifetime (30 real seconds), so the outage below stays inside it.
gv_sh 1 "crypto gdoi ks rekey" >/dev/null
spi1=$(ks_spi)
all_have() { local n; for n in $GMS; do gm_spis "$n" | grep -q "$1" || return 1; done; }
check "gv_wait 15 'all_have $spi1'" "before the stop: every member holds TEK $spi1"
rereg_before=$(cat "$RUN"/r[2-5]/getvpnd.log | grep -c GM_REREGISTER)

check "fl_signal 1 TERM" "key server stopped"
s24=$(ping_last_seq "$RUN/ping24"); s35=$(ping_last_seq "$RUN/ping35")
sleep 8
check "ping_advances '$RUN/ping24' 3 5 && ping_advances '$RUN/ping35' 3 5" \
	"traffic goes on with the key server down"
e24=$(ping_last_seq "$RUN/ping24"); e35=$(ping_last_seq "$RUN/ping35")
m24=$(ping_missing "$RUN/ping24" "$s24" "$e24"); m35=$(ping_missing "$RUN/ping35" "$s35" "$e35")
check "[ $m24 = 0 ] && [ $m35 = 0 ]" \
	"no loss while the key server is down (R2->R4: $m24 of $((e24 - s24)), R3->R5: $m35 of $((e35 - s35)) lost)"

check "fl_start_ks '$RUN/ks.conf'" "key server started again with the same configuration"
t0=$SECONDS
# The members register again when their TEK nears its end (30 s after
# the rekey, minus the lead), i.e. within about 25 real seconds.
all_new() { local k; k=$(ks_spi); [ -n "$k" ] && [ "$k" != "$spi1" ] && all_have "$k"; }
check "gv_wait 60 all_new" "every member registered with the new instance and holds its TEK"
echo "# the members moved to TEK $(ks_spi) $((SECONDS - t0)) s after the key server came back"
rereg_after=$(cat "$RUN"/r[2-5]/getvpnd.log | grep -c GM_REREGISTER)
check "[ $rereg_after -ge $((rereg_before + 4)) ]" \
	"the members noticed and registered again ($((rereg_after - rereg_before)) GM_REREGISTER)"
cat "$RUN"/r[2-5]/getvpnd.log | grep GM_REREGISTER | tail -4 | diag
for n in $GMS; do
	check "[ \"\$(ks_member $n address)\" = 192.168.1.$n ]" "the new key server lists R$n as a member"
done
spi2=$(ks_spi)
check "ping_advances '$RUN/ping24' 10 10 && ping_advances '$RUN/ping35' 10 10" \
	"traffic flows after the re-registration"
kill -INT "$p24" "$p35" 2>/dev/null
wait "$p24" "$p35" 2>/dev/null
fl_capture_stop
check "[ \$(fl_esp_with '$RUN/wan.cap' \$(spi_wire $spi2)) -gt 0 ]" "ESP with the new SPI $spi2 on the WAN"
check "[ \$(fl_cleartext '$RUN/wan.cap') = 0 ]" "no ICMP between members in clear on the WAN at any point"
lost=$(( $(ping_gaps "$RUN/ping24") + $(ping_gaps "$RUN/ping35") ))
# Members move to the new instance's TEK one by one: until the receiver
# has registered too, it cannot read the sender's new SPI.
check "[ $lost -le 15 ]" "loss over the whole run, switch of TEK included: $lost packets (at most 15)"
[ $tap_failed = 0 ] || for n in 2 4; do fl_dump_state "$n"; done
finish
