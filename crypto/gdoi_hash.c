#include "crypto/gdoi_hash.h"

#include <openssl/crypto.h>

#include "crypto/prf.h"

int gdoi_pull_hash(enum crypto_hash h, const unsigned char *skeyid_a, size_t skeyid_a_len,
		   const struct gdoi_pull_hash_input *in, unsigned char *out)
{
	uint32_t m = in->msgid;
	unsigned char mid[4] = { m >> 24, m >> 16, m >> 8, m };
	struct crypto_chunk parts[4];
	size_t n = 0;

	if (in->msg_no < 1 || in->msg_no > 4 || !skeyid_a || !skeyid_a_len)
		return -1;
	parts[n++] = (struct crypto_chunk){ mid, sizeof(mid) };
	if (in->msg_no >= 2) {
		if (!in->ni_b || !in->ni_len)
			return -1;
		parts[n++] = (struct crypto_chunk){ in->ni_b, in->ni_len };
	}
	if (in->msg_no >= 3) {
		if (!in->nr_b || !in->nr_len)
			return -1;
		parts[n++] = (struct crypto_chunk){ in->nr_b, in->nr_len };
	}
	parts[n++] = (struct crypto_chunk){ in->after_hash, in->after_len };
	return prf(h, skeyid_a, skeyid_a_len, parts, n, out);
}

int gdoi_pull_hash_check(enum crypto_hash h, const unsigned char *skeyid_a,
			 size_t skeyid_a_len, const struct gdoi_pull_hash_input *in,
			 const unsigned char *received, size_t received_len)
{
	unsigned char computed[CRYPTO_HASH_MAX_LEN];
	size_t len = crypto_hash_len(h);

	if (!len || received_len != len ||
	    gdoi_pull_hash(h, skeyid_a, skeyid_a_len, in, computed) < 0)
		return -1;
	return CRYPTO_memcmp(computed, received, len) == 0 ? 0 : -1;
}

int gdoi_rekey_digest(enum crypto_hash h, const unsigned char header[ISAKMP_HEADER_LEN],
		      const unsigned char *payloads, size_t payloads_len,
		      unsigned char *out)
{
	static const char label[] = "rekey"; /* hashed without its NUL */
	struct crypto_chunk parts[] = {
		{ label, sizeof(label) - 1 },
		{ header, ISAKMP_HEADER_LEN },
		{ payloads, payloads_len },
	};

	return crypto_hash_digest(h, parts, 3, out);
}
