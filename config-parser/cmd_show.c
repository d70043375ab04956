/* show commands for the configuration objects. */
#include "config-parser/cmd.h"

/* What a show writer prints from: the configuration, the object named
 * (NULL: all of them), and whether that name was found. */
struct show_req {
	const struct config *c;
	const char *name;
	bool found;
};

static void print_acls(FILE *out, void *arg)
{
	struct show_req *r = arg;

	r->found = config_show_acls(out, r->c, r->name);
}

static void print_isakmp_policies(FILE *out, void *arg)
{
	const struct show_req *r = arg;

	isakmp_show_policies(out, &r->c->isakmp);
}

static void print_transform_sets(FILE *out, void *arg)
{
	const struct show_req *r = arg;

	ipsec_show_transform_sets(out, &r->c->ipsec, r->name);
}

static void print_profiles(FILE *out, void *arg)
{
	const struct show_req *r = arg;

	ipsec_show_profiles(out, &r->c->ipsec, r->name);
}

static enum cli_result show_acls(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct show_req r = { .c = ctx, .name = cli_arg_str(a, "name") };

	if (cli_out_printed(s, print_acls, &r) != CLI_OK)
		return CLI_ERROR;
	if (!r.found) {
		cli_error(s, "%% Access list %s does not exist", r.name);
		return CLI_ERROR;
	}
	return CLI_OK;
}

static enum cli_result show_isakmp_policy(struct cli_session *s, const struct cli_args *a,
					  void *ctx)
{
	struct show_req r = { .c = ctx };

	(void)a;
	return cli_out_printed(s, print_isakmp_policies, &r);
}

static enum cli_result show_transform_sets(struct cli_session *s, const struct cli_args *a,
					   void *ctx)
{
	struct show_req r = { .c = ctx, .name = cli_arg_str(a, "name") };

	if (r.name && !transform_set_find(&r.c->ipsec, r.name)) {
		cli_error(s, "%% Transform set %s does not exist", r.name);
		return CLI_ERROR;
	}
	return cli_out_printed(s, print_transform_sets, &r);
}

static enum cli_result show_profiles(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct show_req r = { .c = ctx, .name = cli_arg_str(a, "name") };

	if (r.name && !ipsec_profile_find(&r.c->ipsec, r.name)) {
		cli_error(s, "%% IPsec profile %s does not exist", r.name);
		return CLI_ERROR;
	}
	return cli_out_printed(s, print_profiles, &r);
}

#define SHOW_HELP "Show running system information"

const struct cli_command config_show_commands[] = {
	{ CLI_MODE_ANY_EXEC, "show ip access-lists [WORD$name]",
	  HELP(SHOW_HELP, "IP information", "List IP access lists", "Access list name or number"),
	  show_acls, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto isakmp policy",
	  HELP(SHOW_HELP, "Encryption module", "Show ISAKMP", "Show ISAKMP protection suite policy"),
	  show_isakmp_policy, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto ipsec transform-set [tag WORD$name]",
	  HELP(SHOW_HELP, "Encryption module", "Show IPSEC info", "Crypto transform sets",
	       "Show a transform set with the given tag", "Transform set tag"),
	  show_transform_sets, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto ipsec profile [WORD$name]",
	  HELP(SHOW_HELP, "Encryption module", "Show IPSEC info", "Show ipsec profile information",
	       "Profile name"), show_profiles, 0 },
	{ .spec = NULL },
};
