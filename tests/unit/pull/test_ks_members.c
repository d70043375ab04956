/* The key server's member table: lookup, growth, removal, sorted listing,
 * at the scale the key server is sized for. */
#include "gdoi/ks_members.h"
#include "tests/tap.h"

#include <arpa/inet.h>
#include <stdlib.h>

static struct in_addr ip(uint32_t host)
{
	struct in_addr a = { .s_addr = htonl(host) };

	return a;
}

static bool count_cb(const struct ks_member *m, void *arg)
{
	(void)m;
	(*(size_t *)arg)++;
	return true;
}

int main(void)
{
	struct ks_member_table t;
	const uint32_t base = 0x0a000000; /* 10.0.0.0 */
	const size_t n = 100000;
	size_t seen = 0, found = 0, sorted_n;
	const struct ks_member **v;
	bool ordered = true;

	ok(ks_members_init(&t) == 0, "table initialised");
	ok(ks_members_find(&t, ip(base + 1)) == NULL, "empty table finds nothing");

	for (size_t i = 0; i < n; i++) {
		struct ks_member *m = ks_members_get(&t, ip(base + (uint32_t)i * 3));

		if (!m)
			break;
		m->registrations++;
	}
	is_int(ks_members_count(&t), n, "100000 members inserted");
	ok(ks_members_get(&t, ip(base)) == ks_members_find(&t, ip(base)), "get returns the existing entry");
	is_int(ks_members_count(&t), n, "get of an existing member adds nothing");
	for (size_t i = 0; i < n; i++)
		found += ks_members_find(&t, ip(base + (uint32_t)i * 3)) != NULL;
	is_int(found, n, "every member found by address");
	ok(ks_members_find(&t, ip(base + 1)) == NULL, "an absent address is not found");
	ok(t.n_buckets >= n, "buckets grew with the table (load below 1)");

	ks_members_foreach(&t, count_cb, &seen);
	is_int(seen, n, "foreach visits every member once");

	ok(ks_members_remove(&t, ip(base + 3)), "remove an existing member");
	ok(!ks_members_remove(&t, ip(base + 3)), "second removal finds nothing");
	ok(ks_members_find(&t, ip(base + 3)) == NULL, "removed member is gone");
	is_int(ks_members_count(&t), n - 1, "count follows removal");

	v = ks_members_sorted(&t, &sorted_n);
	is_int(sorted_n, n - 1, "sorted listing has every member");
	for (size_t i = 1; v && i < sorted_n; i++)
		if (ntohl(v[i - 1]->addr.s_addr) >= ntohl(v[i]->addr.s_addr))
			ordered = false;
	ok(v && ordered, "sorted listing is in address order");
	free(v);

	ks_members_free(&t);
	is_int(ks_members_count(&t), 0, "freed table is empty");
	ok(ks_members_find(&t, ip(base)) == NULL, "freed table finds nothing");
	return done_testing();
}
