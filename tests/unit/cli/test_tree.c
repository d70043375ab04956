/* The command tree exactly as getvpnd builds it (daemon/modules.c): every
 * registered table compiles, and a session over it works. */
#include "config.h"

#include "cli/session.h"
#include "config-parser/register.h"
#include "daemon/getvpnd.h"
#include "log/log.h"
#include "tests/tap.h"

#include <string.h>

struct captured {
	char text[65536];
	size_t len;
};

static void capture(void *arg, const char *data, size_t len)
{
	struct captured *c = arg;

	if (c->len + len >= sizeof(c->text))
		len = sizeof(c->text) - 1 - c->len;
	memcpy(c->text + c->len, data, len);
	c->len += len;
	c->text[c->len] = '\0';
}

int main(void)
{
	struct getvpnd d = { .opt = { .config = "/nonexistent/startup-config" } };
	struct captured out = { .len = 0 };
	struct cli_session *s;

	log_init("test", LOG_SINK_NONE);
	d.tree = cli_tree_new();
	is_int(getvpnd_register_modules(&d), 0, "every module registers its commands");
	s = cli_session_new(d.tree, &d, capture, &out);
	cli_session_set_privileged(s);
	is_int(cli_session_execute(s, "show running-config"), CLI_STATUS_OK, "show running-config");
	ok(strstr(out.text, "hostname Router\n") != NULL, "writers registered");
	out.len = 0;
	cli_session_describe(s, "");
	ok(strstr(out.text, "  configure") != NULL, "exec commands listed");
	is_int(cli_session_execute(s, "configure terminal"), CLI_STATUS_OK, "configure terminal");
	out.len = 0;
	cli_session_describe(s, "");
	ok(strstr(out.text, "  hostname") != NULL, "config commands listed");
	cli_session_free(s);
	cli_tree_free(d.tree);
	getvpnd_free_modules(&d);
	return done_testing();
}
