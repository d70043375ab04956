/* Start-up check of the state directory's permissions. getvpnd refuses to
 * start rather than repair modes: a key file others could read may already
 * have been copied, which only the administrator can judge. */
#include "config.h"

#include "daemon/state_dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_DIR_DEPTH 2

static int refuse(const char *path, const struct stat *st, const char *why, const char *fix)
{
	fprintf(stderr, "getvpnd: refusing to start: %s %s (mode %04o, owner uid %ld); %s %s\n",
		path, why, (unsigned)(st->st_mode & 07777), (long)st->st_uid, fix, path);
	return -1;
}

static int check_entry(const char *path, const struct stat *st, uid_t uid, gid_t gid, bool for_user)
{
	if (S_ISLNK(st->st_mode))
		return refuse(path, st, "is a symbolic link", "keep only real files in the state directory, not");
	if (!S_ISDIR(st->st_mode) && !S_ISREG(st->st_mode))
		return refuse(path, st, "is neither a file nor a directory", "remove");
	if (st->st_mode & 077)
		return refuse(path, st, "is accessible to group or others",
			      S_ISDIR(st->st_mode) ? "make it private: chmod 700" : "make it private: chmod 600");
	if (st->st_uid != 0 && st->st_uid != uid)
		return refuse(path, st, "belongs to another user", "give it to the daemon's user: chown USER");
	if (for_user && st->st_uid == 0 && chown(path, uid, gid) != 0) {
		fprintf(stderr, "getvpnd: chown %s to uid %ld: %s\n", path, (long)uid, strerror(errno));
		return -1;
	}
	return 0;
}

static int check_tree(const char *dir, int depth, uid_t uid, gid_t gid, bool for_user)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "getvpnd: state directory %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d))) {
		char path[4096];
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path) ||
		    lstat(path, &st) != 0) {
			fprintf(stderr, "getvpnd: %s/%s: cannot check its mode\n", dir, e->d_name);
			rc = -1;
		} else {
			rc = check_entry(path, &st, uid, gid, for_user);
			if (rc == 0 && S_ISDIR(st.st_mode) && depth > 1)
				rc = check_tree(path, depth - 1, uid, gid, for_user);
		}
	}
	closedir(d);
	return rc;
}

int state_dir_check(const char *dir, uid_t uid, gid_t gid, bool for_user)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		if (errno != ENOENT) {
			fprintf(stderr, "getvpnd: state directory %s: %s\n", dir, strerror(errno));
			return -1;
		}
		if (!for_user)
			return 0;
		if (mkdir(dir, 0700) != 0 || chown(dir, uid, gid) != 0) {
			fprintf(stderr, "getvpnd: cannot create the state directory %s: %s\n", dir,
				strerror(errno));
			return -1;
		}
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return refuse(dir, &st, "is not a directory", "give --state-dir a directory, not");
	if (check_entry(dir, &st, uid, gid, for_user) != 0)
		return -1;
	return check_tree(dir, STATE_DIR_DEPTH, uid, gid, for_user);
}
