/* show commands for the configuration objects. */
#include "config-parser/cmd.h"

static enum cli_result show_acls(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	const char *name = cli_arg_str(a, "name");
	struct cmd_capture cap;
	bool found;

	if (!cmd_capture_begin(&cap)) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	found = config_show_acls(cap.f, ctx, name);
	cmd_capture_end(s, &cap);
	if (!found) {
		cli_error(s, "%% Access list %s does not exist", name);
		return CLI_ERROR;
	}
	return CLI_OK;
}

static enum cli_result show_isakmp_policy(struct cli_session *s, const struct cli_args *a,
					  void *ctx)
{
	struct config *c = ctx;
	struct cmd_capture cap;

	if (!cmd_capture_begin(&cap)) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	isakmp_show_policies(cap.f, &c->isakmp);
	cmd_capture_end(s, &cap);
	return CLI_OK;
}

static enum cli_result show_transform_sets(struct cli_session *s, const struct cli_args *a,
					   void *ctx)
{
	struct config *c = ctx;
	const char *name = cli_arg_str(a, "name");
	struct cmd_capture cap;

	if (name && !transform_set_find(&c->ipsec, name)) {
		cli_error(s, "%% Transform set %s does not exist", name);
		return CLI_ERROR;
	}
	if (!cmd_capture_begin(&cap)) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	ipsec_show_transform_sets(cap.f, &c->ipsec, name);
	cmd_capture_end(s, &cap);
	return CLI_OK;
}

static enum cli_result show_profiles(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *name = cli_arg_str(a, "name");
	struct cmd_capture cap;

	if (name && !ipsec_profile_find(&c->ipsec, name)) {
		cli_error(s, "%% IPsec profile %s does not exist", name);
		return CLI_ERROR;
	}
	if (!cmd_capture_begin(&cap)) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	ipsec_show_profiles(cap.f, &c->ipsec, name);
	cmd_capture_end(s, &cap);
	return CLI_OK;
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
