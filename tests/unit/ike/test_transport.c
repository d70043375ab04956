/* The UDP transport on a real libevent loop and real loopback sockets:
 * dispatch by exchange type, malformed and unclaimed datagrams counted,
 * answers from the address asked, the shared timer heap driven by one
 * event. Port 848 needs root (or CAP_NET_BIND_SERVICE). */
#include "gdoi/transport.h"
#include "tests/tap.h"

#include "log/log.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct seen {
	int calls;
	struct sockaddr_in local, peer;
	size_t len;
};

static void handler(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	struct seen *s = arg;

	s->calls++;
	s->local = *local;
	s->peer = *peer;
	s->len = len;
}

static void header(uint8_t *b, uint8_t exchange, uint32_t len)
{
	memset(b, 0, len);
	memset(b, 0x11, 8);
	b[16] = 0;    /* no payload */
	b[17] = 0x10; /* version 1.0 */
	b[18] = exchange;
	b[24] = (uint8_t)(len >> 24);
	b[25] = (uint8_t)(len >> 16);
	b[26] = (uint8_t)(len >> 8);
	b[27] = (uint8_t)len;
}

static int fired;

static void on_timer(void *arg)
{
	fired++;
	event_base_loopexit(arg, NULL);
}

static void pump(struct event_base *base)
{
	struct timeval tv = { 0, 200000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

int main(void)
{
	struct event_base *base = event_base_new();
	struct transport *t = transport_new(base);
	struct sockaddr_in ks = { .sin_family = AF_INET }, client = ks, got;
	struct transport_stats st;
	struct seen seen = { 0 };
	struct ike_timer timer;
	uint8_t msg[64], back[64];
	socklen_t alen = sizeof(got);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	log_init("test", LOG_SINK_NONE);
	inet_pton(AF_INET, "127.77.0.1", &ks.sin_addr);
	inet_pton(AF_INET, "127.77.0.2", &client.sin_addr);
	if (transport_listen(t, &ks) != 0) {
		ok(geteuid() != 0, "listening on 127.77.0.1:848 (root)");
		printf("ok 2 # SKIP port 848 needs root\n");
		return done_testing();
	}
	ok(1, "listening on 127.77.0.1:848");
	bind(fd, (struct sockaddr *)&client, sizeof(client));
	getsockname(fd, (struct sockaddr *)&client, &alen);
	transport_register(t, 32, handler, &seen);
	ks.sin_port = htons(848);

	header(msg, 32, 28);
	sendto(fd, msg, 28, 0, (struct sockaddr *)&ks, sizeof(ks));
	header(msg, 33, 28); /* nobody registered */
	sendto(fd, msg, 28, 0, (struct sockaddr *)&ks, sizeof(ks));
	header(msg, 32, 40); /* length says 40, datagram 30 */
	sendto(fd, msg, 30, 0, (struct sockaddr *)&ks, sizeof(ks));
	sendto(fd, "junk", 4, 0, (struct sockaddr *)&ks, sizeof(ks));
	pump(base);
	transport_get_stats(t, &st);
	ok(seen.calls == 1 && seen.len == 28, "GROUPKEY-PULL datagram handed to its handler");
	ok(seen.local.sin_addr.s_addr == ks.sin_addr.s_addr && seen.local.sin_port == htons(848) &&
	   seen.peer.sin_addr.s_addr == client.sin_addr.s_addr && seen.peer.sin_port == client.sin_port,
	   "handler told the local and peer addresses");
	ok(st.rx == 4 && st.malformed == 2 && st.unhandled == 1,
	   "malformed and unclaimed datagrams dropped and counted");

	header(msg, 32, 28);
	ok(transport_send(t, &seen.local, &seen.peer, msg, 28) == 0, "send from 127.77.0.1:848");
	alen = sizeof(got);
	ok(recvfrom(fd, back, sizeof(back), 0, (struct sockaddr *)&got, &alen) == 28 &&
	   got.sin_addr.s_addr == ks.sin_addr.s_addr && got.sin_port == htons(848),
	   "answer arrives from the address and port asked");

	ike_timer_init(&timer, on_timer, base);
	ike_timer_start(transport_timers(t), &timer, 50);
	event_base_dispatch(base);
	ok(fired == 1, "the timer heap fires through the event loop");
	ok(transport_source_for(t, &client, &got) == 0 && got.sin_port == htons(848),
	   "source address for a peer");

	close(fd);
	transport_free(t);
	event_base_free(base);
	return done_testing();
}
