/* The vty server: a unix stream socket, one session per client. Frames are
 * checked before use; a client that breaks the protocol is dropped. */
#include "config.h"

#include "daemon/vty_server.h"
#include "cli/session.h"
#include "cli/vty_protocol.h"
#include "log/log.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define VTY_MAX_CLIENTS 64
#define VTY_OUTPUT_CHUNK 16384
/* A client that sends requests without reading the replies stops being
 * read until its output drains (memory stays bounded). */
#define VTY_OUTPUT_HIGH (1024 * 1024)

struct vty_client {
	struct vty_server *srv;
	struct bufferevent *bev;
	struct cli_session *session;
	struct evbuffer *pending;       /* session output not yet framed */
	bool closing;
	struct vty_client *next;
};

struct vty_server {
	struct event_base *base;
	struct cli_tree *tree;
	void *app;
	char *path;
	struct evconnlistener *listener;
	struct vty_client *clients;
	unsigned n_clients;
};

static void client_free(struct vty_client *c)
{
	struct vty_client **pp;

	for (pp = &c->srv->clients; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	c->srv->n_clients--;
	cli_session_free(c->session);
	evbuffer_free(c->pending);
	bufferevent_free(c->bev);
	free(c);
}

static void send_frame(struct vty_client *c, uint8_t kind, const void *data, size_t len)
{
	uint8_t hdr[VTY_HEADER_LEN + 1];
	struct evbuffer *out = bufferevent_get_output(c->bev);

	vty_put_header(hdr, len);
	hdr[VTY_HEADER_LEN] = kind;
	evbuffer_add(out, hdr, sizeof(hdr));
	if (len)
		evbuffer_add(out, data, len);
}

/* Session output is framed in chunks as it comes, so long output streams. */
static void flush_pending(struct vty_client *c, size_t keep_below)
{
	uint8_t chunk[VTY_OUTPUT_CHUNK];

	while (evbuffer_get_length(c->pending) > keep_below) {
		int n = evbuffer_remove(c->pending, chunk, sizeof(chunk));

		if (n <= 0)
			break;
		send_frame(c, VTY_OUTPUT, chunk, (size_t)n);
	}
}

static void session_output(void *arg, const char *data, size_t len)
{
	struct vty_client *c = arg;

	evbuffer_add(c->pending, data, len);
	flush_pending(c, VTY_OUTPUT_CHUNK - 1);
}

static void send_status(struct vty_client *c, enum cli_status st)
{
	uint8_t buf[VTY_STATUS_FIXED + 256];
	unsigned term = cli_session_terminal_length(c->session);
	size_t len;

	flush_pending(c, 0);
	len = vty_put_status(buf, sizeof(buf), (uint8_t)st, (uint16_t)(term > 0xffff ? 0xffff : term),
			     cli_session_prompt(c->session));
	send_frame(c, VTY_STATUS, buf, len);
	if (st == CLI_STATUS_CLOSE) {
		/* freed from the write callback once everything is sent */
		c->closing = true;
		bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
	}
}

/* A line from the client: bounded, no NUL, no line break. */
static bool take_line(const uint8_t *p, size_t len, char *line)
{
	if (len > VTY_MAX_LINE || memchr(p, '\0', len) || memchr(p, '\n', len))
		return false;
	memcpy(line, p, len);
	line[len] = '\0';
	return true;
}

static bool handle_frame(struct vty_client *c, const uint8_t *frame, size_t len)
{
	char line[VTY_MAX_LINE + 1];
	const uint8_t *p = frame + 1;
	size_t plen = len - 1;
	enum cli_status st;

	switch (frame[0]) {
	case VTY_HELLO:
		if (plen != 1)
			return false;
		if (p[0] & VTY_HELLO_PRIVILEGED)
			cli_session_set_privileged(c->session);
		cli_session_set_interactive(c->session, p[0] & VTY_HELLO_INTERACTIVE);
		cli_session_set_echo(c->session, p[0] & VTY_HELLO_ECHO);
		send_status(c, CLI_STATUS_OK);
		return true;
	case VTY_EXECUTE:
		if (plen < 1 || !take_line(p + 1, plen - 1, line))
			return false;
		st = p[0] & VTY_EXEC_CONFIRMED ? cli_session_execute_confirmed(c->session, line)
					       : cli_session_execute(c->session, line);
		send_status(c, cli_session_closed(c->session) ? CLI_STATUS_CLOSE : st);
		return true;
	case VTY_DESCRIBE:
	case VTY_COMPLETE:
		if (!take_line(p, plen, line))
			return false;
		if (frame[0] == VTY_DESCRIBE)
			cli_session_describe(c->session, line);
		else
			cli_session_complete(c->session, line);
		send_status(c, CLI_STATUS_OK);
		return true;
	case VTY_PROMPT:
		if (plen != 0)
			return false;
		send_status(c, CLI_STATUS_OK);
		return true;
	default:
		return false;
	}
}

static void client_read(struct bufferevent *bev, void *arg)
{
	struct vty_client *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	static uint8_t frame[VTY_MAX_FRAME];

	while (!c->closing && evbuffer_get_length(in) >= VTY_HEADER_LEN) {
		if (evbuffer_get_length(bufferevent_get_output(bev)) > VTY_OUTPUT_HIGH) {
			bufferevent_disable(bev, EV_READ);
			return;
		}
		uint8_t hdr[VTY_HEADER_LEN];
		size_t len;

		evbuffer_copyout(in, hdr, sizeof(hdr));
		len = vty_get_length(hdr);
		if (len == 0) {
			log_debug("vty: frame length out of bounds, dropping client");
			client_free(c);
			return;
		}
		if (evbuffer_get_length(in) < VTY_HEADER_LEN + len)
			return;
		evbuffer_drain(in, VTY_HEADER_LEN);
		evbuffer_remove(in, frame, len);
		if (!handle_frame(c, frame, len)) {
			log_debug("vty: malformed request (kind 0x%02x), dropping client", frame[0]);
			client_free(c);
			return;
		}
	}
}

static void client_write(struct bufferevent *bev, void *arg)
{
	struct vty_client *c = arg;

	if (c->closing) {
		client_free(c);
		return;
	}
	if (!(bufferevent_get_enabled(bev) & EV_READ)) {
		bufferevent_enable(bev, EV_READ);
		client_read(bev, c);
	}
}

static void client_event(struct bufferevent *bev, short what, void *arg)
{
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		client_free(arg);
}

static void accept_client(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
			  int salen, void *arg)
{
	struct vty_server *srv = arg;
	struct vty_client *c;

	if (srv->n_clients >= VTY_MAX_CLIENTS || !(c = calloc(1, sizeof(*c)))) {
		log_debug("vty: refusing a client (%u connected)", srv->n_clients);
		close(fd);
		return;
	}
	c->srv = srv;
	c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	c->pending = evbuffer_new();
	c->session = cli_session_new(srv->tree, srv->app, session_output, c);
	c->next = srv->clients;
	srv->clients = c;
	srv->n_clients++;
	if (!c->bev || !c->pending || !c->session) {
		if (!c->bev)
			close(fd);
		client_free(c);
		return;
	}
	bufferevent_setcb(c->bev, client_read, client_write, client_event, c);
	bufferevent_setwatermark(c->bev, EV_WRITE, VTY_OUTPUT_HIGH / 2, 0);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

/* A socket file nobody answers on is left over from a crash: replace it. */
static int prepare_path(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
	int fd;

	if (lstat(path, &st) != 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		fprintf(stderr, "getvpnd: %s exists and is not a socket\n", path);
		return -1;
	}
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		close(fd);
		fprintf(stderr, "getvpnd: another getvpnd is serving %s\n", path);
		return -1;
	}
	if (fd >= 0)
		close(fd);
	unlink(path);
	return 0;
}

/* The socket is made ready under a temporary name and renamed into place,
 * so that whoever sees the path can connect at once. */
static int listen_on(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) + 4 >= sizeof(sun.sun_path)) {
		fprintf(stderr, "getvpnd: socket path too long: %s\n", path);
		return -1;
	}
	if (prepare_path(path) != 0)
		return -1;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s.new", path);
	unlink(sun.sun_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 ||
	    listen(fd, 16) != 0 || chmod(sun.sun_path, 0660) != 0 ||
	    rename(sun.sun_path, path) != 0) {
		fprintf(stderr, "getvpnd: socket %s: %s\n", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(sun.sun_path);
		}
		return -1;
	}
	return fd;
}

struct vty_server *vty_server_new(struct event_base *base, struct cli_tree *tree,
				  void *app, const char *path)
{
	struct vty_server *srv = calloc(1, sizeof(*srv));
	int fd;

	if (!srv || !(srv->path = strdup(path))) {
		free(srv);
		return NULL;
	}
	srv->base = base;
	srv->tree = tree;
	srv->app = app;
	fd = listen_on(path);
	if (fd < 0) {
		free(srv->path);
		free(srv);
		return NULL;
	}
	srv->listener = evconnlistener_new(base, accept_client, srv, LEV_OPT_CLOSE_ON_FREE, -1, fd);
	if (!srv->listener) {
		close(fd);
		unlink(path);
		free(srv->path);
		free(srv);
		return NULL;
	}
	return srv;
}

void vty_server_free(struct vty_server *srv)
{
	if (!srv)
		return;
	while (srv->clients)
		client_free(srv->clients);
	evconnlistener_free(srv->listener);
	unlink(srv->path);
	free(srv->path);
	free(srv);
}
