/* The state directory (--state-dir: the key store and runtime state) must
 * be private to the daemon: checked at start, before any key is read. */
#ifndef GETVPND_DAEMON_STATE_DIR_H
#define GETVPND_DAEMON_STATE_DIR_H

#include <stdbool.h>
#include <sys/types.h>

/* Checks dir and everything in it two levels deep (STATE/keys/FILE): no
 * group or other permission bits, no symbolic links inside, owned by root
 * or by uid. With for_user (getvpnd will run as uid), a missing dir is
 * created 0700 and what root owns is given to uid:gid, so that the daemon
 * user can read and replace its keys; without it, a missing dir is left
 * for the key store to create. 0, or -1 with a message on stderr naming
 * the path, its mode and the fix. */
int state_dir_check(const char *dir, uid_t uid, gid_t gid, bool for_user);

#endif
