# Builds the busybox initramfs that mounts the host root over 9p (cached per kernel).
# Sets VM_INITRD.

# Modules the initramfs loads, in dependency order, each once.
vm_boot_modules() {
	modprobe -d "$VM_KDIR" -S "$VM_KVER" --show-depends -a \
		9pnet_virtio 9p overlay virtio_pci |
		awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

vm_prepare_initrd() {
	local busybox stamp tmp m
	busybox=$(command -v busybox) || { vm_say "busybox is missing (apt-get install busybox-static)"; return 1; }
	case "$(ldd "$busybox" 2>&1)" in *"not a dynamic"*) ;; *) false ;; esac ||
		{ vm_say "$busybox is not static: the initramfs needs busybox-static"; return 1; }
	# Rebuild when the init script or busybox changes.
	stamp=$(cat "$here/init" "$busybox" | md5sum | cut -c1-12)
	VM_INITRD=$VM_CACHE/initrd-$stamp.gz
	[ -s "$VM_INITRD" ] && return 0
	vm_say "building the initramfs $VM_INITRD"
	tmp=$(mktemp -d) || return 1
	mkdir -p "$tmp"/{bin,mods,proc,sys,dev,newroot,ro,rw}
	cp "$busybox" "$tmp/bin/busybox"
	cp "$here/init" "$tmp/init" && chmod 755 "$tmp/init"
	for m in $(vm_boot_modules); do
		cp "$m" "$tmp/mods/" || { rm -rf "$tmp"; return 1; }
		basename "$m" >>"$tmp/mods/order"
	done
	[ -s "$tmp/mods/order" ] || { vm_say "no boot modules found in $VM_KDIR"; rm -rf "$tmp"; return 1; }
	(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$VM_INITRD.tmp" &&
		mv "$VM_INITRD.tmp" "$VM_INITRD"
	local rc=$?
	rm -rf "$tmp"
	return $rc
}
