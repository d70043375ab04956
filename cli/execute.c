/* Running a command line in a session, including the one walk-up rule:
 * a line that does not exist in a config sub-mode but does in an
 * enclosing config mode runs there and the session leaves the sub-mode,
 * as IOS does. Nothing walks up from config to exec (that needs "do"). */
#include "config.h"

#include "cli/pipe.h"
#include "cli/session_internal.h"

#include <stdlib.h>
#include <string.h>

static void remember(struct cli_session *s, const char *line)
{
	char *copy;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || s->loading)
		return;
	copy = strdup(line);
	if (!copy)
		return;
	free(s->history[s->history_next]);
	s->history[s->history_next] = copy;
	s->history_next = (s->history_next + 1) % CLI_HISTORY_SIZE;
	if (s->history_count < CLI_HISTORY_SIZE)
		s->history_count++;
}

static enum cli_status run(struct cli_session *s, struct cli_match *m)
{
	enum cli_result res;

	s->errors = 0;
	res = m->cmd->decl->handler(s, (const struct cli_args *)&m->args, m->cmd->ctx);
	cli_args_clear(&m->args);
	if (s->confirm_pending)
		return CLI_STATUS_CONFIRM;
	if (res == CLI_ERROR || s->errors)
		return CLI_STATUS_ERROR;
	if (s->closed)
		return CLI_STATUS_CLOSE;
	return CLI_STATUS_OK;
}

static enum cli_status status_of(enum cli_match_status m)
{
	switch (m) {
	case CLI_MATCH_INVALID:
		return CLI_STATUS_INVALID;
	case CLI_MATCH_INCOMPLETE:
		return CLI_STATUS_INCOMPLETE;
	case CLI_MATCH_AMBIGUOUS:
		return CLI_STATUS_AMBIGUOUS;
	default:
		return CLI_STATUS_OK;
	}
}

/* Of two failures, the one that got further through the line is reported;
 * on a tie, the current mode's. */
static bool further(const struct cli_match *a, const struct cli_match *b)
{
	if (a->depth != b->depth)
		return a->depth > b->depth;
	return a->status == CLI_MATCH_INVALID && b->status == CLI_MATCH_INVALID &&
	       a->error_offset > b->error_offset;
}

static enum cli_status execute_here(struct cli_session *s, const char *line)
{
	int mode = cli_session_current_mode(s);
	size_t bar = cli_pipe_find(s, line);
	struct cli_match m, up;

	if (bar)
		return cli_pipe_execute(s, line, bar, execute_here);
	cli_match_line(s->tree, mode, line, &m);
	if (m.status == CLI_MATCH_OK)
		return run(s, &m);
	if (m.status == CLI_MATCH_EMPTY)
		return CLI_STATUS_OK;
	if (!s->exec_override && mode > CLI_MODE_CONFIG) {
		for (size_t lvl = s->depth - 1; lvl-- > 0 && cli_mode_is_config(s->stack[lvl].mode);) {
			cli_match_line(s->tree, s->stack[lvl].mode, line, &up);
			if (up.status == CLI_MATCH_OK) {
				s->depth = lvl + 1;
				return run(s, &up);
			}
			if (further(&up, &m))
				m = up;
		}
	}
	cli_session_report(s, &m, line);
	return status_of(m.status);
}

static enum cli_status execute_top(struct cli_session *s, const char *line, bool confirmed)
{
	enum cli_status st;

	if (strlen(line) > CLI_MAX_LINE) {
		cli_error(s, "%% Command line too long.");
		return CLI_STATUS_ERROR;
	}
	remember(s, line);
	s->typed_line = line;
	s->column = 0;
	s->confirmed = confirmed;
	s->confirm_pending = false;
	st = execute_here(s, line);
	s->typed_line = NULL;
	s->confirmed = false;
	return st;
}

enum cli_status cli_session_execute(struct cli_session *s, const char *line)
{
	return execute_top(s, line, false);
}

enum cli_status cli_session_execute_confirmed(struct cli_session *s, const char *line)
{
	return execute_top(s, line, true);
}

enum cli_status cli_session_execute_exec(struct cli_session *s, const char *line, size_t column)
{
	bool saved_override = s->exec_override;
	size_t saved_column = s->column;
	unsigned saved_errors = s->errors;
	enum cli_status st;

	s->exec_override = true;
	s->column = column;
	st = execute_here(s, line);
	s->exec_override = saved_override;
	s->column = saved_column;
	s->errors = saved_errors + (st != CLI_STATUS_OK && st != CLI_STATUS_CLOSE);
	return st;
}
