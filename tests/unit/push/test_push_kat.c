/* Known answers: the reference implementation's logged GROUPKEY-PUSH
 * messages (tests/vectors/three-clients-*.vec) are opened by push_open()
 * with the KEK and KS public key the member received at registration. */
#include <stdlib.h>
#include <string.h>

#include "crypto/rsa_sig.h"
#include "gdoi/push_msg.h"
#include "gdoi/rekey_kek.h"
#include "tests/tap.h"
#include "tests/unit/crypto/vec_file.h"

static struct vec_file v;

static const unsigned char *need(const char *name, size_t *len)
{
	const unsigned char *p = vec_get(&v, name, len);

	if (!p)
		printf("# missing %s\n", name);
	return p;
}

/* The member's KEK as registration gave it: SA KEK values of the
 * three-clients run (3DES, SHA1) and the KD's IV | key. */
static int registration_kek(struct rekey_kek *kek, EVP_PKEY **pub)
{
	size_t kd_len, spki_len, hdr_len;
	const unsigned char *kd = need("reg1.kek_alg_key", &kd_len);
	const unsigned char *spki = need("reg1.kek_sig_key", &spki_len);
	const unsigned char *hdr = need("rekey1.header", &hdr_len);
	struct gp_kek k = { .present = true, .alg = GP_KEK_ALG_3DES, .key_bits = 192,
			    .key_len = 24, .sig_hash = GP_SIG_HASH_SHA1, .sig_alg = GP_SIG_ALG_RSA };

	if (!kd || !spki || !hdr || hdr_len != WIRE_HDR_LEN)
		return -1;
	memcpy(k.spi, hdr, GP_KEK_SPI_LEN); /* the cookies of every rekey */
	if (rekey_kek_from_policy(&k, kd, kd_len, kek) < 0)
		return -1;
	*pub = rsa_public_from_der(spki, spki_len);
	return *pub ? 0 : -1;
}

/* The datagram as sent: logged header with the padded length, ciphertext. */
static unsigned char *datagram(int n, size_t *len)
{
	char name[32];
	size_t hlen, clen;
	const unsigned char *hdr, *cipher;
	unsigned char *d;

	snprintf(name, sizeof(name), "rekey%d.header", n);
	hdr = need(name, &hlen);
	snprintf(name, sizeof(name), "rekey%d.cipher", n);
	cipher = need(name, &clen);
	if (!hdr || !cipher || hlen != WIRE_HDR_LEN)
		return NULL;
	*len = hlen + clen;
	d = malloc(*len);
	memcpy(d, hdr, hlen);
	memcpy(d + hlen, cipher, clen);
	push_signed_header(d, *len, d);
	return d;
}

static void check_ks_rekeys(void)
{
	struct rekey_kek kek;
	EVP_PKEY *pub = NULL;
	struct push_rx *rx = malloc(sizeof(*rx));
	const char *why = "";
	uint32_t last = 0;

	if (!ok(vec_load(&v, "three-clients-ks.vec") == 0 && registration_kek(&kek, &pub) == 0,
		"KS vectors and registration KEK"))
		goto out;
	is_mem(kek.iv, "IVIVIVIV", 8, "KEK IV taken from KEK_ALGORITHM_KEY");
	for (int n = 1; n <= 2; n++) {
		size_t len, plen;
		unsigned char *d = datagram(n, &len);
		char name[40];
		const unsigned char *plain;
		enum push_reject r;

		snprintf(name, sizeof(name), "rekey%d.plain", n);
		plain = need(name, &plen);
		if (!ok(d && plain, "rekey datagram assembled"))
			continue;
		r = push_open(&kek, pub, last, WIRE_DEC_TEK_ID_LEN8, d, len, rx, &why);
		if (r != PUSH_OK)
			printf("# %s: %s\n", push_reject_name(r), why);
		is_int(r, PUSH_OK, "reference rekey accepted (decrypt, raw PKCS#1 signature, SEQ)");
		is_int(rx->seq, n, "SEQ as logged");
		is_mem(rx->buf + WIRE_HDR_LEN, plain, plen, "plaintext as logged");
		is_int(rx->update.gp.n_teks, 2, "two TEKs");
		ok(!rx->update.gp.kek.present, "no new KEK in this rekey");
		ok(gp_tek_keys_valid(&rx->update.gp.teks[0]) && gp_tek_keys_valid(&rx->update.gp.teks[1]),
		   "both TEKs keyed (3DES + HMAC-SHA1)");
		is_int(rx->update.gp.teks[0].lifetime_s, 60, "TEK lifetime 60 s");
		r = push_open(&kek, pub, (uint32_t)n, WIRE_DEC_TEK_ID_LEN8, d, len, rx, &why);
		is_int(r, PUSH_E_REPLAY, "the same rekey again is a replay");
		last = (uint32_t)n;
		free(d);
	}
	{
		size_t len;
		unsigned char *d = datagram(1, &len);

		d[len - 9] ^= 0x01; /* inside the SIG payload's last block */
		is_int(push_open(&kek, pub, 0, WIRE_DEC_TEK_ID_LEN8, d, len, rx, &why),
		       PUSH_E_SIGNATURE, "reference rekey with a flipped bit is refused");
		free(d);
	}
out:
	rekey_kek_wipe(&kek);
	EVP_PKEY_free(pub);
	free(rx);
	vec_free(&v);
}

static void check_gm_rekey(void)
{
	struct rekey_kek kek;
	EVP_PKEY *pub = NULL;
	struct push_rx *rx = malloc(sizeof(*rx));
	const char *why = "";
	size_t len;
	unsigned char *d;

	if (!ok(vec_load(&v, "three-clients-gm1.vec") == 0 && registration_kek(&kek, &pub) == 0,
		"GM vectors and registration KEK"))
		goto out;
	d = datagram(1, &len);
	if (ok(d != NULL, "member's logged rekey")) {
		is_int(push_open(&kek, pub, 0, WIRE_DEC_TEK_ID_LEN8, d, len, rx, &why), PUSH_OK,
		       "the member's received rekey is accepted");
		/* without the RFC 3547 1-octet selector lengths it does not decode */
		ok(push_open(&kek, pub, 0, 0, d, len, rx, &why) != PUSH_OK,
		   "RFC 6407 selector lengths refuse the RFC 3547 layout");
		free(d);
	}
out:
	rekey_kek_wipe(&kek);
	EVP_PKEY_free(pub);
	free(rx);
	vec_free(&v);
}

int main(void)
{
	check_ks_rekeys();
	check_gm_rekey();
	return done_testing();
}
