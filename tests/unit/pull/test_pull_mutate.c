/* Hostile payloads behind a valid HASH: message 2 and message 4 with
 * random damage (bit flips, bytes, lengths, truncation, splices),
 * re-hashed and re-encrypted, fed to a member's exchange. The member must
 * refuse each, or accept only a complete, consistent policy; never crash
 * (run under ASan/UBSan in CI). Deterministic: fixed seed. */
#include "tests/tap.h"
#include "tests/pull/pull_mutate.h"

#define ROUNDS 1500

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* One to four random edits of buf (len in/out, cap bytes of room). */
static void damage(uint8_t *buf, size_t *len, size_t cap, uint8_t *first)
{
	int edits = 1 + (int)(next_rand() % 4);

	for (int i = 0; i < edits && *len > 0; i++) {
		size_t at = next_rand() % *len;

		switch (next_rand() % 7) {
		case 0: buf[at] ^= (uint8_t)(1u << (next_rand() % 8)); break;
		case 1: buf[at] = (uint8_t)next_rand(); break;
		case 2: /* a plausible 16-bit length somewhere */
			if (at + 1 < *len) {
				uint16_t v = (uint16_t)(next_rand() % 600);

				buf[at] = (uint8_t)(v >> 8);
				buf[at + 1] = (uint8_t)v;
			}
			break;
		case 3: *len = at; break;
		case 4: /* splice: repeat a slice */
			if (*len + 32 <= cap) {
				size_t n = 1 + next_rand() % 32;

				memmove(buf + at + n, buf + at, *len - at);
				*len += n;
			}
			break;
		case 5: *first = (uint8_t)(next_rand() % 24); break;
		default: buf[at] = 0; break;
		}
	}
}

static void run(struct mutate_env *e, int target, uint8_t first0, const uint8_t *orig,
		size_t orig_len)
{
	static uint8_t buf[PULL_MAX_MSG];
	unsigned outcome[4] = { 0 };
	char name[160];

	for (int i = 0; i < ROUNDS; i++) {
		size_t len = orig_len;
		uint8_t first = first0;

		memcpy(buf, orig, orig_len);
		damage(buf, &len, sizeof(buf) - 64, &first);
		outcome[mutate_one(e, target, first, buf, len)]++;
	}
	snprintf(name, sizeof(name), "message %d: %u refused, %u accepted whole, none broken",
		 target, outcome[MUT_REFUSED], outcome[MUT_ACCEPTED]);
	is_int(outcome[MUT_BROKEN], 0, name);
	is_int(outcome[MUT_SETUP], 0, "every round ran a real exchange");
	ok(outcome[MUT_REFUSED] > ROUNDS / 2, "most damaged messages are refused");
}

int main(void)
{
	static struct mutate_env e;
	static uint8_t p2[PULL_MAX_MSG], p4[PULL_MAX_MSG];
	size_t l2 = 0, l4 = 0;
	uint8_t f2 = 0, f4 = 0;

	ok(mutate_env_init(&e), "key server ready");
	ok(genuine_payloads(&e, &f2, p2, &l2, &f4, p4, &l4, sizeof(p2)), "genuine messages captured");
	is_int(mutate_one(&e, 2, f2, p2, l2), MUT_ACCEPTED, "re-sealed genuine message 2 is accepted");
	is_int(mutate_one(&e, 4, f4, p4, l4), MUT_ACCEPTED, "re-sealed genuine message 4 is accepted");
	/* without SEQ, the member of a group with a KEK could not refuse a
	 * replay of an older rekey: message 4 minus its SEQ is refused */
	if (f4 == WIRE_PL_SEQ && l4 > 4 && ((size_t)p4[2] << 8 | p4[3]) < l4) {
		size_t seq_len = (size_t)p4[2] << 8 | p4[3];

		is_int(mutate_one(&e, 4, p4[0], p4 + seq_len, l4 - seq_len), MUT_REFUSED,
		       "message 4 with a KEK but no SEQ is refused");
	} else {
		ok(0, "message 4 of a KEK group starts with SEQ");
	}
	run(&e, 2, f2, p2, l2);
	run(&e, 4, f4, p4, l4);
	ks_free(e.ks);
	return done_testing();
}
