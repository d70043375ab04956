/* A command tree like the daemon's (the built-ins plus tables shaped like
 * the crypto and ACL modes later areas add) and a session whose output is
 * captured, for the matcher tests. */
#ifndef GETVPND_TESTS_CLI_HARNESS_H
#define GETVPND_TESTS_CLI_HARNESS_H

#include "cli/builtins.h"
#include "cli/command.h"
#include "cli/session.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct captured {
	char text[16384];
	size_t len;
};

static inline void capture(void *arg, const char *data, size_t len)
{
	struct captured *c = arg;

	if (c->len + len >= sizeof(c->text))
		len = sizeof(c->text) - 1 - c->len;
	memcpy(c->text + c->len, data, len);
	c->len += len;
	c->text[c->len] = '\0';
}

/* Handlers print what they received, so tests see the typed arguments. */
static inline enum cli_result show_args(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	static const char *const names[] = { "no", "priority", "cipher", "method", "life",
		"prefix", "mask", "nexthop", "name", "id", "seq", "secs", "acl", "detail", "text",
		"src", "dst", "default", "dh", NULL };

	cli_out(s, "[%s", (const char *)ctx);
	for (const char *const *n = names; *n; n++) {
		if (!cli_arg_has(a, *n))
			continue;
		if (strcmp(*n, "prefix") == 0 || strcmp(*n, "mask") == 0 || strcmp(*n, "nexthop") == 0) {
			struct in_addr ip = cli_arg_ipv4(a, *n);

			cli_out(s, " %s=%s", *n, inet_ntoa(ip));
		} else if (strcmp(*n, "priority") == 0 || strcmp(*n, "life") == 0) {
			cli_out(s, " %s=%lu", *n, cli_arg_num(a, *n, 0));
		} else {
			cli_out(s, " %s=%s", *n, cli_arg_str(a, *n));
		}
	}
	cli_out(s, "]\n");
	return CLI_OK;
}

#define ENTER_HANDLER(fn, mode_) \
static enum cli_result fn(struct cli_session *s, const struct cli_args *a, void *ctx) \
{ \
	cli_session_enter(s, mode_, NULL); \
	return CLI_OK; \
}
ENTER_HANDLER(enter_isakmp, CLI_MODE_ISAKMP_POLICY)
ENTER_HANDLER(enter_group, CLI_MODE_GDOI_GROUP)
ENTER_HANDLER(enter_server, CLI_MODE_GDOI_LOCAL_SERVER)
ENTER_HANDLER(enter_sa, CLI_MODE_GDOI_SA_IPSEC)
ENTER_HANDLER(enter_acl, CLI_MODE_EXT_NACL)

#define H(...) (const char *const[]){ __VA_ARGS__, NULL }

static const struct cli_command test_commands[] = {
	{ CLI_MODE_CONFIG, "crypto isakmp policy <1-10000>$priority",
	  H("Encryption module", "Configure ISAKMP policy", "Set policy priority",
	    "Priority of protection suite"), enter_isakmp, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "encryption (aes|3des|des)$cipher",
	  H("Set encryption algorithm", "AES", "Three key triple DES", "DES"), show_args, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "[no] authentication (pre-share|rsa-sig)$method",
	  H("Negate a command", "Set authentication method", "Pre-Shared Key", "RSA signatures"),
	  show_args, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "[no|default] group (2|5|14)$dh",
	  H("Negate a command", "Set a command to its defaults", "Set the Diffie-Hellman group",
	    "Diffie-Hellman group 2", "Diffie-Hellman group 5", "Diffie-Hellman group 14"),
	  show_args, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "lifetime <60-86400>$life",
	  H("Set lifetime for ISAKMP security association", "lifetime in seconds"), show_args, 0 },
	{ CLI_MODE_CONFIG, "ip route static",
	  H("Global IP configuration subcommands", "Establish static routes", "Allow static routes"),
	  show_args, 0 },
	{ CLI_MODE_CONFIG, "ip route A.B.C.D$prefix A.B.C.D$mask A.B.C.D$nexthop",
	  H("Global IP configuration subcommands", "Establish static routes",
	    "Destination prefix", "Destination prefix mask", "Forwarding router's address"),
	  show_args, 0 },
	{ CLI_MODE_CONFIG, "ip access-list extended WORD$name",
	  H("Global IP configuration subcommands", "Named access-list",
	    "Extended Access List", "Access-list name"), enter_acl, 0 },
	{ CLI_MODE_EXT_NACL, "permit ip host A.B.C.D$src host A.B.C.D$dst",
	  H("Specify packets to forward", "Any Internet Protocol", "A single source host",
	    "Source address", "A single destination host", "Destination address"), show_args, 0 },
	{ CLI_MODE_EXT_NACL, "[no] remark LINE$text",
	  H("Negate a command", "Access list entry comment", "Comment up to 100 characters"),
	  show_args, 0 },
	{ CLI_MODE_CONFIG, "crypto gdoi group WORD$name",
	  H("Encryption module", "Configure GDOI policy", "Configure a GDOI group", "Group name"),
	  enter_group, 0 },
	{ CLI_MODE_GDOI_GROUP, "identity number <1-4294967295>$id",
	  H("Set the identity of the group", "Set the identity as a number", "Group number"),
	  show_args, 0 },
	{ CLI_MODE_GDOI_GROUP, "server local",
	  H("Configure a GDOI server", "Configure a local GDOI server"), enter_server, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "sa ipsec <1-65535>$seq",
	  H("Configure SA policy", "IPsec SA policy", "Sequence to insert the SA policy"),
	  enter_sa, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "rekey lifetime seconds <300-86400>$secs",
	  H("Configure rekey policy", "Lifetime of the rekey SA", "Seconds",
	    "Number of seconds"), show_args, 0 },
	{ CLI_MODE_GDOI_SA_IPSEC, "profile WORD$name",
	  H("Configure an IPsec profile", "IPsec profile name"), show_args, 0 },
	{ CLI_MODE_GDOI_SA_IPSEC, "match address ipv4 WORD$acl",
	  H("Match values of the SA policy", "Match an address", "IPv4 access list",
	    "Access list name"), show_args, 0 },
	{ CLI_MODE_PRIV_EXEC, "show crypto gdoi",
	  H("Show running system information", "Encryption module", "Show GDOI information"),
	  show_args, 0 },
	{ CLI_MODE_PRIV_EXEC, "show crypto ipsec sa [detail$detail]",
	  H("Show running system information", "Encryption module", "Show IPSEC info",
	    "IPSEC SA table", "Show detailed counters"), show_args, 0 },
	{ CLI_MODE_PRIV_EXEC, "show route-table",
	  H("Show running system information", "Kernel routes"), show_args, 0 },
	{ CLI_MODE_PRIV_EXEC, "clear crypto gdoi",
	  H("Reset functions", "Encryption module", "Clear GDOI state"), show_args, 0 },
	{ .spec = NULL },
};

struct harness {
	struct cli_tree *tree;
	struct cli_builtins builtins;
	struct cli_session *s;
	struct captured out;
	enum cli_status last;
};

static inline void harness_init(struct harness *h, bool privileged, const char *startup)
{
	memset(h, 0, sizeof(*h));
	log_init("test", LOG_SINK_NONE);
	h->tree = cli_tree_new();
	h->builtins.startup_config = startup;
	if (cli_builtins_register(h->tree, &h->builtins) != 0 ||
	    cli_tree_register(h->tree, test_commands, "cmd") != 0) {
		printf("Bail out! cannot build the command tree\n");
		exit(1);
	}
	h->s = cli_session_new(h->tree, NULL, capture, &h->out);
	if (privileged)
		cli_session_set_privileged(h->s);
}

static inline void harness_free(struct harness *h)
{
	cli_session_free(h->s);
	cli_tree_free(h->tree);
}

/* Runs one line; returns what it printed. */
static inline const char *run(struct harness *h, const char *line)
{
	h->out.len = 0;
	h->out.text[0] = '\0';
	h->last = cli_session_execute(h->s, line);
	return h->out.text;
}

static inline const char *help(struct harness *h, const char *line)
{
	h->out.len = 0;
	h->out.text[0] = '\0';
	cli_session_describe(h->s, line);
	return h->out.text;
}

static inline const char *complete(struct harness *h, const char *line)
{
	h->out.len = 0;
	h->out.text[0] = '\0';
	cli_session_complete(h->s, line);
	return h->out.text;
}

#endif
