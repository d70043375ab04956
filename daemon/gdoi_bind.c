/* Which local addresses the UDP 848 sockets listen on: the key server's
 * `address ipv4` of each local group, and each group member's registration
 * interface address. A group without either needs the wildcard, which
 * then serves everything alone (a wildcard and a specific socket on the
 * same port would compete for datagrams). */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "config-parser/config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <string.h>

bool gdoi_interface_address(const char *ifname, struct in_addr *out)
{
	struct ifaddrs *list, *ifa;
	bool found = false;

	if (!ifname[0] || getifaddrs(&list) != 0)
		return false;
	for (ifa = list; ifa && !found; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET ||
		    strcmp(ifa->ifa_name, ifname) != 0)
			continue;
		*out = ((const struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
		found = true;
	}
	freeifaddrs(list);
	return found;
}

static void add_unique(struct bind_set *set, struct in_addr a, bool *any)
{
	if (a.s_addr == htonl(INADDR_ANY)) {
		*any = true;
		return;
	}
	for (unsigned i = 0; i < set->n; i++)
		if (set->addr[i].s_addr == a.s_addr)
			return;
	if (set->n == GDOI_MAX_BINDS)
		*any = true;
	else
		set->addr[set->n++] = a;
}

void gdoi_bind_wanted(const struct gdoi_service *s, struct bind_set *out)
{
	bool any = false;

	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < s->n_ks; i++)
		add_unique(out, s->ks_inst[i].cfg->server_addr, &any);
	for (unsigned i = 0; i < s->n_gm; i++) {
		struct in_addr a = { .s_addr = htonl(INADDR_ANY) };

		gdoi_interface_address(s->gm_inst[i].cfg.interface, &a);
		add_unique(out, a, &any);
	}
	if (any) {
		out->n = 1;
		out->addr[0].s_addr = htonl(INADDR_ANY);
	}
}

bool gdoi_bind_equal(const struct bind_set *a, const struct bind_set *b)
{
	return a->n == b->n && memcmp(a->addr, b->addr, a->n * sizeof(a->addr[0])) == 0;
}
