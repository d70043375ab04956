/* Exec-mode built-ins: enable/disable/exit, terminal length, show version,
 * show history, show logging. */
#include "config.h"

#include "cli/builtins.h"
#include "cli/session.h"
#include "log/log.h"

#include <stdio.h>
#include <time.h>

static enum cli_result do_enable(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	cli_session_enable(s, true);
	return CLI_OK;
}

static enum cli_result do_disable(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	cli_session_enable(s, false);
	return CLI_OK;
}

static enum cli_result do_exit(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	cli_session_close(s);
	return CLI_OK;
}

static enum cli_result do_terminal_length(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	cli_session_set_terminal_length(s, (unsigned)cli_arg_num(a, "lines", 24));
	return CLI_OK;
}

static void print_uptime(struct cli_session *s, time_t since)
{
	long secs = (long)difftime(time(NULL), since);
	long days = secs / 86400, hours = secs / 3600 % 24, mins = secs / 60 % 60;

	cli_out(s, "%s uptime is ", cli_tree_hostname(cli_session_tree(s)));
	if (days)
		cli_out(s, "%ld day%s, ", days, days == 1 ? "" : "s");
	if (days || hours)
		cli_out(s, "%ld hour%s, ", hours, hours == 1 ? "" : "s");
	cli_out(s, "%ld minute%s\n", mins, mins == 1 ? "" : "s");
}

static enum cli_result do_show_version(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct cli_builtins *b = ctx;

	cli_out(s, "getvpnd GETVPN Software, Version %s\n", PACKAGE_VERSION);
	cli_out(s, "GDOI (RFC 6407) key server and group member for Linux\n\n");
	print_uptime(s, b->started);
	if (b->version_note && *b->version_note)
		cli_out(s, "%s\n", b->version_note);
	return CLI_OK;
}

static void print_history_line(const char *line, void *arg)
{
	cli_out(arg, "  %s\n", line);
}

static enum cli_result do_show_history(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	cli_session_history_foreach(s, print_history_line, s);
	return CLI_OK;
}

static void print_log_line(const char *line, void *arg)
{
	cli_out(arg, "%s\n", line);
}

static enum cli_result do_show_logging(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	size_t size = log_buffer_size();

	cli_out(s, "Syslog logging: enabled\n");
	if (!size) {
		cli_out(s, "    Buffer logging:  disabled\n");
		return CLI_OK;
	}
	cli_out(s, "    Buffer logging:  level debugging, %lu messages logged\n\n",
		log_messages_logged());
	cli_out(s, "Log Buffer (%zu bytes):\n\n", size);
	log_buffer_foreach(print_log_line, s);
	return CLI_OK;
}

const struct cli_command cli_builtin_exec_commands[] = {
	{ CLI_MODE_USER_EXEC, "enable",
	  (const char *const[]){ "Turn on privileged commands", NULL }, do_enable, 0 },
	{ CLI_MODE_ANY_EXEC, "disable",
	  (const char *const[]){ "Turn off privileged commands", NULL }, do_disable, 0 },
	{ CLI_MODE_ANY_EXEC, "exit",
	  (const char *const[]){ "Exit from the EXEC", NULL }, do_exit, 0 },
	{ CLI_MODE_ANY_EXEC, "terminal length <0-512>$lines",
	  (const char *const[]){ "Set terminal line parameters",
				 "Set number of lines on a screen",
				 "Number of lines on screen (0 for no pausing)", NULL },
	  do_terminal_length, 0 },
	{ CLI_MODE_ANY_EXEC, "show version",
	  (const char *const[]){ "Show running system information",
				 "System hardware and software status", NULL },
	  do_show_version, 0 },
	{ CLI_MODE_ANY_EXEC, "show history",
	  (const char *const[]){ "Show running system information",
				 "Display the session command history", NULL },
	  do_show_history, 0 },
	{ CLI_MODE_ANY_EXEC, "show logging",
	  (const char *const[]){ "Show running system information",
				 "Show the contents of logging buffers", NULL },
	  do_show_logging, CLI_CMD_PRIVILEGED },
	{ .spec = NULL },
};
