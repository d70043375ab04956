#!/usr/bin/env bash
# The capability probe on the machine the tests run on, in a scratch
# namespace: where the kernel cannot add an ESP state (no CONFIG_INET_ESP),
# the probe must say so by name; where it can, the probe must say ok.
# Usage: probe_host.sh [BUILD_DIR]. TAP output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-${top_builddir:-$here/../../build}}
drive=$build/tests/dataplane/xfrm_drive
ns=gvprobe-$$
trap 'ip netns del $ns 2>/dev/null' EXIT

[ -x "$drive" ] || { echo "Bail out! $drive not built"; exit 1; }
ip netns add $ns
ok $? "scratch namespace"
if ip -n $ns xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 mode tunnel \
	enc 'cbc(aes)' 0x000102030405060708090a0b0c0d0e0f \
	auth-trunc 'hmac(sha1)' 0x000102030405060708090a0b0c0d0e0f10111213 96 2>"$ns.err"; then
	kernel_esp=1
	ip -n $ns xfrm state flush
else
	kernel_esp=0
	diag "ip xfrm says: $(cat "$ns.err")"
fi
rm -f "$ns.err"
out=$(ip netns exec $ns "$drive" probe)
rc=$?
diag "probe says: $out"
if [ $kernel_esp = 1 ]; then
	test $rc -eq 0 && test "$out" = ok
	ok $? "kernel with ESP: the probe reports ok"
else
	test $rc -ne 0
	ok $? "kernel without ESP: the probe fails"
	case "$out" in
	"kernel lacks ESP (CONFIG_INET_ESP): state add failed with "*) r=0 ;;
	*) r=1 ;;
	esac
	ok $r "the reason names the missing kernel feature (CONFIG_INET_ESP)"
	echo "$out" | grep -q 'Requested type not found\|Protocol not supported'
	ok $? "the reason carries the kernel's own error"
fi
test -z "$(ip -n $ns xfrm state)"
ok $? "the probe leaves no state behind"
done_testing
