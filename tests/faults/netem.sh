#!/usr/bin/env bash
# WAN loss and delay, on a kernel with sch_netem and ESP (tests/stages/
# faults.sh runs it through tests/vm/run-in-kernel.sh): every router's
# eth0 sends through netem, 30 % loss and 200 ms delay, so each datagram
# crossing the WAN is lost 3 times in 10 and a round trip takes 400 ms.
# The lesson's key server R1 (rekey retransmit every 10 s, 3 times; clock
# sped up 2 times, which halves every protocol timer) and members R2, R3:
#  - both register within 150 s: one attempt's budget is Main Mode's
#    (retransmits after 2 s, doubling, 5 times: 62 s) plus the
#    GROUPKEY-PULL's (after 5 s, 3 times; halved here); a failed attempt
#    starts again after 2 s, then 4 s (measured: 24 to 98 s);
#  - a rekey reaches both members within the rekey retransmit budget
#    (4 transmissions 10 s apart: 20 real seconds at 2 times);
#  - traffic between the members then flows through the new TEK.
# TAP; needs root.
. "${top_srcdir:-.}/tests/faults/lib.sh"
export GETVPND_TIME_SCALE=2
gv_init
for n in 1 2 3; do gv_node "$n"; done
modprobe sch_netem 2>/dev/null
for n in 1 2 3; do
	ip netns exec "$(ns "$n")" tc qdisc add dev eth0 root netem loss 30% delay 200ms 2>"$RUN/tc.err" ||
		skip_all "no sch_netem in this kernel: $(cat "$RUN/tc.err")"
done
ok "netem on every router's eth0: 30% loss, 200 ms delay"

rk_ks_conf 120 300 10 3 >"$RUN/ks.conf"
check "fl_start_ks '$RUN/ks.conf'" "key server R1 running (rekey retransmit 10 s, 3 times; clock x2)"
t0=$SECONDS
for n in 2 3; do fl_start_gm "$n"; done
# 62 s of Main Mode retransmission plus the pull's, with more attempts
check "gv_wait 150 'gm_registered 2 && gm_registered 3'" "both members registered under loss"
echo "# registered after $((SECONDS - t0)) s"
cat "$(log_of 2)" "$(log_of 3)" | grep -cE 'GM_REGS_FAIL' | sed 's/^/failed attempts on the way: /' | diag
gv_need_dataplane 2
check "gv_wait 10 'gm_dataplane_installed 2 && gm_dataplane_installed 3'" "both dataplanes installed"

for round in 1 2; do
	gv_sh 1 "crypto gdoi ks rekey" >/dev/null
	seq=$(ks_seq)
	t0=$SECONDS
	# 4 transmissions 10 scaled s apart = 20 real s, plus the delay
	check "gv_wait 22 'all_at_least $seq 2 3'" "rekey $round (seq $seq) reached both members under loss"
	echo "# rekey $round: both members at seq $seq after $((SECONDS - t0)) s"
done
spi=$(ks_spi)
check "gv_wait 10 \"gm_spis 2 | grep -q $spi && gm_spis 3 | grep -q $spi\"" "both members hold the newest TEK $spi"
check "ip netns exec $(ns 2) ping -n -c 20 -i 0.5 -W 3 192.168.1.3 | grep -q 'bytes from'" \
	"R2 pings R3 through the group SA (with the loss)"
drops=0
for n in 1 2 3; do
	d=$(ip netns exec "$(ns "$n")" tc -s qdisc show dev eth0 | sed -n 's/.*dropped \([0-9]*\).*/\1/p' | head -1)
	drops=$((drops + ${d:-0}))
done
check "[ $drops -gt 0 ]" "netem dropped $drops packets along the way"
retrans=$(rk_fact 1 "show crypto gdoi ks rekey" 'j["groups"][0]["datagrams"]')
echo "# key server rekey datagrams sent (retransmissions included): ${retrans:-?}"
[ $tap_failed = 0 ] || for n in 2 3; do tail -n 20 "$(log_of "$n")" | diag; done
finish
