#!/usr/bin/env bash
# `make bench`: every benchmark with the baseline it is compared to,
# measured in the same run. Prints the table (figure, value, baseline,
# ratio, target, pass/fail) and writes bench/results.json and
# bench/results.txt in the build directory. Method: docs/performance.md.
#
# Environment: BENCH_SIZES_14 / BENCH_SIZES_19 (member counts per DH
# group, default "1000 10000" and "1000 10000 100000"), BENCH_WINDOW
# (registrations in flight, default 100: more overflow the key server's
# default-sized UDP receive buffer), BENCH_SA_SIZES (pair installs, default
# "1000 10000"; empty skips the VM), BENCH_SA_LATENCY (new-flow latency
# runs as K:FLOWS_PER_S, default "1000:200 1000:0"; 0 = all at once),
# BENCH_SA_REPS (runs of each SA measurement, the best counts; default 2),
# BENCH_SA_ONLY=1 (config load and the SA rows only), BENCH_REKEY_N (DH 19
# runs followed by a unicast rekey, default "10000 100000"), BENCH_BUDGET_S (default 870: the
# registration runs, which come last, are cut short to end the whole run
# within it; a cut run shows how many of its members registered), KEEP=1 keeps the work directory.
# Needs root (a private network namespace, so port 848 is ours alone).
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
B=$top_builddir
GETVPND=$B/daemon/getvpnd
GETVPNSH=$B/shell/getvpnsh
SIZES_14=${BENCH_SIZES_14-1000 10000}
SIZES_19=${BENCH_SIZES_19-1000 10000 100000}
WINDOW=${BENCH_WINDOW:-100}
SA_SIZES=${BENCH_SA_SIZES-1000 10000}
SA_LATENCY=${BENCH_SA_LATENCY-1000:200 1000:0}
SA_REPS=${BENCH_SA_REPS:-2}
BUDGET=${BENCH_BUDGET_S:-870}
REKEY_N=${BENCH_REKEY_N-10000 100000}
PSK=bench-psk-$$
NS=gvbench$$
RUN=$(mktemp -d /tmp/getvpnd-bench.XXXXXX)
ROWS=$RUN/rows.tsv
KS_PID=""
T_START=$(date +%s)

cleanup() {
	[ -n "$KS_PID" ] && kill "$KS_PID" 2>/dev/null && wait "$KS_PID" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	if [ -n "${KEEP:-}" ]; then echo "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (network namespace)"
for p in "$GETVPND" "$GETVPNSH" "$B/bench/dh_rate" "$B/bench/reg_floor" "$B/bench/reg_load" "$B/bench/config_load"; do
	[ -x "$p" ] || die "$p not built"
done
ip netns add "$NS" || die "cannot create a network namespace"
ip -n "$NS" link set lo up
: >"$ROWS"

# row NAME VALUE UNIT BASELINE RATIO TARGET PASS NOTE (tab-separated)
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }
# kv LINE KEY: the value of KEY=... in a key=value line
kv() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
calc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; }
ge() { awk "BEGIN { exit !($1 >= $2) }"; }
verdict() { if ge "$1" "$2"; then echo pass; else echo FAIL; fi; }

ks_config() { # DH-GROUP
	sed -e "s/@GROUP@/$1/" -e "s/@PSK@/$PSK/" <<'EOF'
hostname BENCH-KS
crypto isakmp policy 10
 encryption aes 256
 hash sha256
 authentication pre-share
 group @GROUP@
crypto isakmp key @PSK@ address 0.0.0.0
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
crypto ipsec profile PROF
 set transform-set TS
ip access-list extended GROUP_ACL
 permit ip 10.0.0.0 0.255.255.255 10.0.0.0 0.255.255.255
crypto gdoi group BENCH
 identity number 4242
 server local
  address ipv4 127.0.0.1
  rekey authentication mypubkey rsa BENCH_RSA
  rekey transport unicast
  sa ipsec 1
   profile PROF
   match address ipv4 GROUP_ACL
end
EOF
}

wait_for() { # SECONDS CONDITION
	local i
	for i in $(seq $(($1 * 10))); do eval "$2" && return 0; sleep 0.1; done
	return 1
}

# A fresh key server (the RSA key persists in the state directory).
ks_start() { # DH-GROUP
	local dir=$RUN/ks
	mkdir -p "$dir/state" && chmod 700 "$dir/state"
	ks_config "$1" >"$dir/startup-config"
	chmod 600 "$dir/startup-config"
	: >"$dir/getvpnd.log"
	ip netns exec "$NS" "$GETVPND" --foreground --config "$dir/startup-config" \
		--socket "$dir/vty.sock" --state-dir "$dir/state" >"$dir/getvpnd.log" 2>&1 &
	KS_PID=$!
	wait_for 5 "[ -S '$dir/vty.sock' ]" || die "key server did not start (see $dir/getvpnd.log)"
	if ! grep -q KS_GROUP_STARTED "$dir/getvpnd.log"; then
		"$GETVPNSH" --socket "$dir/vty.sock" \
			-c "crypto key generate rsa general-keys label BENCH_RSA modulus 2048" >/dev/null
	fi
	wait_for 10 "grep -q KS_GROUP_STARTED '$dir/getvpnd.log'" ||
		die "key server group did not start (see $dir/getvpnd.log)"
}

ks_stop() {
	kill "$KS_PID" 2>/dev/null
	wait "$KS_PID" 2>/dev/null
	KS_PID=""
	rm -f "$RUN/ks/vty.sock"
}

ks_show_members() {
	"$GETVPNSH" --socket "$RUN/ks/vty.sock" -c "show crypto gdoi ks members json" |
		python3 -c 'import json,sys; print(len(json.load(sys.stdin)["groups"][0]["members"]))'
}

bench_dh() { # GROUP -> sets DH_LINE
	DH_LINE=$("$B/bench/dh_rate" "$1" 2) || die "dh_rate $1 failed"
	echo "  baseline: $DH_LINE"
}

# The datagrams and symmetric crypto a DH 19 registration cannot do
# without (bench/reg_floor): with the crypto bound, the largest share of
# the key server's CPU the key agreement can have on this machine.
bench_floor() {
	local line floor_ms bound_ms
	line=$("$B/bench/reg_floor" 2) || { row "KS floor without key agreement, DH 19" "error" "ms" "-" "-" "-" info "reg_floor failed"; return; }
	echo "  floor: $line"
	floor_ms=$(calc "$(kv "$line" us) / 1000" 4)
	bound_ms=$(calc "($(kv "$DH_LINE" keygen_us) + $(kv "$DH_LINE" derive_us)) / 1000")
	row "KS floor without key agreement, DH 19" "$floor_ms" "ms" "$bound_ms" \
		"$(calc "$bound_ms / ($bound_ms + $floor_ms)")" "-" info \
		"5 datagrams out and 5 in over loopback, 10 HMAC-SHA256, 6 AES-256-CBC, 2 SHA-256, 3 random draws per registration, nothing else; ratio = bound / (bound + floor): the highest crypto share any key server could reach here"
}

bench_registration() { # GROUP N
	local g=$1 n=$2 line rate cpu_ms bound_ms pair members util rss0 rss1 rss2
	local left=$((BUDGET - ($(date +%s) - T_START) - 45)) ok
	if [ "$left" -lt 20 ]; then
		echo "  N=$n skipped: the time budget is spent"
		row "registrations/s, DH $g, N=$n" "skipped" "reg/s" "-" "-" ">= 0.70" FAIL "time budget (BENCH_BUDGET_S=$BUDGET) spent"
		return
	fi
	ks_start "$g"
	if [ "$g" = 19 ] && case " $REKEY_N " in *" $n "*) true ;; *) false ;; esac; then
		run_with_rekey "$n" "$left"
		line=$(grep '^REG ' "$RUN/reg.out")
	else
		line=$(ip netns exec "$NS" "$B/bench/reg_load" --ks 127.0.0.1 --group 4242 --psk "$PSK" \
			--dh "$g" --count "$n" --window "$WINDOW" --ks-pid "$KS_PID" --timeout "$left")
	fi
	echo "  $line"
	members=$(ks_show_members 2>/dev/null || echo "?")
	echo "  key server lists $members members"
	rss2=-1
	if [ "$n" = "$MEM_N" ]; then
		# message 6 lingers 30 s for duplicates: the steady state comes after
		sleep 31
		rss2=$(awk '/^VmRSS/ {print $2}' "/proc/$KS_PID/status")
		echo "  key server VmRSS 31 s later: $rss2 kB"
	fi
	ks_stop
	ok=$(kv "$line" ok)
	if [ "${ok:-0}" -eq 0 ]; then
		row "registrations/s, DH $g, N=$n" "0" "reg/s" "-" "-" ">= 0.70" FAIL "no member registered (see the key server log with KEEP=1)"
		return
	fi
	[ "$ok" = "$n" ] ||
		echo "  WARNING: $ok of $n registered ($(kv "$line" failed) failed, the rest cut by the time budget)"
	pair=$(kv "$DH_LINE" pair_per_s_wall)
	rate=$(kv "$line" reg_per_s)
	cpu_ms=$(kv "$line" ks_cpu_ms_per_reg)
	bound_ms=$(calc "($(kv "$DH_LINE" keygen_us) + $(kv "$DH_LINE" derive_us)) / 1000")
	util=$(calc "$(kv "$line" ks_cpu_s) / $(kv "$line" wall_s)" 2)
	row "registrations/s, DH $g, N=$n" "$rate" "reg/s" "$pair" "$(calc "$rate / $pair")" \
		">= 0.70" "$(verdict "$(calc "$rate / $pair")" 0.70)" \
		"baseline = DH pairs/s one process got just before (wall clock; $(kv "$DH_LINE" pair_per_s)/s on a whole core); ok=$(kv "$line" ok)/$n; KS listed $members; KS CPU busy $util; p50 $(kv "$line" lat_p50_ms) ms, p99 $(kv "$line" lat_p99_ms) ms; generator CPU $(kv "$line" gen_cpu_s) s"
	row "KS CPU ms/registration, DH $g, N=$n" "$cpu_ms" "ms" "$bound_ms" \
		"$(calc "$bound_ms / $cpu_ms")" ">= 0.70" "$(verdict "$(calc "$bound_ms / $cpu_ms")" 0.70)" \
		"baseline: one keygen + one derive on one core; ratio = crypto share"
	rss0=$(kv "$line" ks_rss_kb_start)
	rss1=$(kv "$line" ks_rss_kb_end)
	MEM_LINES="$MEM_LINES$g $n $rss0 $rss1 $rss2 $ok
"
}

# Key-server memory: RSS at the largest N, growth per member.
bench_memory() {
	local best g n rss0 rss1 rss2 ok per
	best=$(printf '%s' "$MEM_LINES" | awk -v n="$MEM_N" '$2 == n' | tail -1)
	[ -n "$best" ] || return
	read -r g n rss0 rss1 rss2 ok <<<"$best"
	[ "$ok" -gt 0 ] 2>/dev/null || return
	# the settled figure when there is one (after the 30 s linger)
	[ "$rss2" -gt 0 ] 2>/dev/null && rss1=$rss2
	per=$(calc "($rss1 - $rss0) * 1024 / $ok" 0)
	row "KS RSS with $ok registered members (DH $g)" "$(calc "$rss1 / 1024" 1)" "MB" "$(calc "$rss0 / 1024" 1)" \
		"-" "< 300 MB at 100000" \
		"$(if [ "$ok" -ge 100000 ] && ge 300 "$(calc "$rss1 / 1024" 1)"; then echo pass;
		   elif [ "$ok" -ge 100000 ]; then echo FAIL; else echo "n/a (fewer than 100000)"; fi)" \
		"baseline = RSS of the idle key server; value 31 s after the last registration (right after it: $(calc "$(echo "$best" | cut -d' ' -f4) / 1024" 1) MB)"
	row "KS memory growth per member (DH $g, $ok members)" "$per" "bytes" "-" "-" \
		"< $((300 * 1024 * 1024 / 100000)) (300 MB/100k)" \
		"$(verdict "$((300 * 1024 * 1024 / 100000))" "$per")" "(VmRSS end - start) / N"
}

bench_config_load() {
	local out secs
	out=$("$B/bench/config_load" 2>&1) || { echo "$out"; row "config load, 20000 lines" "error" "s" "-" "-" "< 1 s" FAIL "config_load failed"; return; }
	echo "$out" | sed 's/^/  /'
	secs=$(echo "$out" | sed -n 's/^startup-config: .* loaded in \([0-9.]*\) s.*/\1/p')
	row "config load, 20000-line startup-config" "$secs" "s" "-" "-" "< 1 s" \
		"$(verdict 1 "$secs")" "bench/config_load (absolute target from the configuration issue)"
}

now_ms() { date +%s%3N; }

# Registers N members, then `crypto gdoi ks rekey`: unicast to all of them
# until each has verified it and acknowledged; a `show` round trip during
# it; then the plain sendto() loop of as many datagrams of the same size.
run_with_rekey() { # N TIMEOUT
	local n=$1 sock=$RUN/ks/vty.sock t0 t1 t2 rk first last size acks send
	# emptied here, not only by the generator's redirection: READY of an
	# earlier run must not be read before the generator has started
	: >"$RUN/reg.out"
	ip netns exec "$NS" "$B/bench/reg_load" --ks 127.0.0.1 --group 4242 --psk "$PSK" \
		--dh 19 --count "$n" --window "$WINDOW" --ks-pid "$KS_PID" --timeout "$2" \
		--rekey-wait 120 >"$RUN/reg.out" &
	local gen=$!
	wait_for "$2" "grep -q '^READY' '$RUN/reg.out' || ! kill -0 $gen 2>/dev/null"
	if ! grep -q '^READY' "$RUN/reg.out"; then
		wait "$gen"
		row "rekey fan-out, N=$n" "error" "s" "-" "-" "<= 3.0" FAIL "registration did not complete"
		return
	fi
	t0=$(now_ms)
	"$GETVPNSH" --socket "$sock" -c "crypto gdoi ks rekey" >/dev/null
	t1=$(now_ms)
	"$GETVPNSH" --socket "$sock" -c "show crypto gdoi ks policy" >/dev/null
	t2=$(now_ms)
	wait "$gen"
	rk=$(grep '^REKEY ' "$RUN/reg.out")
	echo "  $rk"
	first=$(kv "$rk" first_ms)
	last=$(kv "$rk" last_ms)
	size=$(kv "$rk" size)
	# the key server may still be working through acknowledgements
	wait_for 10 "tail -n 20 '$RUN/ks/getvpnd.log' | grep -q KS_REKEY_ACKED"
	acks=$("$GETVPNSH" --socket "$sock" -c "show crypto gdoi ks members json" | python3 -c \
		'import json,sys; print(sum(m.get("acks_received", 0) for m in json.load(sys.stdin)["groups"][0]["members"]))')
	echo "  key server counted $acks acknowledgements; show round trip during the rekey: $((t2 - t1)) ms"
	if [ "$(kv "$rk" rekeyed)" != "$n" ] || [ -z "$size" ] || [ "$size" = 0 ]; then
		row "rekey fan-out, N=$n" "incomplete" "s" "-" "-" "<= 3.0" FAIL \
			"$(kv "$rk" rekeyed) of $n members got the rekey ($(kv "$rk" rejected) rejected); KS counted $acks acks"
		return
	fi
	send=$(ip netns exec "$NS" "$B/bench/sendto_loop" "$n" "$size" 127.1.0.1 9848)
	echo "  baseline: $send"
	local secs base ks_sent ks_acked
	secs=$(calc "($last - $t0) / 1000")
	base=$(kv "$send" seconds)
	# the key server's own clock: round start -> last datagram out / last ack in
	ks_sent=$(sed -n 's/.*KS_REKEY_SENT: .* in \([0-9.]*\) ms$/\1/p' "$RUN/ks/getvpnd.log" | tail -1)
	ks_acked=$(sed -n 's/.*KS_REKEY_ACKED: .*, \([0-9.]*\) ms after it started$/\1/p' "$RUN/ks/getvpnd.log" | tail -1)
	echo "  key server: sent to all in ${ks_sent:-?} ms, every ack in ${ks_acked:-?} ms"
	if [ -z "$ks_sent" ] || [ -z "$ks_acked" ]; then
		row "rekey fan-out, N=$n" "incomplete" "s" "-" "-" "<= 3.0" FAIL \
			"the key server did not log KS_REKEY_SENT/KS_REKEY_ACKED (KS counted $acks acks)"
		return
	fi
	ks_sent=$(calc "$ks_sent / 1000" 4)
	ks_acked=$(calc "$ks_acked / 1000" 4)
	row "rekey fan-out, N=$n, $size-byte datagrams, every ack in" "$ks_acked" "s" "$base" \
		"$(calc "$ks_acked / $base" 1)" "<= 3.0" "$(verdict 3.0 "$(calc "$ks_acked / $base" 1)")" \
		"key server clock (KS_REKEY_ACKED): rekey round start until the last of the $n acks was checked; KS counted $acks acks; members: $(kv "$rk" full_checks) full signature checks, $(kv "$rk" copies) byte-identical copies (see docs/performance.md); command to last member's ack on the generator: $secs s (first member after $((first - t0)) ms); baseline: sendto() loop of $n x $size bytes; ratio = value / baseline"
	row "rekey send, N=$n, to every member" "$ks_sent" "s" "$base" \
		"$(calc "$ks_sent / $base" 1)" "<= 3.0" "$(verdict 3.0 "$(calc "$ks_sent / $base" 1)")" \
		"key server clock (KS_REKEY_SENT): round start (build, sign once) until the first transmission to all $n members is out"
	row "show round trip during the rekey" "$((t2 - t1))" "ms" "-" "-" "answers" \
		"$([ "$((t2 - t1))" -lt 1000 ] && echo pass || echo FAIL)" "getvpnsh 'show crypto gdoi ks policy' right after the rekey command (pass: under 1 s)"
}

bench_sa_install() {
	local out k xs bs spec lat_args=()
	for spec in $SA_LATENCY; do lat_args+=(--latency "$spec"); done
	out=$("$top_srcdir/tests/vm/run-in-kernel.sh" -- \
		bash "$top_srcdir/bench/sa_install.sh" "$(cd "$B" && pwd)/bench/sa_install" --reps "$SA_REPS" "${lat_args[@]}" $SA_SIZES 2>&1)
	echo "$out" | sed 's/^/  /'
	local kernel
	kernel="kernel $(echo "$out" | sed -n 's/.*booting \([^ ]*\) with \([a-z]*\).*/\1 under \2/p' | head -1)"
	# which SHA-512 the kernel's DRBG ran (bench/sa_install.sh, docs/performance.md 4.)
	kernel="$kernel, kernel SHA-512 $(echo "$out" | sed -n 's/^SAENV kernel_sha512=\([a-z]*\).*/\1/p' | head -1)"
	for k in $SA_SIZES; do
		line=$(echo "$out" | grep "^SA k=$k ")
		if [ -z "$line" ]; then
			row "GM SA install, K=$k pairs" "error" "s" "-" "-" ">= 5.0" FAIL "no result (see the output above)"
			continue
		fi
		xs=$(kv "$line" xfrm_s)
		bs=$(kv "$line" ipbatch_s)
		row "GM SA install, K=$k pairs (policy+state)" "$xs" "s" "$bs" "$(calc "$bs / $xs" 2)" ">= 5.0" \
			"$(verdict "$(calc "$bs / $xs" 2)" 5.0)" \
			"baseline: ip -batch with the same adds; fastest of $SA_REPS runs each (getvpnd $(kv "$line" xfrm_runs) s, ip -batch $(kv "$line" ipbatch_runs) s); $kernel; ratio = speedup; kernel holds $(kv "$line" xfrm_states) pair states after getvpnd's installs, $(kv "$line" states) after ip -batch; getvpnd CPU user $(kv "$line" user_s) s, kernel $(kv "$line" sys_s) s"
	done
	for spec in $SA_LATENCY; do
		sa_latency_rows "${spec%%:*}" "${spec#*:}" "$(echo "$out" | grep "^SALAT k=${spec%%:*} rate=${spec#*:} ")" "$kernel"
	done
}

# p50 and p99 from send to installed; paced runs have targets (see
# docs/performance.md), a burst shows how queueing adds up.
sa_latency_rows() { # K RATE SALAT-LINES KERNEL (the run with the lowest p99 counts)
	local k=$1 rate=$2 line what p50 p99 all
	all=$(echo "$3" | sed -n 's/.* p99_ms=\([0-9.]*\) .*/\1/p' | paste -sd, -)
	line=$(echo "$3" | grep " installed=$k " | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^p99_ms=/) print substr($i, 8), $0 }' |
		sort -g | head -1 | cut -d' ' -f2-)
	if [ "$rate" = 0 ]; then what="burst of $k new flows"; else what="$k new flows at $rate/s"; fi
	if [ -z "$line" ] || [ "$(kv "$line" installed)" != "$k" ]; then
		row "GM ACQUIRE->installed, $what" "error" "ms" "-" "-" "p99 < 10 ms" FAIL \
			"${3:-no result} (see the output above)"
		return
	fi
	p50=$(kv "$line" p50_ms)
	p99=$(kv "$line" p99_ms)
	if [ "$rate" = 0 ]; then
		row "GM ACQUIRE->installed p50, $what" "$p50" "ms" "-" "-" "-" info "all sent at once: queueing behind the sender and earlier pairs; $4"
		row "GM ACQUIRE->installed p99, $what" "$p99" "ms" "-" "-" "-" info \
			"max $(kv "$line" max_ms) ms, $(kv "$line" rounds) event-loop rounds for $k pairs; p99 of each run: $all ms"
		return
	fi
	row "GM ACQUIRE->installed p50, $what" "$p50" "ms" "-" "-" "< 5 ms" "$(verdict 5 "$p50")" \
		"from the first packet's send to its pair installed (daemon's event handling); $4"
	row "GM ACQUIRE->installed p99, $what" "$p99" "ms" "-" "-" "< 10 ms" "$(verdict 10 "$p99")" \
		"max $(kv "$line" max_ms) ms, $(kv "$line" rounds) event-loop rounds for $k pairs; p99 of each run: $all ms (the lowest counts)"
}

MEM_LINES=""
# the memory figure comes from the largest run
MEM_N=$(echo $SIZES_14 $SIZES_19 | tr ' ' '\n' | sort -n | tail -1)
echo "getvpnd benchmarks on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
echo "kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %T UTC')"
# the fixed-length parts first: the registration runs use what is left
echo "config load:"
bench_config_load
if [ -n "$SA_SIZES$SA_LATENCY" ]; then
	echo "GM SA installs (kernel with ESP through tests/vm/run-in-kernel.sh):"
	bench_sa_install
fi
if [ -z "${BENCH_SA_ONLY:-}" ]; then
for g in 14 19; do
	eval "sizes=\$SIZES_$g"
	echo "DH group $g:"
	bench_dh "$g"
	[ "$g" = 19 ] && [ -n "$sizes" ] && bench_floor
	for n in $sizes; do bench_registration "$g" "$n"; done
done
bench_memory
fi
mkdir -p "$B/bench"
python3 - "$ROWS" "$B/bench/results.json" "$T_START" <<'EOF' | tee "$B/bench/results.txt"
import json, os, platform, sys, time
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
keys = ["figure", "value", "unit", "baseline", "ratio", "target", "result", "note"]
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
doc = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
       "machine": {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(),
                   "loadavg_at_end": open("/proc/loadavg").read().split()[:3]},
       "duration_s": int(time.time()) - int(sys.argv[3]),
       "results": [dict(zip(keys, r)) for r in rows]}
json.dump(doc, open(sys.argv[2], "w"), indent=1)
w = [max(len(r[i]) for r in rows + [keys]) for i in range(7)]
line = lambda r: "  ".join(r[i].ljust(w[i]) for i in range(7))
print(line(keys))
for r in rows:
    print(line(r))
print("\nnotes:")
for r in rows:
    print(" - %s: %s" % (r[0], r[7]))
print("\nwritten: %s (%d s)" % (sys.argv[2], doc["duration_s"]))
EOF
