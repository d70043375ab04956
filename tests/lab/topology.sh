#!/usr/bin/env bash
# The lesson's topology in network namespaces: a private WAN (a bridge in
# namespace lab-wan, 192.168.1.0/24), R1 the key server at .1, R2-R5 group
# members at .2-.5, each GM with loopback N.N.N.N/32 advertised by OSPF
# (FRR's zebra + ospfd in the router's namespace, as in the lesson).
#   topology.sh up RUNDIR      build it (RUNDIR holds FRR's files)
#   topology.sh down RUNDIR    remove it
#   topology.sh ospf-wait N    wait until every GM has N OSPF routes to loopbacks
set -u
ROUTERS="1 2 3 4 5"
GMS="2 3 4 5"
ns() { echo "lab-R$1"; }

frr_start() { # frr_start N RUNDIR
	local n=$1 dir=$2/R$1
	mkdir -p "$dir"
	chown frr:frr "$dir" 2>/dev/null || true
	cat > "$dir/zebra.conf" <<CONF
hostname R$n
CONF
	cat > "$dir/ospfd.conf" <<CONF
hostname R$n
interface eth0
 ip ospf hello-interval 1
 ip ospf dead-interval 4
router ospf
 ospf router-id $n.$n.$n.$n
 network 192.168.1.0/24 area 0
 network $n.$n.$n.$n/32 area 0
CONF
	chown frr:frr "$dir"/*.conf 2>/dev/null || true
	ip netns exec "$(ns "$n")" /usr/lib/frr/zebra -d -f "$dir/zebra.conf" -i "$dir/zebra.pid" \
		-z "$dir/zserv.api" --vty_socket "$dir" --log "file:$dir/zebra.log" >/dev/null 2>&1
	for _ in $(seq 50); do [ -S "$dir/zserv.api" ] && break; sleep 0.1; done
	ip netns exec "$(ns "$n")" /usr/lib/frr/ospfd -d -f "$dir/ospfd.conf" -i "$dir/ospfd.pid" \
		-z "$dir/zserv.api" --vty_socket "$dir" --log "file:$dir/ospfd.log" >/dev/null 2>&1
}

up() {
	local run=$1
	mkdir -p "$run"
	ip netns add lab-wan
	ip -n lab-wan link set lo up
	ip -n lab-wan link add br0 type bridge
	ip -n lab-wan link set br0 up
	for n in $ROUTERS; do
		ip netns add "$(ns "$n")"
		ip -n "$(ns "$n")" link set lo up
		ip link add "lab-e$n" type veth peer name "lab-p$n"
		ip link set "lab-e$n" netns "$(ns "$n")"
		ip link set "lab-p$n" netns lab-wan
		ip -n "$(ns "$n")" link set "lab-e$n" name eth0
		ip -n "$(ns "$n")" addr add "192.168.1.$n/24" dev eth0
		ip -n "$(ns "$n")" link set eth0 up
		ip -n lab-wan link set "lab-p$n" master br0
		ip -n lab-wan link set "lab-p$n" up
	done
	for n in $GMS; do
		ip -n "$(ns "$n")" addr add "$n.$n.$n.$n/32" dev lo
		ip netns exec "$(ns "$n")" sysctl -qw net.ipv4.ip_forward=1
	done
	if [ -x /usr/lib/frr/ospfd ]; then
		for n in $GMS; do frr_start "$n" "$run"; done
		echo "routing: OSPF (FRR zebra + ospfd) on R2-R5"
	else
		echo "routing: FRR is not installed; static routes to the loopbacks instead of OSPF"
		for n in $GMS; do for m in $GMS; do
			[ "$n" = "$m" ] || ip -n "$(ns "$n")" route add "$m.$m.$m.$m/32" via "192.168.1.$m"
		done; done
	fi
}

down() {
	local run=$1 pid
	for f in "$run"/R*/*.pid; do
		[ -f "$f" ] && pid=$(cat "$f") && kill "$pid" 2>/dev/null
	done
	for n in $ROUTERS; do ip netns del "$(ns "$n")" 2>/dev/null; done
	ip netns del lab-wan 2>/dev/null
	return 0
}

ospf_wait() { # every GM has a route to every other GM's loopback
	local deadline=$((SECONDS + ${1:-90})) n m missing
	while [ $SECONDS -lt $deadline ]; do
		missing=0
		for n in $GMS; do for m in $GMS; do
			[ "$n" = "$m" ] && continue
			ip -n "$(ns "$n")" route show "$m.$m.$m.$m" | grep -q . || missing=1
		done; done
		[ $missing = 0 ] && return 0
		sleep 1
	done
	return 1
}

case "${1:-}" in
up) up "${2:?run dir}" ;;
down) down "${2:?run dir}" ;;
ospf-wait) ospf_wait "${2:-90}" ;;
*) echo "usage: $0 up|down RUNDIR | ospf-wait [SECONDS]" >&2; exit 2 ;;
esac
