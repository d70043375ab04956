/* Loading a startup-config: each line runs as if typed in config mode.
 * Leading spaces are ignored (sub-mode blocks are indented), "!" and empty
 * lines are skipped, "end" ends the file. A failed line is reported with
 * its file and line number and the rest still applies. */
#include "config.h"

#include "cli/builtins.h"
#include "cli/graph.h"
#include "cli/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void to_file(void *arg, const char *data, size_t len)
{
	fwrite(data, 1, len, arg);
}

static char *trim(char *line)
{
	size_t len;

	while (*line == ' ' || *line == '\t')
		line++;
	len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
		       line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	return line;
}

long cli_config_load(struct cli_tree *tree, void *app, const char *path,
		     bool check_only, FILE *errors)
{
	FILE *in = fopen(path, "r");
	struct cli_session *s;
	char *buf = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	long failed = 0;

	if (!in)
		return -1;
	s = cli_session_new(tree, app, to_file, errors);
	if (!s) {
		fclose(in);
		errno = ENOMEM;
		return -1;
	}
	cli_session_set_loading(s, path, check_only);
	while (getline(&buf, &cap, in) > 0) {
		char *line = trim(buf);

		cli_session_set_line_number(s, ++lineno);
		if (line[0] == '\0' || line[0] == '!')
			continue;
		if (strcmp(line, "end") == 0)
			break;
		if (strlen(line) > CLI_MAX_LINE) {
			fprintf(errors, "%s:%lu: %% Line too long\n", path, lineno);
			failed++;
			continue;
		}
		if (cli_session_execute(s, line) != CLI_STATUS_OK)
			failed++;
		if (!cli_mode_is_config(cli_session_mode(s)))
			break;
	}
	free(buf);
	fclose(in);
	cli_session_free(s);
	return failed;
}
