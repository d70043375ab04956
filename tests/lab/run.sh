#!/usr/bin/env bash
# The lesson lab, on a kernel with ESP (the host's, or the VM's through
# tests/vm/run-in-kernel.sh): brings up the topology, starts getvpnd on
# R1-R5 with their startup-configs, waits for OSPF and registration, pings
# every ordered pair of member loopbacks while capturing the WAN, asks the
# key server for a rekey, prints the report, and tears everything down.
#
#   tests/lab/run.sh [--keep [--serve-shells]] [--handoff] BUILD_DIR RESULTS_DIR
#
#   --keep      leave the lab running after the report and return.
#   --serve-shells  (with --keep, for the VM, whose command must not return
#               while the lab lives) serve getvpnsh sessions through
#               RESULTS_DIR/shell (tests/lab/relay.py) until RESULTS_DIR/stop
#               appears, then tear down.
#   --handoff   after the report, wait (at most 120 s) for RESULTS_DIR/collected
#               so that the caller can copy the results out of the VM.
# Live files (sockets, key state, FRR) are under /run/getvpnd-lab; results
# (logs, capture, show outputs, report.txt) under RESULTS_DIR.
# Exit status: 0 when every check of the report passed, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd)
keep=0 handoff=0 serve=0
while [ $# -gt 0 ]; do
	case "$1" in
	--keep) keep=1; shift ;;
	--serve-shells) serve=1; shift ;;
	--handoff) handoff=1; shift ;;
	*) break ;;
	esac
done
BUILD=$(cd "${1:?usage: run.sh [--keep [--serve-shells]] [--handoff] BUILD_DIR RESULTS_DIR}" && pwd) || exit 1
RESULTS=${2:?results directory}
GETVPND=$BUILD/daemon/getvpnd
GETVPNSH=$BUILD/shell/getvpnsh
RUN=/run/getvpnd-lab
. "$here/lib.sh"

say() { printf '%s\n' "$*" | tee -a "$RESULTS/report.txt"; }
note() { printf 'lab: %s\n' "$*" >&2; }
failures=0
# mark STATUS: M becomes ok or FAILED (and the failure is counted).
mark() { if [ "$1" = 0 ]; then M=ok; else M=FAILED; failures=$((failures + 1)); fi; }

stop_all() {
	local n f
	for n in $LAB_ROUTERS; do
		f=$RUN/R$n/getvpnd.pid
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	[ -n "${CAP_PID:-}" ] && kill "$CAP_PID" 2>/dev/null
	bash "$here/topology.sh" down "$RUN/frr" >/dev/null 2>&1
	# Logs of the daemons go with the results.
	for n in $LAB_ROUTERS; do cp "$(lab_log "$n")" "$RESULTS/R$n.log" 2>/dev/null; done
}

# --- topology --------------------------------------------------------------
if ip netns list 2>/dev/null | grep -q '^lab-'; then
	echo "lab: a lab is already running (ip netns list shows lab-*); ./lab --down stops it" >&2
	exit 1
fi
rm -rf "$RESULTS" "$RUN"
mkdir -p "$RESULTS/show" "$RUN"
t0=$SECONDS
[ $keep = 1 ] || trap stop_all EXIT
routing=$(bash "$here/topology.sh" up "$RUN/frr") || { note "cannot build the topology"; exit 1; }
note "$routing"

# --- getvpnd on each router ---------------------------------------------------
start_router() { # N
	local n=$1 d=$RUN/R$1
	mkdir -p "$d/state"
	chmod 700 "$d/state"
	install -m 600 "$here/R$n.conf" "$d/startup-config"
	setsid ip netns exec "$(lab_ns "$n")" "$GETVPND" --foreground --config "$d/startup-config" \
		--socket "$d/vty.sock" --pidfile "$d/getvpnd.pid" --state-dir "$d/state" \
		>"$d/getvpnd.log" 2>&1 </dev/null &
	lab_wait 10 "[ -S '$d/vty.sock' ]" || { note "R$n: getvpnd did not start"; tail "$d/getvpnd.log" >&2; return 1; }
}
start_router 1 || exit 1
# The key server needs the RSA key its rekeys are signed with, typed as in the lesson.
"$GETVPNSH" --socket "$(lab_sock 1)" --echo -c "configure terminal" \
	-c "crypto key generate rsa modulus 1024 label RSA_KEYS" -c "end" >"$RESULTS/show/R1-keygen.txt" 2>&1
lab_wait 20 "grep -q KS_GROUP_STARTED '$(lab_log 1)'" ||
	{ note "R1: the key server group did not start"; tail "$(lab_log 1)" >&2; exit 1; }
for n in $LAB_GMS; do start_router "$n" || exit 1; done

# --- OSPF and registration ------------------------------------------------------
bash "$here/topology.sh" ospf-wait 90
ospf_rc=$?
registered() { local n; for n in $LAB_GMS; do lab_registered "$n" && lab_installed "$n" || return 1; done; }
lab_wait 60 registered
t_ready=$((SECONDS - t0))
note "OSPF and registration done after ${t_ready}s"

# --- pings under capture ----------------------------------------------------------
ip netns exec lab-wan tcpdump -i br0 -n -U -w "$RESULTS/wan.pcap" 'esp or icmp or udp port 848' \
	2>"$RUN/tcpdump.err" &
CAP_PID=$!
lab_wait 10 "grep -q listening '$RUN/tcpdump.err'"
declare -A ping_ok
for n in $LAB_GMS; do for m in $LAB_GMS; do
	[ "$n" = "$m" ] && continue
	if ip netns exec "$(lab_ns "$n")" ping -n -c 3 -i 0.2 -W 2 -I "$(lab_lo "$n")" "$(lab_lo "$m")" \
		>"$RUN/ping-$n-$m.txt" 2>&1; then ping_ok[$n$m]=1; else ping_ok[$n$m]=0; fi
done; done

# --- what the routers say, before the rekey (for the report and the guide) ----------
show() { # N FILE COMMAND...: the session as getvpnsh --echo prints it
	local n=$1 f=$2 a=() c
	shift 2
	for c in "$@"; do a+=(-c "$c"); done
	"$GETVPNSH" --socket "$(lab_sock "$n")" --echo "${a[@]}" >"$RESULTS/show/R$n-$f.txt" 2>&1
}
for n in $LAB_ROUTERS; do
	show "$n" running-config "show running-config"
	show "$n" gdoi "show crypto gdoi"
	show "$n" isakmp-sa "show crypto isakmp sa"
done
show 1 ks-members "show crypto gdoi ks members"
show 1 ks-policy "show crypto gdoi ks policy"
for n in $LAB_GMS; do
	show "$n" gm "show crypto gdoi gm"
	show "$n" ipsec-sa "show crypto ipsec sa"
	show "$n" gm-dataplane "show crypto gdoi gm dataplane"
	ip netns exec "$(lab_ns "$n")" ip route >"$RESULTS/show/R$n-ip-route.txt" 2>&1
done

# --- rekey ---------------------------------------------------------------------
spi_before=$(lab_ks_spi)
rekey_out=$(lab_sh 1 "crypto gdoi ks rekey" 2>&1)
rekey_rc=$?
spi_after=$spi_before
followed=""
if [ $rekey_rc = 0 ]; then
	lab_wait 20 "[ \"\$(lab_ks_spi)\" != '$spi_before' ]"
	spi_after=$(lab_ks_spi)
	all_have() { local n; for n in $LAB_GMS; do lab_gm_spis "$n" | grep -qx "$spi_after" || return 1; done; }
	lab_wait 30 all_have
	for n in $LAB_GMS; do lab_gm_spis "$n" | grep -qx "$spi_after" && followed="$followed R$n"; done
	# One ping after the rekey, to show the new SPI on the wire.
	ip netns exec lab-R2 ping -n -c 2 -i 0.2 -W 2 -I 2.2.2.2 3.3.3.3 >/dev/null 2>&1
fi
printf 'R1#crypto gdoi ks rekey\n%s\n' "$rekey_out" >"$RESULTS/show/R1-rekey.txt"
show 1 ks-members-after-rekey "show crypto gdoi ks members"
show 1 ks-policy-after-rekey "show crypto gdoi ks policy"
for n in $LAB_GMS; do show "$n" gdoi-after-rekey "show crypto gdoi"; done
sleep 0.5
kill -INT "$CAP_PID" 2>/dev/null
wait "$CAP_PID" 2>/dev/null
CAP_PID=

cp "$RUN/ping-2-3.txt" "$RESULTS/show/R2-ping-3.3.3.3.txt" 2>/dev/null
tcpdump -n -r "$RESULTS/wan.pcap" >"$RESULTS/wan.txt" 2>/dev/null

# --- the report ------------------------------------------------------------------
: >"$RESULTS/report.txt"
say "getvpnd lab: the lesson's GETVPN topology (R1 key server, R2-R5 group members)"
say "kernel      : $(uname -r)$([ "${GETVPND_IN_VM:-}" = 1 ] && echo ' (in a VM: the host kernel has no ESP)')"
mark $ospf_rc
say "routing     : ${routing#routing: }, $([ $ospf_rc = 0 ] && echo "converged: every member has a route to the 3 other loopbacks" || echo "NOT converged within 90 s") $M"
members=$(lab_sh 1 "show crypto gdoi ks members json" 2>/dev/null |
	lab_json '" ".join(sorted(m["address"] for g in j["groups"] for m in g["members"]))' 2>/dev/null)
n_members=$(echo "$members" | wc -w)
[ "$n_members" = 4 ]; mark $?
say "registered  : $n_members of 4 group members on R1 (show crypto gdoi ks members: $members) $M"
say "TEK SPI     : ${spi_before:-none} (group GDOI_GROUP, identity 123)"
say "pings       : ping -I <loopback> <loopback>, 3 each; outer header of the first ESP packet seen on the WAN"
reach=0
for n in $LAB_GMS; do for m in $LAB_GMS; do
	[ "$n" = "$m" ] && continue
	src=$(lab_lo "$n") dst=$(lab_lo "$m")
	hdr=$(grep -m1 "IP $src > $dst: ESP" "$RESULTS/wan.txt" |
		sed -E 's/.*IP ([0-9.]+) > ([0-9.]+): ESP\(spi=(0x[0-9a-f]+),.*/\1 > \2 ESP spi \3/')
	if [ "${ping_ok[$n$m]}" = 1 ]; then reach=$((reach + 1)); res="reachable  "; else res="UNREACHABLE"; fi
	say "  R$n $src -> R$m $dst  $res  wire: ${hdr:-no ESP seen}"
done; done
[ $reach = 12 ]; mark $?
say "reachable   : $reach of 12 loopback pairs $M"
n_esp=$(grep -c ': ESP(' "$RESULTS/wan.txt")
loops='(2\.2\.2\.2|3\.3\.3\.3|4\.4\.4\.4|5\.5\.5\.5)'
n_esp_lo=$(grep -cE "IP $loops > $loops: ESP\(" "$RESULTS/wan.txt")
n_clear=$(grep -cE "IP $loops > $loops: ICMP" "$RESULTS/wan.txt")
[ "$n_esp" -gt 0 ] && [ "$n_esp" = "$n_esp_lo" ] && [ "$n_clear" = 0 ]; mark $?
say "ESP on WAN  : $n_esp packets, $n_esp_lo with loopback outer addresses (inner = outer), $n_clear loopback ICMP packets in clear $M"
if [ $rekey_rc != 0 ]; then
	mark 1
	say "rekey       : NOT OBSERVED: 'crypto gdoi ks rekey' on R1 said: $(echo "$rekey_out" | tr -s '\n ' ' ') $M"
else
	n_followed=$(echo "$followed" | wc -w)
	new_wire=$(grep -m1 "ESP(spi=$(echo "${spi_after#0x}" | tr 'A-F' 'a-f' | sed 's/^0*//;s/^/0x0*/')," "$RESULTS/wan.txt" |
		sed -E 's/.*IP ([0-9.]+) > ([0-9.]+): ESP\(spi=(0x[0-9a-f]+),.*/\1 > \2 ESP spi \3/')
	[ "$spi_after" != "$spi_before" ] && [ "$n_followed" = 4 ]; mark $?
	say "rekey       : crypto gdoi ks rekey on R1: TEK SPI $spi_before -> $spi_after; $n_followed of 4 members hold it ($followed ) $M"
	say "              after the rekey, wire: ${new_wire:-no ESP with the new SPI seen}"
fi
say "took        : $((SECONDS - t0)) s (OSPF and registration: ${t_ready} s)"
say "result      : $([ $failures = 0 ] && echo PASS || echo "FAIL ($failures checks failed)")"
for n in $LAB_ROUTERS; do cp "$(lab_log "$n")" "$RESULTS/R$n.log" 2>/dev/null; done
[ $handoff = 1 ] || note "results in $RESULTS (report.txt, wan.pcap, show/, R*.log)"

# --- handing over --------------------------------------------------------------------
if [ $handoff = 1 ]; then
	: >"$RESULTS/done"
	lab_wait 120 "[ -e '$RESULTS/collected' ]" || note "nobody collected the results"
fi
if [ $keep = 1 ] && [ $serve = 1 ]; then
	trap stop_all EXIT
	note "the lab stays up in the VM; getvpnsh sessions through $RESULTS/shell until $RESULTS/stop appears"
	"$PYTHON" "$here/relay.py" serve "$RESULTS/shell" "$RESULTS/stop" "$GETVPNSH" "$RUN"
fi
[ $failures = 0 ]
