# Shared by the GDOI system tests (sourced): real getvpnd and getvpnsh
# processes, one network namespace per router, all joined by a bridge in
# a WAN namespace, with the lesson's addressing (192.168.1.N/24 on eth0 of
# router N). Every namespace and interface name carries this test's pid,
# so tests never collide with each other or with a running lab.
# Processes are stopped by their pid only, namespaces removed, on exit.

top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
GETVPND=$top_builddir/daemon/getvpnd
GETVPNSH=$top_builddir/shell/getvpnsh
LAB=$top_srcdir/tests/lab
# The system python (the one Debian ships), which also exists inside the VM runner.
PYTHON=$(command -v /usr/bin/python3 || command -v python3)
P=gvg$$
# Run files (configs, logs, sockets, captures) in the build tree, away from
# other users of /tmp.
mkdir -p "$top_builddir/tests/gdoi" 2>/dev/null
RUN=$(mktemp -d "$top_builddir/tests/gdoi/run.XXXXXX" 2>/dev/null || mktemp -d /tmp/gdoi-test.XXXXXX)
WAN=${P}w
PIDS=""
tap_n=0
tap_failed=0

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
not_ok() {
	tap_n=$((tap_n + 1)); tap_failed=1
	echo "not ok $tap_n - $1"
}
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }
# A point for a known gap: ok when it holds, else "not ok ... # TODO REASON"
# (not counted as a failure), so it turns into a pass once the gap is closed.
todo_check() { # CONDITION NAME REASON
	tap_n=$((tap_n + 1))
	if eval "$1"; then echo "ok $tap_n - $2"; return 0; fi
	echo "not ok $tap_n - $2 # TODO $3"
	return 1
}
# Stops the daemons (by pid), then fails the test if a sanitizer reported
# anything in their logs (builds with --enable-sanitizers), and ends TAP.
finish() {
	local n
	for n in $(seq 1 200); do gv_stop "$n"; done
	if grep -lE 'AddressSanitizer|LeakSanitizer|runtime error:' "$RUN"/r*/getvpnd.log \
		>"$RUN/sanitizer" 2>/dev/null; then
		not_ok "sanitizer reports in $(wc -l <"$RUN/sanitizer") daemon log(s)"
		grep -hE -A12 'AddressSanitizer|LeakSanitizer|runtime error:' "$RUN"/r*/getvpnd.log | head -40 | diag
	fi
	echo "1..$tap_n"
	exit $tap_failed
}
skip_all() { echo "ok 1 # SKIP $1"; echo "1..1"; exit 0; }
diag() { sed 's/^/# /'; }

gv_cleanup() {
	local pid
	for pid in $PIDS; do kill "$pid" 2>/dev/null; done
	for pid in $PIDS; do wait "$pid" 2>/dev/null; done
	# exactly this test's names (gvg12r1 must not match gvg123r1)
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$P(r[0-9]+|w)\$"); do
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "${KEEP:-}" ]; then echo "# kept $RUN"; else rm -rf "$RUN"; fi
}

# Root, namespaces and the tools, else the whole test is skipped (loudly).
gv_init() {
	command -v ip >/dev/null 2>&1 || skip_all "iproute2 not installed"
	[ -x "$GETVPND" ] && [ -x "$GETVPNSH" ] || skip_all "getvpnd/getvpnsh not built"
	[ "$(id -u)" -eq 0 ] || skip_all "needs root (network namespaces)"
	trap gv_cleanup EXIT
	trap 'exit 130' INT TERM
	ip netns add "$WAN" 2>/dev/null || skip_all "cannot create network namespaces"
	ip -n "$WAN" link set lo up
	ip -n "$WAN" link add br0 type bridge
	ip -n "$WAN" link set br0 up
}

ns() { echo "${P}r$1"; }

# A namespace with its loopback up.
gv_netns() { ip netns add "$1" && ip -n "$1" link set lo up; }

# In namespace NS, interface DEV renamed NAME, with ADDR, up.
gv_link_up() { # NS DEV NAME ADDR
	ip -n "$1" link set "$2" name "$3"
	ip -n "$1" addr add "$4" dev "$3"
	ip -n "$1" link set "$3" up
}

# A veth pair: end A into namespace NS_A, where it becomes IF_A with ADDR_A;
# end B into NS_B under its own name, for the caller to set up.
gv_veth() { # NS_A A IF_A ADDR_A NS_B B
	ip link add "$2" type veth peer name "$6" || return 1
	ip link set "$2" netns "$1"
	ip link set "$6" netns "$5"
	gv_link_up "$1" "$2" "$3" "$4"
}

# Router N: namespace, eth0 = 192.168.1.N/24 on the bridge.
gv_node() {
	local n=$1
	gv_netns "$(ns "$n")"
	gv_veth "$(ns "$n")" "${P}e$n" eth0 "192.168.1.$n/24" "$WAN" "${P}p$n"
	ip -n "$WAN" link set "${P}p$n" master br0
	ip -n "$WAN" link set "${P}p$n" up
	mkdir -p "$RUN/r$n/state"
	chmod 700 "$RUN/r$n/state"
}

# The LAN host behind router N (1-9): its namespace is "router" 1N (so the
# cleanup finds it), eth0 = 10.N.0.10/24, default route via router N's
# lan0 = 10.N.0.1/24; router N forwards.
lan_ns() { ns "1$1"; }
gv_lan_host() { # N
	local n=$1 h
	h=$(lan_ns "$n")
	gv_netns "$h" || return 1
	gv_veth "$(ns "$n")" "${P}l$n" lan0 "10.$n.0.1/24" "$h" "${P}h$n" || return 1
	gv_link_up "$h" "${P}h$n" eth0 "10.$n.0.10/24"
	ip -n "$h" route add default via "10.$n.0.1"
	ip netns exec "$(ns "$n")" sysctl -qw net.ipv4.ip_forward=1
}

sock() { echo "$RUN/r$1/vty.sock"; }
log_of() { echo "$RUN/r$1/getvpnd.log"; }

# Polls a shell condition every 0.1 s for at most SECONDS; 0 if it held.
gv_wait() {
	local limit=$(($(date +%s%N) / 1000000 + $(echo "$1" | awk '{print int($1 * 1000)}')))
	while ! eval "$2"; do
		[ "$(($(date +%s%N) / 1000000))" -ge "$limit" ] && return 1
		sleep 0.1
	done
	return 0
}

# Router N runs getvpnd on CONFIG (copied into its directory).
gv_start() {
	local n=$1 conf=$2
	cp "$conf" "$RUN/r$n/startup-config"
	ip netns exec "$(ns "$n")" "$GETVPND" --foreground --config "$RUN/r$n/startup-config" \
		--socket "$(sock "$n")" --state-dir "$RUN/r$n/state" >"$(log_of "$n")" 2>&1 &
	eval "PID_$n=$!"
	PIDS="$PIDS $!"
	gv_wait 5 "[ -S '$(sock "$n")' ]"
}

gv_stop() {
	local pid
	eval "pid=\${PID_$1:-}"
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	eval "PID_$1="
}

gv_sh() { # N command... (each argument one command)
	local n=$1 a=() c
	shift
	for c in "$@"; do a+=(-c "$c"); done
	"$GETVPNSH" --socket "$(sock "$n")" "${a[@]}"
}

# A JSON value from stdin: the Python expression E over the object j.
json() { "$PYTHON" -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

# The lesson's configuration of router N (R1 key server, R2-R5 members),
# with the key server address and pre-shared key substituted if asked.
lab_conf() { # N [PSK]
	sed -e "s/crypto isakmp key MY_KEY/crypto isakmp key ${2:-MY_KEY}/" "$LAB/R$1.conf"
}

# Starts the key server on router 1 with CONFIG (default: the lesson's
# R1.conf), creates the RSA key its rekey needs and waits until the group runs.
gv_start_ks() { # [CONFIG]
	if [ -n "${1:-}" ]; then cp "$1" "$RUN/R1.conf"; else lab_conf 1 >"$RUN/R1.conf"; fi
	gv_start 1 "$RUN/R1.conf" || return 1
	gv_sh 1 "crypto key generate rsa general-keys label RSA_KEYS modulus 2048" >/dev/null
	gv_wait 10 "grep -q KS_GROUP_STARTED '$(log_of 1)'"
}

# The lesson's key server configuration (R1) with the group's access list
# replaced: list ACL with the ENTRY lines (each " permit ...").
ks_conf() { # ACL ENTRY...
	local acl=$1 entries
	shift
	entries=$(printf '%s\n' "$@")
	lab_conf 1 | ACL=$acl ENTRIES=$entries awk '
		$0 == "ip access-list extended ICMP" {
			print "ip access-list extended " ENVIRON["ACL"]; print ENVIRON["ENTRIES"]
			skip = 1; next
		}
		skip && /^ / { next }
		{ skip = 0 }
		$0 == "   match address ipv4 ICMP" { print "   match address ipv4 " ENVIRON["ACL"]; next }
		{ print }'
}

# The lesson's member configuration of router N; with "lan", also the
# interface lan0 of the LAN behind it (gv_lan_host).
gm_conf() { # N [lan]
	if [ "${2:-}" != lan ]; then
		lab_conf "$1"
		return
	fi
	lab_conf "$1" | sed -e "1s/.*/! R$1: group member with a LAN on lan0/" \
		-e 's/^interface eth0$/&\n description WAN/' \
		-e "s/^end\$/interface lan0\n description LAN of R$1\n!\nend/"
}

gm_registered() { # N: show crypto gdoi gm json says registered
	gv_sh "$1" "show crypto gdoi gm json" 2>/dev/null | grep -q '"Registered"'
}

gm_dataplane_installed() { # N: show crypto gdoi gm says the group SA is in the kernel
	gv_sh "$1" "show crypto gdoi gm" 2>/dev/null | grep -q 'Dataplane             : installed'
}

# The SPI of the key server's (router 1) current TEK, as its JSON gives it.
ks_spi() {
	gv_sh 1 "show crypto gdoi ks policy json" 2>/dev/null |
		json 'j["groups"][0]["teks"][0]["spi"]' 2>/dev/null
}

# Ends the test with a failure unless router N's kernel runs the dataplane
# (ESP: run the test through tests/vm/run-in-kernel.sh).
gv_need_dataplane() { # N
	grep -q GM_DATAPLANE_UNAVAILABLE "$(log_of "$1")" || return 0
	grep GM_DATAPLANE_UNAVAILABLE "$(log_of "$1")" | diag
	not_ok "this kernel runs the dataplane (use tests/vm/run-in-kernel.sh)"
	finish
}

# Members N... start on $RUN/gmN.conf; each must register within SECS and,
# on a kernel with the dataplane, install the group SA within 5 s.
gv_start_members() { # SECS N...
	local secs=$1 n
	shift
	for n in "$@"; do gv_start "$n" "$RUN/gm$n.conf"; done
	for n in "$@"; do check "gv_wait $secs 'gm_registered $n'" "R$n registered"; done
	gv_need_dataplane "$1"
	for n in "$@"; do
		check "gv_wait 5 'gm_dataplane_installed $n'" \
			"R$n: show crypto gdoi gm says the dataplane is installed"
	done
}

# tcpdump on the WAN bridge (every router's traffic), UDP 848 only.
gv_capture_start() { # FILE
	gv_capture "$1" udp port 848
}

# tcpdump on the WAN bridge with any capture FILTER (default: everything).
gv_capture() { # FILE [FILTER...]
	local file=$1
	shift
	ip netns exec "$WAN" tcpdump -i br0 -n --immediate-mode -U -w "$file" "$@" 2>"$file.err" &
	CAP_PID=$!
	PIDS="$PIDS $CAP_PID"
	gv_wait 5 "grep -q listening '$file.err'"
}

gv_capture_stop() {
	[ -n "${CAP_PID:-}" ] || return 0
	kill -INT "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	CAP_PID=
}

# Number of packets of a capture matching a tshark display filter.
tshark_count() { # FILE FILTER
	tshark -r "$1" -d udp.port==848,isakmp -Y "$2" 2>/dev/null | wc -l
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
