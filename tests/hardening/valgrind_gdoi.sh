#!/bin/bash
# Key server and group members under valgrind memcheck through a whole
# life: the GDOI system tests tests/gdoi/register.sh (KS + 1 GM:
# registration, clear, crypto map removed and applied again, group
# removed) and tests/gdoi/rekey.sh (KS + 2 GMs: registration, three
# rekeys with acknowledgements, a silent member removed) run with every
# getvpnd wrapped in memcheck. Their own results are shown as diagnostics
# only (their time bounds are not meant for valgrind's speed); each
# daemon's memcheck report must show no error and nothing lost. Needs
# root and network namespaces; about three minutes.
set -u
top_builddir=$(cd "${top_builddir:-.}" && pwd)
top_srcdir=$(cd "${top_srcdir:-.}" && pwd)
for f in tests/gdoi/lib.sh tests/gdoi/register.sh tests/gdoi/rekey.sh; do
	[ -f "$top_srcdir/$f" ] || { echo "Bail out! $f missing"; exit 1; }
done
command -v valgrind >/dev/null || { echo "Bail out! valgrind missing (apt-get install valgrind)"; exit 1; }
if nm "$top_builddir/daemon/getvpnd" 2>/dev/null | grep -q __asan_init; then
	echo "1..1"
	echo "ok 1 - sanitizer build: the GDOI system tests check ASan/LSan reports themselves"
	exit 0
fi
work=$(mktemp -d /tmp/gv-memcheck.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A build directory whose getvpnd is memcheck running the real one.
mkdir -p "$work/build/daemon" "$work/build/shell"
ln -s "$top_builddir/shell/getvpnsh" "$work/build/shell/getvpnsh"
cat >"$work/build/daemon/getvpnd" <<WRAP
#!/bin/sh
exec valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible \\
	--errors-for-leak-kinds=definite,indirect,possible \\
	--suppressions="$top_srcdir/tests/hardening/valgrind.supp" \\
	--log-file="\$GV_MEMCHECK_DIR/memcheck.%p.log" "$top_builddir/daemon/getvpnd" "\$@"
WRAP
chmod +x "$work/build/daemon/getvpnd"

n=0
failed=0
for t in register rekey; do
	export GV_MEMCHECK_DIR=$work/$t
	mkdir -p "$GV_MEMCHECK_DIR"
	top_builddir=$work/build top_srcdir=$top_srcdir timeout 900 bash "$top_srcdir/tests/gdoi/$t.sh" \
		>"$work/$t.tap" 2>&1
	echo "# tests/gdoi/$t.sh under memcheck: $(grep -c '^ok' "$work/$t.tap") ok," \
		"$(grep -c '^not ok' "$work/$t.tap") not ok (timing bounds; diagnostics only)"
	grep '^not ok' "$work/$t.tap" | sed 's/^/#   /'
	daemons=0
	for log in "$GV_MEMCHECK_DIR"/memcheck.*.log; do
		[ -f "$log" ] || continue
		grep -q "ERROR SUMMARY" "$log" && daemons=$((daemons + 1))
		n=$((n + 1))
		what=$(sed -n 's/.*--config [^ ]*\/\(r[0-9]*\)\/startup-config.*/\1/p' "$log" | head -1)
		if grep -q "ERROR SUMMARY: 0 errors" "$log" &&
		   grep -qE "All heap blocks were freed|definitely lost: 0 bytes" "$log" &&
		   ! grep -qE "(indirectly|possibly) lost: [1-9]" "$log"; then
			echo "ok $n - $t.sh: getvpnd ${what:-?}: no memcheck error, nothing lost"
		else
			echo "not ok $n - $t.sh: getvpnd ${what:-?}: memcheck report:"
			sed 's/^/#   /' "$log" | tail -60
			failed=1
		fi
	done
	n=$((n + 1))
	want=$([ "$t" = register ] && echo 2 || echo 3)
	if [ "$daemons" -ge "$want" ]; then
		echo "ok $n - $t.sh: $daemons daemons ran to their end under memcheck"
	else
		echo "not ok $n - $t.sh: $daemons daemons ran to their end under memcheck (want $want)"
		sed 's/^/#   /' "$work/$t.tap" | tail -20
		failed=1
	fi
done
echo "1..$n"
exit $failed
