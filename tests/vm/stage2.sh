#!/bin/bash
# Runs inside the VM as PID 1 after switch_root into the host's root: sets up
# the usual mounts, runs the command the runner wrote to cmd.sh, leaves its
# output and exit status in the shared work directory, and powers off.
w=/.getvpnd-vm
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/netns /run/lock /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# The host's /tmp stays visible (a checkout may live there); writes go to the overlay.
hostname getvpnd-vm 2>/dev/null
ip link set lo up 2>/dev/null
# Features the tests use; loading them up front keeps first use fast and
# makes a missing module show here, by name, rather than as an odd failure later.
for m in esp4 xfrm_user xfrm4_tunnel veth bridge nf_tables nft_chain_nat af_packet; do
	modprobe -q "$m" 2>/dev/null || echo "getvpnd-vm: modprobe $m failed" >>"$w/out.log"
done
: >"$w/started"
bash "$w/cmd.sh" >>"$w/out.log" 2>&1 </dev/null
echo $? >"$w/rc"
sync
echo o >/proc/sysrq-trigger
sleep 10
