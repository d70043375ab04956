# Fetches and unpacks the Debian kernel the VM boots (never installed on the host).
# Sets VM_KDIR (unpacked package root) and VM_KVER (module directory name).

# The versioned package that the linux-image-amd64 metapackage currently depends on,
# so that security updates are followed instead of pinning a version that vanishes.
vm_kernel_package() {
	local pkg
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ]; then
		vm_say "apt-cache does not know linux-image-amd64: running apt-get update"
		apt-get update -qq >/dev/null 2>&1
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	fi
	printf '%s\n' "$pkg"
}

# Newest kernel already unpacked in the cache (offline use).
vm_cached_package() {
	local cache=$1
	ls -1d "$cache"/linux-image-*/.ready 2>/dev/null | sort -V | tail -n 1 |
		sed 's|/\.ready$||; s|.*/||'
}

vm_fetch_package() { # CACHE PKG
	local cache=$1 pkg=$2 dir=$1/$2 deb
	rm -rf "$dir" && mkdir -p "$dir/dl" || return 1
	vm_say "downloading $pkg with apt-get into $dir"
	# apt's sandbox user cannot write root's cache; that warning is noise here.
	if ! (cd "$dir/dl" && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) ||
		! deb=$(ls "$dir"/dl/*.deb 2>/dev/null | head -n 1) || [ -z "$deb" ]; then
		vm_say "apt-get download $pkg failed"
		return 1
	fi
	vm_say "unpacking $(basename "$deb")"
	dpkg -x "$deb" "$dir/root" || return 1
	rm -f "$deb"
	local kver
	kver=$(ls -1 "$dir/root/lib/modules" | head -n 1)
	[ -n "$kver" ] && [ -f "$dir/root/boot/vmlinuz-$kver" ] || { vm_say "$pkg has no kernel image"; return 1; }
	depmod -b "$dir/root" "$kver" || return 1
	touch "$dir/.ready"
}

vm_prepare_kernel() {
	local cache pkg
	cache=$(vm_cache_dir) || return 1
	exec 9>"$cache/.lock"
	flock 9
	pkg=$(vm_kernel_package)
	if [ -z "$pkg" ]; then
		pkg=$(vm_cached_package "$cache")
		[ -n "$pkg" ] || { vm_say "cannot tell which kernel to use: apt-cache depends linux-image-amd64 gave nothing and the cache $cache is empty"; return 1; }
		vm_say "apt gives no kernel package; using the cached $pkg"
	fi
	if [ ! -e "$cache/$pkg/.ready" ] && ! vm_fetch_package "$cache" "$pkg"; then
		local old
		old=$(vm_cached_package "$cache")
		[ -n "$old" ] || { vm_say "could not fetch $pkg and no kernel is cached in $cache"; return 1; }
		vm_say "could not fetch $pkg; using the cached $old"
		pkg=$old
	fi
	VM_KDIR=$cache/$pkg/root
	VM_KVER=$(ls -1 "$VM_KDIR/lib/modules" | head -n 1)
	VM_CACHE=$cache/$pkg
	flock -u 9
}
