#!/usr/bin/env bash
# Multicast rekeys: the key server has `rekey address ipv4 REKEY_MCAST`
# (destination 239.192.1.1) and no `rekey transport unicast`; members R2-R5
# on one bridge join the group on their registration address and all four
# follow 3 rekeys, each sent as one datagram per transmission to the
# group, 1 + 1 times (counted on the wire: no unicast copies), with no
# acknowledgements. TAP.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
. "${top_srcdir:-.}/tests/rekey/lib.sh"
gv_init
for n in 1 2 3 4 5; do gv_node "$n"; done

rk_ks_conf 120 300 10 1 "rekey address ipv4 REKEY_MCAST" |
	sed -e '/^  rekey transport unicast/d' -e 's/^end$//' >"$RUN/R1.conf"
cat >>"$RUN/R1.conf" <<'CONF'
ip access-list extended REKEY_MCAST
 permit udp host 192.168.1.1 eq 848 host 239.192.1.1 eq 848
!
end
CONF
check "rk_start_ks '$RUN/R1.conf'" "key server R1 running"
for n in 2 3 4 5; do gv_start "$n" "$LAB/R$n.conf"; done
check "gv_wait 5 'gm_registered 2 && gm_registered 3 && gm_registered 4 && gm_registered 5'" \
	"R2-R5 registered"
for n in 2 3 4 5; do
	check "gv_wait 5 '[ \"\$(rk_fact $n \"show crypto gdoi gm rekey\" \"j[\\\"groups\\\"][0][\\\"multicast\\\"]\")\" = 239.192.1.1 ]'" \
		"R$n joined the multicast rekey group 239.192.1.1"
done
ip netns exec "$WAN" tcpdump -i br0 --immediate-mode -U -w "$RUN/push.pcap" \
	'udp port 848 and (udp[26] == 33 or udp[26] == 35)' 2>"$RUN/tcpdump.err" &
CAP_PID=$!
PIDS="$PIDS $CAP_PID"
gv_wait 5 "grep -q listening '$RUN/tcpdump.err'"
seq0=$(ks_seq)
for i in 1 2 3; do
	want=$((seq0 + i))
	check "gv_wait 20 'all_at_least $want 2 3 4 5'" \
		"rekey $i (seq $want) reached R2-R5 by multicast"
done
sleep 1.5   # the retransmission of the last rekey
gv_capture_stop
tcpdump -nr "$RUN/push.pcap" 2>/dev/null >"$RUN/push.txt"
check "[ -s '$RUN/push.txt' ] && ! grep -v '> 239.192.1.1.848' '$RUN/push.txt' | grep -q ." \
	"every rekey datagram went to the group 239.192.1.1 (no unicast copy, no acknowledgement)"
"$PYTHON" "$top_srcdir/tests/rekey/pcap_payloads.py" "$RUN/push.pcap" >"$RUN/counts"
diag <<<"copies of each rekey datagram: $(tr '\n' ' ' <"$RUN/counts")"
check "! grep -qv '^[12]\$' '$RUN/counts' && [ \$(grep -c '^2\$' '$RUN/counts') -ge 2 ]" \
	"each rekey went out 1 + 1 times (\`rekey retransmit 10 number 1\`), the same datagram"
for n in 2 3 4 5; do
	check "[ \"\$(rk_fact $n 'show crypto gdoi gm rekey' 'j[\"groups\"][0][\"acks_sent\"]')\" = 0 ]" \
		"R$n sent no acknowledgement"
done
check "! grep -q GM_DELETE '$(log_of 1)'" "no member removed"
finish
