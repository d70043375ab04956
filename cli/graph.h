/* The compiled command tree: each declared command becomes a small graph
 * of token nodes (optional parts and choices are branches), and each mode
 * keeps the list of first tokens of the commands it offers. Internal to
 * cli/; areas declare commands through cli/command.h only. */
#ifndef GETVPND_CLI_GRAPH_H
#define GETVPND_CLI_GRAPH_H

#include "cli/command.h"

#include <stddef.h>

#define CLI_MAX_SPEC_TOKENS 64
#define CLI_MAX_WORDS 64
#define CLI_MAX_LINE 4096

enum cli_token_kind {
	CLI_TOK_KEYWORD,
	CLI_TOK_WORD,
	CLI_TOK_LINE,
	CLI_TOK_IPV4,
	CLI_TOK_RANGE,
};

struct cli_cmd;

struct cli_token {
	enum cli_token_kind kind;
	char *text;                 /* keyword, or the spec text ("WORD", "<1-10>") */
	char *name;                 /* $name (keywords default to their own text) */
	const char *help;
	unsigned long lo, hi;       /* CLI_TOK_RANGE */
	bool is_end;                /* the command may end after this token */
	struct cli_token **next;
	size_t n_next, cap_next;
	const struct cli_cmd *cmd;  /* the command this node belongs to */
};

struct cli_cmd {
	const struct cli_command *decl;
	void *ctx;
	struct cli_token *nodes[CLI_MAX_SPEC_TOKENS];
	size_t n_nodes;
	struct cli_token *first[CLI_MAX_SPEC_TOKENS];
	size_t n_first;
};

struct cli_writer {
	int order;
	cli_config_writer_fn fn;
	void *ctx;
};

struct cli_tree {
	struct cli_cmd **cmds;
	size_t n_cmds, cap_cmds;
	/* first tokens offered in each mode, in registration order */
	struct cli_token **roots[CLI_MODE_COUNT];
	size_t n_roots[CLI_MODE_COUNT], cap_roots[CLI_MODE_COUNT];
	struct cli_writer *writers;
	size_t n_writers;
	char hostname[64];
	struct cli_tree *pipe_tree;     /* "| include ..." (cli/pipe.c), built on use */
};

/* spec_parse.c: compile one declaration; NULL and a message in err on error. */
struct cli_cmd *cli_cmd_compile(const struct cli_command *decl, void *ctx,
				char *err, size_t errlen);
void cli_cmd_free(struct cli_cmd *cmd);

/* pipe.c */
void cli_pipe_tree_free(struct cli_tree *tree);

/* graph.c */
int cli_token_add_next(struct cli_token *from, struct cli_token *to);
bool cli_mode_is_config(int mode);

#endif
