/* `?` help and TAB completion, from the same matcher as execution: the
 * words before the cursor are matched, then the tokens that may follow
 * are listed (after a space) or filtered by the partial word. */
#include "config.h"

#include "cli/pipe.h"
#include "cli/session_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CLI_DESCRIBE_WIDTH 80

struct choice_list {
	const struct cli_token *v[256];
	size_t n;
	bool can_end;
};

struct line_state {
	struct cli_word words[CLI_MAX_WORDS];
	size_t n_prev;          /* complete words before the cursor */
	const char *partial;    /* the word being typed, or NULL after a space */
	size_t partial_len;
};

static bool split_line(const char *line, struct line_state *ls)
{
	size_t len = strlen(line), n = cli_tokenize(line, ls->words, CLI_MAX_WORDS);

	if (n > CLI_MAX_WORDS)
		return false;
	ls->partial = NULL;
	ls->partial_len = 0;
	ls->n_prev = n;
	if (n && len && !isspace((unsigned char)line[len - 1])) {
		ls->n_prev = n - 1;
		ls->partial = ls->words[n - 1].start;
		ls->partial_len = ls->words[n - 1].len;
	}
	return true;
}

static bool listed(const struct choice_list *c, const struct cli_token *t)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct cli_token *o = c->v[i];

		if (strcasecmp(o->text, t->text) == 0 &&
		    (t->kind == CLI_TOK_KEYWORD || strcmp(o->help ? o->help : "", t->help ? t->help : "") == 0))
			return true;
	}
	return false;
}

static int by_kind_then_text(const void *a, const void *b)
{
	const struct cli_token *x = *(const struct cli_token *const *)a;
	const struct cli_token *y = *(const struct cli_token *const *)b;
	bool kx = x->kind == CLI_TOK_KEYWORD, ky = y->kind == CLI_TOK_KEYWORD;

	/* IOS lists values (A.B.C.D, <1-99>, WORD) before keywords */
	if (kx != ky)
		return kx ? 1 : -1;
	return kx ? strcasecmp(x->text, y->text) : 0;
}

/* Could the word being typed still become a value of this token? (While
 * "4" is typed, a <4096-65535> is still possible.) */
static bool may_become(const struct cli_token *t, const char *w, size_t len)
{
	size_t i;

	switch (t->kind) {
	case CLI_TOK_KEYWORD:
		return cli_token_score(t, w, len) != CLI_SCORE_NONE;
	case CLI_TOK_RANGE:
		for (i = 0; i < len && isdigit((unsigned char)w[i]); i++)
			;
		return i == len && len <= 20;
	case CLI_TOK_IPV4:
		for (i = 0; i < len && (isdigit((unsigned char)w[i]) || w[i] == '.'); i++)
			;
		return i == len && len <= 15;
	default:
		return true;
	}
}

static void collect(const struct cli_tree *tree, int mode, const struct cli_paths *live,
		    const struct line_state *ls, struct choice_list *c)
{
	for (size_t i = 0; i < live->n; i++) {
		const struct cli_path *p = &live->v[i];
		struct cli_token *const *v = p->n ? p->tok[p->n - 1]->next : tree->roots[mode];
		size_t n = p->n ? p->tok[p->n - 1]->n_next : tree->n_roots[mode];

		if (p->line_done || (p->n && p->tok[p->n - 1]->is_end))
			c->can_end = true;
		if (p->line_done)
			continue;
		for (size_t j = 0; j < n && c->n < 256; j++) {
			const struct cli_token *t = v[j];

			if (!cli_token_visible(t, mode) || (t->cmd->decl->flags & CLI_CMD_HIDDEN))
				continue;
			if (ls->partial && !may_become(t, ls->partial, ls->partial_len))
				continue;
			if (!listed(c, t))
				c->v[c->n++] = t;
		}
	}
	/* stable sort: values in declaration order, then keywords A-Z */
	for (size_t i = 1; i < c->n; i++)
		for (size_t j = i; j > 0 && by_kind_then_text(&c->v[j - 1], &c->v[j]) > 0; j--) {
			const struct cli_token *t = c->v[j];

			c->v[j] = c->v[j - 1];
			c->v[j - 1] = t;
		}
}

/* A "do LINE"-like command continues in exec mode: the line after it is
 * described there. Returns the column where that line starts, or 0. */
static size_t nested_exec_column(const struct cli_paths *live, const struct line_state *ls)
{
	for (size_t i = 0; i < live->n; i++) {
		const struct cli_path *p = &live->v[i];

		if (p->line_done && (p->tok[0]->cmd->decl->flags & CLI_CMD_NESTED_EXEC))
			return ls->words[p->n - 1].offset;
	}
	return 0;
}

static bool nested_exec_next(const struct choice_list *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i]->kind == CLI_TOK_LINE && (c->v[i]->cmd->decl->flags & CLI_CMD_NESTED_EXEC))
			return true;
	return false;
}

/* Matches the words before the cursor; false (after reporting, if asked)
 * when they are already wrong. */
static bool match_prefix(struct cli_session *s, const char *line, struct line_state *ls,
			 struct cli_paths *live, bool report)
{
	struct cli_match m;

	if (!split_line(line, ls))
		return false;
	if (cli_match_words(s->tree, cli_session_current_mode(s), ls->words, ls->n_prev, live, &m))
		return true;
	if (report)
		cli_session_report(s, &m, line);
	return false;
}

static void print_keywords(struct cli_session *s, const struct choice_list *c)
{
	size_t col = 0;

	for (size_t i = 0; i < c->n; i++) {
		size_t w = strlen(c->v[i]->text) + 2;

		if (col && col + w > CLI_DESCRIBE_WIDTH) {
			cli_out(s, "\n");
			col = 0;
		}
		cli_out(s, "%s  ", c->v[i]->text);
		col += w;
	}
	cli_out(s, "\n");
}

static void print_help(struct cli_session *s, const struct choice_list *c)
{
	int width = 0;

	for (size_t i = 0; i < c->n; i++)
		if ((int)strlen(c->v[i]->text) > width)
			width = (int)strlen(c->v[i]->text);
	for (size_t i = 0; i < c->n; i++)
		cli_out(s, "  %-*s  %s\n", width, c->v[i]->text, c->v[i]->help ? c->v[i]->help : "");
	if (c->can_end)
		cli_out(s, "  <cr>\n");
}

static void describe_in(struct cli_session *s, const char *line);

static bool descend(struct cli_session *s, const char *line, size_t column,
		    void (*again)(struct cli_session *, const char *))
{
	bool saved = s->exec_override;
	size_t saved_column = s->column;

	if (saved)
		return false;
	s->exec_override = true;
	s->column += column;
	again(s, line + column);
	s->exec_override = saved;
	s->column = saved_column;
	return true;
}

static void describe_in(struct cli_session *s, const char *line)
{
	struct line_state ls;
	struct cli_paths live = { 0 };
	struct choice_list c = { .n = 0 };
	size_t nested, bar = cli_pipe_find(s, line);

	if (bar) {
		cli_pipe_descend(s, line, bar, describe_in);
		return;
	}
	if (!match_prefix(s, line, &ls, &live, true))
		return;
	nested = nested_exec_column(&live, &ls);
	collect(s->tree, cli_session_current_mode(s), &live, &ls, &c);
	cli_paths_free(&live);
	if (nested && descend(s, line, nested, describe_in))
		return;
	if (nested_exec_next(&c) &&
	    descend(s, line, ls.partial ? ls.words[ls.n_prev].offset : strlen(line), describe_in))
		return;
	if (c.n == 0 && !(c.can_end && !ls.partial)) {
		cli_out(s, "%% Unrecognized command\n");
		return;
	}
	if (ls.partial && c.n && c.v[c.n - 1]->kind == CLI_TOK_KEYWORD) {
		size_t values = 0;

		/* a word being typed that fits a keyword: only keywords, IOS style */
		while (c.v[values]->kind != CLI_TOK_KEYWORD)
			values++;
		memmove(c.v, c.v + values, (c.n - values) * sizeof(c.v[0]));
		c.n -= values;
		print_keywords(s, &c);
		return;
	}
	if (ls.partial)
		c.can_end = false;
	print_help(s, &c);
}

void cli_session_describe(struct cli_session *s, const char *line)
{
	s->typed_line = line;
	s->column = 0;
	describe_in(s, line);
	s->typed_line = NULL;
}

static void complete_in(struct cli_session *s, const char *line)
{
	struct line_state ls;
	struct cli_paths live = { 0 };
	struct choice_list c = { .n = 0 };
	size_t nested, bar = cli_pipe_find(s, line);

	if (bar) {
		cli_pipe_descend(s, line, bar, complete_in);
		return;
	}
	if (!match_prefix(s, line, &ls, &live, false))
		return;
	nested = nested_exec_column(&live, &ls);
	collect(s->tree, cli_session_current_mode(s), &live, &ls, &c);
	cli_paths_free(&live);
	if (nested && descend(s, line, nested, complete_in))
		return;
	if (ls.partial && nested_exec_next(&c) &&
	    descend(s, line, ls.words[ls.n_prev].offset, complete_in))
		return;
	if (!ls.partial)
		return;
	for (size_t i = 0; i < c.n; i++)
		if (c.v[i]->kind == CLI_TOK_KEYWORD)
			cli_out(s, "%s\n", c.v[i]->text);
}

void cli_session_complete(struct cli_session *s, const char *line)
{
	complete_in(s, line);
}
