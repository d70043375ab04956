/* GDOI groups: model and running-config. */
#include "config-parser/gdoi_group.h"

#include <stdlib.h>
#include <string.h>

const char *gdoi_rekey_algorithm_text(enum gdoi_rekey_algorithm alg)
{
	static const char *const texts[] = { "aes 128", "aes 192", "aes 256", "3des" };
	return texts[alg];
}

const char *gdoi_sig_hash_keyword(enum gdoi_sig_hash hash)
{
	static const char *const names[] = { "sha", "sha256", "sha384", "sha512" };
	return names[hash];
}

static void sas_clear(struct gdoi_server_local *ks)
{
	struct gdoi_sa_ipsec *sa;

	while ((sa = TAILQ_FIRST(&ks->sas))) {
		TAILQ_REMOVE(&ks->sas, sa, link);
		free(sa);
	}
}

static void group_free(struct gdoi_group *group)
{
	sas_clear(&group->ks);
	free(group);
}

void gdoi_group_list_clear(struct gdoi_group_list *groups)
{
	struct gdoi_group *group;

	while ((group = TAILQ_FIRST(groups))) {
		TAILQ_REMOVE(groups, group, link);
		group_free(group);
	}
}

struct gdoi_group *gdoi_group_find(const struct gdoi_group_list *groups, const char *name)
{
	struct gdoi_group *group;

	TAILQ_FOREACH(group, groups, link)
		if (strcmp(group->name, name) == 0)
			return group;
	return NULL;
}

static void ks_defaults(struct gdoi_server_local *ks)
{
	memset(ks, 0, sizeof(*ks));
	TAILQ_INIT(&ks->sas);
	ks->rekey_transport = GDOI_REKEY_MULTICAST;
	ks->rekey_lifetime = GDOI_DEFAULT_REKEY_LIFETIME;
	ks->retransmit_secs = GDOI_DEFAULT_RETRANSMIT_SECS;
	ks->retransmit_number = GDOI_DEFAULT_RETRANSMIT_NUMBER;
	ks->rekey_algorithm = GDOI_REKEY_AES128;
	ks->sig_hash = GDOI_SIG_SHA1;
}

struct gdoi_group *gdoi_group_get(struct gdoi_group_list *groups, const char *name)
{
	struct gdoi_group *group = gdoi_group_find(groups, name);

	if (group || !valid_object_name(name))
		return group;
	group = calloc(1, sizeof(*group));
	if (!group)
		return NULL;
	snprintf(group->name, sizeof(group->name), "%s", name);
	ks_defaults(&group->ks);
	TAILQ_INSERT_TAIL(groups, group, link);
	return group;
}

bool gdoi_group_delete(struct gdoi_group_list *groups, const char *name)
{
	struct gdoi_group *group = gdoi_group_find(groups, name);

	if (!group)
		return false;
	TAILQ_REMOVE(groups, group, link);
	group_free(group);
	return true;
}

struct gdoi_group *gdoi_group_by_identity(const struct gdoi_group_list *groups, uint32_t id)
{
	struct gdoi_group *group;

	TAILQ_FOREACH(group, groups, link)
		if (group->has_identity && group->identity == id)
			return group;
	return NULL;
}

void gdoi_server_local_enable(struct gdoi_group *group)
{
	group->server_local = true;
}

void gdoi_server_local_disable(struct gdoi_group *group)
{
	sas_clear(&group->ks);
	ks_defaults(&group->ks);
	group->server_local = false;
}

struct gdoi_sa_ipsec *gdoi_sa_ipsec_find(const struct gdoi_server_local *ks, unsigned number)
{
	struct gdoi_sa_ipsec *sa;

	TAILQ_FOREACH(sa, &ks->sas, link)
		if (sa->number == number)
			return sa;
	return NULL;
}

struct gdoi_sa_ipsec *gdoi_sa_ipsec_get(struct gdoi_server_local *ks, unsigned number)
{
	struct gdoi_sa_ipsec *sa = gdoi_sa_ipsec_find(ks, number), *at;

	if (sa)
		return sa;
	sa = calloc(1, sizeof(*sa));
	if (!sa)
		return NULL;
	sa->number = number;
	sa->replay = GDOI_REPLAY_COUNTER;
	sa->replay_window = GDOI_DEFAULT_REPLAY_WINDOW;
	TAILQ_FOREACH(at, &ks->sas, link) {
		if (at->number > number) {
			TAILQ_INSERT_BEFORE(at, sa, link);
			return sa;
		}
	}
	TAILQ_INSERT_TAIL(&ks->sas, sa, link);
	return sa;
}

bool gdoi_sa_ipsec_delete(struct gdoi_server_local *ks, unsigned number)
{
	struct gdoi_sa_ipsec *sa = gdoi_sa_ipsec_find(ks, number);

	if (!sa)
		return false;
	TAILQ_REMOVE(&ks->sas, sa, link);
	free(sa);
	return true;
}

bool gdoi_group_add_ks_address(struct gdoi_group *group, uint32_t addr, char *err, size_t errlen)
{
	for (unsigned i = 0; i < group->ks_address_count; i++)
		if (group->ks_addresses[i] == addr)
			return true;
	if (group->ks_address_count == GDOI_MAX_KS_ADDRESSES) {
		snprintf(err, errlen, "%% At most %d key server addresses per group",
			 GDOI_MAX_KS_ADDRESSES);
		return false;
	}
	group->ks_addresses[group->ks_address_count++] = addr;
	return true;
}

bool gdoi_group_delete_ks_address(struct gdoi_group *group, uint32_t addr)
{
	for (unsigned i = 0; i < group->ks_address_count; i++) {
		if (group->ks_addresses[i] != addr)
			continue;
		memmove(&group->ks_addresses[i], &group->ks_addresses[i + 1],
			(group->ks_address_count - i - 1) * sizeof(group->ks_addresses[0]));
		group->ks_address_count--;
		return true;
	}
	return false;
}

const char *gdoi_replay_describe(const struct gdoi_sa_ipsec *sa, char *buf, size_t len)
{
	switch (sa->replay) {
	case GDOI_REPLAY_NONE:
		snprintf(buf, len, "Replay protection : disabled");
		break;
	case GDOI_REPLAY_COUNTER:
		snprintf(buf, len, "Replay protection : counter-based, window %u packets configured; "
			 "NOT enforced by the Linux dataplane (shared group SA, XFRM replay-window 0)",
			 sa->replay_window);
		break;
	case GDOI_REPLAY_TIME:
		snprintf(buf, len, "Replay protection : time-based, window %u seconds configured; "
			 "NOT enforced by the Linux dataplane (no Cisco metadata header support)",
			 sa->replay_window);
		break;
	}
	return buf;
}

static void write_sa_ipsec(FILE *out, const struct gdoi_sa_ipsec *sa)
{
	fprintf(out, "  sa ipsec %u\n", sa->number);
	if (sa->profile[0])
		fprintf(out, "   profile %s\n", sa->profile);
	if (sa->match_acl[0])
		fprintf(out, "   match address ipv4 %s\n", sa->match_acl);
	if (sa->replay == GDOI_REPLAY_NONE)
		fprintf(out, "   no replay\n");
	else if (sa->replay == GDOI_REPLAY_TIME)
		fprintf(out, "   replay time window-size %u\n", sa->replay_window);
	else if (sa->replay_window != GDOI_DEFAULT_REPLAY_WINDOW)
		fprintf(out, "   replay counter window-size %u\n", sa->replay_window);
}

static void write_server_local(FILE *out, const struct gdoi_server_local *ks)
{
	const struct gdoi_sa_ipsec *sa;
	char a[16];

	fprintf(out, " server local\n");
	if (ks->rekey_algorithm != GDOI_REKEY_AES128)
		fprintf(out, "  rekey algorithm %s\n", gdoi_rekey_algorithm_text(ks->rekey_algorithm));
	if (ks->sig_hash != GDOI_SIG_SHA1)
		fprintf(out, "  rekey sig-hash algorithm %s\n", gdoi_sig_hash_keyword(ks->sig_hash));
	if (ks->rekey_address_acl[0])
		fprintf(out, "  rekey address ipv4 %s\n", ks->rekey_address_acl);
	if (ks->rekey_lifetime != GDOI_DEFAULT_REKEY_LIFETIME)
		fprintf(out, "  rekey lifetime seconds %u\n", ks->rekey_lifetime);
	if (ks->retransmit_secs != GDOI_DEFAULT_RETRANSMIT_SECS ||
	    ks->retransmit_number != GDOI_DEFAULT_RETRANSMIT_NUMBER)
		fprintf(out, "  rekey retransmit %u number %u\n", ks->retransmit_secs,
			ks->retransmit_number);
	if (ks->rekey_rsa_label[0])
		fprintf(out, "  rekey authentication mypubkey rsa %s\n", ks->rekey_rsa_label);
	if (ks->rekey_transport == GDOI_REKEY_UNICAST)
		fprintf(out, "  rekey transport unicast\n");
	if (ks->rekey_ack)
		fprintf(out, "  rekey acknowledgement\n");
	TAILQ_FOREACH(sa, &ks->sas, link)
		write_sa_ipsec(out, sa);
	if (ks->receive_only)
		fprintf(out, "  sa receive-only\n");
	if (ks->has_address)
		fprintf(out, "  address ipv4 %s\n", format_ipv4(ks->address, a, sizeof(a)));
}

void gdoi_write_config(FILE *out, const struct gdoi_group_list *groups)
{
	const struct gdoi_group *group;
	char a[16];
	bool first = true;

	TAILQ_FOREACH(group, groups, link) {
		write_block_separator(out, &first);
		fprintf(out, "crypto gdoi group %s\n", group->name);
		if (group->has_identity)
			fprintf(out, " identity number %u\n", group->identity);
		for (unsigned i = 0; i < group->ks_address_count; i++)
			fprintf(out, " server address ipv4 %s\n",
				format_ipv4(group->ks_addresses[i], a, sizeof(a)));
		if (group->registration_if[0])
			fprintf(out, " client registration interface %s\n", group->registration_if);
		if (group->server_local)
			write_server_local(out, &group->ks);
	}
}
