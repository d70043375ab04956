# Shared by the fault tests (sourced): tests/gdoi/lib.sh (namespaces, real
# getvpnd processes, TAP) and tests/rekey/lib.sh (short lifetimes, the
# test-only GETVPND_TIME_SCALE), plus what the fault tests look at: the
# kernel's XFRM objects of a router, captures of the WAN, pings across it.
# Every wait is bounded.
. "${top_srcdir:-.}/tests/gdoi/lib.sh"
. "${top_srcdir:-.}/tests/rekey/lib.sh"

# The key server on router 1 with file $1; the RSA key is generated once
# and kept in the state directory, so a restart with the same files finds it.
fl_start_ks() { # CONF
	gv_start 1 "$1" || return 1
	if ! gv_wait 3 "grep -q KS_GROUP_STARTED '$(log_of 1)'"; then
		gv_sh 1 "crypto key generate rsa general-keys label RSA_KEYS modulus 2048" >/dev/null
	fi
	gv_wait 15 "grep -q KS_GROUP_STARTED '$(log_of 1)'"
}

# Starts member N with the lesson's RN.conf, the daemon's log appended
# (a restart keeps the earlier run's lines above).
fl_start_gm() { # N [VAR=VALUE...] (environment of this daemon only)
	local n=$1
	shift
	cp "$LAB/R$n.conf" "$RUN/r$n/startup-config"
	rm -f "$(sock "$n")"
	ip netns exec "$(ns "$n")" env "$@" "$GETVPND" --foreground \
		--config "$RUN/r$n/startup-config" --socket "$(sock "$n")" \
		--state-dir "$RUN/r$n/state" >>"$(log_of "$n")" 2>&1 &
	eval "PID_$n=$!"
	PIDS="$PIDS $!"
	gv_wait 5 "[ -S '$(sock "$n")' ]"
}

# Stops router N's daemon with SIGNAL and waits (bounded) for it to exit.
fl_signal() { # N SIGNAL
	local pid
	eval "pid=\${PID_$1:-}"
	[ -n "$pid" ] || return 1
	kill "-$2" "$pid" 2>/dev/null
	gv_wait 10 "! kill -0 $pid 2>/dev/null"
	wait "$pid" 2>/dev/null
	eval "PID_$1="
}

# The current TEK SPIs of member N (show crypto gdoi gm json), sorted.
gm_spis() {
	gv_sh "$1" "show crypto gdoi gm json" 2>/dev/null |
		json '",".join(sorted(t["spi"] for t in j["groups"][0]["teks"]))' 2>/dev/null
}
# The SPI as tcpdump prints it (0x + 8 lower-case hex digits).
spi_wire() { printf '0x%08x' "$(($1))"; }
# One fact of `show crypto gdoi gm dataplane faults json`.
gm_fault() { rk_fact "$1" "show crypto gdoi gm dataplane faults" "j['$2']"; }

# Router N's XFRM states with an SPI (larval ones, SPI 0, left out), one
# line each: src dst spi mark; and its policies, one line each: selector,
# direction, priority, mark. Duplicates show up as repeated lines.
xfrm_states() {
	ip netns exec "$(ns "$1")" ip xfrm state | awk '
		/^src/ { if (k != "") print k; k = $2 " " $4; next }
		/proto esp spi/ { for (i = 1; i <= NF; i++) if ($i == "spi") k = k " " $(i + 1) }
		/^\tmark/ { k = k " mark " $2 }
		END { if (k != "") print k }' | grep -v ' 0x00000000'
}
xfrm_policies() {
	ip netns exec "$(ns "$1")" ip xfrm policy | awk '
		/^src/ { if (k != "") print k; k = $0; next }
		/^\tdir/ { k = k " " $2 " " $4 }
		/^\tsocket/ { k = k " socket " $2 }
		/^\tmark/ { k = k " mark " $2 }
		END { if (k != "") print k }'
}
nft_tables() { ip netns exec "$(ns "$1")" nft list tables 2>/dev/null | grep -c getvpnd; }

# A capture of every packet between routers' eth0 addresses on the WAN
# bridge (for "never in clear"); fl_capture_stop then fl_cleartext FILE
# counts ICMP between members seen in clear.
fl_capture_start() { # FILE
	ip netns exec "$WAN" tcpdump -i br0 -n --immediate-mode -U -w "$1" \
		'ip and (icmp or esp)' 2>"$1.err" &
	CAP_PID=$!
	PIDS="$PIDS $CAP_PID"
	gv_wait 5 "grep -q listening '$1.err'"
}
fl_capture_stop() { gv_capture_stop; }
# (The key server is no group member: its ICMP errors, e.g. port
# unreachable while its daemon is down, are not protected traffic.)
fl_cleartext() { tcpdump -n -r "$1" 'icmp and not host 192.168.1.1' 2>/dev/null | wc -l; }
# ESP packets of a capture with SPI (as `spi_wire` prints it).
fl_esp_with() { tcpdump -n -r "$1" esp 2>/dev/null | grep -c "ESP(spi=$2,"; }

# Background ping from router A to 192.168.1.B, every 0.2 s, output in FILE.
fl_ping_bg() { # A B FILE [COUNT]
	ip netns exec "$(ns "$1")" ping -n -i 0.2 -W 1 ${4:+-c "$4"} "192.168.1.$2" >"$3" 2>&1 &
	PIDS="$PIDS $!"
	echo $!
}
# Replies seen so far, and the sequence numbers that got none (between
# the first and the last answered one: the losses of a running ping).
ping_replies() { grep -c 'bytes from' "$1"; }
ping_gaps() {
	sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$1" | sort -n | awk '
		NR == 1 { prev = $1; next } { if ($1 > prev + 1) gaps += $1 - prev - 1; prev = $1 }
		END { print gaps + 0 }'
}
# The icmp_seq answered last.
ping_last_seq() { sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$1" | sort -n | tail -1; }
# Waits (bounded) for K more replies in a running ping's FILE.
ping_advances() { # FILE K SECONDS
	local base
	base=$(ping_replies "$1")
	gv_wait "$3" "[ \$(ping_replies '$1') -ge $((base + $2)) ]"
}

fl_dump_state() { # N: the router's kernel objects and log tail, as TAP comments
	{ echo "--- R$1 states"; xfrm_states "$1"; echo "--- R$1 policies"; xfrm_policies "$1"
	  echo "--- R$1 log"; tail -n 25 "$(log_of "$1")"; } 2>&1 | diag
}
# icmp_seq numbers in (FROM, TO] a running ping's FILE got no reply for.
ping_missing() { # FILE FROM TO
	sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$1" | awk -v a="$2" -v b="$3" '
		$1 > a && $1 <= b { seen[$1] = 1 } END { for (i = a + 1; i <= b; i++) if (!seen[i]) n++; print n + 0 }'
}
