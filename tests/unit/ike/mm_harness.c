#include "tests/unit/ike/mm_harness.h"

#include "crypto/random.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t sim_clock(void *arg)
{
	return ((struct mm_net *)arg)->now_ms;
}

static struct mm_side *side_at(struct mm_net *net, const struct sockaddr_in *addr)
{
	if (addr->sin_addr.s_addr == net->gm.addr.sin_addr.s_addr)
		return &net->gm;
	if (addr->sin_addr.s_addr == net->ks.addr.sin_addr.s_addr)
		return &net->ks;
	return NULL;
}

static void enqueue(struct mm_net *net, struct mm_side *to, const struct sockaddr_in *from,
		    const uint8_t *buf, size_t len)
{
	struct mm_pkt *p = calloc(1, sizeof(*p));

	p->to = to;
	p->from = *from;
	p->buf = malloc(len);
	memcpy(p->buf, buf, len);
	p->len = len;
	if (net->tail)
		net->tail->next = p;
	else
		net->head = p;
	net->tail = p;
}

static int sim_send(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	struct mm_side *self = arg;
	struct mm_net *net = self->net;
	struct mm_side *to = side_at(net, peer);
	unsigned idx = net->sent_total++;

	self->sent++;
	if (idx < 16) {
		net->copy[idx] = malloc(len);
		memcpy(net->copy[idx], buf, len);
		net->copy_len[idx] = len;
	}
	if (to) {
		enqueue(net, to, local, buf, len);
		net->tail->index = idx + 1;
	}
	return 0;
}

static ssize_t sim_psk(void *arg, const struct in_addr *peer, uint8_t *key, size_t max)
{
	struct mm_side *self = arg;
	size_t n = strlen(self->psk);

	if (!n || n > max)
		return -1;
	memcpy(key, self->psk, n);
	return (ssize_t)n;
}

static EVP_PKEY *sim_own(void *arg)
{
	return ((struct mm_side *)arg)->rsa_own;
}

static EVP_PKEY *sim_peer(void *arg, const struct in_addr *id)
{
	return ((struct mm_side *)arg)->rsa_peer;
}

static void sim_established(void *arg, const struct ike_sa *sa, void *user)
{
	struct mm_side *self = arg;

	self->established++;
	self->sa = *sa;
}

static void sim_failed(void *arg, const struct sockaddr_in *peer, enum ike_role role,
		       unsigned reason, void *user)
{
	struct mm_side *self = arg;

	self->failed++;
	self->last_reason = reason;
}

static void side_init(struct mm_net *net, struct mm_side *s, const char *addr,
		      const struct ike_policy *pol, size_t n, const char *psk)
{
	struct ike_callbacks cb = {
		.send = sim_send, .psk_lookup = sim_psk, .rsa_own_key = sim_own,
		.rsa_peer_key = sim_peer, .established = sim_established, .failed = sim_failed,
		.arg = s,
	};

	memset(s, 0, sizeof(*s));
	s->net = net;
	s->addr.sin_family = AF_INET;
	s->addr.sin_port = htons(848);
	inet_pton(AF_INET, addr, &s->addr.sin_addr);
	snprintf(s->psk, sizeof(s->psk), "%s", psk ? psk : "");
	s->ctx = ike_ctx_new(&cb, net->timers);
	ike_ctx_set_policies(s->ctx, pol, n);
}

void mm_net_init(struct mm_net *net, const struct ike_policy *gm_pol, size_t n_gm,
		 const struct ike_policy *ks_pol, size_t n_ks, const char *gm_psk, const char *ks_psk)
{
	static bool log_ready;

	if (!log_ready) {
		log_init("test", LOG_SINK_NONE);
		log_buffer_configure(65536);
		log_ready = true;
	}
	memset(net, 0, sizeof(*net));
	net->now_ms = 1000000;
	net->timers = ike_timers_new(sim_clock, net);
	side_init(net, &net->gm, "10.0.0.2", gm_pol, n_gm, gm_psk);
	side_init(net, &net->ks, "10.0.0.1", ks_pol, n_ks, ks_psk);
}

void mm_net_inject(struct mm_net *net, struct mm_side *to, const struct sockaddr_in *from,
		   const uint8_t *buf, size_t len)
{
	enqueue(net, to, from, buf, len);
}

static void deliver_all(struct mm_net *net)
{
	while (net->head) {
		struct mm_pkt *p = net->head;
		bool deliver = true;

		net->head = p->next;
		if (!net->head)
			net->tail = NULL;
		if (p->index && net->filter)
			deliver = net->filter(net, p, p->index - 1, net->filter_arg);
		if (deliver)
			ike_input(p->to->ctx, &p->to->addr, &p->from, p->buf, p->len);
		free(p->buf);
		free(p);
	}
}

void mm_net_run(struct mm_net *net, uint64_t until_ms)
{
	uint64_t end = net->now_ms + until_ms;

	for (;;) {
		uint64_t next;

		deliver_all(net);
		next = ike_timers_next(net->timers);
		if (next == UINT64_MAX || next > end) {
			net->now_ms = end; /* the rest of the period passes quietly */
			break;
		}
		if (next > net->now_ms)
			net->now_ms = next;
		ike_timers_run(net->timers);
	}
}

void mm_net_free(struct mm_net *net)
{
	deliver_all(net);
	ike_ctx_free(net->gm.ctx);
	ike_ctx_free(net->ks.ctx);
	ike_timers_free(net->timers);
	for (int i = 0; i < 16; i++)
		free(net->copy[i]);
	EVP_PKEY_free(net->gm.rsa_own);
	EVP_PKEY_free(net->gm.rsa_peer);
	EVP_PKEY_free(net->ks.rsa_own);
	EVP_PKEY_free(net->ks.rsa_peer);
}

struct ike_policy mm_policy(enum ike_cipher c, unsigned bits, enum ike_hash h, enum ike_auth a,
			    unsigned group, uint32_t life)
{
	struct ike_policy p = {
		.cipher = c, .key_bits = bits, .hash = h, .auth = a, .dh_group = group,
		.lifetime_s = life,
	};

	return p;
}

size_t mm_genuine_msg1(uint8_t *msg, size_t max)
{
	struct ike_policy p = mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5,
					86400);
	struct mm_net net;
	size_t len;

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	len = net.copy_len[0] <= max ? net.copy_len[0] : 0;
	memcpy(msg, net.copy[0], len);
	mm_net_free(&net);
	return len;
}

void mm_flood_from(struct mm_net *net, uint32_t first_addr, uint32_t n_addrs, unsigned per_addr,
		   uint8_t *msg, size_t len)
{
	struct sockaddr_in from = { .sin_family = AF_INET, .sin_port = htons(848) };

	for (uint32_t i = 0; i < n_addrs; i++) {
		from.sin_addr.s_addr = htonl(first_addr + i);
		for (unsigned j = 0; j < per_addr; j++) {
			random_bytes(msg, 8);
			ike_input(net->ks.ctx, &net->ks.addr, &from, msg, len);
		}
	}
}

static void print_line(const char *line, void *arg)
{
	(void)arg;
	printf("# %s\n", line);
}

void mm_dump_log(void)
{
	log_buffer_foreach(print_line, NULL);
	log_buffer_configure(0);
	log_buffer_configure(65536);
}
