#!/bin/sh
# Main Mode between two real processes over UDP 848, a group member and
# a key server in two network namespaces joined by a veth pair, captured
# with tcpdump and checked by tshark's ISAKMP dissector. TAP output.
# Needs root, iproute2, tcpdump and tshark.

top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
peer=$top_builddir/tests/ike/mm_peer
ns_a=gvks$$ if_a=gvks0
ns_b=gvgm$$ if_b=gvgm0
net=10.99.0
. "$top_srcdir/tests/lib/veth_pair.sh"
ns_ks=$ns_a
ns_gm=$ns_b

cleanup() {
	[ -n "$ks_pid" ] && kill "$ks_pid" 2>/dev/null
	pair_cleanup
}
trap cleanup EXIT

pair_need_tools ip tcpdump tshark
pair_up
capture_start "$ns_ks" gvks0 32768 "udp port 848"

run_pair() { # policy psk_gm psk_ks [ks_local gm_local]
	ip netns exec "$ns_ks" "$peer" ks "${4:-10.99.0.1}" 10.99.0.2 "$3" "$1" 15 >"$dir/ks.out" 2>"$dir/ks.err" &
	ks_pid=$!
	sleep 0.3
	ip netns exec "$ns_gm" "$peer" gm "${5:-10.99.0.2}" 10.99.0.1 "$2" "$1" 15 >"$dir/gm.out" 2>"$dir/gm.err"
	gm_rc=$?
	sleep 0.2
	kill "$ks_pid" 2>/dev/null; wait "$ks_pid" 2>/dev/null
	ks_pid=
}

# 1. the lesson's policy: aes / sha / pre-share / group 5
run_pair aes-128-sha-5 mekmitasdigoat mekmitasdigoat
check '[ "$gm_rc" -eq 0 ]' "group member completes Main Mode (aes/sha/group 5)"
check 'grep -q "^ESTABLISHED 10.99.0.2 aes/128/sha/5 " "$dir/ks.out"' "key server established with the member"
gm_fp=$(awk '/^ESTABLISHED/ {print $4}' "$dir/gm.out")
ks_fp=$(awk '/^ESTABLISHED/ {print $4}' "$dir/ks.out")
check '[ -n "$gm_fp" ] && [ "$gm_fp" = "$ks_fp" ]' "both processes derived the same keys and IV"

# 2. the reference's policy: 3des / sha / group 2
run_pair 3des-0-sha-2 mekmitasdigoat mekmitasdigoat
check '[ "$gm_rc" -eq 0 ] && grep -q "^ESTABLISHED 10.99.0.2 3des/0/sha/2 " "$dir/ks.out"' \
	"3des/sha/group 2 over UDP"

# 3. both on wildcard sockets: answers leave from the address asked
run_pair aes-256-sha256-14 mekmitasdigoat mekmitasdigoat 0.0.0.0 0.0.0.0
check '[ "$gm_rc" -eq 0 ] && grep -q "^ESTABLISHED 10.99.0.2 aes/256/sha256/14 " "$dir/ks.out"' \
	"wildcard sockets: aes 256/sha256/group 14 over UDP"

# 4. wrong pre-shared key: both refuse
run_pair aes-128-sha-5 mekmitasdigoat wrong-key
check '[ "$gm_rc" -eq 1 ] && grep -q "FAILED AUTHENTICATION_FAILED" "$dir/gm.out"' \
	"wrong key: member fails with AUTHENTICATION_FAILED"
check 'grep -q "IKMP_BAD_MESSAGE" "$dir/ks.err" && ! grep -q ESTABLISHED "$dir/ks.out"' \
	"wrong key: key server logs a bad message and establishes nothing"

# 5. sixty members at once, from sixty addresses of one namespace
i=100
while [ $i -lt 160 ]; do
	ip -n "$ns_gm" addr add 10.99.0.$i/24 dev gvgm0
	i=$((i + 1))
done
ip netns exec "$ns_ks" "$peer" ks 10.99.0.1 0.0.0.0 mekmitasdigoat aes-128-sha-5 30 60 \
	>"$dir/ks.out" 2>"$dir/ks.err" &
ks_pid=$!
sleep 0.3
ip netns exec "$ns_gm" "$peer" gm 10.99.0.100 10.99.0.1 mekmitasdigoat aes-128-sha-5 30 60 \
	>"$dir/gm.out" 2>"$dir/gm.err"
gm_rc=$?
wait "$ks_pid"
ks_rc=$?
ks_pid=
check '[ "$gm_rc" -eq 0 ] && [ "$ks_rc" -eq 0 ] && [ "$(grep -c ^ESTABLISHED "$dir/ks.out")" -eq 60 ]' \
	"60 members at once: 60 SAs on both sides"
check '[ "$(awk "/^ESTABLISHED/ {print \$4}" "$dir/gm.out" | sort)" = "$(awk "/^ESTABLISHED/ {print \$4}" "$dir/ks.out" | sort)" ]' \
	"60 members at once: the same 60 key sets on both sides"

# the capture may trail the processes: wait for it (at most 5 s)
i=0
while [ "$(tshark -r "$dir/cap" -T fields -e udp.payload 2>/dev/null | sort -u | wc -l)" -lt 384 ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
kill "$dump_pid" 2>/dev/null; wait "$dump_pid" 2>/dev/null
dump_pid=

# a filter tshark does not know makes it fail: count only on success.
# A loaded machine makes peers retransmit; a retransmission is the same
# datagram again, so messages are counted by distinct UDP payload.
count() {
	tshark -r "$dir/cap" -d udp.port==848,isakmp -Y "$1" -T fields -e udp.payload \
		>"$dir/tshark.out" 2>"$dir/tshark.err" || { echo -1; return; }
	sort -u "$dir/tshark.out" | wc -l
}
total=$(count isakmp)
mm=$(count "isakmp.exchangetype == 2")
bad=$(count _ws.malformed)
# a loaded machine can make the capture lose packets; tcpdump counts them
dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$dir/tcpdump.err")
dropped=${dropped:-0}
check '[ $((total + dropped)) -eq 384 ] && [ $((total - mm)) -eq 1 ]' \
	"capture: 383 Main Mode messages and one Informational ($mm of $total ISAKMP packets, $dropped lost by the capture)"
foreign=$(count "isakmp && !(ip.addr == 10.99.0.1 && udp.srcport == 848 && udp.dstport == 848)")
check '[ "$foreign" -eq 0 ]' "every datagram from/to 10.99.0.1:848 and port 848 ($foreign others)"
check '[ "$bad" -eq 0 ]' "tshark finds no malformed ISAKMP packet ($bad)"
sa=$(count "isakmp.exchangetype == 2 && isakmp.sa.doi == 2")
check '[ "$sa" -le 128 ] && [ $((sa + dropped)) -ge 128 ]' "the 128 SA payloads carry DOI 2 (GDOI) as tshark reads them ($sa)"
echo "1..$n"
