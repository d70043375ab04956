# Boots the VM under QEMU, runs the command inside, streams its output, returns its status.

# Writes the command (with the caller's directory and chosen variables) for stage2.
vm_write_cmd() { # WORK COMMAND...
	local work=$1 v
	shift
	{
		echo 'set +e'
		printf 'export PATH=%q\n' "$PATH"
		for v in HOME LANG TERM ${GETVPND_VM_ENV:-}; do
			[ -n "${!v+x}" ] && printf 'export %s=%q\n' "$v" "${!v}"
		done
		echo 'export GETVPND_IN_VM=1'
		printf 'cd %q || exit 125\n' "$(pwd)"
		printf 'exec'
		printf ' %q' "$@"
		echo
	} >"$work/cmd.sh"
	cp "$here/stage2.sh" "$work/stage2.sh"
}

vm_qemu() { # WORK ACCEL: starts QEMU in the background, sets VM_QEMU_PID
	local work=$1 accel=$2 share=security_model=none
	local kernel=$VM_KDIR/boot/vmlinuz-$VM_KVER
	qemu-system-x86_64 -nodefaults -no-user-config -accel "$accel" -cpu max -smp 1 \
		-m "${GETVPND_VM_MEM:-1024}" -display none -monitor none -no-reboot \
		-serial "file:$work/console.log" \
		-kernel "$kernel" -initrd "$VM_INITRD" \
		-append "console=ttyS0 panic=-1 loglevel=4 oops=panic" \
		-virtfs "local,path=/,mount_tag=hostroot,$share,readonly=on,multidevs=remap" \
		-virtfs "local,path=$VM_KDIR/lib/modules,mount_tag=mods,$share,readonly=on" \
		-virtfs "local,path=$work,mount_tag=work,$share" \
		</dev/null >"$work/qemu.log" 2>&1 &
	VM_QEMU_PID=$!
}

vm_alive() { kill -0 "$VM_QEMU_PID" 2>/dev/null; }

vm_stop_qemu() {
	vm_alive || return 0
	kill "$VM_QEMU_PID" 2>/dev/null
	local i
	for i in $(seq 50); do vm_alive || break; sleep 0.1; done
	kill -9 "$VM_QEMU_PID" 2>/dev/null
	wait "$VM_QEMU_PID" 2>/dev/null
}

vm_show_logs() { # WORK
	vm_say "last lines of the VM console:"
	tail -n 15 "$1/console.log" 2>/dev/null | sed 's/^/vm:   /' >&2
	[ -s "$1/qemu.log" ] && { vm_say "QEMU said:"; tail -n 5 "$1/qemu.log" | sed 's/^/vm:   /' >&2; }
}

# Waits (bounded) for the VM to reach the command. 0 = reached, 1 = not.
vm_wait_started() { # WORK ACCEL BOUND
	local work=$1 accel=$2 deadline=$(($(date +%s) + $3))
	while [ "$(date +%s)" -lt "$deadline" ]; do
		[ -e "$work/started" ] && return 0
		vm_alive || return 1
		[ "$accel" = kvm ] && grep -q 'KVM internal error\|kvm run failed' "$work/qemu.log" 2>/dev/null && return 1
		sleep 0.2
	done
	return 1
}

# One boot. Sets VM_INFRA_FAILED=1 when the command was never reached.
vm_boot_once() { # WORK ACCEL BOOT_BOUND
	local work=$1 accel=$2 t0 tail_pid deadline rc
	rm -f "$work"/{started,rc,out.log,console.log,qemu.log}
	: >"$work/out.log"
	VM_INFRA_FAILED=0
	t0=$(vm_now)
	vm_say "booting $VM_KVER with $accel (QEMU, -smp 1)"
	vm_qemu "$work" "$accel"
	if ! vm_wait_started "$work" "$accel" "$3"; then
		vm_stop_qemu
		vm_say "the VM ($accel) did not reach the test command within ${3}s"
		vm_show_logs "$work"
		VM_INFRA_FAILED=1
		return 125
	fi
	vm_say "VM up after $(vm_elapsed "$t0")s ($accel); running the command"
	tail -n +1 -F -s 0.2 --pid="$VM_QEMU_PID" "$work/out.log" 2>/dev/null &
	tail_pid=$!
	deadline=$(($(date +%s) + ${GETVPND_VM_TIMEOUT:-900}))
	while vm_alive && [ "$(date +%s)" -lt "$deadline" ]; do
		sleep 0.2
	done
	if vm_alive; then
		vm_say "the command did not finish within ${GETVPND_VM_TIMEOUT:-900}s: stopping the VM"
		vm_stop_qemu
	fi
	wait "$VM_QEMU_PID" 2>/dev/null
	wait "$tail_pid" 2>/dev/null
	if [ -s "$work/rc" ]; then
		rc=$(cat "$work/rc")
		vm_say "command exited with status $rc; VM run took $(vm_elapsed "$t0")s"
		return "$rc"
	fi
	vm_say "the VM stopped before the command finished (kernel panic or QEMU error)"
	vm_show_logs "$work"
	return 125
}

# KVM is tried first unless an earlier run on this host found it broken;
# nested setups often expose /dev/kvm that fails at the first instruction it cannot emulate.
vm_accel_order() {
	local note=$VM_CACHE/kvm-broken-$(uname -r)
	if [ -w /dev/kvm ] && [ ! -e "$note" ]; then
		echo kvm tcg tcg
	else
		echo tcg tcg
	fi
}

vm_run() {
	local work accel rc=125 tried_kvm=0 boot_bound
	work=$(mktemp -d "${TMPDIR:-/tmp}/getvpnd-vm.XXXXXX") || vm_die "mktemp failed"
	# shellcheck disable=SC2064
	trap "vm_stop_qemu; rm -rf '$work'" EXIT
	trap 'exit 130' INT TERM
	vm_write_cmd "$work" "$@"
	for accel in $(vm_accel_order); do
		boot_bound=${GETVPND_VM_BOOT_TIMEOUT:-180}
		[ "$accel" = kvm ] && boot_bound=15
		vm_boot_once "$work" "$accel" "$boot_bound"
		rc=$?
		[ "$VM_INFRA_FAILED" = 1 ] || break
		if [ "$accel" = kvm ]; then
			vm_say "KVM does not work here; falling back to TCG (remembered in $VM_CACHE)"
			touch "$VM_CACHE/kvm-broken-$(uname -r)"
			tried_kvm=1
		else
			vm_say "infrastructure failure: the VM never reached the test command; retrying once"
		fi
	done
	if [ "$VM_INFRA_FAILED" = 1 ]; then
		vm_say "infrastructure failure: the VM did not boot (see the console lines above)"
		rc=125
	fi
	return "$rc"
}
