/* Initiator <-> responder Main Mode in process: every policy combination
 * the lesson and common IOS configurations use; both sides must derive
 * the same SA. */
#include "tests/unit/ike/mm_harness.h"
#include "tests/tap.h"

#include "gdoi/ike_mm_int.h"

#include <openssl/rsa.h>
#include <stdio.h>
#include <string.h>

static void check_pair(struct mm_net *net, const char *name, const struct ike_policy *want)
{
	char label[160];
	const struct ike_sa *a = &net->gm.sa, *b = &net->ks.sa;

	snprintf(label, sizeof(label), "%s: both sides established", name);
	ok(net->gm.established == 1 && net->ks.established == 1 && !net->gm.failed &&
	   !net->ks.failed, label);
	snprintf(label, sizeof(label), "%s: same cookies", name);
	ok(!memcmp(a->icookie, b->icookie, 8) && !memcmp(a->rcookie, b->rcookie, 8), label);
	snprintf(label, sizeof(label), "%s: same SKEYID_d/SKEYID_a/key/IV", name);
	ok(a->hash_len && a->hash_len == b->hash_len && a->enc_key_len == b->enc_key_len &&
	   a->block_len == b->block_len && !memcmp(a->skeyid_d, b->skeyid_d, a->hash_len) &&
	   !memcmp(a->skeyid_a, b->skeyid_a, a->hash_len) &&
	   !memcmp(a->enc_key, b->enc_key, a->enc_key_len) &&
	   !memcmp(a->phase1_iv, b->phase1_iv, a->block_len), label);
	snprintf(label, sizeof(label), "%s: negotiated transform", name);
	ok(a->cipher == want->cipher && b->cipher == want->cipher && a->hash == want->hash &&
	   a->dh_group == want->dh_group && b->dh_group == want->dh_group &&
	   a->auth == want->auth && a->lifetime_s == want->lifetime_s &&
	   b->lifetime_s == want->lifetime_s &&
	   a->key_bits == (want->cipher == IKE_CIPHER_AES_CBC ? (want->key_bits ? want->key_bits : 128) : 0),
	   label);
	snprintf(label, sizeof(label), "%s: identities proven", name);
	ok(a->peer_id.s_addr == net->ks.addr.sin_addr.s_addr &&
	   b->peer_id.s_addr == net->gm.addr.sin_addr.s_addr && a->role == IKE_INITIATOR &&
	   b->role == IKE_RESPONDER, label);
	snprintf(label, sizeof(label), "%s: SA findable by cookies on both sides", name);
	ok(ike_sa_find(net->gm.ctx, a->icookie, a->rcookie) &&
	   ike_sa_find(net->ks.ctx, a->icookie, a->rcookie), label);
}

static void run_one(const char *name, struct ike_policy p)
{
	struct mm_net net;

	mm_net_init(&net, &p, 1, &p, 1, "mekmitasdigoat", "mekmitasdigoat");
	ok(ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL) == 0, "initiate");
	mm_net_run(&net, 10000);
	if (p.lifetime_s == 0)
		p.lifetime_s = 86400;
	check_pair(&net, name, &p);
	is_int(net.sent_total, 6, "six messages, no retransmission");
	if (!net.gm.established || !net.ks.established)
		mm_dump_log();
	mm_net_free(&net);
}

/* The responder takes its own highest priority policy the initiator offers. */
static void priority(void)
{
	struct ike_policy gm[] = {
		mm_policy(IKE_CIPHER_3DES, 0, IKE_HASH_MD5, IKE_AUTH_PSK, 2, 86400),
		mm_policy(IKE_CIPHER_AES_CBC, 256, IKE_HASH_SHA256, IKE_AUTH_PSK, 14, 86400),
		mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 86400),
	};
	struct ike_policy ks[] = {
		mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 86400),
		mm_policy(IKE_CIPHER_AES_CBC, 256, IKE_HASH_SHA256, IKE_AUTH_PSK, 14, 86400),
	};
	struct mm_net net;

	mm_net_init(&net, gm, 3, ks, 2, "k", "k");
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	check_pair(&net, "priority order", &ks[0]);
	mm_net_free(&net);

	/* shorter lifetime offered: IOS accepts and uses it */
	gm[2].lifetime_s = 3600;
	mm_net_init(&net, &gm[2], 1, ks, 1, "k", "k");
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	check_pair(&net, "shorter offered lifetime", &gm[2]);
	mm_net_free(&net);
}

static EVP_PKEY *rsa_key(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
}

static void rsa_sig(void)
{
	struct ike_policy p = mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA256, IKE_AUTH_RSA_SIG, 14, 86400);
	struct mm_net net;
	EVP_PKEY *gm = rsa_key(), *ks = rsa_key();

	mm_net_init(&net, &p, 1, &p, 1, "", "");
	net.gm.rsa_own = gm;
	net.ks.rsa_peer = gm;
	EVP_PKEY_up_ref(gm);
	net.ks.rsa_own = ks;
	net.gm.rsa_peer = ks;
	EVP_PKEY_up_ref(ks);
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	check_pair(&net, "rsa-sig aes/sha256/group 14", &p);
	mm_net_free(&net);

	/* the key server does not know the member's real key */
	gm = rsa_key();
	ks = rsa_key();
	mm_net_init(&net, &p, 1, &p, 1, "", "");
	net.gm.rsa_own = gm;
	net.ks.rsa_peer = ks; /* wrong: its own public key */
	EVP_PKEY_up_ref(ks);
	net.ks.rsa_own = ks;
	net.gm.rsa_peer = ks;
	EVP_PKEY_up_ref(ks);
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 200000);
	ok(net.ks.failed == 1 && net.ks.last_reason == IKE_N_INVALID_SIGNATURE &&
	   !net.ks.established, "rsa-sig: bad signature refused by the responder");
	ok(net.gm.failed == 1 && !net.gm.established, "rsa-sig: initiator gives up");
	mm_net_free(&net);
}

static bool corrupt_next(struct mm_net *net, struct mm_pkt *pkt, unsigned index, void *arg)
{
	unsigned *left = arg;

	if (*left && pkt->len > 40) {
		(*left)--;
		pkt->buf[pkt->len - 1] ^= 1;
	}
	return true;
}

static void count_state(const struct ike_sa *sa, const char *state, void *arg)
{
	int *n = arg;

	if (!strcmp(state, "QM_IDLE") && sa->conn_id >= 1001)
		n[0]++;
	else if (!strcmp(state, "MM_NO_STATE"))
		n[1]++;
}

static void show_states(void)
{
	struct ike_policy p = mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 0);
	struct mm_net net;
	int n[2] = { 0, 0 };

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	ike_show_foreach(net.gm.ctx, count_state, n);
	ok(n[1] == 1, "show: initiator in MM_NO_STATE after message 1");
	mm_net_run(&net, 10000);
	n[0] = n[1] = 0;
	ike_show_foreach(net.gm.ctx, count_state, n);
	ike_show_foreach(net.ks.ctx, count_state, n);
	ok(n[0] == 2 && n[1] == 0, "show: both QM_IDLE with conn-ids from 1001");
	mm_net_free(&net);
}

/* `clear crypto isakmp`: a protected Delete removes the peer's SA too. */
static void delete_sa(void)
{
	struct ike_policy p = mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 0);
	struct ike_stats st;
	struct mm_net net;
	uint8_t icookie[8], rcookie[8];
	unsigned corrupt = 1;

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	memcpy(icookie, net.gm.sa.icookie, 8);
	memcpy(rcookie, net.gm.sa.rcookie, 8);
	/* a Delete altered in transit is not authenticated: ignored */
	net.filter = corrupt_next;
	net.filter_arg = &corrupt;
	ike_sa_delete(net.gm.ctx, icookie, rcookie, true);
	mm_net_run(&net, 1000);
	ike_ctx_stats(net.ks.ctx, &st);
	ok(st.sas == 1 && st.malformed == 1, "altered Delete: dropped, SA kept");
	mm_net_free(&net);

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	memcpy(icookie, net.ks.sa.icookie, 8);
	memcpy(rcookie, net.ks.sa.rcookie, 8);
	ike_sa_delete(net.ks.ctx, icookie, rcookie, true);
	mm_net_run(&net, 1000);
	ike_ctx_stats(net.gm.ctx, &st);
	ok(st.sas == 0 && !ike_sa_find(net.ks.ctx, icookie, rcookie),
	   "Delete from the key server removes the member's SA too");
	mm_net_free(&net);
}

/* A member that comes back (INITIAL_CONTACT in message 5) replaces its
 * old SA on the key server, found through the per-peer index; other
 * peers' SAs are untouched. */
static void initial_contact(void)
{
	struct ike_policy p = mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 0);
	struct ike_stats st;
	struct mm_net net;
	uint8_t first_i[8], first_r[8];

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	memcpy(first_i, net.ks.sa.icookie, 8);
	memcpy(first_r, net.ks.sa.rcookie, 8);
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	ike_ctx_stats(net.ks.ctx, &st);
	ok(st.sas == 1, "second Main Mode from the same member: one SA left on the key server");
	ok(!ike_sa_find(net.ks.ctx, first_i, first_r), "the old SA is the one removed");
	ok(ike_sa_find(net.ks.ctx, net.ks.sa.icookie, net.ks.sa.rcookie) != NULL,
	   "the new SA is kept");
	mm_net_free(&net);
}

int main(void)
{
	run_one("lesson aes/sha/pre-share/group 5",
		mm_policy(IKE_CIPHER_AES_CBC, 0, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 0));
	run_one("3des/md5/group 2", mm_policy(IKE_CIPHER_3DES, 0, IKE_HASH_MD5, IKE_AUTH_PSK, 2, 86400));
	run_one("3des/sha/group 2 (reference)",
		mm_policy(IKE_CIPHER_3DES, 0, IKE_HASH_SHA1, IKE_AUTH_PSK, 2, 3600));
	run_one("aes 256/sha256/group 14",
		mm_policy(IKE_CIPHER_AES_CBC, 256, IKE_HASH_SHA256, IKE_AUTH_PSK, 14, 86400));
	run_one("aes 192/sha384/group 15",
		mm_policy(IKE_CIPHER_AES_CBC, 192, IKE_HASH_SHA384, IKE_AUTH_PSK, 15, 86400));
	run_one("aes 128/sha256/group 19",
		mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA256, IKE_AUTH_PSK, 19, 86400));
	run_one("aes 256/sha512/group 21",
		mm_policy(IKE_CIPHER_AES_CBC, 256, IKE_HASH_SHA512, IKE_AUTH_PSK, 21, 70000));
	run_one("aes 256/sha384/group 20",
		mm_policy(IKE_CIPHER_AES_CBC, 256, IKE_HASH_SHA384, IKE_AUTH_PSK, 20, 86400));
	priority();
	rsa_sig();
	delete_sa();
	initial_contact();
	show_states();
	return done_testing();
}
