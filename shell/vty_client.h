/* getvpnsh's side of the vty protocol (cli/vty_protocol.h): blocking
 * requests, output handed to a callback as it arrives. */
#ifndef GETVPND_SHELL_VTY_CLIENT_H
#define GETVPND_SHELL_VTY_CLIENT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

struct vty_client {
	int fd;
	char prompt[256];
	unsigned term_length;
};

typedef void (*vty_output_fn)(void *arg, const char *data, size_t len);

/* -1 with errno set when nothing answers at path. */
int vty_connect(struct vty_client *c, const char *path);
void vty_close(struct vty_client *c);

/* Sends one request and reads its reply; returns the status code
 * (enum cli_status) or -1 when the connection failed or broke the protocol. */
int vty_request(struct vty_client *c, uint8_t kind, uint8_t flags, bool with_flags,
		const char *text, vty_output_fn out, void *arg);

#endif
