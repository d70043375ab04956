/* One GDOI group on the key server: its configuration (as plain data,
 * filled from the configuration model by ks_config.c), the KEK and TEKs
 * generated for it, the SEQ counter and the registered members.
 * Times are monotonic seconds supplied by the caller (sans-IO). */
#ifndef GETVPND_GDOI_KS_GROUP_H
#define GETVPND_GDOI_KS_GROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "gdoi/group_policy.h"
#include "gdoi/ks_members.h"

#define KS_MAX_SA_IPSEC 8

/* One `sa ipsec N`: a transform (from the profile's transform set) applied
 * to every permit entry of one ACL. All its TEKs share one SPI and key. */
struct ks_sa_ipsec {
	unsigned number;                     /* N of `sa ipsec N` */
	char profile[GP_NAME_LEN];           /* for show */
	char acl[GP_NAME_LEN];               /* for show */
	uint8_t esp_id;                      /* enum gp_esp_id */
	uint16_t key_bits;
	uint8_t auth_id;                     /* enum gp_auth_id */
	uint32_t lifetime_s;                 /* TEK lifetime */
	uint8_t addr_preservation;           /* enum gp_addr_preservation */
	uint8_t direction;                   /* enum gp_sa_direction */
	unsigned replay_window;              /* 0 = no replay protection (show only) */
	unsigned n_selectors;
	struct gp_selector selectors[GP_MAX_TEKS];
};

struct ks_group_config {
	char name[GP_NAME_LEN];
	uint32_t group_id;                   /* identity number */
	struct in_addr server_addr;          /* `address ipv4`: rekey source, show */

	/* rekey (KEK); only when `rekey authentication` is configured */
	bool rekey;
	uint8_t kek_alg;                     /* enum gp_kek_alg */
	uint16_t kek_key_bits;
	uint32_t kek_lifetime_s;
	uint8_t sig_hash;                    /* enum gp_sig_hash */
	uint16_t sig_key_bits;
	char rsa_label[GP_NAME_LEN];         /* `mypubkey rsa LABEL` */
	uint8_t pubkey[GP_MAX_PUBKEY_LEN];   /* its public half, SubjectPublicKeyInfo DER */
	size_t pubkey_len;
	struct gp_selector kek_selector;     /* rekey source -> destination */
	bool rekey_unicast;
	uint32_t retransmit_period_s, retransmit_count;

	unsigned n_sa;
	struct ks_sa_ipsec sa[KS_MAX_SA_IPSEC];
};

struct ks_group {
	struct ks_group_config cfg;
	struct group_policy policy;          /* generated keys; lifetimes as configured */
	uint32_t sa_spi[KS_MAX_SA_IPSEC];    /* SPI of each `sa ipsec` */
	uint64_t kek_created, tek_created;   /* monotonic seconds */
	unsigned generation;                 /* bumped each time keys are replaced */
	struct ks_member_table members;
	unsigned long registrations, rejections;
	unsigned long rekeys_sent;
};

/* Checks the configuration (key lengths, sizes) and generates the KEK
 * (if cfg->rekey) and one SPI and key set per `sa ipsec` with the crypto
 * RNG. spi_taken(spi, arg), if given, says whether an SPI is already used
 * elsewhere on the key server; SPIs are also unique within the group.
 * Returns NULL with *why set on a configuration error or RNG failure. */
struct ks_group *ks_group_new(const struct ks_group_config *cfg, uint64_t now,
			      bool (*spi_taken)(uint32_t spi, void *arg), void *arg,
			      const char **why);
/* Replaces the KEK and TEKs with freshly generated ones (new SPIs, keys),
 * SEQ + 1, generation + 1; members are kept. 0 ok, -1 RNG failure (the old
 * keys stay). */
int ks_group_rekey_keys(struct ks_group *g, uint64_t now,
			bool (*spi_taken)(uint32_t spi, void *arg), void *arg);
/* Wipes every key; frees the members. NULL is fine. */
void ks_group_free(struct ks_group *g);

/* The policy as sent to a member registering at time now: lifetimes are
 * what remains of the KEK/TEK lifetimes (at least 1 s), SEQ current. */
void ks_group_policy_at(const struct ks_group *g, uint64_t now, struct group_policy *out);

/* Records a completed registration of the member at addr over sa. */
struct ks_member *ks_group_member_registered(struct ks_group *g, const struct ike_sa *sa,
					     uint32_t msgid, uint64_t now);

#endif
