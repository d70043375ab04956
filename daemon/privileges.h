/* Least privilege: getvpnd starts as root, opens what needs root, then runs
 * as --user NAME with only CAP_NET_ADMIN (XFRM, nftables, net sysctls) and
 * CAP_NET_BIND_SERVICE (UDP 848, which a configuration change may bind at
 * any time). Whatever the user, the process is not dumpable (no core file,
 * no ptrace by other users) unless --allow-core, and its memory is locked
 * where the system allows it, so keys do not reach swap. See
 * docs/security.md. */
#ifndef GETVPND_DAEMON_PRIVILEGES_H
#define GETVPND_DAEMON_PRIVILEGES_H

struct getvpnd_options;

/* Before anything is read or opened (the key store included): resolves
 * --user and --group, checks the state directory (daemon/state_dir.h) and,
 * with --user, prepares the socket's directory for that user. 0, or -1
 * with a message on stderr: the daemon must not start. */
int privileges_prepare(const struct getvpnd_options *opt);

/* Once the vty socket and the pid file exist: gives them to the user and
 * the vty group (mode 0660), locks memory, switches to the user with only
 * the two capabilities (bounding set, no new privileges), sets the
 * dumpable flag, and logs what is held. 0, or -1 (logged): the daemon
 * must stop, it cannot promise what it documents. */
int privileges_drop(const struct getvpnd_options *opt);

/* One line for show version and the log: user, capabilities, core dumps,
 * memory locking. Valid for the life of the process. */
const char *privileges_summary(void);

#endif
