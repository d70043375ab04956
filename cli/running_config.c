/* The running configuration as IOS prints it: a "!" line, each writer's
 * block followed by "!", then "end". The hostname lives with the tree. */
#include "config.h"

#include "cli/graph.h"
#include "cli/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cli_tree_hostname(const struct cli_tree *tree)
{
	return tree->hostname;
}

void cli_tree_set_hostname(struct cli_tree *tree, const char *name)
{
	snprintf(tree->hostname, sizeof(tree->hostname), "%s", name);
}

static bool append_block(FILE *out, const struct cli_writer *w)
{
	char *block = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&block, &len);

	if (!mem)
		return false;
	w->fn(mem, w->ctx);
	if (fclose(mem) != 0) {
		free(block);
		return false;
	}
	if (len) {
		fwrite(block, 1, len, out);
		if (block[len - 1] != '\n')
			fputc('\n', out);
		fputs("!\n", out);
	}
	free(block);
	return true;
}

char *cli_tree_render_config(const struct cli_tree *tree, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	bool ok = true;

	if (!out)
		return NULL;
	fputs("!\n", out);
	for (size_t i = 0; i < tree->n_writers && ok; i++)
		ok = append_block(out, &tree->writers[i]);
	fputs("end\n", out);
	if (fclose(out) != 0 || !ok) {
		free(text);
		return NULL;
	}
	return text;
}
