/* A group member's multicast rekey group: while the KEK's destination is
 * a multicast group, the member listens on it (gm_rekey.c calls
 * gm_rekey_mcast_follow after each registration and rekey). */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "daemon/rekey_service_int.h"
#include "gdoi/rekey_send.h"
#include "gdoi/transport.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The UDP 848 sockets are bound to the registration address, which does
 * not receive multicast: a multicast rekey group gets its own socket,
 * bound to the group address and port 848, joined on the registration
 * address. */
static void on_mcast(evutil_socket_t fd, short what, void *arg)
{
	uint8_t *buf = malloc(PUSH_MAX_MSG);
	struct sockaddr_in peer;
	socklen_t pl = sizeof(peer);
	ssize_t n;

	(void)what;
	if (!buf)
		return;
	n = recvfrom(fd, buf, PUSH_MAX_MSG, 0, (struct sockaddr *)&peer, &pl);
	if (n > 0 && pl == sizeof(peer) && peer.sin_family == AF_INET)
		gm_rekey_push_input(arg, NULL, &peer, buf, (size_t)n);
	free(buf);
}

void gm_rekey_mcast_leave(struct gdoi_service *s, struct gmr_group *e)
{
	if (e->mcast_ev)
		event_free(e->mcast_ev);
	if (e->mcast_fd >= 0)
		close(e->mcast_fd);
	e->mcast_ev = NULL;
	e->mcast_fd = -1;
	e->mcast.s_addr = 0;
}

static int mcast_socket(struct in_addr group, struct in_addr ifaddr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = group,
				   .sin_port = htons(GDOI_UDP_PORT) };
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    rekey_mcast_join(fd, group, ifaddr) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Follows the KEK's destination: joined while it is a multicast group. */
void gm_rekey_mcast_follow(struct gdoi_service *s, struct gmr_group *e)
{
	struct in_addr want = e->g->policy.kek.selector.dst;
	char a[INET_ADDRSTRLEN];

	if (!e->started || !IN_MULTICAST(ntohl(want.s_addr)))
		want.s_addr = 0;
	if (want.s_addr == e->mcast.s_addr)
		return;
	gm_rekey_mcast_leave(s, e);
	if (!want.s_addr || !s->base)
		return;
	inet_ntop(AF_INET, &want, a, sizeof(a));
	e->mcast_fd = mcast_socket(want, e->g->local_addr);
	if (e->mcast_fd < 0 ||
	    !(e->mcast_ev = event_new(s->base, e->mcast_fd, EV_READ | EV_PERSIST, on_mcast, s)) ||
	    event_add(e->mcast_ev, NULL) != 0) {
		log_event("GDOI", LOG_SEV_WARNING, "GM_MCAST_JOIN_FAIL",
			  "Group %s: cannot join the multicast rekey group %s: %s", e->name, a,
			  strerror(errno));
		gm_rekey_mcast_leave(s, e);
		return;
	}
	e->mcast = want;
	log_event("GDOI", LOG_SEV_INFO, "GM_MCAST_JOIN", "Group %s joined multicast rekey group %s",
		  e->name, a);
}
