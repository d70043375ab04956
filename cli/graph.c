/* The command tree: compiled commands, the first tokens of each mode, and
 * the configuration writers in IOS order. */
#include "config.h"

#include "cli/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_token_add_next(struct cli_token *from, struct cli_token *to)
{
	for (size_t i = 0; i < from->n_next; i++)
		if (from->next[i] == to)
			return 0;
	if (from->n_next == from->cap_next) {
		size_t cap = from->cap_next ? from->cap_next * 2 : 4;
		struct cli_token **v = realloc(from->next, cap * sizeof(*v));

		if (!v)
			return -1;
		from->next = v;
		from->cap_next = cap;
	}
	from->next[from->n_next++] = to;
	return 0;
}

bool cli_mode_is_config(int mode)
{
	return mode >= CLI_MODE_CONFIG && mode < CLI_MODE_COUNT;
}

struct cli_tree *cli_tree_new(void)
{
	struct cli_tree *tree = calloc(1, sizeof(*tree));

	if (tree)
		snprintf(tree->hostname, sizeof(tree->hostname), "Router");
	return tree;
}

void cli_tree_free(struct cli_tree *tree)
{
	if (!tree)
		return;
	for (size_t i = 0; i < tree->n_cmds; i++)
		cli_cmd_free(tree->cmds[i]);
	free(tree->cmds);
	for (int m = 0; m < CLI_MODE_COUNT; m++)
		free(tree->roots[m]);
	free(tree->writers);
	cli_pipe_tree_free(tree);
	free(tree);
}

static int add_root(struct cli_tree *tree, int mode, struct cli_token *t)
{
	if (tree->n_roots[mode] == tree->cap_roots[mode]) {
		size_t cap = tree->cap_roots[mode] ? tree->cap_roots[mode] * 2 : 16;
		struct cli_token **v = realloc(tree->roots[mode], cap * sizeof(*v));

		if (!v)
			return -1;
		tree->roots[mode] = v;
		tree->cap_roots[mode] = cap;
	}
	tree->roots[mode][tree->n_roots[mode]++] = t;
	return 0;
}

static bool cmd_lives_in(const struct cli_command *decl, int mode)
{
	if (decl->mode == CLI_MODE_ANY_CONFIG)
		return cli_mode_is_config(mode);
	if (decl->mode == CLI_MODE_ANY_EXEC || decl->mode == CLI_MODE_USER_EXEC)
		return mode == CLI_MODE_USER_EXEC || mode == CLI_MODE_PRIV_EXEC;
	return decl->mode == mode;
}

static int add_cmd(struct cli_tree *tree, struct cli_cmd *cmd)
{
	if (tree->n_cmds == tree->cap_cmds) {
		size_t cap = tree->cap_cmds ? tree->cap_cmds * 2 : 32;
		struct cli_cmd **v = realloc(tree->cmds, cap * sizeof(*v));

		if (!v)
			return -1;
		tree->cmds = v;
		tree->cap_cmds = cap;
	}
	tree->cmds[tree->n_cmds++] = cmd;
	for (int m = 0; m < CLI_MODE_COUNT; m++) {
		if (!cmd_lives_in(cmd->decl, m))
			continue;
		for (size_t i = 0; i < cmd->n_first; i++)
			if (add_root(tree, m, cmd->first[i]) < 0)
				return -1;
	}
	return 0;
}

int cli_tree_register(struct cli_tree *tree, const struct cli_command *table, void *ctx)
{
	char err[160];

	for (const struct cli_command *c = table; c->spec; c++) {
		struct cli_cmd *cmd;

		if (c->mode < 0 || c->mode > CLI_MODE_ANY_EXEC || !c->handler) {
			fprintf(stderr, "cli: \"%s\": bad mode or no handler\n", c->spec);
			return -1;
		}
		cmd = cli_cmd_compile(c, ctx, err, sizeof(err));
		if (!cmd) {
			fprintf(stderr, "cli: \"%s\": %s\n", c->spec, err);
			return -1;
		}
		if (add_cmd(tree, cmd) < 0) {
			cli_cmd_free(cmd);
			fprintf(stderr, "cli: out of memory\n");
			return -1;
		}
	}
	return 0;
}

void cli_tree_register_writer(struct cli_tree *tree, int order,
			      cli_config_writer_fn writer, void *ctx)
{
	struct cli_writer *v = realloc(tree->writers, (tree->n_writers + 1) * sizeof(*v));
	size_t at;

	if (!v) {
		fprintf(stderr, "cli: out of memory registering a writer\n");
		return;
	}
	tree->writers = v;
	/* stable insertion: equal orders keep registration order */
	at = tree->n_writers;
	while (at > 0 && v[at - 1].order > order) {
		v[at] = v[at - 1];
		at--;
	}
	v[at] = (struct cli_writer){ .order = order, .fn = writer, .ctx = ctx };
	tree->n_writers++;
}
