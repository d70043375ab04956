/* --More-- paging of command output on a terminal: after a screenful
 * (terminal length - 1 lines) wait for a key: space = next page, Enter =
 * one more line, anything else = skip the rest. terminal length 0 = off. */
#include "config.h"

#include "shell/shell.h"

#include <stdio.h>
#include <termios.h>
#include <unistd.h>

void pager_start(struct pager *p, unsigned term_length)
{
	p->lines = 0;
	p->discard = false;
	p->term_length = term_length;
}

static int read_key(void)
{
	struct termios saved, raw;
	unsigned char c = 'q';

	if (tcgetattr(STDIN_FILENO, &saved) != 0)
		return 'q';
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	if (read(STDIN_FILENO, &c, 1) != 1)
		c = 'q';
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return c;
}

static void wait_more(struct pager *p)
{
	int c;

	fputs(" --More-- ", stdout);
	fflush(stdout);
	c = read_key();
	fputs("\r          \r", stdout);
	if (c == ' ')
		p->lines = 0;
	else if (c == '\r' || c == '\n')
		p->lines = p->term_length - 2;
	else
		p->discard = true;
}

void pager_output(void *arg, const char *data, size_t len)
{
	struct pager *p = arg;

	for (size_t i = 0; i < len && !p->discard; i++) {
		/* wait only when there is more to show */
		if (p->term_length >= 2 && p->lines >= p->term_length - 1) {
			wait_more(p);
			if (p->discard)
				break;
		}
		putchar(data[i]);
		if (data[i] == '\n')
			p->lines++;
	}
	fflush(stdout);
}
