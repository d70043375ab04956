/* Local IPv4 addresses, re-read only after rtnetlink says they changed. */
#include "xfrm/local_addrs.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int gv_local_addrs_open(struct gv_local_addrs *c)
{
	int fd;

	memset(c, 0, sizeof(*c));
	if (gv_nl_open(&c->watch, NETLINK_ROUTE, RTMGRP_IPV4_IFADDR) < 0) {
		snprintf(c->err, sizeof(c->err), "%s", c->watch.err);
		return -1;
	}
	fd = gv_nl_fd(&c->watch);
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
		snprintf(c->err, sizeof(c->err), "address watch: %s", strerror(errno));
		gv_nl_close(&c->watch);
		return -1;
	}
	return 0;
}

void gv_local_addrs_close(struct gv_local_addrs *c)
{
	gv_nl_close(&c->watch);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* Anything waiting on the watch socket (or lost: ENOBUFS) means a change. */
static bool changed(struct gv_local_addrs *c)
{
	char buf[8192] GV_NL_RECV_ALIGNED;
	bool any = false;

	if (!c->watch.sock)
		return true;
	for (;;) {
		ssize_t n = recv(gv_nl_fd(&c->watch), buf, sizeof(buf), MSG_DONTWAIT);

		if (n > 0 || (n < 0 && errno == ENOBUFS))
			any = true;
		else if (n < 0 && errno == EINTR)
			continue;
		else
			return any;
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int push(struct gv_local_addrs *c, uint32_t addr)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		uint32_t *v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = addr;
	return 0;
}

static int load(struct gv_local_addrs *c)
{
	struct ifaddrs *ifa, *i;

	c->valid = false;
	c->n = 0;
	if (getifaddrs(&ifa) < 0) {
		snprintf(c->err, sizeof(c->err), "reading the local addresses: %s", strerror(errno));
		return -1;
	}
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		if (push(c, ((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr.s_addr) < 0) {
			freeifaddrs(ifa);
			snprintf(c->err, sizeof(c->err), "reading the local addresses: out of memory");
			return -1;
		}
	}
	freeifaddrs(ifa);
	qsort(c->v, c->n, sizeof(*c->v), cmp_u32);
	c->valid = true;
	c->loads++;
	return 0;
}

int gv_local_addrs_refresh(struct gv_local_addrs *c)
{
	/* Drained before the read: a change during it shows next time. */
	if (changed(c) || !c->valid)
		return load(c);
	return 0;
}

bool gv_local_addrs_has(const struct gv_local_addrs *c, uint32_t addr)
{
	return c->valid && bsearch(&addr, c->v, c->n, sizeof(addr), cmp_u32) != NULL;
}
