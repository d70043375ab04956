/* RSA key store: generation, 0600 files, reload, public key export, zeroize. */
#include "crypto/keystore.h"
#include "tests/tap.h"

#include <openssl/x509.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char state_dir[] = "/tmp/gv-keystore-XXXXXX";

static void rm_rf(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", state_dir);
	if (system(cmd) != 0)
		diag("cleanup failed");
}

int main(void)
{
	char err[256] = "", path[256];
	struct stat st;

	if (!mkdtemp(state_dir)) {
		ok(0, "temporary state dir");
		return done_testing();
	}
	struct keystore *ks = keystore_open(state_dir, err, sizeof(err));
	ok(ks != NULL, "open an empty state dir");
	snprintf(path, sizeof(path), "%s/keys", state_dir);
	ok(stat(path, &st) != 0, "opening creates nothing");
	is_int(keystore_count(ks), 0, "no keys yet");

	ok(keystore_label_valid("RSA_KEYS") && keystore_label_valid("ks-1.key"), "valid labels");
	ok(!keystore_label_valid("../etc") && !keystore_label_valid(".hidden") &&
	   !keystore_label_valid("a/b") && !keystore_label_valid(""), "path-like labels refused");
	ok(!keystore_generate_rsa(ks, "../x", 1024, err, sizeof(err)), "bad label refused");
	ok(!keystore_generate_rsa(ks, "SMALL", 256, err, sizeof(err)), "256 bits refused");
	ok(!keystore_generate_rsa(ks, "BIG", 8192, err, sizeof(err)), "8192 bits refused");

	ok(keystore_generate_rsa(ks, "RSA_KEYS", 1024, err, sizeof(err)), "generate 1024");
	ok(keystore_generate_rsa(ks, "SMALLEST", 512, err, sizeof(err)), "generate 512");
	is_int(keystore_bits(ks, "RSA_KEYS"), 1024, "modulus 1024");
	snprintf(path, sizeof(path), "%s/keys", state_dir);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0700, "keys directory made 0700");
	snprintf(path, sizeof(path), "%s/keys/RSA_KEYS.pem", state_dir);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "key file is 0600");

	unsigned char *der = NULL, *der2 = NULL;
	size_t len = 0, len2 = 0;
	ok(keystore_public_der(ks, "RSA_KEYS", &der, &len) && len > 100, "public key DER");
	const unsigned char *p = der;
	EVP_PKEY *pub = d2i_PUBKEY(NULL, &p, (long)len);
	ok(pub && EVP_PKEY_get_base_id(pub) == EVP_PKEY_RSA && p == der + len,
	   "DER is a SubjectPublicKeyInfo of an RSA key");
	ok(pub && EVP_PKEY_eq(pub, keystore_get(ks, "RSA_KEYS")) == 1, "matches the key pair");
	EVP_PKEY_free(pub);
	ok(!keystore_public_der(ks, "NOPE", &der2, &len2), "no DER for unknown label");
	keystore_free(ks);

	ks = keystore_open(state_dir, err, sizeof(err));
	is_int(keystore_count(ks), 2, "keys reloaded at start");
	ok(keystore_public_der(ks, "RSA_KEYS", &der2, &len2) && len2 == len &&
	   memcmp(der, der2, len) == 0, "same public key after reload");
	free(der);
	free(der2);

	ok(keystore_zeroize(ks, "RSA_KEYS", err, sizeof(err)), "zeroize");
	ok(stat(path, &st) != 0, "key file deleted");
	ok(!keystore_has(ks, "RSA_KEYS") && keystore_has(ks, "SMALLEST"), "other key kept");
	ok(!keystore_zeroize(ks, "RSA_KEYS", err, sizeof(err)), "zeroize twice fails");
	keystore_free(ks);

	/* A key file readable by others is made private again, and said so. */
	snprintf(path, sizeof(path), "%s/keys/SMALLEST.pem", state_dir);
	chmod(path, 0644);
	err[0] = '\0';
	ks = keystore_open(state_dir, err, sizeof(err));
	ok(ks && keystore_has(ks, "SMALLEST") && strstr(err, "made private") &&
	   stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "over-open key file fixed");
	keystore_free(ks);

	/* A corrupt file is skipped, not fatal. */
	snprintf(path, sizeof(path), "%s/keys/BROKEN.pem", state_dir);
	FILE *f = fopen(path, "w");
	fputs("not a key\n", f);
	fclose(f);
	err[0] = '\0';
	ks = keystore_open(state_dir, err, sizeof(err));
	ok(ks && keystore_count(ks) == 1 && err[0] == '%', "corrupt key file reported and skipped");
	keystore_free(ks);
	rm_rf();
	return done_testing();
}
