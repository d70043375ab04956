/* Test tool: a group member that registers with a key server (Main Mode
 * with a pre-shared key, GROUPKEY-PULL), takes the first GROUPKEY-PUSH the
 * key server sends it (acknowledging it like a member), and then sends a
 * target member four forgeries of it, each to be rejected:
 *   replay         the PUSH unchanged (its SEQ is no longer new)
 *   flip-cipher    one bit flipped in the first ciphertext block
 *   flip-signature decrypted, one bit of the SIG payload flipped, encrypted again
 *   other-key      a new PUSH (SEQ + 50, same content) under the right KEK,
 *                  signed by an RSA key that is not the key server's
 * Prints one line per forgery sent, exits 0 when all are sent, 1 on error
 * or after a time limit.
 *
 *   push_inject LOCAL_ADDR KS_ADDR TARGET_ADDR PSK GROUP_ID */
#include <arpa/inet.h>
#include <event2/event.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/cipher.h"
#include "gdoi/pull_clock.h"
#include "gdoi/pull_service.h"
#include "gdoi/rekey.h"
#include "gdoi/wire.h"

#define LIMIT_S 60

static struct {
	struct event_base *base;
	struct transport *t;
	struct ike_ctx *ike;
	struct pull_service *svc;
	struct gm *gm;
	const char *psk;
	struct sockaddr_in local, target;
	struct push_gm pg;
	bool started, captured;
	struct rekey_kek kek;          /* the KEK that protected the captured PUSH */
	uint8_t dgram[PUSH_MAX_MSG];
	size_t len;
	struct push_rx rx;
	int rc;
} in = { .rc = 1 };

static ssize_t psk(void *arg, const struct in_addr *peer, uint8_t *key, size_t max)
{
	size_t n = strlen(in.psk);

	(void)arg;
	(void)peer;
	if (n > max)
		return -1;
	memcpy(key, in.psk, n);
	return (ssize_t)n;
}

static void established(void *arg, const struct ike_sa *sa, void *user)
{
	(void)arg;
	pull_service_established(in.svc, sa, user);
}

static void failed(void *arg, const struct sockaddr_in *peer, enum ike_role role, unsigned reason,
		   void *user)
{
	(void)arg;
	(void)peer;
	(void)role;
	pull_service_failed(in.svc, user, reason);
}

static void registered(void *arg, struct gm_group *g)
{
	(void)arg;
	in.started = push_gm_start(&in.pg, &g->policy, NULL, 0, in.local.sin_addr, 0) == 0;
	printf("registered seq %u\n", g->policy.seq);
	fflush(stdout);
}

static void on_info(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	(void)arg;
	if (!pull_service_info(in.svc, buf, len))
		ike_input(in.ike, local, peer, buf, len);
}

static void send_target(const uint8_t *buf, size_t len, const char *what)
{
	transport_send(in.t, &in.local, &in.target, buf, len);
	printf("sent %s\n", what);
	fflush(stdout);
}

/* Offset of the SIG payload (the last one) in the plaintext after the header. */
static long sig_offset(const uint8_t *pt, size_t len, uint8_t first)
{
	size_t off = 0;
	uint8_t type = first;

	while (off + 4 <= len) {
		size_t plen = (size_t)pt[off + 2] << 8 | pt[off + 3];

		if (plen < 4 || off + plen > len)
			return -1;
		if (pt[off] == 0)
			return type == WIRE_PL_SIG ? (long)off : -1;
		type = pt[off];
		off += plen;
	}
	return -1;
}

static int flip_signature(uint8_t *buf, size_t len)
{
	size_t body = len - WIRE_HDR_LEN;
	uint8_t *pt = buf + WIRE_HDR_LEN;
	const struct rekey_kek *k = &in.kek;
	long sig;

	if (crypto_cbc_decrypt(k->cipher, k->key, k->key_len, k->iv, k->iv_len, pt, body, pt) < 0)
		return -1;
	sig = sig_offset(pt, body, buf[WIRE_HDR_NEXT_OFF]);
	if (sig < 0)
		return -1;
	pt[sig + 20] ^= 0x10;   /* inside the signature bytes */
	return crypto_cbc_encrypt(k->cipher, k->key, k->key_len, k->iv, k->iv_len, pt, body, pt);
}

static int other_key(uint8_t *out, size_t *len)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	struct push_content c = { .seq = in.rx.seq + 50, .gp = &in.rx.update.gp,
				  .ack_requested = in.rx.update.ack_requested };
	const char *why = NULL;
	int rc;

	if (!key)
		return -1;
	rc = push_build(&in.kek, key, &c, out, PUSH_MAX_MSG, len, &why);
	EVP_PKEY_free(key);
	if (rc < 0)
		fprintf(stderr, "push_build: %s\n", why ? why : "?");
	return rc;
}

static void forge(evutil_socket_t fd, short what, void *arg)
{
	static uint8_t buf[PUSH_MAX_MSG];
	size_t len;

	(void)fd;
	(void)what;
	(void)arg;
	send_target(in.dgram, in.len, "replay");
	memcpy(buf, in.dgram, in.len);
	buf[WIRE_HDR_LEN + 3] ^= 0x01;
	send_target(buf, in.len, "flip-cipher");
	memcpy(buf, in.dgram, in.len);
	if (flip_signature(buf, in.len) < 0) {
		fprintf(stderr, "cannot re-encrypt the captured PUSH\n");
		event_base_loopexit(in.base, NULL);
		return;
	}
	send_target(buf, in.len, "flip-signature");
	if (other_key(buf, &len) < 0) {
		event_base_loopexit(in.base, NULL);
		return;
	}
	send_target(buf, len, "other-key");
	in.rc = 0;
	event_base_loopexit(in.base, NULL);
}

static void on_push(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	struct timeval later = { .tv_usec = 700 * 1000 };
	struct push_gm_result res;
	struct rekey_kek k;

	(void)arg;
	if (!in.started || in.captured)
		return;
	k = in.pg.kek;
	memset(&res, 0, sizeof(res));
	push_gm_receive(&in.pg, buf, len, &in.rx, &res);
	if (res.verdict != PUSH_OK) {
		fprintf(stderr, "captured PUSH rejected: %s\n", res.why ? res.why : "?");
		return;
	}
	if (res.ack_len)
		transport_send(in.t, local, peer, res.ack, res.ack_len);
	in.kek = k;
	memcpy(in.dgram, buf, len);
	in.len = len;
	in.captured = true;
	printf("captured seq %u\n", in.rx.seq);
	fflush(stdout);
	/* the target receives the same PUSH from the key server: forge after it */
	event_base_once(in.base, -1, EV_TIMEOUT, forge, NULL, &later);
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	pull_service_tick(in.svc, pull_now());
}

static void give_up(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	fprintf(stderr, "no rekey within %d s\n", LIMIT_S);
	event_base_loopexit(in.base, NULL);
}

static int setup(const char *ks, unsigned group_id)
{
	struct ike_callbacks cb = { .send = transport_send, .psk_lookup = psk,
				    .established = established, .failed = failed };
	struct ike_policy pol = { .cipher = IKE_CIPHER_AES_CBC, .key_bits = 128,
				  .hash = IKE_HASH_SHA1, .auth = IKE_AUTH_PSK, .dh_group = 5 };
	struct gm_group_config g = { .name = "INJECT", .group_id = group_id, .n_servers = 1 };
	struct pull_service_config sc = { .registered = registered };
	const char *why = NULL;

	if (inet_pton(AF_INET, ks, &g.servers[0]) != 1)
		return -1;
	in.t = transport_new(in.base);
	cb.send_arg = in.t;
	in.ike = in.t ? ike_ctx_new(&cb, transport_timers(in.t)) : NULL;
	if (!in.ike || ike_ctx_set_policies(in.ike, &pol, 1) < 0 ||
	    transport_listen(in.t, &in.local) < 0)
		return -1;
	transport_register(in.t, IKE_EXCH_MAIN_MODE, ike_transport_input, in.ike);
	transport_register(in.t, IKE_EXCH_INFORMATIONAL, on_info, NULL);
	transport_register(in.t, WIRE_EXCH_GROUPKEY_PUSH, on_push, NULL);
	in.gm = gm_new();
	sc.t = in.t;
	sc.ike = in.ike;
	sc.gm = in.gm;
	if (!in.gm || !(in.svc = pull_service_new(&sc)) ||
	    !gm_add_group(in.gm, &g, pull_now(), &why))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct timeval tenth = { .tv_usec = 100 * 1000 }, limit = { .tv_sec = LIMIT_S };
	struct event *t;

	if (argc != 6) {
		fprintf(stderr, "usage: %s LOCAL_ADDR KS_ADDR TARGET_ADDR PSK GROUP_ID\n", argv[0]);
		return 2;
	}
	in.local = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT) };
	in.target = in.local;
	in.psk = argv[4];
	if (inet_pton(AF_INET, argv[1], &in.local.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[3], &in.target.sin_addr) != 1)
		return 2;
	in.base = event_base_new();
	if (!in.base || setup(argv[2], (unsigned)strtoul(argv[5], NULL, 10)) < 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	t = event_new(in.base, -1, EV_PERSIST, tick, NULL);
	event_add(t, &tenth);
	event_base_once(in.base, -1, EV_TIMEOUT, give_up, NULL, &limit);
	pull_service_tick(in.svc, pull_now());
	event_base_dispatch(in.base);
	event_free(t);
	pull_service_free(in.svc);
	gm_free(in.gm);
	ike_ctx_free(in.ike);
	transport_free(in.t);
	push_gm_stop(&in.pg);
	push_rx_wipe(&in.rx);
	rekey_kek_wipe(&in.kek);
	event_base_free(in.base);
	return in.rc;
}
