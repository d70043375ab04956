/* The interactive shell: libedit with history, `?` bound to immediate help
 * (a `?` inside double quotes is typed as is), TAB completion and Ctrl-Z
 * (end), all answered by the daemon's matcher. */
#include "config.h"

#include "shell/shell.h"
#include "cli/completion_text.h"
#include "cli/session.h"
#include "cli/vty_protocol.h"

#include <histedit.h>
#include <stdlib.h>
#include <string.h>

static struct vty_client *client_of(EditLine *el)
{
	void *c = NULL;

	el_get(el, EL_CLIENTDATA, &c);
	return c;
}

static char *prompt_fn(EditLine *el)
{
	return client_of(el)->prompt;
}

/* The line from its start to the cursor, NUL-terminated. */
static char *text_to_cursor(EditLine *el)
{
	const LineInfo *li = el_line(el);

	return strndup(li->buffer, (size_t)(li->cursor - li->buffer));
}

static unsigned char describe_fn(EditLine *el, int ch)
{
	struct vty_client *c = client_of(el);
	char *text = text_to_cursor(el);
	struct pager pg;

	if (!text)
		return CC_ERROR;
	if (cli_inside_quotes(text, strlen(text))) {
		free(text);
		el_insertstr(el, "?");
		return CC_REFRESH;
	}
	fputs("?\n", stdout);
	pager_start(&pg, c->term_length);
	vty_request(c, VTY_DESCRIBE, 0, false, text, pager_output, &pg);
	free(text);
	return CC_REDISPLAY;
}

/* TAB: one candidate replaces the partial word; several are listed. */
static unsigned char complete_fn(EditLine *el, int ch)
{
	struct cli_completions col = { .len = 0 };
	char *text = text_to_cursor(el);
	const char *single;
	size_t partial = 0;

	if (!text)
		return CC_ERROR;
	vty_request(client_of(el), VTY_COMPLETE, 0, false, text, cli_completions_collect, &col);
	for (size_t len = strlen(text); len && text[len - 1] != ' '; len--)
		partial++;
	free(text);
	if (col.len == 0)
		return CC_ERROR;
	single = cli_completions_single(&col);
	if (single) {
		el_deletestr(el, (int)partial);
		el_insertstr(el, single);
		el_insertstr(el, " ");
		return CC_REFRESH;
	}
	fputs("\n", stdout);
	printf("%s\n", col.text);
	return CC_REDISPLAY;
}

/* Ctrl-Z: the line typed so far is dropped and "end" runs instead. */
static bool ctrl_z;

static unsigned char end_fn(EditLine *el, int ch)
{
	ctrl_z = true;
	fputs("^Z\n", stdout);
	return CC_NEWLINE;
}

/* Ctrl-C: drop the line being typed. */
static unsigned char cancel_fn(EditLine *el, int ch)
{
	const LineInfo *li = el_line(el);

	el_cursor(el, (int)(li->lastchar - li->cursor));
	el_deletestr(el, (int)(li->lastchar - li->buffer));
	fputs("^C\n", stdout);
	return CC_REDISPLAY;
}

static EditLine *setup(struct vty_client *c, History *hist)
{
	EditLine *el = el_init("getvpnsh", stdin, stdout, stderr);

	if (!el)
		return NULL;
	el_set(el, EL_CLIENTDATA, c);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_PROMPT, prompt_fn);
	el_set(el, EL_HIST, history, hist);
	el_set(el, EL_SETTY, "-d", "-isig", NULL);
	el_set(el, EL_ADDFN, "gv-describe", "IOS help for the line so far", describe_fn);
	el_set(el, EL_ADDFN, "gv-complete", "Complete the keyword", complete_fn);
	el_set(el, EL_ADDFN, "gv-end", "Leave configuration mode", end_fn);
	el_set(el, EL_ADDFN, "gv-cancel", "Drop the line", cancel_fn);
	el_set(el, EL_BIND, "?", "gv-describe", NULL);
	el_set(el, EL_BIND, "^I", "gv-complete", NULL);
	el_set(el, EL_BIND, "^Z", "gv-end", NULL);
	el_set(el, EL_BIND, "^C", "gv-cancel", NULL);
	return el;
}

/* [confirm]: Enter or y goes ahead. */
static bool confirmed(void)
{
	char answer[16];

	fflush(stdout);
	if (!fgets(answer, sizeof(answer), stdin))
		return false;
	return answer[0] == '\n' || answer[0] == 'y' || answer[0] == 'Y';
}

static int execute(struct vty_client *c, const char *line)
{
	struct pager pg;
	int st;

	pager_start(&pg, c->term_length);
	st = vty_request(c, VTY_EXECUTE, 0, true, line, pager_output, &pg);
	if (st == CLI_STATUS_CONFIRM && confirmed()) {
		pager_start(&pg, c->term_length);
		st = vty_request(c, VTY_EXECUTE, VTY_EXEC_CONFIRMED, true, line, pager_output, &pg);
	}
	return st;
}

int shell_interactive(struct vty_client *c, const char *socket_path)
{
	History *hist = history_init();
	HistEvent ev;
	EditLine *el;
	int rc = SHELL_EXIT_OK;

	if (!hist || vty_request(c, VTY_HELLO, VTY_HELLO_PRIVILEGED | VTY_HELLO_INTERACTIVE, true,
				 NULL, NULL, NULL) < 0) {
		fprintf(stderr, "getvpnsh: getvpnd at %s did not answer\n", socket_path);
		if (hist)
			history_end(hist);
		return SHELL_EXIT_NO_DAEMON;
	}
	history(hist, &ev, H_SETSIZE, 200);
	el = setup(c, hist);
	for (;;) {
		int count = 0, st;
		const char *got = el ? el_gets(el, &count) : NULL;
		char *line;

		/* Ctrl-Z ends the read with whatever was typed: run "end",
		 * in configuration modes only (the prompt says which) */
		if (!ctrl_z && (!got || count <= 0))
			break;
		if (ctrl_z && !strchr(c->prompt, '(')) {
			ctrl_z = false;
			continue;
		}
		line = strdup(ctrl_z ? "end" : got);
		ctrl_z = false;
		if (!line)
			break;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")])
			history(hist, &ev, H_ENTER, line);
		st = execute(c, line);
		free(line);
		if (st < 0) {
			fprintf(stderr, "getvpnsh: connection to getvpnd at %s lost\n", socket_path);
			rc = SHELL_EXIT_NO_DAEMON;
			break;
		}
		if (st == CLI_STATUS_CLOSE)
			break;
	}
	if (el)
		el_end(el);
	history_end(hist);
	return rc;
}
