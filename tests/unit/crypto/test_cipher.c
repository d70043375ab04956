/* CBC ciphers against NIST SP 800-38A (AES) and SP 800-67 (3DES). */
#include <stdlib.h>
#include <string.h>

#include "crypto/cipher.h"
#include "tests/tap.h"
#include "tests/unit/crypto/vec_file.h"

static const char sp800_38a_plain[] =
	"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
static const char sp800_38a_iv[] = "000102030405060708090a0b0c0d0e0f";

struct cbc_case {
	enum crypto_cipher c;
	const char *key, *iv, *plain, *cipher, *name;
};

static const struct cbc_case cases[] = {
	{ CRYPTO_CIPHER_AES_CBC, "2b7e151628aed2a6abf7158809cf4f3c", sp800_38a_iv, sp800_38a_plain,
	  "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	  "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
	  "SP 800-38A F.2.1 CBC-AES128" },
	{ CRYPTO_CIPHER_AES_CBC, "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", sp800_38a_iv,
	  sp800_38a_plain,
	  "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
	  "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
	  "SP 800-38A F.2.3 CBC-AES192" },
	{ CRYPTO_CIPHER_AES_CBC,
	  "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", sp800_38a_iv,
	  sp800_38a_plain,
	  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
	  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
	  "SP 800-38A F.2.5 CBC-AES256" },
	/* SP 800-67 example: ECB of "The qufck brown fox jump"; CBC with a zero
	 * IV equals ECB on the first block. */
	{ CRYPTO_CIPHER_3DES_CBC, "0123456789abcdef23456789abcdef01456789abcdef0123",
	  "0000000000000000", "5468652071756663", "a826fd8ce53b855f",
	  "SP 800-67 TDEA example, first block" },
};

static void check_case(const struct cbc_case *t)
{
	size_t kl, ivl, pl, cl;
	unsigned char *key = vec_hex(t->key, &kl), *iv = vec_hex(t->iv, &ivl);
	unsigned char *plain = vec_hex(t->plain, &pl), *cipher = vec_hex(t->cipher, &cl);
	unsigned char *buf = malloc(pl);

	ok(crypto_cbc_encrypt(t->c, key, kl, iv, ivl, plain, pl, buf) == 0, "encrypts");
	is_mem(buf, cipher, cl, t->name);
	ok(crypto_cbc_decrypt(t->c, key, kl, iv, ivl, buf, pl, buf) == 0, "decrypts in place");
	is_mem(buf, plain, pl, "decryption restores the plaintext");
	free(key);
	free(iv);
	free(plain);
	free(cipher);
	free(buf);
}

static void check_lengths(void)
{
	unsigned char key[32] = { 0 }, iv[16] = { 0 }, buf[48] = { 0 };

	ok(crypto_cbc_encrypt(CRYPTO_CIPHER_AES_CBC, key, 15, iv, 16, buf, 16, buf) < 0,
	   "AES key of 15 bytes rejected");
	ok(crypto_cbc_encrypt(CRYPTO_CIPHER_AES_CBC, key, 16, iv, 8, buf, 16, buf) < 0,
	   "AES with an 8-byte IV rejected");
	ok(crypto_cbc_encrypt(CRYPTO_CIPHER_AES_CBC, key, 16, iv, 16, buf, 17, buf) < 0,
	   "partial AES block rejected");
	ok(crypto_cbc_decrypt(CRYPTO_CIPHER_3DES_CBC, key, 16, iv, 8, buf, 8, buf) < 0,
	   "two-key 3DES rejected");
	ok(crypto_cbc_decrypt(CRYPTO_CIPHER_3DES_CBC, key, 24, iv, 8, buf, 12, buf) < 0,
	   "partial 3DES block rejected");
	ok(crypto_cbc_encrypt(CRYPTO_CIPHER_NONE, key, 24, iv, 8, buf, 8, buf) < 0,
	   "unknown cipher rejected");
	ok(crypto_cbc_encrypt(CRYPTO_CIPHER_3DES_CBC, key, 24, iv, 8, buf, 0, buf) == 0,
	   "empty input is a no-op");
	is_int(crypto_cipher_key_len(CRYPTO_CIPHER_AES_CBC, 256), 32, "AES KEY_LENGTH 256");
	is_int(crypto_cipher_key_len(CRYPTO_CIPHER_AES_CBC, 0), 0, "AES needs a KEY_LENGTH");
	is_int(crypto_cipher_key_len(CRYPTO_CIPHER_AES_CBC, 100), 0, "AES KEY_LENGTH 100 invalid");
	is_int(crypto_cipher_key_len(CRYPTO_CIPHER_3DES_CBC, 0), 24, "3DES is 24 bytes");
	is_int(crypto_cipher_from_ike(5), CRYPTO_CIPHER_3DES_CBC, "IKE cipher 5 = 3DES-CBC");
	is_int(crypto_cipher_from_ike(7), CRYPTO_CIPHER_AES_CBC, "IKE cipher 7 = AES-CBC");
	is_int(crypto_cipher_from_ike(1), CRYPTO_CIPHER_NONE, "IKE cipher 1 (DES) unsupported");
	is_int(crypto_cipher_from_gdoi_kek(2), CRYPTO_CIPHER_3DES_CBC, "GDOI KEK 2 = 3DES");
	is_int(crypto_cipher_from_gdoi_kek(3), CRYPTO_CIPHER_AES_CBC, "GDOI KEK 3 = AES");
	is_int(crypto_cipher_block_len(CRYPTO_CIPHER_AES_CBC), 16, "AES block");
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	check_lengths();
	return done_testing();
}
