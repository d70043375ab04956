#!/usr/bin/env bash
# Rekeying through the daemons (GROUPKEY-PUSH, unicast with
# acknowledgements): the lesson key server R1 and members R2, R3 as real
# getvpnd processes in namespaces on a bridge. Three rekeys asked for with
# `crypto gdoi ks rekey` (the schedule would take the lesson's TEK
# lifetime): each time both members log the rekey, hold the key server's
# new TEK SPI, the SEQ grows, and the key server counts their
# acknowledgements. Then a member that stops acknowledging (its daemon
# paused with SIGSTOP) is removed after the configured transmissions
# (1 + `rekey retransmit` number, every period: here 2 sends 10 s apart) while the
# other one follows. An ACL edit on the key server reaches both members
# in a rekey. TAP; needs root.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
gv_init
for n in 1 2 3; do gv_node "$n"; done

# The lesson's key server with short retransmissions for the removal test.
lab_conf 1 | sed 's/^  rekey transport unicast/  rekey transport unicast\n  rekey retransmit 10 number 1/' \
	>"$RUN/R1.conf"
gv_start 1 "$RUN/R1.conf"
gv_sh 1 "crypto key generate rsa general-keys label RSA_KEYS modulus 2048" >/dev/null
check "gv_wait 10 \"grep -q KS_GROUP_STARTED '$(log_of 1)'\"" "key server R1 running"
for n in 2 3; do gv_start "$n" "$LAB/R$n.conf"; done
for n in 2 3; do check "gv_wait 5 'gm_registered $n'" "R$n registered"; done

gm_spis() { gv_sh "$1" "show crypto gdoi json" | json '" ".join(t["spi"] for t in j["group_member"]["groups"][0]["teks"])'; }
gm_seq() { gv_sh "$1" "show crypto gdoi json" | json 'j["group_member"]["groups"][0]["seq"]'; }
acks() { gv_sh 1 "show crypto gdoi ks members json" |
	json "[m['acks_received'] for m in j['groups'][0]['members'] if m['address'] == '192.168.1.$1'][0]"; }

prev=$(ks_spi)
prev_seq=$(gm_seq 2)
for round in 1 2 3; do
	gv_sh 1 "crypto gdoi ks rekey" >/dev/null
	spi=$(ks_spi)
	check "[ '$spi' != '$prev' ]" "rekey $round: the key server has a new TEK SPI ($prev -> $spi)"
	for n in 2 3; do
		check "gv_wait 5 \"[ \\\$(grep -c GM_RECV_REKEY '$(log_of $n)') -ge $round ]\" &&
		       gm_spis $n | grep -qw '$spi'" "rekey $round: R$n received it and holds SPI $spi"
		check "gv_wait 5 '[ \"\$(acks $n)\" -ge $round ]'" "rekey $round: the key server counts R$n's acknowledgement"
	done
	seq=$(gm_seq 2)
	check "[ '$seq' -gt '$prev_seq' ]" "rekey $round: SEQ grew ($prev_seq -> $seq)"
	prev=$spi prev_seq=$seq
done
for n in 2 3; do
	check "gv_sh $n 'show crypto gdoi gm json' | json '(j[\"groups\"][0][\"rekeys_received\"], j[\"groups\"][0][\"rekey_acks_sent\"])' | grep -qx '(3, 3)' &&
	       gv_sh $n 'show crypto gdoi gm' | grep -q 'Last rekey from       : 192.168.1.1'" \
		"R$n: show crypto gdoi gm counts 3 rekeys received and 3 acknowledgements sent"
done
gv_sh 1 "show crypto gdoi ks policy json" >"$RUN/ks.json"
for n in 2 3; do
	gv_sh "$n" "show crypto gdoi json" >"$RUN/gm$n.json"
	check "'$PYTHON' '$top_srcdir/tests/gdoi/compare_policy.py' '$RUN/ks.json' '$RUN/gm$n.json' >/dev/null ||
	       gm_spis $n | grep -qw '$prev'" "R$n holds the current policy after three rekeys"
done

# A policy change on the key server (an entry added to the group's ACL)
# reaches the members in a rekey: the group and its members stay.
gv_sh 1 "configure terminal" "ip access-list extended ICMP" "permit udp any any eq 9999" "end" >/dev/null
check "gv_wait 5 \"grep -q 'KS_POLICY_CHANGE' '$(log_of 1)'\" &&
       ! grep -q KS_GROUP_STOPPED '$(log_of 1)'" "key server: ACL edit handled as a policy change, group kept"
has_udp() { # N SPI: the member holds a TEK for udp/9999 with that SPI
	gv_sh "$1" "show crypto gdoi json" | json "any(t['spi'] == '$2' and t['selector']['protocol'] == 17 and t['selector']['destination_port'] == 9999 for t in j['group_member']['groups'][0]['teks'])" | grep -qx True
}
ks_udp_spi() { gv_sh 1 "show crypto gdoi ks policy json" |
	json "([t['spi'] for t in j['groups'][0]['teks'] if t['selector']['protocol'] == 17] or [''])[0]"; }
gv_wait 5 '[ -n "$(ks_udp_spi)" ]'
spi=$(ks_udp_spi)
for n in 2 3; do
	check "gv_wait 5 'has_udp $n $spi'" "R$n received the new policy (udp/9999 under SPI $spi) in a rekey"
done

# A member that does not acknowledge is removed; the other one follows.
kill -STOP "$PID_3"
gv_sh 1 "crypto gdoi ks rekey" >/dev/null
spi=$(ks_spi)
check "gv_wait 30 \"grep -q 'GM_DELETE.*192.168.1.3' '$(log_of 1)'\"" \
	"R3 (paused) removed after the last transmission went unacknowledged"
check "[ \$(gv_sh 1 'show crypto gdoi ks members json' | json 'len(j[\"groups\"][0][\"members\"])') -eq 1 ]" \
	"the key server lists one member"
check "gm_spis 2 | grep -qw '$spi'" "R2 followed the rekey"
kill -CONT "$PID_3"
finish
