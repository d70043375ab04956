# Shared helpers of the VM runner: messages, the cache directory, the ESP probe.

vm_say() { printf 'vm: %s\n' "$*" >&2; }
vm_die() { printf 'vm: error: %s\n' "$*" >&2; exit 125; }

# Seconds since the epoch with decimals, for timings in messages.
vm_now() { date +%s.%N; }
vm_elapsed() { awk -v a="$1" -v b="$(vm_now)" 'BEGIN { printf "%.1f", b - a }'; }

vm_cache_dir() {
	local dir=${GETVPND_VM_CACHE:-}
	if [ -z "$dir" ]; then
		if [ "$(id -u)" -eq 0 ]; then
			dir=/var/cache/getvpnd-vm
		else
			dir=${XDG_CACHE_HOME:-$HOME/.cache}/getvpnd-vm
		fi
	fi
	mkdir -p "$dir" || vm_die "cannot create the cache directory $dir"
	printf '%s\n' "$dir"
}

# Succeeds when a throw-away ESP tunnel state can be added in a scratch
# namespace; otherwise prints the kernel's answer and fails.
vm_host_has_esp() {
	local ns="gvprobe$$" out rc
	if ! out=$(ip netns add "$ns" 2>&1); then
		printf 'cannot create a network namespace: %s' "$out"
		return 1
	fi
	out=$(ip -n "$ns" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp \
		spi 0x100 mode tunnel enc 'cbc(aes)' 0x000102030405060708090a0b0c0d0e0f \
		auth-trunc 'hmac(sha1)' 0x000102030405060708090a0b0c0d0e0f10111213 96 2>&1)
	rc=$?
	ip netns del "$ns" 2>/dev/null
	[ $rc -eq 0 ] && return 0
	printf 'ESP state add failed: %s' "${out:-unknown error}"
	return 1
}
