/* libFuzzer target: the payloads of GROUPKEY-PULL message 2 or 4, behind a
 * valid HASH, as a group member receives them (tests/pull/pull_mutate.h).
 * Input: byte 0 bit 0 selects message 2 or 4, byte 1 is the first payload
 * type, the rest the payload chain. Build with configure --enable-fuzzers:
 *   tests/pull/fuzz_pull_input -max_total_time=60 CORPUS */
#include "tests/pull/pull_mutate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mutate_env e;
	static bool ready;
	enum mutate_outcome r;

	if (!ready) {
		if (!mutate_env_init(&e))
			abort();
		ready = true;
	}
	if (size < 2 || size > PULL_MAX_MSG - 128)
		return 0;
	r = mutate_one(&e, data[0] & 1 ? 4 : 2, data[1], data + 2, size - 2);
	if (r == MUT_BROKEN)
		abort(); /* accepted an incomplete or inconsistent policy */
	return 0;
}
