/* ISAKMP bulk ciphers: AES-CBC (128/192/256) and 3DES-CBC, with no
 * padding (ISAKMP pads its messages itself, RFC 2409 appendix B). */
#ifndef GETVPND_CRYPTO_CIPHER_H
#define GETVPND_CRYPTO_CIPHER_H

#include <stddef.h>
#include <stdint.h>

enum crypto_cipher {
	CRYPTO_CIPHER_NONE = 0,
	CRYPTO_CIPHER_3DES_CBC,
	CRYPTO_CIPHER_AES_CBC,
};

#define CRYPTO_CIPHER_MAX_BLOCK 16
#define CRYPTO_CIPHER_MAX_KEY 32

const char *crypto_cipher_name(enum crypto_cipher c);
/* 8 for 3DES, 16 for AES, 0 if unknown. */
size_t crypto_cipher_block_len(enum crypto_cipher c);
/* Whether key_len (bytes) is valid: 24 for 3DES; 16, 24 or 32 for AES. */
int crypto_cipher_key_len_ok(enum crypto_cipher c, size_t key_len);
/* Key length in bytes for a phase-1 KEY_LENGTH attribute in bits (0 =
 * absent: 3DES is 24, AES must be given). 0 if invalid. */
size_t crypto_cipher_key_len(enum crypto_cipher c, unsigned key_bits);

/* Phase-1 ENCRYPTION_ALGORITHM values (RFC 2409 appendix A: 3DES-CBC 5,
 * AES-CBC 7, RFC 3602). NONE if unsupported. */
enum crypto_cipher crypto_cipher_from_ike(uint16_t value);
uint16_t crypto_cipher_to_ike(enum crypto_cipher c);
/* GDOI KEK_ALGORITHM values (RFC 6407 section 5.3: 3DES 2, AES 3). */
enum crypto_cipher crypto_cipher_from_gdoi_kek(uint16_t value);
uint16_t crypto_cipher_to_gdoi_kek(enum crypto_cipher c);

/* CBC over len bytes (a multiple of the block length, may be 0) with the
 * given key and IV (iv_len = block length). in and out may be the same
 * buffer. 0 ok, -1 bad lengths or OpenSSL error (out wiped). */
int crypto_cbc_encrypt(enum crypto_cipher c, const unsigned char *key, size_t key_len,
		       const unsigned char *iv, size_t iv_len,
		       const unsigned char *in, size_t len, unsigned char *out);
int crypto_cbc_decrypt(enum crypto_cipher c, const unsigned char *key, size_t key_len,
		       const unsigned char *iv, size_t iv_len,
		       const unsigned char *in, size_t len, unsigned char *out);

#endif
