#!/usr/bin/env bash
# Acceptance of rekeying on the lesson's topology: key server R1 (the
# lesson's R1.conf with TEK 120 s / KEK 300 s, clock sped up by
# GETVPND_TIME_SCALE) and members R2-R5 (the lesson's configurations,
# unchanged), unicast rekeys. Through 5 rekey cycles every member follows
# every rekey (each logs every SEQ, none registers again), every member
# ends on the key server's TEK and KEK, and `show crypto gdoi ks members`
# shows each member's acknowledgements. TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
. "${top_srcdir:-.}/tests/rekey/lib.sh"
gv_init
for n in 1 2 3 4 5; do gv_node "$n"; done

rk_ks_conf 120 300 10 2 >"$RUN/R1.conf"
check "rk_start_ks '$RUN/R1.conf'" "key server R1 running"
for n in 2 3 4 5; do gv_start "$n" "$LAB/R$n.conf"; done
check "gv_wait 5 'gm_registered 2 && gm_registered 3 && gm_registered 4 && gm_registered 5'" \
	"R2-R5 registered"
seq0=$(ks_seq)
for i in 1 2 3 4 5; do
	check "gv_wait 20 'all_at_least $((seq0 + i)) 2 3 4 5'" \
		"rekey cycle $i: R2-R5 accepted seq $((seq0 + i))"
done
last=$((seq0 + 5))
for n in 2 3 4 5; do
	missed=""
	for s in $(seq $((seq0 + 1)) $last); do
		grep -q "GM_RECV_REKEY.* with seq # $s," "$(log_of "$n")" || missed="$missed $s"
	done
	check "[ -z '$missed' ]" "R$n received every rekey ${seq0}+1..$last${missed:+ (missed:$missed)}"
	check "! grep -q 'GM_REREGISTER\\|GM_REKEY_REJECTED' '$(log_of "$n")' &&
	       [ \$(grep -c GM_REGS_COMPL '$(log_of "$n")') = 1 ]" "R$n registered once and rejected nothing"
done
gv_wait 5 "all_acked $last 2 3 4 5"
gv_sh 1 "show crypto gdoi ks members json" >"$RUN/members.json"
for n in 2 3 4 5; do
	check "json '[m for m in j[\"groups\"][0][\"members\"] if m[\"address\"] == \"192.168.1.$n\"][0]' <'$RUN/members.json' |
	       \"\$PYTHON\" -c 'import ast,sys; m=ast.literal_eval(sys.stdin.read()); sys.exit(not (m[\"acks_received\"] >= 5 and m[\"rekeys_sent\"] >= 5 and m[\"acked_seq\"] >= $last))'" \
		"show crypto gdoi ks members json: R$n acknowledged the 5 rekeys"
done
gv_sh 1 "show crypto gdoi ks members" >"$RUN/members.txt"
check "[ \$(grep -c 'Rekey Acks Rcvd   : [5-9]\\|Rekey Acks Rcvd   : [1-9][0-9]' '$RUN/members.txt') = 4 ]" \
	"show crypto gdoi ks members: four members with at least 5 Rekey Acks Rcvd"
grep -A12 "192.168.1.2" "$RUN/members.txt" | head -14 | diag
ks_tek=$(rk_fact 1 "show crypto gdoi ks policy" 'j["groups"][0]["teks"][0]["spi"]')
ks_kek=$(rk_fact 1 "show crypto gdoi ks policy" 'j["groups"][0]["kek"]["spi"]')
for n in 2 3 4 5; do
	check "gv_sh $n 'show crypto gdoi json' | grep -q '$ks_tek' && [ \"\$(rk_fact $n 'show crypto gdoi' 'j[\"group_member\"][\"groups\"][0][\"kek\"][\"spi\"]')\" = '$ks_kek' ]" \
		"R$n holds the key server's current TEK $ks_tek and KEK"
done
for n in 2 3 4 5; do
	check "[ \"\$(rk_fact $n 'show crypto gdoi' 'j[\"group_member\"][\"groups\"][0][\"rekeys_received\"]')\" -ge 5 ] &&
	       gv_sh $n 'show crypto gdoi gm' | grep -q 'Rekey ACKs sent       : [5-9]'" \
		"show crypto gdoi gm on R$n: at least 5 rekeys received and acknowledged"
done
gv_sh 2 "show crypto gdoi gm" | grep -i rekey | diag
check "! grep -q GM_DELETE '$(log_of 1)'" "no member removed"
finish
