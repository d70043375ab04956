#!/bin/bash
# getvpnd and getvpnsh as scripts use them: the issue's acceptance lines,
# exit statuses, --check-config, pid file and socket life cycle, daemons
# side by side, several sessions and malformed frames on the vty socket.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sock="$gv_tmp/x.sock"
start_daemon "$sock" --config /dev/null
ok $? "getvpnd --foreground --config /dev/null starts"
main_pid=$gv_pid

out=$("$GETVPNSH" --socket "$sock" -c 'show version'); rc=$?
ok $(( rc != 0 )) "show version exits 0"
case $out in *"Version "*) ok 0 "show version prints the version" ;; *) ok 1 "show version prints the version" ;; esac

out=$("$GETVPNSH" --socket "$sock" -c 'conf t' -c 'hostname R9' -c 'end' -c 'show running-config'); rc=$?
is "$rc" 0 "conf t / hostname / end / show running-config exits 0"
echo "$out" | grep -qx 'hostname R9'
ok $? "running-config shows hostname R9"

out=$("$GETVPNSH" --socket "$sock" -c 'sh runn'); rc=$?
is "$rc" 0 "sh runn exits 0"
echo "$out" | grep -q '^Current configuration : [0-9]* bytes$'
ok $? "sh runn prints the running-config"

out=$("$GETVPNSH" --socket "$sock" -c 'show bogus'); rc=$?
is "$rc" 1 "a bad word exits 1"
is "$out" "R9#show bogus
        ^
% Invalid input detected at '^' marker." "the IOS marker under the bad word"

out=$("$GETVPNSH" --socket "$sock" -c 'show version' -c 'show' -c 'show version'); rc=$?
is "$rc" 1 "one failing -c among good ones exits 1"
is "$(echo "$out" | grep -c 'Version ')" 2 "the commands after a failure still run"

out=$(printf 'show version\nconf t\nhostname R10\n' | "$GETVPNSH" --socket "$sock"); rc=$?
is "$rc" 0 "commands from stdin"
is "$("$GETVPNSH" --socket "$sock" -c 'show running-config' | grep hostname)" "hostname R10" \
	"stdin commands applied"

err=$("$GETVPNSH" --socket "$gv_tmp/none.sock" -c 'show version' 2>&1); rc=$?
is "$rc" 2 "unreachable daemon exits 2"
case $err in *"$gv_tmp/none.sock"*) ok 0 "the message names the socket" ;; *) ok 1 "the message names the socket" ;; esac

is "$(cat "$gv_tmp/x.pid")" "$main_pid" "pid file derived from the socket path"

# a second daemon on the same socket refuses; one on another socket runs
"$GETVPND" --foreground --config /dev/null --socket "$sock" 2>/dev/null; rc=$?
ok $(( rc == 0 )) "second daemon on the same socket refuses to start"
"$GETVPNSH" --socket "$sock" -c 'show version' >/dev/null
ok $? "first daemon still serves"
start_daemon "$gv_tmp/y.sock" --config "$gv_tmp/missing-config"
ok $? "a daemon with a missing startup-config starts"
y_pid=$gv_pid
grep -q "Cannot read startup-config $gv_tmp/missing-config" "$gv_tmp/daemon.log"
ok $? "the missing startup-config is logged"
"$GETVPNSH" --socket "$gv_tmp/y.sock" -c 'conf t' -c 'hostname Y1' >/dev/null
is "$("$GETVPNSH" --socket "$sock" -c 'show running-config' | grep hostname)" "hostname R10" \
	"daemons side by side keep their own configuration"

# sessions, protocol checks and malformed frames, spoken raw
python3 "$top_srcdir/tests/cli/vty_raw.py" "$gv_tmp/y.sock" > "$gv_tmp/raw.tap"; rc=$?
sed 's/^/# /' "$gv_tmp/raw.tap"
is "$rc" 0 "several sessions at once; malformed frames drop the client"

kill -HUP "$main_pid"; sleep 0.2
grep -q "reload not supported yet" "$gv_tmp/daemon.log"
ok $? "SIGHUP logs that reload is not supported yet"
kill -0 "$main_pid"
ok $? "SIGHUP does not stop the daemon"

stop_daemon "$main_pid"; rc=$?
is "$rc" 0 "SIGTERM: clean exit"
ok $(( $([ -e "$sock" ] || [ -e "$gv_tmp/x.pid" ]) $? == 0 )) "socket and pid file removed"
kill -INT "$y_pid"; wait "$y_pid"; rc=$?
is "$rc" 0 "SIGINT: clean exit"
[ ! -e "$gv_tmp/y.sock" ]
ok $? "socket removed after SIGINT"

# --check-config
printf 'hostname C1\nlogging buffered 8192\n' > "$gv_tmp/good.conf"
printf 'hostname C1\nhostnme C2\n logging buffered 1\n' > "$gv_tmp/bad.conf"
out=$("$GETVPND" --check-config --config "$gv_tmp/good.conf" --socket "$gv_tmp/c.sock" 2>&1); rc=$?
is "$rc" 0 "--check-config: a good file exits 0"
is "$out" "" "--check-config: a good file prints nothing"
out=$("$GETVPND" --check-config --config "$gv_tmp/bad.conf" --socket "$gv_tmp/c.sock" 2>&1); rc=$?
is "$rc" 1 "--check-config: a bad file exits 1"
is "$out" "$gv_tmp/bad.conf:2: hostnme C2
$(printf '%*s' $(( ${#gv_tmp} + 13 )) '')^
$gv_tmp/bad.conf:2: % Invalid input detected at '^' marker.
$gv_tmp/bad.conf:3: logging buffered 1
$(printf '%*s' $(( ${#gv_tmp} + 13 + 17 )) '')^
$gv_tmp/bad.conf:3: % Invalid input detected at '^' marker." "--check-config prints FILE:LINE errors"
ok $(( $([ -e "$gv_tmp/c.sock" ] || [ -e "$gv_tmp/c.pid" ]) $? == 0 )) "--check-config touches nothing"
"$GETVPND" --check-config --config "$gv_tmp/none.conf" 2>/dev/null; rc=$?
is "$rc" 1 "--check-config: a missing file exits 1"

"$GETVPND" --help | grep -q -- '--state-dir'
ok $? "--help lists the options"
"$GETVPND" --bogus 2>/dev/null; rc=$?
is "$rc" 1 "an unknown option exits 1"
done_testing
