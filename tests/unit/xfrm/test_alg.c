/* Transform names to kernel algorithms, and key length checks. */
#include "tests/tap.h"
#include "xfrm/alg.h"

static void check_alg(const char *name, unsigned bits, const char *kernel, unsigned key_bits,
		      unsigned icv_bits)
{
	const struct gv_alg *a = gv_alg_find(name, bits);
	char label[96];

	snprintf(label, sizeof(label), "%s %u -> %s", name, bits, kernel);
	ok(a != NULL, label);
	if (!a)
		return;
	is_str(a->kernel_name, kernel, "kernel name");
	is_int(a->key_bits, key_bits, "key bits");
	is_int(a->icv_bits, icv_bits, "truncation / ICV bits");
}

int main(void)
{
	uint8_t key[64] = { 1, 2, 3 };
	struct gv_xfrm_keys k;
	char err[160];

	check_alg("esp-aes", 0, "cbc(aes)", 128, 0);
	check_alg("esp-aes", 256, "cbc(aes)", 256, 0);
	check_alg("esp-3des", 0, "cbc(des3_ede)", 192, 0);
	check_alg("esp-gcm", 0, "rfc4106(gcm(aes))", 128, 128);
	check_alg("esp-gcm", 256, "rfc4106(gcm(aes))", 256, 128);
	check_alg("esp-sha-hmac", 0, "hmac(sha1)", 160, 96);
	check_alg("esp-sha256-hmac", 0, "hmac(sha256)", 256, 128);
	check_alg("esp-sha512-hmac", 0, "hmac(sha512)", 512, 256);
	ok(gv_alg_find("esp-aes", 100) == NULL, "unknown key size rejected");
	ok(gv_alg_find("esp-rot13", 0) == NULL, "unknown transform rejected");
	ok(gv_alg_by_kernel_name("rfc4106(gcm(aes))", 160) == gv_alg_find("esp-gcm", 128),
	   "kernel name + key-with-salt length maps back");

	ok(gv_keys_set(&k, gv_alg_find("esp-aes", 0), key, 16, gv_alg_find("esp-sha-hmac", 0), key, 20,
		       err, sizeof(err)) == 0, "AES-128 + SHA-1 keys of the right length accepted");
	is_int(k.enc_key_len, 16, "encryption key length kept");
	is_int(k.auth_key[0], 1, "authentication key copied");
	ok(gv_keys_set(&k, gv_alg_find("esp-aes", 0), key, 24, gv_alg_find("esp-sha-hmac", 0), key, 20,
		       err, sizeof(err)) < 0, "24-byte key for AES-128 rejected");
	is_str(err, "esp-aes 128: key is 24 bytes, expected 16", "message says what was expected");
	ok(k.enc == NULL && k.enc_key[0] == 0, "a rejected set leaves no key material");
	ok(gv_keys_set(&k, gv_alg_find("esp-aes", 0), key, 16, gv_alg_find("esp-sha256-hmac", 0), key, 20,
		       err, sizeof(err)) < 0, "20-byte key for HMAC-SHA-256 rejected");
	ok(gv_keys_set(&k, gv_alg_find("esp-gcm", 0), key, 16, NULL, NULL, 0, err, sizeof(err)) < 0,
	   "GCM key without its 4-byte salt rejected");
	ok(gv_keys_set(&k, gv_alg_find("esp-gcm", 0), key, 20, NULL, NULL, 0, err, sizeof(err)) == 0,
	   "GCM key with salt accepted");
	ok(gv_keys_set(&k, gv_alg_find("esp-gcm", 0), key, 20, gv_alg_find("esp-sha-hmac", 0), key, 20,
		       err, sizeof(err)) < 0, "GCM with a separate HMAC rejected");
	ok(gv_keys_set(&k, gv_alg_find("esp-aes", 0), key, 16, NULL, NULL, 0, err, sizeof(err)) < 0,
	   "CBC without authentication rejected");
	gv_keys_set(&k, gv_alg_find("esp-aes", 0), key, 16, gv_alg_find("esp-sha-hmac", 0), key, 20,
		    err, sizeof(err));
	gv_keys_wipe(&k);
	ok(k.enc_key[0] == 0 && k.auth_key[0] == 0 && !k.enc, "wipe clears keys");
	return done_testing();
}
