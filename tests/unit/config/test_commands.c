/* Configuration commands through the CLI engine: modes, abbreviations,
 * no forms, IOS-like errors, show output against golden files, keys. */
#include "tests/unit/config/rig.h"
#include "config-parser/cmd.h"
#include "config-parser/validate.h"

#include <sys/stat.h>
#include <unistd.h>

static bool contains(const char *text, const char *part)
{
	return text && strstr(text, part) != NULL;
}

/* A variable named like a keyword of its own spec would shadow it. */
static void spec_names(void)
{
	const struct cli_command *const tables[] = {
		config_isakmp_commands, config_ipsec_commands, config_acl_commands,
		config_gdoi_commands, config_map_if_commands, config_key_commands,
		config_show_commands,
	};
	int clashes = 0, specs = 0;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (const struct cli_command *c = tables[t]; c->spec; c++) {
			char words[64][64];
			int n = 0;
			const char *p = c->spec;
			specs++;
			while (*p && n < 64) {
				size_t len = strcspn(p, " ()[]{}|");
				if (len && len < 64) {
					memcpy(words[n], p, len);
					words[n++][len] = '\0';
				}
				p += len;
				if (*p)
					p++;
			}
			for (int i = 0; i < n; i++) {
				const char *name = strchr(words[i], '$');
				if (!name)
					continue;
				for (int j = 0; j < n; j++)
					if (j != i && !strchr(words[j], '$') && strcmp(words[j], name + 1) == 0) {
						printf("# %s: $%s is also a keyword\n", c->spec, name + 1);
						clashes++;
					}
			}
		}
	}
	ok(specs > 60, "all tables scanned");
	is_int(clashes, 0, "no variable is named like a keyword of its command");
}

static void lesson_interactive(void)
{
	struct rig r;

	rig_init(&r, NULL);
	rig_run(&r, "configure terminal");
	rig_run(&r, "hostname R1");
	is_str(cli_session_prompt(r.s), "R1(config)#", "config prompt");
	rig_run(&r, "crypto isakmp policy 10");
	is_str(cli_session_prompt(r.s), "R1(config-isakmp)#", "isakmp prompt");
	ok(rig_run_all(&r, "encryption aes\nhash sha\nauthentication pre-share \ngroup 5\nexit"),
	   "policy commands");
	ok(rig_run_all(&r, "crypto isakmp key MY_KEY address 0.0.0.0"), "pre-shared key");
	ok(rig_run_all(&r, "crypto ipsec transform-set TRANSFORM_SET esp-aes esp-sha-hmac"),
	   "transform set");
	is_str(cli_session_prompt(r.s), "R1(cfg-crypto-trans)#", "transform-set prompt");
	rig_run(&r, "crypto ipsec profile IPSEC_PROFILE");
	is_str(cli_session_prompt(r.s), "R1(ipsec-profile)#", "profile prompt (walked up)");
	ok(rig_run_all(&r, "set transform-set TRANSFORM_SET\nexit"), "profile set");
	const char *out = rig_run(&r, "crypto key generate rsa modulus 1024 label RSA_KEYS");
	ok(r.last == CLI_STATUS_OK && contains(out, "The name for the keys will be: RSA_KEYS") &&
	   contains(out, "% The key modulus size is 1024 bits") && contains(out, "[OK]"),
	   "key generation in config mode, IOS output");
	ok(contains(out, "% Warning: a modulus below 2048 bits is weak"), "warning below 2048");
	rig_run(&r, "ip access-list extended ICMP");
	is_str(cli_session_prompt(r.s), "R1(config-ext-nacl)#", "ext-nacl prompt");
	ok(rig_run_all(&r, "permit icmp any any\nexit\ncrypto gdoi group GDOI_GROUP"), "acl");
	is_str(cli_session_prompt(r.s), "R1(config-gkm-group)#", "gkm-group prompt");
	ok(rig_run_all(&r, "identity number 123\nserver local"), "group identity, server local");
	is_str(cli_session_prompt(r.s), "R1(gkm-local-server)#", "local-server prompt");
	ok(rig_run_all(&r, "address ipv4 192.168.1.1\nrekey authentication mypubkey rsa RSA_KEYS\n"
		       "rekey transport unicast\nsa ipsec 1"), "KS commands");
	is_str(cli_session_prompt(r.s), "R1(gkm-sa-ipsec)#", "sa-ipsec prompt");
	ok(rig_run_all(&r, "profile IPSEC_PROFILE\nmatch address ipv4 ICMP\nend"), "SA policy");
	char *running = rig_running_config(&r);
	is_golden(running, "lesson-ks.running");
	ok(!contains(running, "crypto key"), "keys are not in running-config");
	free(running);
	unsigned problems = config_validate(r.config, NULL, NULL);
	is_int(problems, 0, "the lesson's KS validates cleanly");
	rig_free(&r, true);
}

static void isakmp_commands(struct rig *r)
{
	ok(rig_run_all(r, "conf t\ncry isa pol 20\nenc aes 256\nhash sha256\nauth rsa\ngr 14\n"
		       "life 3600\nexit"), "abbreviated policy commands");
	struct isakmp_policy *p = isakmp_policy_find(&r->config->isakmp, 20);
	ok(p && p->encryption == ISAKMP_ENC_AES && p->aes_bits == 256 &&
	   p->hash == ISAKMP_HASH_SHA256 && p->auth == ISAKMP_AUTH_RSA_SIG && p->dh_group == 14 &&
	   p->lifetime == 3600, "policy 20 as typed");
	ok(rig_run_all(r, "crypto isakmp policy 10\nencryption aes\nauthentication pre-share\n"
		       "group 5\nexit"), "policy 10 as in the lesson");
	rig_run(r, "do show crypto isakmp policy");
	is_golden(r->out, "show-crypto-isakmp-policy.txt");
	rig_run(r, "no crypto isakmp policy 10");
	rig_run(r, "crypto isakmp policy 20");
	const char *out = rig_run(r, "group 3");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "% Diffie-Hellman group 3 is not supported"),
	   "unsupported DH group refused");
	out = rig_run(r, "lifetime 59");
	ok(r->last == CLI_STATUS_INVALID, "lifetime below 60 refused");
	out = rig_run(r, "encryption 3des 256");
	ok(r->last == CLI_STATUS_ERROR, "3des with a key size refused");
	ok(rig_run_all(r, "no hash\nno group\nno lifetime\nno encryption"), "no forms");
	ok(p->hash == ISAKMP_HASH_SHA && p->dh_group == 1 && p->lifetime == 86400 &&
	   p->encryption == ISAKMP_ENC_DES, "no forms restore IOS defaults");
	ok(rig_run_all(r, "exit\nno crypto isakmp policy 20"), "policy removed");
	ok(isakmp_policy_find(&r->config->isakmp, 20) == NULL, "policy gone");
	out = rig_run(r, "no crypto isakmp policy 20");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "does not exist"), "unknown policy");
	ok(rig_run_all(r, "crypto isakmp key OTHER address 10.0.0.0 255.0.0.0\n"
		       "crypto isakmp key ANY address 0.0.0.0 0.0.0.0"), "keys with masks");
	out = rig_run(r, "crypto isakmp key BAD address 10.0.0.0 255.0.255.0");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "Invalid network mask"), "bad mask");
	ok(rig_run_all(r, "no crypto isakmp key OTHER address 10.0.0.0 255.0.0.0"), "key removed");
	ok(rig_run_all(r, "crypto isakmp identity hostname\ncrypto isakmp keepalive 10 periodic"),
	   "identity and keepalive");
	char *running = rig_running_config(r);
	ok(contains(running, "crypto isakmp key ANY address 0.0.0.0 0.0.0.0\n") &&
	   contains(running, "crypto isakmp identity hostname\n") &&
	   contains(running, "crypto isakmp keepalive 10 periodic\n") &&
	   !contains(running, "OTHER"), "isakmp globals in running-config");
	free(running);
	ok(rig_run_all(r, "no crypto isakmp identity\nno crypto isakmp keepalive\n"
		       "no crypto isakmp key ANY address 0.0.0.0 0.0.0.0"), "globals removed");
	rig_run(r, "end");
}

static void ipsec_commands(struct rig *r)
{
	ok(rig_run_all(r, "conf t\ncrypto ipsec transform-set GCM esp-gcm 256\nmode tunnel\n"
		       "crypto ipsec transform-set AES256 esp-aes 256 esp-sha256-hmac\n"
		       "crypto ipsec transform-set TDES esp-3des esp-sha-hmac"), "transform sets");
	const char *out = rig_run(r, "crypto ipsec transform-set BAD esp-gcm 128 esp-sha-hmac");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "combined-mode"), "gcm + hmac refused");
	ok(transform_set_find(&r->config->ipsec, "BAD") == NULL, "nothing created on error");
	ok(rig_run_all(r, "crypto ipsec profile P\nset transform-set GCM AES256 MISSING\n"
		       "set security-association lifetime seconds 7200"),
	   "profile naming an unknown set is accepted, as IOS does");
	struct ipsec_profile *p = ipsec_profile_find(&r->config->ipsec, "P");
	ok(p && p->set_count == 3 && p->sa_lifetime == 7200, "profile as typed");
	ok(config_validate(r->config, NULL, NULL) >= 1, "the unknown set is reported by validation");
	rig_run(r, "do show crypto ipsec transform-set");
	is_golden(r->out, "show-crypto-ipsec-transform-set.txt");
	rig_run(r, "do show crypto ipsec profile P");
	is_golden(r->out, "show-crypto-ipsec-profile.txt");
	ok(rig_run_all(r, "no set transform-set\nno set security-association lifetime seconds\n"
		       "exit\nno crypto ipsec profile P\nno crypto ipsec transform-set TDES"),
	   "no forms");
	ok(!ipsec_profile_find(&r->config->ipsec, "P") &&
	   !transform_set_find(&r->config->ipsec, "TDES"), "removed");
	rig_run(r, "end");
}

static void acl_commands(struct rig *r)
{
	ok(rig_run_all(r, "conf t\nip access-list extended LAB\nremark traffic of the lab\n"
		       "permit icmp any any\npermit udp 10.1.0.0 0.0.255.255 eq 848 host 10.2.0.1\n"
		       "deny tcp any range 1000 2000 any gt 1023 log\n15 permit gre any any\n"
		       "perm esp an an"), "named ACL entries");
	const char *out = rig_run(r, "permit tcp any any eq 70000");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "% Invalid or missing port"), "bad port");
	out = rig_run(r, "permit ip 10.0.0.1 any");
	ok(r->last == CLI_STATUS_INVALID, "address without wildcard refused");
	out = rig_run(r, "permit icmp any eq 80 any");
	ok(r->last == CLI_STATUS_INVALID, "no ports after icmp");
	out = rig_run(r, "permit udp any range 2000 1000 any");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "Invalid range"), "reversed range refused");
	out = rig_run(r, "15 permit ip any any");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "Duplicate sequence number"), "duplicate seq");
	ok(rig_run_all(r, "no 15\nno deny tcp any range 1000 2000 any gt 1023 log"),
	   "delete by number and by content");
	out = rig_run(r, "no 99");
	ok(r->last == CLI_STATUS_ERROR, "unknown entry number");
	ok(rig_run_all(r, "exit\naccess-list 101 remark numbered\n"
		       "access-list 101 permit ip 10.0.0.0 0.255.255.255 10.0.0.0 0.255.255.255\n"
		       "access-list 150 deny udp any any eq isakmp"), "numbered lists");
	out = rig_run(r, "no access-list 120 permit ip any any");
	ok(r->last == CLI_STATUS_ERROR && !config_acl_find(r->config, "120"),
	   "removing from a missing numbered list creates nothing");
	out = rig_run(r, "access-list 200 permit ip any any");
	ok(r->last == CLI_STATUS_INVALID, "list 200 refused");
	out = rig_run(r, "ip access-list extended 10");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "Standard"), "standard list number refused");
	rig_run(r, "do show ip access-lists");
	is_golden(r->out, "show-ip-access-lists.txt");
	rig_run(r, "do show ip access-lists LAB");
	ok(contains(r->out, "Extended IP access list LAB\n    10 permit icmp any any\n") &&
	   !contains(r->out, "101"), "one list by name");
	rig_run(r, "do show ip access-lists NOPE");
	ok(r->last == CLI_STATUS_ERROR, "unknown list");
	char *running = rig_running_config(r);
	ok(contains(running, "ip access-list extended LAB\n remark traffic of the lab\n"
		    " permit icmp any any\n"
		    " permit udp 10.1.0.0 0.0.255.255 eq 848 host 10.2.0.1\n"
		    " permit esp any any\n!\naccess-list 101 remark numbered\n"
		    "access-list 101 permit ip 10.0.0.0 0.255.255.255 10.0.0.0 0.255.255.255\n"
		    "access-list 150 deny udp any any eq isakmp\n!\nend\n"), "ACLs in running-config");
	free(running);
	ok(rig_run_all(r, "no access-list 150\nno ip access-list extended LAB"), "lists removed");
	ok(!config_acl_find(r->config, "150") && !config_acl_find(r->config, "LAB"), "gone");
	rig_run(r, "end");
}

static void gdoi_commands(struct rig *r)
{
	ok(rig_run_all(r, "conf t\ncrypto gdoi group KS\nidentity number 4294967295\nserver local\n"
		       "rekey algorithm aes 256\nrekey sig-hash algorithm sha256\n"
		       "rekey lifetime seconds 3600\nrekey retransmit 20 number 3\n"
		       "rekey address ipv4 REKEY\nrekey acknowledgement\nsa ipsec 2\n"
		       "replay time window-size 5\nsa ipsec 1\nno replay\nexit\nsa receive-only"),
	   "key server options");
	struct gdoi_group *g = gdoi_group_find(&r->config->groups, "KS");
	ok(g && g->identity == 4294967295u && g->ks.rekey_algorithm == GDOI_REKEY_AES256 &&
	   g->ks.sig_hash == GDOI_SIG_SHA256 && g->ks.rekey_lifetime == 3600 &&
	   g->ks.retransmit_secs == 20 && g->ks.retransmit_number == 3 && g->ks.rekey_ack &&
	   g->ks.receive_only && strcmp(g->ks.rekey_address_acl, "REKEY") == 0,
	   "options stored");
	char *running = rig_running_config(r);
	ok(contains(running, " server local\n  rekey algorithm aes 256\n"
		    "  rekey sig-hash algorithm sha256\n  rekey address ipv4 REKEY\n"
		    "  rekey lifetime seconds 3600\n  rekey retransmit 20 number 3\n"
		    "  rekey acknowledgement\n  sa ipsec 1\n   no replay\n  sa ipsec 2\n"
		    "   replay time window-size 5\n  sa receive-only\n"), "KS block layout");
	free(running);
	const char *out = rig_run(r, "rekey lifetime seconds 100");
	ok(r->last == CLI_STATUS_INVALID, "rekey lifetime below 300 refused");
	rig_run(r, "sa ipsec 1");
	out = rig_run(r, "replay counter window-size 100");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "64, 128"), "odd counter window refused");
	out = rig_run(r, "exit");
	ok(rig_run_all(r, "no rekey algorithm\nno rekey sig-hash\nno rekey lifetime\n"
		       "no rekey retransmit\nno rekey address\nno rekey acknowledgement\n"
		       "no sa receive-only\nno sa ipsec 2\nexit"), "KS no forms");
	ok(g->ks.rekey_algorithm == GDOI_REKEY_AES128 && g->ks.rekey_lifetime == 86400 &&
	   g->ks.retransmit_secs == 10 && g->ks.retransmit_number == 2 && !g->ks.rekey_ack &&
	   !gdoi_sa_ipsec_find(&g->ks, 2), "defaults back");
	out = rig_run(r, "server address ipv4 10.0.0.1");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "key server"), "KS cannot be a member");

	ok(rig_run_all(r, "crypto gdoi group GM\nidentity number 7\nserver address ipv4 10.0.0.2\n"
		       "server address ipv4 10.0.0.1\nclient registration interface eth1"),
	   "member group");
	out = rig_run(r, "identity number 4294967295");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "already uses identity"),
	   "identity numbers are unique");
	out = rig_run(r, "client registration interface GigabitEthernet0/1");
	ok(r->last == CLI_STATUS_ERROR, "IOS interface names refused");
	out = rig_run(r, "server local");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "group member"), "member cannot be a KS");
	ok(rig_run_all(r, "no server address ipv4 10.0.0.2\nno client registration interface"),
	   "member no forms");
	g = gdoi_group_find(&r->config->groups, "GM");
	ok(g->ks_address_count == 1 && g->ks_addresses[0] == 0x0a000001 && !g->registration_if[0],
	   "member state");
	ok(rig_run_all(r, "exit\nno crypto gdoi group GM\nno crypto gdoi group KS"), "groups removed");
	ok(TAILQ_EMPTY(&r->config->groups), "no group left");
	rig_run(r, "end");
}

static void map_and_interface_commands(struct rig *r)
{
	const char *out;

	ok(rig_run_all(r, "conf t\ncrypto map M 20 gdoi\nset group G\ncrypto map M 10 gdoi\n"
		       "interface veth0\ndescription link to the WAN (MPLS)\n"
		       "ip address 192.168.12.2 255.255.255.0\ncrypto map M"), "map and interface");
	out = rig_run(r, "crypto map NEW 5");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "needs its type"), "new entry needs gdoi");
	ok(rig_run_all(r, "crypto map M 20\nexit"), "existing entry without its type");
	out = rig_run(r, "interface GigabitEthernet0/1");
	ok(r->last == CLI_STATUS_ERROR, "non-Linux interface name refused");
	char *running = rig_running_config(r);
	ok(contains(running, "crypto map M 10 gdoi\n!\ncrypto map M 20 gdoi\n set group G\n!\n"
		    "interface veth0\n description link to the WAN (MPLS)\n"
		    " ip address 192.168.12.2 255.255.255.0\n crypto map M\n!\n"),
	   "maps sorted, interface block");
	free(running);
	ok(rig_run_all(r, "interface veth0\nno crypto map\nno description\nno ip address\nexit\n"
		       "no crypto map M 10\nno crypto map M\nno interface veth0"), "no forms");
	ok(TAILQ_EMPTY(&r->config->crypto_maps) && TAILQ_EMPTY(&r->config->interfaces), "all gone");
	rig_run(r, "end");
}

static bool copy_file(const char *from, const char *to, mode_t mode)
{
	char *text = read_text_file(from);
	FILE *f = text ? fopen(to, "w") : NULL;

	if (!f) {
		free(text);
		return false;
	}
	fputs(text, f);
	fclose(f);
	free(text);
	return chmod(to, mode) == 0;
}

static void key_commands(void)
{
	char dir[] = "/tmp/gv-keys-XXXXXX", path[256], fixture[512];
	struct rig r;

	if (!mkdtemp(dir)) {
		ok(0, "temporary directory");
		return;
	}
	snprintf(path, sizeof(path), "%s/keys", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/keys/RSA_KEYS.pem", dir);
	snprintf(fixture, sizeof(fixture), "%s/tests/config/keys/RSA_KEYS.pem", srcdir());
	ok(copy_file(fixture, path, 0600), "fixed test key installed");
	rig_init(&r, dir);
	rig_run(&r, "show crypto key mypubkey rsa");
	is_golden(r.out, "show-crypto-key-mypubkey-rsa.txt");
	rig_run(&r, "show crypto key mypubkey rsa NOPE");
	ok(r.last == CLI_STATUS_ERROR && contains(r.out, "% No RSA keys named NOPE"), "unknown label");
	rig_run(&r, "crypto key generate rsa general-keys label EXEC_KEY modulus 2048");
	ok(r.last == CLI_STATUS_OK && !contains(r.out, "Warning"), "exec generation, no warning");
	rig_run(&r, "crypto key generate rsa modulus 256 label SMALL");
	ok(r.last == CLI_STATUS_INVALID, "modulus below 512 refused by the grammar");
	rig_run(&r, "crypto key generate rsa modulus 1024 label ../escape");
	ok(r.last == CLI_STATUS_ERROR && contains(r.out, "Invalid key label"), "path label refused");
	rig_run(&r, "show crypto key mypubkey rsa");
	ok(contains(r.out, "Key name: EXEC_KEY") && contains(r.out, "Key name: RSA_KEYS"),
	   "both keys shown");
	rig_run(&r, "crypto key zeroize rsa EXEC_KEY");
	ok(r.last == CLI_STATUS_OK && !keystore_has(r.keys, "EXEC_KEY"), "zeroize");
	rig_run(&r, "crypto key zeroize rsa EXEC_KEY");
	ok(r.last == CLI_STATUS_ERROR, "zeroize of an unknown key");
	rig_free(&r, false);

	/* Keys survive a restart; a config that generates an existing key keeps it. */
	rig_init(&r, dir);
	ok(keystore_has(r.keys, "RSA_KEYS") && !keystore_has(r.keys, "EXEC_KEY"), "reloaded");
	rig_run(&r, "conf t");
	cli_session_set_loading(r.s, "startup-config", false);
	rig_run(&r, "crypto key generate rsa modulus 1024 label RSA_KEYS");
	ok(r.last == CLI_STATUS_OK && contains(r.out, "already exist; kept"), "kept while loading");
	rig_run(&r, "do show crypto key mypubkey rsa RSA_KEYS");
	is_golden(r.out, "show-crypto-key-mypubkey-rsa.txt");
	rig_free(&r, true);
}

struct changes { int n; enum config_change last; char name[64]; };

static void on_change(enum config_change what, const char *name, void *arg)
{
	struct changes *c = arg;

	c->n++;
	c->last = what;
	snprintf(c->name, sizeof(c->name), "%s", name);
}

static void change_hook(struct rig *r)
{
	struct changes ch = { 0 };

	config_set_change_hook(r->config, on_change, &ch);
	rig_run_all(r, "conf t\nip access-list extended HOOK\npermit icmp any any");
	ok(ch.n >= 1 && ch.last == CONFIG_CHANGE_ACL && strcmp(ch.name, "HOOK") == 0,
	   "ACL edit notified");
	rig_run_all(r, "crypto ipsec profile HP\nset security-association lifetime seconds 900");
	ok(ch.last == CONFIG_CHANGE_IPSEC_PROFILE && strcmp(ch.name, "HP") == 0,
	   "profile edit notified");
	int before = ch.n;
	rig_run(r, "set security-association lifetime seconds 1");
	is_int(ch.n, before, "a refused command notifies nothing");
	rig_run_all(r, "end");
	config_set_change_hook(r->config, NULL, NULL);
}

/* Another session deletes the object this one is editing. */
static void deleted_under_edit(struct rig *r)
{
	struct cli_session *other = cli_session_new(r->tree, NULL, rig_capture, r);

	cli_session_set_privileged(other);
	rig_run_all(r, "conf t\ncrypto isakmp policy 77");
	cli_session_execute(other, "configure terminal");
	cli_session_execute(other, "no crypto isakmp policy 77");
	const char *out = rig_run(r, "hash md5");
	ok(r->last == CLI_STATUS_ERROR && contains(out, "no longer exists"),
	   "editing a deleted policy is refused, not a use-after-free");
	cli_session_free(other);
	rig_run(r, "end");
}

static bool copy_file(const char *from, const char *to, mode_t mode);

/* Bad lines are reported with file and line; the good ones still apply.
 * The file is loaded from the state directory by a relative name, so the
 * messages (and their caret columns) do not depend on where the tree is. */
static void startup_with_errors(void)
{
	char source[512], copy[128], cwd[4096], *errors = NULL;
	struct rig r;

	rig_init(&r, NULL);
	snprintf(source, sizeof(source), "%s/tests/config/invalid/mixed.cfg", srcdir());
	snprintf(copy, sizeof(copy), "%s/mixed.cfg", r.state_dir);
	if (!copy_file(source, copy, 0600) || !getcwd(cwd, sizeof(cwd)) || chdir(r.state_dir) != 0) {
		ok(0, "test file in place");
		rig_free(&r, true);
		return;
	}
	long failed = rig_load(&r, "mixed.cfg", &errors);
	if (chdir(cwd) != 0)
		diag("cannot go back to the build directory");
	is_int(failed, 10, "ten bad lines");
	is_golden(errors ? errors : "", "invalid-mixed.errors");
	char *running = rig_running_config(&r);
	is_golden(running, "invalid-mixed.running");
	free(running);
	free(errors);
	rig_free(&r, true);
}

int main(void)
{
	struct rig r;

	startup_with_errors();

	spec_names();
	lesson_interactive();
	rig_init(&r, NULL);
	rig_run(&r, "hostname R1");
	isakmp_commands(&r);
	ipsec_commands(&r);
	acl_commands(&r);
	gdoi_commands(&r);
	map_and_interface_commands(&r);
	change_hook(&r);
	deleted_under_edit(&r);
	rig_free(&r, true);
	key_commands();
	return done_testing();
}
