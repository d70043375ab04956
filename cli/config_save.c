/* Replacing the startup-config safely: a crash at any point leaves either
 * the old file or the new one, never a mixture. */
#include "config.h"

#include "cli/builtins.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The old file stays reachable as path.bak (a hard link: no copy to fail). */
static int keep_backup(const char *path, char *err, size_t errlen)
{
	char bak[4096];

	if (access(path, F_OK) != 0)
		return 0;
	if ((size_t)snprintf(bak, sizeof(bak), "%s.bak", path) >= sizeof(bak)) {
		snprintf(err, errlen, "path too long");
		return -1;
	}
	if (unlink(bak) != 0 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", bak, strerror(errno));
		return -1;
	}
	if (link(path, bak) != 0) {
		snprintf(err, errlen, "%s: %s", bak, strerror(errno));
		return -1;
	}
	/* the old file may predate us with a wider mode: its keys stay private */
	if (chmod(bak, 0600) != 0) {
		snprintf(err, errlen, "%s: %s", bak, strerror(errno));
		return -1;
	}
	return 0;
}

int cli_config_save(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	char tmp[4096];
	struct stat st;
	int fd;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", path);
		return -1;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp)) {
		snprintf(err, errlen, "path too long");
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (keep_backup(path, err, errlen) != 0) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (fsync_dir(path) != 0) {
		snprintf(err, errlen, "%s: directory sync: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
