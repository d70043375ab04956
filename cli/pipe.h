/* Output pipes on exec commands, as on IOS: "show running-config | include
 * hostname". The part after the pipe is matched by a small tree of its
 * own (so abbreviations, markers, `?` and TAB work there too). */
#ifndef GETVPND_CLI_PIPE_H
#define GETVPND_CLI_PIPE_H

#include "cli/session_internal.h"

/* Column of the pipe ('|' after a space, outside quotes) when the line is
 * an exec line that may be piped; 0 when there is none. */
size_t cli_pipe_find(const struct cli_session *session, const char *line);

/* Runs "COMMAND | FILTER" with run() for each half; output filtered. */
enum cli_status cli_pipe_execute(struct cli_session *session, const char *line, size_t bar,
				 enum cli_status (*run)(struct cli_session *, const char *));

/* Calls fn on the part after the pipe, in the pipe tree, with columns
 * kept relative to the whole line (for `?` and TAB). */
void cli_pipe_descend(struct cli_session *session, const char *line, size_t bar,
		      void (*fn)(struct cli_session *, const char *));

#endif
