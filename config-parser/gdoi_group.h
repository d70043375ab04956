/* GDOI groups: the key-server side (`server local`) and the group-member
 * side (`server address ipv4`, `client registration interface`). Names of
 * profiles, ACLs and RSA keys are kept as typed and resolved when used, as
 * IOS does (a group may name an ACL that is defined later). */
#ifndef GETVPND_CONFIG_GDOI_GROUP_H
#define GETVPND_CONFIG_GDOI_GROUP_H

#include "config-parser/parse_util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

#define GDOI_MAX_KS_ADDRESSES 8
#define GDOI_DEFAULT_REKEY_LIFETIME 86400
#define GDOI_REKEY_LIFETIME_MIN 300
#define GDOI_REKEY_LIFETIME_MAX 86400
#define GDOI_DEFAULT_RETRANSMIT_SECS 10
#define GDOI_DEFAULT_RETRANSMIT_NUMBER 2
#define GDOI_DEFAULT_REPLAY_WINDOW 64
#define GDOI_SA_IPSEC_MAX 65535

enum gdoi_rekey_transport { GDOI_REKEY_MULTICAST, GDOI_REKEY_UNICAST };
/* KEK cipher; 3DES is kept for IOS compatibility. */
enum gdoi_rekey_algorithm { GDOI_REKEY_AES128, GDOI_REKEY_AES192, GDOI_REKEY_AES256,
			    GDOI_REKEY_3DES };
enum gdoi_sig_hash { GDOI_SIG_SHA1, GDOI_SIG_SHA256, GDOI_SIG_SHA384, GDOI_SIG_SHA512 };
enum gdoi_replay { GDOI_REPLAY_COUNTER, GDOI_REPLAY_TIME, GDOI_REPLAY_NONE };

/* sa ipsec N: one TEK policy. */
struct gdoi_sa_ipsec {
	TAILQ_ENTRY(gdoi_sa_ipsec) link;
	unsigned number;
	char profile[CONFIG_NAME_MAX + 1];     /* "" = not set */
	char match_acl[CONFIG_NAME_MAX + 1];   /* "" = not set */
	enum gdoi_replay replay;
	unsigned replay_window;                /* packets (counter) or seconds (time) */
};
TAILQ_HEAD(gdoi_sa_ipsec_list, gdoi_sa_ipsec);

struct gdoi_server_local {
	char rekey_rsa_label[CONFIG_NAME_MAX + 1];   /* "" = no rekey authentication */
	enum gdoi_rekey_transport rekey_transport;
	char rekey_address_acl[CONFIG_NAME_MAX + 1]; /* multicast rekey destination */
	unsigned rekey_lifetime;                      /* KEK lifetime, seconds */
	unsigned retransmit_secs, retransmit_number;
	enum gdoi_rekey_algorithm rekey_algorithm;
	enum gdoi_sig_hash sig_hash;
	bool rekey_ack;
	bool has_address;
	uint32_t address;                             /* KS address, host order */
	bool receive_only;                            /* sa receive-only */
	struct gdoi_sa_ipsec_list sas;                /* sorted by number */
};

struct gdoi_group {
	TAILQ_ENTRY(gdoi_group) link;
	char name[CONFIG_NAME_MAX + 1];
	bool has_identity;
	uint32_t identity;
	bool server_local;                  /* key server for this group */
	struct gdoi_server_local ks;
	uint32_t ks_addresses[GDOI_MAX_KS_ADDRESSES]; /* member side, ordered */
	unsigned ks_address_count;
	char registration_if[CONFIG_NAME_MAX + 1];    /* "" = route lookup */
};
TAILQ_HEAD(gdoi_group_list, gdoi_group);

const char *gdoi_rekey_algorithm_text(enum gdoi_rekey_algorithm alg); /* "aes 128" */
const char *gdoi_sig_hash_keyword(enum gdoi_sig_hash hash);            /* "sha256" */

void gdoi_group_list_clear(struct gdoi_group_list *groups);
struct gdoi_group *gdoi_group_find(const struct gdoi_group_list *groups, const char *name);
struct gdoi_group *gdoi_group_get(struct gdoi_group_list *groups, const char *name);
bool gdoi_group_delete(struct gdoi_group_list *groups, const char *name);
/* The group with that identity number, if any (for registration lookups). */
struct gdoi_group *gdoi_group_by_identity(const struct gdoi_group_list *groups, uint32_t id);

/* Turns the group into a key server (IOS defaults) / back to nothing. */
void gdoi_server_local_enable(struct gdoi_group *group);
void gdoi_server_local_disable(struct gdoi_group *group);

struct gdoi_sa_ipsec *gdoi_sa_ipsec_find(const struct gdoi_server_local *ks, unsigned number);
struct gdoi_sa_ipsec *gdoi_sa_ipsec_get(struct gdoi_server_local *ks, unsigned number);
bool gdoi_sa_ipsec_delete(struct gdoi_server_local *ks, unsigned number);

/* Member side: appends a KS address (no duplicates, at most 8). */
bool gdoi_group_add_ks_address(struct gdoi_group *group, uint32_t addr, char *err, size_t errlen);
bool gdoi_group_delete_ks_address(struct gdoi_group *group, uint32_t addr);

void gdoi_write_config(FILE *out, const struct gdoi_group_list *groups);

/* What the replay setting of an SA policy means on Linux, for show output:
 * the configured value and the fact that the dataplane enforces none (the
 * group SA is shared by many senders, so XFRM runs with replay-window 0;
 * time-based replay needs Cisco metadata the kernel cannot produce). */
const char *gdoi_replay_describe(const struct gdoi_sa_ipsec *sa, char *buf, size_t len);

#endif
