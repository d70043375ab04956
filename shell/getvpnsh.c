/* getvpnsh [--socket PATH] [-c COMMAND]... : run commands in order from
 * privileged exec, or read them from stdin, or edit them on a terminal. */
#include "config.h"

#include "shell/shell.h"
#include "cli/session.h"
#include "cli/vty_protocol.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_SOCKET "/run/getvpnd/vty.sock"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: getvpnsh [--socket PATH] [-c COMMAND]... [--echo]\n"
		"IOS shell for getvpnd.\n\n"
		"  -s, --socket PATH   getvpnd's vty socket (default " DEFAULT_SOCKET ")\n"
		"  -c, --command CMD   run CMD (repeatable; in order, from privileged exec)\n"
		"  -e, --echo          print the prompt and each command before its output\n"
		"  -h, --help          this text\n"
		"  -V, --version       the version\n\n"
		"Without -c, commands come from stdin when it is not a terminal.\n"
		"A command ending in ? prints the help for what precedes it.\n"
		"Exit status: 0 all commands succeeded, 1 a command printed a %% error,\n"
		"2 getvpnd could not be reached.\n");
}

static void print_output(void *arg, const char *data, size_t len)
{
	fwrite(data, 1, len, stdout);
}

/* A line ending in `?` outside double quotes asks for help, as the same
 * keys would on a terminal. */
static bool asks_help(const char *line, size_t *len)
{
	bool quoted = false;
	size_t n = strlen(line);

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (n == 0 || line[n - 1] != '?')
		return false;
	for (size_t i = 0; i + 1 < n; i++)
		if (line[i] == '"')
			quoted = !quoted;
	*len = n - 1;
	return !quoted;
}

int shell_run_line(struct vty_client *c, const char *line, bool echo)
{
	size_t help_len;
	int st;

	if (echo)
		printf("%s%s\n", c->prompt, line);
	if (asks_help(line, &help_len)) {
		char *text = strndup(line, help_len);

		st = text ? vty_request(c, VTY_DESCRIBE, 0, false, text, print_output, NULL) : -1;
		free(text);
	} else {
		st = vty_request(c, VTY_EXECUTE, 0, true, line, print_output, NULL);
	}
	fflush(stdout);
	return st;
}

static int batch_status(int st, int *rc, const char *socket)
{
	if (st < 0) {
		fprintf(stderr, "getvpnsh: connection to getvpnd at %s lost\n", socket);
		*rc = SHELL_EXIT_NO_DAEMON;
		return -1;
	}
	if (st != CLI_STATUS_OK && st != CLI_STATUS_CLOSE)
		*rc = SHELL_EXIT_COMMAND_FAILED;
	return st == CLI_STATUS_CLOSE ? -1 : 0;
}

static int run_batch(struct vty_client *c, char **cmds, size_t n, bool echo, const char *socket)
{
	int rc = SHELL_EXIT_OK;
	uint8_t hello = VTY_HELLO_PRIVILEGED | (echo ? 0 : VTY_HELLO_ECHO);

	if (vty_request(c, VTY_HELLO, hello, true, NULL, NULL, NULL) < 0)
		return batch_status(-1, &rc, socket), rc;
	if (n) {
		for (size_t i = 0; i < n; i++)
			if (batch_status(shell_run_line(c, cmds[i], echo), &rc, socket) < 0)
				break;
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;

		while ((len = getline(&line, &cap, stdin)) > 0) {
			while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
				line[--len] = '\0';
			if (batch_status(shell_run_line(c, line, echo), &rc, socket) < 0)
				break;
		}
		free(line);
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "command", required_argument, NULL, 'c' },
		{ "echo", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *socket = DEFAULT_SOCKET;
	char **cmds = calloc((size_t)argc + 1, sizeof(*cmds));
	size_t n_cmds = 0;
	bool echo = false;
	struct vty_client c;
	int opt, rc;

	if (!cmds)
		return SHELL_EXIT_COMMAND_FAILED;
	while ((opt = getopt_long(argc, argv, "s:c:ehV", longopts, NULL)) != -1) {
		switch (opt) {
		case 's': socket = optarg; break;
		case 'c': cmds[n_cmds++] = optarg; break;
		case 'e': echo = true; break;
		case 'h': usage(stdout); free(cmds); return 0;
		case 'V': printf("getvpnsh %s\n", PACKAGE_VERSION); free(cmds); return 0;
		default: usage(stderr); free(cmds); return SHELL_EXIT_COMMAND_FAILED;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "getvpnsh: unexpected argument \"%s\" (commands go with -c)\n",
			argv[optind]);
		free(cmds);
		return SHELL_EXIT_COMMAND_FAILED;
	}
	signal(SIGPIPE, SIG_IGN);
	if (vty_connect(&c, socket) != 0) {
		fprintf(stderr, "getvpnsh: cannot connect to getvpnd at %s: %s\n", socket,
			strerror(errno));
		free(cmds);
		return SHELL_EXIT_NO_DAEMON;
	}
	if (n_cmds || !isatty(STDIN_FILENO))
		rc = run_batch(&c, cmds, n_cmds, echo, socket);
	else
		rc = shell_interactive(&c, socket);
	vty_close(&c);
	free(cmds);
	return rc;
}
