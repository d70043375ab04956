/* getvpnsh: the IOS shell that talks to getvpnd over its vty socket. */
#ifndef GETVPND_SHELL_SHELL_H
#define GETVPND_SHELL_SHELL_H

#include "shell/vty_client.h"

#include <stdio.h>

/* Exit statuses (a contract for scripts). */
enum shell_exit {
	SHELL_EXIT_OK = 0,
	SHELL_EXIT_COMMAND_FAILED = 1,
	SHELL_EXIT_NO_DAEMON = 2,
};

/* Runs one command line, printing its output; echo prints "PROMPT LINE"
 * first. Returns the status code, or -1 when the daemon went away. */
int shell_run_line(struct vty_client *c, const char *line, bool echo);

/* The libedit loop on a terminal; returns the exit status. */
int shell_interactive(struct vty_client *c, const char *socket_path);

/* The paging output function (interactive.c's pager.c). */
struct pager {
	unsigned lines;
	bool discard;
	unsigned term_length;
};
void pager_start(struct pager *p, unsigned term_length);
void pager_output(void *arg, const char *data, size_t len);

#endif
