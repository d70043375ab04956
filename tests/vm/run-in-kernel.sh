#!/usr/bin/env bash
# Runs a command on a kernel that can do ESP.
#
#   tests/vm/run-in-kernel.sh [--force-vm] -- COMMAND [ARG...]
#
# If the running kernel can install an ESP state in a scratch network
# namespace, COMMAND runs right here. Otherwise Debian's kernel is booted
# under QEMU with the host's root filesystem shared read-only (a tmpfs
# overlay makes it writable inside), COMMAND runs inside in the same
# directory, its output is streamed here, and its exit status returned.
#
# Exit status: COMMAND's, or 125 when the VM itself could not be set up or
# never reached COMMAND (infrastructure failure, the message says why).
#
# Environment:
#   GETVPND_VM_CACHE     where the kernel and initramfs are kept
#                        (default /var/cache/getvpnd-vm as root,
#                        else ${XDG_CACHE_HOME:-~/.cache}/getvpnd-vm)
#   GETVPND_VM_TIMEOUT   seconds COMMAND may run in the VM (default 900)
#   GETVPND_VM_BOOT_TIMEOUT  seconds to reach COMMAND (default 180)
#   GETVPND_VM_MEM       guest memory in MiB (default 1024)
#   GETVPND_VM_ENV       names of extra variables to pass into the VM
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/kernel.sh"
. "$here/lib/initrd.sh"
. "$here/lib/boot.sh"

force_vm=0
while [ $# -gt 0 ]; do
	case "$1" in
	--force-vm) force_vm=1; shift ;;
	--) shift; break ;;
	-h|--help) sed -n '2,22p' "$0"; exit 0 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || vm_die "usage: $0 [--force-vm] -- COMMAND [ARG...]"

if [ "$force_vm" -eq 0 ]; then
	if reason=$(vm_host_has_esp); then
		vm_say "host kernel $(uname -r) can install ESP states: running on the host"
		exec "$@"
	fi
	vm_say "host kernel $(uname -r) cannot run ESP ($reason): using a VM"
fi

vm_prepare_kernel || exit 125
vm_prepare_initrd || exit 125
vm_run "$@"
exit $?
