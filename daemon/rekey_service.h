/* Rekeying in the daemon (gdoi/rekey.h describes the pieces): the key
 * server's rekey timer, rounds, sends and acknowledgements
 * (daemon/ks_rekey.c) and the group member's GROUPKEY-PUSH reception,
 * key timers and multicast membership (daemon/gm_rekey.c). Both keep
 * their state beside the GDOI service's and follow its groups by name. */
#ifndef GETVPND_DAEMON_REKEY_SERVICE_H
#define GETVPND_DAEMON_REKEY_SERVICE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli/command.h"

struct gdoi_service;
struct sockaddr_in;

/* ks_rekey.c */
/* The key server groups may have changed: follow them, rekey what is due,
 * rearm the timer. */
void ks_rekey_sync(struct gdoi_service *s, uint64_t now);
/* The group's `sa ipsec` policy (ACL, profile) was edited in place
 * (ks_service.c): its members get the new policy in a rekey. */
void ks_rekey_policy_changed(struct gdoi_service *s, const char *name);
/* A GROUPKEY-PULL from peer was answered: if it completed a registration
 * during a rekey round, the member already has the new keys. */
void ks_rekey_after_pull(struct gdoi_service *s, struct in_addr peer);
void ks_rekey_free(struct gdoi_service *s);
/* The key server group is about to stop (removed or restarted): its
 * round, if any, ends unfinished. */
void ks_rekey_group_stopped(struct gdoi_service *s, const char *name);
/* A GROUPKEY-PUSH acknowledgement (exchange 35) from peer. */
void ks_rekey_ack_input(struct gdoi_service *s, const struct sockaddr_in *peer,
			const uint8_t *buf, size_t len);
/* `crypto gdoi ks rekey [replace-now]`: every rekeying group. */
void ks_rekey_request(struct gdoi_service *s, bool replace_now);

/* gm_rekey.c */
/* Every second: key timers, new registrations, multicast membership. */
void gm_rekey_poll(struct gdoi_service *s, uint64_t now);
void gm_rekey_free(struct gdoi_service *s);
/* A GROUPKEY-PUSH datagram (exchange 33) from peer (local: NULL when it
 * came to the multicast rekey socket). */
void gm_rekey_push_input(struct gdoi_service *s, const struct sockaddr_in *local,
			 const struct sockaddr_in *peer, const uint8_t *buf, size_t len);

/* rekey_show.c: `show crypto gdoi ks rekey`, `show crypto gdoi gm rekey`. */
int rekey_service_register(struct cli_tree *tree, struct gdoi_service *s);

#endif
