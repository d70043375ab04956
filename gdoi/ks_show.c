/* Key server show commands (IOS layout and JSON). */
#include "gdoi/ks_show.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t remaining(uint32_t lifetime, uint64_t created, uint64_t now)
{
	uint64_t age = now > created ? now - created : 0;

	return age >= lifetime ? 0 : (uint32_t)(lifetime - age);
}

static const char *direction(const struct ks_group *g)
{
	return g->cfg.n_sa ? gp_direction_name(g->cfg.sa[0].direction) : "Both";
}

static void show_sa_ipsec(FILE *out, const struct ks_group *g, unsigned i, uint64_t now)
{
	const struct ks_sa_ipsec *s = &g->cfg.sa[i];

	fprintf(out, "      IPSec SA Number        : %u\n", s->number);
	fprintf(out, "      IPSec SA Rekey Lifetime: %u secs\n", s->lifetime_s);
	fprintf(out, "      Profile Name           : %s\n", s->profile);
	fprintf(out, "      Replay method          : %s\n", s->replay_window ? "Count Based" : "Disabled");
	if (s->replay_window)
		fprintf(out, "      Replay Window Size     : %u\n", s->replay_window);
	fprintf(out, "      SA Rekey\n");
	fprintf(out, "         Remaining Lifetime  : %u secs\n",
		remaining(s->lifetime_s, g->tek_created, now));
	fprintf(out, "      ACL Configured         : access-list %s\n\n", s->acl);
}

static void show_kek(FILE *out, const struct ks_group *g, const struct group_policy *gp)
{
	fprintf(out, "KEK POLICY:\n");
	fprintf(out, "    Rekey Transport Type     : %s\n", g->cfg.rekey_unicast ? "Unicast" : "Multicast");
	fprintf(out, "    Lifetime (secs)          : %u\n", gp->kek.lifetime_s);
	fprintf(out, "    Encrypt Algorithm        : %s\n", gp_kek_alg_name(gp->kek.alg, gp->kek.key_bits));
	fprintf(out, "    Key Size                 : %d\n",
		gp_kek_key_len(gp->kek.alg, gp->kek.key_bits) * 8);
	fprintf(out, "    Sig Hash Algorithm       : %s\n", gp_sig_hash_name(gp->kek.sig_hash));
	fprintf(out, "    Sig Key Length (bits)    : %u\n\n", gp->kek.sig_key_bits);
}

static void show_group(FILE *out, const struct ks_group *g, uint64_t now)
{
	struct group_policy *gp = malloc(sizeof(*gp));

	fprintf(out, "GROUP INFORMATION\n\n");
	fprintf(out, "    Group Name               : %s\n", g->cfg.name);
	fprintf(out, "    Group Identity           : %u\n", g->cfg.group_id);
	fprintf(out, "    Group Type               : GDOI (ISAKMP)\n");
	fprintf(out, "    Crypto Path              : ipv4\n");
	fprintf(out, "    Key Management Path      : ipv4\n");
	fprintf(out, "    Group Members            : %zu\n", ks_members_count(&g->members));
	fprintf(out, "    IPSec SA Direction       : %s\n", direction(g));
	if (g->cfg.rekey) {
		fprintf(out, "    Group Rekey Lifetime     : %u secs\n", g->cfg.kek_lifetime_s);
		fprintf(out, "    Group Rekey\n");
		fprintf(out, "        Remaining Lifetime   : %u secs\n",
			remaining(g->cfg.kek_lifetime_s, g->kek_created, now));
		fprintf(out, "    Rekey Retransmit Period  : %u secs\n", g->cfg.retransmit_period_s);
		fprintf(out, "    Rekey Retransmit Attempts: %u\n", g->cfg.retransmit_count);
	}
	fprintf(out, "\n");
	for (unsigned i = 0; i < g->cfg.n_sa; i++)
		show_sa_ipsec(out, g, i, now);
	fprintf(out, "     Group Server list       : Local\n\n");
	if (!gp)
		return;
	ks_group_policy_at(g, now, gp);
	if (gp->kek.present)
		show_kek(out, g, gp);
	fprintf(out, "TEK POLICY:\n");
	for (unsigned i = 0; i < gp->n_teks; i++)
		pull_show_tek(out, &gp->teks[i], "    ");
	fprintf(out, "\n");
	gp_wipe(gp);
	free(gp);
}

static void json_group(FILE *out, const struct ks_group *g, uint64_t now)
{
	struct group_policy *gp = malloc(sizeof(*gp));

	fputs("{\"name\":", out);
	pull_json_string(out, g->cfg.name);
	fprintf(out, ",\"identity\":%u,\"role\":\"key server\",\"members\":%zu,\"sa_direction\":",
		g->cfg.group_id, ks_members_count(&g->members));
	pull_json_string(out, direction(g));
	fprintf(out, ",\"seq\":%u,\"server_list\":[\"Local\"],\"rekey\":", g->policy.seq);
	if (g->cfg.rekey)
		fprintf(out, "{\"lifetime\":%u,\"remaining_lifetime\":%u,\"retransmit_period\":%u,"
			"\"retransmit_attempts\":%u,\"transport\":\"%s\"}", g->cfg.kek_lifetime_s,
			remaining(g->cfg.kek_lifetime_s, g->kek_created, now),
			g->cfg.retransmit_period_s, g->cfg.retransmit_count,
			g->cfg.rekey_unicast ? "unicast" : "multicast");
	else
		fputs("null", out);
	fputs(",\"sa_ipsec\":[", out);
	for (unsigned i = 0; i < g->cfg.n_sa; i++) {
		const struct ks_sa_ipsec *s = &g->cfg.sa[i];

		fprintf(out, "%s{\"number\":%u,\"spi\":\"0x%08X\",\"lifetime\":%u,\"remaining_lifetime\":%u,"
			"\"replay_window\":%u,\"profile\":", i ? "," : "", s->number, g->sa_spi[i],
			s->lifetime_s, remaining(s->lifetime_s, g->tek_created, now), s->replay_window);
		pull_json_string(out, s->profile);
		fputs(",\"acl\":", out);
		pull_json_string(out, s->acl);
		fputc('}', out);
	}
	fputs("],\"kek\":", out);
	if (gp) {
		ks_group_policy_at(g, now, gp);
		pull_json_kek(out, &gp->kek);
		fputs(",\"teks\":", out);
		pull_json_teks(out, gp);
		gp_wipe(gp);
		free(gp);
	} else {
		fputs("null,\"teks\":[]", out);
	}
	fputc('}', out);
}

void ks_show_groups(FILE *out, const struct ks *ks, uint64_t now, bool json)
{
	for (size_t i = 0; ks && i < ks_group_count(ks); i++) {
		if (json) {
			if (i)
				fputc(',', out);
			json_group(out, ks_group_at(ks, i), now);
		} else {
			show_group(out, ks_group_at(ks, i), now);
		}
	}
}

static void show_member(FILE *out, const struct ks_group *g, const struct ks_member *m,
			uint64_t now)
{
	char ip[INET_ADDRSTRLEN], ks_ip[INET_ADDRSTRLEN];
	uint64_t up = now > m->registered_mono ? now - m->registered_mono : 0;

	inet_ntop(AF_INET, &m->addr, ip, sizeof(ip));
	inet_ntop(AF_INET, &g->cfg.server_addr, ks_ip, sizeof(ks_ip));
	fprintf(out, "Group Member ID    : %s\n", ip);
	fprintf(out, " Group ID          : %u\n", g->cfg.group_id);
	fprintf(out, " Group Name        : %s\n", g->cfg.name);
	fprintf(out, " Key Server ID     : %s\n", ks_ip);
	fprintf(out, " Registrations     : %u\n", m->registrations);
	fprintf(out, " Registered for    : %02lu:%02lu:%02lu\n", (unsigned long)(up / 3600),
		(unsigned long)(up / 60 % 60), (unsigned long)(up % 60));
	fprintf(out, " Rekeys sent       : %u\n", m->rekeys_sent);
	fprintf(out, " Rekeys retries    : %u\n", m->rekey_retries);
	fprintf(out, " Rekey Acks Rcvd   : %u\n", m->acks_received);
	fprintf(out, " Rekey Acks missed : %u\n\n", m->acks_missed);
	fprintf(out, " Sent seq num : %u\n", m->last_seq_sent);
	fprintf(out, " Rcvd seq num : %u\n\n", m->last_seq_acked);
}

static void json_member(FILE *out, const struct ks_member *m, uint64_t now, bool first)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &m->addr, ip, sizeof(ip));
	fprintf(out, "%s{\"address\":\"%s\",\"registrations\":%u,\"registered_seconds\":%lu,"
		"\"rekeys_sent\":%u,\"rekey_retries\":%u,\"acks_received\":%u,\"acks_missed\":%u,"
		"\"sent_seq\":%u,\"acked_seq\":%u}", first ? "" : ",", ip, m->registrations,
		(unsigned long)(now > m->registered_mono ? now - m->registered_mono : 0),
		m->rekeys_sent, m->rekey_retries, m->acks_received, m->acks_missed,
		m->last_seq_sent, m->last_seq_acked);
}

void ks_show_members(FILE *out, const struct ks *ks, uint64_t now, bool json)
{
	if (json)
		fputs("{\"groups\":[", out);
	else
		fputs("Group Member Information :\n\n", out);
	for (size_t i = 0; ks && i < ks_group_count(ks); i++) {
		const struct ks_group *g = ks_group_at(ks, i);
		size_t n = 0;
		const struct ks_member **v = ks_members_sorted(&g->members, &n);

		if (json) {
			fprintf(out, "%s{\"name\":", i ? "," : "");
			pull_json_string(out, g->cfg.name);
			fprintf(out, ",\"identity\":%u,\"rekeys_sent\":%lu,\"members\":[", g->cfg.group_id,
				g->rekeys_sent);
		} else {
			fprintf(out, "Number of rekeys sent for group %s : %lu\n\n", g->cfg.name,
				g->rekeys_sent);
		}
		for (size_t j = 0; j < n; j++) {
			if (json)
				json_member(out, v[j], now, j == 0);
			else
				show_member(out, g, v[j], now);
		}
		if (json)
			fputs("]}", out);
		free(v);
	}
	if (json)
		fputs("]}\n", out);
}

static void show_policy_kek(FILE *out, const struct ks_group *g, const struct gp_kek *k)
{
	fprintf(out, "  KEK POLICY (transport type : %s)\n", g->cfg.rekey_unicast ? "Unicast" : "Multicast");
	fprintf(out, "    spi : 0x");
	for (int i = 0; i < GP_KEK_SPI_LEN; i++)
		fprintf(out, "%02X", k->spi[i]);
	fprintf(out, "\n    management alg     : disabled    encrypt alg       : %s\n",
		gp_kek_alg_name(k->alg, k->key_bits));
	fprintf(out, "    crypto iv length   : %-13d key size          : %zu\n",
		k->alg == GP_KEK_ALG_AES ? 16 : 8, k->key_len);
	fprintf(out, "    orig life(sec): %-11u remaining life(sec): %u\n", g->cfg.kek_lifetime_s,
		k->lifetime_s);
	fprintf(out, "    sig hash algorithm : %-13s sig key length    : %zu\n",
		gp_sig_hash_name(k->sig_hash), k->pubkey_len);
	fprintf(out, "    sig size           : %u\n", k->sig_key_bits / 8);
	fprintf(out, "    sig key name       : %s\n\n", g->cfg.rsa_label);
}

static void show_policy_tek(FILE *out, const struct ks_group *g, const struct gp_tek *t,
			    uint64_t now)
{
	const struct ks_sa_ipsec *s = NULL;
	char acl[160];
	int klen = gp_tek_cipher_key_len(t->esp_id, t->key_bits);
	int ilen = gp_tek_integ_key_len(t->auth_id);
	const char *auth = gp_auth_name(t->auth_id);

	for (unsigned i = 0; i < g->cfg.n_sa; i++)
		if (g->sa_spi[i] == t->spi)
			s = &g->cfg.sa[i];
	pull_format_selector(&t->selector, acl, sizeof(acl));
	fprintf(out, "  TEK POLICY (encaps : %s)\n",
		t->encaps == GP_ENCAPS_TRANSPORT ? "ENCAPS_TRANSPORT" : "ENCAPS_TUNNEL");
	fprintf(out, "    spi              : 0x%08X\n", t->spi);
	fprintf(out, "    access-list      : %s\n", s ? s->acl : "");
	fprintf(out, "    ace              : %s\n", acl);
	fprintf(out, "    transform        : %s%s%s\n", gp_esp_name(t->esp_id, t->key_bits),
		*auth ? " " : "", auth);
	fprintf(out, "    alg key size     : %-13d sig key size          : %d\n",
		klen > 0 ? klen : 0, ilen > 0 ? ilen : 0);
	fprintf(out, "    orig life(sec)   : %-13u remaining life(sec)   : %u\n",
		s ? s->lifetime_s : t->lifetime_s, t->lifetime_s);
	fprintf(out, "    tek life(sec)    : %-13u elapsed time(sec)     : %lu\n",
		s ? s->lifetime_s : t->lifetime_s,
		(unsigned long)(now > g->tek_created ? now - g->tek_created : 0));
	fprintf(out, "    antireplay window size: %u\n\n", s ? s->replay_window : 0);
}

void ks_show_policy(FILE *out, const struct ks *ks, uint64_t now, bool json)
{
	struct group_policy *gp = malloc(sizeof(*gp));

	if (!gp)
		return;
	if (json)
		fputs("{\"groups\":[", out);
	else
		fputs("Key Server Policy:\n", out);
	for (size_t i = 0; ks && i < ks_group_count(ks); i++) {
		const struct ks_group *g = ks_group_at(ks, i);
		char ip[INET_ADDRSTRLEN];

		ks_group_policy_at(g, now, gp);
		if (json) {
			if (i)
				fputc(',', out);
			json_group(out, g, now);
			continue;
		}
		inet_ntop(AF_INET, &g->cfg.server_addr, ip, sizeof(ip));
		fprintf(out, "For group %s (handle: %zu) server %s (handle: %zu):\n\n", g->cfg.name,
			i + 1, ip, i + 1);
		fprintf(out, "  # of teks : %u  Seq num : %u\n", gp->n_teks, gp->seq);
		if (gp->kek.present)
			show_policy_kek(out, g, &gp->kek);
		for (unsigned t = 0; t < gp->n_teks; t++)
			show_policy_tek(out, g, &gp->teks[t], now);
	}
	if (json)
		fputs("]}\n", out);
	gp_wipe(gp);
	free(gp);
}
