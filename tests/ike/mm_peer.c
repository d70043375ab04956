/* One side of a Main Mode over real UDP for tests/ike/mm_netns.sh: the
 * key server answers, the group member initiates; both use transport.c on
 * a libevent loop. On each established SA it prints
 *   ESTABLISHED <peer> <cipher>/<bits>/<hash>/<group> <fingerprint>
 * where the fingerprint is SHA-256 over SKEYID_d | SKEYID_a | key | IV
 * (so two sides can be compared without printing keys).
 * Usage: mm_peer ks|gm LOCAL PEER[:PORT] PSK [POLICY [SECONDS [COUNT]]]
 * LOCAL 0.0.0.0 listens on every address (IP_PKTINFO picks the source).
 * A member with COUNT > 1 listens on every address and runs COUNT Main
 * Modes at once, from LOCAL, LOCAL+1, ... (addresses of its namespace).
 * POLICY: cipher-bits-hash-group, e.g. aes-128-sha-5 (the lesson's). */
#include "gdoi/ike_mm.h"
#include "gdoi/transport.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct peer {
	struct event_base *base;
	struct transport *t;
	struct ike_ctx *ike;
	const char *psk;
	int established, wanted, failed;
	bool initiator;
};

static ssize_t psk_lookup(void *arg, const struct in_addr *addr, uint8_t *key, size_t max)
{
	struct peer *p = arg;
	size_t n = strlen(p->psk);

	if (n > max)
		return -1;
	memcpy(key, p->psk, n);
	return (ssize_t)n;
}

static void fingerprint(const struct ike_sa *sa, char *out)
{
	uint8_t md[32];
	unsigned len = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	EVP_DigestUpdate(c, sa->skeyid_d, sa->hash_len);
	EVP_DigestUpdate(c, sa->skeyid_a, sa->hash_len);
	EVP_DigestUpdate(c, sa->enc_key, sa->enc_key_len);
	EVP_DigestUpdate(c, sa->phase1_iv, sa->block_len);
	EVP_DigestFinal_ex(c, md, &len);
	EVP_MD_CTX_free(c);
	for (unsigned i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

static void established(void *arg, const struct ike_sa *sa, void *user)
{
	struct peer *p = arg;
	char addr[INET_ADDRSTRLEN], fp[40];

	inet_ntop(AF_INET, &sa->peer.sin_addr, addr, sizeof(addr));
	fingerprint(sa, fp);
	printf("ESTABLISHED %s %s/%u/%s/%u %s\n", addr, ike_cipher_name(sa->cipher), sa->key_bits,
	       ike_hash_name(sa->hash), sa->dh_group, fp);
	fflush(stdout);
	if (++p->established >= p->wanted)
		event_base_loopexit(p->base, NULL);
}

static void failed(void *arg, const struct sockaddr_in *peer, enum ike_role role, unsigned reason,
		   void *user)
{
	struct peer *p = arg;

	printf("FAILED %s\n", ike_notify_name(reason));
	fflush(stdout);
	p->failed++;
	if (p->initiator)
		event_base_loopexit(p->base, NULL);
}

static int parse_policy(const char *s, struct ike_policy *pol)
{
	char cipher[16], hash[16];
	unsigned bits, group;

	memset(pol, 0, sizeof(*pol));
	if (sscanf(s, "%15[^-]-%u-%15[^-]-%u", cipher, &bits, hash, &group) != 4)
		return -1;
	pol->cipher = !strcmp(cipher, "3des") ? IKE_CIPHER_3DES : IKE_CIPHER_AES_CBC;
	pol->key_bits = pol->cipher == IKE_CIPHER_AES_CBC ? bits : 0;
	pol->hash = !strcmp(hash, "md5") ? IKE_HASH_MD5 : !strcmp(hash, "sha256") ? IKE_HASH_SHA256
		    : IKE_HASH_SHA1;
	pol->auth = IKE_AUTH_PSK;
	pol->dh_group = group;
	return 0;
}

/* ADDRESS or ADDRESS:PORT (default 848) */
static int parse_peer(const char *s, struct sockaddr_in *peer)
{
	char addr[INET_ADDRSTRLEN];
	unsigned port = GDOI_UDP_PORT;

	if (sscanf(s, "%15[0-9.]:%u", addr, &port) < 1 || port == 0 || port > 65535 ||
	    inet_pton(AF_INET, addr, &peer->sin_addr) != 1)
		return -1;
	peer->sin_port = htons((uint16_t)port);
	return 0;
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
	event_base_loopexit(arg, NULL);
}

int main(int argc, char **argv)
{
	struct peer p = { .wanted = 1 };
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT) };
	struct sockaddr_in remote = local;
	struct ike_policy pol;
	struct ike_callbacks cb = {
		.send = transport_send, .psk_lookup = psk_lookup, .established = established,
		.failed = failed,
	};
	struct timeval tv = { .tv_sec = 10 };
	struct event *timeout;
	int rc;

	if (argc < 5 || inet_pton(AF_INET, argv[2], &local.sin_addr) != 1 ||
	    parse_peer(argv[3], &remote) != 0 ||
	    parse_policy(argc > 5 ? argv[5] : "aes-128-sha-5", &pol) != 0) {
		fprintf(stderr, "usage: mm_peer ks|gm LOCAL PEER PSK [POLICY [SECONDS [COUNT]]]\n");
		return 64;
	}
	if (argc > 6)
		tv.tv_sec = atoi(argv[6]);
	if (argc > 7)
		p.wanted = atoi(argv[7]);
	p.initiator = !strcmp(argv[1], "gm");
	p.psk = argv[4];
	log_init("mm_peer", LOG_SINK_STDERR);
	if (getenv("MM_PEER_DEBUG"))
		log_set_level(LOG_SEV_DEBUG);
	p.base = event_base_new();
	p.t = transport_new(p.base);
	cb.arg = &p;
	cb.send_arg = p.t;
	p.ike = ike_ctx_new(&cb, transport_timers(p.t));
	if (p.initiator && p.wanted > 1) {
		struct sockaddr_in any = local;

		any.sin_addr.s_addr = htonl(INADDR_ANY);
		if (!p.ike || transport_listen(p.t, &any) != 0)
			return 1;
	} else if (!p.ike || transport_listen(p.t, &local) != 0) {
		return 1;
	}
	ike_ctx_set_policies(p.ike, &pol, 1);
	transport_register(p.t, IKE_EXCH_MAIN_MODE, ike_transport_input, p.ike);
	transport_register(p.t, IKE_EXCH_INFORMATIONAL, ike_transport_input, p.ike);
	timeout = evtimer_new(p.base, on_timeout, p.base);
	evtimer_add(timeout, &tv);
	/* on a wildcard socket the member names its routed source address */
	if (p.initiator && local.sin_addr.s_addr == htonl(INADDR_ANY) &&
	    transport_source_for(p.t, &remote, &local) != 0)
		return 1;
	for (int i = 0; p.initiator && i < p.wanted; i++) {
		struct sockaddr_in from = local;

		from.sin_addr.s_addr = htonl(ntohl(local.sin_addr.s_addr) + (uint32_t)i);
		if (ike_initiate(p.ike, &from, &remote, NULL) != 0)
			return 1;
	}
	event_base_dispatch(p.base);
	rc = p.established >= p.wanted ? 0 : p.failed ? 1 : 2;
	if (rc == 2)
		printf("TIMEOUT\n");
	event_free(timeout);
	ike_ctx_free(p.ike);
	transport_free(p.t);
	event_base_free(p.base);
	return rc;
}
