/* The show commands through the real command engine: IOS layout lines on
 * both roles, the same SPIs and lifetimes on both, and JSON that parses. */
#include "tests/tap.h"
#include "tests/unit/pull/pull_harness.h"

#include <ctype.h>

#include "cli/session.h"
#include "gdoi/pull_show.h"
#include "log/log.h"

struct captured {
	char *text;
	size_t len, cap;
};

static void capture(void *arg, const char *data, size_t len)
{
	struct captured *c = arg;

	if (c->len + len + 1 > c->cap) {
		c->cap = (c->len + len + 1) * 2;
		c->text = realloc(c->text, c->cap);
	}
	memcpy(c->text + c->len, data, len);
	c->len += len;
	c->text[c->len] = '\0';
}

static uint64_t fixed_now(void)
{
	return 1100;
}

/* --- a minimal JSON checker (RFC 8259 grammar, no semantics) ---------- */
static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *value(const char *p, int depth);

static const char *string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return NULL;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *members(const char *p, char close, int depth)
{
	p = ws(p);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			p = string(ws(p));
			if (!p || *(p = ws(p)) != ':')
				return NULL;
			p++;
		}
		p = value(p, depth + 1);
		if (!p)
			return NULL;
		p = ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *value(const char *p, int depth)
{
	p = ws(p);
	if (depth > 32)
		return NULL;
	if (*p == '{')
		return members(p + 1, '}', depth);
	if (*p == '[')
		return members(p + 1, ']', depth);
	if (*p == '"')
		return string(p);
	if (!strncmp(p, "null", 4) || !strncmp(p, "true", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	if (*p == '-' || isdigit((unsigned char)*p)) {
		p += *p == '-';
		while (isdigit((unsigned char)*p))
			p++;
		return p;
	}
	return NULL;
}

static bool valid_json(const char *text)
{
	const char *end = value(text, 0);

	return end && *ws(end) == '\0';
}

static void has(const struct captured *c, const char *needle, const char *what)
{
	char name[200], shown[160];
	size_t n = 0;

	/* a TAP test name must stay on one line */
	for (const char *q = needle; *q && n + 3 < sizeof(shown); q++) {
		if (*q == '\n') {
			shown[n++] = '\\';
			shown[n++] = 'n';
		} else {
			shown[n++] = *q;
		}
	}
	shown[n] = '\0';
	snprintf(name, sizeof(name), "%s shows \"%s\"", what, shown);
	ok(c->text && strstr(c->text, needle) != NULL, name);
}

static const char *run(struct cli_session *s, struct captured *c, const char *line)
{
	c->len = 0;
	if (c->text)
		c->text[0] = '\0';
	if (cli_session_execute(s, line) != CLI_STATUS_OK)
		diag(line);
	if (getenv("PULL_SHOW_DUMP")) /* to look at the layout by eye */
		fprintf(stderr, "# %s\n%s", line, c->text ? c->text : "");
	return c->text ? c->text : "";
}

int main(void)
{
	struct ks_group_config kcfg;
	struct gm_group_config gcfg;
	struct ks *ks = ks_new();
	struct gm *gm = gm_new();
	struct ks_group *kg;
	struct gm_group *g;
	struct sa_pair p;
	const char *why;
	struct pull_show_ctx ks_ctx = { .ks = ks, .now = fixed_now };
	struct pull_show_ctx gm_ctx = { .gm = gm, .now = fixed_now };
	struct cli_tree *ks_tree = cli_tree_new(), *gm_tree = cli_tree_new();
	struct captured kc = { 0 }, gc = { 0 };
	struct cli_session *kss, *gms;
	char spi[32], line[128];

	log_init("test", LOG_SINK_NONE);
	ks_config_fixture(&kcfg, true);
	kg = ks_add_group(ks, &kcfg, 1000, &why);
	gm_config_fixture(&gcfg, GROUP_ID);
	g = gm_add_group(gm, &gcfg, 1000, &why);
	sa_pair_fixture(&p, 3, ipv4("10.1.2.3"));
	ok(kg && g && register_once(ks, gm, g, &p, 1000, NULL) == 4, "a member registered");

	ok(cli_tree_register(ks_tree, pull_show_commands, &ks_ctx) == 0, "show commands register (KS)");
	ok(cli_tree_register(gm_tree, pull_show_commands, &gm_ctx) == 0, "show commands register (GM)");
	kss = cli_session_new(ks_tree, NULL, capture, &kc);
	gms = cli_session_new(gm_tree, NULL, capture, &gc);
	cli_session_set_privileged(kss);
	cli_session_set_privileged(gms);

	snprintf(spi, sizeof(spi), "0x%08X", kg->policy.teks[0].spi);

	run(kss, &kc, "show crypto gdoi");
	has(&kc, "GROUP INFORMATION", "KS");
	has(&kc, "    Group Name               : GETVPN\n", "KS");
	has(&kc, "    Group Identity           : 1234\n", "KS");
	has(&kc, "    Group Members            : 1\n", "KS");
	has(&kc, "    IPSec SA Direction       : Both\n", "KS");
	has(&kc, "    Group Rekey Lifetime     : 86400 secs\n", "KS");
	has(&kc, "        Remaining Lifetime   : 86300 secs\n", "KS");
	has(&kc, "    Rekey Retransmit Period  : 10 secs\n", "KS");
	has(&kc, "      IPSec SA Rekey Lifetime: 3600 secs\n", "KS");
	has(&kc, "      ACL Configured         : access-list GETVPN-ACL\n", "KS");
	has(&kc, "     Group Server list       : Local\n", "KS");
	has(&kc, "TEK POLICY", "KS");
	has(&kc, "encaps: ENCAPS_TUNNEL", "KS");
	has(&kc, "SA_DIRECTION: Both", "KS");
	has(&kc, spi, "KS");
	has(&kc, "sa timing:remaining key lifetime (sec): (3500)", "KS");
	has(&kc, "access-list: permit udp 10.1.0.0 0.0.255.255 host 239.1.1.1 eq 5000", "KS");

	run(gms, &gc, "show crypto gdoi");
	has(&gc, "GROUP INFORMATION", "GM");
	has(&gc, "    Group Identity           : 1234\n", "GM");
	has(&gc, "     Group Server list       : 10.0.0.1, 10.0.0.2\n", "GM");
	has(&gc, "       Registration status   : Registered\n", "GM");
	has(&gc, "       Registered with       : 10.0.0.1\n", "GM");
	has(&gc, "       Dataplane             : dataplane not installed\n", "GM");
	has(&gc, "TEK POLICY for the current KS-Policy ACEs Downloaded:", "GM");
	has(&gc, spi, "GM");
	has(&gc, "sa timing:remaining key lifetime (sec): (3500)", "GM (same lifetime as the KS)");
	has(&gc, "encaps: ENCAPS_TUNNEL", "GM");
	has(&gc, "SA_DIRECTION: Both", "GM");
	has(&gc, "Sig Hash Algorithm       : HMAC_AUTH_SHA256", "GM");
	has(&gc, "    Key Size                 : 256\n", "GM");
	has(&gc, "   access-list   permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n", "GM");

	run(gms, &gc, "show crypto gdoi gm");
	has(&gc, "Group Member Information For Group GETVPN:", "GM");
	has(&gc, "       Succeeded registration: 1\n", "GM");

	run(kss, &kc, "show crypto gdoi ks members");
	has(&kc, "Group Member ID    : 10.1.2.3\n", "KS members");
	has(&kc, " Group Name        : GETVPN\n", "KS members");
	has(&kc, " Registered for    : 00:01:40\n", "KS members");

	run(kss, &kc, "show crypto gdoi ks policy");
	has(&kc, "Key Server Policy:", "KS policy");
	has(&kc, "  # of teks : 3  Seq num : 0\n", "KS policy");
	has(&kc, "  KEK POLICY (transport type : Unicast)", "KS policy");
	has(&kc, "  TEK POLICY (encaps : ENCAPS_TUNNEL)", "KS policy");
	has(&kc, "    access-list      : GETVPN-ACL\n", "KS policy");

	/* JSON: valid, and the same facts */
	snprintf(line, sizeof(line), "\"spi\":\"%s\"", spi);
	run(kss, &kc, "show crypto gdoi json");
	ok(valid_json(kc.text), "KS show crypto gdoi json is valid JSON");
	has(&kc, line, "KS JSON");
	has(&kc, "\"members\":1", "KS JSON");
	has(&kc, "\"remaining_lifetime\":3500", "KS JSON");
	run(gms, &gc, "show crypto gdoi json");
	ok(valid_json(gc.text), "GM show crypto gdoi json is valid JSON");
	has(&gc, line, "GM JSON");
	has(&gc, "\"registration_status\":\"Registered\"", "GM JSON");
	has(&gc, "\"dataplane\":\"dataplane not installed\"", "GM JSON");
	run(kss, &kc, "show crypto gdoi ks members json");
	ok(valid_json(kc.text), "KS members JSON is valid");
	has(&kc, "\"address\":\"10.1.2.3\"", "KS members JSON");
	run(kss, &kc, "show crypto gdoi ks policy json");
	ok(valid_json(kc.text), "KS policy JSON is valid");
	run(gms, &gc, "show crypto gdoi gm json");
	ok(valid_json(gc.text), "GM JSON is valid");
	has(&gc, "\"succeeded\":1", "GM JSON");
	ok(!valid_json("{\"a\":[1,2,}"), "the JSON checker can fail");

	/* a role not configured shows nothing, without crashing */
	run(gms, &gc, "show crypto gdoi ks members");
	ok(!strstr(gc.text, "Group Member ID"), "no members listed on a member-only daemon");
	run(gms, &gc, "show crypto gdoi ks policy json");
	ok(valid_json(gc.text), "empty KS policy JSON is valid");

	cli_session_free(kss);
	cli_session_free(gms);
	cli_tree_free(ks_tree);
	cli_tree_free(gm_tree);
	free(kc.text);
	free(gc.text);
	gm_free(gm);
	ks_free(ks);
	return done_testing();
}
