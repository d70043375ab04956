/* A daemon-like command tree (built-ins + configuration commands) over a
 * fresh configuration and key store, with captured output, for the
 * configuration tests. Golden files live in tests/config/golden/;
 * GV_UPDATE_GOLDEN=1 rewrites them from the current output. */
#ifndef GETVPND_TESTS_CONFIG_RIG_H
#define GETVPND_TESTS_CONFIG_RIG_H

#include "cli/builtins.h"
#include "cli/session.h"
#include "config-parser/register.h"
#include "crypto/keystore.h"
#include "log/log.h"
#include "tests/tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rig {
	struct cli_tree *tree;
	struct cli_builtins builtins;
	struct config *config;
	struct keystore *keys;
	struct cli_session *s;
	char state_dir[64];
	char *out;
	size_t len, cap;
	enum cli_status last;
};

static inline void rig_capture(void *arg, const char *data, size_t len)
{
	struct rig *r = arg;

	if (r->len + len + 1 > r->cap) {
		size_t cap = (r->len + len + 1) * 2;
		char *out = realloc(r->out, cap);
		if (!out)
			return;
		r->out = out;
		r->cap = cap;
	}
	memcpy(r->out + r->len, data, len);
	r->len += len;
	r->out[r->len] = '\0';
}

static inline void rig_reset_output(struct rig *r)
{
	r->len = 0;
	if (r->out)
		r->out[0] = '\0';
}

/* state_dir NULL: a fresh temporary one. */
static inline void rig_init(struct rig *r, const char *state_dir)
{
	char err[256] = "";

	memset(r, 0, sizeof(*r));
	log_init("test", LOG_SINK_NONE);
	if (state_dir)
		snprintf(r->state_dir, sizeof(r->state_dir), "%s", state_dir);
	else if (!mkdtemp(strcpy(r->state_dir, "/tmp/gv-config-XXXXXX"))) {
		printf("Bail out! no temporary directory\n");
		exit(1);
	}
	r->tree = cli_tree_new();
	r->config = config_new();
	r->keys = keystore_open(r->state_dir, err, sizeof(err));
	config_set_keystore(r->config, r->keys);
	r->builtins.tree = r->tree;
	r->builtins.startup_config = NULL;
	if (!r->keys || cli_builtins_register(r->tree, &r->builtins) != 0 ||
	    config_register(r->tree, r->config) != 0) {
		printf("Bail out! cannot build the command tree: %s\n", err);
		exit(1);
	}
	r->s = cli_session_new(r->tree, NULL, rig_capture, r);
	cli_session_set_privileged(r->s);
}

static inline void rig_free(struct rig *r, bool remove_state)
{
	cli_session_free(r->s);
	cli_tree_free(r->tree);
	config_free(r->config);
	keystore_free(r->keys);
	free(r->out);
	if (remove_state) {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r->state_dir);
		if (system(cmd) != 0)
			diag("cannot remove the state directory");
	}
}

static inline const char *rig_run(struct rig *r, const char *line)
{
	rig_reset_output(r);
	r->last = cli_session_execute(r->s, line);
	return r->out ? r->out : "";
}

/* Lines separated by '\n', all expected to succeed. */
static inline bool rig_run_all(struct rig *r, const char *lines)
{
	char *copy = strdup(lines), *save = NULL;
	bool all_ok = true;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		rig_run(r, line);
		if (r->last != CLI_STATUS_OK) {
			printf("# failed: %s\n# %s", line, r->out ? r->out : "");
			all_ok = false;
		}
	}
	free(copy);
	return all_ok;
}

/* Number of failed lines; messages in *errors (caller frees). */
static inline long rig_load(struct rig *r, const char *path, char **errors)
{
	size_t len = 0;
	FILE *f = open_memstream(errors, &len);
	long failed = cli_config_load(r->tree, NULL, path, false, f);

	fclose(f);
	return failed;
}

static inline char *rig_running_config(struct rig *r)
{
	size_t len;

	return cli_tree_render_config(r->tree, &len);
}

static inline char *read_text_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	FILE *mem = open_memstream(&buf, &len);
	int c;
	while ((c = fgetc(f)) != EOF)
		fputc(c, mem);
	fclose(mem);
	fclose(f);
	return buf;
}

static inline const char *srcdir(void)
{
	const char *top = getenv("top_srcdir");

	return top ? top : "..";
}

/* Compares text with tests/config/golden/NAME. */
static inline void is_golden(const char *text, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/tests/config/golden/%s", srcdir(), name);
	if (getenv("GV_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		if (f) {
			fputs(text, f);
			fclose(f);
		}
	}
	char *want = read_text_file(path);
	if (!want) {
		ok(0, name);
		printf("#   missing golden file %s\n", path);
		return;
	}
	is_str(text, want, name);
	free(want);
}

#endif
