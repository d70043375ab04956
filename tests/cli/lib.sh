# Helpers for the CLI's TAP shell tests: a temporary directory, daemons
# started on sockets inside it and stopped by pid, TAP output.
: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$(pwd)}"
GETVPND="$top_builddir/daemon/getvpnd"
GETVPNSH="$top_builddir/shell/getvpnsh"
tap_n=0
tap_failed=0
gv_pids=""
gv_tmp=$(mktemp -d /tmp/gv-cli-test.XXXXXX)

gv_cleanup() {
	for p in $gv_pids; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$gv_tmp"
}
trap gv_cleanup EXIT

ok() {  # ok STATUS NAME
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=1
	fi
}

is() {  # is GOT WANT NAME
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "#   got:  $1" "#   want: $2"
	fi
}

done_testing() {
	echo "1..$tap_n"
	exit $tap_failed
}

# start_daemon SOCKET [getvpnd options...]: sets gv_pid once the socket answers.
start_daemon() {
	local sock=$1 i
	shift
	"$GETVPND" --foreground --socket "$sock" --state-dir "$gv_tmp/state" "$@" \
		2>>"$gv_tmp/daemon.log" &
	gv_pid=$!
	gv_pids="$gv_pids $gv_pid"
	for i in $(seq 1 100); do
		[ -S "$sock" ] && return 0
		kill -0 "$gv_pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "# getvpnd did not come up on $sock:"
	sed 's/^/#   /' "$gv_tmp/daemon.log"
	return 1
}

# stop_daemon PID: SIGTERM, then the exit status.
stop_daemon() {
	kill -TERM "$1" 2>/dev/null
	wait "$1"
}
