/* libFuzzer target for the vty protocol as the daemon serves it: the input
 * is the byte stream a client sends on the vty socket. It goes through the
 * real server (daemon/vty_server.c: accept, frame decoder, request
 * dispatch, flow control) over a real unix socket, into the daemon's whole
 * command tree (daemon/modules.c), with a fresh tree per input so that a
 * finding replays alone. The client reads every reply until the daemon
 * closes the connection; a daemon that never does is a hang (-timeout).
 * No key store and an unreachable startup-config: nothing is written; the
 * GDOI service is registered (its show commands answer) but not started,
 * so no socket is bound and no packet sent.
 * Build: ./configure --enable-fuzzers CC=clang; seeds: tests/fuzz/vty-seeds.sh */
#include "config.h"

#include "daemon/gdoi_service.h"
#include "daemon/getvpnd.h"
#include "daemon/vty_server.h"
#include "config-parser/register.h"
#include "log/log.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char sock_path[64];

/* The client side of one connection: pushes the input, then drains
 * replies until the daemon hangs up. */
struct client {
	int fd;
	const uint8_t *data;
	size_t left;
	bool done;
	struct event *rd, *wr;
};

static void client_readable(evutil_socket_t fd, short what, void *arg)
{
	struct client *c = arg;
	uint8_t buf[65536];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		c->done = true;
}

static void client_writable(evutil_socket_t fd, short what, void *arg)
{
	struct client *c = arg;
	ssize_t n = c->left ? write(fd, c->data, c->left) : 0;

	if (n > 0) {
		c->data += n;
		c->left -= (size_t)n;
	} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
		c->left = 0;    /* the daemon hung up first (exit, bad frame) */
	}
	if (c->left == 0) {
		/* end of input: the daemon sees EOF once it has read everything */
		shutdown(fd, SHUT_WR);
		event_del(c->wr);
	}
}

static int connect_client(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
		abort();
	return fd;
}

static void setup_daemon(struct getvpnd *d)
{
	memset(d, 0, sizeof(*d));
	d->opt.config = "/nonexistent/getvpnd-fuzz/startup-config";
	d->opt.socket = sock_path;
	d->opt.check_config = true;     /* modules open no key store */
	d->tree = cli_tree_new();
	d->base = event_base_new();
	if (!d->tree || !d->base || getvpnd_register_modules(d) != 0)
		abort();
	d->vty = vty_server_new(d->base, d->tree, d, sock_path);
	if (!d->vty)
		abort();
}

static void teardown_daemon(struct getvpnd *d)
{
	vty_server_free(d->vty);
	gdoi_service_free(d->gdoi);
	cli_tree_free(d->tree);
	config_teardown(d->config);
	event_base_free(d->base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct getvpnd d;
	struct client c = { .data = data, .left = size };

	if (!sock_path[0]) {
		signal(SIGPIPE, SIG_IGN);
		log_init("fuzz", LOG_SINK_NONE);
		snprintf(sock_path, sizeof(sock_path), "/tmp/gv-fuzz-vty-%ld.sock", (long)getpid());
	}
	setup_daemon(&d);
	c.fd = connect_client();
	c.rd = event_new(d.base, c.fd, EV_READ | EV_PERSIST, client_readable, &c);
	c.wr = event_new(d.base, c.fd, EV_WRITE | EV_PERSIST, client_writable, &c);
	if (!c.rd || !c.wr)
		abort();
	event_add(c.rd, NULL);
	event_add(c.wr, NULL);
	while (!c.done)
		event_base_loop(d.base, EVLOOP_ONCE);
	event_free(c.rd);
	event_free(c.wr);
	close(c.fd);
	teardown_daemon(&d);
	return 0;
}
