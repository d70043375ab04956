/* RSA key store: OpenSSL 3 EVP keys, one 0600 PEM file per label. */
#include "crypto/keystore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_SUFFIX ".pem"

struct stored_key {
	char label[KEYSTORE_LABEL_MAX + 1];
	EVP_PKEY *pkey;
};

struct keystore {
	char *state_dir;
	char *dir;                  /* STATE_DIR/keys */
	struct stored_key *keys;    /* sorted by label */
	size_t count, cap;
};

bool keystore_label_valid(const char *label)
{
	size_t len = label ? strlen(label) : 0;

	if (len == 0 || len > KEYSTORE_LABEL_MAX || label[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = label[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static struct stored_key *find(const struct keystore *ks, const char *label)
{
	for (size_t i = 0; i < ks->count; i++)
		if (strcmp(ks->keys[i].label, label) == 0)
			return &ks->keys[i];
	return NULL;
}

/* Adds or replaces; takes ownership of pkey. */
static bool put(struct keystore *ks, const char *label, EVP_PKEY *pkey)
{
	struct stored_key *slot = find(ks, label);
	size_t at;

	if (slot) {
		EVP_PKEY_free(slot->pkey);
		slot->pkey = pkey;
		return true;
	}
	if (ks->count == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 4;
		struct stored_key *keys = realloc(ks->keys, cap * sizeof(*keys));
		if (!keys)
			return false;
		ks->keys = keys;
		ks->cap = cap;
	}
	for (at = 0; at < ks->count && strcmp(ks->keys[at].label, label) < 0; at++)
		;
	memmove(&ks->keys[at + 1], &ks->keys[at], (ks->count - at) * sizeof(ks->keys[0]));
	snprintf(ks->keys[at].label, sizeof(ks->keys[at].label), "%s", label);
	ks->keys[at].pkey = pkey;
	ks->count++;
	return true;
}

static char *key_path(const struct keystore *ks, const char *label, const char *suffix)
{
	size_t len = strlen(ks->dir) + strlen(label) + strlen(suffix) + 2;
	char *path = malloc(len);

	if (path)
		snprintf(path, len, "%s/%s%s", ks->dir, label, suffix);
	return path;
}

static void openssl_error(char *err, size_t errlen, const char *what)
{
	unsigned long code = ERR_get_error();
	char reason[160];

	ERR_error_string_n(code, reason, sizeof(reason));
	snprintf(err, errlen, "%% %s failed: %s", what, code ? reason : "unknown error");
	ERR_clear_error();
}

#define KEY_FILE_MAX 65536

/* Reads the whole file into buf (cleansed by the caller); a file readable
 * by others is made private again and reported. */
static ssize_t read_key_file(const char *path, unsigned char *buf, size_t cap,
			     char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	size_t used = 0;

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size >= cap) {
		snprintf(err, errlen, "%% Cannot read %s: %s", path,
			 fd < 0 ? strerror(errno) : "not a key file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen, "%% %s was readable by others; made private (0600)", path);
		if (fchmod(fd, 0600) != 0)
			snprintf(err, errlen, "%% %s is readable by others: %s", path, strerror(errno));
	}
	while (used < cap) {
		ssize_t n = read(fd, buf + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	return (ssize_t)used;
}

static EVP_PKEY *load_file(const char *path, char *err, size_t errlen)
{
	unsigned char *buf = malloc(KEY_FILE_MAX);
	EVP_PKEY *pkey = NULL;
	ssize_t len;
	BIO *bio;

	if (!buf) {
		snprintf(err, errlen, "%% Out of memory");
		return NULL;
	}
	len = read_key_file(path, buf, KEY_FILE_MAX, err, errlen);
	if (len > 0 && (bio = BIO_new_mem_buf(buf, (int)len))) {
		pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	OPENSSL_cleanse(buf, KEY_FILE_MAX);
	free(buf);
	if (len >= 0 && (!pkey || EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA)) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
		snprintf(err, errlen, "%% %s does not hold an RSA private key", path);
	}
	ERR_clear_error();
	return pkey;
}

static void load_all(struct keystore *ks, char *err, size_t errlen)
{
	DIR *dir = opendir(ks->dir);
	struct dirent *de;

	if (!dir)
		return;
	while ((de = readdir(dir))) {
		size_t len = strlen(de->d_name), sfx = strlen(KEY_SUFFIX);
		char label[KEYSTORE_LABEL_MAX + 1];

		if (len <= sfx || len - sfx > KEYSTORE_LABEL_MAX ||
		    strcmp(de->d_name + len - sfx, KEY_SUFFIX) != 0)
			continue;
		memcpy(label, de->d_name, len - sfx);
		label[len - sfx] = '\0';
		if (!keystore_label_valid(label))
			continue;
		char *path = key_path(ks, label, KEY_SUFFIX);
		EVP_PKEY *pkey = path ? load_file(path, err, errlen) : NULL;
		free(path);
		if (pkey && !put(ks, label, pkey))
			EVP_PKEY_free(pkey);
	}
	closedir(dir);
}

/* Nothing is created on disk until the first key is generated. */
struct keystore *keystore_open(const char *state_dir, char *err, size_t errlen)
{
	struct keystore *ks = calloc(1, sizeof(*ks));
	size_t len = strlen(state_dir) + sizeof("/keys");

	if (err && errlen)
		err[0] = '\0';
	if (!ks || !(ks->dir = malloc(len)) || !(ks->state_dir = strdup(state_dir))) {
		keystore_free(ks);
		snprintf(err, errlen, "%% Out of memory");
		return NULL;
	}
	snprintf(ks->dir, len, "%s/keys", state_dir);
	load_all(ks, err, errlen);
	return ks;
}

/* STATE_DIR (0700 when created) and STATE_DIR/keys, always 0700. */
static bool make_dirs(const struct keystore *ks, char *err, size_t errlen)
{
	if (mkdir(ks->state_dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%% Cannot create %s: %s", ks->state_dir, strerror(errno));
		return false;
	}
	if (mkdir(ks->dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%% Cannot create %s: %s", ks->dir, strerror(errno));
		return false;
	}
	if (chmod(ks->dir, 0700) != 0) {
		snprintf(err, errlen, "%% Cannot protect %s: %s", ks->dir, strerror(errno));
		return false;
	}
	return true;
}

void keystore_free(struct keystore *ks)
{
	if (!ks)
		return;
	for (size_t i = 0; i < ks->count; i++)
		EVP_PKEY_free(ks->keys[i].pkey);
	free(ks->keys);
	free(ks->dir);
	free(ks->state_dir);
	free(ks);
}

static EVP_PKEY *generate(unsigned bits, char *err, size_t errlen)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
	EVP_PKEY *pkey = NULL;

	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, (int)bits) <= 0 ||
	    EVP_PKEY_keygen(ctx, &pkey) <= 0) {
		openssl_error(err, errlen, "RSA key generation");
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* Writes the PEM to a 0600 temp file, syncs it, renames it into place.
 * The PEM text is built in a secure-memory BIO, cleansed when freed. */
static bool store(const struct keystore *ks, const char *label, EVP_PKEY *pkey,
		  char *err, size_t errlen)
{
	char *tmp = key_path(ks, label, KEY_SUFFIX ".tmp");
	char *path = key_path(ks, label, KEY_SUFFIX);
	BIO *pem = BIO_new(BIO_s_secmem());
	char *data = NULL;
	long len;
	bool ok = false;
	int fd = -1;

	if (!tmp || !path || !pem) {
		snprintf(err, errlen, "%% Out of memory");
		goto out;
	}
	if (!PEM_write_bio_PrivateKey(pem, pkey, NULL, NULL, 0, NULL, NULL) ||
	    (len = BIO_get_mem_data(pem, &data)) <= 0) {
		openssl_error(err, errlen, "Writing the private key");
		goto out;
	}
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || !write_all(fd, data, (size_t)len) || fsync(fd) != 0) {
		snprintf(err, errlen, "%% Cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		snprintf(err, errlen, "%% Cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%% Cannot rename %s: %s", tmp, strerror(errno));
		goto out;
	}
	ok = true;
out:
	if (fd >= 0)
		close(fd);
	if (!ok && tmp)
		unlink(tmp);
	BIO_free(pem);
	free(tmp);
	free(path);
	return ok;
}

bool keystore_generate_rsa(struct keystore *ks, const char *label, unsigned bits,
			   char *err, size_t errlen)
{
	err[0] = '\0';
	if (!keystore_label_valid(label)) {
		snprintf(err, errlen, "%% Invalid key label \"%s\"", label);
		return false;
	}
	if (bits < KEYSTORE_RSA_MIN_BITS || bits > KEYSTORE_RSA_MAX_BITS) {
		snprintf(err, errlen, "%% Modulus must be %d to %d bits", KEYSTORE_RSA_MIN_BITS,
			 KEYSTORE_RSA_MAX_BITS);
		return false;
	}
	if (!make_dirs(ks, err, errlen))
		return false;
	EVP_PKEY *pkey = generate(bits, err, errlen);
	if (!pkey)
		return false;
	if (!store(ks, label, pkey, err, errlen) || !put(ks, label, pkey)) {
		if (!err[0])
			snprintf(err, errlen, "%% Out of memory");
		EVP_PKEY_free(pkey);
		return false;
	}
	return true;
}

bool keystore_zeroize(struct keystore *ks, const char *label, char *err, size_t errlen)
{
	struct stored_key *slot = keystore_label_valid(label) ? find(ks, label) : NULL;

	if (!slot) {
		snprintf(err, errlen, "%% No RSA keys named %s", label);
		return false;
	}
	char *path = key_path(ks, label, KEY_SUFFIX);
	if (!path || (unlink(path) != 0 && errno != ENOENT)) {
		snprintf(err, errlen, "%% Cannot delete the key file: %s",
			 path ? strerror(errno) : "out of memory");
		free(path);
		return false;
	}
	free(path);
	EVP_PKEY_free(slot->pkey); /* OpenSSL clears private key material on free */
	size_t at = (size_t)(slot - ks->keys);
	memmove(&ks->keys[at], &ks->keys[at + 1], (ks->count - at - 1) * sizeof(ks->keys[0]));
	ks->count--;
	return true;
}

bool keystore_has(const struct keystore *ks, const char *label)
{
	return find(ks, label) != NULL;
}

EVP_PKEY *keystore_get(const struct keystore *ks, const char *label)
{
	struct stored_key *slot = find(ks, label);

	return slot ? slot->pkey : NULL;
}

unsigned keystore_bits(const struct keystore *ks, const char *label)
{
	EVP_PKEY *pkey = keystore_get(ks, label);

	return pkey ? (unsigned)EVP_PKEY_get_bits(pkey) : 0;
}

bool keystore_public_der(const struct keystore *ks, const char *label,
			 unsigned char **der, size_t *len)
{
	EVP_PKEY *pkey = keystore_get(ks, label);
	unsigned char *buf = NULL;
	int n;

	if (!pkey)
		return false;
	n = i2d_PUBKEY(pkey, &buf);
	if (n <= 0) {
		ERR_clear_error();
		return false;
	}
	/* Hand back memory the caller can free() */
	*der = malloc((size_t)n);
	if (!*der) {
		OPENSSL_free(buf);
		return false;
	}
	memcpy(*der, buf, (size_t)n);
	OPENSSL_free(buf);
	*len = (size_t)n;
	return true;
}

void keystore_foreach(const struct keystore *ks,
		      void (*fn)(const char *label, EVP_PKEY *key, void *arg), void *arg)
{
	for (size_t i = 0; i < ks->count; i++)
		fn(ks->keys[i].label, ks->keys[i].pkey, arg);
}

size_t keystore_count(const struct keystore *ks)
{
	return ks->count;
}
