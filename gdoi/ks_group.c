#include "gdoi/ks_group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "crypto/random.h"

static const char *check_config(const struct ks_group_config *cfg)
{
	unsigned teks = 0;

	if (cfg->n_sa == 0 || cfg->n_sa > KS_MAX_SA_IPSEC)
		return "the group needs between 1 and 8 `sa ipsec` entries";
	for (unsigned i = 0; i < cfg->n_sa; i++) {
		const struct ks_sa_ipsec *s = &cfg->sa[i];
		struct gp_tek probe = { .esp_id = s->esp_id, .key_bits = s->key_bits,
					.auth_id = s->auth_id };
		int klen = gp_tek_cipher_key_len(s->esp_id, s->key_bits);
		int ilen = gp_tek_integ_key_len(s->auth_id);

		if (klen < 0 || ilen < 0)
			return "unsupported transform in an `sa ipsec` profile";
		probe.key_len = (size_t)klen;
		probe.integ_key_len = (size_t)ilen;
		if (!gp_tek_keys_valid(&probe))
			return "invalid cipher/integrity combination in an `sa ipsec` profile";
		if (s->n_selectors == 0)
			return "an `sa ipsec` ACL has no permit entry";
		if (s->lifetime_s == 0)
			return "an `sa ipsec` lifetime is zero";
		teks += s->n_selectors;
	}
	if (teks > GP_MAX_TEKS)
		return "too many ACL entries across the `sa ipsec` entries (16 at most)";
	if (cfg->rekey) {
		if (gp_kek_key_len(cfg->kek_alg, cfg->kek_key_bits) <= 0)
			return "unsupported rekey algorithm";
		if (cfg->pubkey_len == 0 || cfg->pubkey_len > GP_MAX_PUBKEY_LEN)
			return "the rekey RSA public key is missing or too large";
		if (cfg->kek_lifetime_s == 0)
			return "the rekey lifetime is zero";
	}
	return NULL;
}

static bool spi_used_in(const struct ks_group *g, unsigned upto, uint32_t spi)
{
	for (unsigned i = 0; i < upto; i++)
		if (g->sa_spi[i] == spi)
			return true;
	return false;
}

static int new_spi(struct ks_group *g, unsigned idx,
		   bool (*spi_taken)(uint32_t, void *), void *arg)
{
	for (int tries = 0; tries < 64; tries++) {
		uint32_t spi;

		if (random_spi32(&spi) < 0)
			return -1;
		if (spi_used_in(g, idx, spi) || (spi_taken && spi_taken(spi, arg)))
			continue;
		g->sa_spi[idx] = spi;
		return 0;
	}
	return -1;
}

static int generate_kek(struct ks_group *g)
{
	const struct ks_group_config *cfg = &g->cfg;
	struct gp_kek *kek = &g->policy.kek;

	kek->present = true;
	kek->selector = cfg->kek_selector;
	kek->alg = cfg->kek_alg;
	kek->key_bits = cfg->kek_key_bits;
	kek->lifetime_s = cfg->kek_lifetime_s;
	kek->sig_hash = cfg->sig_hash;
	kek->sig_alg = GP_SIG_ALG_RSA;
	kek->sig_key_bits = cfg->sig_key_bits;
	kek->key_len = (size_t)gp_kek_key_len(cfg->kek_alg, cfg->kek_key_bits);
	memcpy(kek->pubkey, cfg->pubkey, cfg->pubkey_len);
	kek->pubkey_len = cfg->pubkey_len;
	if (random_bytes(kek->spi, sizeof(kek->spi)) < 0)
		return -1;
	return random_bytes(kek->key, kek->key_len);
}

/* One SPI and key set per `sa ipsec`, copied into a TEK per ACL entry. */
static int generate_teks(struct ks_group *g, bool (*spi_taken)(uint32_t, void *), void *arg)
{
	struct group_policy *gp = &g->policy;

	for (unsigned i = 0; i < g->cfg.n_sa; i++) {
		const struct ks_sa_ipsec *s = &g->cfg.sa[i];
		struct gp_tek t = {
			.esp_id = s->esp_id, .key_bits = s->key_bits, .auth_id = s->auth_id,
			.encaps = GP_ENCAPS_TUNNEL, .addr_preservation = s->addr_preservation,
			.direction = s->direction, .lifetime_s = s->lifetime_s,
			.key_len = (size_t)gp_tek_cipher_key_len(s->esp_id, s->key_bits),
			.integ_key_len = (size_t)gp_tek_integ_key_len(s->auth_id),
		};

		if (new_spi(g, i, spi_taken, arg) < 0 ||
		    random_bytes(t.key, t.key_len) < 0 ||
		    random_bytes(t.integ_key, t.integ_key_len) < 0) {
			OPENSSL_cleanse(&t, sizeof(t));
			return -1;
		}
		t.spi = g->sa_spi[i];
		for (unsigned j = 0; j < s->n_selectors; j++) {
			gp->teks[gp->n_teks] = t;
			gp->teks[gp->n_teks].selector = s->selectors[j];
			gp->n_teks++;
		}
		OPENSSL_cleanse(&t, sizeof(t));
	}
	return 0;
}

struct ks_group *ks_group_new(const struct ks_group_config *cfg, uint64_t now,
			      bool (*spi_taken)(uint32_t spi, void *arg), void *arg,
			      const char **why)
{
	struct ks_group *g;

	*why = check_config(cfg);
	if (*why)
		return NULL;
	g = calloc(1, sizeof(*g));
	if (!g || ks_members_init(&g->members) < 0) {
		free(g);
		*why = "out of memory";
		return NULL;
	}
	g->cfg = *cfg;
	snprintf(g->policy.name, sizeof(g->policy.name), "%s", cfg->name);
	g->policy.group_id = cfg->group_id;
	if ((cfg->rekey && generate_kek(g) < 0) || generate_teks(g, spi_taken, arg) < 0) {
		ks_group_free(g);
		*why = "random number generator failure";
		return NULL;
	}
	g->kek_created = g->tek_created = now;
	return g;
}

/* New SPIs must differ from the outgoing ones too: members keep the old
 * TEKs until they expire. */
struct taken_or_old {
	bool (*spi_taken)(uint32_t spi, void *arg);
	void *arg;
	const uint32_t *old;
	unsigned n_old;
};

static bool taken_or_old(uint32_t spi, void *arg)
{
	const struct taken_or_old *t = arg;

	for (unsigned i = 0; i < t->n_old; i++)
		if (t->old[i] == spi)
			return true;
	return t->spi_taken && t->spi_taken(spi, t->arg);
}

int ks_group_rekey_keys(struct ks_group *g, uint64_t now,
			bool (*spi_taken)(uint32_t spi, void *arg), void *arg)
{
	struct group_policy old = g->policy;
	uint32_t old_spi[KS_MAX_SA_IPSEC];
	struct taken_or_old t = { spi_taken, arg, old_spi, g->cfg.n_sa };
	int rc = 0;

	memcpy(old_spi, g->sa_spi, sizeof(old_spi));
	memset(&g->policy.kek, 0, sizeof(g->policy.kek));
	g->policy.n_teks = 0;
	if ((g->cfg.rekey && generate_kek(g) < 0) || generate_teks(g, taken_or_old, &t) < 0) {
		g->policy = old;
		memcpy(g->sa_spi, old_spi, sizeof(old_spi));
		rc = -1;
	} else {
		g->policy.seq = old.seq + 1;
		g->kek_created = g->tek_created = now;
		g->generation++;
	}
	gp_wipe(&old);
	return rc;
}

void ks_group_free(struct ks_group *g)
{
	if (!g)
		return;
	ks_members_free(&g->members);
	OPENSSL_cleanse(g, sizeof(*g));
	free(g);
}

static uint32_t remaining(uint32_t lifetime, uint64_t created, uint64_t now)
{
	uint64_t age = now > created ? now - created : 0;

	return age >= lifetime ? 1 : (uint32_t)(lifetime - age);
}

void ks_group_policy_at(const struct ks_group *g, uint64_t now, struct group_policy *out)
{
	*out = g->policy;
	if (out->kek.present)
		out->kek.lifetime_s = remaining(g->policy.kek.lifetime_s, g->kek_created, now);
	for (unsigned i = 0; i < out->n_teks; i++)
		out->teks[i].lifetime_s = remaining(g->policy.teks[i].lifetime_s, g->tek_created, now);
}

struct ks_member *ks_group_member_registered(struct ks_group *g, const struct ike_sa *sa,
					     uint32_t msgid, uint64_t now)
{
	struct ks_member *m = ks_members_get(&g->members, sa->peer.sin_addr);

	if (!m)
		return NULL;
	m->registered_at = time(NULL);
	m->registered_mono = now;
	m->registrations++;
	memcpy(m->icookie, sa->icookie, IKE_COOKIE_LEN);
	memcpy(m->rcookie, sa->rcookie, IKE_COOKIE_LEN);
	m->last_pull_msgid = msgid;
	m->last_seq_sent = g->policy.seq;
	g->registrations++;
	return m;
}
