/* The client side of TAB completion (cli/completion_text.h). */
#include "config.h"

#include "cli/completion_text.h"

#include <string.h>

void cli_completions_collect(void *arg, const char *data, size_t len)
{
	struct cli_completions *c = arg;

	if (c->len + len >= sizeof(c->text))
		return;
	memcpy(c->text + c->len, data, len);
	c->len += len;
	c->text[c->len] = '\0';
}

const char *cli_completions_single(struct cli_completions *c)
{
	char *nl = strchr(c->text, '\n');

	if (nl && nl[1] == '\0') {
		*nl = '\0';
		return c->text;
	}
	for (char *p = c->text; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return NULL;
}

bool cli_inside_quotes(const char *line, size_t len)
{
	bool in = false;

	for (size_t i = 0; i < len; i++)
		if (line[i] == '"')
			in = !in;
	return in;
}
