#!/usr/bin/env bash
# Rekeys the key server sends outside the lifetimes (TEK 3600 s, so no
# timed rekey happens during the test): an edit of the `sa ipsec` ACL
# rekeys the running group (not restarted) and the member then holds the
# new policy (selectors and SPIs equal to the key server's); `crypto gdoi
# ks rekey` sends new TEKs while the old one rides along; `crypto gdoi ks
# rekey replace-now` deletes the old TEKs at once. TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
. "${top_srcdir:-.}/tests/rekey/lib.sh"
gv_init
for n in 1 2; do gv_node "$n"; done

rk_ks_conf 3600 86400 10 2 >"$RUN/R1.conf"
check "rk_start_ks '$RUN/R1.conf'" "key server R1 running"
gv_start 2 "$LAB/R2.conf"
check "gv_wait 5 'gm_registered 2'" "R2 registered"
gm_acl() { rk_fact 2 "show crypto gdoi" 'sorted(set(t["selector"]["acl_entry"] for t in j["group_member"]["groups"][0]["teks"]))'; }
gm_spis() { rk_fact 2 "show crypto gdoi" 'sorted(set(t["spi"] for t in j["group_member"]["groups"][0]["teks"]))'; }
ks_spis() { rk_fact 1 "show crypto gdoi ks policy" 'sorted(set(t["spi"] for t in j["groups"][0]["teks"]))'; }
# Every TEK the key server distributes now (SPI, selector, transform) is
# held by R2, which may still hold older ones riding along.
agree() {
	gv_sh 1 "show crypto gdoi ks policy json" >"$RUN/ks.json"
	gv_sh 2 "show crypto gdoi json" >"$RUN/gm.json"
	"$PYTHON" - "$RUN/ks.json" "$RUN/gm.json" >"$RUN/diff" <<'PY'
import json, sys
ks = json.load(open(sys.argv[1]))["groups"][0]["teks"]
gm = json.load(open(sys.argv[2]))["group_member"]["groups"][0]["teks"]
key = lambda t: (t["spi"], t["selector"]["acl_entry"], json.dumps(t["transform"], sort_keys=True))
missing = set(map(key, ks)) - set(map(key, gm))
for m in sorted(missing):
    print("R2 lacks", m)
sys.exit(1 if missing or not ks else 0)
PY
}
seq0=$(gm_seq 2)
acl0=$(gm_acl)
diag <<<"before: seq $seq0, ACL entries $acl0"

gv_sh 1 "configure terminal" "ip access-list extended ICMP" "permit tcp any any eq 22" "end" >/dev/null
check "gv_wait 10 '[ \"\$(gm_seq 2)\" = $((seq0 + 1)) ]'" "ACL edit: R2 received a rekey (seq $((seq0 + 1)))"
check "grep -q 'KS_SEND_UNICAST_REKEY (policy change)\\|Rekey (policy change)' '$(log_of 1)'" \
	"the key server logged a policy-change rekey"
check "gm_acl | grep -q 'tcp'" "R2 holds the new ACL entry ($(gm_acl))"
check "agree" "R2 holds every TEK of the key server's new policy"
diag <"$RUN/diff"
check "! grep -q KS_GROUP_STOPPED '$(log_of 1)'" "the group was rekeyed, not restarted"
check "[ \"\$(ks_member_count)\" = 1 ] && gm_registered 2" "R2 still a member"

before=$(gm_spis)
gv_sh 1 "crypto gdoi ks rekey" >/dev/null
check "gv_wait 10 '[ \"\$(gm_seq 2)\" = $((seq0 + 2)) ]'" "crypto gdoi ks rekey: R2 received seq $((seq0 + 2))"
after=$(gm_spis)
diag <<<"TEK SPIs before $before, after $after"
check "[ \"\$(echo '$after' | tr -cd , | wc -c)\" -ge 1 ]" "the old TEK rides along with the new one"
check "agree" "R2 holds every TEK the key server distributes"

gv_sh 1 "crypto gdoi ks rekey replace-now" >/dev/null
check "gv_wait 10 '[ \"\$(gm_seq 2)\" = $((seq0 + 3)) ]'" "replace-now: R2 received seq $((seq0 + 3))"
check "[ \"\$(gm_spis)\" = \"\$(ks_spis)\" ] && [ \"\$(gm_spis | tr -cd , | wc -c)\" = 0 ]" \
	"replace-now: R2 holds only the key server's new TEK ($(gm_spis))"
check "[ \"\$(rk_fact 1 'show crypto gdoi ks rekey' 'j[\"groups\"][0][\"last_reason\"]')\" != '' ]" \
	"show crypto gdoi ks rekey reports the last reason"
gv_sh 1 "show crypto gdoi ks rekey" | diag
finish
