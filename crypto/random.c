#include "crypto/random.h"

#include <limits.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/rand.h>

#include "log/log.h"

static int draw(int (*gen)(unsigned char *, int), void *buf, size_t len)
{
	unsigned char *p = buf;

	/* RAND_bytes takes an int: feed large requests in pieces. */
	while (len > 0) {
		int chunk = len > INT_MAX ? INT_MAX : (int)len;

		if (gen(p, chunk) != 1) {
			log_event("CRYPTO", LOG_SEV_ERR, "RANDOM_FAIL",
				  "random generator failed: %s",
				  ERR_reason_error_string(ERR_get_error()));
			memset(buf, 0, (size_t)(p - (unsigned char *)buf) + len);
			return -1;
		}
		p += chunk;
		len -= (size_t)chunk;
	}
	return 0;
}

int random_bytes(void *buf, size_t len)
{
	return draw(RAND_bytes, buf, len);
}

int random_key_bytes(void *buf, size_t len)
{
	return draw(RAND_priv_bytes, buf, len);
}

int random_spi32(uint32_t *spi)
{
	unsigned char b[4];

	do {
		if (random_bytes(b, sizeof(b)) < 0)
			return -1;
		*spi = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		       (uint32_t)b[2] << 8 | b[3];
	} while (*spi < 256);
	return 0;
}
