/* Cross-reference validation: what a complete KS passes, what is reported. */
#include "config-parser/validate.h"
#include "crypto/keystore.h"
#include "config-parser/key_show.h"
#include "tests/tap.h"

#include <stdlib.h>

struct collected { int n; char all[4096]; };

static void collect(const char *msg, void *arg)
{
	struct collected *c = arg;
	size_t used = strlen(c->all);

	c->n++;
	snprintf(c->all + used, sizeof(c->all) - used, "%s\n", msg);
}

static struct config *complete_ks(void)
{
	struct config *c = config_new();
	char err[128];
	struct acl_entry e;

	struct isakmp_policy *p = isakmp_policy_get(&c->isakmp, 10);
	p->auth = ISAKMP_AUTH_PRE_SHARE;
	transform_set_define(&c->ipsec, "TS", ESP_CIPHER_AES, 0, ESP_AUTH_SHA1, err, sizeof(err));
	struct ipsec_profile *pr = ipsec_profile_get(&c->ipsec, "PROF");
	snprintf(pr->sets[0], sizeof(pr->sets[0]), "TS");
	pr->set_count = 1;
	acl_entry_parse("permit icmp any any", &e, err, sizeof(err));
	acl_add_rule(config_acl_get(c, "ICMP"), &e, err, sizeof(err));
	struct gdoi_group *g = gdoi_group_get(&c->groups, "G");
	g->has_identity = true;
	g->identity = 123;
	gdoi_server_local_enable(g);
	g->ks.rekey_transport = GDOI_REKEY_UNICAST;
	snprintf(g->ks.rekey_rsa_label, sizeof(g->ks.rekey_rsa_label), "RSA_KEYS");
	g->ks.has_address = true;
	struct gdoi_sa_ipsec *sa = gdoi_sa_ipsec_get(&g->ks, 1);
	snprintf(sa->profile, sizeof(sa->profile), "PROF");
	snprintf(sa->match_acl, sizeof(sa->match_acl), "ICMP");
	return c;
}

static void validation(void)
{
	struct collected col = { 0, "" };
	struct config *c = complete_ks();

	is_int(config_validate(c, collect, &col), 0, "complete key server: no problem");
	if (col.n)
		diag(col.all);

	struct ipsec_profile *pr = ipsec_profile_find(&c->ipsec, "PROF");
	snprintf(pr->sets[0], sizeof(pr->sets[0]), "MISSING");
	struct gdoi_group *g = gdoi_group_find(&c->groups, "G");
	g->ks.rekey_rsa_label[0] = '\0';
	struct acl_entry e;
	char err[128];
	acl_entry_parse("permit tcp any any range 1000 2000", &e, err, sizeof(err));
	acl_add_rule(config_acl_get(c, "ICMP"), &e, err, sizeof(err));
	crypto_map_get(&c->crypto_maps, "MAP", 10);
	snprintf(interface_get(&c->interfaces, "eth0")->crypto_map, CONFIG_NAME_MAX, "NOMAP");
	memset(&col, 0, sizeof(col));
	is_int(config_validate(c, collect, &col), 5, "five problems reported");
	ok(strstr(col.all, "transform set MISSING is not defined") != NULL, "unknown transform set");
	ok(strstr(col.all, "no rekey authentication") != NULL, "missing rekey authentication");
	ok(strstr(col.all, "range 1000 2000") && strstr(col.all, "several XFRM selectors"),
	   "unrepresentable port range");
	ok(strstr(col.all, "crypto map MAP 10: no 'set group'") != NULL, "map without group");
	ok(strstr(col.all, "crypto map NOMAP is not defined") != NULL, "interface map unknown");
	memset(&col, 0, sizeof(col));
	is_int(config_validate_group(c, g, collect, &col), 2, "group check: its own two problems");
	config_free(c);

	c = config_new();
	g = gdoi_group_get(&c->groups, "GM");
	memset(&col, 0, sizeof(col));
	is_int(config_validate(c, collect, &col), 2, "empty group: identity and servers missing");
	config_free(c);
}

static void key_rows(void)
{
	unsigned char data[40];
	char *buf = NULL;
	size_t len = 0;

	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)i;
	FILE *f = open_memstream(&buf, &len);
	key_show_hex_rows(f, data, sizeof(data));
	fclose(f);
	is_str(buf, "  00010203 04050607 08090A0B 0C0D0E0F 10111213 14151617 18191A1B 1C1D1E1F\n"
	       "  20212223 24252627\n", "Key Data rows: 8 groups of 4 octets");
	free(buf);
}

int main(void)
{
	validation();
	key_rows();
	return done_testing();
}
