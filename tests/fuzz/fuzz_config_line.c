/* libFuzzer target for the configuration language: the input is a
 * configuration file (lines run in config mode as at start-up, through
 * the real CLI engine and every configuration command). Whatever it
 * holds, nothing may crash or trip a sanitizer, and the running-config it
 * leaves must load back into a fresh daemon and print the same text.
 * Build: ./configure --enable-fuzzers CC=clang; run:
 *   tests/fuzz/fuzz_config_line -max_total_time=60 CORPUS_DIR tests/config */
#include "cli/builtins.h"
#include "cli/session.h"
#include "config-parser/register.h"
#include "log/log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct daemon_like {
	struct cli_tree *tree;
	struct cli_builtins builtins;
	struct config *config;
	struct cli_session *s;
};

static void discard(void *arg, const char *data, size_t len)
{
}

static void daemon_init(struct daemon_like *d)
{
	memset(d, 0, sizeof(*d));
	d->tree = cli_tree_new();
	d->builtins.tree = d->tree;
	/* write memory and friends fail: nothing is written outside. */
	d->builtins.startup_config = "/nonexistent/getvpnd-fuzz/startup-config";
	/* No key store: key generation is refused instead of writing files. */
	d->config = config_new();
	if (!d->tree || !d->config || cli_builtins_register(d->tree, &d->builtins) != 0 ||
	    config_register(d->tree, d->config) != 0)
		abort();
	d->s = cli_session_new(d->tree, NULL, discard, NULL);
	cli_session_set_loading(d->s, "fuzz", false);
}

static void daemon_free(struct daemon_like *d)
{
	cli_session_free(d->s);
	cli_tree_free(d->tree);
	config_free(d->config);
}

static char *run_lines(struct daemon_like *d, const char *text)
{
	char *copy = strdup(text), *save = NULL;
	size_t len;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ')
			line++;
		if (strcmp(line, "end") == 0)
			break;
		if (*line && *line != '!' && strlen(line) < 4096)
			cli_session_execute(d->s, line);
		if (cli_session_mode(d->s) < CLI_MODE_CONFIG)
			break;
	}
	free(copy);
	return cli_tree_render_config(d->tree, &len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool initialised;
	struct daemon_like first, second;

	if (!initialised) {
		log_init("fuzz", LOG_SINK_NONE);
		initialised = true;
	}
	if (size > 65536)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* Lines stop at a NUL as they would when read from a file. */
	daemon_init(&first);
	char *running = run_lines(&first, text);
	daemon_init(&second);
	char *again = run_lines(&second, running ? running : "");
	if (!running || !again || strcmp(running, again) != 0) {
		fprintf(stderr, "running-config does not round-trip:\n--- first\n%s--- second\n%s",
			running ? running : "(null)\n", again ? again : "(null)\n");
		abort();
	}
	free(running);
	free(again);
	daemon_free(&first);
	daemon_free(&second);
	free(text);
	return 0;
}
