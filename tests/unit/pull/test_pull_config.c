/* From the configuration, as typed (the lesson's key server and member),
 * to the key server and member group configurations, and on to a
 * registration between the two. Also what GDOI cannot carry is refused. */
#include "tests/tap.h"
#include "tests/unit/pull/pull_harness.h"

#include <stdlib.h>
#include <unistd.h>

#include "cli/builtins.h"
#include "cli/session.h"
#include "config-parser/register.h"
#include "gdoi/gm_config.h"
#include "gdoi/ks_config.h"
#include "gdoi/pull_show.h"
#include "log/log.h"

static void discard(void *arg, const char *data, size_t len)
{
	(void)arg;
	(void)data;
	(void)len;
}

struct router {
	struct cli_tree *tree;
	struct cli_builtins builtins;
	struct config *config;
	struct cli_session *s;
	char dir[64];
};

static bool router_init(struct router *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "/tmp/pull-config-XXXXXX");
	if (!mkdtemp(r->dir))
		return false;
	r->tree = cli_tree_new();
	if (cli_builtins_register(r->tree, &r->builtins) != 0)
		return false;
	r->config = config_setup(r->tree, r->dir);
	if (!r->config)
		return false;
	r->s = cli_session_new(r->tree, r->config, discard, NULL);
	cli_session_set_privileged(r->s);
	return true;
}

static int type_lines(struct router *r, const char *const *lines)
{
	int errors = 0;

	for (; *lines; lines++)
		if (cli_session_execute(r->s, *lines) != CLI_STATUS_OK) {
			diag(*lines);
			errors++;
		}
	return errors;
}

static void router_free(struct router *r)
{
	char cmd[128];

	cli_session_free(r->s);
	config_teardown(r->config);
	cli_tree_free(r->tree);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", r->dir);
	if (system(cmd) != 0)
		diag("could not remove the key store directory");
}

static const char *const ks_lines[] = {
	"configure terminal",
	"crypto isakmp policy 10", "encryption aes", "hash sha", "authentication pre-share",
	"group 5", "crypto isakmp key MY_KEY address 0.0.0.0",
	"crypto ipsec transform-set TRANSFORM_SET esp-aes esp-sha-hmac",
	"crypto ipsec profile IPSEC_PROFILE", "set transform-set TRANSFORM_SET",
	"crypto key generate rsa modulus 1024 label RSA_KEYS",
	"ip access-list extended ICMP", "permit icmp any any",
	"crypto gdoi group GDOI_GROUP", "identity number 123", "server local",
	"address ipv4 192.168.1.1", "rekey authentication mypubkey rsa RSA_KEYS",
	"rekey transport unicast", "sa ipsec 1", "profile IPSEC_PROFILE",
	"match address ipv4 ICMP", "end", NULL,
};

static const char *const gm_lines[] = {
	"configure terminal",
	"crypto isakmp policy 10", "encryption aes", "hash sha", "authentication pre-share",
	"group 5", "crypto isakmp key MY_KEY address 0.0.0.0",
	"crypto gdoi group GDOI_GROUP", "identity number 123",
	"server address ipv4 192.168.1.1", "server address ipv4 192.168.1.9",
	"crypto map CRYPTO_MAP 10 gdoi", "set group GDOI_GROUP",
	"interface eth0", "crypto map CRYPTO_MAP", "end", NULL,
};

static void acl_line(struct router *r, const char *line)
{
	const char *const lines[] = { "configure terminal", "ip access-list extended ICMP", line,
				      "end", NULL };

	type_lines(r, lines);
}

static void refused(struct router *r, const char *line, const char *what)
{
	const struct gdoi_group *grp = gdoi_group_find(&r->config->groups, "GDOI_GROUP");
	struct ks_group_config cfg;
	char err[160] = "", name[200];

	acl_line(r, line);
	snprintf(name, sizeof(name), "refused: %s", what);
	ok(!ks_config_from_model(r->config, grp, &cfg, err, sizeof(err)) && err[0], name);
	diag(err);
}

int main(void)
{
	static struct ks_pull_out out;
	struct router ks_r, gm_r;
	struct ks_group_config kcfg;
	struct gm_group_config gcfg;
	const struct gdoi_group *grp;
	struct ks *ks;
	struct gm *gm;
	struct ks_group *kg;
	struct gm_group *g;
	struct sa_pair p;
	const char *why;
	char err[160] = "";

	log_init("test", LOG_SINK_NONE);
	(void)out;
	ok(router_init(&ks_r) && router_init(&gm_r), "two routers with configuration and key store");
	is_int(type_lines(&ks_r, ks_lines), 0, "the lesson's key server configuration is accepted");
	is_int(type_lines(&gm_r, gm_lines), 0, "the lesson's member configuration is accepted");

	grp = gdoi_group_find(&ks_r.config->groups, "GDOI_GROUP");
	ok(grp && ks_config_from_model(ks_r.config, grp, &kcfg, err, sizeof(err)),
	   "key server group configuration derived");
	if (err[0])
		diag(err);
	is_int(kcfg.group_id, 123, "identity 123");
	ok(kcfg.server_addr.s_addr == ipv4("192.168.1.1").s_addr, "KS address");
	is_int(kcfg.n_sa, 1, "one sa ipsec");
	is_int(kcfg.sa[0].esp_id, GP_ESP_AES, "esp-aes");
	is_int(kcfg.sa[0].key_bits, 128, "AES 128 by default");
	is_int(kcfg.sa[0].auth_id, GP_AUTH_HMAC_SHA1, "esp-sha-hmac");
	is_int(kcfg.sa[0].lifetime_s, 3600, "profile lifetime 3600");
	is_int(kcfg.sa[0].n_selectors, 1, "one ACL entry");
	is_int(kcfg.sa[0].selectors[0].protocol, 1, "permit icmp");
	ok(kcfg.sa[0].selectors[0].src_mask.s_addr == 0 && kcfg.sa[0].selectors[0].dst_mask.s_addr == 0,
	   "any any");
	is_int(kcfg.sa[0].addr_preservation, GP_AP_SOURCE_AND_DESTINATION, "address preservation");
	is_int(kcfg.sa[0].direction, GP_DIR_SYMMETRIC, "both directions");
	ok(kcfg.rekey && kcfg.rekey_unicast, "rekey configured, unicast");
	ok(kcfg.pubkey_len > 0 && kcfg.sig_key_bits == 1024, "RSA_KEYS public key taken from the key store");
	is_int(kcfg.kek_lifetime_s, 86400, "IOS default rekey lifetime");
	is_int(kcfg.retransmit_period_s, 10, "IOS default retransmit period");

	grp = gdoi_group_find(&gm_r.config->groups, "GDOI_GROUP");
	ok(grp && gm_config_is_member_group(grp) &&
	   gm_config_from_model(gm_r.config, grp, &gcfg, err, sizeof(err)),
	   "member group configuration derived");
	is_int(gcfg.group_id, 123, "member identity 123");
	is_int(gcfg.n_servers, 2, "two key servers, in order");
	ok(gcfg.servers[0].s_addr == ipv4("192.168.1.1").s_addr &&
	   gcfg.servers[1].s_addr == ipv4("192.168.1.9").s_addr, "server addresses in order");
	is_str(gcfg.interface, "eth0", "registration interface from the crypto map");

	/* and they register with each other */
	ks = ks_new();
	gm = gm_new();
	kg = ks_add_group(ks, &kcfg, 10, &why);
	g = gm_add_group(gm, &gcfg, 10, &why);
	sa_pair_fixture(&p, 77, ipv4("192.168.1.2"));
	ok(kg && g && register_once(ks, gm, g, &p, 10, NULL) == 4, "lesson member registers with lesson KS");
	ok(g->policy.n_teks == 1 && g->policy.teks[0].spi == kg->policy.teks[0].spi &&
	   g->policy.teks[0].selector.protocol == 1, "member has the ICMP TEK and its SPI");
	ok(g->policy.kek.present && g->policy.kek.pubkey_len == kcfg.pubkey_len,
	   "member has the KEK and the KS public key");
	gm_free(gm);
	ks_free(ks);

	/* the show commands join the daemon's tree next to the configuration's */
	{
		struct pull_show_ctx ctx = { 0 };

		ok(cli_tree_register(ks_r.tree, pull_show_commands, &ctx) == 0,
		   "show crypto gdoi registers beside the configuration commands");
		is_int(cli_session_execute(ks_r.s, "show crypto gdoi ks policy json"), CLI_STATUS_OK,
		       "and runs there");
		is_int(cli_session_execute(ks_r.s, "show crypto isakmp policy"), CLI_STATUS_OK,
		       "the configuration's show crypto commands still run");
	}

	/* what GDOI cannot distribute */
	refused(&ks_r, "permit tcp any any neq 22", "a `neq` port");
	acl_line(&ks_r, "no permit tcp any any neq 22");
	ok(ks_config_from_model(ks_r.config, gdoi_group_find(&ks_r.config->groups, "GDOI_GROUP"),
				&kcfg, err, sizeof(err)), "accepted again once the entry is removed");
	refused(&ks_r, "permit ip 10.0.0.0 0.0.255.0 any", "a discontiguous wildcard");
	acl_line(&ks_r, "no permit ip 10.0.0.0 0.0.255.0 any");
	acl_line(&ks_r, "deny udp any any");
	ok(ks_config_from_model(ks_r.config, gdoi_group_find(&ks_r.config->groups, "GDOI_GROUP"),
				&kcfg, err, sizeof(err)) && kcfg.sa[0].n_selectors == 1,
	   "deny entries are not distributed");
	router_free(&ks_r);
	router_free(&gm_r);
	return done_testing();
}
