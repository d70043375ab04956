/* Running and startup configuration commands: show running-config,
 * write memory / copy running-config startup-config, show startup-config,
 * erase startup-config. */
#include "config.h"

#include "cli/builtins.h"
#include "cli/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static enum cli_result do_show_running(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct cli_builtins *b = ctx;
	size_t len;
	char *text = cli_tree_render_config(b->tree, &len);

	if (!text) {
		cli_error(s, "%% Out of memory building the configuration");
		return CLI_ERROR;
	}
	cli_out(s, "Building configuration...\n\nCurrent configuration : %zu bytes\n%s", len, text);
	free(text);
	return CLI_OK;
}

static enum cli_result do_write_memory(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct cli_builtins *b = ctx;
	char err[512];
	size_t len;
	char *text;

	cli_out(s, "Building configuration...\n");
	text = cli_tree_render_config(b->tree, &len);
	if (!text) {
		cli_error(s, "%% Out of memory building the configuration");
		return CLI_ERROR;
	}
	if (cli_config_save(b->startup_config, text, len, err, sizeof(err)) != 0) {
		free(text);
		cli_error(s, "%% Error writing startup-config (%s)", err);
		return CLI_ERROR;
	}
	free(text);
	cli_out(s, "[OK]\n");
	return CLI_OK;
}

static enum cli_result do_show_startup(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct cli_builtins *b = ctx;
	FILE *in = fopen(b->startup_config, "r");
	char buf[4096];
	size_t n;

	if (!in) {
		if (errno == ENOENT) {
			cli_out(s, "startup-config is not present\n");
			return CLI_OK;
		}
		cli_error(s, "%% Error opening %s (%s)", b->startup_config, strerror(errno));
		return CLI_ERROR;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		cli_out(s, "%.*s", (int)n, buf);
	fclose(in);
	return CLI_OK;
}

/* IOS merges the startup-config into the running one, line by line. */
static enum cli_result do_copy_startup_running(struct cli_session *s, const struct cli_args *a,
					       void *ctx)
{
	struct cli_builtins *b = ctx;
	char *errors = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&errors, &len);
	long failed;

	if (!mem) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	failed = cli_config_load(b->tree, cli_session_app(s), b->startup_config, false, mem);
	fclose(mem);
	if (failed < 0) {
		free(errors);
		cli_error(s, "%% Error opening %s (%s)", b->startup_config, strerror(errno));
		return CLI_ERROR;
	}
	cli_out(s, "%s", errors);
	free(errors);
	if (failed) {
		cli_error(s, "%% %ld line%s of %s failed", failed, failed == 1 ? "" : "s",
			  b->startup_config);
		return CLI_ERROR;
	}
	return CLI_OK;
}

/* The erased file is kept as FILE.bak, like the one write memory replaces. */
static enum cli_result do_erase_startup(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct cli_builtins *b = ctx;
	struct stat st;
	char bak[4096];

	/* --config /dev/null: never move a device or anything but a file */
	if (lstat(b->startup_config, &st) == 0 && !S_ISREG(st.st_mode)) {
		cli_error(s, "%% %s is not a regular file; not erased", b->startup_config);
		return CLI_ERROR;
	}
	if (!cli_session_confirm(s, "Erasing the nvram filesystem will remove all configuration files! Continue? [confirm]"))
		return CLI_OK;
	snprintf(bak, sizeof(bak), "%s.bak", b->startup_config);
	if (rename(b->startup_config, bak) != 0 && errno != ENOENT) {
		cli_error(s, "%% Error erasing %s (%s)", b->startup_config, strerror(errno));
		return CLI_ERROR;
	}
	/* the kept file holds the keys of the configuration: private */
	if (chmod(bak, 0600) != 0 && errno != ENOENT) {
		cli_error(s, "%% Error protecting %s (%s)", bak, strerror(errno));
		return CLI_ERROR;
	}
	cli_out(s, "[OK]\nErase of nvram: complete\n");
	return CLI_OK;
}

const struct cli_command cli_builtin_file_commands[] = {
	{ CLI_MODE_PRIV_EXEC, "show running-config",
	  (const char *const[]){ "Show running system information",
				 "Current operating configuration", NULL },
	  do_show_running, 0 },
	{ CLI_MODE_PRIV_EXEC, "show startup-config",
	  (const char *const[]){ "Show running system information",
				 "Contents of startup configuration", NULL },
	  do_show_startup, 0 },
	{ CLI_MODE_PRIV_EXEC, "write [memory]",
	  (const char *const[]){ "Write running configuration to memory, network, or terminal",
				 "Write to NV memory", NULL },
	  do_write_memory, 0 },
	{ CLI_MODE_PRIV_EXEC, "copy running-config startup-config",
	  (const char *const[]){ "Copy from one file to another",
				 "Copy from current system configuration",
				 "Copy to startup configuration", NULL },
	  do_write_memory, 0 },
	{ CLI_MODE_PRIV_EXEC, "write terminal",
	  (const char *const[]){ "Write running configuration to memory, network, or terminal",
				 "Write to terminal", NULL },
	  do_show_running, 0 },
	{ CLI_MODE_PRIV_EXEC, "copy startup-config running-config",
	  (const char *const[]){ "Copy from one file to another",
				 "Copy from startup configuration",
				 "Update (merge with) current system configuration", NULL },
	  do_copy_startup_running, 0 },
	{ CLI_MODE_PRIV_EXEC, "erase startup-config",
	  (const char *const[]){ "Erase a filesystem",
				 "Erase contents of configuration memory", NULL },
	  do_erase_startup, 0 },
	{ .spec = NULL },
};

int cli_builtins_register(struct cli_tree *tree, struct cli_builtins *b)
{
	b->tree = tree;
	if (cli_tree_register(tree, cli_builtin_exec_commands, b) < 0 ||
	    cli_tree_register(tree, cli_builtin_config_commands, b) < 0 ||
	    cli_tree_register(tree, cli_builtin_file_commands, b) < 0)
		return -1;
	cli_tree_register_writer(tree, CLI_ORDER_HOSTNAME, cli_builtin_write_hostname, b);
	cli_tree_register_writer(tree, CLI_ORDER_LOGGING, cli_builtin_write_logging, b);
	return 0;
}
