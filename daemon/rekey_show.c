/* Rekey show commands: `show crypto gdoi ks rekey [json]` and `show
 * crypto gdoi gm rekey [json]` (IOS has both; the counters are
 * getvpnd's). `crypto gdoi ks rekey [replace-now]` is in gdoi_show.c. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "daemon/rekey_service_int.h"
#include "gdoi/pull_show.h"
#include "gdoi/transport.h"
#include "gdoi/wire.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* --- show crypto gdoi ks rekey ------------------------------------------ */

static void ks_group_text(FILE *out, const struct ksr_group *e, uint64_t now)
{
	size_t pending = 0;

	if (e->round_active)
		rekey_round_pending(&e->round, &pending);
	fprintf(out, "Group %s\n", e->name);
	fprintf(out, "    Rekey transport          : %s\n",
		e->round.cfg.unicast || !e->rounds ? "Unicast" : "Multicast");
	fprintf(out, "    Current rekey seq num    : %u\n", e->g->policy.seq);
	fprintf(out, "    Rekeys sent              : %lu\n", e->rounds);
	if (e->rounds)
		fprintf(out, "    Last rekey               : %llu secs ago (%s)\n",
			(unsigned long long)(now - e->last_at), rekey_reason_name(e->last_reason));
	fprintf(out, "    Next rekey check in      : %llu secs\n",
		(unsigned long long)(e->next_check > now ? e->next_check - now : 0));
	fprintf(out, "    Rekey round              : %s, transmission %u of %u, %zu pending\n",
		e->round_active ? "active" : "idle", e->round.tx_done, e->round.tx_max, pending);
	fprintf(out, "    Datagrams sent           : %lu (%lu send errors)\n", e->datagrams,
		e->send_errors);
	fprintf(out, "    Acks received            : %lu (%lu duplicate/late/unknown)\n", e->acks,
		e->other_acks);
	fprintf(out, "    Members removed          : %lu\n\n", e->removed);
}

static void ks_group_json(FILE *out, const struct ksr_group *e, uint64_t now, bool first)
{
	size_t pending = 0;

	if (e->round_active)
		rekey_round_pending(&e->round, &pending);
	fprintf(out, "%s{\"name\":", first ? "" : ",");
	pull_json_string(out, e->name);
	fprintf(out, ",\"seq\":%u,\"rekeys_sent\":%lu,\"last_reason\":\"%s\","
		"\"last_rekey_ago\":%lld,\"next_check_in\":%llu,\"round_active\":%s,"
		"\"round_seq\":%u,\"transmissions\":%u,\"pending\":%zu,\"datagrams\":%lu,"
		"\"send_errors\":%lu,\"acks\":%lu,\"other_acks\":%lu,\"removed\":%lu}",
		e->g->policy.seq, e->rounds, e->rounds ? rekey_reason_name(e->last_reason) : "",
		e->rounds ? (long long)(now - e->last_at) : -1LL,
		(unsigned long long)(e->next_check > now ? e->next_check - now : 0),
		e->round_active ? "true" : "false", e->round.seq, e->round.tx_done, pending,
		e->datagrams, e->send_errors, e->acks, e->other_acks, e->removed);
}

static void show_ks(FILE *out, void *arg)
{
	const struct gdoi_show_req *req = arg;
	struct gdoi_service *s = req->s;
	bool json = req->json;
	struct ks_rekey *r = s->ksr;
	uint64_t now = pull_now();
	unsigned shown = 0;

	if (json)
		fprintf(out, "{\"bad_acks\":%lu,\"groups\":[", r ? r->bad_acks : 0UL);
	for (unsigned i = 0; r && i < r->n; i++) {
		const struct ksr_group *e = &r->grp[i];

		if (ks_group_by_name(s->ks, e->name) != e->g)
			continue;
		if (json)
			ks_group_json(out, e, now, shown == 0);
		else
			ks_group_text(out, e, now);
		shown++;
	}
	if (json)
		fputs("]}\n", out);
	else if (!shown)
		fputs("No key server group rekeys.\n", out);
}

/* --- show crypto gdoi gm rekey ------------------------------------------ */

static void gm_group_text(FILE *out, const struct gmr_group *e)
{
	char from[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &e->last_from, from, sizeof(from));
	fprintf(out, "Group %s (%s)\n", e->name, e->mcast.s_addr ? "Multicast" : "Unicast");
	fprintf(out, "    Number of Rekeys received (cumulative)       : %llu\n",
		(unsigned long long)e->pg.ctr.accepted);
	fprintf(out, "    Number of Rekeys received after registration : %lu\n",
		e->since_registration);
	fprintf(out, "    Number of Rekey Acks sent                    : %llu\n",
		(unsigned long long)e->pg.ctr.acks_sent);
	fprintf(out, "    Retransmitted rekeys acknowledged again      : %lu\n", e->reacks);
	fprintf(out, "    Last rekey seq num                           : %u\n", e->pg.last_seq);
	fprintf(out, "    Last rekey from                              : %s\n", from);
	fprintf(out, "    Rekeys rejected\n");
	for (unsigned k = PUSH_E_MALFORMED; k < PUSH_E__MAX; k++)
		fprintf(out, "      %-42s : %llu\n", push_reject_name(k),
			(unsigned long long)e->pg.ctr.rejected[k]);
	fprintf(out, "    TEKs expired                                 : %lu\n", e->expired_teks);
	fprintf(out, "    Re-registrations asked                       : %lu\n\n",
		e->reregistrations);
}

static void gm_group_json(FILE *out, const struct gmr_group *e, bool first)
{
	char from[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &e->last_from, from, sizeof(from));
	fprintf(out, "%s{\"name\":", first ? "" : ",");
	pull_json_string(out, e->name);
	fprintf(out, ",\"rekey_enabled\":%s,\"multicast\":\"%s\",\"received\":%llu,"
		"\"received_since_registration\":%lu,\"acks_sent\":%llu,\"reacks\":%lu,\"last_seq\":%u,"
		"\"last_from\":\"%s\",\"expired_teks\":%lu,\"reregistrations\":%lu,\"rejected\":{",
		e->started ? "true" : "false", e->mcast.s_addr ? inet_ntoa(e->mcast) : "",
		(unsigned long long)e->pg.ctr.accepted, e->since_registration,
		(unsigned long long)e->pg.ctr.acks_sent, e->reacks, e->pg.last_seq, from, e->expired_teks,
		e->reregistrations);
	for (unsigned k = PUSH_E_MALFORMED; k < PUSH_E__MAX; k++)
		fprintf(out, "%s\"%s\":%llu", k == PUSH_E_MALFORMED ? "" : ",", push_reject_name(k),
			(unsigned long long)e->pg.ctr.rejected[k]);
	fputs("}}", out);
}

static void show_gm(FILE *out, void *arg)
{
	const struct gdoi_show_req *req = arg;
	struct gdoi_service *s = req->s;
	bool json = req->json;
	struct gm_rekey *r = s->gmr;

	if (s->gm)
		gm_rekey_poll(s, pull_now());   /* follow registrations made since the tick */
	r = s->gmr;
	if (json)
		fprintf(out, "{\"unknown_kek\":%lu,\"groups\":[", r ? r->unknown_kek : 0UL);
	for (unsigned i = 0; r && i < r->n; i++) {
		if (json)
			gm_group_json(out, &r->grp[i], i == 0);
		else
			gm_group_text(out, &r->grp[i]);
	}
	if (json)
		fputs("]}\n", out);
	else if (!r || !r->n)
		fputs("No group member rekey state.\n", out);
}

/* --- commands ------------------------------------------------------------ */

static enum cli_result show_ks_rekey(struct cli_session *sess, const struct cli_args *a, void *ctx)
{
	return gdoi_service_show(sess, a, ctx, show_ks);
}

static enum cli_result show_gm_rekey(struct cli_session *sess, const struct cli_args *a, void *ctx)
{
	return gdoi_service_show(sess, a, ctx, show_gm);
}

static const char *const help_ks_rekey[] = { "Show running system information",
	"Encryption module", "Show GDOI information", "Key server information",
	"Rekey state and counters of the key server's groups", "Print the same facts as JSON",
	NULL };
static const char *const help_gm_rekey[] = { "Show running system information",
	"Encryption module", "Show GDOI information", "Group member information",
	"Rekeys received, acknowledged and rejected", "Print the same facts as JSON", NULL };
static const struct cli_command rekey_commands[] = {
	{ CLI_MODE_ANY_EXEC, "show crypto gdoi ks rekey [json$json]", help_ks_rekey,
	  show_ks_rekey, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto gdoi gm rekey [json$json]", help_gm_rekey,
	  show_gm_rekey, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

int rekey_service_register(struct cli_tree *tree, struct gdoi_service *s)
{
	return cli_tree_register(tree, rekey_commands, s);
}
