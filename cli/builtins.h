/* The commands every getvpnd has: modes, hostname, terminal, logging,
 * show version/history/running-config, write memory and the startup-config. */
#ifndef GETVPND_CLI_BUILTINS_H
#define GETVPND_CLI_BUILTINS_H

#include "cli/command.h"

#include <time.h>

struct cli_builtins {
	struct cli_tree *tree;
	const char *startup_config;     /* the file write memory replaces */
	time_t started;                 /* for show version's uptime */
	const char *version_note;       /* a last line for show version, or NULL */
};

/* Registers the built-in commands and the hostname/logging writers. */
int cli_builtins_register(struct cli_tree *tree, struct cli_builtins *b);

/* Atomically replaces path with data (temp file in the same directory,
 * fsync, rename, fsync of the directory; mode 0600; the previous file is
 * kept as path.bak). 0 on success, -1 with a reason in err. */
int cli_config_save(const char *path, const char *data, size_t len, char *err, size_t errlen);

/* Loads a startup-config: every line as if typed in config mode. Errors
 * go to errors as "FILE:LINE: % ...". Returns the number of lines that
 * failed, or -1 (errno set) when the file cannot be read. */
long cli_config_load(struct cli_tree *tree, void *app, const char *path,
		     bool check_only, FILE *errors);

/* The command tables, one per file (builtin_*.c). */
extern const struct cli_command cli_builtin_exec_commands[];
extern const struct cli_command cli_builtin_config_commands[];
extern const struct cli_command cli_builtin_file_commands[];
void cli_builtin_write_hostname(FILE *out, void *ctx);
void cli_builtin_write_logging(FILE *out, void *ctx);

#endif
