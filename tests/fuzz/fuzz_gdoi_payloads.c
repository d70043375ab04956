/* libFuzzer target for what the GROUPKEY-PULL and GROUPKEY-PUSH parsers
 * see once a message has been decrypted and its HASH or signature
 * verified: the payload sequences an authenticated but hostile (or buggy)
 * peer can send, which datagram fuzzing cannot reach without the keys.
 * Input: a 2-byte big-endian length N, then N bytes of a first plaintext
 * message (header + payloads), then a second one. Key server side: both
 * are parsed as message 1 and message 3. Group member side: the first as
 * message 2 (the group policy), then the second as message 4 (its keys)
 * into that policy, the order of a registration; a rekey's SA and KD go
 * through the same policy and key parsers (pull_policy_from_sa,
 * pull_keys_from_kd). Seeds: the known-answer plaintexts of
 * tests/vectors/codec (tests/fuzz/run-all.sh writes them). */
#include "gdoi/group_policy.h"
#include "gdoi/pull_msg.h"
#include "log/log.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned flag_sets[] = { WIRE_DEC_PADDED, WIRE_DEC_PADDED | WIRE_DEC_TEK_ID_LEN8 };

/* As pull_receive() leaves it after decryption: the plaintext, decoded. */
static bool decode(struct pull_rx *rx, const uint8_t *p, size_t len, unsigned flags)
{
	if (len > sizeof(rx->buf))
		return false;
	memcpy(rx->buf, p, len);
	rx->len = len;
	return wire_decode(rx->buf, len, flags, &rx->msg, NULL) == WIRE_OK;
}

static void key_server_side(const struct pull_rx *rx)
{
	const uint8_t *ni;
	size_t ni_len;
	uint32_t group_id;
	const char *why;

	pull_parse_msg1(rx, &ni, &ni_len, &group_id, &why);
	pull_parse_msg3(rx, &why);
}

static void run(const uint8_t *first, size_t first_len, const uint8_t *second,
		size_t second_len, unsigned flags)
{
	static struct pull_rx rx;
	static struct group_policy gp;
	const uint8_t *nr;
	size_t nr_len;
	const char *why;
	bool have_policy;

	if (!decode(&rx, first, first_len, flags))
		return;
	key_server_side(&rx);
	memset(&gp, 0, sizeof(gp));
	have_policy = pull_parse_msg2(&rx, &nr, &nr_len, &gp, &why) == 0;
	if (decode(&rx, second, second_len, flags)) {
		key_server_side(&rx);
		if (have_policy)
			pull_parse_msg4(&rx, &gp, &why);
	}
	gp_wipe(&gp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	size_t first_len;

	if (!started) {
		log_init("fuzz", LOG_SINK_NONE);
		started = true;
	}
	if (size < 2)
		return 0;
	first_len = (size_t)data[0] << 8 | data[1];
	if (first_len > size - 2)
		first_len = size - 2;
	for (size_t i = 0; i < sizeof(flag_sets) / sizeof(flag_sets[0]); i++)
		run(data + 2, first_len, data + 2 + first_len, size - 2 - first_len, flag_sets[i]);
	return 0;
}
