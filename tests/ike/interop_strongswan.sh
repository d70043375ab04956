#!/bin/sh
# Interoperability check against strongSwan (packages strongswan-charon and
# strongswan-swanctl, installed by run-tests), in two network namespaces:
#  1. strongSwan's charon (IKEv1, pre-shared key, IPsec DOI) initiates
#     Main Mode from port 500 to a getvpnd key server (tests/ike/mm_peer)
#     on port 848; both must report the ISAKMP SA; charon's protected
#     Delete at shutdown must remove the SA on the key server.
#  2. a getvpnd member (DOI 2 offer) initiates to charon's port 500.
# Only phase 1 is checked (charon speaks Quick Mode, not GDOI). TAP output.
#   sudo top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
peer=$top_builddir/tests/ike/mm_peer
charon=/usr/lib/ipsec/charon
ns_a=gvsks$$ if_a=gvsks0
ns_b=gvssw$$ if_b=gvssw0
net=10.98.0
. "$top_srcdir/tests/lib/veth_pair.sh"
ns_ks=$ns_a
ns_sw=$ns_b

cleanup() {
	[ -n "$ks_pid" ] && kill "$ks_pid" 2>/dev/null
	[ -n "$charon_pid" ] && kill "$charon_pid" 2>/dev/null
	sleep 0.2
	pair_cleanup
}
trap cleanup EXIT

[ -x "$charon" ] && command -v swanctl >/dev/null 2>&1 ||
	skip_all "strongSwan (strongswan-charon, strongswan-swanctl) not installed"
pair_up

cat >"$dir/strongswan.conf" <<EOC
charon {
	load_modular = yes
	install_routes = no
	plugins {
		include /etc/strongswan.d/charon/*.conf
		vici {
			load = yes
			socket = unix://$dir/charon.vici
		}
	}
	filelog {
		log {
			path = $dir/charon.log
			flush_line = yes
			default = 1
			ike = 2
			enc = 1
		}
	}
}
EOC
cat >"$dir/swanctl.conf" <<EOC
connections {
	gdoi {
		version = 1
		local_addrs = 10.98.0.2
		remote_addrs = 10.98.0.1
		remote_port = 848
		proposals = aes128-sha1-modp1536
		local {
			auth = psk
			id = 10.98.0.2
		}
		remote {
			auth = psk
			id = 10.98.0.1
		}
		children {
			c {
				esp_proposals = aes128-sha1
			}
		}
	}
}
secrets {
	ike-ks {
		id = 10.98.0.1
		secret = mekmitasdigoat
	}
}
EOC

ip netns exec "$ns_ks" "$peer" ks 10.98.0.1 10.98.0.2:500 mekmitasdigoat aes-128-sha-5 5 2 \
	>"$dir/ks.out" 2>"$dir/ks.err" &
ks_pid=$!
STRONGSWAN_CONF=$dir/strongswan.conf ip netns exec "$ns_sw" "$charon" >"$dir/charon.out" 2>&1 &
charon_pid=$!
i=0
while [ ! -S "$dir/charon.vici" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
ip netns exec "$ns_sw" swanctl --load-all --file "$dir/swanctl.conf" --uri "unix://$dir/charon.vici" \
	>"$dir/swanctl.out" 2>&1
ip netns exec "$ns_sw" timeout 15 swanctl --initiate --ike gdoi --uri "unix://$dir/charon.vici" \
	--timeout 10 >>"$dir/swanctl.out" 2>&1
sleep 0.5
check 'grep -q "^ESTABLISHED 10.98.0.2 aes/128/sha/5 " "$dir/ks.out"' \
	"getvpnd key server: Main Mode with charon established"
check 'grep -q "IKE_SA gdoi\[[0-9]*\] established" "$dir/charon.log"' \
	"charon: ISAKMP SA with the getvpnd key server established"
kill "$charon_pid"; wait "$charon_pid" 2>/dev/null
charon_pid=
wait "$ks_pid"
ks_pid=
check 'grep -q "IKMP_SA_DELETED" "$dir/ks.err"' \
	"charon's protected Delete removes the SA on the key server"

# 2. getvpnd member -> charon responder on port 500
: >"$dir/charon.log"
STRONGSWAN_CONF=$dir/strongswan.conf ip netns exec "$ns_sw" "$charon" >"$dir/charon.out" 2>&1 &
charon_pid=$!
i=0
while ! grep -q "vici" "$dir/charon.log" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
ip netns exec "$ns_sw" swanctl --load-all --file "$dir/swanctl.conf" --uri "unix://$dir/charon.vici" \
	>"$dir/swanctl.out" 2>&1
MM_PEER_DEBUG=1 ip netns exec "$ns_ks" "$peer" gm 10.98.0.1 10.98.0.2:500 mekmitasdigoat aes-128-sha-5 10 \
	>"$dir/gm.out" 2>"$dir/gm.err"
gm_rc=$?
check '[ "$gm_rc" -eq 0 ] && grep -q "^ESTABLISHED 10.98.0.2 aes/128/sha/5 " "$dir/gm.out"' \
	"getvpnd member (DOI 2): Main Mode with charon as responder established"
check 'grep -q "IKE_SA gdoi\[[0-9]*\] established" "$dir/charon.log"' \
	"charon as responder: ISAKMP SA with the getvpnd member established"
echo "1..$n"
