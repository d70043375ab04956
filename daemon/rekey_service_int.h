/* The rekey state of the daemon, shared by ks_rekey.c, gm_rekey.c,
 * gm_rekey_mcast.c and rekey_show.c. */
#ifndef GETVPND_DAEMON_REKEY_SERVICE_INT_H
#define GETVPND_DAEMON_REKEY_SERVICE_INT_H

#include "daemon/rekey_service.h"
#include "gdoi/gm.h"
#include "gdoi/ks.h"
#include "gdoi/push_gm.h"
#include "gdoi/rekey_round.h"
#include "gdoi/rekey_sched.h"

#include <netinet/in.h>
#include <time.h>

struct event;
struct sockaddr_in;

/* One key server group that rekeys. */
struct ksr_group {
	char name[GP_NAME_LEN];
	struct ks_group *g;              /* the group this state belongs to */
	bool policy_changed, manual, replace_now;   /* events waiting for the timer */
	bool round_active, sending;
	bool send_full;                  /* the socket buffer stopped the last chunk */
	bool said_no_mcast;              /* KS_NO_MCAST_ADDRESS logged */
	struct rekey_round round;
	struct push_ack_checker *ack_checker; /* the round's KEK, keyed once (NULL: per ack) */
	uint8_t *msg;                    /* the round's GROUPKEY-PUSH */
	size_t len, send_done;
	/* the members of the transmission under way (a copy: acks reorder
	 * the round's pending list while it is sent in chunks) */
	struct in_addr *send_to;
	size_t send_n;
	uint64_t round_started, last_at, next_check;
	time_t last_wall;
	enum rekey_reason last_reason;
	/* old TEKs sent along with a rekey (no longer in the group's
	 * policy) and when their lifetime ends: replace-now deletes them too */
	uint32_t riding[GP_MAX_TEKS];
	uint64_t riding_until[GP_MAX_TEKS];
	unsigned n_riding;
	unsigned long rounds, datagrams, send_errors, acks, other_acks, removed;
	/* the round's fan-out, CLOCK_MONOTONIC microseconds (0: not yet):
	 * started, first transmission out to every member, every ack in */
	uint64_t fanout_start_us, fanout_sent_us, fanout_acked_us;
};

struct ks_rekey {
	struct ksr_group grp[KS_MAX_GROUPS];
	unsigned n;
	struct event *timer;
	unsigned long bad_acks;
};

/* A group member instance's rekey state. */
struct gmr_group {
	char name[GP_NAME_LEN];
	struct gm_group *g;              /* the group this state belongs to ... */
	uint64_t token;                  /* ... in this instance (gm_instance.token) */
	unsigned long successes;         /* registrations seen (g->successes) */
	bool started;                    /* push_gm holds the KEK of a registration */
	struct push_gm pg;
	uint32_t spi[GP_MAX_TEKS];       /* installed TEK SPIs ... */
	uint64_t tek_expires[GP_MAX_TEKS]; /* ... and when each one's lifetime ends */
	unsigned n_spi;
	uint64_t kek_expires;
	struct in_addr mcast;            /* joined multicast rekey group (0: none) */
	int mcast_fd;                    /* its socket (-1: none) */
	struct event *mcast_ev;
	unsigned long since_registration, expired_teks, reregistrations;
	struct in_addr last_from;
	time_t last_wall;
	/* the last accepted rekey, to acknowledge its retransmissions (the
	 * member's first acknowledgement was lost): the KEK and KS key that
	 * protected it, its SEQ */
	bool has_last;
	struct rekey_kek last_kek;
	EVP_PKEY *last_pub;
	uint32_t last_ack_seq;
	unsigned long reacks;
};

struct gm_rekey {
	struct gmr_group grp[GM_MAX_GROUPS];
	unsigned n;
	unsigned long unknown_kek;       /* PUSHes naming no member's KEK */
};

/* gm_rekey_mcast.c: joins or leaves the group's multicast rekey group to
 * follow its KEK's destination. */
void gm_rekey_mcast_follow(struct gdoi_service *s, struct gmr_group *e);
void gm_rekey_mcast_leave(struct gdoi_service *s, struct gmr_group *e);

#endif
