/* Randomness for nonces, cookies, SPIs and keys: the OpenSSL DRBG. */
#ifndef GETVPND_CRYPTO_RANDOM_H
#define GETVPND_CRYPTO_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf with len random bytes. 0 ok, -1 when the DRBG failed (logged);
 * buf is then zeroed so a caller that ignores the error sends no stale data. */
int random_bytes(void *buf, size_t len);
/* Same, for bytes that stay secret (TEK/KEK keys, DH private values):
 * drawn from OpenSSL's private DRBG instance, separate from the one whose
 * output goes on the wire. */
int random_key_bytes(void *buf, size_t len);
/* A random 32-bit value that is not 0 (ESP SPIs 1..255 are reserved
 * too: the value is always >= 256). 0 ok, -1 DRBG failure. */
int random_spi32(uint32_t *spi);

#endif
