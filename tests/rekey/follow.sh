#!/usr/bin/env bash
# Key server R1 and members R2, R3 (lesson configurations, TEK 120 s,
# KEK 300 s, unicast rekeys, clock sped up by GETVPND_TIME_SCALE): both
# members follow at least 3 rekeys; after each one the TEK SPIs the
# members hold are the key server's, the SEQ increases on both sides, every
# rekey is acknowledged (`show crypto gdoi ks members`), and the KEK
# rekey (at 240 s of KEK age) changes the KEK SPI on both sides. After
# `clear crypto gdoi` a member registers again and follows on. TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
. "${top_srcdir:-.}/tests/rekey/lib.sh"
gv_init
for n in 1 2 3; do gv_node "$n"; done

rk_ks_conf 120 300 10 2 >"$RUN/R1.conf"
check "rk_start_ks '$RUN/R1.conf'" "key server R1 running"
for n in 2 3; do gv_start "$n" "$LAB/R$n.conf"; done
for n in 2 3; do
	check "gv_wait 5 'gm_registered $n'" "R$n registered"
done

ks_spis() { rk_fact 1 "show crypto gdoi ks policy" 'sorted(t["spi"] for t in j["groups"][0]["teks"])'; }
ks_kek() { rk_fact 1 "show crypto gdoi ks policy" 'j["groups"][0]["kek"]["spi"]'; }
gm_spis() { rk_fact "$1" "show crypto gdoi" 'sorted(t["spi"] for t in j["group_member"]["groups"][0]["teks"])'; }
gm_kek() { rk_fact "$1" "show crypto gdoi" 'j["group_member"]["groups"][0]["kek"]["spi"]'; }

seq0=$(ks_seq); kek0=$(ks_kek); prev_spis=$(ks_spis)
diag <<<"start: seq $seq0, TEK SPIs $prev_spis, KEK $kek0"
for round in 1 2 3 4; do
	want=$((seq0 + round))
	if gv_wait 20 "[ \"\$(gm_seq 2)\" -ge $want ] && [ \"\$(gm_seq 3)\" -ge $want ]"; then
		ok "rekey $round: both members accepted seq $want"
	else
		not_ok "rekey $round: both members accepted seq $want (R2 $(gm_seq 2), R3 $(gm_seq 3), KS $(ks_seq))"
		tail -20 "$(log_of 1)" | diag
		continue
	fi
	ks=$(ks_spis)
	# the key server may already have moved on; compare what both members hold with it
	for n in 2 3; do
		gm=$(gm_spis "$n")
		newest=$(echo "$ks" | "$PYTHON" -c "import sys,ast; print(max(ast.literal_eval(sys.stdin.read()) or [0]))")
		check "[ \"\$(gm_seq $n)\" -gt $((want - 1)) ] && echo '$gm' | grep -q -- '$newest'" \
			"rekey $round: R$n holds the key server's newest TEK SPI $newest ($gm)"
	done
	check "[ '$ks' != '$prev_spis' ]" "rekey $round: the key server's TEK SPIs changed"
	prev_spis=$ks
done
check "[ \"\$(gm_kek 2)\" = \"\$(ks_kek)\" ] && [ \"\$(gm_kek 3)\" = \"\$(ks_kek)\" ]" \
	"members hold the key server's KEK SPI"
gv_wait 20 "[ \"\$(ks_kek)\" != '$kek0' ]"
check "[ \"\$(ks_kek)\" != '$kek0' ] && gv_wait 5 '[ \"\$(gm_kek 2)\" = \"\$(ks_kek)\" ]'" \
	"KEK rekey: new KEK SPI on the key server and on R2"
gv_sh 1 "show crypto gdoi ks members json" >"$RUN/members.json"
for n in 2 3; do
	check "json '[m for m in j[\"groups\"][0][\"members\"] if m[\"address\"] == \"192.168.1.$n\"][0][\"acks_received\"]' <'$RUN/members.json' | awk '{exit !(\$1 >= 4)}'" \
		"show crypto gdoi ks members: R$n acknowledged at least 4 rekeys"
done
for n in 2 3; do
	check "gm_registered $n && [ \"\$(rk_fact $n 'show crypto gdoi gm rekey' 'j[\"groups\"][0][\"reregistrations\"]')\" = 0 ]" \
		"R$n stayed registered without registering again"
done
# `clear crypto gdoi`: R3 registers again and follows the rekeys after it
gv_sh 3 "clear crypto gdoi" >/dev/null
check "gv_wait 10 '[ \$(grep -c GM_REGS_COMPL \"$(log_of 3)\") = 2 ] && gm_registered 3'" \
	"clear crypto gdoi: R3 registered again"
s3=$(ks_seq)
check "gv_wait 20 'all_at_least $((s3 + 1)) 2 3'" "R2 and R3 follow the next rekey (seq $((s3 + 1)))"
check "[ \"\$(gm_received 3)\" -ge 1 ] && [ \"\$(gm_received 3)\" -lt \"\$(gm_received 2)\" ]" \
	"R3's rekey counters restarted with the cleared group (R3 $(gm_received 3), R2 $(gm_received 2))"
gv_sh 1 "show crypto gdoi ks rekey" | diag
gv_sh 2 "show crypto gdoi gm rekey" | diag
finish
