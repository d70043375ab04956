/* In-process key server <-> group member fixtures: a group configuration
 * like the lesson's, a phase-1 SA pair with identical keys, and a driver
 * that carries the datagrams between the two sans-IO engines. */
#ifndef GETVPND_TESTS_PULL_HARNESS_H
#define GETVPND_TESTS_PULL_HARNESS_H

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "crypto/rsa_sig.h"
#include "gdoi/gm.h"
#include "gdoi/ks.h"
#include "tests/unit/pull/pull_test_util.h"

#define KS_ADDR "10.0.0.1"
#define GROUP_ID 1234

static inline struct in_addr ipv4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

static inline struct gp_selector selector(const char *src, const char *smask, const char *dst,
					  const char *dmask, uint8_t proto, uint16_t dport)
{
	return (struct gp_selector){ .protocol = proto, .src = ipv4(src), .src_mask = ipv4(smask),
				     .dst = ipv4(dst), .dst_mask = ipv4(dmask), .dst_port = dport };
}

/* Two `sa ipsec`: AES-128/SHA1 over two ACL entries, AES-GCM-256 over one;
 * rekey with an RSA key when rekey is true. */
static inline void ks_config_fixture(struct ks_group_config *cfg, bool rekey)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->name, sizeof(cfg->name), "GETVPN");
	cfg->group_id = GROUP_ID;
	cfg->server_addr = ipv4(KS_ADDR);
	cfg->n_sa = 2;
	cfg->sa[0] = (struct ks_sa_ipsec){ .number = 10, .esp_id = GP_ESP_AES, .key_bits = 128,
		.auth_id = GP_AUTH_HMAC_SHA1, .lifetime_s = 3600, .replay_window = 64,
		.addr_preservation = GP_AP_SOURCE_AND_DESTINATION, .direction = GP_DIR_SYMMETRIC,
		.n_selectors = 2 };
	snprintf(cfg->sa[0].profile, sizeof(cfg->sa[0].profile), "GETVPN-PROF");
	snprintf(cfg->sa[0].acl, sizeof(cfg->sa[0].acl), "GETVPN-ACL");
	cfg->sa[0].selectors[0] = selector("10.1.0.0", "255.255.0.0", "10.2.0.0", "255.255.0.0", 0, 0);
	cfg->sa[0].selectors[1] = selector("10.1.0.0", "255.255.0.0", "239.1.1.1", "255.255.255.255", 17, 5000);
	cfg->sa[1] = (struct ks_sa_ipsec){ .number = 20, .esp_id = GP_ESP_AES_GCM_16, .key_bits = 256,
		.auth_id = GP_AUTH_NONE, .lifetime_s = 1800,
		.addr_preservation = GP_AP_SOURCE_AND_DESTINATION, .direction = GP_DIR_SYMMETRIC,
		.n_selectors = 1 };
	cfg->sa[1].selectors[0] = selector("192.168.0.0", "255.255.255.0", "192.168.1.0", "255.255.255.0", 6, 443);
	if (rekey) {
		EVP_PKEY *key = EVP_RSA_gen(1024);
		unsigned char *der = NULL;
		size_t len = 0;

		if (!key || rsa_public_to_spki(key, &der, &len) < 0 || len > sizeof(cfg->pubkey))
			abort();
		memcpy(cfg->pubkey, der, len);
		cfg->pubkey_len = len;
		OPENSSL_free(der);
		EVP_PKEY_free(key);
		cfg->rekey = true;
		cfg->kek_alg = GP_KEK_ALG_AES;
		cfg->kek_key_bits = 256;
		cfg->kek_lifetime_s = 86400;
		cfg->sig_hash = GP_SIG_HASH_SHA256;
		cfg->sig_key_bits = 1024;
		cfg->rekey_unicast = true;
		cfg->retransmit_period_s = 10;
		cfg->retransmit_count = 2;
		snprintf(cfg->rsa_label, sizeof(cfg->rsa_label), "GETVPN-KEYS");
		cfg->kek_selector = selector(KS_ADDR, "255.255.255.255", "0.0.0.0", "255.255.255.255", 17, 848);
		cfg->kek_selector.src_port = 848;
	}
}

static inline void gm_config_fixture(struct gm_group_config *cfg, uint32_t group_id)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->name, sizeof(cfg->name), "GETVPN");
	cfg->group_id = group_id;
	cfg->n_servers = 2;
	cfg->servers[0] = ipv4(KS_ADDR);
	cfg->servers[1] = ipv4("10.0.0.2");
}

/* The phase-1 SA as each side holds it. */
struct sa_pair {
	struct ike_sa ks, gm;
};

static inline void sa_pair_fixture(struct sa_pair *p, uint8_t seed, struct in_addr gm_addr)
{
	fixture_sa(&p->gm, IKE_INITIATOR, seed);
	fixture_sa(&p->ks, IKE_RESPONDER, seed);
	p->gm.local.sin_family = p->ks.peer.sin_family = AF_INET;
	p->gm.local.sin_addr = p->ks.peer.sin_addr = gm_addr;
	p->gm.peer.sin_family = p->ks.local.sin_family = AF_INET;
	p->gm.peer.sin_addr = p->ks.local.sin_addr = ipv4(KS_ADDR);
	p->gm.peer_id = p->gm.peer.sin_addr;
	p->ks.peer_id = gm_addr;
}

/* Messages of one registration, kept for negative tests. */
struct transcript {
	uint8_t m[4][PULL_MAX_MSG];
	size_t len[4];
};

/* Runs one registration of group g to completion; returns the number of
 * messages that went through as expected (4 = registered). */
static inline int register_once(struct ks *ks, struct gm *gm, struct gm_group *g,
				struct sa_pair *p, uint64_t now, struct transcript *t)
{
	static struct ks_pull_out out;
	static struct transcript local;
	struct gm_group *who;
	size_t len;

	if (!t)
		t = &local;
	if (gm_phase1_up(gm, g, &p->gm, now, t->m[0], sizeof(t->m[0]), &t->len[0]) < 0)
		return 0;
	if (ks_pull_input(ks, &p->ks, t->m[0], t->len[0], now, &out) != KS_PULL_REPLY)
		return 1;
	memcpy(t->m[1], out.buf, out.len);
	t->len[1] = out.len;
	if (gm_input(gm, &p->gm, t->m[1], t->len[1], now, t->m[2], sizeof(t->m[2]), &len, &who) !=
	    GM_IN_SEND || who != g)
		return 2;
	t->len[2] = len;
	if (ks_pull_input(ks, &p->ks, t->m[2], t->len[2], now, &out) != KS_PULL_REPLY)
		return 3;
	memcpy(t->m[3], out.buf, out.len);
	t->len[3] = out.len;
	if (gm_input(gm, &p->gm, t->m[3], t->len[3], now, NULL, 0, &len, &who) != GM_IN_REGISTERED)
		return 3;
	return 4;
}

/* The member holds exactly what the key server distributes. */
static inline bool same_policy(const struct group_policy *a, const struct group_policy *b)
{
	if (a->group_id != b->group_id || a->n_teks != b->n_teks ||
	    a->kek.present != b->kek.present || (a->kek.present && a->seq != b->seq))
		return false;
	for (unsigned i = 0; i < a->n_teks; i++) {
		const struct gp_tek *x = &a->teks[i], *y = &b->teks[i];

		if (x->spi != y->spi || x->esp_id != y->esp_id || x->key_bits != y->key_bits ||
		    x->auth_id != y->auth_id || x->encaps != y->encaps ||
		    x->addr_preservation != y->addr_preservation || x->direction != y->direction ||
		    x->lifetime_s != y->lifetime_s || x->key_len != y->key_len ||
		    x->integ_key_len != y->integ_key_len ||
		    memcmp(x->key, y->key, x->key_len) || memcmp(x->integ_key, y->integ_key, x->integ_key_len) ||
		    memcmp(&x->selector, &y->selector, sizeof(x->selector)))
			return false;
	}
	if (a->kek.present) {
		const struct gp_kek *x = &a->kek, *y = &b->kek;

		if (memcmp(x->spi, y->spi, GP_KEK_SPI_LEN) || x->alg != y->alg ||
		    x->key_bits != y->key_bits || x->lifetime_s != y->lifetime_s ||
		    x->sig_hash != y->sig_hash || x->sig_alg != y->sig_alg ||
		    x->sig_key_bits != y->sig_key_bits || x->key_len != y->key_len ||
		    memcmp(x->key, y->key, x->key_len) || x->pubkey_len != y->pubkey_len ||
		    memcmp(x->pubkey, y->pubkey, x->pubkey_len) ||
		    memcmp(&x->selector, &y->selector, sizeof(x->selector)))
			return false;
	}
	return true;
}

#endif
