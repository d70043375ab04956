#!/usr/bin/env bash
# Group member restarts, on a kernel with ESP (tests/stages/faults.sh runs
# it through tests/vm/run-in-kernel.sh): the lesson's key server R1 and
# four members R2-R5 as real getvpnd processes; R3 pings R4 all along.
#  - SIGTERM of R2: its own kernel objects go, the other members' stay;
#    started again it re-registers and its traffic (R2 -> R5) resumes.
#  - SIGKILL of R2: nothing is cleaned, its states keep carrying traffic;
#    the next start removes the old instance's objects and re-registers:
#    afterwards no duplicate state or policy, no orphan of the old run
#    (the same objects as before the kill), one nftables table.
#  - R3 <-> R4 lose no packet across both restarts, and no ICMP crosses
#    the WAN in clear.
# TAP; needs root.
. "${top_srcdir:-.}/tests/faults/lib.sh"
unset GETVPND_TIME_SCALE   # the lesson's lifetimes: no rekey during this test
gv_init
for n in 1 2 3 4 5; do gv_node "$n"; done
command -v tcpdump >/dev/null || skip_all "tcpdump not installed"

lab_conf 1 >"$RUN/R1.conf"
check "fl_start_ks '$RUN/R1.conf'" "key server R1 running"
for n in 2 3 4 5; do fl_start_gm "$n"; done
for n in 2 3 4 5; do
	check "gv_wait 30 'gm_registered $n && gm_dataplane_installed $n'" \
		"R$n registered, dataplane installed"
done
gv_need_dataplane 2
spi=$(ks_spi)

fl_capture_start "$RUN/wan.cap"
bg=$(fl_ping_bg 3 4 "$RUN/ping34")
check "ping_advances '$RUN/ping34' 5 15" "R3 pings R4 through the group SA"
check "ip netns exec $(ns 2) ping -n -c 3 -i 0.3 -W 2 192.168.1.5 >/dev/null" "R2 pings R5"
xfrm_states 3 | sort >"$RUN/r3.before"
xfrm_policies 3 | sort >"$RUN/r3p.before"
# Router N's states and policies are those saved in PREFIX.before, PREFIXp.before.
same_objects() { # N PREFIX
	xfrm_states "$1" | sort | cmp -s - "$2.before" &&
		xfrm_policies "$1" | sort | cmp -s - "${2}p.before"
}

# --- SIGTERM --------------------------------------------------------------
check "fl_signal 2 TERM" "R2's daemon stops on SIGTERM"
check "[ -z \"\$(xfrm_states 2)\" ] && [ -z \"\$(xfrm_policies 2)\" ] && [ \$(nft_tables 2) = 0 ]" \
	"R2 stopped: none of its states, policies or nftables table left"
check "ping_advances '$RUN/ping34' 5 10" "R3 -> R4 keeps flowing while R2 is down"
fl_start_gm 2
check "gv_wait 30 'gm_registered 2 && gm_dataplane_installed 2'" "R2 started again: registered"
check "[ \"\$(gm_spis 2)\" = '$spi' ]" "R2 has the group's TEK again (SPI $spi)"
check "ip netns exec $(ns 2) ping -n -c 3 -i 0.3 -W 2 192.168.1.5 >/dev/null" "R2 -> R5 traffic resumes"
check "same_objects 3 '$RUN/r3'" \
	"R3's kernel states and policies are as before R2's restart"

# --- SIGKILL --------------------------------------------------------------
xfrm_states 2 | sort >"$RUN/r2.before"
xfrm_policies 2 | sort >"$RUN/r2p.before"
check "fl_signal 2 KILL" "R2's daemon killed with SIGKILL"
check "xfrm_states 2 | sort | cmp -s - '$RUN/r2.before' && [ \$(nft_tables 2) = 1 ]" \
	"its kernel state stays after SIGKILL ($(wc -l <"$RUN/r2.before") states, one table)"
check "ip netns exec $(ns 2) ping -n -c 3 -i 0.3 -W 2 192.168.1.5 >/dev/null" \
	"R2 -> R5 still protected with no daemon running"
cleanups=$(grep -c GM_DATAPLANE_CLEANUP "$(log_of 2)")
fl_start_gm 2
check "gv_wait 30 'gm_registered 2 && gm_dataplane_installed 2'" "R2 started after SIGKILL: registered"
check "[ \$(grep -c 'GM_DATAPLANE_CLEANUP.*Removed [0-9]* objects' '$(log_of 2)') -gt $cleanups ]" \
	"the start removed the old instance's objects: $(grep 'GM_DATAPLANE_CLEANUP' "$(log_of 2)" | tail -1 | sed 's/.*Removed/Removed/')"
check "ip netns exec $(ns 2) ping -n -c 3 -i 0.3 -W 2 192.168.1.5 >/dev/null" "R2 -> R5 traffic after recovery"
check "[ -z \"\$(xfrm_states 2 | sort | uniq -d)\" ] && [ -z \"\$(xfrm_policies 2 | sort | uniq -d)\" ]" \
	"no duplicate state or policy on R2"
check "same_objects 2 '$RUN/r2'" \
	"no orphan: R2 holds the same $(wc -l <"$RUN/r2.before") states and $(wc -l <"$RUN/r2p.before") policies as before the kill"
check "[ \$(nft_tables 2) = 1 ]" "one getvpnd nftables table on R2"
[ $tap_failed = 0 ] || { cat "$RUN/r2.before" "$RUN/r2p.before" | diag; fl_dump_state 2; }

# --- the bystanders -------------------------------------------------------
check "ping_advances '$RUN/ping34' 5 10" "R3 -> R4 still flowing"
kill -INT "$bg" 2>/dev/null
wait "$bg" 2>/dev/null
fl_capture_stop
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$RUN/ping34")
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$RUN/ping34")
check "[ -n '$sent' ] && [ \$(($sent - ${got:-0})) -le 1 ]" \
	"R3 -> R4 across both restarts of R2: ${got:-0} of ${sent:-?} answered (the interrupted last one aside)"
check "[ \$(fl_cleartext '$RUN/wan.cap') = 0 ]" "no ICMP in clear on the WAN"
check "[ \$(fl_esp_with '$RUN/wan.cap' \$(spi_wire $spi)) -gt 0 ]" "the traffic on the WAN is ESP with SPI $spi"
finish
