#!/usr/bin/env bash
# Netlink trouble on a group member, on a kernel with ESP (tests/stages/
# faults.sh runs it through tests/vm/run-in-kernel.sh): the lesson's key
# server R1, members R2 and R3. R2 runs with two test-only knobs:
#  - GETVPND_TEST_XFRM_FAIL=2: its first two group SA installs fail with
#    ENOMEM. They are logged, retried with backoff (1 s, then 2 s), counted
#    in `show crypto gdoi gm dataplane faults`, and the third one works.
#  - GETVPND_TEST_NL_RCVBUF=1: its XFRM event socket gets the kernel's
#    smallest receive buffer; 40 flows started at once (R2 pinging 40
#    addresses on the WAN) overrun it and ACQUIREs are lost (ENOBUFS).
#    R2 notices, logs it, resynchronizes its host pairs from a dump of the
#    kernel's states, and every flow leaves as ESP well before the kernel
#    would send a lost ACQUIRE again (net.core.xfrm_acq_expires).
# TAP; needs root.
. "${top_srcdir:-.}/tests/faults/lib.sh"
unset GETVPND_TIME_SCALE
gv_init
for n in 1 2 3; do gv_node "$n"; done
FLOWS=40

lab_conf 1 >"$RUN/R1.conf"
check "fl_start_ks '$RUN/R1.conf'" "key server R1 running"
fl_start_gm 3
fl_start_gm 2 GETVPND_TEST_XFRM_FAIL=2 GETVPND_TEST_NL_RCVBUF=1
check "gv_wait 30 'gm_registered 3 && gm_dataplane_installed 3'" "R3 registered, dataplane installed"
gv_need_dataplane 2

# --- a failing install ----------------------------------------------------
check "gv_wait 30 'gm_registered 2'" "R2 registered although its first installs fail"
check "gv_wait 15 'gm_dataplane_installed 2'" "R2's dataplane installed after the retries"
check "[ \$(grep -c GM_DATAPLANE_RETRY '$(log_of 2)') = 2 ] && grep -q 'GM_DATAPLANE_RECOVERED.*after 2 failed attempts' '$(log_of 2)'" \
	"R2 logged two failures (GM_DATAPLANE_RETRY) and the recovery"
grep -E 'GM_DATAPLANE_(RETRY|RECOVERED)' "$(log_of 2)" | diag
check "grep -q 'retrying in 1 s' '$(log_of 2)' && grep -q 'retrying in 2 s' '$(log_of 2)'" \
	"the retries back off: 1 s, then 2 s"
check "[ \"\$(gm_fault 2 install_failures)\" = 2 ] && [ \"\$(gm_fault 2 install_retries)\" = 2 ] && [ \"\$(gm_fault 2 recoveries)\" = 1 ]" \
	"show crypto gdoi gm dataplane faults: 2 failures, 2 retries, 1 recovery"
gv_sh 2 "show crypto gdoi gm dataplane faults" | diag
check "gv_sh 2 'show crypto gdoi gm dataplane faults' | grep -q 'Last install error       : Cannot allocate memory'" \
	"the text form names the last error (ENOMEM)"
check "ip netns exec $(ns 2) ping -n -c 3 -i 0.3 -W 2 192.168.1.3 >/dev/null" "R2 pings R3 through the group SA"

# --- lost ACQUIREs --------------------------------------------------------
# 40 destinations on the WAN, all sent to R3's MAC (static neighbours):
# each flow needs its own host pair, and its ESP packets show on the bridge
# (R3 drops them: the addresses are not its own; only what R2 sends counts).
mac3=$(ip -n "$(ns 3)" link show eth0 | awk '/link\/ether/ {print $2}')
for i in $(seq 100 $((100 + FLOWS - 1))); do
	ip -n "$(ns 2)" neigh replace "192.168.1.$i" lladdr "$mac3" dev eth0 nud permanent
done
overruns=$(gm_fault 2 event_overruns)
ip netns exec "$WAN" tcpdump -i br0 -n --immediate-mode -U -w "$RUN/flows.cap" \
	'src host 192.168.1.2 and (esp or icmp)' 2>"$RUN/flows.err" &
CAP_PID=$!
PIDS="$PIDS $CAP_PID"
gv_wait 5 "grep -q listening '$RUN/flows.err'"
t0=$SECONDS
# All flows at once from one shell in R2's namespace, for 12 s: a flow
# whose ACQUIRE was lost and not resynced would send nothing before the
# kernel's larval state expires (net.core.xfrm_acq_expires, 30 s). R2's
# daemon is stopped while the flows start, so that their ACQUIREs pile up
# in its tiny socket buffer whatever the scheduling: the overrun is sure.
eval "r2_pid=\${PID_2:-}"
kill -STOP "$r2_pid"
ip netns exec "$(ns 2)" bash -c "
	for i in \$(seq 100 $((100 + FLOWS - 1))); do
		ping -n -c 12 -i 1 -w 12 192.168.1.\$i >/dev/null 2>&1 &
	done
	sleep 1
	kill -CONT $r2_pid
	wait"
kill -CONT "$r2_pid" 2>/dev/null
took=$((SECONDS - t0))
gv_capture_stop
tcpdump -n -r "$RUN/flows.cap" esp 2>/dev/null | sed -n 's/.* > \(192\.168\.1\.[0-9]*\): ESP.*/\1/p' |
	sort -u >"$RUN/protected"
check "gv_wait 20 '[ \$(gm_fault 2 event_overruns) -gt ${overruns:-0} ]'" \
	"the kernel dropped R2's XFRM events (ENOBUFS), and R2 counted it"
echo "# XFRM event overruns on R2: $(gm_fault 2 event_overruns)"
check "grep -q 'XFRM events were lost; resyncing' '$(log_of 2)'" "R2 logged the overrun and the resync"
check "[ \$(wc -l <'$RUN/protected') = $FLOWS ]" \
	"all $FLOWS flows left R2 as ESP ($(wc -l <"$RUN/protected") seen) within their ${took} s"
check "[ \$(tcpdump -n -r '$RUN/flows.cap' icmp 2>/dev/null | wc -l) = 0 ]" "none of them in clear"
pairs=$(rk_fact 2 "show crypto gdoi gm dataplane" 'j["live_pairs"]')
check "[ \"\${pairs:-0}\" -ge $FLOWS ]" "R2 holds a host pair per flow (${pairs:-0})"
[ $tap_failed = 0 ] || { grep -E 'DATAPLANE|lost' "$(log_of 2)" | tail -20 | diag; }
finish
