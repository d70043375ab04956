/* Least privilege at start-up: resolve the user, check the state
 * directory, then after the sockets exist switch user keeping two
 * capabilities. Order matters in the switch: the bounding set shrinks
 * while CAP_SETPCAP is still held, KEEPCAPS carries the permitted set
 * across setuid, and capset then trims it to exactly what is kept. */
#include "config.h"

#include "daemon/privileges.h"
#include "daemon/capabilities.h"
#include "daemon/getvpnd.h"
#include "daemon/state_dir.h"
#include "log/log.h"

#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEPT_CAPS (CAPS_BIT(CAP_NET_ADMIN) | CAPS_BIT(CAP_NET_BIND_SERVICE))

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER_BUILD 1
#endif
#endif

static struct {
	bool switch_user;       /* --user given */
	uid_t uid;
	gid_t gid;              /* the user's primary group */
	bool vty_group;         /* --group given */
	gid_t vty_gid;
	char user[64];
	char memory[96];        /* what became of memory locking */
	char summary[320];
} priv;

static int resolve_user(const char *name)
{
	struct passwd *pw = getpwnam(name);

	if (!pw) {
		fprintf(stderr, "getvpnd: --user %s: no such user\n", name);
		return -1;
	}
	if (pw->pw_uid == 0) {
		fprintf(stderr, "getvpnd: --user %s is root: name an unprivileged user\n", name);
		return -1;
	}
	priv.switch_user = true;
	priv.uid = pw->pw_uid;
	priv.gid = pw->pw_gid;
	snprintf(priv.user, sizeof(priv.user), "%s", name);
	return 0;
}

static int resolve_group(const char *name)
{
	struct group *gr = getgrnam(name);

	if (!gr) {
		fprintf(stderr, "getvpnd: --group %s: no such group\n", name);
		return -1;
	}
	priv.vty_group = true;
	priv.vty_gid = gr->gr_gid;
	return 0;
}

/* A socket directory getvpnd creates for its user: the user removes the
 * socket and pid file at exit, the vty group may reach the socket. */
static void prepare_socket_dir(const char *socket)
{
	char *copy = strdup(socket);
	const char *dir = copy ? dirname(copy) : NULL;

	if (dir && access(dir, F_OK) != 0 && mkdir(dir, 0750) == 0 &&
	    chown(dir, priv.uid, priv.vty_group ? priv.vty_gid : priv.gid) != 0)
		fprintf(stderr, "getvpnd: chown %s: %s\n", dir, strerror(errno));
	free(copy);
}

int privileges_prepare(const struct getvpnd_options *opt)
{
	if (opt->user && resolve_user(opt->user) != 0)
		return -1;
	if (opt->group && resolve_group(opt->group) != 0)
		return -1;
	if (priv.switch_user && geteuid() != 0) {
		fprintf(stderr, "getvpnd: --user %s: getvpnd must start as root to switch user\n",
			opt->user);
		return -1;
	}
	if (state_dir_check(opt->state_dir, priv.switch_user ? priv.uid : geteuid(), priv.gid,
			    priv.switch_user) != 0)
		return -1;
	if (priv.switch_user)
		prepare_socket_dir(opt->socket);
	return 0;
}

/* The socket (0660, vty group) and the pid file belong to the user, who
 * must be able to remove them at exit. */
static int give_files(const struct getvpnd_options *opt)
{
	uid_t owner = priv.switch_user ? priv.uid : (uid_t)-1;
	gid_t group = priv.vty_group ? priv.vty_gid : priv.switch_user ? priv.gid : (gid_t)-1;
	char *copy;
	const char *dir;
	struct stat st;

	if (chown(opt->socket, owner, group) != 0 || chmod(opt->socket, 0660) != 0 ||
	    (priv.switch_user && chown(opt->pidfile, priv.uid, priv.gid) != 0)) {
		log_event("SYS", LOG_SEV_CRIT, "PRIVILEGES", "cannot give %s to the daemon user: %s",
			  opt->socket, strerror(errno));
		return -1;
	}
	copy = strdup(opt->socket);
	dir = copy ? dirname(copy) : NULL;
	if (priv.switch_user && dir && stat(dir, &st) == 0 && st.st_uid != priv.uid &&
	    !((st.st_mode & S_ISVTX) && (st.st_mode & S_IWOTH)))
		log_event("SYS", LOG_SEV_WARNING, "PRIVILEGES",
			  "%s is not writable by %s: the socket and pid file stay after exit",
			  dir, priv.user);
	free(copy);
	return 0;
}

/* Best effort: keys must not reach swap. Pages are locked as they are
 * touched (MCL_ONFAULT), so the whole address space is not faulted in.
 * Locking future mappings too is only safe with no lock limit: once the
 * user has lost CAP_IPC_LOCK, a mapping past RLIMIT_MEMLOCK would fail and
 * malloc with it. Without that, what exists now (keys loaded at start, the
 * heap so far) is locked and the log says so. */
static void lock_memory(void)
{
#ifdef SANITIZER_BUILD
	snprintf(priv.memory, sizeof(priv.memory), "memory not locked (sanitizer build)");
#else
	struct rlimit lim = { RLIM_INFINITY, RLIM_INFINITY };
	bool future;

	if (priv.switch_user)
		setrlimit(RLIMIT_MEMLOCK, &lim);        /* needs CAP_SYS_RESOURCE */
	future = !priv.switch_user ||
		 (getrlimit(RLIMIT_MEMLOCK, &lim) == 0 && lim.rlim_cur == RLIM_INFINITY);
	if (mlockall(MCL_CURRENT | MCL_ONFAULT | (future ? MCL_FUTURE : 0)) != 0)
		snprintf(priv.memory, sizeof(priv.memory), "memory not locked (%s)", strerror(errno));
	else if (future)
		snprintf(priv.memory, sizeof(priv.memory), "memory locked");
	else
		snprintf(priv.memory, sizeof(priv.memory),
			 "memory locked at start only (RLIMIT_MEMLOCK %lu kB)",
			 (unsigned long)(lim.rlim_cur / 1024));
#endif
}

static int switch_user(void)
{
	struct cap_sets kept = { KEPT_CAPS, KEPT_CAPS, 0 }, now;
	const char *step;

	if ((step = "bounding set", caps_limit_bounding(KEPT_CAPS) != 0) ||
	    (step = "keepcaps", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) ||
	    (step = "setgroups", setgroups(0, NULL) != 0) ||
	    (step = "setresgid", setresgid(priv.gid, priv.gid, priv.gid) != 0) ||
	    (step = "setresuid", setresuid(priv.uid, priv.uid, priv.uid) != 0) ||
	    (step = "capset", caps_set(&kept) != 0) ||
	    (step = "keepcaps", prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) ||
	    (step = "no_new_privs", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)) {
		log_event("SYS", LOG_SEV_CRIT, "PRIVILEGES", "cannot switch to user %s (%s): %s",
			  priv.user, step, strerror(errno));
		return -1;
	}
	/* ambient capabilities are cleared by setuid already; older kernels lack them */
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	/* Proof rather than trust: root must be out of reach now. */
	if (setuid(0) == 0 || caps_get(&now) != 0 || now.effective != KEPT_CAPS ||
	    now.permitted != KEPT_CAPS || now.inheritable != 0) {
		log_event("SYS", LOG_SEV_CRIT, "PRIVILEGES", "privileges still held after the switch");
		return -1;
	}
	return 0;
}

static void build_summary(void)
{
	struct cap_sets s;
	char caps[256] = "unknown";
	struct passwd *pw = priv.switch_user ? NULL : getpwuid(geteuid());
	int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);

	if (caps_get(&s) == 0)
		caps_format(s.effective, caps, sizeof(caps));
	snprintf(priv.summary, sizeof(priv.summary),
		 "Running as user %s (uid %ld), capabilities: %s; core dumps %s; %s",
		 priv.switch_user ? priv.user : pw ? pw->pw_name : "?", (long)geteuid(), caps,
		 dumpable == 0 ? "disabled" : "allowed", priv.memory);
}

int privileges_drop(const struct getvpnd_options *opt)
{
	if ((priv.switch_user || priv.vty_group) && give_files(opt) != 0)
		return -1;
	lock_memory();
	if (priv.switch_user && switch_user() != 0)
		return -1;
	if (prctl(PR_SET_DUMPABLE, opt->allow_core ? 1 : 0, 0, 0, 0) != 0) {
		log_event("SYS", LOG_SEV_CRIT, "PRIVILEGES", "cannot set the dumpable flag: %s",
			  strerror(errno));
		return -1;
	}
	build_summary();
	log_event("SYS", LOG_SEV_NOTICE, "PRIVILEGES", "%s", priv.summary);
	return 0;
}

const char *privileges_summary(void)
{
	return priv.summary;
}
