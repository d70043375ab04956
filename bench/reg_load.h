/* The registration load generator's state, shared by its driver
 * (reg_load.c) and its member engine (reg_members.c). */
#ifndef GETVPND_BENCH_REG_LOAD_H
#define GETVPND_BENCH_REG_LOAD_H

#include "gdoi/group_policy.h"
#include "gdoi/push_ack.h"
#include "gdoi/ike_sa.h"

#include <stdbool.h>

#include <netinet/in.h>
#include <stdint.h>
#include <sys/types.h>

struct load_opts {
	struct in_addr ks, base;
	uint32_t group_id;
	const char *psk;
	unsigned dh_group, count, window;
	pid_t ks_pid;
	int timeout_s;
	int rekey_wait_s;               /* > 0: then wait this long for one rekey */
	bool rekey_verify_all;          /* every member checks its copy in full */
};

enum member_state { M_IDLE, M_PHASE1, M_PULL, M_DONE, M_FAILED };

struct member {
	enum member_state state;
	struct sockaddr_in local;
	uint8_t icookie[IKE_COOKIE_LEN], rcookie[IKE_COOKIE_LEN];
	struct gm_pull *pull;
	uint64_t start_ms, done_ms, last_sent_ms;
	unsigned resends;
	struct push_gm *push;           /* --rekey-wait: verifies the rekey */
	bool rekeyed;
};

struct load {
	struct load_opts o;
	struct event_base *base;
	struct transport *t;
	struct ike_ctx *ike;
	struct event *tick, *kick, *deadline;
	struct member *m;
	struct member **by_cookie;      /* open addressing on the initiator cookie */
	size_t cookie_mask;
	unsigned next, in_flight, ok, failed, oldest;
	unsigned long resends;
	/* rekey phase (reg_rekey.c) */
	unsigned rekeyed, rekey_rejected;
	unsigned rekey_full, rekey_memo;  /* copies checked in full / as a verified copy */
	size_t rekey_len;
	uint64_t rekey_first_ms, rekey_last_ms;   /* CLOCK_REALTIME */
	unsigned long rekey_batches, rekey_dropped; /* reads; datagrams not taken */
	unsigned long rekey_ack_errors;             /* acks the kernel refused */
	struct rekey_io *io;                        /* reg_rekey_io.c */
};

int load_setup(struct load *l);
/* Registers every member (or until the timeout); returns when done. */
void load_run(struct load *l);
/* Then, with --rekey-wait: until every member has verified one rekey. */
void load_wait_rekey(struct load *l);
void load_teardown(struct load *l);
uint64_t load_now_ms(void);

/* reg_rekey.c: the member side of GROUPKEY-PUSH for registered members. */
int rekey_member_start(struct member *m, const struct group_policy *gp);
void rekey_member_free(struct member *m);
/* One GROUPKEY-PUSH sent to the member at address to: checked; true
 * with the member's acknowledgement in ack when it must send one. When
 * the last member has its rekey, the event loop is told to exit. */
bool rekey_take(struct load *l, struct in_addr to, const uint8_t *buf, size_t len,
		uint8_t ack[PUSH_ACK_MAX_LEN], size_t *ack_len);
/* The GROUPKEY-PUSH transport handler (arg = struct load): rekey_take,
 * then the ack sent at once. */
void rekey_input(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		 const uint8_t *buf, size_t len);

/* reg_rekey_io.c: for the rekey phase the generator reads the transport's
 * sockets itself, in batches (recvmmsg), and sends the batch's acks
 * together (sendmmsg, each from its member's address). */
int rekey_io_start(struct load *l);
void rekey_io_stop(struct load *l);

#endif
