/* Client side of the vty protocol: frames in and out over the socket. */
#include "config.h"

#include "shell/vty_client.h"
#include "cli/vty_protocol.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int vty_connect(struct vty_client *c, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	if (connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		int err = errno;

		close(c->fd);
		c->fd = -1;
		errno = err;
		return -1;
	}
	return 0;
}

void vty_close(struct vty_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static int write_all(int fd, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *data, size_t len)
{
	uint8_t *p = data;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_request(struct vty_client *c, uint8_t kind, uint8_t flags, bool with_flags,
			const char *text)
{
	size_t tlen = text ? strlen(text) : 0;
	uint8_t hdr[VTY_HEADER_LEN + 2];
	size_t hlen = VTY_HEADER_LEN + 1;

	if (tlen > VTY_MAX_LINE) {
		errno = EMSGSIZE;
		return -1;
	}
	vty_put_header(hdr, tlen + (with_flags ? 1 : 0));
	hdr[VTY_HEADER_LEN] = kind;
	if (with_flags)
		hdr[hlen++] = flags;
	if (write_all(c->fd, hdr, hlen) != 0 || (tlen && write_all(c->fd, text, tlen) != 0))
		return -1;
	return 0;
}

int vty_request(struct vty_client *c, uint8_t kind, uint8_t flags, bool with_flags,
		const char *text, vty_output_fn out, void *arg)
{
	static uint8_t frame[VTY_MAX_FRAME];

	if (send_request(c, kind, flags, with_flags, text) != 0)
		return -1;
	for (;;) {
		uint8_t hdr[VTY_HEADER_LEN];
		struct vty_status st;
		size_t len;

		if (read_all(c->fd, hdr, sizeof(hdr)) != 0)
			return -1;
		len = vty_get_length(hdr);
		if (len == 0 || read_all(c->fd, frame, len) != 0)
			return -1;
		if (frame[0] == VTY_OUTPUT) {
			if (out)
				out(arg, (const char *)frame + 1, len - 1);
			continue;
		}
		if (frame[0] != VTY_STATUS || vty_get_status(frame + 1, len - 1, &st) != 0)
			return -1;
		snprintf(c->prompt, sizeof(c->prompt), "%.*s", (int)st.prompt_len, st.prompt);
		c->term_length = st.term_length;
		return st.code;
	}
}
