# Shared helpers of the dataplane tests: TAP output, bounded waits, the
# two-GM topology (WAN bridge, GMs with loopbacks and a LAN host each).

tap_n=0
tap_failed=0
ok() { # ok CONDITION_STATUS NAME
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}
check() { # check NAME COMMAND...: a test point from a command's status
	local name=$1
	shift
	"$@" >/dev/null 2>&1
	ok $? "$name"
}
diag() { printf '# %s\n' "$@"; }
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# wait_for SECONDS COMMAND...: polls the condition every 0.1 s, up to the bound.
# COMMAND is run afresh each time: put changing values inside a function.
wait_for() {
	local bound=$1 end
	shift
	end=$(($(date +%s%N) + bound * 1000000000))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

NS=gvdp
wan=$NS-wan

topology_down() {
	local n
	for n in $wan $NS-gm2 $NS-gm3 $NS-h2 $NS-h3; do
		ip netns del "$n" 2>/dev/null
	done
}

# GM i (2, 3): wan0 192.168.77.i/24 on the bridge, loopback i.i.i.i, lan0
# 10.i.0.1/24 with host 10.i.0.10 in namespace $NS-hi behind it.
topology_up() {
	local i gm h
	topology_down
	ip netns add $wan || return 1
	ip -n $wan link add br0 type bridge && ip -n $wan link set br0 up && ip -n $wan link set lo up || return 1
	for i in 2 3; do
		gm=$NS-gm$i
		h=$NS-h$i
		ip netns add $gm && ip netns add $h || return 1
		ip -n $gm link set lo up
		ip -n $h link set lo up
		ip link add gvw$i type veth peer name gvp$i || return 1
		ip link set gvw$i netns $gm && ip link set gvp$i netns $wan
		ip -n $gm link set gvw$i name wan0
		ip -n $gm addr add 192.168.77.$i/24 dev wan0
		ip -n $gm link set wan0 up
		ip -n $wan link set gvp$i master br0 && ip -n $wan link set gvp$i up
		ip -n $gm addr add $i.$i.$i.$i/32 dev lo
		ip link add gvl$i type veth peer name gvh$i || return 1
		ip link set gvl$i netns $gm && ip link set gvh$i netns $h
		ip -n $gm link set gvl$i name lan0
		ip -n $gm addr add 10.$i.0.1/24 dev lan0
		ip -n $gm link set lan0 up
		ip -n $h link set gvh$i name eth0
		ip -n $h addr add 10.$i.0.10/24 dev eth0
		ip -n $h link set eth0 up
		ip -n $h route add default via 10.$i.0.1
		ip netns exec $gm sysctl -qw net.ipv4.ip_forward=1
	done
	ip -n $NS-gm2 route add 3.3.3.3/32 via 192.168.77.3
	ip -n $NS-gm2 route add 10.3.0.0/24 via 192.168.77.3
	ip -n $NS-gm3 route add 2.2.2.2/32 via 192.168.77.2
	ip -n $NS-gm3 route add 10.2.0.0/24 via 192.168.77.2
	# A WAN-side attacker address, for injecting plaintext.
	ip -n $wan addr add 192.168.77.9/24 dev br0
	ip -n $wan route add 2.2.2.2/32 via 192.168.77.2
	# Wait until the links are usable (duplicate address detection, carrier).
	wait_for 10 ip netns exec $NS-gm2 ping -c 1 -W 1 192.168.77.3
}

# One driver per GM, controlled through a FIFO; replies land in $tmp/gmN.log.
drive_start() { # drive_start GM_INDEX
	local i=$1
	rm -f "$tmp/gm$i.ctl"
	mkfifo "$tmp/gm$i.ctl" || return 1
	: >"$tmp/gm$i.log"
	ip netns exec $NS-gm$i "$drive" gm --control "$tmp/gm$i.ctl" >>"$tmp/gm$i.log" 2>&1 &
	eval "drive_pid$i=$!"
}

replies() { grep -cE '^(done|fail): ' "$1" 2>/dev/null; }
more_replies() { test "$(replies "$1")" -gt "$2"; }

# drive GM_INDEX COMMAND...: sends a command and waits (bounded) for its reply.
drive() {
	local i=$1 log before
	shift
	log=$tmp/gm$i.log
	before=$(replies "$log")
	echo "$*" >"$tmp/gm$i.ctl"
	wait_for 60 more_replies "$log" "$before" || { diag "gm$i: no reply to: $*"; return 1; }
	grep -E '^(done|fail): ' "$log" | tail -n 1 | grep -q '^done: ' && return 0
	diag "gm$i: $(grep -E '^fail: ' "$log" | tail -n 1)"
	return 1
}

xfrm_stat() { # xfrm_stat NS COUNTER
	ip netns exec "$1" awk -v c="$2" '$1 == c { print $2 }' /proc/net/xfrm_stat
}

# States other than larval ones (spi 0: the kernel's placeholders for flows
# awaiting an SA, which only expire, after net.core.xfrm_acq_expires).
real_states() { ip -n "$1" xfrm state | grep -c '^	proto esp spi 0x0*[1-9a-f]'; }
policies() { ip -n "$1" xfrm policy | grep -c '^src'; }

# First use of each algorithm makes the kernel load and self-test it, which
# takes seconds under emulation; do it before anything is timed.
crypto_warmup() {
	local ns=$NS-warm spi=0x100 alg
	ip netns add $ns || return 1
	for alg in "enc cbc(aes) 0x00112233445566778899aabbccddeeff auth-trunc hmac(sha1) 0x0011223344556677889900112233445566778899 96" \
		"enc cbc(aes) 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff auth-trunc hmac(sha256) 0x0011223344556677889900112233445566778899001122334455667788990011 128" \
		"aead rfc4106(gcm(aes)) 0x0102030405060708090a0b0c0d0e0f1011121314 128"; do
		ip -n $ns xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi $spi mode tunnel $alg || return 1
		spi=$((spi + 1))
	done
	ip netns del $ns
}
