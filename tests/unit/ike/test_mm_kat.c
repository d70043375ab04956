/* Known-answer test at message level against the reference
 * implementation's loopback Main Mode (pre-shared key "mekmitasdigoat",
 * 3DES-CBC, SHA1, MODP 1024; member 127.0.0.1, key server 127.0.0.2).
 * The DH private values are not in the logs, so the logged g^xy stands
 * in for the DH step; everything else is this code: the logged messages
 * are decoded, message 5 rebuilt and encrypted byte for byte, message 5
 * decrypted and HASH_I verified by the responder, which must answer with
 * exactly the logged message 6, and message 6 verified by the initiator. */
#include "tests/unit/ike/mm_harness.h"
#include "tests/tap.h"

#include "gdoi/ike_mm_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static uint8_t *mm[7];
static size_t mm_len[7];

static const char G_XY[] =
	"e78e53b2bb018782ec0d0626c4e31b2f261b235d897a76391f8017f73775f020"
	"49d794b8a8da3bd06c7b0852dae2ed0c3dc639ca9d2608d0739606bce618a703"
	"bf40a86d7df260f5c1fb2bb64bb8a8a16ea350d32dbcd2532e16799b1eaae30d"
	"30147fc249c131699f18f9cce0d441ace0067fb5e150c97896b1dd2f27023d7f";
static const char SKEYID_D[] = "a0196db2779136c544a59880acb75ed434bc82de";
static const char SKEYID_A[] = "83547d80355b03c1a3b332d80d6d60d8d0aedc49";
static const char ENC_KEY[] = "80cdab03c1105d2b48ab436dde73f5b1bbbe55449c1efe69";
static const char HASH_I[] = "a9b2433162a99ee60736c4f5de6e1a591a415f5a";
static const char P1_IV_FIRST[] = "553ed9a239f300e2";
static const char P1_IV_LAST[] = "a659dffb7a720843";

static uint8_t *unhex(const char *hex, size_t *len)
{
	size_t n = strlen(hex) / 2;
	uint8_t *out = malloc(n ? n : 1);

	for (size_t i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
	*len = n;
	return out;
}

static int load_messages(void)
{
	const char *top = getenv("top_srcdir");
	char path[512], line[4096];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/tests/unit/ike/loopback-mm.vec",
		 top && *top ? top : TOP_SRCDIR);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		int i;
		char hex[4000];

		if (sscanf(line, "mm%d = %3999s", &i, hex) == 2 && i >= 1 && i <= 6) {
			mm[i] = unhex(hex, &mm_len[i]);
			n++;
		}
	}
	fclose(f);
	return n == 6 ? 0 : -1;
}

static bool same_hex(const uint8_t *got, size_t len, const char *hex)
{
	size_t n;
	uint8_t *want = unhex(hex, &n);
	bool same = n == len && memcmp(got, want, n) == 0;

	free(want);
	return same;
}

static void decode_all(void)
{
	struct wire_msg wm;
	struct mm_payloads pl;

	ok(mm_payloads_parse(mm[1], mm_len[1], false, &wm, &pl) == 0, "message 1 decodes");
	ok(pl.doi == 2 && pl.situation == 0 && pl.n_offers == 1 && !pl.offers[0].unsupported &&
	   pl.offers[0].p.cipher == IKE_CIPHER_3DES && pl.offers[0].p.hash == IKE_HASH_SHA1 &&
	   pl.offers[0].p.auth == IKE_AUTH_PSK && pl.offers[0].p.dh_group == 2 &&
	   pl.offers[0].p.lifetime_s == 3600, "message 1: DOI 2, 3DES/SHA/pre-share/MODP1024/3600 s");
	ok(mm_payloads_parse(mm[2], mm_len[2], false, &wm, &pl) == 0 && pl.n_offers == 1,
	   "message 2 decodes, one transform");
	ok(mm_payloads_parse(mm[3], mm_len[3], false, &wm, &pl) == 0 && pl.ke_len == 128 &&
	   pl.nonce_len == 16, "message 3: KE 128 octets, nonce 16");
	ok(mm_payloads_parse(mm[4], mm_len[4], false, &wm, &pl) == 0 && pl.ke_len == 128 &&
	   pl.nonce_len == 16, "message 4: KE 128 octets, nonce 16");
	ok(mm[5][19] & WIRE_FLAG_ENC && mm[6][19] & WIRE_FLAG_ENC, "messages 5 and 6 encrypted");
}

static struct ike_policy ref_policy(void)
{
	return mm_policy(IKE_CIPHER_3DES, 0, IKE_HASH_SHA1, IKE_AUTH_PSK, 2, 3600);
}

/* Our message 1 for the same policy is the reference one but for the
 * cookie and the transform number (we count from 1, it from 0). */
static void message1(void)
{
	struct ike_policy p = ref_policy();
	struct mm_net net;
	const uint8_t *ours;

	mm_net_init(&net, &p, 1, &p, 1, "mekmitasdigoat", "mekmitasdigoat");
	net.ks.addr.sin_addr.s_addr = htonl(0x7f000002);
	net.gm.addr.sin_addr.s_addr = htonl(0x7f000001);
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	ours = net.copy[0];
	ok(ours && net.copy_len[0] == mm_len[1], "message 1: same length (80)");
	if (ours && net.copy_len[0] == mm_len[1]) {
		ok(ours[52] == 1 && mm[1][52] == 0, "message 1: transform numbered 1 (reference: 0)");
		ok(!memcmp(ours + 8, mm[1] + 8, 44) && !memcmp(ours + 53, mm[1] + 53, mm_len[1] - 53),
		   "message 1: every other octet after the cookie identical");
	}
	/* the reference's message 1 to our responder: the answer is the
	 * reference's message 2 but for our responder cookie */
	mm_net_inject(&net, &net.ks, &net.gm.addr, mm[1], mm_len[1]);
	mm_net_run(&net, 0);
	ours = net.copy[2];
	ok(ours && net.copy_len[2] == mm_len[2] && !memcmp(ours, mm[2], 8) &&
	   !memcmp(ours + 16, mm[2] + 16, mm_len[2] - 16),
	   "message 2 for the reference's message 1: identical but for the responder cookie");
	mm_net_free(&net);

	/* IPsec DOI (1, SIT_IDENTITY_ONLY) proposals are accepted and echoed */
	mm_net_init(&net, &p, 1, &p, 1, "mekmitasdigoat", "mekmitasdigoat");
	mm[1][35] = 1; /* DOI */
	mm[1][39] = 1; /* situation */
	mm_net_inject(&net, &net.ks, &net.gm.addr, mm[1], mm_len[1]);
	mm_net_run(&net, 0);
	ok(net.copy[0] && net.copy_len[0] == mm_len[2] && net.copy[0][35] == 1 &&
	   net.copy[0][39] == 1, "IPsec DOI 1 offer: answered with DOI 1");
	mm_net_free(&net);
	mm_net_init(&net, &p, 1, &p, 1, "mekmitasdigoat", "mekmitasdigoat");
	mm[1][35] = 3;
	mm_net_inject(&net, &net.ks, &net.gm.addr, mm[1], mm_len[1]);
	mm_net_run(&net, 0);
	ok(net.copy[0] && net.copy[0][18] == IKE_EXCH_INFORMATIONAL && net.ks.ctx->n_exchanges == 0,
	   "unknown DOI 3: refused with a notify, no state");
	mm[1][35] = 2;
	mm[1][39] = 0;
	mm_net_free(&net);
}

/* An exchange at the point where g^xy is known, from the logged values. */
static struct ike_exchange *keyed_exchange(struct ike_ctx *ctx, enum ike_role role)
{
	struct sockaddr_in gm = { .sin_family = AF_INET, .sin_port = htons(848) };
	struct sockaddr_in ks = gm;
	struct ike_exchange *x;
	struct wire_msg wm;
	struct mm_payloads p1, p3, p4;
	uint8_t *gxy;
	size_t gxy_len;
	int rc;

	gm.sin_addr.s_addr = htonl(0x7f000001);
	ks.sin_addr.s_addr = htonl(0x7f000002);
	x = role == IKE_INITIATOR ? mm_exchange_new(ctx, role, &gm, &ks)
				  : mm_exchange_new(ctx, role, &ks, &gm);
	memcpy(x->sa.icookie, mm[1], 8);
	memcpy(x->sa.rcookie, mm[2] + 8, 8);
	x->sa.cipher = IKE_CIPHER_3DES;
	x->sa.hash = IKE_HASH_SHA1;
	x->sa.auth = IKE_AUTH_PSK;
	x->sa.dh_group = 2;
	x->sa.lifetime_s = 3600;
	x->doi = 2;
	mm_payloads_parse(mm[1], mm_len[1], false, &wm, &p1);
	x->sai_b = malloc(p1.sa_len);
	memcpy(x->sai_b, p1.sa_body, p1.sa_len);
	x->sai_b_len = p1.sa_len;
	mm_payloads_parse(mm[3], mm_len[3], false, &wm, &p3);
	x->g_xi = malloc(p3.ke_len);
	memcpy(x->g_xi, p3.ke, p3.ke_len);
	x->g_len = p3.ke_len;
	memcpy(x->ni, p3.nonce, p3.nonce_len);
	x->ni_len = p3.nonce_len;
	mm_payloads_parse(mm[4], mm_len[4], false, &wm, &p4);
	x->g_xr = malloc(p4.ke_len);
	memcpy(x->g_xr, p4.ke, p4.ke_len);
	memcpy(x->nr, p4.nonce, p4.nonce_len);
	x->nr_len = p4.nonce_len;
	memcpy(x->psk, "mekmitasdigoat", 14);
	x->psk_len = 14;
	gxy = unhex(G_XY, &gxy_len);
	rc = mm_keys_from_secret(x, gxy, gxy_len);
	free(gxy);
	ok(rc == 0, "keys derived from the logged g^xy");
	ok(same_hex(x->keys.enc_key.data, x->keys.enc_key.len, ENC_KEY), "3DES key as logged");
	ok(same_hex(x->iv.bytes, x->iv.len, P1_IV_FIRST), "first phase-1 IV as logged");
	x->state = role == IKE_INITIATOR ? MM_I_WAIT6 : MM_R_WAIT5;
	mm_table_insert(ctx, x);
	return x;
}

static void check_final_sa(const struct mm_side *s, const char *who)
{
	char label[128];

	snprintf(label, sizeof(label), "%s: established with SKEYID_d, SKEYID_a, key as logged", who);
	ok(s->established == 1 && same_hex(s->sa.skeyid_d, s->sa.hash_len, SKEYID_D) &&
	   same_hex(s->sa.skeyid_a, s->sa.hash_len, SKEYID_A) &&
	   same_hex(s->sa.enc_key, s->sa.enc_key_len, ENC_KEY), label);
	snprintf(label, sizeof(label), "%s: last phase-1 IV (base of the PULL IVs) as logged", who);
	ok(same_hex(s->sa.phase1_iv, s->sa.block_len, P1_IV_LAST), label);
}

static void responder_5_6(void)
{
	struct ike_policy p = ref_policy();
	struct mm_net net;
	struct sockaddr_in from = { .sin_family = AF_INET, .sin_port = htons(848) };

	mm_net_init(&net, &p, 1, &p, 1, "mekmitasdigoat", "mekmitasdigoat");
	net.gm.addr.sin_addr.s_addr = htonl(0x7f000001);
	net.ks.addr.sin_addr.s_addr = htonl(0x7f000002);
	from.sin_addr.s_addr = htonl(0x7f000001);
	keyed_exchange(net.ks.ctx, IKE_RESPONDER);
	ike_input(net.ks.ctx, &net.ks.addr, &from, mm[5], mm_len[5]);
	ok(net.copy[0] && net.copy_len[0] == mm_len[6] && !memcmp(net.copy[0], mm[6], mm_len[6]),
	   "responder: HASH_I of message 5 verified, answer is the logged message 6 byte for byte");
	check_final_sa(&net.ks, "responder");
	mm_net_free(&net);

	/* one flipped ciphertext bit: refused, nothing established */
	mm_net_init(&net, &p, 1, &p, 1, "mekmitasdigoat", "mekmitasdigoat");
	net.ks.addr.sin_addr.s_addr = htonl(0x7f000002);
	keyed_exchange(net.ks.ctx, IKE_RESPONDER);
	mm[5][40] ^= 0x01;
	ike_input(net.ks.ctx, &net.ks.addr, &from, mm[5], mm_len[5]);
	mm[5][40] ^= 0x01;
	ok(!net.ks.established && net.ks.failed == 1 &&
	   net.ks.last_reason == IKE_N_AUTHENTICATION_FAILED,
	   "responder: altered message 5 fails with AUTHENTICATION_FAILED");
	mm_net_free(&net);
}

static void initiator_5_6(void)
{
	struct ike_policy p = ref_policy();
	struct mm_net net;
	struct sockaddr_in from = { .sin_family = AF_INET, .sin_port = htons(848) };
	struct ike_exchange *x;
	uint8_t *msg, hash[64];
	size_t len, hash_len;
	static const uint8_t id_b[] = { 1, 0, 0, 0, 127, 0, 0, 1 };

	mm_net_init(&net, &p, 1, &p, 1, "mekmitasdigoat", "mekmitasdigoat");
	net.gm.addr.sin_addr.s_addr = htonl(0x7f000001);
	from.sin_addr.s_addr = htonl(0x7f000002);
	x = keyed_exchange(net.gm.ctx, IKE_INITIATOR);
	ok(mm_auth_hash(x, true, id_b, sizeof(id_b), hash, &hash_len) == 0 &&
	   same_hex(hash, hash_len, HASH_I), "HASH_I as logged");
	ok(mm_build_auth_msg(x, &msg, &len) == 0 && len == mm_len[5] && !memcmp(msg, mm[5], len),
	   "initiator: message 5 built and encrypted is the logged one byte for byte");
	x->last_sent = msg;
	x->last_sent_len = len;
	ike_input(net.gm.ctx, &net.gm.addr, &from, mm[6], mm_len[6]);
	check_final_sa(&net.gm, "initiator");
	mm_net_free(&net);
}

int main(void)
{
	if (load_messages() != 0) {
		ok(0, "tests/unit/ike/loopback-mm.vec loads");
		return done_testing();
	}
	decode_all();
	message1();
	responder_5_6();
	initiator_5_6();
	for (int i = 1; i <= 6; i++)
		free(mm[i]);
	return done_testing();
}
