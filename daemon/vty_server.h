/* The vty socket: every client connection gets its own CLI session and
 * speaks the protocol of cli/vty_protocol.h. */
#ifndef GETVPND_DAEMON_VTY_SERVER_H
#define GETVPND_DAEMON_VTY_SERVER_H

struct event_base;
struct cli_tree;
struct vty_server;

/* Binds path (refusing if a live daemon answers there; a stale socket file
 * is replaced). NULL with a message on stderr on failure. */
struct vty_server *vty_server_new(struct event_base *base, struct cli_tree *tree,
				  void *app, const char *path);
/* Closes every client and the socket, and unlinks the socket file. */
void vty_server_free(struct vty_server *srv);

#endif
