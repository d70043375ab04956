#!/usr/bin/env bash
# Unicast rekeys to a member behind 30 % packet loss in both directions
# (nftables random drop of UDP 848 in R3's namespace) with `rekey
# retransmit 10 number 10`: R3 follows at least 3 rekeys (and on until
# datagrams were actually dropped) within the retransmission
# budget, is never removed, and the key server's counters show the
# retransmissions the loss cost; R2 (no loss) follows too. TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
. "${top_srcdir:-.}/tests/rekey/lib.sh"
export GETVPND_TIME_SCALE=40
gv_init
for n in 1 2 3; do gv_node "$n"; done

rk_ks_conf 300 600 10 10 >"$RUN/R1.conf"
check "rk_start_ks '$RUN/R1.conf'" "key server R1 running"
for n in 2 3; do gv_start "$n" "$LAB/R$n.conf"; done
check "gv_wait 5 'gm_registered 2 && gm_registered 3'" "R2 and R3 registered"
check "rk_loss 3 30" "30 % loss on R3's GDOI traffic"
seq0=$(ks_seq)
# at least 3 rekeys, and on until the loss has hit R3's traffic (up to 10)
for i in $(seq 1 10); do
	want=$((seq0 + i))
	check "gv_wait 30 '[ \"\$(gm_seq 3)\" -ge $want ] && [ \"\$(gm_seq 2)\" -ge $want ]'" \
		"rekey $i (seq $want) reached R2 and lossy R3"
	[ "$i" -ge 3 ] && [ "$(rk_loss_counts 3)" -gt 0 ] && break
done
check "gv_wait 10 '[ \"\$(ks_member 3 acked_seq)\" -ge $want ]'" \
	"the key server has R3's acknowledgement of rekey seq $want"
check "! grep -q GM_DELETE '$(log_of 1)'" "no member removed"
drops=$(rk_loss_counts 3)
retries=$(ks_member 3 rekey_retries)
diag <<<"R3: $drops datagrams dropped, $retries rekey retransmissions"
check "[ '$drops' -gt 0 ]" "the loss dropped datagrams"
check "[ \"\$(rk_fact 3 'show crypto gdoi gm rekey' 'j[\"groups\"][0][\"reregistrations\"]')\" = 0 ]" \
	"R3 never had to register again"
finish
