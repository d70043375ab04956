#!/bin/bash
# getvpnsh and the getvpnd console on a real terminal (tmux): `?` gives
# help at once and keeps the typed line, TAB completes, a `?` inside
# double quotes is typed, Ctrl-Z ends configuration, exit leaves.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! command -v tmux >/dev/null; then
	echo "ok 1 # SKIP tmux is not installed"
	echo "1..1"
	exit 0
fi
tmux_sock="gv-cli-test-$$"
tm() { tmux -L "$tmux_sock" "$@"; }
stop_console() {
	local p
	p=$(cat "$gv_tmp/c.pid" 2>/dev/null) && [ -n "$p" ] && kill -TERM "$p" 2>/dev/null
}
trap 'stop_console; tm kill-server 2>/dev/null; gv_cleanup' EXIT

screen() { tm capture-pane -p -t gv 2>/dev/null; }
# wait_for REGEX: until the pane shows it (3 s at most)
wait_for() {
	local i
	for i in $(seq 1 60); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.05
	done
	return 1
}
# expect REGEX NAME: one TAP line; the screen is shown when it fails
expect() {
	if wait_for "$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		screen | sed '/^$/d; s/^/#   | /'
	fi
}

sock="$gv_tmp/t.sock"
start_daemon "$sock" --config "$gv_tmp/startup-config" || { ok 1 "daemon"; done_testing; }

tm new-session -d -s gv -x 100 -y 40 "$GETVPNSH --socket $sock"
expect '^Router#$' "getvpnsh shows the prompt"
tm send-keys -t gv 'conf'
tm send-keys -t gv '?'
expect '^configure' "conf? lists configure"
expect '^Router#conf$' "the typed line stays after ?"
tm send-keys -t gv Tab
expect '^Router#configure ?$' "TAB completes configure"
tm send-keys -t gv '?'
expect '^  terminal  Configure from the terminal$' "? after a space lists the next words with help"
screen | grep -q '^  <cr>$'
ok $? "... and <cr>"
tm send-keys -t gv 't' Enter
expect '^Router\(config\)#$' "configure t enters config mode"
tm send-keys -t gv 'hostname "a?'
expect '^Router\(config\)#hostname "a\?$' "? inside quotes is typed"
tm send-keys -t gv C-c
tm send-keys -t gv 'hostname T1' Enter
expect '^T1\(config\)#$' "hostname changes the prompt"
tm send-keys -t gv 'show bogus' Enter
expect '^           \^$' "caret under the bad word, after the prompt"
tm send-keys -t gv C-z
expect '^T1#$' "Ctrl-Z returns to privileged exec"
tm send-keys -t gv C-l
tm send-keys -t gv C-z
tm send-keys -t gv 'show history' Enter
expect '^  show history$' "Ctrl-Z in exec runs nothing"
screen | grep -q "Invalid input"
ok $(( $? == 0 )) "... and prints no error"
tm send-keys -t gv 'terminal length 4' Enter
tm send-keys -t gv 'show running-config' Enter
expect '--More--' "getvpnsh pages with --More--"
screen | grep -q '^Current configuration' && ! screen | grep -q '^hostname T1$'
ok $? "... after terminal length - 1 lines"
tm send-keys -t gv ' '
expect '^hostname T1$' "space shows the next page"
tm send-keys -t gv ' '
expect '^end$' "... and the last one"
tm send-keys -t gv 'terminal length 0' Enter
tm send-keys -t gv 'write memory' Enter
expect '^\[OK\]$' "write memory"
[ -f "$gv_tmp/startup-config" ]
ok $? "... writes the startup-config"
tm send-keys -t gv 'erase startup-config' Enter
expect 'Continue\? \[confirm\]' "erase startup-config asks [confirm]"
[ -f "$gv_tmp/startup-config" ]
ok $? "... and waits"
tm send-keys -t gv Enter
expect '^Erase of nvram: complete$' "Enter confirms"
[ ! -f "$gv_tmp/startup-config" ] && [ -f "$gv_tmp/startup-config.bak" ]
ok $? "the erased file is kept as .bak"
tm send-keys -t gv C-l
tm send-keys -t gv Up
expect '^T1#erase startup-config$' "Up recalls the previous line"
tm send-keys -t gv C-u 'exit' Enter
for i in $(seq 1 40); do tm has-session -t gv 2>/dev/null || break; sleep 0.05; done
tm has-session -t gv 2>/dev/null
ok $(( $? == 0 )) "exit leaves getvpnsh"
tm kill-session -t gv 2>/dev/null

# the console of the daemon itself
tm new-session -d -s gv -x 100 -y 40 \
	"$GETVPND --console --config /dev/null --socket $gv_tmp/c.sock --state-dir $gv_tmp/state 2>$gv_tmp/console.log"
expect '^Router>$' "console starts at user exec"
tm send-keys -t gv 'en' Enter
expect '^Router#$' "console: enable"
tm send-keys -t gv 'conf'
tm send-keys -t gv '?'
expect '^configure' "console: conf? lists configure"
tm send-keys -t gv Tab
expect '^Router#configure ?$' "console: TAB completes configure"
tm send-keys -t gv Enter
expect '^Router\(config\)#$' "console: configure enters config"
tm send-keys -t gv C-z
expect '^Router#$' "console: Ctrl-Z"
"$GETVPNSH" --socket "$gv_tmp/c.sock" -c 'show version' >/dev/null
ok $? "the vty socket serves alongside the console"
tm send-keys -t gv 'terminal length 3' Enter 'show running-config' Enter
expect '--More--' "console pages with --More--"
tm send-keys -t gv q
# a console daemon outlives its terminal (like a router its console
# cable): stop it by its pid file
console_pid=$(cat "$gv_tmp/c.pid" 2>/dev/null)
tm kill-session -t gv
if [ -n "$console_pid" ]; then
	kill -TERM "$console_pid"
	for i in $(seq 1 40); do kill -0 "$console_pid" 2>/dev/null || break; sleep 0.05; done
	kill -0 "$console_pid" 2>/dev/null
	ok $(( $? == 0 )) "the console daemon stops on SIGTERM"
fi
done_testing
