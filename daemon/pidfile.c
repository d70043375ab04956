/* The pid file: created and locked at start, so that a second daemon on
 * the same socket refuses to start; removed on a clean shutdown. */
#include "config.h"

#include "daemon/getvpnd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int pidfile_create(const char *path)
{
	char buf[32];
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	int len;

	if (fd < 0) {
		fprintf(stderr, "getvpnd: pid file %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, "getvpnd: pid file %s is locked: another getvpnd is running\n", path);
		close(fd);
		return -1;
	}
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || write(fd, buf, (size_t)len) != len) {
		fprintf(stderr, "getvpnd: pid file %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

void pidfile_remove(const char *path, int fd)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}
