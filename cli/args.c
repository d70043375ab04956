/* Typed argument parsing and what handlers ask of their arguments. */
#include "config.h"

#include "cli/match.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool cli_parse_number(const char *s, size_t len, unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (!isdigit((unsigned char)s[i]))
			return false;
		d = (unsigned)(s[i] - '0');
		if (v > (~0UL - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* Strict dotted quad: four decimal parts 0-255, nothing else. */
bool cli_parse_ipv4(const char *s, size_t len, struct in_addr *out)
{
	unsigned long parts[4];
	size_t part = 0, i = 0;

	while (part < 4) {
		size_t start = i;

		while (i < len && isdigit((unsigned char)s[i]))
			i++;
		if (i == start || i - start > 3 || !cli_parse_number(s + start, i - start, &parts[part]) ||
		    parts[part] > 255)
			return false;
		part++;
		if (part < 4) {
			if (i >= len || s[i] != '.')
				return false;
			i++;
		}
	}
	if (i != len)
		return false;
	out->s_addr = htonl((uint32_t)(parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]));
	return true;
}

enum cli_score cli_token_score(const struct cli_token *t, const char *word, size_t len)
{
	struct in_addr ip;
	unsigned long num;

	switch (t->kind) {
	case CLI_TOK_KEYWORD:
		if (len > strlen(t->text) || strncasecmp(t->text, word, len) != 0)
			return CLI_SCORE_NONE;
		return len == strlen(t->text) ? CLI_SCORE_EXACT : CLI_SCORE_PARTIAL;
	case CLI_TOK_WORD:
	case CLI_TOK_LINE:
		return CLI_SCORE_VAR;
	case CLI_TOK_IPV4:
		return cli_parse_ipv4(word, len, &ip) ? CLI_SCORE_TYPED : CLI_SCORE_NONE;
	case CLI_TOK_RANGE:
		return cli_parse_number(word, len, &num) && num >= t->lo && num <= t->hi ?
			CLI_SCORE_TYPED : CLI_SCORE_NONE;
	}
	return CLI_SCORE_NONE;
}

void cli_args_clear(struct cli_args *args)
{
	for (size_t i = 0; i < args->n; i++)
		free(args->v[i].value);
	args->n = 0;
}

static const struct cli_arg *find(const struct cli_args *args, const char *name)
{
	if (!args || !name)
		return NULL;
	for (size_t i = 0; i < args->n; i++)
		if (strcmp(args->v[i].name, name) == 0)
			return &args->v[i];
	return NULL;
}

bool cli_arg_has(const struct cli_args *args, const char *name)
{
	return find(args, name) != NULL;
}

const char *cli_arg_str(const struct cli_args *args, const char *name)
{
	const struct cli_arg *a = find(args, name);

	return a ? a->value : NULL;
}

unsigned long cli_arg_num(const struct cli_args *args, const char *name, unsigned long dflt)
{
	const struct cli_arg *a = find(args, name);
	unsigned long v;

	if (!a)
		return dflt;
	if (a->kind == CLI_TOK_RANGE)
		return a->num;
	return cli_parse_number(a->value, strlen(a->value), &v) ? v : dflt;
}

struct in_addr cli_arg_ipv4(const struct cli_args *args, const char *name)
{
	const struct cli_arg *a = find(args, name);
	struct in_addr ip = { 0 };

	if (a && a->kind == CLI_TOK_IPV4)
		return a->ipv4;
	if (a)
		cli_parse_ipv4(a->value, strlen(a->value), &ip);
	return ip;
}

size_t cli_arg_offset(const struct cli_args *args, const char *name)
{
	const struct cli_arg *a = find(args, name);

	return a ? a->offset : 0;
}
