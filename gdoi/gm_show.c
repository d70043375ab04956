/* Group member show commands (IOS layout and JSON). */
#include "gdoi/gm_show.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* The policy as shown: lifetimes counted down since registration. */
static void policy_now(const struct gm_group *g, uint64_t now, struct group_policy *gp)
{
	uint64_t age = now > g->registered_at ? now - g->registered_at : 0;

	*gp = g->policy;
	gp_wipe_keys(gp);
	for (unsigned i = 0; i < gp->n_teks; i++)
		gp->teks[i].lifetime_s = age >= gp->teks[i].lifetime_s ? 0 :
					 gp->teks[i].lifetime_s - (uint32_t)age;
	if (gp->kek.present)
		gp->kek.lifetime_s = age >= gp->kek.lifetime_s ? 0 :
				     gp->kek.lifetime_s - (uint32_t)age;
}

static const char *ip_str(struct in_addr a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN) ? buf : "?";
}

static void server_list(FILE *out, const struct gm_group *g)
{
	char ip[INET_ADDRSTRLEN];

	for (unsigned i = 0; i < g->cfg.n_servers; i++)
		fprintf(out, "%s%s", i ? ", " : "", ip_str(g->cfg.servers[i], ip));
}

static const char *direction(const struct gm_group *g)
{
	return g->registered_once && g->policy.n_teks ?
	       gp_direction_name(g->policy.teks[0].direction) : "Both";
}

static void member_info(FILE *out, const struct gm_group *g, uint64_t now)
{
	char ip[INET_ADDRSTRLEN], ks[INET_ADDRSTRLEN];
	bool reg = g->state == GM_STATE_REGISTERED;

	fprintf(out, "    Group Member Information For Group %s:\n", g->cfg.name);
	fprintf(out, "    IPSec SA Direction       : %s\n", direction(g));
	fprintf(out, "    ACL Received From KS     : gdoi_group_%s_temp_acl\n\n", g->cfg.name);
	fprintf(out, "    Group member             : %-15s vrf: None\n", ip_str(g->local_addr, ip));
	fprintf(out, "       Local addr/port       : %s/848\n", ip);
	fprintf(out, "       Remote addr/port      : %s/848\n", ip_str(gm_group_server(g), ks));
	fprintf(out, "       fvrf/ivrf             : None/None\n");
	fprintf(out, "       Registration status   : %s\n", gm_state_name(g->state));
	fprintf(out, "       Registered with       : %s\n",
		reg ? ip_str(g->registered_with, ks) : "none");
	if (reg)
		fprintf(out, "       Re-registers in       : %lu sec\n",
			(unsigned long)(g->reregister_at > now ? g->reregister_at - now : 0));
	fprintf(out, "       Succeeded registration: %lu\n", g->successes);
	fprintf(out, "       Attempted registration: %lu\n", g->attempts);
	fprintf(out, "       Failed registration   : %lu\n", g->failures);
	fprintf(out, "       Last rekey from       : 0.0.0.0\n");
	fprintf(out, "       Last rekey seq num    : %u\n", g->registered_once ? g->policy.seq : 0);
	fprintf(out, "       Unicast rekey received: 0\n");
	fprintf(out, "       Rekey ACKs sent       : 0\n");
	fprintf(out, "       Rekey Received        : never\n");
	fprintf(out, "       Dataplane             : %s\n", gm_dp_status_name(g->dp_status));
	fprintf(out, "       Active TEK Number     : %u\n", reg ? g->policy.n_teks : 0);
	if (g->last_error[0])
		fprintf(out, "       Last error            : %s\n", g->last_error);
	fprintf(out, "\n");
}

static void downloaded(FILE *out, const struct gm_group *g, const struct group_policy *gp)
{
	char ks[INET_ADDRSTRLEN], acl[160];

	fprintf(out, " ACL Downloaded From KS %s:\n", ip_str(g->registered_with, ks));
	for (unsigned i = 0; i < gp->n_teks; i++) {
		pull_format_selector(&gp->teks[i].selector, acl, sizeof(acl));
		fprintf(out, "   access-list   %s\n", acl);
	}
	fprintf(out, "\n");
	if (gp->kek.present) {
		fprintf(out, "KEK POLICY:\n");
		fprintf(out, "    Lifetime (secs)          : %u\n", gp->kek.lifetime_s);
		fprintf(out, "    Encrypt Algorithm        : %s\n",
			gp_kek_alg_name(gp->kek.alg, gp->kek.key_bits));
		fprintf(out, "    Key Size                 : %d\n",
			gp_kek_key_len(gp->kek.alg, gp->kek.key_bits) * 8);
		fprintf(out, "    Sig Hash Algorithm       : %s\n", gp_sig_hash_name(gp->kek.sig_hash));
		fprintf(out, "    Sig Key Length (bits)    : %u\n\n", gp->kek.sig_key_bits);
	}
	fprintf(out, "TEK POLICY for the current KS-Policy ACEs Downloaded:\n");
	fprintf(out, "  %s:\n    IPsec SA:\n", g->cfg.interface[0] ? g->cfg.interface : "(registration interface)");
	for (unsigned i = 0; i < gp->n_teks; i++)
		pull_show_tek(out, &gp->teks[i], "        ");
	fprintf(out, "\n");
}

static void show_group(FILE *out, const struct gm_group *g, uint64_t now, bool header)
{
	struct group_policy *gp;

	if (header) {
		fprintf(out, "GROUP INFORMATION\n\n");
		fprintf(out, "    Group Name               : %s\n", g->cfg.name);
		fprintf(out, "    Group Identity           : %u\n", g->cfg.group_id);
		fprintf(out, "    Crypto Path              : ipv4\n");
		fprintf(out, "    Key Management Path      : ipv4\n");
		fprintf(out, "    Rekeys received          : 0\n");
		fprintf(out, "    IPSec SA Direction       : %s\n\n", direction(g));
		fprintf(out, "     Group Server list       : ");
		server_list(out, g);
		fprintf(out, "\n\n");
	}
	member_info(out, g, now);
	if (g->state != GM_STATE_REGISTERED || !(gp = malloc(sizeof(*gp))))
		return;
	policy_now(g, now, gp);
	downloaded(out, g, gp);
	gp_wipe(gp);
	free(gp);
}

static void json_group(FILE *out, const struct gm_group *g, uint64_t now)
{
	char ip[INET_ADDRSTRLEN], local[INET_ADDRSTRLEN];
	struct group_policy *gp = malloc(sizeof(*gp));
	bool reg = g->state == GM_STATE_REGISTERED;

	fputs("{\"name\":", out);
	pull_json_string(out, g->cfg.name);
	fprintf(out, ",\"identity\":%u,\"role\":\"group member\",\"sa_direction\":", g->cfg.group_id);
	pull_json_string(out, direction(g));
	fputs(",\"server_list\":[", out);
	for (unsigned i = 0; i < g->cfg.n_servers; i++)
		fprintf(out, "%s\"%s\"", i ? "," : "", ip_str(g->cfg.servers[i], ip));
	fprintf(out, "],\"current_server\":\"%s\",\"registration_status\":",
		ip_str(gm_group_server(g), ip));
	pull_json_string(out, gm_state_name(g->state));
	fprintf(out, ",\"registered_with\":%s%s%s,\"local_address\":\"%s\"",
		reg ? "\"" : "", reg ? ip_str(g->registered_with, ip) : "null", reg ? "\"" : "",
		ip_str(g->local_addr, local));
	fprintf(out, ",\"reregisters_in\":%lu,\"succeeded\":%lu,\"attempted\":%lu,\"failed\":%lu,"
		"\"refused\":%lu,\"dataplane\":", reg && g->reregister_at > now ?
		(unsigned long)(g->reregister_at - now) : 0UL, g->successes, g->attempts,
		g->failures, g->refusals);
	pull_json_string(out, gm_dp_status_name(g->dp_status));
	fputs(",\"last_error\":", out);
	pull_json_string(out, g->last_error);
	fprintf(out, ",\"seq\":%u,\"kek\":", reg ? g->policy.seq : 0);
	if (reg && gp) {
		policy_now(g, now, gp);
		pull_json_kek(out, &gp->kek);
		fputs(",\"teks\":", out);
		pull_json_teks(out, gp);
		gp_wipe(gp);
	} else {
		fputs("null,\"teks\":[]", out);
	}
	free(gp);
	fputc('}', out);
}

void gm_show_groups(FILE *out, const struct gm *gm, uint64_t now, bool json)
{
	for (size_t i = 0; gm && i < gm_group_count(gm); i++) {
		if (json) {
			if (i)
				fputc(',', out);
			json_group(out, gm_group_at(gm, i), now);
		} else {
			show_group(out, gm_group_at(gm, i), now, true);
		}
	}
}

void gm_show(FILE *out, const struct gm *gm, uint64_t now, bool json)
{
	if (json) {
		fputs("{\"groups\":[", out);
		gm_show_groups(out, gm, now, true);
		fputs("]}\n", out);
		return;
	}
	for (size_t i = 0; gm && i < gm_group_count(gm); i++)
		show_group(out, gm_group_at(gm, i), now, false);
}
