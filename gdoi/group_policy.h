/* A GDOI group's policy and keys as plain data: what the key server
 * distributes in a GROUPKEY-PULL (SA KEK, SA TEKs, KD, SEQ) and what a group
 * member ends up holding. Independent of the configuration model and of the
 * wire codec; copyable with memcpy (no pointers). Key fields are secrets:
 * gp_wipe() before the memory is released or reused. */
#ifndef GETVPND_GDOI_GROUP_POLICY_H
#define GETVPND_GDOI_GROUP_POLICY_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GP_KEK_SPI_LEN 16
#define GP_MAX_TEKS 16
#define GP_MAX_TEK_KEY_LEN 36   /* AES-256 + 4-octet GCM salt (RFC 4106) */
#define GP_MAX_INTEG_KEY_LEN 64 /* HMAC-SHA2-512 */
#define GP_MAX_KEK_KEY_LEN 32   /* AES-256 */
#define GP_MAX_PUBKEY_LEN 2048  /* DER SubjectPublicKeyInfo, RSA up to 8192 bits */
#define GP_NAME_LEN 64

/* Traffic selector of one ACL entry (or of the rekey SA): values as sent in
 * the SA TEK / SA KEK identification fields. Addresses and masks are in
 * network byte order; a host is mask 255.255.255.255; port 0 = any. */
struct gp_selector {
	uint8_t protocol;            /* IP protocol, 0 = any */
	struct in_addr src, src_mask;
	struct in_addr dst, dst_mask;
	uint16_t src_port, dst_port; /* host byte order */
};

/* --- KEK (rekey SA), RFC 6407 5.3 ------------------------------------- */
enum gp_kek_alg { GP_KEK_ALG_DES = 1, GP_KEK_ALG_3DES = 2, GP_KEK_ALG_AES = 3 };
enum gp_sig_hash { GP_SIG_HASH_MD5 = 1, GP_SIG_HASH_SHA1 = 2, GP_SIG_HASH_SHA256 = 3,
		   GP_SIG_HASH_SHA384 = 4, GP_SIG_HASH_SHA512 = 5 };
enum gp_sig_alg { GP_SIG_ALG_RSA = 1 };

struct gp_kek {
	bool present;                /* false: the group does not rekey */
	uint8_t spi[GP_KEK_SPI_LEN]; /* = the GROUPKEY-PUSH header cookies */
	struct gp_selector selector; /* rekey source (KS) and destination */
	uint8_t alg;                 /* enum gp_kek_alg */
	uint16_t key_bits;           /* KEK_KEY_LENGTH */
	uint32_t lifetime_s;         /* KEK_KEY_LIFETIME (remaining, when sent) */
	uint8_t sig_hash;            /* enum gp_sig_hash */
	uint8_t sig_alg;             /* enum gp_sig_alg */
	uint16_t sig_key_bits;       /* SIG_KEY_LENGTH (modulus bits) */
	uint8_t key[GP_MAX_KEK_KEY_LEN];
	size_t key_len;              /* = key_bits / 8 (3DES: 24) */
	uint8_t pubkey[GP_MAX_PUBKEY_LEN]; /* KS public key (SIG_ALGORITHM_KEY) */
	size_t pubkey_len;
};

/* --- TEK (data SA, ESP), RFC 6407 5.4.1 ---------------------------------- */
/* ESP transform IDs (RFC 2407 4.4.4, IANA). */
enum gp_esp_id { GP_ESP_DES = 2, GP_ESP_3DES = 3, GP_ESP_NULL = 11, GP_ESP_AES = 12,
		 GP_ESP_AES_GCM_16 = 20 };
/* Authentication Algorithm attribute values (RFC 2407 4.5, IANA); 0 = none. */
enum gp_auth_id { GP_AUTH_NONE = 0, GP_AUTH_HMAC_MD5 = 1, GP_AUTH_HMAC_SHA1 = 2,
		  GP_AUTH_HMAC_SHA256 = 5, GP_AUTH_HMAC_SHA384 = 6, GP_AUTH_HMAC_SHA512 = 7 };
enum gp_encaps { GP_ENCAPS_TUNNEL = 1, GP_ENCAPS_TRANSPORT = 2 };
/* RFC 6407 5.4.1 attribute values. */
enum gp_addr_preservation { GP_AP_NONE = 1, GP_AP_SOURCE_ONLY = 2,
			    GP_AP_DESTINATION_ONLY = 3, GP_AP_SOURCE_AND_DESTINATION = 4 };
enum gp_sa_direction { GP_DIR_SENDER_ONLY = 1, GP_DIR_RECEIVER_ONLY = 2,
		       GP_DIR_SYMMETRIC = 3 };

struct gp_tek {
	uint32_t spi;                 /* host byte order */
	struct gp_selector selector;
	uint8_t esp_id;               /* enum gp_esp_id */
	uint16_t key_bits;            /* Key Length attribute; 0 = implied by esp_id */
	uint8_t auth_id;              /* enum gp_auth_id */
	uint8_t encaps;               /* enum gp_encaps */
	uint8_t addr_preservation;    /* enum gp_addr_preservation */
	uint8_t direction;            /* enum gp_sa_direction */
	uint32_t lifetime_s;          /* SA Life Duration (seconds; remaining when sent) */
	uint8_t key[GP_MAX_TEK_KEY_LEN];        /* TEK_ALGORITHM_KEY */
	size_t key_len;
	uint8_t integ_key[GP_MAX_INTEG_KEY_LEN]; /* TEK_INTEGRITY_KEY */
	size_t integ_key_len;
};

struct group_policy {
	char name[GP_NAME_LEN];       /* local name of the group (not on the wire) */
	uint32_t group_id;            /* ID payload, KEY_ID, 4 octets */
	struct gp_kek kek;
	unsigned n_teks;
	struct gp_tek teks[GP_MAX_TEKS];
	uint32_t seq;                 /* SEQ of the rekey SA (PULL message 4) */
	/* GAP (RFC 6407 5.5); 0 = not sent */
	uint32_t activation_delay_s, deactivation_delay_s;
};

/* Key lengths (octets) the transforms require; 0 when the transform has no
 * key of that kind, -1 for an unsupported transform or key length. */
int gp_tek_cipher_key_len(uint8_t esp_id, uint16_t key_bits);
int gp_tek_integ_key_len(uint8_t auth_id);
int gp_kek_key_len(uint8_t alg, uint16_t key_bits);

/* true when the TEK/KEK keys have exactly the lengths their transforms need. */
bool gp_tek_keys_valid(const struct gp_tek *tek);
bool gp_kek_keys_valid(const struct gp_kek *kek);

/* First TEK with this SPI, or NULL. Several TEKs (one per ACL entry of one
 * `sa ipsec`) may share an SPI and its keys. */
struct gp_tek *gp_find_tek(struct group_policy *gp, uint32_t spi);
const struct gp_tek *gp_find_tek_const(const struct group_policy *gp, uint32_t spi);

/* The reverse direction of a selector (src <-> dst, ports swapped): the
 * mirror a symmetric TEK also covers. */
struct gp_selector gp_selector_mirror(const struct gp_selector *sel);

/* Prefix length of a contiguous mask, -1 if not contiguous. */
int gp_mask_prefix(struct in_addr mask);

/* Names used by the show commands (IOS wording). */
const char *gp_esp_name(uint8_t esp_id, uint16_t key_bits);   /* "esp-aes 256" */
const char *gp_auth_name(uint8_t auth_id);                    /* "esp-sha-hmac" */
const char *gp_direction_name(uint8_t direction);             /* "Symmetric" */
const char *gp_addr_preservation_name(uint8_t ap);            /* "ADDRESS_PRESERVATION..." */
const char *gp_kek_alg_name(uint8_t alg, uint16_t key_bits);  /* "AES 128" */
const char *gp_sig_hash_name(uint8_t hash);                   /* "HMAC_AUTH_SHA" */

/* OPENSSL_cleanse of every key in the policy (the rest is kept). */
void gp_wipe_keys(struct group_policy *gp);
/* OPENSSL_cleanse of the whole structure. */
void gp_wipe(struct group_policy *gp);

#endif
