#include "crypto/secret_buf.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

void secret_buf_free(struct secret_buf *b)
{
	if (b->data) {
		OPENSSL_cleanse(b->data, b->len);
		free(b->data);
	}
	b->data = NULL;
	b->len = 0;
}

int secret_buf_alloc(struct secret_buf *b, size_t len)
{
	secret_buf_free(b);
	/* Never malloc(0): an empty secret still has a valid pointer. */
	b->data = calloc(1, len ? len : 1);
	if (!b->data)
		return -1;
	b->len = len;
	return 0;
}

int secret_buf_set(struct secret_buf *b, const void *data, size_t len)
{
	if (secret_buf_alloc(b, len) < 0)
		return -1;
	if (len)
		memcpy(b->data, data, len);
	return 0;
}
