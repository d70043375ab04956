/* Dangling names and incomplete key-server or member definitions. */
#include "config-parser/validate.h"

#include "crypto/keystore.h"

#include <stdarg.h>
#include <stdio.h>

struct reporter {
	config_report_fn fn;
	void *arg;
	unsigned count;
};

static void say(struct reporter *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct reporter *r, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->count++;
	if (r->fn)
		r->fn(msg, r->arg);
}

static void check_profile(const struct config *c, const char *name, struct reporter *r,
			  const char *where)
{
	const struct ipsec_profile *profile = ipsec_profile_find(&c->ipsec, name);

	if (!profile) {
		say(r, "%s: IPsec profile %s is not defined", where, name);
		return;
	}
	if (profile->set_count == 0)
		say(r, "IPsec profile %s has no transform set", name);
	/* Undefined sets are reported once, by the profile loop of config_validate. */
	for (unsigned i = 0; i < profile->set_count; i++) {
		const struct transform_set *set = transform_set_find(&c->ipsec, profile->sets[i]);
		if (set && set->mode != IPSEC_MODE_TUNNEL)
			say(r, "transform set %s: GETVPN uses tunnel mode (with address "
			    "preservation); transport mode is not supported", set->name);
	}
}

static void check_acl(const struct config *c, const char *name, struct reporter *r,
		      const char *where)
{
	const struct acl *acl = config_acl_find(c, name);
	const struct acl_entry *entry;
	char text[256];

	if (!acl) {
		say(r, "%s: access list %s is not defined", where, name);
		return;
	}
	TAILQ_FOREACH(entry, &acl->entries, link) {
		const char *note = acl_entry_xfrm_note(entry);
		if (!note)
			continue;
		acl_entry_format(entry, text, sizeof(text));
		say(r, "access list %s entry %u (%s): %s", name, entry->seq, text, note);
	}
}

static void check_ks(const struct config *c, const struct gdoi_group *g, struct reporter *r)
{
	const struct gdoi_server_local *ks = &g->ks;
	const struct gdoi_sa_ipsec *sa;
	char where[128];

	if (!ks->rekey_rsa_label[0])
		say(r, "group %s: no rekey authentication configured; rekeys cannot be sent",
		    g->name);
	else if (c->keystore && !keystore_has(c->keystore, ks->rekey_rsa_label))
		say(r, "group %s: RSA keys %s do not exist (crypto key generate rsa ... label %s)",
		    g->name, ks->rekey_rsa_label, ks->rekey_rsa_label);
	if (ks->rekey_transport == GDOI_REKEY_MULTICAST && !ks->rekey_address_acl[0])
		say(r, "group %s: multicast rekey without 'rekey address ipv4 ACL'", g->name);
	if (ks->rekey_address_acl[0] && !config_acl_find(c, ks->rekey_address_acl))
		say(r, "group %s: rekey address access list %s is not defined", g->name,
		    ks->rekey_address_acl);
	if (!ks->has_address)
		say(r, "group %s: no key server address (address ipv4 A.B.C.D)", g->name);
	if (TAILQ_EMPTY(&ks->sas))
		say(r, "group %s: no 'sa ipsec' policy", g->name);
	TAILQ_FOREACH(sa, &ks->sas, link) {
		snprintf(where, sizeof(where), "group %s sa ipsec %u", g->name, sa->number);
		if (!sa->profile[0])
			say(r, "%s: no profile", where);
		else
			check_profile(c, sa->profile, r, where);
		if (!sa->match_acl[0])
			say(r, "%s: no 'match address ipv4'", where);
		else
			check_acl(c, sa->match_acl, r, where);
	}
}

static unsigned validate_group(const struct config *c, const struct gdoi_group *g,
			       struct reporter *r)
{
	unsigned before = r->count;

	if (!g->has_identity)
		say(r, "group %s: no identity number", g->name);
	if (g->server_local)
		check_ks(c, g, r);
	else if (g->ks_address_count == 0)
		say(r, "group %s: neither 'server local' nor 'server address ipv4'", g->name);
	return r->count - before;
}

unsigned config_validate_group(const struct config *config, const struct gdoi_group *group,
			       config_report_fn report, void *arg)
{
	struct reporter r = { report, arg, 0 };

	return validate_group(config, group, &r);
}

unsigned config_validate(const struct config *c, config_report_fn report, void *arg)
{
	struct reporter r = { report, arg, 0 };
	const struct gdoi_group *g;
	const struct crypto_map_entry *m;
	const struct config_interface *i;
	const struct ipsec_profile *p;

	TAILQ_FOREACH(p, &c->ipsec.profiles, link)
		for (unsigned k = 0; k < p->set_count; k++)
			if (!transform_set_find(&c->ipsec, p->sets[k]))
				say(&r, "IPsec profile %s: transform set %s is not defined",
				    p->name, p->sets[k]);
	TAILQ_FOREACH(g, &c->groups, link)
		validate_group(c, g, &r);
	TAILQ_FOREACH(m, &c->crypto_maps, link) {
		if (!m->group[0])
			say(&r, "crypto map %s %u: no 'set group'", m->map, m->seq);
		else if (!gdoi_group_find(&c->groups, m->group))
			say(&r, "crypto map %s %u: GDOI group %s is not defined", m->map, m->seq,
			    m->group);
	}
	TAILQ_FOREACH(i, &c->interfaces, link)
		if (i->crypto_map[0] && !crypto_map_exists(&c->crypto_maps, i->crypto_map))
			say(&r, "interface %s: crypto map %s is not defined", i->name, i->crypto_map);
	return r.count;
}
