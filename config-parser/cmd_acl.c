/* ip access-list extended NAME (and its entries), access-list 100-199. */
#include "config-parser/cmd.h"

#include <stdio.h>
#include <string.h>

/* The matched words back into one canonical entry line, checked by
 * acl_entry_parse (port names, range order). */
static void append_addr(char *line, size_t len, const struct cli_args *a, const char *side)
{
	char any[16], host[16], wild[16];
	size_t at = strlen(line);

	snprintf(any, sizeof(any), "%sany", side);
	snprintf(host, sizeof(host), "%shost", side);
	snprintf(wild, sizeof(wild), "%swild", side);
	if (cli_arg_has(a, any))
		snprintf(line + at, len - at, " any");
	else if (cli_arg_has(a, host))
		snprintf(line + at, len - at, " host %s", cli_arg_str(a, host));
	else
		snprintf(line + at, len - at, " %s %s", cli_arg_str(a, side), cli_arg_str(a, wild));
}

static void append_ports(char *line, size_t len, const struct cli_args *a, const char *side)
{
	char op[8], port[8], lo[8], hi[8];
	size_t at = strlen(line);

	snprintf(op, sizeof(op), "%sop", side);
	snprintf(port, sizeof(port), "%sport", side);
	snprintf(lo, sizeof(lo), "%slo", side);
	snprintf(hi, sizeof(hi), "%shi", side);
	if (!cli_arg_has(a, op))
		return;
	if (cli_arg_has(a, lo))
		snprintf(line + at, len - at, " range %s %s", cli_arg_str(a, lo), cli_arg_str(a, hi));
	else
		snprintf(line + at, len - at, " %s %s", cli_arg_str(a, op), cli_arg_str(a, port));
}

static bool parse_rule(struct cli_session *s, const struct cli_args *a, struct acl_entry *rule)
{
	char line[512], err[160];

	snprintf(line, sizeof(line), "%s %s", cli_arg_str(a, "action"), cli_arg_str(a, "proto"));
	append_addr(line, sizeof(line), a, "src");
	append_ports(line, sizeof(line), a, "s");
	append_addr(line, sizeof(line), a, "dst");
	append_ports(line, sizeof(line), a, "d");
	if (cli_arg_has(a, "log"))
		strncat(line, " log", sizeof(line) - strlen(line) - 1);
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

/* The numbered list, created for an addition, never for a "no". */
static struct acl *numbered(struct cli_session *s, const struct cli_args *a, struct config *c)
{
	char name[8];
	struct acl *acl;

	snprintf(name, sizeof(name), "%lu", cli_arg_num(a, "num", 0));
	if (cli_arg_has(a, "no")) {
		acl = config_acl_find(c, name);
		if (!acl)
			cli_error(s, "%% Access list %s does not exist", name);
		return acl;
	}
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
#define SEQ_HELP "Sequence Number"

/* Entry grammar, as IOS offers it with ?: protocol, source [ports],
 * destination [ports], [log]; ports only after tcp and udp. */
#define ADDR(side) "(any$" side "any|host A.B.C.D$" side "host|A.B.C.D$" side \
	" A.B.C.D$" side "wild)"
#define ADDR_HELP(side, Side) "Any " side " host", "A single " side " host", Side " address", \
	Side " address", Side " wildcard bits"
#define PORTS(p) "[((eq|neq|gt|lt)$" p "op WORD$" p "port|range$" p "op WORD$" p "lo WORD$" \
	p "hi)]"
#define PORTS_HELP "Match only packets on a given port number", \
	"Match only packets not on a given port number", \
	"Match only packets with a greater port number", \
	"Match only packets with a lower port number", "Port number or name", \
	"Match only packets in the range of port numbers", "Lowest port number or name", \
	"Highest port number or name"
#define IP_PROTOS "(ip|icmp|esp|gre|ahp|igmp|ospf|pim|eigrp|ipinip|<0-255>)$proto"
#define IP_PROTOS_HELP "Any Internet Protocol", "Internet Control Message Protocol", \
	"Encapsulation Security Payload", "Cisco's GRE tunneling", \
	"Authentication Header Protocol", "Internet Gateway Message Protocol", \
	"OSPF routing protocol", "Protocol Independent Multicast", \
	"Cisco's EIGRP routing protocol", "IP in IP tunneling", "An IP protocol number"
#define L4_PROTOS "(tcp|udp)$proto"
#define L4_PROTOS_HELP "Transmission Control Protocol", "User Datagram Protocol"
#define LOG_HELP "Log matches against this entry"

#define RULE_IP IP_PROTOS " " ADDR("src") " " ADDR("dst") " [log]"
#define RULE_IP_HELP IP_PROTOS_HELP, ADDR_HELP("source", "Source"), ADDR_HELP("destination", "Destination"), LOG_HELP
#define RULE_L4 L4_PROTOS " " ADDR("src") " " PORTS("s") " " ADDR("dst") " " PORTS("d") " [log]"
#define RULE_L4_HELP L4_PROTOS_HELP, ADDR_HELP("source", "Source"), PORTS_HELP, ADDR_HELP("destination", "Destination"), \
	PORTS_HELP, LOG_HELP
#define NACL_HEAD "[no] [<1-2147483647>$seq] (permit|deny)$action "
#define NACL_HEAD_HELP NO_HELP, SEQ_HELP, PERMIT_HELP, DENY_HELP
#define NUMBERED_HEAD "[no] access-list <100-199>$num (permit|deny)$action "
#define NUMBERED_HEAD_HELP NO_HELP, "Add an access list entry", "IP extended access list", \
	PERMIT_HELP, DENY_HELP

const struct cli_command config_acl_commands[] = {
	{ CLI_MODE_CONFIG, "[no] ip access-list extended WORD$name",
	  HELP(NO_HELP, "Global IP configuration subcommands", "Named access-list",
	       "Extended Access List", "name or number (100-199) of the access list"),
	  acl_enter, 0 },
	{ CLI_MODE_EXT_NACL, NACL_HEAD RULE_IP, HELP(NACL_HEAD_HELP, RULE_IP_HELP), nacl_rule, 0 },
	{ CLI_MODE_EXT_NACL, NACL_HEAD RULE_L4, HELP(NACL_HEAD_HELP, RULE_L4_HELP), nacl_rule, 0 },
	{ CLI_MODE_EXT_NACL, "no <1-2147483647>$seq",
	  HELP(NO_HELP, SEQ_HELP), nacl_delete_seq, 0 },
	{ CLI_MODE_EXT_NACL, "[no] remark LINE$text",
	  HELP(NO_HELP, "Access list entry comment", "Comment up to 100 characters"),
	  nacl_remark, 0 },
	{ CLI_MODE_CONFIG, NUMBERED_HEAD RULE_IP, HELP(NUMBERED_HEAD_HELP, RULE_IP_HELP),
	  numbered_rule, 0 },
	{ CLI_MODE_CONFIG, NUMBERED_HEAD RULE_L4, HELP(NUMBERED_HEAD_HELP, RULE_L4_HELP),
	  numbered_rule, 0 },
	{ CLI_MODE_CONFIG, "[no] access-list <100-199>$num remark LINE$text",
	  HELP(NO_HELP, "Add an access list entry", "IP extended access list",
	       "Access list entry comment", "Comment up to 100 characters"), numbered_remark, 0 },
	{ CLI_MODE_CONFIG, "no access-list <100-199>$num",
	  HELP(NO_HELP, "Add an access list entry", "IP extended access list"), numbered_delete, 0 },
	{ .spec = NULL },
};
