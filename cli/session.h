/* Sessions: one per vty client, console, or configuration file being
 * loaded. A session has a mode stack, terminal settings and a history, and
 * sends everything it prints through one output function. */
#ifndef GETVPND_CLI_SESSION_H
#define GETVPND_CLI_SESSION_H

#include "cli/command.h"

#include <stddef.h>

/* How a command line ended; the vty protocol carries these codes. */
enum cli_status {
	CLI_STATUS_OK = 0,
	CLI_STATUS_ERROR = 1,        /* the command printed a "% ..." error */
	CLI_STATUS_INVALID = 2,      /* % Invalid input detected at '^' marker. */
	CLI_STATUS_INCOMPLETE = 3,   /* % Incomplete command. */
	CLI_STATUS_AMBIGUOUS = 4,    /* % Ambiguous command:  "..." */
	CLI_STATUS_CONFIRM = 5,      /* waiting for [confirm]: send again confirmed */
	CLI_STATUS_CLOSE = 6,        /* the session ended (exit from exec) */
};

typedef void (*cli_output_fn)(void *arg, const char *data, size_t len);

struct cli_session *cli_session_new(struct cli_tree *tree, void *app,
				    cli_output_fn out, void *out_arg);
void cli_session_free(struct cli_session *session);
void cli_session_set_output(struct cli_session *session, cli_output_fn out, void *out_arg);

/* Start at "#" (getvpnsh -c, the console after login, config loading). */
void cli_session_set_privileged(struct cli_session *session);
/* Interactive sessions ask [confirm]; others proceed. */
void cli_session_set_interactive(struct cli_session *session, bool interactive);
bool cli_session_is_interactive(const struct cli_session *session);
/* Print "PROMPT LINE" before a caret marker (the line was not echoed). */
void cli_session_set_echo(struct cli_session *session, bool echo);
/* Loading a startup-config: errors are prefixed "FILE:LINE: ". */
void cli_session_set_loading(struct cli_session *session, const char *file, bool check_only);
void cli_session_set_line_number(struct cli_session *session, unsigned long line);
/* --check-config: handlers must not touch anything outside the process. */
bool cli_session_is_check_only(const struct cli_session *session);

enum cli_status cli_session_execute(struct cli_session *session, const char *line);
/* The same command again after the user answered [confirm]. */
enum cli_status cli_session_execute_confirmed(struct cli_session *session, const char *line);
/* `?`: the help listing for a partial line, printed to the session. */
void cli_session_describe(struct cli_session *session, const char *line);
/* TAB: the keywords completing the last word, one per output line. */
void cli_session_complete(struct cli_session *session, const char *line);

const char *cli_session_prompt(struct cli_session *session);
unsigned cli_session_terminal_length(const struct cli_session *session);
void cli_session_set_terminal_length(struct cli_session *session, unsigned lines);
bool cli_session_closed(const struct cli_session *session);
struct cli_tree *cli_session_tree(const struct cli_session *session);

/* For handlers. */
void cli_session_close(struct cli_session *session);
/* Leaves config modes for privileged exec ("end", Ctrl-Z). */
void cli_session_end(struct cli_session *session);
/* One level up ("exit"): sub-mode -> parent, config -> exec, exec -> closed. */
void cli_session_exit(struct cli_session *session);
void cli_session_enable(struct cli_session *session, bool privileged);
/* "[confirm]": true to go ahead. Interactive sessions print the question
 * and return false; the client asks and sends the command again. */
bool cli_session_confirm(struct cli_session *session, const char *question);
/* Runs a line as in privileged exec ("do LINE"); column is where the line
 * starts in what was typed, for the caret marker. */
enum cli_status cli_session_execute_exec(struct cli_session *session, const char *line,
					 size_t column);
void cli_session_history_foreach(const struct cli_session *session,
				 void (*fn)(const char *line, void *arg), void *arg);

/* The hostname in every prompt, kept with the tree. */
const char *cli_tree_hostname(const struct cli_tree *tree);
void cli_tree_set_hostname(struct cli_tree *tree, const char *name);
/* show running-config's body: "!" blocks from every writer then "end". */
char *cli_tree_render_config(const struct cli_tree *tree, size_t *len);

#endif
