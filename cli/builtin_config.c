/* Config-mode built-ins: configure terminal, end, exit, do, hostname,
 * logging buffered. */
#include "config.h"

#include "cli/builtins.h"
#include "cli/match.h"
#include "cli/session.h"
#include "log/log.h"

#include <ctype.h>
#include <string.h>

#define LOG_BUFFER_DEFAULT 4096

static enum cli_result do_configure(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	if (cli_session_is_interactive(s))
		cli_out(s, "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	cli_session_enter(s, CLI_MODE_CONFIG, NULL);
	return CLI_OK;
}

static enum cli_result do_end(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	cli_session_end(s);
	return CLI_OK;
}

static enum cli_result do_exit(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	cli_session_exit(s);
	return CLI_OK;
}

static enum cli_result do_do(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	enum cli_status st = cli_session_execute_exec(s, cli_arg_str(a, "command"),
						      cli_arg_offset(a, "command"));

	return st == CLI_STATUS_OK || st == CLI_STATUS_CLOSE ? CLI_OK : CLI_ERROR;
}

/* IOS: letters, digits and hyphens; starts with a letter, ends with a
 * letter or digit; at most 63 characters. */
static bool valid_hostname(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > 63 || !isalpha((unsigned char)name[0]) ||
	    !isalnum((unsigned char)name[len - 1]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-')
			return false;
	return true;
}

static enum cli_result do_hostname(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	const char *name = cli_arg_str(a, "name");

	if (cli_arg_has(a, "no")) {
		cli_tree_set_hostname(cli_session_tree(s), "Router");
		return CLI_OK;
	}
	if (!valid_hostname(name)) {
		cli_error(s, "%% Hostname contains one or more illegal characters.");
		return CLI_ERROR;
	}
	cli_tree_set_hostname(cli_session_tree(s), name);
	return CLI_OK;
}

static enum cli_result do_logging_buffered(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	if (cli_arg_has(a, "no"))
		log_buffer_configure(0);
	else
		log_buffer_configure(cli_arg_num(a, "size", LOG_BUFFER_DEFAULT));
	return CLI_OK;
}

void cli_builtin_write_hostname(FILE *out, void *ctx)
{
	struct cli_builtins *b = ctx;

	fprintf(out, "hostname %s\n", cli_tree_hostname(b->tree));
}

void cli_builtin_write_logging(FILE *out, void *ctx)
{
	if (log_buffer_size())
		fprintf(out, "logging buffered %zu\n", log_buffer_size());
}

const struct cli_command cli_builtin_config_commands[] = {
	{ CLI_MODE_PRIV_EXEC, "configure [terminal]",
	  (const char *const[]){ "Enter configuration mode",
				 "Configure from the terminal", NULL },
	  do_configure, 0 },
	{ CLI_MODE_ANY_CONFIG, "end",
	  (const char *const[]){ "Exit from configure mode", NULL }, do_end, 0 },
	{ CLI_MODE_ANY_CONFIG, "exit",
	  (const char *const[]){ "Exit from the current mode", NULL }, do_exit, 0 },
	{ CLI_MODE_ANY_CONFIG, "do LINE$command",
	  (const char *const[]){ "To run exec commands in config mode", "Exec Command", NULL },
	  do_do, CLI_CMD_NESTED_EXEC },
	{ CLI_MODE_CONFIG, "hostname WORD$name",
	  (const char *const[]){ "Set system's network name", "This system's network name", NULL },
	  do_hostname, 0 },
	{ CLI_MODE_CONFIG, "no hostname",
	  (const char *const[]){ "Negate a command or set its defaults",
				 "Set system's network name", NULL },
	  do_hostname, 0 },
	{ CLI_MODE_CONFIG, "[no] logging buffered [<4096-2147483647>$size]",
	  (const char *const[]){ "Negate a command or set its defaults",
				 "Modify message logging facilities",
				 "Set buffered logging parameters",
				 "Logging buffer size", NULL },
	  do_logging_buffered, 0 },
	{ .spec = NULL },
};
