#include "crypto/dh.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "log/log.h"

enum dh_kind { DH_KIND_MODP, DH_KIND_ECP };

struct dh_group_info {
	unsigned group;
	const char *name;
	enum dh_kind kind;
	/* OpenSSL's name for the group; NULL: built from the prime. */
	const char *ossl_group;
	BIGNUM *(*prime)(BIGNUM *); /* MODP: the RFC 2409 / RFC 3526 prime */
	size_t field_len; /* bytes of the prime / of one coordinate */
};

static const struct dh_group_info groups[] = {
	{ DH_GROUP_MODP_768, "MODP_768", DH_KIND_MODP, NULL, BN_get_rfc2409_prime_768, 96 },
	{ DH_GROUP_MODP_1024, "MODP_1024", DH_KIND_MODP, NULL, BN_get_rfc2409_prime_1024, 128 },
	{ DH_GROUP_MODP_1536, "MODP_1536", DH_KIND_MODP, "modp_1536", BN_get_rfc3526_prime_1536, 192 },
	{ DH_GROUP_MODP_2048, "MODP_2048", DH_KIND_MODP, "modp_2048", BN_get_rfc3526_prime_2048, 256 },
	{ DH_GROUP_MODP_3072, "MODP_3072", DH_KIND_MODP, "modp_3072", BN_get_rfc3526_prime_3072, 384 },
	{ DH_GROUP_MODP_4096, "MODP_4096", DH_KIND_MODP, "modp_4096", BN_get_rfc3526_prime_4096, 512 },
	{ DH_GROUP_ECP_256, "ECP_256", DH_KIND_ECP, "P-256", NULL, 32 },
	{ DH_GROUP_ECP_384, "ECP_384", DH_KIND_ECP, "P-384", NULL, 48 },
	{ DH_GROUP_ECP_521, "ECP_521", DH_KIND_ECP, "P-521", NULL, 66 },
};

struct dh_keypair {
	const struct dh_group_info *info;
	EVP_PKEY *pkey;
};

static const struct dh_group_info *group_info(unsigned group)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i].group == group)
			return &groups[i];
	return NULL;
}

bool dh_group_supported(unsigned group)
{
	return group_info(group) != NULL;
}

const char *dh_group_name(unsigned group)
{
	const struct dh_group_info *gi = group_info(group);

	return gi ? gi->name : "unknown";
}

size_t dh_public_len(unsigned group)
{
	const struct dh_group_info *gi = group_info(group);

	if (!gi)
		return 0;
	return gi->kind == DH_KIND_ECP ? 2 * gi->field_len : gi->field_len;
}

size_t dh_secret_len(unsigned group)
{
	const struct dh_group_info *gi = group_info(group);

	return gi ? gi->field_len : 0;
}

static void log_openssl(const char *what, const struct dh_group_info *gi)
{
	unsigned long e = ERR_get_error();

	log_debug("DH %s %s: %s", gi->name, what, e ? ERR_reason_error_string(e) : "failed");
	ERR_clear_error();
}

/* Domain parameters for the MODP groups OpenSSL has no name for: p from
 * RFC 2409, g = 2. No q: with one, OpenSSL 3.0 key generation fails
 * for these sizes; the peer value is range-checked here instead. */
static EVP_PKEY *explicit_modp_params(const struct dh_group_info *gi)
{
	BIGNUM *p = gi->prime(NULL), *g = BN_new();
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *pkey = NULL;

	if (p && g && bld && ctx && BN_set_word(g, 2) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) &&
	    EVP_PKEY_fromdata_init(ctx) == 1)
		if (EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEY_PARAMETERS, params) != 1)
			pkey = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(p);
	BN_free(g);
	return pkey;
}

/* The group's domain parameters as a parameters-only key, made once per
 * group and kept for the process instead of on every key generation
 * (with the one-piece public value of dh_keypair_public(), an ECP 256
 * key pair went from about 60 to 25 us). Key generation starts from
 * them; peer keys copy the parameters of the key pair they meet. */
static EVP_PKEY *group_params(const struct dh_group_info *gi)
{
	static EVP_PKEY *cache[sizeof(groups) / sizeof(groups[0])];
	size_t slot = (size_t)(gi - groups);
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *params = NULL;

	if (cache[slot])
		return cache[slot];
	if (!gi->ossl_group) {
		cache[slot] = explicit_modp_params(gi);
		return cache[slot];
	}
	ctx = EVP_PKEY_CTX_new_from_name(NULL, gi->kind == DH_KIND_ECP ? "EC" : "DH", NULL);
	if (ctx && EVP_PKEY_paramgen_init(ctx) == 1) {
		OSSL_PARAM params_in[2] = {
			OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
							 (char *)gi->ossl_group, 0),
			OSSL_PARAM_construct_end(),
		};

		if (EVP_PKEY_CTX_set_params(ctx, params_in) != 1 ||
		    EVP_PKEY_generate(ctx, &params) != 1)
			params = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	cache[slot] = params;
	return params;
}

struct dh_keypair *dh_keypair_generate(unsigned group)
{
	const struct dh_group_info *gi = group_info(group);
	struct dh_keypair *kp;
	EVP_PKEY *params;
	EVP_PKEY_CTX *ctx = NULL;

	if (!gi)
		return NULL;
	kp = calloc(1, sizeof(*kp));
	if (!kp)
		return NULL;
	kp->info = gi;
	params = group_params(gi);
	if (params)
		ctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_generate(ctx, &kp->pkey) != 1) {
		log_openssl("key generation", gi);
		EVP_PKEY_free(kp->pkey);
		free(kp);
		kp = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	return kp;
}

/* g^x mod p for a private x in 2..p-2; NULL otherwise. */
static BIGNUM *modp_public(const struct dh_group_info *gi, const BIGNUM *x, BN_CTX *bn)
{
	BIGNUM *p = gi->prime(NULL), *g = BN_new(), *y = BN_new(), *pm2 = NULL;
	int ok = 0;

	if (p && g && y && (pm2 = BN_dup(p)) && BN_sub_word(pm2, 2) && BN_set_word(g, 2) &&
	    BN_cmp(x, BN_value_one()) > 0 && BN_cmp(x, pm2) <= 0)
		ok = BN_mod_exp(y, g, x, p, bn);
	BN_free(p);
	BN_free(pm2);
	BN_free(g);
	if (!ok) {
		BN_free(y);
		return NULL;
	}
	return y;
}

/* x*G as the uncompressed point 0x04 | x | y, for a scalar in 1..n-1. */
static int ecp_public(const struct dh_group_info *gi, const BIGNUM *k, BN_CTX *bn,
		      unsigned char *out, size_t out_len)
{
	int nid = gi->group == DH_GROUP_ECP_256 ? NID_X9_62_prime256v1 :
		  gi->group == DH_GROUP_ECP_384 ? NID_secp384r1 : NID_secp521r1;
	EC_GROUP *group = EC_GROUP_new_by_curve_name(nid);
	EC_POINT *pt = group ? EC_POINT_new(group) : NULL;
	int ok = pt && !BN_is_zero(k) && !BN_is_negative(k) &&
		 BN_cmp(k, EC_GROUP_get0_order(group)) < 0 &&
		 EC_POINT_mul(group, pt, k, NULL, NULL, bn) == 1 &&
		 EC_POINT_point2oct(group, pt, POINT_CONVERSION_UNCOMPRESSED, out, out_len, bn) ==
			 out_len;

	EC_POINT_free(pt);
	EC_GROUP_free(group);
	return ok ? 0 : -1;
}

static EVP_PKEY *import_keypair(const struct dh_group_info *gi, const BIGNUM *priv, BN_CTX *bn)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *pub = NULL, *p = NULL, *g = NULL;
	unsigned char point[1 + 2 * 66];
	int ok = bld != NULL;

	if (ok && gi->kind == DH_KIND_ECP) {
		size_t len = 1 + 2 * gi->field_len;

		ok = ecp_public(gi, priv, bn, point, len) == 0 &&
		     OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, len);
	} else if (ok) {
		ok = (pub = modp_public(gi, priv, bn)) != NULL &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, pub);
	}
	if (ok && gi->ossl_group)
		ok = OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
						     gi->ossl_group, 0);
	else if (ok)
		ok = (p = gi->prime(NULL)) && (g = BN_new()) && BN_set_word(g, 2) &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g);
	ok = ok && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) &&
	     (params = OSSL_PARAM_BLD_to_param(bld)) &&
	     (ctx = EVP_PKEY_CTX_new_from_name(NULL, gi->kind == DH_KIND_ECP ? "EC" : "DH",
					       NULL)) &&
	     EVP_PKEY_fromdata_init(ctx) == 1 &&
	     EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params) == 1;
	OSSL_PARAM_free(params); /* the secure BN went to a block cleared on free */
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(pub);
	BN_free(p);
	BN_free(g);
	if (!ok) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

struct dh_keypair *dh_keypair_from_private(unsigned group, const unsigned char *priv,
					   size_t priv_len)
{
	const struct dh_group_info *gi = group_info(group);
	BN_CTX *bn = BN_CTX_secure_new();
	BIGNUM *x = NULL;
	struct dh_keypair *kp = NULL;

	if (gi && bn && priv_len && priv_len <= gi->field_len &&
	    (x = BN_secure_new()) && BN_bin2bn(priv, (int)priv_len, x) &&
	    (kp = calloc(1, sizeof(*kp)))) {
		kp->info = gi;
		kp->pkey = import_keypair(gi, x, bn);
		if (!kp->pkey) {
			log_openssl("private value import", gi);
			free(kp);
			kp = NULL;
		}
	}
	BN_clear_free(x);
	BN_CTX_free(bn);
	return kp;
}

unsigned dh_keypair_group(const struct dh_keypair *kp)
{
	return kp->info->group;
}

static int bn_param_padded(EVP_PKEY *pkey, const char *name, unsigned char *out, size_t len)
{
	BIGNUM *bn = NULL;
	int ok = EVP_PKEY_get_bn_param(pkey, name, &bn) == 1 &&
		 BN_bn2binpad(bn, out, (int)len) == (int)len;

	BN_free(bn);
	return ok ? 0 : -1;
}

int dh_keypair_public(const struct dh_keypair *kp, unsigned char *out, size_t out_len)
{
	const struct dh_group_info *gi = kp->info;
	unsigned char point[1 + 2 * 66];
	size_t point_len = 0;

	if (out_len != dh_public_len(gi->group))
		return -1;
	if (gi->kind == DH_KIND_MODP)
		return bn_param_padded(kp->pkey, OSSL_PKEY_PARAM_PUB_KEY, out, out_len);
	/* RFC 5903: x | y, each a field element, no point-format octet. One
	 * export of the uncompressed point (0x04 | x | y): asking for x and y
	 * apart converts the point to affine coordinates twice. */
	if (EVP_PKEY_get_octet_string_param(kp->pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
					    sizeof(point), &point_len) != 1 ||
	    point_len != out_len + 1 || point[0] != 0x04)
		return -1;
	memcpy(out, point + 1, out_len);
	return 0;
}

/* Rejects 0, 1, p-1 and anything >= p: values that force the secret
 * into a tiny subgroup or are not field elements at all. */
static int modp_peer_in_range(const struct dh_keypair *kp, const unsigned char *peer,
			      size_t len)
{
	BIGNUM *p = NULL, *y = BN_bin2bn(peer, (int)len, NULL), *pm1 = NULL;
	int ok = 0;

	if (y && EVP_PKEY_get_bn_param(kp->pkey, OSSL_PKEY_PARAM_FFC_P, &p) == 1 &&
	    (pm1 = BN_dup(p)) && BN_sub_word(pm1, 1))
		ok = BN_cmp(y, BN_value_one()) > 0 && BN_cmp(y, pm1) < 0;
	BN_free(p);
	BN_free(pm1);
	BN_free(y);
	return ok ? 0 : -1;
}

static EVP_PKEY *peer_key(const struct dh_keypair *kp, const unsigned char *peer, size_t len)
{
	const struct dh_group_info *gi = kp->info;
	unsigned char point[1 + 2 * 66];
	EVP_PKEY *pkey = EVP_PKEY_new();
	const unsigned char *enc = peer;
	size_t enc_len = len;

	if (gi->kind == DH_KIND_ECP) {
		point[0] = 0x04; /* uncompressed: the IKE value lacks this octet */
		memcpy(point + 1, peer, len);
		enc = point;
		enc_len = len + 1;
	}
	if (!pkey || EVP_PKEY_copy_parameters(pkey, kp->pkey) != 1 ||
	    EVP_PKEY_set1_encoded_public_key(pkey, enc, enc_len) != 1) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

static int derive(const struct dh_keypair *kp, EVP_PKEY *peer, struct secret_buf *secret)
{
	size_t want = kp->info->field_len, got = 0;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, kp->pkey, NULL);
	int ok = ctx && EVP_PKEY_derive_init(ctx) == 1 &&
		 (kp->info->kind == DH_KIND_ECP || EVP_PKEY_CTX_set_dh_pad(ctx, 1) == 1) &&
		 /* no full public-key check (y^q mod p costs 7x the derivation for
		  * group 14): MODP values are range-checked above and these primes
		  * are safe primes; an EC point was checked on the curve when it
		  * was decoded, and the NIST curves have cofactor 1 */
		 EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) == 1 &&
		 EVP_PKEY_derive(ctx, NULL, &got) == 1 && got <= want &&
		 secret_buf_alloc(secret, want) == 0;

	if (ok) {
		got = want;
		ok = EVP_PKEY_derive(ctx, secret->data, &got) == 1 && got <= want;
	}
	if (ok && got < want) {
		/* Left-pad: g^xy is always the full field length (RFC 2409 5). */
		memmove(secret->data + (want - got), secret->data, got);
		memset(secret->data, 0, want - got);
	}
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		secret_buf_free(secret);
	return ok ? 0 : -1;
}

int dh_compute_secret(const struct dh_keypair *kp, const unsigned char *peer,
		      size_t peer_len, struct secret_buf *secret)
{
	const struct dh_group_info *gi = kp->info;
	EVP_PKEY *pk;
	int rc;

	secret_buf_free(secret);
	if (peer_len != dh_public_len(gi->group)) {
		log_debug("DH %s: peer public value has %zu bytes, want %zu", gi->name,
			  peer_len, dh_public_len(gi->group));
		return -1;
	}
	if (gi->kind == DH_KIND_MODP && modp_peer_in_range(kp, peer, peer_len) < 0) {
		log_debug("DH %s: peer public value out of range", gi->name);
		return -1;
	}
	pk = peer_key(kp, peer, peer_len);
	if (!pk) {
		log_openssl("peer public value rejected", gi);
		return -1;
	}
	rc = derive(kp, pk, secret);
	if (rc < 0)
		log_openssl("shared secret", gi);
	EVP_PKEY_free(pk);
	return rc;
}

void dh_keypair_free(struct dh_keypair *kp)
{
	if (!kp)
		return;
	EVP_PKEY_free(kp->pkey); /* OpenSSL clears private key bignums on free */
	free(kp);
}
