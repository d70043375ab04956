/* Extended IP access lists: the traffic a GDOI group encrypts (permit) or
 * leaves in clear (deny). Named lists (`ip access-list extended NAME`) and
 * numbered ones (100-199, `access-list N ...`) share this model.
 *
 * What the Linux dataplane can represent: an XFRM selector holds one
 * address/prefix and one port/port-mask per side. Hence
 *   - addresses: `any`, `host` and contiguous wildcards map exactly;
 *     a discontiguous wildcard (0.0.255.0) has no selector form;
 *   - ports: `eq` maps exactly; `range`, `gt` and `lt` map exactly to one
 *     selector only when they cover an aligned power-of-two block (e.g.
 *     `range 1024 2047`, `gt 32767`, `lt 1024`), otherwise they need
 *     several selectors (acl_port_blocks() gives the exact cover);
 *     `neq` always needs several (up to 32);
 *   - GDOI itself carries one port per side in a TEK's identities, so only
 *     `eq` (or no port) can be distributed by a key server to members.
 * Entries are accepted as IOS accepts them; acl_entry_xfrm_note() says
 * what the dataplane will do with one that does not map to one selector. */
#ifndef GETVPND_CONFIG_ACL_H
#define GETVPND_CONFIG_ACL_H

#include "config-parser/parse_util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

#define ACL_PROTO_IP 256        /* the keyword "ip": any protocol */
#define ACL_REMARK_MAX 100      /* IOS limit for a remark */
#define ACL_SEQ_MAX 2147483647UL
#define ACL_SEQ_STEP 10

enum acl_port_op { ACL_PORT_ANY = 0, ACL_PORT_EQ, ACL_PORT_NEQ, ACL_PORT_GT,
		   ACL_PORT_LT, ACL_PORT_RANGE };

struct acl_port {
	enum acl_port_op op;
	uint16_t lo;            /* eq/neq/gt/lt value, range low end */
	uint16_t hi;            /* range high end */
};

/* Address and wildcard in host byte order; addr has its wildcard bits
 * cleared (IOS does this on entry). any = 0.0.0.0 255.255.255.255. */
struct acl_addr {
	uint32_t addr;
	uint32_t wildcard;
};

enum acl_entry_kind { ACL_ENTRY_RULE, ACL_ENTRY_REMARK };

struct acl_entry {
	TAILQ_ENTRY(acl_entry) link;
	enum acl_entry_kind kind;
	uint32_t seq;           /* rules only; remarks have 0 */
	bool permit;
	uint16_t protocol;      /* 0-255 or ACL_PROTO_IP */
	struct acl_addr src, dst;
	struct acl_port sport, dport;
	bool log;
	char remark[ACL_REMARK_MAX + 1];
};

TAILQ_HEAD(acl_entry_list, acl_entry);

struct acl {
	TAILQ_ENTRY(acl) link;
	char name[CONFIG_NAME_MAX + 1];
	bool numbered;          /* 100-199: printed as access-list lines */
	unsigned long number;
	struct acl_entry_list entries;
	uint32_t last_seq;      /* highest sequence number in use */
	size_t rule_count;
};

TAILQ_HEAD(acl_list, acl);

/* Parse one entry from whitespace-separated words, IOS syntax:
 *   [SEQ] (permit|deny) PROTO SRC [PORTS] DST [PORTS] [log]
 *   PROTO = ip|icmp|tcp|udp|esp|gre|ahp|<0-255>;
 *   SRC/DST = any | host A.B.C.D | A.B.C.D WILDCARD;
 *   PORTS (tcp/udp only) = eq P | neq P | gt P | lt P | range P P.
 * Keywords may be abbreviated. out->seq is 0 when no number is given. On
 * error, returns false with an IOS-like message in err. */
bool acl_entry_parse(const char *line, struct acl_entry *out, char *err, size_t errlen);
/* One port number or a known service name (www, isakmp...) for tcp/udp. */
bool acl_port_value_parse(const char *word, uint16_t protocol, uint16_t *out);
/* The IOS service name of a port, or NULL (then it is shown as a number). */
const char *acl_port_name(uint16_t protocol, uint16_t port);
/* The entry in canonical IOS form, without sequence number:
 * "permit tcp host 10.0.0.1 any eq www log". */
void acl_entry_format(const struct acl_entry *entry, char *buf, size_t len);
/* True when two rules match the same traffic with the same action. */
bool acl_rule_equal(const struct acl_entry *a, const struct acl_entry *b);

/* XFRM selector cover of a port condition: (port, mask) pairs whose union
 * is exactly the set of ports the condition matches. Returns the number of
 * blocks written (at most max), or -1 if max is too small. ACL_PORT_ANY
 * gives one block (0, 0). */
struct port_block { uint16_t port, mask; };
int acl_port_blocks(const struct acl_port *port, struct port_block *blocks, int max);
/* NULL when the entry maps to exactly one XFRM selector and can be carried
 * in GDOI identities; otherwise a short explanation. */
const char *acl_entry_xfrm_note(const struct acl_entry *entry);

/* --- lists ---------------------------------------------------------------- */
struct acl *acl_new(const char *name);
void acl_free(struct acl *acl);
/* Adds a copy of rule (kind RULE). seq 0 = last + 10. Fails on a duplicate
 * sequence number or an out-of-range one; an identical rule is silently
 * not added again (IOS behaviour) and counts as success. */
bool acl_add_rule(struct acl *acl, const struct acl_entry *rule, char *err, size_t errlen);
bool acl_add_remark(struct acl *acl, const char *text, char *err, size_t errlen);
bool acl_delete_seq(struct acl *acl, uint32_t seq);
bool acl_delete_rule(struct acl *acl, const struct acl_entry *rule);
bool acl_delete_remark(struct acl *acl, const char *text);
/* IOS `ip access-list resequence`-like renumbering is not offered. */

struct acl *acl_find(const struct acl_list *list, const char *name);

#endif
