/* Spec strings ("crypto isakmp policy <1-10000>$priority") compiled into a
 * graph of token nodes. Each part of the spec yields a fragment: the nodes
 * that can start it, the nodes that can end it, and whether it may be
 * skipped entirely; sequences link ends to starts. */
#include "config.h"

#include "cli/graph.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node_set {
	struct cli_token *v[CLI_MAX_SPEC_TOKENS];
	size_t n;
};

struct fragment {
	struct node_set entry, exit;
	bool nullable;
};

struct spec_parser {
	const char *p;
	struct cli_cmd *cmd;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct spec_parser *sp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct spec_parser *sp, const char *fmt, ...)
{
	va_list ap;

	if (sp->failed)
		return;
	sp->failed = true;
	va_start(ap, fmt);
	vsnprintf(sp->err, sp->errlen, fmt, ap);
	va_end(ap);
}

static void set_add(struct node_set *s, struct cli_token *t)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == t)
			return;
	if (s->n < CLI_MAX_SPEC_TOKENS)
		s->v[s->n++] = t;
}

static void set_union(struct node_set *dst, const struct node_set *src)
{
	for (size_t i = 0; i < src->n; i++)
		set_add(dst, src->v[i]);
}

static bool is_spec_delim(char c)
{
	return c == '\0' || isspace((unsigned char)c) || strchr("()[]{}|$", c) != NULL;
}

static bool parse_range(const char *text, unsigned long *lo, unsigned long *hi)
{
	char *end;

	if (text[0] != '<' || !isdigit((unsigned char)text[1]))
		return false;
	errno = 0;
	*lo = strtoul(text + 1, &end, 10);
	if (errno || *end != '-' || !isdigit((unsigned char)end[1]))
		return false;
	*hi = strtoul(end + 1, &end, 10);
	return errno == 0 && strcmp(end, ">") == 0 && *lo <= *hi;
}

static struct cli_token *new_token(struct spec_parser *sp, const char *text, size_t len)
{
	struct cli_token *t;

	if (sp->cmd->n_nodes >= CLI_MAX_SPEC_TOKENS) {
		fail(sp, "too many tokens");
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t || !(t->text = strndup(text, len))) {
		free(t);
		fail(sp, "out of memory");
		return NULL;
	}
	t->cmd = sp->cmd;
	sp->cmd->nodes[sp->cmd->n_nodes++] = t;
	if (strcmp(t->text, "WORD") == 0)
		t->kind = CLI_TOK_WORD;
	else if (strcmp(t->text, "LINE") == 0)
		t->kind = CLI_TOK_LINE;
	else if (strcmp(t->text, "A.B.C.D") == 0)
		t->kind = CLI_TOK_IPV4;
	else if (t->text[0] == '<') {
		t->kind = CLI_TOK_RANGE;
		if (!parse_range(t->text, &t->lo, &t->hi))
			fail(sp, "bad range \"%s\"", t->text);
	} else {
		t->kind = CLI_TOK_KEYWORD;
		for (const char *c = t->text; *c; c++)
			if (!isgraph((unsigned char)*c))
				fail(sp, "bad keyword \"%s\"", t->text);
	}
	return t;
}

/* "$name" after a token or group names every node created since first. */
static void parse_name(struct spec_parser *sp, size_t first)
{
	const char *start;
	char *name;

	if (*sp->p != '$')
		return;
	start = ++sp->p;
	while (isalnum((unsigned char)*sp->p) || *sp->p == '_' || *sp->p == '-')
		sp->p++;
	if (sp->p == start) {
		fail(sp, "empty $name");
		return;
	}
	for (size_t i = first; i < sp->cmd->n_nodes; i++) {
		struct cli_token *t = sp->cmd->nodes[i];

		if (t->name)
			continue;
		name = strndup(start, (size_t)(sp->p - start));
		if (!name) {
			fail(sp, "out of memory");
			return;
		}
		t->name = name;
	}
}

static struct fragment parse_alternatives(struct spec_parser *sp, char close);

static struct fragment parse_element(struct spec_parser *sp)
{
	struct fragment f = { .nullable = false };
	size_t first = sp->cmd->n_nodes;
	char c = *sp->p;

	if (c == '(' || c == '{' || c == '[') {
		char close = c == '(' ? ')' : c == '{' ? '}' : ']';

		sp->p++;
		f = parse_alternatives(sp, close);
		if (c == '[')
			f.nullable = true;
	} else {
		const char *start = sp->p;
		struct cli_token *t;

		while (!is_spec_delim(*sp->p))
			sp->p++;
		if (sp->p == start) {
			fail(sp, "unexpected '%c'", *sp->p);
			return f;
		}
		t = new_token(sp, start, (size_t)(sp->p - start));
		if (!t)
			return f;
		set_add(&f.entry, t);
		set_add(&f.exit, t);
	}
	parse_name(sp, first);
	return f;
}

static void link_sets(struct spec_parser *sp, const struct node_set *from,
		      const struct node_set *to)
{
	for (size_t i = 0; i < from->n; i++)
		for (size_t j = 0; j < to->n; j++)
			if (cli_token_add_next(from->v[i], to->v[j]) < 0)
				fail(sp, "out of memory");
}

static struct fragment parse_sequence(struct spec_parser *sp)
{
	struct fragment seq = { .nullable = true };

	for (;;) {
		struct fragment e;
		struct node_set exits;

		while (isspace((unsigned char)*sp->p))
			sp->p++;
		if (*sp->p == '\0' || strchr(")}]|", *sp->p) || sp->failed)
			break;
		e = parse_element(sp);
		link_sets(sp, &seq.exit, &e.entry);
		if (seq.nullable)
			set_union(&seq.entry, &e.entry);
		exits = e.exit;
		if (e.nullable)
			set_union(&exits, &seq.exit);
		seq.exit = exits;
		seq.nullable = seq.nullable && e.nullable;
	}
	return seq;
}

static struct fragment parse_alternatives(struct spec_parser *sp, char close)
{
	struct fragment all = parse_sequence(sp);

	while (*sp->p == '|' && !sp->failed) {
		struct fragment alt;

		sp->p++;
		alt = parse_sequence(sp);
		set_union(&all.entry, &alt.entry);
		set_union(&all.exit, &alt.exit);
		all.nullable = all.nullable || alt.nullable;
	}
	if (*sp->p != close)
		fail(sp, "expected '%c'", close);
	else
		sp->p++;
	return all;
}

/* A variable named like a keyword of the same command would make the
 * handler read the keyword's presence instead of the value. */
static void check_name_clashes(struct spec_parser *sp)
{
	for (size_t i = 0; i < sp->cmd->n_nodes; i++) {
		const struct cli_token *var = sp->cmd->nodes[i];

		if (var->kind == CLI_TOK_KEYWORD || !var->name)
			continue;
		for (size_t j = 0; j < sp->cmd->n_nodes; j++) {
			const struct cli_token *kw = sp->cmd->nodes[j];

			/* a keyword inside a named choice shares the choice's name: fine */
			if (kw->kind == CLI_TOK_KEYWORD && !strcmp(kw->name, kw->text) &&
			    !strcmp(kw->name, var->name))
				fail(sp, "$%s names both a variable and the keyword %s", var->name, kw->text);
		}
	}
}

/* Every variable must be named; LINE must end the command. */
static void check_nodes(struct spec_parser *sp)
{
	for (size_t i = 0; i < sp->cmd->n_nodes; i++) {
		struct cli_token *t = sp->cmd->nodes[i];

		if (t->kind != CLI_TOK_KEYWORD && !t->name)
			fail(sp, "variable %s has no $name", t->text);
		if (t->kind == CLI_TOK_LINE && t->n_next)
			fail(sp, "LINE must be the last token");
		if (t->kind == CLI_TOK_KEYWORD && !t->name && !(t->name = strdup(t->text)))
			fail(sp, "out of memory");
	}
	check_name_clashes(sp);
}

static size_t count_help(const char *const *help)
{
	size_t n = 0;

	while (help && help[n])
		n++;
	return n;
}

struct cli_cmd *cli_cmd_compile(const struct cli_command *decl, void *ctx,
				char *err, size_t errlen)
{
	struct spec_parser sp = { .p = decl->spec, .err = err, .errlen = errlen };
	struct fragment whole;
	size_t n_help;

	sp.cmd = calloc(1, sizeof(*sp.cmd));
	if (!sp.cmd) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	sp.cmd->decl = decl;
	sp.cmd->ctx = ctx;
	whole = parse_sequence(&sp);
	if (*sp.p != '\0')
		fail(&sp, "unbalanced '%c'", *sp.p);
	if (whole.nullable || whole.entry.n == 0)
		fail(&sp, "a command needs at least one mandatory token");
	check_nodes(&sp);
	n_help = count_help(decl->help);
	if (n_help != sp.cmd->n_nodes)
		fail(&sp, "%zu help strings for %zu tokens", n_help, sp.cmd->n_nodes);
	if (sp.failed) {
		cli_cmd_free(sp.cmd);
		return NULL;
	}
	for (size_t i = 0; i < sp.cmd->n_nodes; i++)
		sp.cmd->nodes[i]->help = decl->help[i];
	for (size_t i = 0; i < whole.exit.n; i++)
		whole.exit.v[i]->is_end = true;
	memcpy(sp.cmd->first, whole.entry.v, whole.entry.n * sizeof(whole.entry.v[0]));
	sp.cmd->n_first = whole.entry.n;
	return sp.cmd;
}

void cli_cmd_free(struct cli_cmd *cmd)
{
	if (!cmd)
		return;
	for (size_t i = 0; i < cmd->n_nodes; i++) {
		free(cmd->nodes[i]->text);
		free(cmd->nodes[i]->name);
		free(cmd->nodes[i]->next);
		free(cmd->nodes[i]);
	}
	free(cmd);
}
