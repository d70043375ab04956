/* Reads and writes /proc/sys/net/core/xfrm_larval_drop (per network namespace). */
#include "xfrm/larval.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define LARVAL_PATH "/proc/sys/net/core/xfrm_larval_drop"

int gv_larval_drop_set(int value)
{
	char buf[16];
	ssize_t n;
	int fd, old, err;

	fd = open(LARVAL_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0) {
		err = n < 0 ? errno : EIO;
		close(fd);
		return -err;
	}
	buf[n] = '\0';
	old = atoi(buf);
	n = snprintf(buf, sizeof(buf), "%d\n", value ? 1 : 0);
	if (lseek(fd, 0, SEEK_SET) < 0 || write(fd, buf, (size_t)n) != n) {
		err = errno;
		close(fd);
		return -err;
	}
	close(fd);
	return old;
}
