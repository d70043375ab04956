#!/usr/bin/env bash
# Clock jumps, in the VM only (CLOCK_REALTIME cannot be moved in a
# namespace; the VM's clock is its own): the lesson's key server R1 and
# members R2, R3 with short lifetimes (TEK 120 s, KEK 300 s, clock sped up
# 10 times: a rekey every few seconds). The wall clock jumps 3 hours
# forward, then 6 hours back, while R2 pings R3. getvpnd times its
# lifetimes, rekeys and retransmissions on CLOCK_MONOTONIC and gives the
# kernel no time-based lifetime, so:
#  - after each jump the key server goes on rekeying and both members
#    follow every rekey;
#  - no member registers again (no lifetime ran out early) and every TEK
#    lifetime shown stays within its configured value;
#  - the traffic between the members keeps flowing.
# TAP; needs root.
. "${top_srcdir:-.}/tests/faults/lib.sh"
export GETVPND_TIME_SCALE=10
if ! grep -q stage2.sh /proc/1/cmdline 2>/dev/null && [ -z "${GETVPND_FAULTS_MOVE_CLOCK:-}" ]; then
	skip_all "would move this machine's clock (runs in the VM; GETVPND_FAULTS_MOVE_CLOCK=1 forces)"
fi
gv_init
for n in 1 2 3; do gv_node "$n"; done

rk_ks_conf 120 300 5 2 >"$RUN/ks.conf"
check "fl_start_ks '$RUN/ks.conf'" "key server R1 running (TEK 120 s, KEK 300 s, clock x10)"
for n in 2 3; do fl_start_gm "$n"; done
check "gv_wait 30 'gm_registered 2 && gm_registered 3 && gm_dataplane_installed 2 && gm_dataplane_installed 3'" \
	"R2 and R3 registered, dataplanes installed"
gv_need_dataplane 2
p23=$(fl_ping_bg 2 3 "$RUN/ping23")
check "ping_advances '$RUN/ping23' 5 15" "R2 pings R3 through the group SA"
rereg=$(cat "$(log_of 2)" "$(log_of 3)" | grep -c GM_REREGISTER)
# Each TEK's lifetime left within 0..120 s (an old TEK at the end of its
# rollover shows 0), the newest one's above 0, the KEK's within 1..300 s.
ok_py='lambda g: all(0 <= t["remaining_lifetime"] <= 120 for t in g["teks"]) and max(t["remaining_lifetime"] for t in g["teks"]) > 0 and 0 < g["kek"]["remaining_lifetime"] <= 300'
lifetimes_sane() {
	local n
	for n in 2 3; do
		gv_sh "$n" "show crypto gdoi gm json" | json "($ok_py)(j['groups'][0])" |
			grep -q True || return 1
	done
}

jump() { # DATE-ARGUMENT WHAT
	local seq
	seq=$(ks_seq)
	date -s "$1" >/dev/null
	echo "# wall clock now $(date -u '+%F %T') ($2)"
	check "gv_wait 40 'all_at_least $((seq + 2)) 2 3 && [ \$(ks_seq) -ge $((seq + 2)) ]'" \
		"after the jump $2: two more rekeys from seq $seq, both members follow"
	echo "# key server at seq $(ks_seq), members at $(gm_seq 2) and $(gm_seq 3)"
	check "lifetimes_sane" "after the jump $2: every TEK and KEK lifetime shown within its configured value"
	lifetimes_sane || gv_sh 2 "show crypto gdoi gm json" | diag
	check "ping_advances '$RUN/ping23' 5 10" "after the jump $2: traffic flows"
}
jump "+3 hours" "3 hours forward"
jump "-6 hours" "6 hours back"
date -s "+3 hours" >/dev/null
check "[ \$(cat '$(log_of 2)' '$(log_of 3)' | grep -c GM_REREGISTER) = $rereg ]" \
	"no member registered again: no lifetime ran out early or late"
kill -INT "$p23" 2>/dev/null
wait "$p23" 2>/dev/null
lost=$(ping_gaps "$RUN/ping23")
check "[ $lost -le 3 ]" "R2 -> R3 across both jumps and $(ks_seq) rekeys: $lost lost (rollovers: at most 3)"
[ $tap_failed = 0 ] || for n in 2 3; do tail -n 20 "$(log_of "$n")" | diag; done
finish
