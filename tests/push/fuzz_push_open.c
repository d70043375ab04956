/* libFuzzer target: GROUPKEY-PUSH and acknowledgement receive paths
 * (see push_fuzz_body.h). Build with ./configure --enable-fuzzers CC=clang. */
#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "tests/push/push_fuzz_body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct push_fuzz_fixture f;
	static struct push_rx *rx;

	if (!rx) {
		rx = malloc(sizeof(*rx));
		push_fuzz_fixture_init(&f, EVP_RSA_gen(1024));
		if (!rx || !f.ks_pub)
			abort();
	}
	if (push_fuzz_one(&f, rx, data, size) == PUSH_OK)
		abort(); /* nothing but the fixture key can sign an acceptable rekey */
	return 0;
}
