/* The configuration model: IOS defaults, lookups, running-config writers. */
#include "config-parser/config.h"
#include "tests/tap.h"

#include <stdlib.h>

static char *written(void (*writer)(FILE *, void *), struct config *config)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	writer(f, config);
	fclose(f);
	return buf;
}

static void isakmp(struct config *c)
{
	struct isakmp_policy *p = isakmp_policy_get(&c->isakmp, 10);

	ok(p && p->encryption == ISAKMP_ENC_DES && p->hash == ISAKMP_HASH_SHA &&
	   p->auth == ISAKMP_AUTH_RSA_SIG && p->dh_group == 1 && p->lifetime == 86400,
	   "policy defaults: des sha rsa-sig group 1 86400");
	p->encryption = ISAKMP_ENC_AES;
	p->auth = ISAKMP_AUTH_PRE_SHARE;
	p->dh_group = 5;
	isakmp_policy_get(&c->isakmp, 5)->hash = ISAKMP_HASH_SHA256;
	ok(isakmp_policy_get(&c->isakmp, 10) == p, "same priority, same policy");
	ok(isakmp_key_set(&c->isakmp, "MY_KEY", 0, 0xffffffff), "key for 0.0.0.0");
	ok(isakmp_key_set(&c->isakmp, "OTHER", 0x0a000000, 0xff000000), "key for 10/8");
	ok(isakmp_key_for_peer(&c->isakmp, 0x0a010101) &&
	   strcmp(isakmp_key_for_peer(&c->isakmp, 0x0a010101)->key, "OTHER") == 0,
	   "most specific key wins");
	ok(isakmp_key_for_peer(&c->isakmp, 0xc0a80101) &&
	   strcmp(isakmp_key_for_peer(&c->isakmp, 0xc0a80101)->key, "MY_KEY") == 0,
	   "0.0.0.0 matches any peer");
	ok(!isakmp_key_set(&c->isakmp, "", 1, 0xffffffff), "empty key rejected");
	ok(isakmp_dh_group_valid(14) && !isakmp_dh_group_valid(3), "DH group list");

	char *text = written(config_write_isakmp, c);
	is_str(text,
	       "crypto isakmp policy 5\n"
	       " hash sha256\n"
	       "crypto isakmp policy 10\n"
	       " encr aes\n"
	       " authentication pre-share\n"
	       " group 5\n"
	       "crypto isakmp key MY_KEY address 0.0.0.0\n"
	       "crypto isakmp key OTHER address 10.0.0.0 255.0.0.0\n",
	       "isakmp running-config");
	free(text);
	ok(isakmp_policy_delete(&c->isakmp, 5) && !isakmp_policy_delete(&c->isakmp, 5),
	   "policy delete");
	ok(isakmp_key_delete(&c->isakmp, 0x0a000000, 0xff000000), "key delete");
}

static void ipsec(struct config *c)
{
	char err[128];
	struct transform_set *ts = transform_set_define(&c->ipsec, "TRANSFORM_SET", ESP_CIPHER_AES,
							 0, ESP_AUTH_SHA1, err, sizeof(err));

	ok(ts && ts->key_bits == 128 && ts->mode == IPSEC_MODE_TUNNEL, "transform-set defaults");
	ok(!transform_set_define(&c->ipsec, "BAD", ESP_CIPHER_GCM, 256, ESP_AUTH_SHA1, err,
				 sizeof(err)), "gcm with hmac rejected");
	ok(!transform_set_define(&c->ipsec, "BAD", ESP_CIPHER_3DES, 256, ESP_AUTH_SHA1, err,
				 sizeof(err)), "3des with a key size rejected");
	ok(!transform_set_define(&c->ipsec, "BAD", ESP_CIPHER_AES, 100, ESP_AUTH_SHA1, err,
				 sizeof(err)), "aes 100 rejected");
	ok(transform_set_define(&c->ipsec, "GCM", ESP_CIPHER_GCM, 256, ESP_AUTH_NONE, err,
				sizeof(err)) != NULL, "gcm 256");
	ok(transform_set_find(&c->ipsec, "BAD") == NULL, "failed definitions leave nothing");
	struct ipsec_profile *pr = ipsec_profile_get(&c->ipsec, "IPSEC_PROFILE");
	ok(pr && pr->sa_lifetime == 3600, "profile SA lifetime default 3600");
	snprintf(pr->sets[0], sizeof(pr->sets[0]), "TRANSFORM_SET");
	pr->set_count = 1;
	char *text = written(config_write_ipsec, c);
	is_str(text,
	       "crypto ipsec transform-set TRANSFORM_SET esp-aes esp-sha-hmac\n"
	       " mode tunnel\n"
	       "!\n"
	       "crypto ipsec transform-set GCM esp-gcm 256\n"
	       " mode tunnel\n"
	       "!\n"
	       "crypto ipsec profile IPSEC_PROFILE\n"
	       " set transform-set TRANSFORM_SET\n", "ipsec running-config");
	free(text);
}

static void gdoi(struct config *c)
{
	struct gdoi_group *g = gdoi_group_get(&c->groups, "GDOI_GROUP");
	char err[128];

	ok(g && !g->server_local && !g->has_identity, "new group is empty");
	g->has_identity = true;
	g->identity = 123;
	gdoi_server_local_enable(g);
	ok(g->ks.rekey_lifetime == 86400 && g->ks.retransmit_secs == 10 &&
	   g->ks.retransmit_number == 2, "KS defaults: rekey lifetime 86400, retransmit 10 x 2");
	snprintf(g->ks.rekey_rsa_label, sizeof(g->ks.rekey_rsa_label), "RSA_KEYS");
	g->ks.rekey_transport = GDOI_REKEY_UNICAST;
	g->ks.has_address = true;
	g->ks.address = 0xc0a80101;
	struct gdoi_sa_ipsec *sa = gdoi_sa_ipsec_get(&g->ks, 1);
	ok(sa && sa->replay == GDOI_REPLAY_COUNTER && sa->replay_window == 64, "replay default");
	snprintf(sa->profile, sizeof(sa->profile), "IPSEC_PROFILE");
	snprintf(sa->match_acl, sizeof(sa->match_acl), "ICMP");
	ok(gdoi_group_by_identity(&c->groups, 123) == g, "lookup by identity");
	char replay[200];
	ok(strstr(gdoi_replay_describe(sa, replay, sizeof(replay)), "NOT enforced") != NULL,
	   "replay description says the dataplane does not enforce it");
	sa->replay = GDOI_REPLAY_NONE;
	is_str(gdoi_replay_describe(sa, replay, sizeof(replay)), "Replay protection : disabled",
	       "no replay");
	sa->replay = GDOI_REPLAY_COUNTER;

	struct gdoi_group *gm = gdoi_group_get(&c->groups, "GM_GROUP");
	gm->has_identity = true;
	gm->identity = 7;
	ok(gdoi_group_add_ks_address(gm, 0x0a000002, err, sizeof(err)), "KS address 1");
	ok(gdoi_group_add_ks_address(gm, 0x0a000001, err, sizeof(err)), "KS address 2");
	ok(gdoi_group_add_ks_address(gm, 0x0a000002, err, sizeof(err)), "duplicate is a no-op");
	is_int(gm->ks_address_count, 2, "two addresses, typed order");
	char *text = written(config_write_gdoi, c);
	is_str(text,
	       "crypto gdoi group GDOI_GROUP\n"
	       " identity number 123\n"
	       " server local\n"
	       "  rekey authentication mypubkey rsa RSA_KEYS\n"
	       "  rekey transport unicast\n"
	       "  sa ipsec 1\n"
	       "   profile IPSEC_PROFILE\n"
	       "   match address ipv4 ICMP\n"
	       "  address ipv4 192.168.1.1\n"
	       "!\n"
	       "crypto gdoi group GM_GROUP\n"
	       " identity number 7\n"
	       " server address ipv4 10.0.0.2\n"
	       " server address ipv4 10.0.0.1\n", "gdoi running-config");
	free(text);
	for (unsigned i = 0; i < GDOI_MAX_KS_ADDRESSES - 2; i++)
		gdoi_group_add_ks_address(gm, 0x0b000000 + i, err, sizeof(err));
	ok(!gdoi_group_add_ks_address(gm, 0x0c000000, err, sizeof(err)), "ninth address refused");
	ok(gdoi_group_delete_ks_address(gm, 0x0a000002) && gm->ks_addresses[0] == 0x0a000001,
	   "address delete keeps order");
	ok(gdoi_group_delete(&c->groups, "GM_GROUP"), "group delete");
}

static void maps_and_interfaces(struct config *c)
{
	crypto_map_get(&c->crypto_maps, "MAP", 20);
	crypto_map_get(&c->crypto_maps, "OTHER", 5);
	crypto_map_get(&c->crypto_maps, "MAP", 10);
	crypto_map_get(&c->crypto_maps, "MAP", 30);
	snprintf(crypto_map_find(&c->crypto_maps, "MAP", 10)->group, CONFIG_NAME_MAX, "G");
	char *text = written(config_write_crypto_maps, c);
	is_str(text,
	       "crypto map MAP 10 gdoi\n set group G\n!\n"
	       "crypto map MAP 20 gdoi\n!\n"
	       "crypto map MAP 30 gdoi\n!\n"
	       "crypto map OTHER 5 gdoi\n", "crypto maps grouped, by sequence");
	free(text);
	is_int(crypto_map_delete_all(&c->crypto_maps, "MAP"), 3, "delete a whole map");
	ok(crypto_map_exists(&c->crypto_maps, "OTHER") && !crypto_map_exists(&c->crypto_maps, "MAP"),
	   "other map kept");

	ok(valid_interface_name("eth0") && valid_interface_name("veth-ks1.100"), "linux names");
	ok(!valid_interface_name("GigabitEthernet0/1"), "IOS names with / rejected");
	ok(!valid_interface_name("0123456789abcdef"), "16 characters rejected");
	ok(!valid_interface_name(".."), "dot-dot rejected");
	struct config_interface *i = interface_get(&c->interfaces, "eth1");
	snprintf(i->description, sizeof(i->description), "to the WAN");
	snprintf(i->crypto_map, sizeof(i->crypto_map), "OTHER");
	i->has_address = true;
	i->address = 0xc0a80c01;
	i->netmask = 0xffffff00;
	text = written(config_write_interfaces, c);
	is_str(text, "interface eth1\n description to the WAN\n ip address 192.168.12.1 "
	       "255.255.255.0\n crypto map OTHER\n", "interface running-config");
	free(text);
}

static void acls(struct config *c)
{
	struct acl_entry e;
	char err[128];
	struct acl *icmp = config_acl_get(c, "ICMP");
	struct acl *n101 = config_acl_get(c, "101");

	acl_entry_parse("permit icmp any any", &e, err, sizeof(err));
	acl_add_rule(icmp, &e, err, sizeof(err));
	acl_add_remark(n101, "lab traffic", err, sizeof(err));
	acl_entry_parse("permit udp host 10.0.0.1 eq 848 any", &e, err, sizeof(err));
	acl_add_rule(n101, &e, err, sizeof(err));
	char *text = written(config_write_acls, c);
	is_str(text,
	       "ip access-list extended ICMP\n"
	       " permit icmp any any\n"
	       "!\n"
	       "access-list 101 remark lab traffic\n"
	       "access-list 101 permit udp host 10.0.0.1 eq 848 any\n", "acl running-config");
	free(text);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ok(config_show_acls(f, c, "ICMP"), "show known list");
	ok(!config_show_acls(f, c, "NOPE"), "show unknown list");
	fclose(f);
	is_str(buf, "Extended IP access list ICMP\n    10 permit icmp any any\n",
	       "show ip access-lists layout");
	free(buf);
	ok(config_acl_get(c, "bad name") == NULL, "invalid ACL name refused");
	ok(config_acl_delete(c, "101") && config_acl_find(c, "101") == NULL, "ACL delete");
}

struct seen { int calls; enum config_change last; char name[64]; };

static void on_change(enum config_change what, const char *name, void *arg)
{
	struct seen *s = arg;

	s->calls++;
	s->last = what;
	snprintf(s->name, sizeof(s->name), "%s", name);
}

static void hook(struct config *c)
{
	struct seen s = { 0 };

	config_changed(c, CONFIG_CHANGE_ACL, "ICMP");
	is_int(s.calls, 0, "no hook, no call");
	config_set_change_hook(c, on_change, &s);
	config_changed(c, CONFIG_CHANGE_ACL, "ICMP");
	ok(s.calls == 1 && s.last == CONFIG_CHANGE_ACL && strcmp(s.name, "ICMP") == 0,
	   "hook gets what and name");
	config_changed(c, CONFIG_CHANGE_ISAKMP, NULL);
	ok(s.calls == 2 && s.name[0] == '\0', "NULL name given as empty string");
}

int main(void)
{
	struct config *c = config_new();

	isakmp(c);
	ipsec(c);
	gdoi(c);
	maps_and_interfaces(c);
	acls(c);
	hook(c);
	config_free(c);
	return done_testing();
}
