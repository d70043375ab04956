#!/usr/bin/env bash
# `show crypto ipsec sa` and `show crypto gdoi gm dataplane` against the
# kernel's own counters. TAP; needs root.
#
#   ipsec_show.sh counters      (on a kernel with ESP: through
#                                tests/vm/run-in-kernel.sh) key server R1,
#       members R2 and R3 with loopbacks 10.0.0.2 and 10.0.0.3 routed over
#       the WAN; R2 pings loopback to loopback exactly K times; R2's encaps
#       and R3's decaps are K (and the replies: R3's encaps, R2's decaps),
#       counted per ACL entry (getvpnd's nftables counters),
#       the SPIs shown are the key server's TEK SPI, the pair is listed;
#       after a rekey K more pings: K on each SPI, 2K in the totals;
#       with the counters removed from the table, the SAs' totals, labelled.
#   ipsec_show.sh unavailable   (on a kernel without ESP, e.g. this host)
#       a member's `show crypto ipsec sa` says "% Dataplane unavailable:"
#       with the probe's reason and getvpnsh exits with an error.
mode=${1:?usage: ipsec_show.sh counters|unavailable}
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
K=7

kernel_has_esp() {
	local n=${P}probe rc
	ip netns add "$n" 2>/dev/null || return 1
	ip -n "$n" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 mode tunnel \
		enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff \
		auth-trunc 'hmac(sha1)' 0x00112233445566778899aabbccddeeff00112233 96 2>/dev/null
	rc=$?
	ip netns del "$n"
	return $rc
}

unavailable() {
	gv_node 2
	if kernel_has_esp; then
		echo "ok 1 # SKIP this kernel has ESP: the unavailable path cannot be shown here"
		echo "1..1"
		exit 0
	fi
	lab_conf 2 >"$RUN/R2.conf"
	check "gv_start 2 '$RUN/R2.conf'" "member R2 running on a kernel without ESP"
	gv_sh 2 "show crypto ipsec sa" >"$RUN/sa.out" 2>&1
	rc=$?
	diag <"$RUN/sa.out"
	check "[ $rc -ne 0 ]" "show crypto ipsec sa exits with an error status ($rc)"
	check "grep -q '^% Dataplane unavailable: kernel lacks ESP' '$RUN/sa.out'" \
		"it says the dataplane is unavailable, with the probe's reason"
	gv_sh 2 "show crypto gdoi gm dataplane json" >"$RUN/dp.out" 2>&1
	rc=$?
	check "[ $rc -ne 0 ] && grep -q '^% Dataplane unavailable:' '$RUN/dp.out'" \
		"show crypto gdoi gm dataplane json: the same error ($rc)"
	finish
}

# SA fields of a member's `show crypto ipsec sa json` (first entry).
sa_json() { # N EXPR over e = the first ACL entry
	gv_sh "$1" "show crypto ipsec sa json" |
		json "(lambda e: $2)(j['interfaces'][0]['entries'][0])"
}

sends_with() { [ "$(sa_json 2 'e["current_outbound_spi"].upper()')" = "$1" ]; }
receives() { sa_json 3 'e["inbound_esp_sas"]' | grep -qi "$1"; }

# After a rekey both TEKs are listed; K more pings go out with the new SPI,
# the old SPI's counters stay, the entry's totals are 2K.
rekey_counters() { # OLD_SPI
	local old=$1 new
	gv_sh 1 "crypto gdoi ks rekey" >/dev/null
	new=$(ks_spi | tr '[:lower:]' '[:upper:]')
	check "[ '$new' != '$old' ]" "key server rekeyed: TEK SPI $old -> $new"
	check "gv_wait 20 'sends_with $new && receives $new'" \
		"R2 sends with $new, R3 receives it"
	check "ip netns exec $(ns 2) ping -c $K -i 0.2 -W 2 -I 10.0.0.2 10.0.0.3 >'$RUN/ping2' 2>&1" \
		"R2 pings R3 $K more times after the rekey"
	gv_sh 2 "show crypto ipsec sa" >"$RUN/sa2-rekey.txt" 2>&1
	diag <"$RUN/sa2-rekey.txt"
	local e2 d3 split
	e2=$(sa_json 2 'e["pkts_encaps"]'); d3=$(sa_json 3 'e["pkts_decaps"]')
	split=$(sa_json 2 '" ".join("%s=%d" % (s["spi"].upper(), s["packets"]) for s in sorted(e["outbound_esp_sas"], key=lambda s: s["spi"].upper() != "'"$old"'"))')
	check "[ '$e2' = $((2 * K)) ] && [ '$d3' = $((2 * K)) ]" \
		"after the rekey: R2 encaps = R3 decaps = $((2 * K)) (shown: $e2, $d3)"
	check "[ '$split' = '$old=$K $new=$K' ]" \
		"R2 outbound SAs: $K packets on each SPI ($split)"
}

# Without the table's counters an entry shows its SAs' totals, labelled.
fallback_counters() {
	local names e2 c
	names=$(ip netns exec "$(ns 2)" nft list counters table ip getvpnd | awk '$1 == "counter" { print $2 }')
	ip netns exec "$(ns 2)" nft flush chain ip getvpnd count_in
	ip netns exec "$(ns 2)" nft flush chain ip getvpnd count_out
	for c in $names; do ip netns exec "$(ns 2)" nft delete counter ip getvpnd "$c"; done
	e2=$(sa_json 2 '"%s %d" % (e["counted_per"], e["pkts_encaps"])')
	check "[ '$e2' = 'sa $((2 * K))' ]" \
		"R2 without its per entry counters: the SAs' totals, counted per sa ($e2)"
	gv_sh 2 "show crypto ipsec sa" >"$RUN/sa2-fallback.txt" 2>&1
	check "grep -q 'no counters of this entry' '$RUN/sa2-fallback.txt'" \
		"R2 text layout says the figures are the SAs'"
}

counters() {
	for n in 1 2 3; do gv_node "$n"; done
	# Loopbacks routed over the WAN (the lesson pings loopback to loopback).
	ip -n "$(ns 2)" addr add 10.0.0.2/32 dev lo
	ip -n "$(ns 3)" addr add 10.0.0.3/32 dev lo
	ip -n "$(ns 2)" route add 10.0.0.3/32 via 192.168.1.3
	ip -n "$(ns 3)" route add 10.0.0.2/32 via 192.168.1.2
	check 'gv_start_ks' "key server R1 running"
	for n in 2 3; do gm_conf "$n" >"$RUN/gm$n.conf"; done
	gv_start_members 15 2 3
	spi=$(ks_spi | tr '[:lower:]' '[:upper:]')
	for n in 2 3; do
		check "[ \"\$(sa_json $n 'e[\"pkts_encaps\"] + e[\"pkts_decaps\"]')\" = 0 ]" \
			"R$n: counters start at 0"
	done

	check "ip netns exec $(ns 2) ping -c $K -i 0.2 -W 2 -I 10.0.0.2 10.0.0.3 >'$RUN/ping' 2>&1" \
		"R2 pings R3 loopback to loopback $K times"
	diag <"$RUN/ping"

	gv_sh 2 "show crypto ipsec sa" >"$RUN/sa2.txt" 2>&1
	diag <"$RUN/sa2.txt"
	e2=$(sa_json 2 'e["pkts_encaps"]'); d2=$(sa_json 2 'e["pkts_decaps"]')
	e3=$(sa_json 3 'e["pkts_encaps"]'); d3=$(sa_json 3 'e["pkts_decaps"]')
	check "[ '$e2' = $K ]" "R2 (sender) #pkts encaps = $K (shown: $e2)"
	check "[ '$d3' = $K ]" "R3 (receiver) #pkts decaps = $K (shown: $d3)"
	check "[ '$e3' = $K ]" "R3 encaps = $K echo replies (shown: $e3)"
	check "[ '$d2' = $K ]" "R2 decaps = $K echo replies (shown: $d2)"
	for n in 2 3; do
		check "[ \"\$(sa_json $n 'e[\"counted_per\"]')\" = entry ]" \
			"R$n: the entry's counters are its own (counted per entry)"
	done
	check "grep -q '#pkts encaps: $K, #pkts encrypt: $K, #pkts digest: $K' '$RUN/sa2.txt' &&
	       grep -q '#pkts decaps: $K, #pkts decrypt: $K, #pkts verify: $K' '$RUN/sa2.txt'" \
		"R2 text layout shows the same counters"
	for n in 2 3; do
		check "[ \"\$(sa_json $n 'e[\"inbound_esp_sas\"][0][\"spi\"].upper() + \" \" + e[\"outbound_esp_sas\"][0][\"spi\"].upper()')\" = '$spi $spi' ]" \
			"R$n: inbound and outbound SPI = the key server's TEK SPI $spi"
	done
	check "grep -q '^interface: eth0' '$RUN/sa2.txt' &&
	       grep -q '^    Crypto map tag: MY_MAP, local addr 192.168.1.2' '$RUN/sa2.txt' &&
	       grep -q '^   Group: GDOI_GROUP' '$RUN/sa2.txt' &&
	       grep -q '^        replay detection support: N' '$RUN/sa2.txt' &&
	       grep -q '^        Status: ACTIVE' '$RUN/sa2.txt'" \
		"R2 text layout: interface, crypto map, group, replay detection N, ACTIVE"

	gv_sh 2 "show crypto gdoi gm dataplane" >"$RUN/dp2.txt" 2>&1
	diag <"$RUN/dp2.txt"
	pair=$(gv_sh 2 "show crypto gdoi gm dataplane json" |
		json '",".join("%s>%s/%s/%s/%d" % (p["source"], p["destination"], p["outer_source"], p["spi"].upper(), p["packets"]) for p in j["pairs"]) + " replay=%s" % j["anti_replay"]["counter_based"]')
	check "[ '$pair' = '10.0.0.2>10.0.0.3/10.0.0.2/$spi/$K replay=False' ]" \
		"R2 dataplane: the live pair 10.0.0.2 > 10.0.0.3 with $K packets, anti-replay off ($pair)"
	rekey_counters "$spi"
	fallback_counters
	if [ $tap_failed = 1 ]; then
		{ ip -n "$(ns 2)" -s xfrm state; ip -n "$(ns 2)" xfrm policy; tail -n 20 "$(log_of 2)"; } 2>&1 | diag
	fi
	finish
}

case $mode in
counters) gv_init; counters ;;
unavailable) gv_init; unavailable ;;
*) echo "usage: ipsec_show.sh counters|unavailable" >&2; exit 2 ;;
esac
