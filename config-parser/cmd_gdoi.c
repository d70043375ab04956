/* crypto gdoi group: identity, member side (server address, registration
 * interface), key-server side (server local, rekey..., sa ipsec). */
#include "config-parser/cmd.h"

#include <arpa/inet.h>
#include <string.h>

static enum cli_result group_enter(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *name = cli_arg_str(a, "name");

	if (cli_arg_has(a, "no")) {
		if (!gdoi_group_delete(&c->groups, name)) {
			cli_error(s, "%% GDOI group %s does not exist", name);
			return CLI_ERROR;
		}
		config_changed(c, CONFIG_CHANGE_GDOI_GROUP, name);
		return CLI_OK;
	}
	if (!valid_object_name(name)) {
		cli_error(s, "%% Invalid group name (1 to %d characters)", CONFIG_NAME_MAX);
		return CLI_ERROR;
	}
	struct gdoi_group *g = gdoi_group_get(&c->groups, name);
	if (!g) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	cli_session_enter(s, CLI_MODE_GDOI_GROUP, g);
	return CLI_OK;
}

static enum cli_result group_identity(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	struct gdoi_group *g = cmd_current_group(s, c);

	if (!g)
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		g->has_identity = false;
		g->identity = 0;
	} else {
		uint32_t id = (uint32_t)cli_arg_num(a, "id", 0);
		struct gdoi_group *other = gdoi_group_by_identity(&c->groups, id);
		if (other && other != g) {
			cli_error(s, "%% Group %s already uses identity number %u", other->name, id);
			return CLI_ERROR;
		}
		g->has_identity = true;
		g->identity = id;
	}
	config_changed(c, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result group_server_local(struct cli_session *s, const struct cli_args *a,
					  void *ctx)
{
	struct gdoi_group *g = cmd_current_group(s, ctx);

	if (!g)
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		gdoi_server_local_disable(g);
		config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
		return CLI_OK;
	}
	if (g->ks_address_count) {
		cli_error(s, "%% Group %s is a group member (server address ipv4); remove the "
			  "key server addresses first", g->name);
		return CLI_ERROR;
	}
	gdoi_server_local_enable(g);
	cli_session_enter(s, CLI_MODE_GDOI_LOCAL_SERVER, g);
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result group_server_address(struct cli_session *s, const struct cli_args *a,
					    void *ctx)
{
	struct gdoi_group *g = cmd_current_group(s, ctx);
	uint32_t addr = ntohl(cli_arg_ipv4(a, "addr").s_addr);
	char err[160];

	if (!g)
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		if (!gdoi_group_delete_ks_address(g, addr)) {
			cli_error(s, "%% That key server address is not configured");
			return CLI_ERROR;
		}
	} else if (g->server_local) {
		cli_error(s, "%% Group %s is a key server (server local); a group cannot be both",
			  g->name);
		return CLI_ERROR;
	} else if (!gdoi_group_add_ks_address(g, addr, err, sizeof(err))) {
		cli_error(s, "%s", err);
		return CLI_ERROR;
	}
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result group_registration_if(struct cli_session *s, const struct cli_args *a,
					     void *ctx)
{
	struct gdoi_group *g = cmd_current_group(s, ctx);
	const char *ifname = cli_arg_str(a, "ifname");

	if (!g)
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		g->registration_if[0] = '\0';
	} else if (!valid_interface_name(ifname)) {
		cli_error(s, "%% Invalid interface name (a Linux name: 1 to 15 characters, no '/')");
		return CLI_ERROR;
	} else {
		snprintf(g->registration_if, sizeof(g->registration_if), "%s", ifname);
	}
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

/* --- server local --------------------------------------------------------- */

static struct gdoi_group *current_ks(struct cli_session *s, struct config *c)
{
	struct gdoi_group *g = cmd_current_group(s, c);

	if (g && !g->server_local) {
		cli_error(s, "%% Group %s is no longer a key server", g->name);
		return NULL;
	}
	return g;
}

static enum cli_result ks_rekey_auth(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);

	if (!g)
		return CLI_ERROR;
	if (cli_arg_has(a, "no"))
		g->ks.rekey_rsa_label[0] = '\0';
	else if (!cmd_set_name(s, g->ks.rekey_rsa_label, sizeof(g->ks.rekey_rsa_label),
			       cli_arg_str(a, "label"), "key"))
		return CLI_ERROR;
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_rekey_transport(struct cli_session *s, const struct cli_args *a,
					  void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);

	if (!g)
		return CLI_ERROR;
	g->ks.rekey_transport = cli_arg_has(a, "no") ? GDOI_REKEY_MULTICAST : GDOI_REKEY_UNICAST;
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_rekey_address(struct cli_session *s, const struct cli_args *a,
					void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);

	if (!g)
		return CLI_ERROR;
	if (cli_arg_has(a, "no"))
		g->ks.rekey_address_acl[0] = '\0';
	else if (!cmd_set_name(s, g->ks.rekey_address_acl, sizeof(g->ks.rekey_address_acl),
			       cli_arg_str(a, "acl"), "access list"))
		return CLI_ERROR;
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_rekey_lifetime(struct cli_session *s, const struct cli_args *a,
					 void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);

	if (!g)
		return CLI_ERROR;
	g->ks.rekey_lifetime = cli_arg_has(a, "no") ? GDOI_DEFAULT_REKEY_LIFETIME :
			       (unsigned)cli_arg_num(a, "secs", GDOI_DEFAULT_REKEY_LIFETIME);
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_rekey_retransmit(struct cli_session *s, const struct cli_args *a,
					   void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);
	bool no = cli_arg_has(a, "no");

	if (!g)
		return CLI_ERROR;
	g->ks.retransmit_secs = no ? GDOI_DEFAULT_RETRANSMIT_SECS :
				(unsigned)cli_arg_num(a, "secs", GDOI_DEFAULT_RETRANSMIT_SECS);
	g->ks.retransmit_number = no ? GDOI_DEFAULT_RETRANSMIT_NUMBER :
				  (unsigned)cli_arg_num(a, "count", GDOI_DEFAULT_RETRANSMIT_NUMBER);
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_rekey_algorithm(struct cli_session *s, const struct cli_args *a,
					  void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);
	const char *alg = cli_arg_str(a, "alg"), *bits = cli_arg_str(a, "bits");

	if (!g)
		return CLI_ERROR;
	if (cli_arg_has(a, "no") || !alg) {
		g->ks.rekey_algorithm = GDOI_REKEY_AES128;
	} else if (strcmp(alg, "3des") == 0) {
		if (bits) {
			cli_error(s, "%% A key size applies to aes only");
			return CLI_ERROR;
		}
		g->ks.rekey_algorithm = GDOI_REKEY_3DES;
	} else {
		g->ks.rekey_algorithm = !bits || strcmp(bits, "128") == 0 ? GDOI_REKEY_AES128 :
					strcmp(bits, "192") == 0 ? GDOI_REKEY_AES192 :
					GDOI_REKEY_AES256;
	}
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_sig_hash(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	static const char *const names[] = { "sha", "sha256", "sha384", "sha512", NULL };
	struct gdoi_group *g = current_ks(s, ctx);
	const char *hash = cli_arg_str(a, "hash");

	if (!g)
		return CLI_ERROR;
	g->ks.sig_hash = GDOI_SIG_SHA1;
	if (!cli_arg_has(a, "no") && hash)
		for (int i = 0; names[i]; i++)
			if (strcmp(hash, names[i]) == 0)
				g->ks.sig_hash = (enum gdoi_sig_hash)i;
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_rekey_ack(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);

	if (!g)
		return CLI_ERROR;
	g->ks.rekey_ack = !cli_arg_has(a, "no");
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_address(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);

	if (!g)
		return CLI_ERROR;
	g->ks.has_address = !cli_arg_has(a, "no");
	g->ks.address = g->ks.has_address ? ntohl(cli_arg_ipv4(a, "addr").s_addr) : 0;
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_receive_only(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);

	if (!g)
		return CLI_ERROR;
	g->ks.receive_only = !cli_arg_has(a, "no");
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result ks_sa_enter(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct gdoi_group *g = current_ks(s, ctx);
	unsigned number = (unsigned)cli_arg_num(a, "num", 1);

	if (!g)
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		if (!gdoi_sa_ipsec_delete(&g->ks, number)) {
			cli_error(s, "%% sa ipsec %u does not exist", number);
			return CLI_ERROR;
		}
		config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
		return CLI_OK;
	}
	struct gdoi_sa_ipsec *sa = gdoi_sa_ipsec_get(&g->ks, number);
	if (!sa) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	cli_session_enter(s, CLI_MODE_GDOI_SA_IPSEC, sa);
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

/* --- sa ipsec ------------------------------------------------------------- */

static enum cli_result sa_profile(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct gdoi_group *g;
	struct gdoi_sa_ipsec *sa = cmd_current_sa(s, ctx, &g);

	if (!sa)
		return CLI_ERROR;
	if (cli_arg_has(a, "no"))
		sa->profile[0] = '\0';
	else if (!cmd_set_name(s, sa->profile, sizeof(sa->profile), cli_arg_str(a, "name"),
			       "profile"))
		return CLI_ERROR;
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result sa_match(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct gdoi_group *g;
	struct gdoi_sa_ipsec *sa = cmd_current_sa(s, ctx, &g);

	if (!sa)
		return CLI_ERROR;
	if (cli_arg_has(a, "no"))
		sa->match_acl[0] = '\0';
	else if (!cmd_set_name(s, sa->match_acl, sizeof(sa->match_acl), cli_arg_str(a, "acl"),
			       "access list"))
		return CLI_ERROR;
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

static enum cli_result sa_replay(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct gdoi_group *g;
	struct gdoi_sa_ipsec *sa = cmd_current_sa(s, ctx, &g);
	const char *kind = cli_arg_str(a, "kind");
	unsigned long window = cli_arg_num(a, "window", GDOI_DEFAULT_REPLAY_WINDOW);

	if (!sa)
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		sa->replay = GDOI_REPLAY_NONE;
		sa->replay_window = 0;
	} else if (kind && strcmp(kind, "time") == 0) {
		sa->replay = GDOI_REPLAY_TIME;
		sa->replay_window = (unsigned)window;
	} else {
		if (window & (window - 1)) {
			cli_error(s, "%% Counter window size must be 64, 128, 256, 512 or 1024");
			return CLI_ERROR;
		}
		sa->replay = GDOI_REPLAY_COUNTER;
		sa->replay_window = (unsigned)window;
	}
	config_changed(ctx, CONFIG_CHANGE_GDOI_GROUP, g->name);
	return CLI_OK;
}

#define SRV_HELP "Configure a GDOI server"
#define REKEY_HELP "Configure the rekey parameters"

const struct cli_command config_gdoi_commands[] = {
	{ CLI_MODE_CONFIG, "[no] crypto gdoi group WORD$name",
	  HELP(NO_HELP, "Encryption module", "Configure GDOI policy", "Configure a GDOI group",
	       "Group name"), group_enter, 0 },
	{ CLI_MODE_GDOI_GROUP, "identity number <0-4294967295>$id",
	  HELP("Set the identity of the group", "Set the identity as a number", "Group number"),
	  group_identity, 0 },
	{ CLI_MODE_GDOI_GROUP, "no identity [number [<0-4294967295>$id]]",
	  HELP(NO_HELP, "Set the identity of the group", "Set the identity as a number",
	       "Group number"), group_identity, 0 },
	{ CLI_MODE_GDOI_GROUP, "[no] server local",
	  HELP(NO_HELP, SRV_HELP, "Configure this router as the key server of the group"),
	  group_server_local, 0 },
	{ CLI_MODE_GDOI_GROUP, "[no] server address ipv4 A.B.C.D$addr",
	  HELP(NO_HELP, SRV_HELP, "Set the address of a key server (repeat for more, in order)",
	       "IPv4 address", "Key server address"), group_server_address, 0 },
	{ CLI_MODE_GDOI_GROUP, "client registration interface WORD$ifname",
	  HELP("Configure the group member", "Registration parameters",
	       "Interface whose address registers", "Linux interface name"),
	  group_registration_if, 0 },
	{ CLI_MODE_GDOI_GROUP, "no client registration interface [WORD$ifname]",
	  HELP(NO_HELP, "Configure the group member", "Registration parameters",
	       "Interface whose address registers", "Linux interface name"),
	  group_registration_if, 0 },

	{ CLI_MODE_GDOI_LOCAL_SERVER, "rekey authentication mypubkey rsa WORD$label",
	  HELP(REKEY_HELP, "Rekey authentication", "Use one of this router's keys",
	       "RSA key pair", "Key label"), ks_rekey_auth, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "no rekey authentication [mypubkey [rsa [WORD$label]]]",
	  HELP(NO_HELP, REKEY_HELP, "Rekey authentication", "Use one of this router's keys",
	       "RSA key pair", "Key label"), ks_rekey_auth, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "[no] rekey transport unicast",
	  HELP(NO_HELP, REKEY_HELP, "Rekey transport", "Send rekeys to each member (unicast)"),
	  ks_rekey_transport, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "rekey address ipv4 WORD$acl",
	  HELP(REKEY_HELP, "Rekey source and destination", "IPv4 access list",
	       "Access list naming the multicast rekey destination"), ks_rekey_address, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "no rekey address [ipv4 [WORD$acl]]",
	  HELP(NO_HELP, REKEY_HELP, "Rekey source and destination", "IPv4 access list",
	       "Access list naming the multicast rekey destination"), ks_rekey_address, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "rekey lifetime seconds <300-86400>$secs",
	  HELP(REKEY_HELP, "Lifetime of the rekey SA (KEK)", "Seconds", "Number of seconds"),
	  ks_rekey_lifetime, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "no rekey lifetime [seconds [<300-86400>$secs]]",
	  HELP(NO_HELP, REKEY_HELP, "Lifetime of the rekey SA (KEK)", "Seconds",
	       "Number of seconds"), ks_rekey_lifetime, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "rekey retransmit <10-60>$secs number <1-10>$count",
	  HELP(REKEY_HELP, "Retransmission of rekeys", "Seconds between retransmissions",
	       "Number of retransmissions", "Retransmissions"), ks_rekey_retransmit, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "no rekey retransmit [<10-60>$secs [number <1-10>$count]]",
	  HELP(NO_HELP, REKEY_HELP, "Retransmission of rekeys", "Seconds between retransmissions",
	       "Number of retransmissions", "Retransmissions"), ks_rekey_retransmit, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "rekey algorithm (aes|3des)$alg [(128|192|256)$bits]",
	  HELP(REKEY_HELP, "KEK cipher", "AES", "Triple DES", "128 bit keys.", "192 bit keys.",
	       "256 bit keys."), ks_rekey_algorithm, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "no rekey algorithm [(aes|3des)$alg [(128|192|256)$bits]]",
	  HELP(NO_HELP, REKEY_HELP, "KEK cipher", "AES", "Triple DES", "128 bit keys.",
	       "192 bit keys.", "256 bit keys."), ks_rekey_algorithm, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "rekey sig-hash algorithm (sha|sha256|sha384|sha512)$hash",
	  HELP(REKEY_HELP, "Hash of the rekey signature", "Hash algorithm", "SHA-1", "SHA-256",
	       "SHA-384", "SHA-512"), ks_sig_hash, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER,
	  "no rekey sig-hash [algorithm [(sha|sha256|sha384|sha512)$hash]]",
	  HELP(NO_HELP, REKEY_HELP, "Hash of the rekey signature", "Hash algorithm", "SHA-1",
	       "SHA-256", "SHA-384", "SHA-512"), ks_sig_hash, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "[no] rekey acknowledgement",
	  HELP(NO_HELP, REKEY_HELP, "Ask members to acknowledge unicast rekeys (RFC 8263)"),
	  ks_rekey_ack, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "address ipv4 A.B.C.D$addr",
	  HELP("Set the key server address", "IPv4 address", "This key server's address"),
	  ks_address, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "no address [ipv4 [A.B.C.D$addr]]",
	  HELP(NO_HELP, "Set the key server address", "IPv4 address", "This key server's address"),
	  ks_address, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "[no] sa ipsec <1-65535>$num",
	  HELP(NO_HELP, "Configure SA policy", "IPsec SA policy",
	       "Sequence to insert the SA policy"), ks_sa_enter, 0 },
	{ CLI_MODE_GDOI_LOCAL_SERVER, "[no] sa receive-only",
	  HELP(NO_HELP, "Configure SA policy",
	       "Members only decrypt (do not encrypt) with the group SAs"), ks_receive_only, 0 },

	{ CLI_MODE_GDOI_SA_IPSEC, "profile WORD$name",
	  HELP("Configure an IPsec profile", "IPsec profile name"), sa_profile, 0 },
	{ CLI_MODE_GDOI_SA_IPSEC, "no profile [WORD$name]",
	  HELP(NO_HELP, "Configure an IPsec profile", "IPsec profile name"), sa_profile, 0 },
	{ CLI_MODE_GDOI_SA_IPSEC, "match address ipv4 WORD$acl",
	  HELP("Match values of the SA policy", "Match an address", "IPv4 access list",
	       "Access list name or number"), sa_match, 0 },
	{ CLI_MODE_GDOI_SA_IPSEC, "no match address [ipv4 [WORD$acl]]",
	  HELP(NO_HELP, "Match values of the SA policy", "Match an address", "IPv4 access list",
	       "Access list name or number"), sa_match, 0 },
	{ CLI_MODE_GDOI_SA_IPSEC, "replay counter window-size <64-1024>$window",
	  HELP("Anti-replay protection", "Counter-based anti-replay", "Window size",
	       "Packets: 64, 128, 256, 512 or 1024"), sa_replay, 0 },
	{ CLI_MODE_GDOI_SA_IPSEC, "replay (time)$kind window-size <1-100>$window",
	  HELP("Anti-replay protection", "Time-based anti-replay", "Window size", "Seconds"),
	  sa_replay, 0 },
	{ CLI_MODE_GDOI_SA_IPSEC, "no replay [(counter|time)$kind [window-size]]",
	  HELP(NO_HELP, "Anti-replay protection", "Counter-based anti-replay",
	       "Time-based anti-replay", "Window size"), sa_replay, 0 },
	{ .spec = NULL },
};
