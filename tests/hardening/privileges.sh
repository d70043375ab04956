#!/bin/bash
# Least privilege (docs/security.md), on a real getvpnd started as root:
# --user nobody --group TESTGROUP switches user keeping exactly
# CAP_NET_ADMIN and CAP_NET_BIND_SERVICE (effective, permitted, bounding),
# no new privileges, not dumpable; the vty still answers, on a 0660 socket
# of the vty group; the state directory is the user's and keys can still
# be written; socket and pid file go at exit; a state directory or key file
# others can access is refused with the path and mode; --allow-core keeps
# the process dumpable. Needs root.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root"
	exit 0
fi
# the daemon's user must be able to reach the directories it works in
chmod 711 "$gv_tmp"
user=nobody
uid=$(id -u "$user")
group=gvvty$$
groupadd "$group" || { echo "Bail out! cannot create group $group"; exit 1; }
trap 'groupdel "$group"; gv_cleanup' EXIT

status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
# A process that is not dumpable has the files under /proc/PID owned by root.
proc_owner() { stat -c %u "/proc/$1/status"; }

run=$gv_tmp/run
sock=$run/vty.sock
start_daemon "$sock" --config /dev/null --state-dir "$gv_tmp/state" --user "$user" --group "$group"
ok $? "getvpnd --user $user starts"
pid=$gv_pid
is "$(awk '$1 == "Uid:" { print $2, $3, $4, $5 }' /proc/$pid/status)" "$uid $uid $uid $uid" \
	"real, effective, saved and fs uid are $user's"
is "$(status_field $pid CapEff)" 0000000000001400 "effective: cap_net_admin, cap_net_bind_service"
is "$(status_field $pid CapPrm)" 0000000000001400 "permitted: the same two"
is "$(status_field $pid CapBnd)" 0000000000001400 "bounding set: the same two"
is "$(status_field $pid CapInh)" 0000000000000000 "inheritable: none"
is "$(status_field $pid CapAmb)" 0000000000000000 "ambient: none"
is "$(status_field $pid NoNewPrivs)" 1 "no new privileges"
is "$(proc_owner $pid)" 0 "not dumpable (/proc/PID/status owned by root)"
is "$(stat -c '%a %U %G' "$sock")" "660 $user $group" "vty socket 0660, $user, group $group"
is "$(stat -c '%a %U' "$gv_tmp/state")" "700 $user" "state directory created 0700 for $user"
grep -q "%SYS-5-PRIVILEGES: Running as user $user (uid $uid), capabilities: cap_net_bind_service,cap_net_admin; core dumps disabled" \
	"$gv_tmp/daemon.log"
ok $? "start-up log states user and capabilities"

out=$("$GETVPNSH" --socket "$sock" -c 'show version')
ok $? "the vty answers after the switch"
case $out in
*"Running as user $user (uid $uid), capabilities: cap_net_bind_service,cap_net_admin; core dumps disabled;"*)
	ok 0 "show version states the privileges held" ;;
*)	ok 1 "show version states the privileges held"; echo "$out" | sed 's/^/#   /' ;;
esac
"$GETVPNSH" --socket "$sock" -c 'conf t' -c 'crypto key generate rsa label HARDEN modulus 1024' >/dev/null
ok $? "a key is generated as $user"
is "$(stat -c '%a %U' "$gv_tmp/state/keys/HARDEN.pem" 2>&1)" "600 $user" "key file 0600, owned by $user"
stop_daemon "$pid"
ok $? "clean exit on SIGTERM"
[ ! -e "$sock" ] && [ ! -e "$run/vty.pid" ]
ok $? "socket and pid file removed by the unprivileged daemon"

# A restart finds its own state (owned by the user) acceptable.
start_daemon "$sock" --config /dev/null --state-dir "$gv_tmp/state" --user "$user"
ok $? "restart on the user's state directory"
stop_daemon "$gv_pid"

refused() { # refused NAME WANT-IN-MESSAGE getvpnd-options...
	local name=$1 want=$2 err rc
	shift 2
	err=$("$GETVPND" --foreground --config /dev/null --socket "$gv_tmp/r.sock" "$@" 2>&1); rc=$?
	case "$rc:$err" in
	1:*"$want"*) ok 0 "$name" ;;
	*) ok 1 "$name"; echo "# status $rc: $err" ;;
	esac
	[ ! -e "$gv_tmp/r.sock" ]
	ok $? "$name: nothing served"
}
mkdir -m 755 "$gv_tmp/open"
refused "world-readable state directory refused" "$gv_tmp/open is accessible to group or others (mode 0755" \
	--state-dir "$gv_tmp/open"
mkdir -m 770 "$gv_tmp/group"
refused "group-writable state directory refused" "$gv_tmp/group is accessible to group or others (mode 0770" \
	--state-dir "$gv_tmp/group" --user "$user"
mkdir -p -m 700 "$gv_tmp/leaky/keys"
chmod 700 "$gv_tmp/leaky"
install -m 640 /dev/null "$gv_tmp/leaky/keys/K.pem"
refused "group-readable key file refused" "$gv_tmp/leaky/keys/K.pem is accessible to group or others (mode 0640" \
	--state-dir "$gv_tmp/leaky"
chmod 604 "$gv_tmp/leaky/keys/K.pem"
refused "world-readable key file refused" "K.pem is accessible to group or others (mode 0604" \
	--state-dir "$gv_tmp/leaky" --user "$user"
refused "unknown user refused" "no such user" --state-dir "$gv_tmp/state" --user no-such-user-$$
refused "root as --user refused" "is root" --state-dir "$gv_tmp/state" --user root

start_daemon "$gv_tmp/core.sock" --config /dev/null --state-dir "$gv_tmp/state" --user "$user" --allow-core
is "$(proc_owner $gv_pid)" "$uid" "--allow-core: dumpable (/proc/PID/status owned by $user)"
stop_daemon "$gv_pid"

start_daemon "$gv_tmp/root.sock" --config /dev/null --state-dir "$gv_tmp/rootstate"
is "$(proc_owner $gv_pid)/$(status_field $gv_pid Uid)" "0/0" "without --user: root, but not dumpable either"
out=$("$GETVPNSH" --socket "$gv_tmp/root.sock" -c 'show version')
case $out in *"Running as user root (uid 0), capabilities: "*) ok 0 "show version says root" ;;
*) ok 1 "show version says root" ;; esac
stop_daemon "$gv_pid"
done_testing
