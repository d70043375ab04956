/* Diffie-Hellman: both sides agree for every group, lengths are exact,
 * and degenerate or malformed peer values are refused. */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>

#include "crypto/dh.h"
#include "tests/tap.h"
#include "tests/unit/crypto/vec_file.h"

static const struct {
	unsigned group;
	size_t pub_len, secret_len;
	BIGNUM *(*prime)(BIGNUM *);
} groups[] = {
	{ DH_GROUP_MODP_768, 96, 96, BN_get_rfc2409_prime_768 },
	{ DH_GROUP_MODP_1024, 128, 128, BN_get_rfc2409_prime_1024 },
	{ DH_GROUP_MODP_1536, 192, 192, BN_get_rfc3526_prime_1536 },
	{ DH_GROUP_MODP_2048, 256, 256, BN_get_rfc3526_prime_2048 },
	{ DH_GROUP_MODP_3072, 384, 384, BN_get_rfc3526_prime_3072 },
	{ DH_GROUP_MODP_4096, 512, 512, BN_get_rfc3526_prime_4096 },
	{ DH_GROUP_ECP_256, 64, 32, NULL },
	{ DH_GROUP_ECP_384, 96, 48, NULL },
	{ DH_GROUP_ECP_521, 132, 66, NULL },
};

static int refused(struct dh_keypair *kp, const unsigned char *peer, size_t len)
{
	struct secret_buf s = { 0 };
	int rc = dh_compute_secret(kp, peer, len, &s);

	return rc < 0 && s.data == NULL;
}

/* 0, 1, p-1 and p as peer values of the prime's length. */
static void check_modp_range(struct dh_keypair *kp, BIGNUM *(*prime)(BIGNUM *), size_t len)
{
	unsigned char *v = calloc(1, len);
	BIGNUM *p = prime(NULL);

	ok(refused(kp, v, len), "peer value 0 refused");
	v[len - 1] = 1;
	ok(refused(kp, v, len), "peer value 1 refused");
	BN_bn2binpad(p, v, (int)len);
	ok(refused(kp, v, len), "peer value p refused");
	v[len - 1] -= 1;
	ok(refused(kp, v, len), "peer value p-1 refused");
	memset(v, 0xff, len);
	ok(refused(kp, v, len), "peer value above p refused");
	BN_free(p);
	free(v);
}

static void check_ecp_points(struct dh_keypair *kp, const unsigned char *good, size_t len)
{
	unsigned char *v = calloc(1, len + 1);

	ok(refused(kp, v, len), "all-zero point refused");
	memcpy(v, good, len);
	v[len - 1] ^= 0x01;
	ok(refused(kp, v, len), "point off the curve refused");
	v[0] = 0x04;
	memcpy(v + 1, good, len);
	ok(refused(kp, v, len + 1), "0x04-prefixed point (not the IKE encoding) refused");
	free(v);
}

static void check_group(size_t i)
{
	unsigned group = groups[i].group;
	size_t len = groups[i].pub_len;
	struct dh_keypair *a = dh_keypair_generate(group), *b = dh_keypair_generate(group);
	unsigned char *pa = malloc(len), *pb = malloc(len);
	struct secret_buf sa = { 0 }, sb = { 0 };
	char name[80];

	snprintf(name, sizeof(name), "%s: two key pairs generated", dh_group_name(group));
	ok(a && b, name);
	if (!a || !b)
		goto out;
	is_int(dh_public_len(group), len, "public value length");
	is_int(dh_secret_len(group), groups[i].secret_len, "secret length");
	is_int(dh_keypair_group(a), group, "key pair knows its group");
	ok(dh_keypair_public(a, pa, len) == 0 && dh_keypair_public(b, pb, len) == 0,
	   "public values exported");
	ok(dh_keypair_public(a, pa, len - 1) < 0, "short output buffer refused");
	ok(memcmp(pa, pb, len) != 0, "two key pairs differ");
	ok(dh_compute_secret(a, pb, len, &sa) == 0 && dh_compute_secret(b, pa, len, &sb) == 0,
	   "both sides compute a secret");
	snprintf(name, sizeof(name), "%s: both sides agree", dh_group_name(group));
	ok(sa.len == groups[i].secret_len && sb.len == sa.len &&
	   memcmp(sa.data, sb.data, sa.len) == 0, name);
	ok(refused(a, pb, len - 1), "short peer value refused");
	if (groups[i].prime)
		check_modp_range(a, groups[i].prime, len);
	else
		check_ecp_points(a, pb, len);
out:
	secret_buf_free(&sa);
	secret_buf_free(&sb);
	dh_keypair_free(a);
	dh_keypair_free(b);
	free(pa);
	free(pb);
}

/* RFC 5903 section 8.1: the IKE public values are x | y. */
static void check_rfc5903_p256(void)
{
	size_t il, rl, gil, grl, zl;
	unsigned char *i = vec_hex("c88f01f510d9ac3f70a292daa2316de5"
				   "44e9aab8afe84049c62a9c57862d1433", &il);
	unsigned char *r = vec_hex("c6ef9c5d78ae012a011164acb397ce20"
				   "88685d8f06bf9be0b283ab46476bee53", &rl);
	unsigned char *gi = vec_hex("dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
				    "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
				    &gil);
	unsigned char *gr = vec_hex("d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
				    "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
				    &grl);
	unsigned char *z = vec_hex("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de",
				   &zl);
	struct dh_keypair *a = dh_keypair_from_private(DH_GROUP_ECP_256, i, il);
	struct dh_keypair *b = dh_keypair_from_private(DH_GROUP_ECP_256, r, rl);
	unsigned char pub[64];
	struct secret_buf s = { 0 };

	ok(a && b, "RFC 5903 P-256 private values imported");
	if (a && b) {
		ok(dh_keypair_public(a, pub, 64) == 0 && memcmp(pub, gi, 64) == 0, "RFC 5903 g^i");
		ok(dh_keypair_public(b, pub, 64) == 0 && memcmp(pub, gr, 64) == 0, "RFC 5903 g^r");
		ok(dh_compute_secret(a, gr, grl, &s) == 0 && s.len == 32 &&
		   memcmp(s.data, z, 32) == 0, "RFC 5903 g^ir (x coordinate)");
		secret_buf_free(&s);
		ok(dh_compute_secret(b, gi, gil, &s) == 0 && s.len == 32 &&
		   memcmp(s.data, z, 32) == 0, "same from the responder");
		secret_buf_free(&s);
	}
	memset(i, 0, il);
	ok(dh_keypair_from_private(DH_GROUP_ECP_256, i, il) == NULL, "private value 0 refused");
	dh_keypair_free(a);
	dh_keypair_free(b);
	free(i);
	free(r);
	free(gi);
	free(gr);
	free(z);
}

/* With x = 2 the public value is g^2 = 4, and with the peer's g^3 = 8 the
 * secret is 8^2 = 64, left-padded to the prime length. */
static void check_modp_small_exponent(unsigned group, size_t len)
{
	unsigned char two = 2, *pub = malloc(len), *want = calloc(1, len);
	struct dh_keypair *kp = dh_keypair_from_private(group, &two, 1);
	struct secret_buf s = { 0 };
	char name[64];

	snprintf(name, sizeof(name), "%s: g^2 = 4", dh_group_name(group));
	want[len - 1] = 4;
	ok(kp && dh_keypair_public(kp, pub, len) == 0 && memcmp(pub, want, len) == 0, name);
	want[len - 1] = 8;
	snprintf(name, sizeof(name), "%s: (g^3)^2 = 64, padded", dh_group_name(group));
	ok(kp && dh_compute_secret(kp, want, len, &s) == 0 && s.len == len && s.data[len - 1] == 64 &&
	   memcmp(s.data, want, len - 1) == 0, name);
	secret_buf_free(&s);
	dh_keypair_free(kp);
	two = 1;
	ok(dh_keypair_from_private(group, &two, 1) == NULL, "private value 1 refused");
	free(pub);
	free(want);
}

int main(void)
{
	check_rfc5903_p256();
	check_modp_small_exponent(DH_GROUP_MODP_1024, 128);
	check_modp_small_exponent(DH_GROUP_MODP_2048, 256);
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		check_group(i);
	ok(!dh_group_supported(22), "group 22 unsupported");
	ok(dh_keypair_generate(3) == NULL, "group 3 (EC2N) refused");
	is_int(dh_public_len(17), 0, "no length for an unknown group");
	return done_testing();
}
