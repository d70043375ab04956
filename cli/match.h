/* The matcher: one line of words against the tokens a mode offers. Used
 * alike by execution, `?` help and TAB completion. Internal to cli/. */
#ifndef GETVPND_CLI_MATCH_H
#define GETVPND_CLI_MATCH_H

#include "cli/graph.h"

#include <netinet/in.h>

struct cli_word {
	const char *start;
	size_t len;
	size_t offset;      /* column in the line */
};

/* Splits a line into words (a double-quoted part does not split). Returns
 * the count, or CLI_MAX_WORDS + 1 when there are more words than that. */
size_t cli_tokenize(const char *line, struct cli_word *words, size_t max);

struct cli_arg {
	const char *name;
	enum cli_token_kind kind;
	char *value;        /* keyword: the full keyword; LINE: the rest of the line */
	unsigned long num;
	struct in_addr ipv4;
	size_t offset;      /* column of the value in the line */
};

struct cli_args {
	struct cli_arg v[CLI_MAX_WORDS];
	size_t n;
};

void cli_args_clear(struct cli_args *args);
size_t cli_arg_offset(const struct cli_args *args, const char *name);

enum cli_match_status {
	CLI_MATCH_OK,
	CLI_MATCH_EMPTY,
	CLI_MATCH_INVALID,
	CLI_MATCH_INCOMPLETE,
	CLI_MATCH_AMBIGUOUS,
};

struct cli_path {
	const struct cli_token *tok[CLI_MAX_WORDS];   /* one per matched word */
	size_t n;
	bool line_done;     /* a LINE token took the rest of the words */
};

struct cli_paths {
	struct cli_path *v;
	size_t n, cap;
};

void cli_paths_free(struct cli_paths *paths);

struct cli_match {
	enum cli_match_status status;
	size_t error_offset;    /* INVALID: column of the first bad character */
	size_t depth;           /* words matched before the error */
	const struct cli_cmd *cmd;
	struct cli_args args;
};

/* Does this token accept this word? (0 = no; higher = more specific) */
enum cli_score { CLI_SCORE_NONE, CLI_SCORE_VAR, CLI_SCORE_TYPED, CLI_SCORE_PARTIAL, CLI_SCORE_EXACT };
enum cli_score cli_token_score(const struct cli_token *t, const char *word, size_t len);
bool cli_parse_ipv4(const char *s, size_t len, struct in_addr *out);
bool cli_parse_number(const char *s, size_t len, unsigned long *out);

/* Tokens offered in a mode, with the privilege of that mode applied. */
bool cli_token_visible(const struct cli_token *t, int mode);

/* Matches words[0..n) in mode; on success live holds every path still
 * possible. On failure m->status and m->error_offset say why. */
bool cli_match_words(const struct cli_tree *tree, int mode,
		     const struct cli_word *words, size_t n,
		     struct cli_paths *live, struct cli_match *m);

/* Whole line: m->cmd and m->args on CLI_MATCH_OK (caller clears args). */
void cli_match_line(const struct cli_tree *tree, int mode, const char *line,
		    struct cli_match *m);

#endif
