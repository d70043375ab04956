/* ip access-list extended NAME (and its entries), access-list 100-199. */
#include "config-parser/cmd.h"

#include <stdio.h>
#include <string.h>

/* "permit" + the rest of the line, parsed by acl_entry_parse. */
static bool parse_rule(struct cli_session *s, const struct cli_args *a, struct acl_entry *rule)
{
	char line[512], err[160];
	const char *rest = cli_arg_str(a, "rest");

	if (snprintf(line, sizeof(line), "%s %s", cli_arg_str(a, "action"), rest ? rest : "") >=
	    (int)sizeof(line)) {
		cli_error(s, "%% Entry too long");
		return false;
	}
	if (!acl_entry_parse(line, rule, err, sizeof(err))) {
		cli_error(s, "%s", err);
		return false;
	}
	if (cli_arg_has(a, "seq"))
		rule->seq = (uint32_t)cli_arg_num(a, "seq", 0);
	return true;
}

static enum cli_result add_or_delete_rule(struct cli_session *s, const struct cli_args *a,
					  struct config *c, struct acl *acl)
{
	struct acl_entry rule;
	char err[160];

	if (!parse_rule(s, a, &rule))
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		if (!acl_delete_rule(acl, &rule)) {
			cli_error(s, "%% No such entry in access list %s", acl->name);
			return CLI_ERROR;
		}
	} else if (!acl_add_rule(acl, &rule, err, sizeof(err))) {
		cli_error(s, "%s", err);
		return CLI_ERROR;
	}
	config_changed(c, CONFIG_CHANGE_ACL, acl->name);
	return CLI_OK;
}

static enum cli_result remark(struct cli_session *s, const struct cli_args *a, struct config *c,
			      struct acl *acl)
{
	const char *text = cli_arg_str(a, "text");
	char err[160];

	if (cli_arg_has(a, "no")) {
		if (!acl_delete_remark(acl, text)) {
			cli_error(s, "%% No such remark in access list %s", acl->name);
			return CLI_ERROR;
		}
	} else if (!acl_add_remark(acl, text, err, sizeof(err))) {
		cli_error(s, "%s", err);
		return CLI_ERROR;
	}
	config_changed(c, CONFIG_CHANGE_ACL, acl->name);
	return CLI_OK;
}

static enum cli_result acl_enter(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *name = cli_arg_str(a, "name");
	unsigned long number;

	if (parse_number(name, 1, 99, &number) || parse_number(name, 1300, 1999, &number) ||
	    parse_number(name, 2000, 2699, &number)) {
		cli_error(s, "%% Standard and expanded-range numbered lists are not supported; "
			  "use 100-199 or a name");
		return CLI_ERROR;
	}
	if (cli_arg_has(a, "no")) {
		if (!config_acl_delete(c, name)) {
			cli_error(s, "%% Access list %s does not exist", name);
			return CLI_ERROR;
		}
		config_changed(c, CONFIG_CHANGE_ACL, name);
		return CLI_OK;
	}
	if (!valid_object_name(name)) {
		cli_error(s, "%% Invalid access list name (1 to %d characters)", CONFIG_NAME_MAX);
		return CLI_ERROR;
	}
	struct acl *acl = config_acl_get(c, name);
	if (!acl) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	cli_session_enter(s, CLI_MODE_EXT_NACL, acl);
	return CLI_OK;
}

static enum cli_result nacl_rule(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct acl *acl = cmd_current_acl(s, ctx);

	return acl ? add_or_delete_rule(s, a, ctx, acl) : CLI_ERROR;
}

static enum cli_result nacl_delete_seq(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct acl *acl = cmd_current_acl(s, ctx);
	unsigned long seq = cli_arg_num(a, "seq", 0);

	if (!acl)
		return CLI_ERROR;
	if (!acl_delete_seq(acl, (uint32_t)seq)) {
		cli_error(s, "%% No entry %lu in access list %s", seq, acl->name);
		return CLI_ERROR;
	}
	config_changed(ctx, CONFIG_CHANGE_ACL, acl->name);
	return CLI_OK;
}

static enum cli_result nacl_remark(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct acl *acl = cmd_current_acl(s, ctx);

	return acl ? remark(s, a, ctx, acl) : CLI_ERROR;
}

static struct acl *numbered(struct cli_session *s, const struct cli_args *a, struct config *c)
{
	char name[8];
	struct acl *acl;

	snprintf(name, sizeof(name), "%lu", cli_arg_num(a, "num", 0));
	acl = config_acl_get(c, name);
	if (!acl)
		cli_error(s, "%% Out of memory");
	return acl;
}

static enum cli_result numbered_rule(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct acl *acl = numbered(s, a, ctx);

	return acl ? add_or_delete_rule(s, a, ctx, acl) : CLI_ERROR;
}

static enum cli_result numbered_remark(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct acl *acl = numbered(s, a, ctx);

	return acl ? remark(s, a, ctx, acl) : CLI_ERROR;
}

static enum cli_result numbered_delete(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	char name[8];

	snprintf(name, sizeof(name), "%lu", cli_arg_num(a, "num", 0));
	if (!config_acl_delete(ctx, name)) {
		cli_error(s, "%% Access list %s does not exist", name);
		return CLI_ERROR;
	}
	config_changed(ctx, CONFIG_CHANGE_ACL, name);
	return CLI_OK;
}

#define PERMIT_HELP "Specify packets to forward (encrypt)"
#define DENY_HELP "Specify packets to reject (send in clear)"
#define REST_HELP "protocol source [ports] destination [ports] [log]"
#define SEQ_HELP "Sequence Number"

const struct cli_command config_acl_commands[] = {
	{ CLI_MODE_CONFIG, "[no] ip access-list extended WORD$name",
	  HELP(NO_HELP, "Global IP configuration subcommands", "Named access-list",
	       "Extended Access List", "name or number (100-199) of the access list"),
	  acl_enter, 0 },
	{ CLI_MODE_EXT_NACL, "[no] (permit|deny)$action LINE$rest",
	  HELP(NO_HELP, PERMIT_HELP, DENY_HELP, REST_HELP), nacl_rule, 0 },
	{ CLI_MODE_EXT_NACL, "<1-2147483647>$seq (permit|deny)$action LINE$rest",
	  HELP(SEQ_HELP, PERMIT_HELP, DENY_HELP, REST_HELP), nacl_rule, 0 },
	{ CLI_MODE_EXT_NACL, "no <1-2147483647>$seq",
	  HELP(NO_HELP, SEQ_HELP), nacl_delete_seq, 0 },
	{ CLI_MODE_EXT_NACL, "[no] remark LINE$text",
	  HELP(NO_HELP, "Access list entry comment", "Comment up to 100 characters"),
	  nacl_remark, 0 },
	{ CLI_MODE_CONFIG, "[no] access-list <100-199>$num (permit|deny)$action LINE$rest",
	  HELP(NO_HELP, "Add an access list entry", "IP extended access list",
	       PERMIT_HELP, DENY_HELP, REST_HELP), numbered_rule, 0 },
	{ CLI_MODE_CONFIG, "[no] access-list <100-199>$num remark LINE$text",
	  HELP(NO_HELP, "Add an access list entry", "IP extended access list",
	       "Access list entry comment", "Comment up to 100 characters"), numbered_remark, 0 },
	{ CLI_MODE_CONFIG, "no access-list <100-199>$num",
	  HELP(NO_HELP, "Add an access list entry", "IP extended access list"), numbered_delete, 0 },
	{ .spec = NULL },
};
