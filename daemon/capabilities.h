/* Linux capabilities of the daemon process, through the capget/capset
 * system calls (no libcap): read the sets, set them, shrink the bounding
 * set, and name them for the log and show version. */
#ifndef GETVPND_DAEMON_CAPABILITIES_H
#define GETVPND_DAEMON_CAPABILITIES_H

#include <stddef.h>
#include <stdint.h>

#define CAPS_BIT(cap) ((uint64_t)1 << (cap))

struct cap_sets {
	uint64_t effective, permitted, inheritable;
};

/* The highest capability this kernel knows. */
unsigned caps_last(void);
/* Every capability this kernel knows, as a set. */
uint64_t caps_all(void);
/* 0 or -1 (errno set). */
int caps_get(struct cap_sets *s);
int caps_set(const struct cap_sets *s);
/* Removes from the bounding set every capability not in keep (needs
 * CAP_SETPCAP), so that none can come back through execve. 0 or -1. */
int caps_limit_bounding(uint64_t keep);
/* "cap_net_admin,cap_net_bind_service", "none", or "all". */
void caps_format(uint64_t set, char *buf, size_t len);

#endif
