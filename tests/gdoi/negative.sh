#!/usr/bin/env bash
# Registrations that must fail, against one lesson key server, each next to
# a healthy member: R2 (good), R3 with a wrong pre-shared key, R4 asking for
# a group identity the key server does not serve, R5 offering no ISAKMP
# proposal the key server accepts. Each failure is logged on both sides,
# the failing members retry with growing backoff and never register; the
# key server keeps serving (R2 stays registered, R6 registers afterwards).
# Real getvpnd processes in namespaces on a bridge (lab addressing). TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
gv_init
for n in 1 2 3 4 5 6; do gv_node "$n"; done

member_conf() { # N [sed expressions...]: R2.conf for router N, edited
	local n=$1
	shift
	sed -e "s/^hostname R2/hostname R$n/" "$@" "$LAB/R2.conf" >"$RUN/R$n.conf"
}
member_conf 2
member_conf 3 -e 's/crypto isakmp key MY_KEY/crypto isakmp key NOT_MY_KEY/'
member_conf 4 -e 's/identity number 123/identity number 999/'
member_conf 5 -e 's/ encryption aes/ encryption 3des/' -e 's/ group 5/ group 14/'
member_conf 6

check 'gv_start_ks' "key server R1 running"
for n in 2 3 4 5; do gv_start "$n" "$RUN/R$n.conf"; done
check "gv_wait 5 'gm_registered 2'" "R2 (good key) registered"

# wrong pre-shared key
check "gv_wait 10 \"[ \\\$(grep -c GM_REGS_FAIL '$(log_of 3)') -ge 2 ]\"" \
	"R3 (wrong key): two failed attempts logged"
delays=$(grep GM_REGS_FAIL "$(log_of 3)" | sed -n 's/.*next attempt in \([0-9]*\) s/\1/p' | head -3 | tr '\n' ' ')
d1=$(echo "$delays" | awk '{print $1}')
d2=$(echo "$delays" | awk '{print $2}')
check "[ -n '$d2' ] && [ '$d2' -gt '$d1' ]" "R3 backs off: next attempts in ${delays}s"
check "grep -Eq 'AUTH|auth' '$(log_of 3)'" "R3 logs an authentication failure"
check "grep -q 'IKMP_AUTH_FAILED.*192.168.1.3\|192.168.1.3.*IKMP_AUTH_FAILED' '$(log_of 1)'" \
	"key server logs the authentication failure of 192.168.1.3"
check "! gm_registered 3" "R3 not registered"

# unknown group identity
check "gv_wait 8 \"grep -q KS_UNKNOWN_GROUP_ID '$(log_of 1)'\"" \
	"key server logs the unknown group identity 999"
check "gv_wait 5 \"grep -q GM_REGS_REFUSED '$(log_of 4)'\"" "R4 logs the refusal"
check "gv_wait 8 \"[ \\\$(grep -c 'KS_UNKNOWN_GROUP_ID.*192.168.1.4' '$(log_of 1)') -ge 2 ]\"" \
	"R4 tries again after the refusal (second refusal on the key server)"
check "! gm_registered 4" "R4 not registered"

# no matching proposal
check "gv_wait 8 \"grep -q 'IKMP_MODE_FAILURE.*192.168.1.5 (no acceptable ISAKMP policy)' '$(log_of 1)'\"" \
	"key server logs that no proposal of 192.168.1.5 matched"
check "gv_wait 5 \"grep -q 'GM_REGS_FAIL.*NO_PROPOSAL_CHOSEN' '$(log_of 5)'\"" \
	"R5 logs NO_PROPOSAL_CHOSEN and retries"
check "! gm_registered 5" "R5 not registered"

# the key server is healthy
gv_sh 1 "show crypto gdoi ks members json" >"$RUN/members.json"
check "json '[m[\"address\"] for m in j[\"groups\"][0][\"members\"]]' <'$RUN/members.json' |
       grep -qx \"\\['192.168.1.2'\\]\"" "key server lists R2 only"
check "gm_registered 2" "R2 still registered"
gv_start 6 "$RUN/R6.conf"
check "gv_wait 3 'gm_registered 6'" "R6 registers after the failures"
for n in 1 2 3 4 5 6; do
	eval "pid=\$PID_$n"
	check "kill -0 $pid" "R$n's getvpnd still running"
done
finish
