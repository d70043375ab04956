#!/bin/bash
# getvpnd under valgrind memcheck, started with --user (the privilege
# switch is exercised too), serving vty clients: commands that succeed and
# fail, help and completion, pipes, configuration and a key generated then
# zeroized, several clients at once, a client that breaks the protocol;
# then SIGTERM. Memcheck must report no error and no leak (definite,
# indirect or possible). In a sanitizer build the same session runs without
# valgrind (the two cannot be combined) and ASan/LSan do the checking.
. "${top_srcdir:-.}/tests/cli/lib.sh"

chmod 711 "$gv_tmp"
sock=$gv_tmp/vg.sock
vglog=$gv_tmp/memcheck.log
if nm "$GETVPND" 2>/dev/null | grep -q __asan_init; then
	mode=asan
	runner=()
else
	mode=valgrind
	command -v valgrind >/dev/null || { echo "Bail out! valgrind missing (apt-get install valgrind)"; exit 1; }
	runner=(valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99
		--suppressions="$top_srcdir/tests/hardening/valgrind.supp" --log-file="$vglog")
fi
echo "# checking with $mode"

"${runner[@]}" "$GETVPND" --foreground --config /dev/null --socket "$sock" \
	--state-dir "$gv_tmp/state" --user nobody 2>"$gv_tmp/daemon.log" &
pid=$!
for i in $(seq 1 300); do
	[ -S "$sock" ] && break
	sleep 0.1
done
[ -S "$sock" ]
ok $? "getvpnd came up ($mode)"

vty() { "$GETVPNSH" --socket "$sock" "$@" >/dev/null 2>&1; }
vty -c 'show version' -c 'show running-config' -c 'show history' -c 'terminal length 0'
ok $? "show commands"
vty -c 'conf t' -c 'hostname VG1' -c 'crypto isakmp policy 10' -c 'encryption aes 256' \
	-c 'authentication pre-share' -c 'group 14' -c 'exit' -c 'no crypto isakmp policy 10' -c 'end' \
	-c 'show running-config | include host' -c 'show running-config | begin crypto'
ok $? "configuration and pipes"
vty -c 'conf t' -c 'crypto key generate rsa label VG modulus 1024' -c 'end' \
	-c 'crypto key zeroize rsa VG'
ok $? "key generated and zeroized as the daemon user"
vty -c 'show bogus' -c 'conf t' -c 'hostname'
[ $? -eq 1 ]
ok $? "errors: invalid and incomplete input"
printf 'conf t\nhost?\nhostname VG2\nend\n' | "$GETVPNSH" --socket "$sock" >/dev/null 2>&1
ok $? "help and commands from stdin"
for i in 1 2 3 4; do vty -c 'show version' -c 'conf t' -c "hostname C$i" & done
wait_clients=0
for j in $(jobs -p); do [ "$j" = "$pid" ] || wait "$j" || wait_clients=1; done
ok $wait_clients "four clients at once"
# A client breaking the protocol (frame length 0) is dropped, not fatal.
printf '\0\0\0\0' | timeout 5 socat - "UNIX-CONNECT:$sock" >/dev/null 2>&1 ||
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.send(b"\0\0\0\0"); s.recv(10)' "$sock" 2>/dev/null
vty -c 'show version'
ok $? "still serving after a malformed frame"

kill -TERM "$pid"
wait "$pid"
rc=$?
is "$rc" 0 "exit status after SIGTERM (99 = memcheck found errors)"
if [ "$mode" = valgrind ]; then
	grep -q "ERROR SUMMARY: 0 errors" "$vglog"
	ok $? "memcheck: no errors"
	grep -qE "definitely lost: 0 bytes|All heap blocks were freed" "$vglog" &&
		! grep -qE "(indirectly|possibly) lost: [1-9]" "$vglog"
	ok $? "memcheck: nothing lost"
	[ "$tap_failed" -eq 0 ] || sed 's/^/# /' "$vglog" | tail -60
else
	! grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|LeakSanitizer has encountered|runtime error" "$gv_tmp/daemon.log"
	ok $? "no sanitizer report"
	[ "$tap_failed" -eq 0 ] || sed 's/^/# /' "$gv_tmp/daemon.log" | tail -60
fi
done_testing
