/* The GDOI service's state, shared by its parts: gdoi_service.c (life
 * cycle, transport, Main Mode callbacks), gdoi_bind.c (which addresses to
 * listen on), ike_config.c (ISAKMP policies and keys from the model),
 * ks_service.c (key server groups), gm_service.c (group member
 * instances), gm_dataplane_hook.c (the kernel dataplane) and
 * gdoi_show.c (commands). */
#ifndef GETVPND_DAEMON_GDOI_SERVICE_INT_H
#define GETVPND_DAEMON_GDOI_SERVICE_INT_H

#include "daemon/gdoi_service.h"
#include "gdoi/gm.h"
#include "gdoi/ike_mm.h"
#include "gdoi/ks.h"
#include "gdoi/pull_msg.h"
#include "gdoi/pull_show.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#define GDOI_MAX_BINDS 16

struct config;
struct event;
struct transport;

/* A key server group as last built from the configuration (to notice
 * edits: a changed group is restarted with fresh keys). */
struct ks_instance {
	char name[GP_NAME_LEN];
	struct ks_group_config *cfg;
};

/* A group member instance: one group set by a crypto map applied to an
 * interface. token identifies it in Main Mode callbacks, which may come
 * after the instance is gone. */
struct gm_instance {
	char name[GP_NAME_LEN];
	uint64_t token;
	struct gm_group_config cfg;
	struct sockaddr_in local;        /* source of the current attempt */
};

/* The addresses the UDP 848 sockets are bound to (INADDR_ANY alone, or
 * the specific addresses configured). */
struct bind_set {
	struct in_addr addr[GDOI_MAX_BINDS];
	unsigned n;
};

/* One refusal message per group, logged once until it changes. */
struct refusal {
	char name[GP_NAME_LEN];
	char why[160];
};
#define GDOI_MAX_REFUSALS 32

struct gm_dp_hook;
struct ks_rekey;
struct gm_rekey;

struct gdoi_service {
	struct config *config;
	struct event_base *base;
	struct transport *transport;
	struct ike_ctx *ike;
	struct ks *ks;
	struct gm *gm;
	struct event *tick, *reconcile;
	struct pull_show_ctx show;
	struct bind_set binds;
	struct ks_instance ks_inst[KS_MAX_GROUPS];
	unsigned n_ks;
	struct gm_instance gm_inst[GM_MAX_GROUPS];
	unsigned n_gm;
	uint64_t next_token;
	struct refusal refusals[GDOI_MAX_REFUSALS];
	unsigned n_refusals;
	struct gm_dp_hook *dp;
	struct ks_rekey *ksr;            /* daemon/ks_rekey.c */
	struct gm_rekey *gmr;            /* daemon/gm_rekey.c */
	struct pull_rx rx;               /* scratch for authenticated notifies */
	struct ks_pull_out out;          /* scratch for replies */
};

/* gdoi_service.c */
/* Logs why a group cannot run, once per distinct reason; why NULL: the
 * group runs again (the next refusal is logged anew). */
void gdoi_note_refusal(struct gdoi_service *s, const char *group, const char *why);
/* Sends buf from sa->local to sa->peer. */
void gdoi_send_on_sa(struct gdoi_service *s, const struct ike_sa *sa, const uint8_t *buf,
		     size_t len);

/* gdoi_bind.c: the addresses the configuration asks to listen on. */
void gdoi_bind_wanted(const struct gdoi_service *s, struct bind_set *out);
bool gdoi_bind_equal(const struct bind_set *a, const struct bind_set *b);
/* IPv4 address of a local interface; false if it has none. */
bool gdoi_interface_address(const char *ifname, struct in_addr *out);

/* ike_config.c */
int ike_config_policies(struct ike_ctx *ike, const struct config *config);
ssize_t ike_config_psk(const struct config *config, const struct in_addr *peer, uint8_t *key,
		       size_t max);

/* ks_service.c */
void ks_service_reconcile(struct gdoi_service *s, uint64_t now);
void ks_service_input(struct gdoi_service *s, const struct ike_sa *sa, const uint8_t *buf,
		      size_t len, uint64_t now);
/* Expiry of exchanges, rekey schedule and rounds; every second. */
void ks_service_tick(struct gdoi_service *s, uint64_t now);
void ks_service_free(struct gdoi_service *s);

/* ks_rekey.c, gm_rekey.c, rekey_show.c: daemon/rekey_service.h */

/* gm_service.c */
/* The interface whose crypto map sets the group; NULL when no applied map
 * does (the group is then not run). */
const char *gm_group_interface(const struct config *config, const char *group);
struct gm_instance *gm_service_instance(struct gdoi_service *s, const char *group);
void gm_service_reconcile(struct gdoi_service *s, uint64_t now);
void gm_service_poll(struct gdoi_service *s, uint64_t now);
/* Main Mode towards a group's key server finished or failed. */
void gm_service_phase1_up(struct gdoi_service *s, uint64_t token, const struct ike_sa *sa,
			  uint64_t now);
void gm_service_phase1_failed(struct gdoi_service *s, uint64_t token, const char *why,
			      uint64_t now);
void gm_service_input(struct gdoi_service *s, const struct ike_sa *sa, const uint8_t *buf,
		      size_t len, uint64_t now);
/* Every instance registers again from scratch (`clear crypto gdoi`). */
void gm_service_clear(struct gdoi_service *s, uint64_t now);
/* Phase-1 state is about to be thrown away (rebinding): restart attempts. */
void gm_service_abort_attempts(struct gdoi_service *s, uint64_t now);
void gm_service_free(struct gdoi_service *s);

/* gm_dataplane_hook.c: the kernel dataplane (xfrm/), behind gdoi/gm's
 * dataplane interface. */
struct gm_dp_hook *gm_dp_hook_new(struct gdoi_service *s);
/* Withdraws whatever is still installed. NULL ok. */
void gm_dp_hook_free(struct gm_dp_hook *h);
/* The first member instance exists: probe the kernel once; either hand
 * the dataplane to gdoi/gm or log why it cannot run and mark the groups
 * "dataplane unavailable" (the control plane runs on). */
void gm_dp_hook_activate(struct gm_dp_hook *h);
/* The GDOI sockets were (re)opened: exempt them from IPsec policies. */
void gm_dp_hook_sockets(struct gm_dp_hook *h);
/* Its install retries and XFRM event overruns (NULL/0 before activation),
 * for `show crypto gdoi gm dataplane faults` (gm_dataplane_faults.c). */
struct gm_dp_retry *gm_dp_hook_retry(const struct gm_dp_hook *h);
unsigned long gm_dp_hook_overruns(const struct gm_dp_hook *h);

/* gdoi_show.c */
void gdoi_show_isakmp_sa(FILE *out, const struct ike_ctx *ike, bool json);
/* What a `show ... [json]` command of the service prints from. */
struct gdoi_show_req {
	struct gdoi_service *s;
	bool json;
};
/* Runs print(out, struct gdoi_show_req *) through cli_out_printed. */
enum cli_result gdoi_service_show(struct cli_session *sess, const struct cli_args *a,
				  struct gdoi_service *s, cli_print_fn print);

#endif
