/* What a session prints: plain output, the text a show handler formats
 * into memory, "% ..." error lines (counted, and prefixed "FILE:LINE: "
 * while a file loads) and the IOS error markers. */
#include "config.h"

#include "cli/session_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_session_write(struct cli_session *s, const char *data, size_t len)
{
	if (s->out && len)
		s->out(s->out_arg, data, len);
}

static __attribute__((format(printf, 3, 0))) void vprint(struct cli_session *s, const char *prefix, const char *fmt, va_list ap)
{
	char *text = NULL;
	int n = vasprintf(&text, fmt, ap);

	if (n < 0)
		return;
	if (prefix)
		cli_session_write(s, prefix, strlen(prefix));
	cli_session_write(s, text, (size_t)n);
	free(text);
}

void cli_out(struct cli_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(s, NULL, fmt, ap);
	va_end(ap);
}

enum cli_result cli_out_printed(struct cli_session *s, cli_print_fn print, void *arg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out) {
		cli_error(s, "%% Out of memory\n");
		return CLI_ERROR;
	}
	print(out, arg);
	fclose(out);
	if (text && len)
		cli_out(s, "%s", text);
	free(text);
	return CLI_OK;
}

/* Error lines always start "% " and end with a newline; while loading a
 * file they also say where. */
void cli_error(struct cli_session *s, const char *fmt, ...)
{
	char where[512] = "";
	char *text = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	s->errors++;
	if (s->loading)
		snprintf(where, sizeof(where), "%s:%lu: ", s->file, s->line_number);
	cli_out(s, "%s%s%s%s", where, text[0] == '%' ? "" : "% ", text,
		n > 0 && text[n - 1] == '\n' ? "" : "\n");
	free(text);
}

size_t cli_session_marker_prefix(struct cli_session *s, char *buf, size_t len)
{
	if (s->loading)
		snprintf(buf, len, "%s:%lu: ", s->file, s->line_number);
	else
		snprintf(buf, len, "%s", cli_session_prompt(s));
	return strlen(buf);
}

static void print_marker(struct cli_session *s, size_t offset)
{
	char prefix[512];
	size_t col = cli_session_marker_prefix(s, prefix, sizeof(prefix)) + s->column + offset;
	const char *typed = s->typed_line ? s->typed_line : "";

	if (s->echo || s->loading)
		cli_out(s, "%s%s\n", prefix, typed);
	cli_out(s, "%*s^\n", (int)col, "");
	cli_error(s, "%% Invalid input detected at '^' marker.");
}

void cli_session_report(struct cli_session *s, const struct cli_match *m, const char *line)
{
	size_t len = strlen(line);

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	switch (m->status) {
	case CLI_MATCH_INVALID:
		print_marker(s, m->error_offset);
		break;
	case CLI_MATCH_INCOMPLETE:
		cli_error(s, "%% Incomplete command.");
		break;
	case CLI_MATCH_AMBIGUOUS:
		cli_error(s, "%% Ambiguous command:  \"%.*s\"", (int)len, line);
		break;
	default:
		break;
	}
}
