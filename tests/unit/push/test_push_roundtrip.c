/* Key server -> member round trips: three consecutive rekeys with rising
 * SEQ and new SPIs (one of them replacing the KEK), acknowledgements,
 * deletions, the member's policy after each, with 1024- and 2048-bit RSA
 * and 3DES/SHA1 and AES/SHA256 KEKs. */
#include <stdlib.h>
#include <string.h>

#include "gdoi/push_ack.h"
#include "gdoi/push_gm.h"
#include "gdoi/push_msg.h"
#include "log/log.h"
#include "tests/tap.h"
#include "tests/unit/push/push_test_util.h"

static uint8_t dgram[PUSH_MAX_MSG];

struct ks_side {
	EVP_PKEY *key;
	struct group_policy gp;    /* the group's current keys */
	struct rekey_kek kek;      /* protects the next rekey */
	uint32_t seq;
};

static size_t ks_push(struct ks_side *ks, bool ack, const uint32_t *del, size_t ndel)
{
	struct push_content c = { .seq = ++ks->seq, .gp = &ks->gp, .ack_requested = ack,
				  .delete_spis = del, .n_delete = ndel };
	const char *why = "";
	size_t len = 0;

	if (push_build(&ks->kek, ks->key, &c, dgram, sizeof(dgram), &len, &why) < 0)
		printf("# push_build: %s\n", why);
	return len;
}

static void run(unsigned bits, uint8_t kek_alg, uint16_t kek_bits, uint8_t sig_hash)
{
	struct ks_side ks = { .key = test_rsa_key(bits) };
	struct push_gm gm = { 0 };
	struct group_policy member;
	struct push_rx *rx = malloc(sizeof(*rx));
	struct push_gm_result res;
	struct in_addr self = test_addr("192.168.1.2"), who;
	struct rekey_kek old_kek;
	uint32_t spis[4] = { 0x1000a001, 0x1000a002, 0x1000a003, 0x1000a004 }, acked;
	const char *why = "";
	size_t len;
	char name[96];

	printf("# RSA %u, KEK alg %u/%u bits, sig hash %u\n", bits, kek_alg, kek_bits, sig_hash);
	memset(rx, 0xa5, sizeof(*rx)); /* push_open must not rely on a clean buffer */
	test_kek(&ks.gp.kek, kek_alg, kek_bits, sig_hash, ks.key);
	test_teks(&ks.gp, spis[0], 900);
	rekey_kek_from_policy(&ks.gp.kek, NULL, 0, &ks.kek);
	member = ks.gp; /* what registration handed over */
	ok(push_gm_start(&gm, &member, NULL, 0, self, 0) == 0, "member starts from its registration");

	/* rekey 1: new TEK SPI, same KEK, acknowledgement requested */
	test_teks(&ks.gp, spis[1], 900);
	len = ks_push(&ks, true, NULL, 0);
	ok(len > WIRE_HDR_LEN && (len - WIRE_HDR_LEN) % 8 == 0, "rekey 1 built, whole blocks");
	push_gm_receive(&gm, dgram, len, rx, &res);
	is_int(res.verdict, PUSH_OK, "rekey 1 accepted");
	is_int(rx->seq, 1, "SEQ 1");
	ok(!res.kek_replaced, "KEK unchanged");
	ok(res.ack_len > 0, "acknowledgement built");
	ok(push_ack_open(&ks.kek, res.ack, res.ack_len, &acked, &who, &why) == 0 && acked == 1 &&
	   who.s_addr == self.s_addr, "KS verifies the acknowledgement (SEQ 1, member address)");
	is_int(push_gm_apply(&member, rx), PUSH_REREG_NONE, "member policy updated");
	ok(gp_find_tek(&member, spis[1]) && gp_find_tek(&member, spis[0]),
	   "old and new TEKs both installed");
	is_mem(gp_find_tek(&member, spis[1])->key, ks.gp.teks[0].key, 16, "new TEK key");
	is_mem(member.teks[member.n_teks - 1].integ_key, ks.gp.teks[1].integ_key, 20,
	       "TEKs sharing an SPI share its keys");

	/* rekey 2: a new KEK (new SPI, new KS signing key announced), new
	 * TEKs, the first TEK deleted; protected and signed by the old ones */
	{
		EVP_PKEY *next_key = test_rsa_key(bits);
		uint8_t old_msg[PUSH_MAX_MSG];
		size_t old_len = len;

		memcpy(old_msg, dgram, len);
		old_kek = ks.kek;
		test_kek(&ks.gp.kek, kek_alg, kek_bits, sig_hash, next_key);
		test_teks(&ks.gp, spis[2], 900);
		len = ks_push(&ks, true, &spis[0], 1);
		push_gm_receive(&gm, dgram, len, rx, &res);
		is_int(res.verdict, PUSH_OK, "rekey 2 accepted");
		is_int(rx->seq, 2, "SEQ 2");
		ok(res.kek_replaced, "new KEK installed");
		is_mem(gm.kek.spi, ks.gp.kek.spi, GP_KEK_SPI_LEN, "member's KEK SPI moved on");
		ok(res.ack_len > 0 &&
		   push_ack_open(&old_kek, res.ack, res.ack_len, &acked, &who, &why) == 0 &&
		   acked == 2, "acknowledgement names the KEK that protected rekey 2");
		is_int(push_gm_apply(&member, rx), PUSH_REREG_NONE, "member policy updated");
		ok(!gp_find_tek(&member, spis[0]) && gp_find_tek(&member, spis[1]) &&
		   gp_find_tek(&member, spis[2]), "deleted TEK gone, previous and new kept");
		is_mem(member.kek.spi, ks.gp.kek.spi, GP_KEK_SPI_LEN, "member policy has the new KEK");
		EVP_PKEY_free(ks.key);
		ks.key = next_key;
		rekey_kek_wipe(&ks.kek);
		rekey_kek_from_policy(&ks.gp.kek, NULL, 0, &ks.kek);

		/* the old KEK's messages are no longer accepted */
		push_gm_receive(&gm, old_msg, old_len, rx, &res);
		is_int(res.verdict, PUSH_E_UNKNOWN_SPI, "a rekey under the old KEK: unknown SPI");
	}

	/* rekey 3: new TEKs under the new KEK, signed by the new key, no ack */
	test_teks(&ks.gp, spis[3], 900);
	len = ks_push(&ks, false, NULL, 0);
	push_gm_receive(&gm, dgram, len, rx, &res);
	is_int(res.verdict, PUSH_OK, "rekey 3 accepted (new KEK, new KS key)");
	is_int(rx->seq, 3, "SEQ 3");
	is_int(res.ack_len, 0, "no acknowledgement when none is requested");
	is_int(gm.last_seq, 3, "member's last SEQ is 3");
	is_int(push_gm_apply(&member, rx), PUSH_REREG_NONE, "member policy updated");
	ok(gp_find_tek(&member, spis[3]) != NULL, "TEK of rekey 3 installed");
	is_int(gm.ctr.accepted, 3, "3 rekeys counted");
	is_int(gm.ctr.rejected[PUSH_E_UNKNOWN_SPI], 1, "1 unknown-SPI rejection counted");
	is_int(gm.ctr.acks_sent, 2, "2 acknowledgements");

	/* rekey 4 deletes every TEK and replaces none: the member re-registers */
	{
		struct group_policy only_kek = ks.gp;
		uint32_t all[] = { spis[1], spis[2], spis[3] };
		struct push_content c = { .seq = ++ks.seq, .gp = &only_kek, .delete_spis = all,
					  .n_delete = 3 };

		only_kek.n_teks = 0;
		ok(push_build(&ks.kek, ks.key, &c, dgram, sizeof(dgram), &len, &why) == 0,
		   "a KEK-only rekey with deletions builds");
		push_gm_receive(&gm, dgram, len, rx, &res);
		is_int(res.verdict, PUSH_OK, "rekey 4 accepted");
		is_int(push_gm_apply(&member, rx), PUSH_REREG_DELETED,
		       "no TEK left: the member must register again");
		is_str(push_rereg_name(PUSH_REREG_DELETED), "rekey deleted the group's keys", "reason name");
	}

	snprintf(name, sizeof(name), "RSA %u: round trip done", bits);
	ok(1, name);
	push_rx_wipe(rx);
	free(rx);
	push_gm_stop(&gm);
	rekey_kek_wipe(&ks.kek);
	rekey_kek_wipe(&old_kek);
	EVP_PKEY_free(ks.key);
	gp_wipe(&ks.gp);
	gp_wipe(&member);
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* A signed rekey announcing a new KEK whose KS public key does not parse:
 * refused, the member unchanged, no acknowledgement sent or counted, and
 * the keys it carried wiped from rx like any other refusal's. */
static void unusable_new_kek(void)
{
	struct ks_side ks = { .key = test_rsa_key(1024) };
	struct push_gm gm = { 0 };
	struct push_rx *rx = malloc(sizeof(*rx));
	struct push_gm_result res;
	uint8_t spi_before[GP_KEK_SPI_LEN];
	size_t len;

	test_kek(&ks.gp.kek, GP_KEK_ALG_AES, 128, GP_SIG_HASH_SHA256, ks.key);
	test_teks(&ks.gp, 0x2000b001, 900);
	rekey_kek_from_policy(&ks.gp.kek, NULL, 0, &ks.kek);
	ok(push_gm_start(&gm, &ks.gp, NULL, 0, test_addr("192.168.1.2"), 0) == 0,
	   "member starts");
	memcpy(spi_before, gm.kek.spi, sizeof(spi_before));
	test_kek(&ks.gp.kek, GP_KEK_ALG_AES, 128, GP_SIG_HASH_SHA256, ks.key);
	memset(ks.gp.kek.pubkey, 0x5a, 64); /* not a SubjectPublicKeyInfo */
	ks.gp.kek.pubkey_len = 64;
	test_teks(&ks.gp, 0x2000b002, 900);
	len = ks_push(&ks, true, NULL, 0);
	push_gm_receive(&gm, dgram, len, rx, &res);
	is_int(res.verdict, PUSH_E_MALFORMED, "new KEK with an unusable KS key refused");
	is_int(res.ack_len, 0, "no acknowledgement for the refused rekey");
	is_int(gm.ctr.acks_sent, 0, "no acknowledgement counted");
	is_int(gm.ctr.accepted, 0, "nothing accepted");
	is_int(gm.ctr.rejected[PUSH_E_MALFORMED], 1, "the refusal counted");
	is_int(gm.last_seq, 0, "member's SEQ unchanged");
	is_mem(gm.kek.spi, spi_before, GP_KEK_SPI_LEN, "member keeps its KEK");
	ok(all_zero(rx, sizeof(*rx)), "decrypted keys of the refused rekey wiped");
	free(rx);
	push_gm_stop(&gm);
	rekey_kek_wipe(&ks.kek);
	EVP_PKEY_free(ks.key);
	gp_wipe(&ks.gp);
}

static bool holds(const uint8_t *buf, size_t len, const uint8_t *what, size_t n)
{
	for (size_t i = 0; n && i + n <= len; i++)
		if (!memcmp(buf + i, what, n))
			return true;
	return false;
}

/* A rekey that does not fit the caller's buffer leaves none of the keys
 * it had already written there in clear. */
static void failed_build_wipes(void)
{
	struct ks_side ks = { .key = test_rsa_key(1024) };
	struct push_content c = { .seq = 1, .gp = &ks.gp };
	const char *why = "";
	size_t len = 0, cap;

	test_kek(&ks.gp.kek, GP_KEK_ALG_AES, 128, GP_SIG_HASH_SHA256, ks.key);
	test_teks(&ks.gp, 0x3000c001, 900);
	rekey_kek_from_policy(&ks.gp.kek, NULL, 0, &ks.kek);
	ok(push_build(&ks.kek, ks.key, &c, dgram, sizeof(dgram), &len, &why) == 0, "rekey builds");
	cap = len - 64; /* room for the KD, not for the 128-octet SIG */
	memset(dgram, 0, sizeof(dgram));
	is_int(push_build(&ks.kek, ks.key, &c, dgram, cap, &len, &why), -1,
	       "rekey larger than the buffer refused");
	ok(!holds(dgram, cap, ks.gp.teks[0].key, ks.gp.teks[0].key_len) &&
	   !holds(dgram, cap, ks.gp.kek.key, ks.gp.kek.key_len),
	   "no TEK or KEK key left in the buffer");
	rekey_kek_wipe(&ks.kek);
	EVP_PKEY_free(ks.key);
	gp_wipe(&ks.gp);
}

static void reregister_timers(void)
{
	struct push_gm_clock c = { .kek_expires = 1000, .last_tek_expires = 500 };

	is_int(push_gm_reregister_due(&c, 100, 60), PUSH_REREG_NONE, "keys fresh: stay");
	is_int(push_gm_reregister_due(&c, 440, 60), PUSH_REREG_TEK_EXPIRING,
	       "60 s before the last TEK expires without replacement: register");
	is_int(push_gm_reregister_due(&c, 1000, 60), PUSH_REREG_KEK_EXPIRED,
	       "KEK expired without rekey: register");
	c.last_tek_expires = 2000;
	is_int(push_gm_reregister_due(&c, 999, 60), PUSH_REREG_NONE, "rekeyed TEK, KEK valid: stay");
}

int main(void)
{
	log_init("test", LOG_SINK_NONE);
	run(1024, GP_KEK_ALG_3DES, 192, GP_SIG_HASH_SHA1);
	run(2048, GP_KEK_ALG_AES, 256, GP_SIG_HASH_SHA256);
	run(2048, GP_KEK_ALG_AES, 128, GP_SIG_HASH_SHA1);
	unusable_new_kek();
	failed_build_wipes();
	reregister_timers();
	return done_testing();
}
