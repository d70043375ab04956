/* Matching words against the token graph of a mode. At each word every
 * live path offers its next tokens; the most specific kind of match wins
 * (exact keyword, then keyword prefix, then typed values, then WORD/LINE),
 * and a prefix of two different keywords is ambiguous, as on IOS. */
#include "config.h"

#include "cli/match.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cli_paths_free(struct cli_paths *paths)
{
	free(paths->v);
	paths->v = NULL;
	paths->n = paths->cap = 0;
}

static bool paths_push(struct cli_paths *ps, const struct cli_path *base,
		       const struct cli_token *t, bool line_done)
{
	struct cli_path *p;

	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].n && ps->v[i].tok[ps->v[i].n - 1] == t &&
		    ps->v[i].line_done == line_done)
			return true;
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 8;
		struct cli_path *v = realloc(ps->v, cap * sizeof(*v));

		if (!v)
			return false;
		ps->v = v;
		ps->cap = cap;
	}
	p = &ps->v[ps->n++];
	*p = *base;
	if (t && !base->line_done)
		p->tok[p->n++] = t;
	p->line_done = line_done;
	return true;
}

bool cli_token_visible(const struct cli_token *t, int mode)
{
	return !(mode == CLI_MODE_USER_EXEC && (t->cmd->decl->flags & CLI_CMD_PRIVILEGED));
}

/* The tokens that may follow a path (the mode's roots for the empty path). */
static void next_tokens(const struct cli_tree *tree, int mode, const struct cli_path *p,
			struct cli_token *const **v, size_t *n)
{
	if (p->line_done) {
		*v = NULL;
		*n = 0;
	} else if (p->n == 0) {
		*v = tree->roots[mode];
		*n = tree->n_roots[mode];
	} else {
		*v = p->tok[p->n - 1]->next;
		*n = p->tok[p->n - 1]->n_next;
	}
}

static enum cli_score best_score(const struct cli_tree *tree, int mode,
				 const struct cli_paths *cur, const struct cli_word *w)
{
	enum cli_score best = CLI_SCORE_NONE;

	for (size_t i = 0; i < cur->n; i++) {
		struct cli_token *const *v;
		size_t n;

		next_tokens(tree, mode, &cur->v[i], &v, &n);
		for (size_t j = 0; j < n; j++) {
			enum cli_score s;

			if (!cli_token_visible(v[j], mode))
				continue;
			s = cli_token_score(v[j], w->start, w->len);
			if (s > best)
				best = s;
		}
	}
	return best;
}

/* Advance every path by one word, keeping the tokens that scored best. */
static bool advance(const struct cli_tree *tree, int mode, const struct cli_paths *cur,
		    const struct cli_word *w, enum cli_score best,
		    struct cli_paths *next, bool *ambiguous)
{
	const char *keyword = NULL;

	for (size_t i = 0; i < cur->n; i++) {
		struct cli_token *const *v;
		size_t n;

		if (cur->v[i].line_done && !paths_push(next, &cur->v[i], NULL, true))
			return false;
		next_tokens(tree, mode, &cur->v[i], &v, &n);
		for (size_t j = 0; j < n; j++) {
			if (!cli_token_visible(v[j], mode) ||
			    cli_token_score(v[j], w->start, w->len) != best || best == CLI_SCORE_NONE)
				continue;
			if (best == CLI_SCORE_PARTIAL) {
				if (keyword && strcasecmp(keyword, v[j]->text) != 0)
					*ambiguous = true;
				keyword = v[j]->text;
			}
			if (!paths_push(next, &cur->v[i], v[j], v[j]->kind == CLI_TOK_LINE))
				return false;
		}
	}
	return true;
}

bool cli_match_words(const struct cli_tree *tree, int mode,
		     const struct cli_word *words, size_t n,
		     struct cli_paths *live, struct cli_match *m)
{
	struct cli_paths cur = { 0 };
	struct cli_path empty = { .n = 0 };

	memset(m, 0, sizeof(*m));
	if (mode < 0 || mode >= CLI_MODE_COUNT || !paths_push(&cur, &empty, NULL, false))
		goto invalid_at_start;
	for (size_t i = 0; i < n; i++) {
		struct cli_paths next = { 0 };
		enum cli_score best = best_score(tree, mode, &cur, &words[i]);
		bool ambiguous = false;

		if (!advance(tree, mode, &cur, &words[i], best, &next, &ambiguous) || next.n == 0) {
			cli_paths_free(&next);
			cli_paths_free(&cur);
			m->status = CLI_MATCH_INVALID;
			m->error_offset = words[i].offset;
			m->depth = i;
			return false;
		}
		cli_paths_free(&cur);
		cur = next;
		if (ambiguous) {
			cli_paths_free(&cur);
			m->status = CLI_MATCH_AMBIGUOUS;
			m->depth = i;
			return false;
		}
	}
	*live = cur;
	m->status = CLI_MATCH_OK;
	m->depth = n;
	return true;

invalid_at_start:
	cli_paths_free(&cur);
	m->status = CLI_MATCH_INVALID;
	m->error_offset = n ? words[0].offset : 0;
	return false;
}

static bool fill_args(const struct cli_path *p, const struct cli_word *words,
		      struct cli_args *args)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct cli_token *t = p->tok[i];
		struct cli_arg *a = &args->v[args->n];
		size_t len = words[i].len;

		*a = (struct cli_arg){ .name = t->name, .kind = t->kind, .offset = words[i].offset };
		if (t->kind == CLI_TOK_KEYWORD) {
			a->value = strdup(t->text);
		} else if (t->kind == CLI_TOK_LINE) {
			len = strlen(words[i].start);
			while (len && (words[i].start[len - 1] == ' ' || words[i].start[len - 1] == '\t' ||
				       words[i].start[len - 1] == '\r' || words[i].start[len - 1] == '\n'))
				len--;
			a->value = strndup(words[i].start, len);
		} else {
			a->value = strndup(words[i].start, len);
		}
		if (!a->value)
			return false;
		if (t->kind == CLI_TOK_RANGE)
			cli_parse_number(a->value, len, &a->num);
		if (t->kind == CLI_TOK_IPV4)
			cli_parse_ipv4(a->value, len, &a->ipv4);
		args->n++;
	}
	return true;
}

void cli_match_line(const struct cli_tree *tree, int mode, const char *line,
		    struct cli_match *m)
{
	struct cli_word words[CLI_MAX_WORDS];
	struct cli_paths live = { 0 };
	size_t n = cli_tokenize(line, words, CLI_MAX_WORDS);

	if (n > CLI_MAX_WORDS) {
		memset(m, 0, sizeof(*m));
		m->status = CLI_MATCH_INVALID;
		m->error_offset = words[CLI_MAX_WORDS - 1].offset;
		m->depth = CLI_MAX_WORDS - 1;
		return;
	}
	if (n == 0) {
		memset(m, 0, sizeof(*m));
		m->status = CLI_MATCH_EMPTY;
		return;
	}
	if (!cli_match_words(tree, mode, words, n, &live, m))
		return;
	m->status = CLI_MATCH_INCOMPLETE;
	for (size_t i = 0; i < live.n; i++) {
		const struct cli_path *p = &live.v[i];

		if (!p->line_done && !p->tok[p->n - 1]->is_end)
			continue;
		m->cmd = p->tok[0]->cmd;
		m->status = CLI_MATCH_OK;
		if (!fill_args(p, words, &m->args)) {
			cli_args_clear(&m->args);
			m->status = CLI_MATCH_INVALID;
			m->error_offset = 0;
		}
		break;
	}
	cli_paths_free(&live);
}
