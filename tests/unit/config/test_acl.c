/* Access-list entries: parsing, canonical form, ports, lists, XFRM cover. */
#include "config-parser/acl.h"
#include "tests/tap.h"

#include <netinet/in.h>
#include <stdlib.h>

static void roundtrip(const char *in, const char *want)
{
	struct acl_entry e;
	char err[128] = "", out[256];

	if (!ok(acl_entry_parse(in, &e, err, sizeof(err)), in)) {
		diag(err);
		return;
	}
	acl_entry_format(&e, out, sizeof(out));
	is_str(out, want, "canonical form");
}

static void rejected(const char *in, const char *why)
{
	struct acl_entry e;
	char err[128] = "";

	ok(!acl_entry_parse(in, &e, err, sizeof(err)) && err[0] == '%', why);
}

static void parsing(void)
{
	roundtrip("permit icmp any any", "permit icmp any any");
	roundtrip("perm icmp an an", "permit icmp any any");
	roundtrip("deny ip host 10.0.0.1 10.1.0.0 0.0.255.255",
		  "deny ip host 10.0.0.1 10.1.0.0 0.0.255.255");
	roundtrip("permit ip 10.1.1.1 0.0.0.255 any", "permit ip 10.1.1.0 0.0.0.255 any");
	roundtrip("permit ip 10.1.1.1 0.0.0.0 any", "permit ip host 10.1.1.1 any");
	roundtrip("permit ip 1.2.3.4 255.255.255.255 any", "permit ip any any");
	roundtrip("permit 50 any any", "permit esp any any");
	roundtrip("permit 47 any any", "permit gre any any");
	roundtrip("permit 200 any any", "permit 200 any any");
	roundtrip("permit tcp any eq 80 any", "permit tcp any eq www any");
	roundtrip("permit udp any any eq 848", "permit udp any any eq 848");
	roundtrip("permit udp any any eq isakmp", "permit udp any any eq isakmp");
	roundtrip("permit tcp any range 1000 2000 any neq 22 log",
		  "permit tcp any range 1000 2000 any neq 22 log");
	roundtrip("permit tcp any gt 1023 host 1.1.1.1 lt 1024",
		  "permit tcp any gt 1023 host 1.1.1.1 lt 1024");
	roundtrip("10 deny udp any any", "deny udp any any");
	roundtrip("permit ip 10.0.0.0 0.0.255.0 any", "permit ip 10.0.0.0 0.0.255.0 any");

	struct acl_entry e;
	char err[128];
	ok(acl_entry_parse("25 permit esp any any", &e, err, sizeof(err)) && e.seq == 25,
	   "sequence number kept");

	rejected("", "empty entry");
	rejected("allow ip any any", "unknown action");
	rejected("permit", "missing protocol");
	rejected("permit foo any any", "unknown protocol");
	rejected("permit 256 any any", "protocol above 255");
	rejected("permit ip any", "missing destination");
	rejected("permit ip host any", "host without address");
	rejected("permit ip 10.0.0.1 any", "address without wildcard");
	rejected("permit ip 10.0.0.1 300.0.0.0 any", "bad wildcard");
	rejected("permit tcp any eq any", "eq without port");
	rejected("permit tcp any eq 65536 any", "port above 65535");
	rejected("permit tcp any range 2000 1000 any", "reversed range");
	rejected("permit tcp any range 1000 any", "range without upper port");
	rejected("permit icmp any eq 80 any", "ports on icmp");
	rejected("permit ip any any extra", "trailing garbage");
	rejected("permit ip any any log log", "log twice");
	rejected("0 permit ip any any", "sequence 0");
	rejected("permit udp any any eq nosuchservice", "unknown service name");
	rejected("x ip any any", "unknown action word");
}

static void port_blocks(void)
{
	struct port_block b[64];
	struct acl_port p;

	p = (struct acl_port){ ACL_PORT_EQ, 848, 0 };
	is_int(acl_port_blocks(&p, b, 64), 1, "eq: one block");
	ok(b[0].port == 848 && b[0].mask == 0xffff, "eq: exact port and full mask");
	p = (struct acl_port){ ACL_PORT_ANY, 0, 0 };
	is_int(acl_port_blocks(&p, b, 64), 1, "any: one block");
	ok(b[0].port == 0 && b[0].mask == 0, "any: mask 0");
	p = (struct acl_port){ ACL_PORT_RANGE, 1024, 2047 };
	is_int(acl_port_blocks(&p, b, 64), 1, "aligned range: one block");
	ok(b[0].port == 1024 && b[0].mask == 0xfc00, "aligned range: mask");
	p = (struct acl_port){ ACL_PORT_GT, 32767, 0 };
	is_int(acl_port_blocks(&p, b, 64), 1, "gt 32767: one block");
	p = (struct acl_port){ ACL_PORT_LT, 1024, 0 };
	is_int(acl_port_blocks(&p, b, 64), 1, "lt 1024: one block");
	p = (struct acl_port){ ACL_PORT_RANGE, 1000, 2000 };
	int n = acl_port_blocks(&p, b, 64);
	ok(n > 1, "unaligned range needs several blocks");
	/* The cover is exact: every port in, nothing outside. */
	int covered = 0, wrong = 0;
	for (unsigned port = 0; port < 65536; port++) {
		int in = 0;
		for (int i = 0; i < n; i++)
			if ((port & b[i].mask) == b[i].port)
				in++;
		if (in > 1 || (in == 1) != (port >= 1000 && port <= 2000))
			wrong++;
		covered += in;
	}
	is_int(wrong, 0, "range cover is exact and disjoint");
	is_int(covered, 1001, "range cover counts 1001 ports");
	p = (struct acl_port){ ACL_PORT_NEQ, 22, 0 };
	n = acl_port_blocks(&p, b, 64);
	ok(n > 1 && n <= 32, "neq: several blocks, at most 32");
	wrong = 0;
	for (unsigned port = 0; port < 65536; port++) {
		int in = 0;
		for (int i = 0; i < n; i++)
			in += (port & b[i].mask) == b[i].port;
		wrong += in != (port != 22);
	}
	is_int(wrong, 0, "neq cover is exact");
	p = (struct acl_port){ ACL_PORT_RANGE, 1, 65534 };
	is_int(acl_port_blocks(&p, b, 4), -1, "too small an array is reported");
	p = (struct acl_port){ ACL_PORT_GT, 65535, 0 };
	is_int(acl_port_blocks(&p, b, 64), 0, "gt 65535 matches nothing");
}

static void xfrm_notes(void)
{
	struct acl_entry e;
	char err[128];

	acl_entry_parse("permit udp any any eq 848", &e, err, sizeof(err));
	ok(acl_entry_xfrm_note(&e) == NULL, "eq maps to one selector");
	acl_entry_parse("permit ip 10.0.0.0 0.0.255.0 any", &e, err, sizeof(err));
	ok(acl_entry_xfrm_note(&e) != NULL, "discontiguous wildcard noted");
	acl_entry_parse("permit tcp any any range 1000 2000", &e, err, sizeof(err));
	ok(acl_entry_xfrm_note(&e) != NULL, "unaligned range noted");
	acl_entry_parse("permit tcp any any range 1024 2047", &e, err, sizeof(err));
	ok(acl_entry_xfrm_note(&e) != NULL, "aligned range: one selector but not GDOI-carriable");
}

static void lists(void)
{
	struct acl *acl = acl_new("TEST");
	struct acl_entry e;
	char err[128];
	const struct acl_entry *it;
	unsigned seqs[8], n = 0;

	acl_entry_parse("permit icmp any any", &e, err, sizeof(err));
	ok(acl_add_rule(acl, &e, err, sizeof(err)), "first rule");
	acl_entry_parse("permit tcp any any", &e, err, sizeof(err));
	ok(acl_add_rule(acl, &e, err, sizeof(err)), "second rule");
	acl_entry_parse("15 deny udp any any", &e, err, sizeof(err));
	ok(acl_add_rule(acl, &e, err, sizeof(err)), "explicit sequence in between");

	acl_entry_parse("15 deny gre any any", &e, err, sizeof(err));
	ok(!acl_add_rule(acl, &e, err, sizeof(err)), "duplicate sequence rejected");
	acl_entry_parse("permit tcp any any", &e, err, sizeof(err));
	ok(acl_add_rule(acl, &e, err, sizeof(err)), "identical rule accepted");
	is_int(acl->rule_count, 3, "identical rule not added twice");
	ok(acl_add_remark(acl, "remark text", err, sizeof(err)), "remark");
	TAILQ_FOREACH(it, &acl->entries, link)
		if (it->kind == ACL_ENTRY_RULE && n < 8)
			seqs[n++] = it->seq;
	ok(n == 3 && seqs[0] == 10 && seqs[1] == 15 && seqs[2] == 20, "sequence order 10 15 20");
	acl_entry_parse("permit esp any any", &e, err, sizeof(err));
	acl_add_rule(acl, &e, err, sizeof(err));
	is_int(TAILQ_LAST(&acl->entries, acl_entry_list)->seq, 30, "next one is last + 10");
	ok(acl_delete_seq(acl, 30), "delete by sequence");
	ok(!acl_delete_seq(acl, 30), "second delete fails");
	is_int(acl->last_seq, 20, "last sequence recomputed");
	acl_entry_parse("deny udp any any", &e, err, sizeof(err));
	ok(acl_delete_rule(acl, &e), "delete by content");
	ok(acl_delete_remark(acl, "remark text"), "delete remark");
	is_int(acl->rule_count, 2, "two rules left");
	char long_remark[ACL_REMARK_MAX + 2];
	memset(long_remark, 'x', sizeof(long_remark) - 1);
	long_remark[sizeof(long_remark) - 1] = '\0';
	ok(!acl_add_remark(acl, long_remark, err, sizeof(err)), "remark over 100 chars rejected");
	acl_entry_parse("2147483647 permit udp any any", &e, err, sizeof(err));
	ok(acl_add_rule(acl, &e, err, sizeof(err)), "maximum sequence");
	acl_entry_parse("permit gre any any", &e, err, sizeof(err));
	ok(!acl_add_rule(acl, &e, err, sizeof(err)), "no sequence after the maximum");
	acl_free(acl);

	struct acl *numbered = acl_new("101");
	ok(numbered->numbered && numbered->number == 101, "101 is a numbered list");
	acl_free(numbered);
	struct acl *named = acl_new("1010");
	ok(!named->numbered, "1010 is a name");
	acl_free(named);
}

/* A rule inserted by number goes above the remark of the rule after it. */
static void remark_placement(void)
{
	struct acl *acl = acl_new("R");
	struct acl_entry e;
	const struct acl_entry *it;
	char err[128];

	acl_entry_parse("permit icmp any any", &e, err, sizeof(err));
	acl_add_rule(acl, &e, err, sizeof(err));
	acl_add_remark(acl, "about the tcp rule", err, sizeof(err));
	acl_entry_parse("permit tcp any any", &e, err, sizeof(err));
	acl_add_rule(acl, &e, err, sizeof(err));
	acl_entry_parse("15 deny udp any any", &e, err, sizeof(err));
	ok(acl_add_rule(acl, &e, err, sizeof(err)), "rule 15 inserted");
	it = TAILQ_FIRST(&acl->entries);
	it = it ? TAILQ_NEXT(it, link) : NULL;
	ok(it && it->seq == 15, "15 comes second");
	it = it ? TAILQ_NEXT(it, link) : NULL;
	ok(it && it->kind == ACL_ENTRY_REMARK, "then the remark of rule 20");
	it = it ? TAILQ_NEXT(it, link) : NULL;
	ok(it && it->seq == 20, "then rule 20");
	acl_free(acl);
}

int main(void)
{
	remark_placement();
	parsing();
	port_blocks();
	xfrm_notes();
	lists();
	return done_testing();
}
