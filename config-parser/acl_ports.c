/* Port numbers and IOS service names for tcp/udp entries, and the XFRM
 * selector cover of a port condition. */
#include "config-parser/acl.h"

#include <netinet/in.h>
#include <string.h>

struct port_name { const char *name; uint16_t port; };

/* IOS service names (IANA assignments), shown by name in running-config. */
static const struct port_name tcp_names[] = {
	{ "bgp", 179 }, { "chargen", 19 }, { "cmd", 514 }, { "daytime", 13 },
	{ "discard", 9 }, { "domain", 53 }, { "echo", 7 }, { "exec", 512 },
	{ "finger", 79 }, { "ftp", 21 }, { "ftp-data", 20 }, { "gopher", 70 },
	{ "hostname", 101 }, { "ident", 113 }, { "irc", 194 }, { "klogin", 543 },
	{ "kshell", 544 }, { "login", 513 }, { "lpd", 515 }, { "nntp", 119 },
	{ "pop2", 109 }, { "pop3", 110 }, { "smtp", 25 }, { "sunrpc", 111 },
	{ "tacacs", 49 }, { "talk", 517 }, { "telnet", 23 }, { "time", 37 },
	{ "uucp", 540 }, { "whois", 43 }, { "www", 80 }, { NULL, 0 },
};
static const struct port_name udp_names[] = {
	{ "biff", 512 }, { "bootpc", 68 }, { "bootps", 67 }, { "discard", 9 },
	{ "dnsix", 195 }, { "domain", 53 }, { "echo", 7 }, { "isakmp", 500 },
	{ "mobile-ip", 434 }, { "nameserver", 42 }, { "netbios-dgm", 138 },
	{ "netbios-ns", 137 }, { "netbios-ss", 139 }, { "non500-isakmp", 4500 },
	{ "ntp", 123 }, { "pim-auto-rp", 496 }, { "rip", 520 }, { "snmp", 161 },
	{ "snmptrap", 162 }, { "sunrpc", 111 }, { "syslog", 514 }, { "tacacs", 49 },
	{ "talk", 517 }, { "tftp", 69 }, { "time", 37 }, { "who", 513 },
	{ "xdmcp", 177 }, { NULL, 0 },
};

static const struct port_name *names_for(uint16_t protocol)
{
	if (protocol == IPPROTO_TCP)
		return tcp_names;
	if (protocol == IPPROTO_UDP)
		return udp_names;
	return NULL;
}

bool acl_port_value_parse(const char *word, uint16_t protocol, uint16_t *out)
{
	const struct port_name *names = names_for(protocol);
	unsigned long value;

	if (parse_number(word, 0, 65535, &value)) {
		*out = (uint16_t)value;
		return true;
	}
	if (!names)
		return false;
	const char *list[40];
	size_t n = 0;
	for (; names[n].name && n < sizeof(list) / sizeof(list[0]) - 1; n++)
		list[n] = names[n].name;
	list[n] = NULL;
	int idx = match_keyword(word, list);
	if (idx < 0)
		return false;
	*out = names[idx].port;
	return true;
}

const char *acl_port_name(uint16_t protocol, uint16_t port)
{
	const struct port_name *names = names_for(protocol);

	for (; names && names->name; names++)
		if (names->port == port)
			return names->name;
	return NULL;
}

/* Greedy cover of [lo, hi] by aligned power-of-two blocks. */
static int cover_range(uint32_t lo, uint32_t hi, struct port_block *blocks, int max, int n)
{
	while (lo <= hi) {
		uint32_t size = 1;
		while (size < 65536 && (lo & (size * 2 - 1)) == 0 && lo + size * 2 - 1 <= hi)
			size *= 2;
		if (n >= max)
			return -1;
		blocks[n].port = (uint16_t)lo;
		blocks[n].mask = (uint16_t)(0xffffu & ~(size - 1));
		n++;
		lo += size;
	}
	return n;
}

int acl_port_blocks(const struct acl_port *port, struct port_block *blocks, int max)
{
	switch (port->op) {
	case ACL_PORT_ANY:
		return cover_range(0, 65535, blocks, max, 0);
	case ACL_PORT_EQ:
		return cover_range(port->lo, port->lo, blocks, max, 0);
	case ACL_PORT_RANGE:
		return cover_range(port->lo, port->hi, blocks, max, 0);
	case ACL_PORT_GT:
		if (port->lo == 65535)
			return 0;
		return cover_range(port->lo + 1u, 65535, blocks, max, 0);
	case ACL_PORT_LT:
		if (port->lo == 0)
			return 0;
		return cover_range(0, port->lo - 1u, blocks, max, 0);
	case ACL_PORT_NEQ: {
		int n = 0;
		if (port->lo > 0)
			n = cover_range(0, port->lo - 1u, blocks, max, 0);
		if (n >= 0 && port->lo < 65535)
			n = cover_range(port->lo + 1u, 65535, blocks, max, n);
		return n;
	}
	}
	return -1;
}

const char *acl_entry_xfrm_note(const struct acl_entry *entry)
{
	struct port_block blocks[64];

	if (entry->kind != ACL_ENTRY_RULE)
		return NULL;
	if (wildcard_prefix_len(entry->src.wildcard) < 0 ||
	    wildcard_prefix_len(entry->dst.wildcard) < 0)
		return "discontiguous wildcard: no XFRM selector can express it";
	if (acl_port_blocks(&entry->sport, blocks, 64) != 1 ||
	    acl_port_blocks(&entry->dport, blocks, 64) != 1)
		return "port condition needs several XFRM selectors";
	if ((entry->sport.op != ACL_PORT_ANY && entry->sport.op != ACL_PORT_EQ) ||
	    (entry->dport.op != ACL_PORT_ANY && entry->dport.op != ACL_PORT_EQ))
		return "only 'eq' ports can be carried in GDOI identities";
	return NULL;
}
