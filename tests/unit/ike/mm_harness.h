/* A simulated network for Main Mode tests: a group member (initiator,
 * 10.0.0.2) and a key server (responder, 10.0.0.1), each an ike_ctx, on
 * one simulated clock. Datagrams are queued, optionally filtered
 * (dropped, altered, duplicated) and delivered in order. */
#ifndef GETVPND_TESTS_MM_HARNESS_H
#define GETVPND_TESTS_MM_HARNESS_H

#include "gdoi/ike_mm.h"

#include <stdbool.h>

struct mm_net;

struct mm_side {
	struct mm_net *net;
	struct ike_ctx *ctx;
	struct sockaddr_in addr;
	char psk[64];		/* "" = no key */
	EVP_PKEY *rsa_own, *rsa_peer;
	int established, failed;
	unsigned last_reason;
	struct ike_sa sa;	/* copy of the last established SA */
	unsigned long sent;
};

struct mm_pkt {
	struct mm_pkt *next;
	struct mm_side *to;
	unsigned index;		/* 1 + send order; 0 = injected */
	struct sockaddr_in from;
	uint8_t *buf;
	size_t len;
};

/* Returns true to deliver the (possibly changed) packet, false to drop.
 * index counts every datagram sent so far, from 0. */
typedef bool (*mm_filter)(struct mm_net *net, struct mm_pkt *pkt, unsigned index, void *arg);

struct mm_net {
	uint64_t now_ms;
	struct ike_timers *timers;
	struct mm_side gm, ks;
	struct mm_pkt *head, *tail;
	mm_filter filter;
	void *filter_arg;
	unsigned sent_total;
	uint8_t *copy[16];	/* the first datagrams sent, for replay tests */
	size_t copy_len[16];
};

void mm_net_init(struct mm_net *net, const struct ike_policy *gm_pol, size_t n_gm,
		 const struct ike_policy *ks_pol, size_t n_ks, const char *gm_psk, const char *ks_psk);
/* Delivers queued datagrams and fires timers until nothing happens or
 * until_ms of simulated time has passed. */
void mm_net_run(struct mm_net *net, uint64_t until_ms);
/* Injects a datagram as if sent by from to side to. */
void mm_net_inject(struct mm_net *net, struct mm_side *to, const struct sockaddr_in *from,
		   const uint8_t *buf, size_t len);
void mm_net_free(struct mm_net *net);
/* Prints the log lines buffered so far as TAP comments, then forgets them. */
void mm_dump_log(void);

/* A genuine message 1 of the lesson's policy (AES-128, SHA-1, pre-shared
 * key, group 5), to replay with other cookies; its length, 0 if over max. */
size_t mm_genuine_msg1(uint8_t *msg, size_t max);
/* A flood at the key server: per_addr copies of msg, each with a fresh
 * initiator cookie, from each of n_addrs addresses from first_addr on. */
void mm_flood_from(struct mm_net *net, uint32_t first_addr, uint32_t n_addrs, unsigned per_addr,
		   uint8_t *msg, size_t len);

struct ike_policy mm_policy(enum ike_cipher c, unsigned bits, enum ike_hash h, enum ike_auth a,
			    unsigned group, uint32_t life);

#endif
