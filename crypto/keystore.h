/* RSA key pairs of the router (`crypto key generate rsa ... label L`), kept
 * one PEM file per label under STATE_DIR/keys (mode 0600, directory 0700),
 * loaded at start. Keys are not part of the running configuration. The
 * private key never leaves this module except as an EVP_PKEY for signing. */
#ifndef GETVPND_CRYPTO_KEYSTORE_H
#define GETVPND_CRYPTO_KEYSTORE_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>

#define KEYSTORE_LABEL_MAX 63
#define KEYSTORE_RSA_MIN_BITS 512
#define KEYSTORE_RSA_MAX_BITS 4096
#define KEYSTORE_RSA_WEAK_BITS 2048   /* below this, generation warns */

struct keystore;

/* Loads every key stored under STATE_DIR/keys (none if it does not exist:
 * directories are created, 0700, with the first key generated). A file
 * that cannot be read is reported in err and skipped; NULL only when out
 * of memory. */
struct keystore *keystore_open(const char *state_dir, char *err, size_t errlen);
void keystore_free(struct keystore *ks);

/* Labels: 1-63 characters of [A-Za-z0-9._-], not starting with '.'. */
bool keystore_label_valid(const char *label);

/* Generates a key pair, writes it (temp file, fsync, rename), then makes it
 * current; replaces an existing key of that label. */
bool keystore_generate_rsa(struct keystore *ks, const char *label, unsigned bits,
			   char *err, size_t errlen);
/* Deletes the key and its file. */
bool keystore_zeroize(struct keystore *ks, const char *label, char *err, size_t errlen);

bool keystore_has(const struct keystore *ks, const char *label);
/* The key pair (borrowed; valid until zeroize/replace/free), or NULL. */
EVP_PKEY *keystore_get(const struct keystore *ks, const char *label);
unsigned keystore_bits(const struct keystore *ks, const char *label);
/* DER SubjectPublicKeyInfo of the public key, malloc'ed (caller frees). */
bool keystore_public_der(const struct keystore *ks, const char *label,
			 unsigned char **der, size_t *len);

/* Labels in sorted order: calls fn for each. */
void keystore_foreach(const struct keystore *ks,
		      void (*fn)(const char *label, EVP_PKEY *key, void *arg), void *arg);
size_t keystore_count(const struct keystore *ks);

#endif
