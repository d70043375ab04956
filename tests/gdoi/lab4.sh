#!/usr/bin/env bash
# The lesson's topology for registration: key server R1 and members R2-R5,
# each a real getvpnd started from its lab configuration (tests/lab/R*.conf,
# unchanged) in its own namespace on one bridge (lab addressing; names
# unique to this test, so a running lab is not disturbed). Every member
# registers, the key server lists the four, and every member holds the
# policy the key server shows (same KEK and TEK SPIs, transforms,
# selectors; lifetimes within the seconds between the commands). Then five
# unicast rekeys (`crypto gdoi ks rekey`): every member follows every one
# (new TEK SPI held, SEQ 1..5) and the key server counts five
# acknowledgements from each. TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
gv_init
for n in 1 2 3 4 5; do gv_node "$n"; done

check 'gv_start_ks' "key server R1 running"
for n in 2 3 4 5; do gv_start "$n" "$LAB/R$n.conf"; done
for n in 2 3 4 5; do
	if gv_wait 5 "gm_registered $n"; then ok "R$n registered"; else
		not_ok "R$n registered"; diag <"$(log_of "$n")"; fi
done

gv_sh 1 "show crypto gdoi ks members json" >"$RUN/members.json"
check "json 'sorted(m[\"address\"] for m in j[\"groups\"][0][\"members\"])' <'$RUN/members.json' |
       grep -qx \"\\['192.168.1.2', '192.168.1.3', '192.168.1.4', '192.168.1.5'\\]\"" \
	"show crypto gdoi ks members json lists R2-R5"
check "[ \$(gv_sh 1 'show crypto gdoi ks members' | grep -c 'Group Member ID') -eq 4 ]" \
	"show crypto gdoi ks members: four members"

gv_sh 1 "show crypto gdoi ks policy json" >"$RUN/ks.json"
for n in 2 3 4 5; do
	gv_sh "$n" "show crypto gdoi json" >"$RUN/gm$n.json"
	if "$PYTHON" "$top_srcdir/tests/gdoi/compare_policy.py" "$RUN/ks.json" "$RUN/gm$n.json" \
		>"$RUN/diff$n"; then
		ok "R$n and the key server agree on SPIs, transforms, selectors, lifetimes"
	else
		not_ok "R$n and the key server agree"; diag <"$RUN/diff$n"
	fi
done
check "[ \$(gv_sh 1 'show crypto isakmp sa' | grep -c 'GDOI_IDLE') -eq 4 ]" \
	"key server: four ISAKMP SAs in GDOI_IDLE"

gm_state() { gv_sh "$1" "show crypto gdoi json" |
	json '" ".join([str(j["group_member"]["groups"][0]["seq"])] + [t["spi"] for t in j["group_member"]["groups"][0]["teks"]])'; }
for round in 1 2 3 4 5; do
	gv_sh 1 "crypto gdoi ks rekey" >/dev/null
	spi=$(ks_spi)
	followed=""
	for n in 2 3 4 5; do
		gv_wait 5 "gm_state $n | grep -q '^$round .*$spi'" && followed="$followed R$n"
	done
	check "[ '$followed' = ' R2 R3 R4 R5' ]" "rekey $round (SEQ $round, TEK SPI $spi) followed by:$followed"
done
acked() { gv_sh 1 "show crypto gdoi ks members json" |
	json '" ".join(str(m["acks_received"]) for m in sorted(j["groups"][0]["members"], key=lambda m: m["address"]))'; }
check "gv_wait 5 '[ \"\$(acked)\" = \"5 5 5 5\" ]'" "key server: five acknowledgements from each member"
check "gv_sh 1 'show crypto gdoi ks members' | grep -c 'Rekey Acks Rcvd   : 5' | grep -qx 4" \
	"show crypto gdoi ks members: Rekey Acks Rcvd 5 for each"
finish
