# Debian packages each part of the project needs, installed on demand.
# Sourced by run-tests and lab; gv_install_deps GROUP... installs the
# missing packages of those groups (needs root on a machine without them).
gv_pkgs_build="build-essential autoconf automake pkg-config libedit-dev libssl-dev libmnl-dev libevent-dev libnftables-dev"
gv_pkgs_test="groff-base valgrind iproute2 iputils-ping strongswan-charon strongswan-swanctl nftables tcpdump tshark clang libclang-rt-14-dev tmux qemu-system-x86 busybox-static cpio kmod python3"
gv_pkgs_lab="frr"

gv_install_deps() {
	local want="" missing="" p
	for group in "$@"; do
		eval "want=\"\$want \$gv_pkgs_$group\""
	done
	for p in $want; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "installing:$missing"
	if [ "$(id -u)" -ne 0 ]; then
		echo "run as root (or sudo) so that apt-get can install:$missing" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# tshark asks whether non-root users may capture; the default (no) is fine.
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}
