/* The `show crypto gdoi` command family: declarations and handlers. */
#include "gdoi/pull_show.h"
#include "gdoi/gm_show.h"
#include "gdoi/ks_show.h"

#include <stdlib.h>

void pull_show_gdoi(FILE *out, const struct ks *ks, const struct gm *gm, uint64_t now, bool json)
{
	if (json) {
		fputs("{\"key_server\":{\"groups\":[", out);
		ks_show_groups(out, ks, now, true);
		fputs("]},\"group_member\":{\"groups\":[", out);
		gm_show_groups(out, gm, now, true);
		fputs("]}}\n", out);
		return;
	}
	ks_show_groups(out, ks, now, false);
	gm_show_groups(out, gm, now, false);
}

enum what { SHOW_GDOI, SHOW_KS_MEMBERS, SHOW_KS_POLICY, SHOW_GM };

struct pull_show_req {
	const struct pull_show_ctx *c;
	enum what what;
	uint64_t now;
	bool json;
};

static void print_what(FILE *out, void *arg)
{
	const struct pull_show_req *r = arg;

	switch (r->what) {
	case SHOW_GDOI: pull_show_gdoi(out, r->c->ks, r->c->gm, r->now, r->json); break;
	case SHOW_KS_MEMBERS: ks_show_members(out, r->c->ks, r->now, r->json); break;
	case SHOW_KS_POLICY: ks_show_policy(out, r->c->ks, r->now, r->json); break;
	case SHOW_GM: gm_show(out, r->c->gm, r->now, r->json); break;
	}
}

static enum cli_result run(struct cli_session *s, const struct cli_args *a, void *ctx,
			   enum what what)
{
	const struct pull_show_ctx *c = ctx;
	struct pull_show_req r = { .c = c, .what = what, .now = c->now ? c->now() : pull_now(),
				   .json = cli_arg_has(a, "json") };

	return cli_out_printed(s, print_what, &r);
}

static enum cli_result show_gdoi(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	return run(s, a, ctx, SHOW_GDOI);
}

static enum cli_result show_ks_members(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	return run(s, a, ctx, SHOW_KS_MEMBERS);
}

static enum cli_result show_ks_policy(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	return run(s, a, ctx, SHOW_KS_POLICY);
}

static enum cli_result show_gm(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	return run(s, a, ctx, SHOW_GM);
}

#define SHOW_CRYPTO_GDOI "Show running system information", "Encryption module", \
	"Show GDOI information"
#define JSON_HELP "Print the same facts as JSON"

static const char *const help_gdoi[] = { SHOW_CRYPTO_GDOI, JSON_HELP, NULL };
static const char *const help_members[] = { SHOW_CRYPTO_GDOI, "Key server information",
	"Registered group members", JSON_HELP, NULL };
static const char *const help_policy[] = { SHOW_CRYPTO_GDOI, "Key server information",
	"Policy distributed to the group members", JSON_HELP, NULL };
static const char *const help_gm[] = { SHOW_CRYPTO_GDOI, "Group member information",
	JSON_HELP, NULL };

const struct cli_command pull_show_commands[] = {
	{ CLI_MODE_ANY_EXEC, "show crypto gdoi [json$json]", help_gdoi, show_gdoi, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto gdoi ks members [json$json]", help_members, show_ks_members, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto gdoi ks policy [json$json]", help_policy, show_ks_policy, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto gdoi gm [json$json]", help_gm, show_gm, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};
