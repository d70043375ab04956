/* The registration load generator's state, shared by its driver
 * (reg_load.c) and its member engine (reg_members.c). */
#ifndef GETVPND_BENCH_REG_LOAD_H
#define GETVPND_BENCH_REG_LOAD_H

#include "gdoi/ike_sa.h"

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
};

enum member_state { M_IDLE, M_PHASE1, M_PULL, M_DONE, M_FAILED };

struct member {
	enum member_state state;
	struct sockaddr_in local;
	uint8_t icookie[IKE_COOKIE_LEN], rcookie[IKE_COOKIE_LEN];
	struct gm_pull *pull;
	uint64_t start_ms, done_ms, last_sent_ms;
	unsigned resends;
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
};

int load_setup(struct load *l);
/* Registers every member (or until the timeout); returns when done. */
void load_run(struct load *l);
void load_teardown(struct load *l);
uint64_t load_now_ms(void);

#endif
