#!/usr/bin/env bash
# Unicast rekeys with `rekey retransmit 10 number 3`: member R4 is paused
# (SIGSTOP) and never acknowledges; the key server sends it the rekey
# exactly 1 + 3 times (counted on the wire), then removes it
# (%GDOI-4-GM_DELETE) while R2 and R3 go on following rekeys. Resumed,
# R4 finds its keys running out with no rekey and registers again. TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
. "${top_srcdir:-.}/tests/rekey/lib.sh"
gv_init
for n in 1 2 3 4; do gv_node "$n"; done

rk_ks_conf 120 300 10 3 >"$RUN/R1.conf"
check "rk_start_ks '$RUN/R1.conf'" "key server R1 running"
for n in 2 3 4; do gv_start "$n" "$LAB/R$n.conf"; done
check "gv_wait 5 'gm_registered 2 && gm_registered 3 && gm_registered 4'" "R2-R4 registered"
check "gv_wait 20 'all_at_least 1 2 3 4'" "first rekey followed by all"
check "gv_wait 5 '[ \"\$(ks_member 4 acks_received)\" -ge 1 ]'" "R4's acknowledgement recorded"

# every GROUPKEY-PUSH (exchange 33) sent to R4 from now on
ip netns exec "$WAN" tcpdump -i br0 --immediate-mode -U -w "$RUN/r4.pcap" \
	'udp port 848 and dst host 192.168.1.4 and udp[26] == 33' 2>"$RUN/tcpdump.err" &
CAP_PID=$!
PIDS="$PIDS $CAP_PID"
gv_wait 5 "grep -q listening '$RUN/tcpdump.err'"
kill -STOP "$PID_4"
check "gv_wait 30 'grep -q \"GM_DELETE.*192.168.1.4\" \"$(log_of 1)\"'" \
	"key server removed the silent R4 (%GDOI-4-GM_DELETE)"
sleep 0.5
gv_capture_stop
sent=$(tcpdump -r "$RUN/r4.pcap" 2>/dev/null | wc -l)
check "[ '$sent' = 4 ]" "R4 was sent the rekey exactly 1 + 3 times ($sent)"
grep "GM_DELETE" "$(log_of 1)" | diag
check "[ -z \"\$(ks_member 4 address)\" ] && [ \"\$(ks_member_count)\" = 2 ]" \
	"show crypto gdoi ks members: R4 gone, R2 and R3 listed"
seq=$(ks_seq)
check "gv_wait 20 'all_at_least $((seq + 1)) 2 3'" \
	"R2 and R3 follow the next rekey (seq $((seq + 1)))"
check "[ \$(grep -c 'GM_DELETE' '$(log_of 1)') = 1 ]" "no other member was removed"

kill -CONT "$PID_4"
check "gv_wait 30 '[ -n \"\$(ks_member 4 address)\" ]'" \
	"R4 resumed: its keys run out without a rekey, it registers again"
grep -E "GM_REREGISTER|GM_REGS_COMPL" "$(log_of 4)" | tail -3 | diag
check "gv_wait 20 '[ \"\$(gm_seq 4)\" = \"\$(ks_seq)\" ] && [ \"\$(ks_member 4 acks_received)\" -ge 1 ]'" \
	"R4 follows rekeys again"
finish
