/* Every configuration in tests/config (*.conf) loads with no error; its running-config loads
 * back into a fresh daemon and prints byte for byte the same; the lesson's
 * configurations also match their golden running-config. */
#include "tests/unit/config/rig.h"

#include <glob.h>
#include <libgen.h>
#include <unistd.h>

static char *load_and_render(const char *path, const char *state_dir, const char *what)
{
	struct rig r;
	char *errors = NULL, *text;
	long failed;

	rig_init(&r, state_dir);
	failed = rig_load(&r, path, &errors);
	is_int(failed, 0, what);
	if (failed && errors)
		printf("# %s", errors);
	free(errors);
	text = rig_running_config(&r);
	rig_free(&r, false);
	return text;
}

static void roundtrip(const char *path)
{
	char state_dir[] = "/tmp/gv-roundtrip-XXXXXX", reload[] = "/tmp/gv-running-XXXXXX";
	char name[256], what[300], golden[300];
	char *first, *second;
	int fd;

	snprintf(name, sizeof(name), "%s", path);
	snprintf(name, sizeof(name), "%s", basename(name));
	if (!mkdtemp(state_dir) || (fd = mkstemp(reload)) < 0) {
		ok(0, "temporary files");
		return;
	}
	snprintf(what, sizeof(what), "%s loads with no error", name);
	first = load_and_render(path, state_dir, what);
	if (!first || write(fd, first, strlen(first)) != (ssize_t)strlen(first)) {
		ok(0, "running-config written");
		close(fd);
		return;
	}
	close(fd);
	snprintf(what, sizeof(what), "%s: its running-config loads with no error", name);
	second = load_and_render(reload, state_dir, what);
	snprintf(what, sizeof(what), "%s: running-config round-trips byte for byte", name);
	is_str(second, first, what);
	if (strncmp(name, "lesson-", 7) == 0) {
		snprintf(golden, sizeof(golden), "%.*s.running", (int)(strlen(name) - 5), name);
		is_golden(first, golden);
	}
	free(first);
	free(second);
	unlink(reload);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", state_dir);
	if (system(cmd) != 0)
		diag("cannot remove the state directory");
}

int main(void)
{
	char pattern[512];
	glob_t g;

	snprintf(pattern, sizeof(pattern), "%s/tests/config/*.conf", srcdir());
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc < 2) {
		ok(0, "configuration corpus found");
		return done_testing();
	}
	for (size_t i = 0; i < g.gl_pathc; i++)
		roundtrip(g.gl_pathv[i]);
	globfree(&g);
	return done_testing();
}
