# Shared by the rekey system tests (sourced after tests/gdoi/lib.sh): the
# lesson's configurations with short, IOS-valid lifetimes (TEK 120 s, KEK
# 300 s, rekey retransmit 10 s) and the daemons' clock sped up by the
# test-only GETVPND_TIME_SCALE (gdoi/pull_show.h), so that a rekey comes
# every few real seconds.
export GETVPND_TIME_SCALE=${GETVPND_TIME_SCALE:-20}

# The key server's configuration: R1.conf, TEK/KEK lifetimes and rekey
# retransmission set, plus extra lines for the local server (stdin of
# rk_ks_conf is not used; pass them as arguments, one line each).
rk_ks_conf() { # TEK_LIFE KEK_LIFE RETRANSMIT_S RETRANSMIT_N [server-local lines...]
	local tek=$1 kek=$2 rs=$3 rn=$4 extra=""
	shift 4
	for l in "$@"; do extra="$extra  $l\n"; done
	lab_conf 1 | sed -e "s/^ set transform-set TRANSFORM_SET/&\n set security-association lifetime seconds $tek/" \
		-e "s/^  rekey transport unicast/&\n  rekey lifetime seconds $kek\n  rekey retransmit $rs number $rn\n$extra/"
}

# Starts the key server on router 1 with the configuration in file $1.
rk_start_ks() { # CONF
	gv_start 1 "$1" || return 1
	gv_sh 1 "crypto key generate rsa general-keys label RSA_KEYS modulus 2048" >/dev/null
	gv_wait 10 "grep -q KS_GROUP_STARTED '$(log_of 1)'"
}

# A JSON fact of router N: rk_fact N "show ..." PYTHON_EXPR
rk_fact() { gv_sh "$1" "$2 json" 2>/dev/null | json "$3" 2>/dev/null; }
# The member's current rekey SEQ and its TEK SPIs (sorted, comma-separated).
gm_seq() { rk_fact "$1" "show crypto gdoi gm rekey" 'j["groups"][0]["last_seq"]'; }
gm_received() { rk_fact "$1" "show crypto gdoi gm rekey" 'j["groups"][0]["received"]'; }
ks_seq() { rk_fact 1 "show crypto gdoi ks rekey" 'j["groups"][0]["seq"]'; }

# A field of member 192.168.1.N in `show crypto gdoi ks members json`
# (empty when the key server does not list it).
ks_member() { # N FIELD
	rk_fact 1 "show crypto gdoi ks members" \
		"([m['$2'] for m in j['groups'][0]['members'] if m['address'] == '192.168.1.$1'] or [''])[0]"
}
ks_member_count() { rk_fact 1 "show crypto gdoi ks members" 'len(j["groups"][0]["members"])'; }
# Drops PCT % of router N's UDP 848 datagrams, both directions (nftables
# numgen: the host kernel has no sch_netem).
rk_loss() { # N PCT
	local n=$1 p=$2
	ip netns exec "$(ns "$n")" nft -f - <<NFT
table inet rkloss {
	chain in { type filter hook input priority 0; udp dport 848 numgen random mod 100 < $p counter drop; }
	chain out { type filter hook output priority 0; udp dport 848 numgen random mod 100 < $p counter drop; }
}
NFT
}
rk_loss_counts() { ip netns exec "$(ns "$1")" nft list table inet rkloss | awk '/packets/ {for (i=1;i<=NF;i++) if ($i=="packets") s+=$(i+1)} END {print s+0}'; }
# Every member N... holds rekey SEQ >= S.
all_at_least() { # S N...
	local s=$1 n
	shift
	for n in "$@"; do [ "$(gm_seq "$n")" -ge "$s" ] 2>/dev/null || return 1; done
}
# The key server has every member N... acknowledging SEQ >= S.
all_acked() { # S N...
	local s=$1 n
	shift
	for n in "$@"; do [ "$(ks_member "$n" acked_seq)" -ge "$s" ] 2>/dev/null || return 1; done
}
