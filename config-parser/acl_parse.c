/* Parsing and printing of one access-list entry in IOS syntax. */
#include "config-parser/acl.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ACL_MAX_WORDS 16

struct words {
	char buf[512];
	char *w[ACL_MAX_WORDS];
	int n;
	int pos;
};

static void fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static bool split_words(const char *line, struct words *words, char *err, size_t errlen)
{
	if (strlen(line) >= sizeof(words->buf)) {
		fail(err, errlen, "%% Entry too long");
		return false;
	}
	strcpy(words->buf, line);
	words->n = 0;
	words->pos = 0;
	for (char *save = NULL, *tok = strtok_r(words->buf, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (words->n == ACL_MAX_WORDS) {
			fail(err, errlen, "%% Too many words in entry");
			return false;
		}
		words->w[words->n++] = tok;
	}
	return true;
}

static const char *peek(const struct words *words)
{
	return words->pos < words->n ? words->w[words->pos] : NULL;
}

static const char *next(struct words *words)
{
	return words->pos < words->n ? words->w[words->pos++] : NULL;
}

struct proto_name { const char *name; uint16_t number; };
static const struct proto_name protocols[] = {
	{ "ip", ACL_PROTO_IP }, { "icmp", IPPROTO_ICMP }, { "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP }, { "esp", IPPROTO_ESP }, { "gre", IPPROTO_GRE },
	{ "ahp", IPPROTO_AH }, { "igmp", IPPROTO_IGMP }, { "ospf", 89 },
	{ "pim", IPPROTO_PIM }, { "eigrp", 88 }, { "ipinip", 4 }, { NULL, 0 },
};

static bool parse_protocol(struct words *words, uint16_t *out, char *err, size_t errlen)
{
	static const char *const names[] = { "ip", "icmp", "tcp", "udp", "esp", "gre", "ahp",
					     "igmp", "ospf", "pim", "eigrp", "ipinip", NULL };
	const char *word = next(words);
	unsigned long number;

	if (!word) {
		fail(err, errlen, "%% Incomplete command: protocol expected");
		return false;
	}
	if (parse_number(word, 0, 255, &number)) {
		*out = (uint16_t)number;
		return true;
	}
	int idx = match_keyword(word, names);
	if (idx < 0) {
		fail(err, errlen, "%% Invalid protocol \"%s\"", word);
		return false;
	}
	*out = protocols[idx].number;
	return true;
}

static bool parse_address(struct words *words, struct acl_addr *out, const char *side,
			  char *err, size_t errlen)
{
	static const char *const forms[] = { "any", "host", NULL };
	const char *word = next(words);
	uint32_t addr, wildcard;

	if (!word) {
		fail(err, errlen, "%% Incomplete command: %s address expected", side);
		return false;
	}
	if (parse_ipv4(word, &addr)) {
		const char *mask = next(words);
		if (!mask || !parse_ipv4(mask, &wildcard)) {
			fail(err, errlen, "%% Invalid or missing %s wildcard mask", side);
			return false;
		}
		out->addr = addr & ~wildcard;
		out->wildcard = wildcard;
		return true;
	}
	switch (match_keyword(word, forms)) {
	case 0:
		out->addr = 0;
		out->wildcard = 0xffffffffu;
		return true;
	case 1:
		if (!parse_ipv4(peek(words), &addr)) {
			fail(err, errlen, "%% Invalid or missing %s host address", side);
			return false;
		}
		next(words);
		out->addr = addr;
		out->wildcard = 0;
		return true;
	default:
		fail(err, errlen, "%% Invalid %s address \"%s\"", side, word);
		return false;
	}
}

/* Optional port condition; only tcp and udp have one. */
static bool parse_ports(struct words *words, uint16_t protocol, struct acl_port *out,
			char *err, size_t errlen)
{
	static const char *const ops[] = { "eq", "neq", "gt", "lt", "range", NULL };
	static const enum acl_port_op op_values[] = { ACL_PORT_EQ, ACL_PORT_NEQ, ACL_PORT_GT,
						      ACL_PORT_LT, ACL_PORT_RANGE };
	const char *word = peek(words);

	out->op = ACL_PORT_ANY;
	out->lo = out->hi = 0;
	if (!word || (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP))
		return true;
	int idx = match_keyword(word, ops);
	if (idx < 0)
		return true;
	next(words);
	out->op = op_values[idx];
	const char *value = next(words);
	if (!value || !acl_port_value_parse(value, protocol, &out->lo)) {
		fail(err, errlen, "%% Invalid or missing port after \"%s\"", ops[idx]);
		return false;
	}
	if (out->op != ACL_PORT_RANGE)
		return true;
	value = next(words);
	if (!value || !acl_port_value_parse(value, protocol, &out->hi)) {
		fail(err, errlen, "%% Invalid or missing upper port of range");
		return false;
	}
	if (out->hi < out->lo) {
		fail(err, errlen, "%% Invalid range: %u is below %u", out->hi, out->lo);
		return false;
	}
	return true;
}

bool acl_entry_parse(const char *line, struct acl_entry *out, char *err, size_t errlen)
{
	static const char *const actions[] = { "permit", "deny", NULL };
	static const char *const tail[] = { "log", NULL };
	struct words words;
	unsigned long seq = 0;

	memset(out, 0, sizeof(*out));
	out->kind = ACL_ENTRY_RULE;
	if (!split_words(line, &words, err, errlen))
		return false;
	if (peek(&words) && parse_number(peek(&words), 1, ACL_SEQ_MAX, &seq))
		next(&words);
	const char *action = next(&words);
	int idx = action ? match_keyword(action, actions) : -1;
	if (idx < 0) {
		fail(err, errlen, "%% Expected permit or deny");
		return false;
	}
	out->seq = (uint32_t)seq;
	out->permit = idx == 0;
	if (!parse_protocol(&words, &out->protocol, err, errlen) ||
	    !parse_address(&words, &out->src, "source", err, errlen) ||
	    !parse_ports(&words, out->protocol, &out->sport, err, errlen) ||
	    !parse_address(&words, &out->dst, "destination", err, errlen) ||
	    !parse_ports(&words, out->protocol, &out->dport, err, errlen))
		return false;
	const char *word = next(&words);
	if (word && match_keyword(word, tail) == 0) {
		out->log = true;
		word = next(&words);
	}
	if (word) {
		fail(err, errlen, "%% Invalid input \"%s\"", word);
		return false;
	}
	return true;
}

static size_t append(char *buf, size_t len, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static size_t append(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	va_list ap;

	if (at >= len)
		return at;
	va_start(ap, fmt);
	int n = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	return n < 0 ? at : at + (size_t)n;
}

static size_t format_addr(const struct acl_addr *a, char *buf, size_t len, size_t at)
{
	char ip[16], mask[16];

	if (a->wildcard == 0xffffffffu)
		return append(buf, len, at, " any");
	if (a->wildcard == 0)
		return append(buf, len, at, " host %s", format_ipv4(a->addr, ip, sizeof(ip)));
	return append(buf, len, at, " %s %s", format_ipv4(a->addr, ip, sizeof(ip)),
		      format_ipv4(a->wildcard, mask, sizeof(mask)));
}

static size_t format_port_value(uint16_t protocol, uint16_t port, char *buf, size_t len,
				size_t at)
{
	const char *name = acl_port_name(protocol, port);

	return name ? append(buf, len, at, " %s", name) : append(buf, len, at, " %u", port);
}

static size_t format_ports(const struct acl_port *p, uint16_t protocol, char *buf,
			   size_t len, size_t at)
{
	static const char *const op_names[] = { [ACL_PORT_EQ] = "eq", [ACL_PORT_NEQ] = "neq",
						[ACL_PORT_GT] = "gt", [ACL_PORT_LT] = "lt",
						[ACL_PORT_RANGE] = "range" };

	if (p->op == ACL_PORT_ANY)
		return at;
	at = append(buf, len, at, " %s", op_names[p->op]);
	at = format_port_value(protocol, p->lo, buf, len, at);
	if (p->op == ACL_PORT_RANGE)
		at = format_port_value(protocol, p->hi, buf, len, at);
	return at;
}

void acl_entry_format(const struct acl_entry *e, char *buf, size_t len)
{
	size_t at = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (e->kind == ACL_ENTRY_REMARK) {
		append(buf, len, 0, "remark %s", e->remark);
		return;
	}
	at = append(buf, len, at, "%s", e->permit ? "permit" : "deny");
	const char *proto = NULL;
	for (const struct proto_name *p = protocols; p->name; p++)
		if (p->number == e->protocol)
			proto = p->name;
	at = proto ? append(buf, len, at, " %s", proto) : append(buf, len, at, " %u", e->protocol);
	at = format_addr(&e->src, buf, len, at);
	at = format_ports(&e->sport, e->protocol, buf, len, at);
	at = format_addr(&e->dst, buf, len, at);
	at = format_ports(&e->dport, e->protocol, buf, len, at);
	if (e->log)
		append(buf, len, at, " log");
}

static bool port_equal(const struct acl_port *a, const struct acl_port *b)
{
	return a->op == b->op && a->lo == b->lo && (a->op != ACL_PORT_RANGE || a->hi == b->hi);
}

bool acl_rule_equal(const struct acl_entry *a, const struct acl_entry *b)
{
	return a->kind == ACL_ENTRY_RULE && b->kind == ACL_ENTRY_RULE &&
	       a->permit == b->permit && a->protocol == b->protocol &&
	       a->src.addr == b->src.addr && a->src.wildcard == b->src.wildcard &&
	       a->dst.addr == b->dst.addr && a->dst.wildcard == b->dst.wildcard &&
	       port_equal(&a->sport, &b->sport) && port_equal(&a->dport, &b->dport) &&
	       a->log == b->log;
}
