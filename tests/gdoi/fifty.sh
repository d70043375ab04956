#!/usr/bin/env bash
# Fifty group members registering at once with one key server.
#
# One getvpnd per member, each in its own namespace on the bridge
# (192.168.1.2-51): a member is one light process (one libevent loop, a
# few MB resident, idle once registered), so fifty real daemons fit on
# two cores and exercise exactly what production runs, sockets and all;
# several daemons sharing one namespace would need per-instance binding
# tricks the product does not have. "At once": the fifty daemons start
# without the crypto map on their interface, then it is applied to all of
# them in parallel, so the fifty Main Mode + GROUPKEY-PULL exchanges hit
# the key server within a fraction of a second. TAP; needs root.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
N=${GDOI_FIFTY:-50}
gv_init
gv_node 1
last=$((N + 1))
for n in $(seq 2 $last); do gv_node "$n"; done
check 'gv_start_ks' "key server R1 running"

# The lesson's member configuration without the crypto map on eth0.
sed -e '/^interface eth0/,/^!/d' "$LAB/R2.conf" >"$RUN/gm-idle.conf"
started=0
for n in $(seq 2 $last); do gv_start "$n" "$RUN/gm-idle.conf" && started=$((started + 1)); done
check "[ $started -eq $N ]" "$N member daemons started"
check "! grep -q GM_REGSTR $RUN/r2/getvpnd.log" "no registration before the crypto map is applied"

t0=$(now_ms)
apply_pids=""
for n in $(seq 2 $last); do
	gv_sh "$n" "configure terminal" "interface eth0" "crypto map MY_MAP" "end" >/dev/null &
	apply_pids="$apply_pids $!"
done
for pid in $apply_pids; do wait "$pid"; done

all_registered() {
	[ "$(gv_sh 1 'show crypto gdoi ks members json' |
	     json 'len(j["groups"][0]["members"])' 2>/dev/null)" = "$N" ]
}
if gv_wait 30 all_registered; then
	ok "key server lists all $N members $(($(now_ms) - t0)) ms after the crypto maps were applied"
else
	not_ok "key server lists all $N members within 30 s"
	gv_sh 1 "show crypto gdoi ks members" | grep -c "Group Member ID" | diag
fi

reg=0
bad=""
for n in $(seq 2 $last); do
	gv_sh 1 "show crypto gdoi ks policy json" >"$RUN/ks.json"
	gv_sh "$n" "show crypto gdoi json" >"$RUN/gm$n.json"
	if "$PYTHON" "$top_srcdir/tests/gdoi/compare_policy.py" "$RUN/ks.json" "$RUN/gm$n.json" \
		>/dev/null; then reg=$((reg + 1)); else bad="$bad R$n"; fi
done
check "[ $reg -eq $N ]" "$reg of $N members hold the key server's policy (same SPIs, lifetimes)${bad:+; not:$bad}"
fails=$(cat "$RUN"/r*/getvpnd.log | grep -c 'GM_REGS_FAIL')
echo "# failed attempts on the way (retried): $fails"
rss=0
for n in $(seq 2 $last); do
	eval "pid=\$PID_$n"
	rss=$((rss + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status")))
done
echo "# resident memory of the $N member daemons: $((rss / 1024)) MB in total"
check "kill -0 \$PID_1 && gv_sh 1 'show crypto gdoi ks policy' >/dev/null" "key server still serving"
finish
