/* Session state: the mode stack, prompts, terminal settings, history. */
#include "config.h"

#include "cli/session_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const mode_suffix[CLI_MODE_COUNT] = {
	[CLI_MODE_USER_EXEC] = ">",
	[CLI_MODE_PRIV_EXEC] = "#",
	[CLI_MODE_CONFIG] = "(config)#",
	[CLI_MODE_CONFIG_IF] = "(config-if)#",
	[CLI_MODE_ISAKMP_POLICY] = "(config-isakmp)#",
	[CLI_MODE_TRANSFORM_SET] = "(cfg-crypto-trans)#",
	[CLI_MODE_IPSEC_PROFILE] = "(ipsec-profile)#",
	[CLI_MODE_EXT_NACL] = "(config-ext-nacl)#",
	[CLI_MODE_GDOI_GROUP] = "(config-gkm-group)#",
	[CLI_MODE_GDOI_LOCAL_SERVER] = "(gkm-local-server)#",
	[CLI_MODE_GDOI_SA_IPSEC] = "(gkm-sa-ipsec)#",
	[CLI_MODE_CRYPTO_MAP] = "(config-crypto-map)#",
};

struct cli_session *cli_session_new(struct cli_tree *tree, void *app,
				    cli_output_fn out, void *out_arg)
{
	struct cli_session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->tree = tree;
	s->app = app;
	s->out = out;
	s->out_arg = out_arg;
	s->stack[0].mode = CLI_MODE_USER_EXEC;
	s->depth = 1;
	s->term_length = 24;
	return s;
}

void cli_session_free(struct cli_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < CLI_HISTORY_SIZE; i++)
		free(s->history[i]);
	free(s->file);
	free(s->pipe_regexp);
	free(s);
}

void cli_session_set_output(struct cli_session *s, cli_output_fn out, void *out_arg)
{
	s->out = out;
	s->out_arg = out_arg;
}

void cli_session_set_privileged(struct cli_session *s)
{
	cli_session_enable(s, true);
}

void cli_session_set_interactive(struct cli_session *s, bool interactive)
{
	s->interactive = interactive;
}

bool cli_session_is_interactive(const struct cli_session *s)
{
	return s->interactive;
}

void cli_session_set_echo(struct cli_session *s, bool echo)
{
	s->echo = echo;
}

void cli_session_set_loading(struct cli_session *s, const char *file, bool check_only)
{
	free(s->file);
	s->file = file ? strdup(file) : NULL;
	s->loading = file != NULL;
	s->check_only = check_only;
	if (s->loading) {
		s->depth = 1;
		cli_session_enable(s, true);
		cli_session_enter(s, CLI_MODE_CONFIG, NULL);
	}
}

void cli_session_set_line_number(struct cli_session *s, unsigned long line)
{
	s->line_number = line;
}

bool cli_session_is_check_only(const struct cli_session *s)
{
	return s->check_only;
}

bool cli_session_is_loading(const struct cli_session *s)
{
	return s->loading;
}

int cli_session_current_mode(const struct cli_session *s)
{
	return s->exec_override ? CLI_MODE_PRIV_EXEC : s->stack[s->depth - 1].mode;
}

enum cli_mode cli_session_mode(const struct cli_session *s)
{
	return (enum cli_mode)cli_session_current_mode(s);
}

void cli_session_enter(struct cli_session *s, enum cli_mode mode, void *ctx)
{
	if (s->exec_override || s->depth >= CLI_STACK_MAX || (int)mode >= CLI_MODE_COUNT)
		return;
	s->stack[s->depth++] = (struct cli_frame){ .mode = mode, .ctx = ctx };
}

void *cli_session_ctx(const struct cli_session *s)
{
	return s->stack[s->depth - 1].ctx;
}

void *cli_session_app(const struct cli_session *s)
{
	return s->app;
}

struct cli_tree *cli_session_tree(const struct cli_session *s)
{
	return s->tree;
}

void cli_session_enable(struct cli_session *s, bool privileged)
{
	if (s->exec_override)
		return;
	s->depth = 1;
	if (privileged)
		s->stack[s->depth++] = (struct cli_frame){ .mode = CLI_MODE_PRIV_EXEC };
}

void cli_session_end(struct cli_session *s)
{
	while (s->depth > 1 && s->stack[s->depth - 1].mode != CLI_MODE_PRIV_EXEC)
		s->depth--;
}

void cli_session_exit(struct cli_session *s)
{
	if (s->exec_override)
		return;
	if (cli_mode_is_config(s->stack[s->depth - 1].mode))
		s->depth--;
	else
		s->closed = true;
}

void cli_session_close(struct cli_session *s)
{
	s->closed = true;
}

bool cli_session_closed(const struct cli_session *s)
{
	return s->closed;
}

unsigned cli_session_terminal_length(const struct cli_session *s)
{
	return s->term_length;
}

void cli_session_set_terminal_length(struct cli_session *s, unsigned lines)
{
	s->term_length = lines;
}

const char *cli_session_prompt(struct cli_session *s)
{
	int mode = s->stack[s->depth - 1].mode;

	snprintf(s->prompt, sizeof(s->prompt), "%s%s", cli_tree_hostname(s->tree),
		 mode_suffix[mode]);
	return s->prompt;
}

bool cli_session_confirm(struct cli_session *s, const char *question)
{
	if (s->loading || !s->interactive || s->confirmed)
		return true;
	cli_out(s, "%s", question);
	s->confirm_pending = true;
	return false;
}

void cli_session_history_foreach(const struct cli_session *s,
				 void (*fn)(const char *line, void *arg), void *arg)
{
	size_t first = (s->history_next + CLI_HISTORY_SIZE - s->history_count) % CLI_HISTORY_SIZE;

	for (size_t i = 0; i < s->history_count; i++)
		fn(s->history[(first + i) % CLI_HISTORY_SIZE], arg);
}
