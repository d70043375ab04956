/* The key server's private state, shared by ks.c and ks_pull.c. */
#ifndef GETVPND_GDOI_KS_INTERNAL_H
#define GETVPND_GDOI_KS_INTERNAL_H

#include <openssl/crypto.h>

#include "gdoi/ks.h"
#include "gdoi/ks_exchange.h"
#include "gdoi/pull_msg.h"

struct ks {
	struct ks_group *groups[KS_MAX_GROUPS];
	size_t n_groups;
	struct ksx_table exchanges;
	ks_authorize_fn authorize;
	void *authorize_arg;
	struct ks_stats stats;
	struct pull_rx *rx;        /* scratch for the message being processed */
	struct group_policy *policy; /* scratch: the policy being sent (wiped after use) */
};

#endif
