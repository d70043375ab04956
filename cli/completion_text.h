/* The client side of TAB completion, shared by the daemon's console and
 * getvpnsh: the completion request's answer (the keywords that complete
 * the last word, one per line) collected into one buffer, and whether the
 * cursor is inside a quoted string (where ? and TAB are plain text). */
#ifndef GETVPND_CLI_COMPLETION_TEXT_H
#define GETVPND_CLI_COMPLETION_TEXT_H

#include "cli/vty_protocol.h"

#include <stdbool.h>
#include <stddef.h>

struct cli_completions {
	char text[VTY_MAX_LINE];
	size_t len;
};

/* An output function (cli_output_fn, vty_output_fn) appending to the
 * struct cli_completions arg; output that does not fit is dropped. */
void cli_completions_collect(void *arg, const char *data, size_t len);
/* The only candidate, its newline removed; NULL when there are several,
 * which text then lists on one line, each followed by a space. */
const char *cli_completions_single(struct cli_completions *c);

bool cli_inside_quotes(const char *line, size_t len);

#endif
