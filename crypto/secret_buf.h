/* A length + bytes buffer for key material: SKEYIDs, DH secrets, derived
 * keys. Freeing wipes the bytes, so a secret never lingers in the heap. */
#ifndef GETVPND_CRYPTO_SECRET_BUF_H
#define GETVPND_CRYPTO_SECRET_BUF_H

#include <stddef.h>

struct secret_buf {
	unsigned char *data;
	size_t len;
};

/* Zero-initialised buffer of len bytes (len may be 0). 0 ok, -1 no memory.
 * Any previous content of b is wiped and freed first. */
int secret_buf_alloc(struct secret_buf *b, size_t len);
/* Copy of data. 0 ok, -1 no memory. */
int secret_buf_set(struct secret_buf *b, const void *data, size_t len);
/* Wipes and frees; b becomes empty. Safe on an empty or zeroed struct. */
void secret_buf_free(struct secret_buf *b);

#endif
