#!/usr/bin/env bash
# Forged GROUPKEY-PUSH messages (tests/rekey/push_inject: a registered
# member replays the key server's PUSH after the target accepted it, flips
# a ciphertext bit, flips a signature bit under the right KEK, and signs a
# PUSH with SEQ + 50 with another RSA key) sent to member R2: each is
# rejected and counted by reason in `show crypto gdoi gm rekey`; R2 keeps
# its SEQ and keys, stays registered and accepts the next real rekey. TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
. "${top_srcdir:-.}/tests/rekey/lib.sh"
INJECT=$top_builddir/tests/rekey/push_inject
[ -x "$INJECT" ] || skip_all "tests/rekey/push_inject not built"
export GETVPND_TIME_SCALE=10
gv_init
for n in 1 2 9; do gv_node "$n"; done

rk_ks_conf 120 300 10 2 >"$RUN/R1.conf"
check "rk_start_ks '$RUN/R1.conf'" "key server R1 running"
gv_start 2 "$LAB/R2.conf"
check "gv_wait 5 'gm_registered 2'" "R2 registered"

rej() { rk_fact 2 "show crypto gdoi gm rekey" "j['groups'][0]['rejected']['$1']"; }
ip netns exec "$(ns 9)" "$INJECT" 192.168.1.9 192.168.1.1 192.168.1.2 MY_KEY 123 \
	>"$RUN/inject.out" 2>&1
check "[ \$? -eq 0 ]" "injector registered, captured a rekey and sent four forgeries"
diag <"$RUN/inject.out"
captured=$(awk '/^captured seq/ {print $3}' "$RUN/inject.out")
gv_wait 2 "[ \"\$(rej 'replayed SEQ')\" = 1 ]"
gv_sh 2 "show crypto gdoi gm rekey json" >"$RUN/after.json"
check "[ \"\$(json 'j[\"groups\"][0][\"rejected\"][\"replayed SEQ\"]' <'$RUN/after.json')\" = 1 ]" \
	"replayed PUSH rejected as a replayed SEQ"
check "[ \"\$(json 'j[\"groups\"][0][\"rejected\"][\"bad signature\"]' <'$RUN/after.json')\" -ge 2 ]" \
	"signature bit flip and foreign signing key rejected as bad signatures"
check "[ \"\$(json 'sum(j[\"groups\"][0][\"rejected\"].values())' <'$RUN/after.json')\" = 4 ]" \
	"all four forgeries rejected and counted (ciphertext flip included)"
check "[ \"\$(json 'j[\"groups\"][0][\"last_seq\"]' <'$RUN/after.json')\" = '$captured' ]" \
	"R2's SEQ is still that of the real rekey ($captured), not the forged one"
check "gm_registered 2" "R2 still registered"
check "gv_wait 20 'all_at_least $((captured + 1)) 2'" \
	"R2 accepts the next real rekey (seq $((captured + 1)))"
check "[ \"\$(rk_fact 2 'show crypto gdoi gm rekey' 'j[\"groups\"][0][\"reregistrations\"]')\" = 0 ]" \
	"R2 never had to register again"
grep GM_REKEY_REJECTED "$(log_of 2)" | diag
finish
