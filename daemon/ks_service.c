/* Key server groups from the configuration: each `crypto gdoi group` with
 * `server local` that is complete becomes a group of the key server
 * (keys generated at once) answering GROUPKEY-PULL. A group whose
 * configuration changes is restarted with fresh keys; a group removed
 * from the configuration (or left incomplete) stops. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "config-parser/config.h"
#include "gdoi/ks_config.h"
#include "log/log.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

static struct ks_instance *find_instance(struct gdoi_service *s, const char *name)
{
	for (unsigned i = 0; i < s->n_ks; i++)
		if (strcmp(s->ks_inst[i].name, name) == 0)
			return &s->ks_inst[i];
	return NULL;
}

static void stop_instance(struct gdoi_service *s, unsigned i, const char *why)
{
	struct ks_instance *k = &s->ks_inst[i];

	ks_remove_group(s->ks, k->name);
	ks_rekey_free(k->rekey);
	log_event("GDOI", LOG_SEV_NOTICE, "KS_GROUP_STOPPED", "Key server group %s stopped (%s)",
		  k->name, why);
	OPENSSL_clear_free(k->cfg, sizeof(*k->cfg));
	memmove(k, k + 1, (s->n_ks - i - 1) * sizeof(*k));
	s->n_ks--;
}

static void start_instance(struct gdoi_service *s, struct ks_group_config *cfg, uint64_t now)
{
	const char *why = NULL;
	struct ks_instance *k;

	if (s->n_ks == KS_MAX_GROUPS) {
		gdoi_note_refusal(s, cfg->name, "too many key server groups");
		OPENSSL_clear_free(cfg, sizeof(*cfg));
		return;
	}
	if (!ks_add_group(s->ks, cfg, now, &why)) {
		gdoi_note_refusal(s, cfg->name, why ? why : "cannot create the group");
		OPENSSL_clear_free(cfg, sizeof(*cfg));
		return;
	}
	gdoi_note_refusal(s, cfg->name, NULL);
	k = &s->ks_inst[s->n_ks++];
	snprintf(k->name, sizeof(k->name), "%s", cfg->name);
	k->cfg = cfg;
	k->rekey = cfg->rekey ? ks_rekey_new() : NULL;
	log_event("GDOI", LOG_SEV_NOTICE, "KS_GROUP_STARTED",
		  "Key server group %s (identity %u) started with %u TEK polic%s%s", cfg->name,
		  cfg->group_id, cfg->n_sa, cfg->n_sa == 1 ? "y" : "ies",
		  cfg->rekey ? " and a KEK" : "");
}

/* The configuration of one model group, or NULL (refusal noted). */
static struct ks_group_config *build(struct gdoi_service *s, const struct gdoi_group *grp)
{
	struct ks_group_config *cfg = calloc(1, sizeof(*cfg));
	char err[160];

	if (!cfg) {
		gdoi_note_refusal(s, grp->name, "out of memory");
		return NULL;
	}
	if (!ks_config_from_model(s->config, grp, cfg, err, sizeof(err))) {
		gdoi_note_refusal(s, grp->name, err);
		OPENSSL_clear_free(cfg, sizeof(*cfg));
		return NULL;
	}
	return cfg;
}

static bool still_wanted(struct gdoi_service *s, const struct ks_instance *k)
{
	const struct gdoi_group *grp = gdoi_group_find(&s->config->groups, k->name);

	return grp && grp->server_local;
}

void ks_service_reconcile(struct gdoi_service *s, uint64_t now)
{
	const struct gdoi_group *grp;

	for (unsigned i = 0; i < s->n_ks;)
		if (!still_wanted(s, &s->ks_inst[i]))
			stop_instance(s, i, "removed from the configuration");
		else
			i++;
	TAILQ_FOREACH(grp, &s->config->groups, link) {
		struct ks_group_config *cfg;
		struct ks_instance *k;

		if (!grp->server_local)
			continue;
		cfg = build(s, grp);
		k = find_instance(s, grp->name);
		if (k && cfg && memcmp(k->cfg, cfg, sizeof(*cfg)) == 0) {
			OPENSSL_clear_free(cfg, sizeof(*cfg));
			continue;
		}
		if (k)
			stop_instance(s, (unsigned)(k - s->ks_inst),
				      cfg ? "configuration changed" : "configuration incomplete");
		if (cfg)
			start_instance(s, cfg, now);
	}
}

void ks_service_input(struct gdoi_service *s, const struct ike_sa *sa, const uint8_t *buf,
		      size_t len, uint64_t now)
{
	unsigned long completed = ks_stats(s->ks)->pulls_completed;

	if (ks_pull_input(s->ks, sa, buf, len, now, &s->out) != KS_PULL_DROP)
		gdoi_send_on_sa(s, sa, s->out.buf, s->out.len);
	if (ks_stats(s->ks)->pulls_completed != completed)
		for (unsigned i = 0; i < s->n_ks; i++)
			ks_rekey_member_registered(&s->ks_inst[i], sa->peer.sin_addr);
}

void ks_service_tick(struct gdoi_service *s, uint64_t now)
{
	ks_expire(s->ks, now);
	for (unsigned i = 0; i < s->n_ks; i++)
		ks_rekey_tick(s, &s->ks_inst[i], now);
}

void ks_service_free(struct gdoi_service *s)
{
	for (unsigned i = 0; i < s->n_ks; i++) {
		ks_rekey_free(s->ks_inst[i].rekey);
		OPENSSL_clear_free(s->ks_inst[i].cfg, sizeof(*s->ks_inst[i].cfg));
	}
	s->n_ks = 0;
	ks_free(s->ks);
	s->ks = NULL;
}
