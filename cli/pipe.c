/* Output pipes: include, exclude, begin, section, count. The command's
 * output is collected, then filtered line by line with a POSIX extended
 * regular expression. An error of the command itself is never filtered. */
#include "config.h"

#include "cli/pipe.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pipe_kind { PIPE_INCLUDE, PIPE_EXCLUDE, PIPE_BEGIN, PIPE_SECTION, PIPE_COUNT };

static enum cli_result select_filter(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	static const char *const names[] = {
		[PIPE_INCLUDE] = "include", [PIPE_EXCLUDE] = "exclude", [PIPE_BEGIN] = "begin",
		[PIPE_SECTION] = "section", [PIPE_COUNT] = "count",
	};
	const char *re = cli_arg_str(a, "regexp");

	for (int k = PIPE_INCLUDE; k <= PIPE_COUNT; k++)
		if (cli_arg_has(a, names[k]))
			s->pipe_kind = k;
	free(s->pipe_regexp);
	s->pipe_regexp = strdup(re ? re : "");
	return s->pipe_regexp ? CLI_OK : CLI_ERROR;
}

#define PIPE_HELP(what) (const char *const[]){ what, "Regular Expression", NULL }
static const struct cli_command pipe_commands[] = {
	{ CLI_MODE_PRIV_EXEC, "begin LINE$regexp", PIPE_HELP("Begin with the line that matches"),
	  select_filter, 0 },
	{ CLI_MODE_PRIV_EXEC, "count [LINE$regexp]",
	  PIPE_HELP("Count number of lines which match regexp"), select_filter, 0 },
	{ CLI_MODE_PRIV_EXEC, "exclude LINE$regexp", PIPE_HELP("Exclude lines that match"),
	  select_filter, 0 },
	{ CLI_MODE_PRIV_EXEC, "include LINE$regexp", PIPE_HELP("Include lines that match"),
	  select_filter, 0 },
	{ CLI_MODE_PRIV_EXEC, "section LINE$regexp", PIPE_HELP("Filter a section of output"),
	  select_filter, 0 },
	{ .spec = NULL },
};

static struct cli_tree *pipe_tree(struct cli_tree *tree)
{
	if (!tree->pipe_tree) {
		tree->pipe_tree = cli_tree_new();
		if (tree->pipe_tree && cli_tree_register(tree->pipe_tree, pipe_commands, NULL) != 0) {
			cli_tree_free(tree->pipe_tree);
			tree->pipe_tree = NULL;
		}
	}
	return tree->pipe_tree;
}

void cli_pipe_tree_free(struct cli_tree *tree)
{
	cli_tree_free(tree->pipe_tree);
	tree->pipe_tree = NULL;
}

size_t cli_pipe_find(const struct cli_session *s, const char *line)
{
	bool quoted = false;
	int mode = cli_session_current_mode(s);

	if (s->in_pipe || (mode != CLI_MODE_USER_EXEC && mode != CLI_MODE_PRIV_EXEC))
		return 0;
	for (size_t i = 0; line[i]; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (line[i] == '|' && !quoted && i > 0 && isspace((unsigned char)line[i - 1]))
			return i;
	}
	return 0;
}

struct pipe_saved {
	struct cli_tree *tree;
	size_t column;
	bool exec_override;
};

/* Switches the session to the pipe tree for the text after the bar. */
static bool enter_pipe(struct cli_session *s, size_t bar, struct pipe_saved *saved)
{
	struct cli_tree *pt = pipe_tree(s->tree);

	if (!pt)
		return false;
	/* error markers are aligned on the session's prompt */
	cli_tree_set_hostname(pt, cli_tree_hostname(s->tree));
	*saved = (struct pipe_saved){ s->tree, s->column, s->exec_override };
	s->tree = pt;
	s->in_pipe = true;
	s->exec_override = true;
	s->column += bar + 1;
	return true;
}

static void leave_pipe(struct cli_session *s, const struct pipe_saved *saved)
{
	s->tree = saved->tree;
	s->column = saved->column;
	s->exec_override = saved->exec_override;
	s->in_pipe = false;
}

void cli_pipe_descend(struct cli_session *s, const char *line, size_t bar,
		      void (*fn)(struct cli_session *, const char *))
{
	struct pipe_saved saved;

	if (!enter_pipe(s, bar, &saved))
		return;
	fn(s, line + bar + 1);
	leave_pipe(s, &saved);
}

/* Matches the filter ("include REGEXP"...), reporting errors in place. */
static enum cli_status choose_filter(struct cli_session *s, const char *line, size_t bar,
				     enum cli_status (*run)(struct cli_session *, const char *))
{
	struct pipe_saved saved;
	enum cli_status st;

	if (line[bar + 1 + strspn(line + bar + 1, " \t")] == '\0') {
		cli_error(s, "%% Incomplete command.");
		return CLI_STATUS_INCOMPLETE;
	}
	if (!enter_pipe(s, bar, &saved))
		return CLI_STATUS_ERROR;
	s->pipe_kind = -1;
	st = run(s, line + bar + 1);
	leave_pipe(s, &saved);
	if (st == CLI_STATUS_OK && s->pipe_kind < 0)
		st = CLI_STATUS_ERROR;
	return st;
}

static void to_stream(void *arg, const char *data, size_t len)
{
	fwrite(data, 1, len, arg);
}

/* IOS "section": a line that matches, with the indented lines under it. */
static bool keep_line(enum pipe_kind kind, bool matches, bool indented, bool *state)
{
	switch (kind) {
	case PIPE_INCLUDE:
		return matches;
	case PIPE_EXCLUDE:
		return !matches;
	case PIPE_BEGIN:
		return *state = *state || matches;
	case PIPE_SECTION:
		if (!indented)
			*state = matches;
		return *state || matches;
	default:
		return false;
	}
}

static void filter_output(struct cli_session *s, const regex_t *re, const char *text, size_t len)
{
	unsigned long count = 0;
	bool state = false;
	size_t start = 0;

	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		char *line = strndup(text + start, end - start);
		bool matches = line && regexec(re, line, 0, NULL, 0) == 0;

		if (s->pipe_kind == PIPE_COUNT)
			count += matches;
		else if (line && keep_line(s->pipe_kind, matches, line[0] == ' ', &state))
			cli_out(s, "%s\n", line);
		free(line);
		start = end + 1;
	}
	if (s->pipe_kind == PIPE_COUNT)
		cli_out(s, "Number of lines which match regexp = %lu\n", count);
}

static enum cli_status run_captured(struct cli_session *s, const char *command,
				    enum cli_status (*run)(struct cli_session *, const char *),
				    char **text, size_t *len)
{
	cli_output_fn saved_out = s->out;
	void *saved_arg = s->out_arg;
	FILE *mem = open_memstream(text, len);
	enum cli_status st;

	if (!mem)
		return CLI_STATUS_ERROR;
	s->out = to_stream;
	s->out_arg = mem;
	s->in_pipe = true;
	st = run(s, command);
	s->in_pipe = false;
	s->out = saved_out;
	s->out_arg = saved_arg;
	fclose(mem);
	return st;
}

enum cli_status cli_pipe_execute(struct cli_session *s, const char *line, size_t bar,
				 enum cli_status (*run)(struct cli_session *, const char *))
{
	enum cli_status st;
	char *command, *text = NULL;
	size_t len = 0;
	regex_t re;

	st = choose_filter(s, line, bar, run);
	if (st != CLI_STATUS_OK)
		return st;
	if (regcomp(&re, s->pipe_regexp, REG_EXTENDED | REG_NOSUB) != 0) {
		cli_error(s, "%% Invalid regular expression \"%s\"", s->pipe_regexp);
		return CLI_STATUS_ERROR;
	}
	command = strndup(line, bar);
	st = command ? run_captured(s, command, run, &text, &len) : CLI_STATUS_ERROR;
	if (st == CLI_STATUS_OK)
		filter_output(s, &re, text, len);
	else
		cli_session_write(s, text, len);
	regfree(&re);
	free(command);
	free(text);
	return st;
}
