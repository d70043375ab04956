/* Framing of the protected GDOI phase-2 messages (GROUPKEY-PULL and the
 * informational notifications sent over a phase-1 SA): ISAKMP header,
 * HASH payload first, the payload chain after it, zero padding to the
 * cipher block, CBC encryption with the phase-1 key and the IV chained per
 * message ID (RFC 2409 appendix B, RFC 6407 3.2).
 *
 * Receiving is split in two so that nothing is used before it is
 * authenticated: pull_open() checks the header and decrypts,
 * pull_split() locates the HASH and the payloads it covers by walking only
 * the generic payload headers (bounds-checked), and the caller verifies the
 * hash (gdoi_pull_hash_check) before decoding any payload content and
 * before committing the chained IV. */
#ifndef GETVPND_GDOI_PULL_FRAME_H
#define GETVPND_GDOI_PULL_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/gdoi_hash.h"
#include "crypto/iv.h"
#include "gdoi/ike_sa.h"

#define PULL_HDR_LEN 28
#define PULL_MAX_MSG 8192          /* largest GROUPKEY-PULL message handled */
#define PULL_MAX_PAD 255           /* trailing padding accepted after the chain */

#define ISAKMP_VERSION 0x10
#define ISAKMP_FLAG_ENC 0x01
#define ISAKMP_EXCH_INFO 5
#define ISAKMP_EXCH_GROUPKEY_PULL 32

/* Payload type numbers (RFC 2408 3.1, RFC 6407 5). */
enum pull_payload {
	PL_NONE = 0, PL_SA = 1, PL_ID = 5, PL_HASH = 8, PL_SIG = 9, PL_NONCE = 10,
	PL_NOTIFY = 11, PL_DELETE = 12, PL_SA_KEK = 15, PL_SA_TEK = 16, PL_KD = 17,
	PL_SEQ = 18, PL_GAP = 22,
};

struct pull_hdr {
	uint8_t icookie[IKE_COOKIE_LEN], rcookie[IKE_COOKIE_LEN];
	uint8_t next_payload, version, exchange, flags;
	uint32_t msgid;  /* host order */
	uint32_t length; /* host order */
};

/* Algorithms of the phase-1 SA in the crypto library's terms; -1 if the
 * SA names a cipher or hash the crypto library does not support. */
int pull_sa_algs(const struct ike_sa *sa, enum crypto_cipher *c, enum crypto_hash *h);

/* The first IV of exchange msgid: hash(phase-1 IV | M-ID). 0 ok, -1 error. */
int pull_iv_init(const struct ike_sa *sa, uint32_t msgid, struct ike_iv *iv);

/* Reads the fixed header (no check beyond the length). -1 if len < 28. */
int pull_hdr_read(const uint8_t *msg, size_t len, struct pull_hdr *hdr);

/* Encrypts plain (the payload chain, first payload type first_payload) with
 * *iv into out = HDR* | ciphertext; *iv becomes the next IV. 0 ok, -1 when
 * out is too small or the cipher fails. */
int pull_seal(const struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
	      uint8_t first_payload, struct ike_iv *iv, const uint8_t *plain,
	      size_t plain_len, uint8_t *out, size_t cap, size_t *out_len);

/* Same for a message already laid out as header + plaintext in buf
 * (*len bytes, e.g. by the codec's builder): pads the body with zeros to
 * the block length, sets the header length and ENC flag, encrypts the body
 * in place. 0 ok (*len updated), -1 when cap is too small or on error. */
int pull_seal_inplace(const struct ike_sa *sa, struct ike_iv *iv, uint8_t *buf,
		      size_t *len, size_t cap);

/* Checks the header of a received message against the SA (cookies,
 * version, exchange, encryption flag, length field = len, body a whole
 * number of blocks) and decrypts the body into plain (cap >= len - 28).
 * plain may be msg + 28 (decryption in place of a copy).
 * *next receives the IV that follows this message: commit it only once
 * the message authenticated. 0 ok, -1 rejected (*why says why). */
int pull_open(const struct ike_sa *sa, uint8_t exchange, const uint8_t *msg, size_t len,
	      const struct ike_iv *iv, struct pull_hdr *hdr, uint8_t *plain,
	      size_t cap, size_t *plain_len, struct ike_iv *next, const char **why);

/* A decrypted body split around its leading HASH payload. */
struct pull_body {
	const uint8_t *hash;     /* HASH payload data */
	size_t hash_len;
	const uint8_t *after;    /* the payloads after HASH, as hashed */
	size_t after_len;
	uint8_t after_first;     /* type of the first payload after HASH (0: none) */
};

/* first_payload = header's next payload, must be HASH; the HASH data must
 * be hash_len long; every generic header is checked (length >= 4, inside
 * the body, RESERVED 0) up to the payload whose next is NONE; at most
 * PULL_MAX_PAD bytes may follow. 0 ok, -1 malformed (*why says why). */
int pull_split(const uint8_t *plain, size_t len, uint8_t first_payload,
	       size_t hash_len, struct pull_body *b, const char **why);

/* Fills a HASH payload (generic header + hash) in front of after, whose
 * first payload is after_first, for message msg_no of the exchange:
 * out = HASH | after. 0 ok, -1 error. */
int pull_build_hashed(const struct ike_sa *sa, unsigned msg_no, uint32_t msgid,
		      const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b, size_t nr_len,
		      uint8_t after_first, const uint8_t *after, size_t after_len,
		      uint8_t *out, size_t cap, size_t *out_len);

/* Verifies the HASH of a split body: 0 authentic, -1 not. */
int pull_check_hash(const struct ike_sa *sa, unsigned msg_no, uint32_t msgid,
		    const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b, size_t nr_len,
		    const struct pull_body *b);

#endif
