/* Test-only fault knobs (fault_knobs.h) and the overrun counter. */
#include "xfrm/fault_knobs.h"
#include "xfrm/group_int.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

int gv_fault_event_rcvbuf(int fd)
{
	const char *e = getenv("GETVPND_TEST_NL_RCVBUF");
	char *end;
	unsigned long v;
	int bytes;

	if (!e || !*e)
		return 0;
	v = strtoul(e, &end, 10);
	if (*end || v == 0 || v > (1ul << 24))
		return -EINVAL;
	bytes = (int)v;
	/* FORCE ignores net.core.rmem_max, and the kernel still keeps its minimum */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)) < 0)
		return -errno;
	return 0;
}

unsigned long gv_gm_event_overruns(const struct gv_gm *gm)
{
	return gm && gm->ev_open ? gm->ev.overruns : 0;
}
