#!/bin/sh
# getvpnd.conf(5) keeps up with the daemon: every command path a running
# getvpnd offers through `?`, in every mode, must have an entry in the
# man page's subsection for that mode, every entry of the page must be a
# command of its mode (or be marked "Not yet"); tests/docs/
# commands_documented.py says exactly what counts. The page must also
# format without a groff warning. TAP.
: "${top_srcdir:=$(pwd)}"
: "${top_builddir:=$(pwd)}"
GETVPND="$top_builddir/daemon/getvpnd"
GETVPNSH="$top_builddir/shell/getvpnsh"
MAN="$top_srcdir/docs/getvpnd.conf.5"
tmp=$(mktemp -d /tmp/gv-docs-test.XXXXXX)
pid=""

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

"$GETVPND" --foreground --config /dev/null --socket "$tmp/vty.sock" \
	--state-dir "$tmp/state" 2>"$tmp/daemon.log" &
pid=$!
for i in $(seq 1 100); do
	[ -S "$tmp/vty.sock" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.05
done
if [ ! -S "$tmp/vty.sock" ]; then
	echo "not ok 1 - getvpnd answers on its vty socket"
	sed 's/^/#   /' "$tmp/daemon.log"
	echo "1..1"
	exit 1
fi

# The per-mode tests and the reverse check, then the formatting test.
python3 "$top_srcdir/tests/docs/commands_documented.py" "$GETVPNSH" "$tmp/vty.sock" "$MAN" \
	>"$tmp/tap"
status=$?
grep -v '^1\.\.' "$tmp/tap"
n=$(grep -c '^\(not \)\{0,1\}ok ' "$tmp/tap")
if [ "$n" -eq 0 ]; then
	echo "not ok 1 - the command walk produced results"
	sed 's/^/#   /' "$tmp/tap"
	n=1
	status=1
fi

n=$((n + 1))
if ! command -v groff >/dev/null 2>&1; then
	echo "ok $n # SKIP groff is not installed (Debian package groff-base)"
else
	groff -ww -man -z "$MAN" >"$tmp/groff.log" 2>&1
	if [ -s "$tmp/groff.log" ]; then
		echo "not ok $n - getvpnd.conf.5 formats without groff warnings"
		sed 's/^/#   /' "$tmp/groff.log"
		status=1
	else
		echo "ok $n - getvpnd.conf.5 formats without groff warnings"
	fi
fi
echo "1..$n"
exit $status
