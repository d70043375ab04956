/* --console: an IOS console on the controlling terminal, like a router's
 * serial line, with its own session, `?`, TAB, Ctrl-Z and --More--. */
#ifndef GETVPND_DAEMON_CONSOLE_H
#define GETVPND_DAEMON_CONSOLE_H

struct event_base;
struct cli_tree;
struct console;

struct console *console_new(struct event_base *base, struct cli_tree *tree, void *app);
/* Restores the terminal. */
void console_free(struct console *con);

#endif
