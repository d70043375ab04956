/* The console: the terminal in raw mode, a small line editor driven by the
 * event loop, and the same session calls the vty uses. Keys: printable
 * characters, Backspace/DEL, Ctrl-U (kill line), Ctrl-C (drop the line),
 * Ctrl-Z (end), `?` (help, outside double quotes), TAB (complete), Enter. */
#include "config.h"

#include "daemon/console.h"
#include "cli/completion_text.h"
#include "cli/session.h"
#include "cli/vty_protocol.h"

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct console {
	struct event *ev;
	struct cli_tree *tree;
	void *app;
	struct cli_session *session;
	struct termios saved;
	bool raw;
	char line[VTY_MAX_LINE + 1];
	size_t len;
	/* paging: lines printed since the last key, output held back */
	unsigned lines;
	char *held;
	size_t held_len;
	bool more, discard;
};

static void term_write(const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, data, len);

		if (n <= 0)
			return;
		data += n;
		len -= (size_t)n;
	}
}

static void term_puts(const char *s)
{
	term_write(s, strlen(s));
}

static void show_more(struct console *con)
{
	con->more = true;
	term_puts(" --More-- ");
}

static void hold(struct console *con, const char *data, size_t len)
{
	char *h = realloc(con->held, con->held_len + len);

	if (!h)
		return;
	memcpy(h + con->held_len, data, len);
	con->held = h;
	con->held_len += len;
}

/* Prints output a page at a time (terminal length 0: no paging); what
 * comes after a full page waits for a key at --More--. */
static void console_output(void *arg, const char *data, size_t len)
{
	struct console *con = arg;
	unsigned page = cli_session_terminal_length(con->session);
	size_t start = 0;

	if (con->discard)
		return;
	if (con->more) {
		hold(con, data, len);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (page > 1 && con->lines >= page - 1) {
			term_write(data + start, i - start);
			show_more(con);
			hold(con, data + i, len - i);
			return;
		}
		if (data[i] != '\n')
			continue;
		term_write(data + start, i - start);
		term_puts("\r\n");
		start = i + 1;
		con->lines++;
	}
	term_write(data + start, len - start);
}

static void prompt(struct console *con)
{
	term_puts(cli_session_prompt(con->session));
	term_write(con->line, con->len);
}

static void new_session(struct console *con)
{
	cli_session_free(con->session);
	con->session = cli_session_new(con->tree, con->app, console_output, con);
	cli_session_set_interactive(con->session, true);
}

static void run_line(struct console *con)
{
	enum cli_status st;

	term_puts("\r\n");
	con->line[con->len] = '\0';
	con->lines = 0;
	con->discard = false;
	st = cli_session_execute(con->session, con->line);
	if (st == CLI_STATUS_CONFIRM) {
		/* a console answers at once: Enter or y confirms */
		char c = 0;

		if (read(STDIN_FILENO, &c, 1) == 1 && (c == '\r' || c == '\n' || c == 'y' || c == 'Y')) {
			term_puts("\r\n");
			cli_session_execute_confirmed(con->session, con->line);
		} else {
			term_puts("\r\n");
		}
	}
	if (cli_session_closed(con->session)) {
		term_puts("\r\ncon0 is now available\r\n\r\nPress RETURN to get started.\r\n\r\n");
		new_session(con);
	}
	con->len = 0;
	if (!con->more)
		prompt(con);
}

static void describe(struct console *con)
{
	con->line[con->len] = '\0';
	term_puts("?\r\n");
	con->lines = 0;
	cli_session_describe(con->session, con->line);
	if (!con->more)
		prompt(con);
}

static void complete(struct console *con);

static void page_key(struct console *con, char c)
{
	char *held = con->held;
	size_t len = con->held_len;
	unsigned page = cli_session_terminal_length(con->session);

	con->held = NULL;
	con->held_len = 0;
	con->more = false;
	term_puts("\r          \r");
	if (c == ' ')
		con->lines = 0;
	else if (c == '\r' || c == '\n')
		con->lines = page > 1 ? page - 2 : 0;
	else
		con->discard = true;
	if (!con->discard && held)
		console_output(con, held, len);
	free(held);
	con->discard = false;
	if (!con->more)
		prompt(con);
}

static void key(struct console *con, char c)
{
	if (con->more) {
		page_key(con, c);
		return;
	}
	switch (c) {
	case '\r':
	case '\n':
		run_line(con);
		return;
	case 0x7f:
	case 0x08:
		if (con->len) {
			con->len--;
			term_puts("\b \b");
		}
		return;
	case 0x15: /* Ctrl-U */
		while (con->len) {
			con->len--;
			term_puts("\b \b");
		}
		return;
	case 0x03: /* Ctrl-C */
		con->len = 0;
		term_puts("\r\n");
		prompt(con);
		return;
	case 0x1a: /* Ctrl-Z: end */
		term_puts("^Z\r\n");
		con->len = 0;
		cli_session_end(con->session);
		prompt(con);
		return;
	case '\t':
		complete(con);
		return;
	case '?':
		if (!cli_inside_quotes(con->line, con->len)) {
			describe(con);
			return;
		}
		break;
	default:
		break;
	}
	if ((unsigned char)c >= 0x20 && con->len < VTY_MAX_LINE) {
		con->line[con->len++] = c;
		term_write(&c, 1);
	}
}

/* TAB: a unique keyword replaces the partial word; several are listed. */
static void complete(struct console *con)
{
	struct cli_completions col = { .len = 0 };
	struct cli_session *s = con->session;
	size_t start = con->len;
	const char *single;

	con->line[con->len] = '\0';
	/* the session's output goes to the screen; borrow a quiet copy of it */
	cli_session_set_output(s, cli_completions_collect, &col);
	cli_session_complete(s, con->line);
	cli_session_set_output(s, console_output, con);
	if (col.len == 0)
		return;
	while (start && con->line[start - 1] != ' ')
		start--;
	single = cli_completions_single(&col);
	if (single) {
		while (con->len > start) {
			con->len--;
			term_puts("\b \b");
		}
		for (const char *p = single; *p && con->len < VTY_MAX_LINE - 1; p++)
			key(con, *p);
		key(con, ' ');
		return;
	}
	term_puts("\r\n");
	term_puts(col.text);
	term_puts("\r\n");
	prompt(con);
}

static void readable(evutil_socket_t fd, short what, void *arg)
{
	struct console *con = arg;
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n <= 0) {
		/* the terminal went away: the daemon goes on without a console */
		event_del(con->ev);
		return;
	}
	for (ssize_t i = 0; i < n; i++)
		key(con, buf[i]);
}

struct console *console_new(struct event_base *base, struct cli_tree *tree, void *app)
{
	struct console *con = calloc(1, sizeof(*con));
	struct termios raw;

	if (!con)
		return NULL;
	con->tree = tree;
	con->app = app;
	if (tcgetattr(STDIN_FILENO, &con->saved) == 0) {
		raw = con->saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
		raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		con->raw = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
	}
	new_session(con);
	con->ev = event_new(base, STDIN_FILENO, EV_READ | EV_PERSIST, readable, con);
	if (!con->session || !con->ev || event_add(con->ev, NULL) != 0) {
		console_free(con);
		return NULL;
	}
	term_puts("\r\n");
	prompt(con);
	return con;
}

void console_free(struct console *con)
{
	if (!con)
		return;
	if (con->ev)
		event_free(con->ev);
	if (con->raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &con->saved);
	cli_session_free(con->session);
	free(con->held);
	free(con);
	term_puts("\n");
}
