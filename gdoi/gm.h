/* The group member: per group, the key server list, the registration
 * state machine, the policy and keys received, and the hand-over to the
 * dataplane. Sans-IO; times are monotonic seconds given by the caller.
 *
 * How the daemon drives a group:
 *   gm_poll(gm, g, now, ...) regularly (about once a second):
 *     GM_ACT_NEED_PHASE1: get (or reuse) a phase-1 SA with
 *       gm_group_server(g); when up call gm_phase1_up() and send its
 *       message 1; on failure call gm_registration_failed();
 *     GM_ACT_SEND: retransmit out to the server (same SA);
 *   a GROUPKEY-PULL datagram from a key server: gm_input();
 *   an authenticated Notify from it (pull_parse_notify): gm_notify().
 * Failures move through the `server address` list: GM_TRIES_PER_SERVER
 * attempts per server, then the next one, with exponential backoff. */
#ifndef GETVPND_GDOI_GM_H
#define GETVPND_GDOI_GM_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gdoi/gm_dataplane.h"
#include "gdoi/gm_pull.h"
#include "gdoi/group_policy.h"
#include "gdoi/ike_sa.h"

#define GM_MAX_GROUPS 16
#define GM_MAX_SERVERS 8
#define GM_TRIES_PER_SERVER 3
#define GM_RETRANSMIT_S 5       /* message 1/3 retransmitted after this */
#define GM_MAX_RETRANSMITS 3    /* then the attempt has failed */
#define GM_PHASE1_TIMEOUT_S 90  /* no word from phase 1: the attempt failed */
#define GM_BACKOFF_MIN_S 2
#define GM_BACKOFF_MAX_S 60

struct gm_group_config {
	char name[GP_NAME_LEN];
	uint32_t group_id;
	struct in_addr servers[GM_MAX_SERVERS];  /* in configuration order */
	unsigned n_servers;
	char interface[GP_NAME_LEN];             /* registration interface, "" = routed */
	unsigned wire_flags;                     /* WIRE_DEC_TEK_ID_LEN8 for RFC 3547 peers */
};

enum gm_state {
	GM_STATE_IDLE,           /* waiting for the next attempt */
	GM_STATE_PHASE1,         /* asked the daemon for a phase-1 SA */
	GM_STATE_REGISTERING,    /* GROUPKEY-PULL in progress */
	GM_STATE_REGISTERED,
};

enum gm_dp_status {
	GM_DP_NOT_INSTALLED,     /* no dataplane set */
	GM_DP_INSTALLED,
	GM_DP_ERROR,
	GM_DP_UNAVAILABLE,       /* the kernel cannot run it (probe failed at start) */
};

struct gm_group {
	struct gm_group_config cfg;
	enum gm_state state;
	unsigned server_idx, tries;              /* current server, failed attempts on it */
	unsigned consecutive_failures;
	uint64_t next_attempt;                   /* IDLE: when to try again */
	struct gm_pull *pull;
	uint64_t last_sent, phase1_started;
	unsigned retransmits;
	bool registered_once;
	struct group_policy policy;              /* valid when registered_once */
	struct in_addr registered_with, local_addr;
	uint64_t registered_at, reregister_at, expires_at;
	time_t registered_wall;
	unsigned long attempts, successes, failures, refusals;
	/* the previous policy's SPIs, kept installed until their lifetime
	 * ends (other members may still send with them); keys wiped */
	bool has_retired;
	struct group_policy retired;
	uint64_t retired_until;
	enum gm_dp_status dp_status;
	int dp_error;                            /* negative errno of the last failure */
	char last_error[96];
};

struct gm;

struct gm *gm_new(void);
void gm_free(struct gm *gm);   /* removes installed SAs through the dataplane; wipes keys */

/* NULL with *why on a bad configuration (no identity, no server) or a duplicate. */
struct gm_group *gm_add_group(struct gm *gm, const struct gm_group_config *cfg, uint64_t now,
			      const char **why);
bool gm_remove_group(struct gm *gm, const char *name);
struct gm_group *gm_group_by_name(const struct gm *gm, const char *name);
size_t gm_group_count(const struct gm *gm);
struct gm_group *gm_group_at(const struct gm *gm, size_t i);

/* The dataplane (NULL: none). Already registered groups are installed at once. */
void gm_set_dataplane(struct gm *gm, const struct gm_dataplane_ops *ops);
bool gm_has_dataplane(const struct gm *gm);
/* No dataplane because the kernel lacks a feature: groups show
 * "dataplane unavailable" instead of "dataplane not installed". */
void gm_set_dataplane_unavailable(struct gm *gm, bool unavailable);

enum gm_action { GM_ACT_NONE, GM_ACT_NEED_PHASE1, GM_ACT_SEND };
enum gm_action gm_poll(struct gm *gm, struct gm_group *g, uint64_t now,
		       uint8_t *out, size_t cap, size_t *out_len);
struct in_addr gm_group_server(const struct gm_group *g);

/* A phase-1 SA to gm_group_server(g) is up: out receives message 1. -1 on error. */
int gm_phase1_up(struct gm *gm, struct gm_group *g, const struct ike_sa *sa, uint64_t now,
		 uint8_t *out, size_t cap, size_t *out_len);
/* Register again now (`clear crypto gdoi`, a rekey announcing deletion,
 * the key server saying we were removed): the current keys stay installed
 * until the new registration replaces them or they expire. */
void gm_reregister(struct gm *gm, struct gm_group *g, uint64_t now);
/* Phase 1 failed, the exchange timed out, or the key server refused. */
void gm_registration_failed(struct gm *gm, struct gm_group *g, uint64_t now, const char *why);

enum gm_input_result {
	GM_IN_SEND,          /* out: message 3 */
	GM_IN_REGISTERED,    /* policy received and handed to the dataplane */
	GM_IN_DROP,          /* not ours, not authentic, or malformed */
};
/* A GROUPKEY-PULL datagram (already matched to its phase-1 SA by cookies):
 * routed to the group whose exchange has that message ID. */
enum gm_input_result gm_input(struct gm *gm, const struct ike_sa *sa, const uint8_t *msg,
			      size_t len, uint64_t now, uint8_t *out, size_t cap, size_t *out_len,
			      struct gm_group **group);
/* A GROUPKEY-PUSH accepted for a registered group (verified and applied
 * to a copy of g->policy by the caller, gdoi/push_gm.h): gp becomes the
 * member's policy, its new SPIs go to the dataplane, SPIs it dropped stay
 * until their lifetime ends, timers restart from now. Logged. */
void gm_rekeyed(struct gm *gm, struct gm_group *g, const struct group_policy *gp, uint64_t now);

/* An authenticated Notify on the SA of a registration in progress. */
void gm_notify(struct gm *gm, const struct ike_sa *sa, uint16_t type, uint64_t now);

const char *gm_state_name(enum gm_state s);          /* "Registered"... */
const char *gm_dp_status_name(enum gm_dp_status s);  /* "dataplane not installed"... */

#endif
