/* The session object, shared by the files of cli/ that drive it. */
#ifndef GETVPND_CLI_SESSION_INTERNAL_H
#define GETVPND_CLI_SESSION_INTERNAL_H

#include "cli/match.h"
#include "cli/session.h"

#define CLI_STACK_MAX 16
#define CLI_HISTORY_SIZE 10

struct cli_frame {
	int mode;
	void *ctx;
};

struct cli_session {
	struct cli_tree *tree;
	void *app;
	cli_output_fn out;
	void *out_arg;
	struct cli_frame stack[CLI_STACK_MAX];
	size_t depth;
	char prompt[128];
	bool interactive, echo, loading, check_only;
	char *file;
	unsigned long line_number;
	/* the line as typed, and where a nested (do) line starts in it */
	const char *typed_line;
	size_t column;
	bool exec_override;
	unsigned errors;
	bool confirmed, confirm_pending, closed;
	unsigned term_length;
	/* output pipe: set while either half of "COMMAND | FILTER" runs */
	bool in_pipe;
	int pipe_kind;
	char *pipe_regexp;
	char *history[CLI_HISTORY_SIZE];
	size_t history_next, history_count;
};

int cli_session_current_mode(const struct cli_session *session);
void cli_session_write(struct cli_session *session, const char *data, size_t len);
/* The text before a caret line: the prompt, or "FILE:LINE: " when loading. */
size_t cli_session_marker_prefix(struct cli_session *session, char *buf, size_t len);
void cli_session_report(struct cli_session *session, const struct cli_match *m,
			const char *line);

#endif
