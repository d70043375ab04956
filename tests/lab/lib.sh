# shellcheck shell=bash
# Shared by the lab scripts (sourced): the routers, their namespaces and
# how to talk to their getvpnd. A running lab keeps its live files under
# RUN (/run/getvpnd-lab):
#   RUN/RN/startup-config  RUN/RN/state/  RUN/RN/vty.sock  RUN/RN/getvpnd.log
#   RUN/frr/RN/            FRR's files (zebra, ospfd) of member N
# and what it saw under the results directory (tests/lab/run.sh).
LAB_GMS="2 3 4 5"
# shellcheck disable=SC2034 # used by the scripts that source this file
LAB_ROUTERS="1 $LAB_GMS"
PYTHON=$(command -v /usr/bin/python3 || command -v python3)

lab_ns() { echo "lab-R$1"; }
lab_sock() { echo "$RUN/R$1/vty.sock"; }
lab_log() { echo "$RUN/R$1/getvpnd.log"; }
lab_lo() { echo "$1.$1.$1.$1"; }

# getvpnsh on router N; each further argument is one command.
lab_sh() {
	local n=$1 a=() c
	shift
	for c in "$@"; do a+=(-c "$c"); done
	"$GETVPNSH" --socket "$(lab_sock "$n")" "${a[@]}"
}

# Polls a shell condition every 0.2 s for at most SECONDS; 0 if it held.
lab_wait() { # SECONDS CONDITION
	local deadline=$((SECONDS + $1))
	while ! eval "$2"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.2
	done
	return 0
}

# A value from the JSON on stdin: the Python expression E over the object j.
lab_json() { "$PYTHON" -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

# The key server's current TEK SPI (0x%08X), empty if it has none.
lab_ks_spi() {
	lab_sh 1 "show crypto gdoi ks policy json" 2>/dev/null |
		lab_json 'j["groups"][0]["teks"][-1]["spi"] if j["groups"] and j["groups"][0]["teks"] else ""' 2>/dev/null
}

# The TEK SPIs member N holds, one per line.
lab_gm_spis() {
	lab_sh "$1" "show crypto gdoi json" 2>/dev/null |
		lab_json '"\n".join(t["spi"] for g in j["group_member"]["groups"] for t in g["teks"])' 2>/dev/null
}

lab_registered() { lab_sh "$1" "show crypto gdoi gm" 2>/dev/null | grep -q 'Registration status   : Registered'; }
lab_installed() { lab_sh "$1" "show crypto gdoi gm" 2>/dev/null | grep -q 'Dataplane             : installed'; }
