/* A key server or a group member over real UDP 848 for tests/pull/pull_netns.sh:
 * the configuration file (IOS lines, as a startup-config) gives the ISAKMP
 * policies and keys and the GDOI groups; Main Mode runs through
 * gdoi/ike_mm.h and gdoi/transport.h, then GROUPKEY-PULL through
 * gdoi/ks.h and gdoi/gm.h on one libevent loop, as the daemon will.
 * Prints, one line each:
 *   READY                               (configuration loaded, listening)
 *   ks: REGISTERED <member address>
 *   gm: REGISTERED <group> <ks address>
 * and, when it exits (after SECONDS, or COUNT registrations), the output
 * of `show crypto gdoi json` then `show crypto gdoi`.
 * Usage: pull_peer ks|gm LOCAL CONFIG STATE_DIR [SECONDS [COUNT]] */
#include <arpa/inet.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/builtins.h"
#include "config-parser/register.h"
#include "gdoi/gm_config.h"
#include "gdoi/ike_mm.h"
#include "gdoi/ks_config.h"
#include "gdoi/pull_msg.h"
#include "gdoi/pull_show.h"
#include "gdoi/transport.h"
#include "log/log.h"

struct peer {
	struct event_base *base;
	struct transport *t;
	struct ike_ctx *ike;
	struct config *config;
	struct ks *ks;
	struct gm *gm;
	struct sockaddr_in local;
	int registered, wanted;
	unsigned long ks_completed;
};

static ssize_t psk_lookup(void *arg, const struct in_addr *addr, uint8_t *key, size_t max)
{
	struct peer *p = arg;
	const struct isakmp_key *k = isakmp_key_for_peer(&p->config->isakmp, ntohl(addr->s_addr));
	size_t n = k ? strlen(k->key) : 0;

	if (!k || n > max)
		return -1;
	memcpy(key, k->key, n);
	return (ssize_t)n;
}

static int send_cb(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		   const uint8_t *buf, size_t len)
{
	return transport_send(((struct peer *)arg)->t, local, peer, buf, len);
}

static void stop(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopexit(arg, NULL);
}

static void send_out(struct peer *p, const struct ike_sa *sa, const uint8_t *buf, size_t len)
{
	transport_send(p->t, &sa->local, &sa->peer, buf, len);
}

static void done_one(struct peer *p)
{
	if (++p->registered >= p->wanted)
		event_base_loopexit(p->base, NULL);
}

static void established(void *arg, const struct ike_sa *sa, void *user)
{
	struct peer *p = arg;
	struct gm_group *g = user;
	uint8_t out[PULL_MAX_MSG];
	size_t len;

	if (p->gm && g && gm_phase1_up(p->gm, g, sa, pull_now(), out, sizeof(out), &len) == 0)
		send_out(p, sa, out, len);
}

static void failed(void *arg, const struct sockaddr_in *peer, enum ike_role role, unsigned reason,
		   void *user)
{
	struct peer *p = arg;

	printf("PHASE1_FAILED %s\n", ike_notify_name(reason));
	fflush(stdout);
	if (p->gm && user)
		gm_registration_failed(p->gm, user, pull_now(), ike_notify_name(reason));
}

static void on_mm(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		  const uint8_t *buf, size_t len)
{
	struct peer *p = arg;

	ike_input(p->ike, local, peer, buf, len);
}

/* Informational: Main Mode's, and the key server's refusal notification. */
static void on_info(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	static struct pull_rx rx;
	struct peer *p = arg;
	const struct ike_sa *sa = len >= 16 ? ike_sa_find(p->ike, buf, buf + 8) : NULL;
	const char *why;
	uint16_t type;

	if (p->gm && sa && pull_parse_notify(sa, buf, len, &rx, &type, &why) == 0 &&
	    type == WIRE_N_INVALID_ID_INFORMATION) {
		printf("REFUSED %s\n", wire_notify_name(type));
		fflush(stdout);
		gm_notify(p->gm, sa, type, pull_now());
		return;
	}
	ike_input(p->ike, local, peer, buf, len);
}

static void on_pull(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	static struct ks_pull_out out;
	struct peer *p = arg;
	const struct ike_sa *sa = len >= 16 ? ike_sa_find(p->ike, buf, buf + 8) : NULL;
	char addr[INET_ADDRSTRLEN];
	struct gm_group *g;

	if (!sa)
		return;
	inet_ntop(AF_INET, &sa->peer.sin_addr, addr, sizeof(addr));
	if (p->ks) {
		if (ks_pull_input(p->ks, sa, buf, len, pull_now(), &out) != KS_PULL_DROP)
			send_out(p, sa, out.buf, out.len);
		if (ks_stats(p->ks)->pulls_completed > p->ks_completed) {
			p->ks_completed = ks_stats(p->ks)->pulls_completed;
			printf("REGISTERED %s\n", addr);
			fflush(stdout);
			done_one(p);
		}
		return;
	}
	switch (gm_input(p->gm, sa, buf, len, pull_now(), out.buf, sizeof(out.buf), &out.len, &g)) {
	case GM_IN_SEND:
		send_out(p, sa, out.buf, out.len);
		break;
	case GM_IN_REGISTERED:
		printf("REGISTERED %s %s\n", g->cfg.name, addr);
		fflush(stdout);
		done_one(p);
		break;
	case GM_IN_DROP:
		break;
	}
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	struct peer *p = arg;
	uint64_t now = pull_now();
	uint8_t out[PULL_MAX_MSG];
	size_t len;

	(void)fd;
	(void)what;
	if (p->ks)
		ks_expire(p->ks, now);
	for (size_t i = 0; p->gm && i < gm_group_count(p->gm); i++) {
		struct gm_group *g = gm_group_at(p->gm, i);
		struct sockaddr_in ks = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT),
					  .sin_addr = gm_group_server(g) };

		switch (gm_poll(p->gm, g, now, out, sizeof(out), &len)) {
		case GM_ACT_NEED_PHASE1:
			if (ike_initiate(p->ike, &p->local, &ks, g) < 0)
				gm_registration_failed(p->gm, g, now, "cannot start phase 1");
			break;
		case GM_ACT_SEND:
			transport_send(p->t, &p->local, &ks, out, len);
			break;
		case GM_ACT_NONE:
			break;
		}
	}
}

static int policies(struct peer *p, struct ike_ctx *ike)
{
	struct ike_policy pol[16];
	const struct isakmp_policy *ip;
	size_t n = 0;

	TAILQ_FOREACH(ip, &p->config->isakmp.policies, link) {
		if (n == 16)
			break;
		pol[n] = (struct ike_policy){
			.cipher = ip->encryption == ISAKMP_ENC_AES ? IKE_CIPHER_AES_CBC :
				  ip->encryption == ISAKMP_ENC_3DES ? IKE_CIPHER_3DES : IKE_CIPHER_DES,
			.key_bits = ip->encryption == ISAKMP_ENC_AES ? ip->aes_bits : 0,
			.hash = ip->hash == ISAKMP_HASH_MD5 ? IKE_HASH_MD5 :
				ip->hash == ISAKMP_HASH_SHA256 ? IKE_HASH_SHA256 :
				ip->hash == ISAKMP_HASH_SHA384 ? IKE_HASH_SHA384 :
				ip->hash == ISAKMP_HASH_SHA512 ? IKE_HASH_SHA512 : IKE_HASH_SHA1,
			.auth = ip->auth == ISAKMP_AUTH_PRE_SHARE ? IKE_AUTH_PSK : IKE_AUTH_RSA_SIG,
			.dh_group = ip->dh_group, .lifetime_s = ip->lifetime,
		};
		n++;
	}
	return ike_ctx_set_policies(ike, pol, n);
}

static int groups(struct peer *p, bool ks_role)
{
	const struct gdoi_group *grp;
	char err[200];
	const char *why;

	TAILQ_FOREACH(grp, &p->config->groups, link) {
		if (ks_role && grp->server_local) {
			struct ks_group_config *cfg = calloc(1, sizeof(*cfg));

			if (!cfg || !ks_config_from_model(p->config, grp, cfg, err, sizeof(err)) ||
			    !ks_add_group(p->ks, cfg, pull_now(), &why)) {
				fprintf(stderr, "group %s: %s\n", grp->name, cfg ? err : "no memory");
				return -1;
			}
			free(cfg);
		} else if (!ks_role && gm_config_is_member_group(grp)) {
			struct gm_group_config cfg;

			if (!gm_config_from_model(p->config, grp, &cfg, err, sizeof(err)) ||
			    !gm_add_group(p->gm, &cfg, pull_now(), &why)) {
				fprintf(stderr, "group %s: %s\n", grp->name, err);
				return -1;
			}
		}
	}
	return 0;
}

static void show(struct peer *p)
{
	uint64_t now = pull_now();

	pull_show_gdoi(stdout, p->ks, p->gm, now, true);
	pull_show_gdoi(stdout, p->ks, p->gm, now, false);
	if (p->ks)
		ks_show_members(stdout, p->ks, now, false);
}

int main(int argc, char **argv)
{
	struct peer p = { .wanted = 1, .local = { .sin_family = AF_INET,
						  .sin_port = htons(GDOI_UDP_PORT) } };
	struct ike_callbacks cb = { .send = send_cb, .psk_lookup = psk_lookup,
				    .established = established, .failed = failed, .arg = &p };
	struct cli_builtins builtins = { 0 };
	struct cli_tree *tree;
	struct timeval limit = { .tv_sec = 10 }, second = { .tv_sec = 1 };
	struct event *ticker;
	bool ks_role;

	if (argc < 5 || inet_pton(AF_INET, argv[2], &p.local.sin_addr) != 1) {
		fprintf(stderr, "usage: pull_peer ks|gm LOCAL CONFIG STATE_DIR [SECONDS [COUNT]]\n");
		return 64;
	}
	ks_role = strcmp(argv[1], "ks") == 0;
	if (argc > 5)
		limit.tv_sec = atoi(argv[5]);
	if (argc > 6)
		p.wanted = atoi(argv[6]);
	log_init("pull_peer", LOG_SINK_STDERR);
	tree = cli_tree_new();
	if (cli_builtins_register(tree, &builtins) != 0 || !(p.config = config_setup(tree, argv[4])) ||
	    cli_config_load(tree, p.config, argv[3], false, stderr) != 0)
		return 2;
	p.base = event_base_new();
	p.t = transport_new(p.base);
	p.ike = ike_ctx_new(&cb, transport_timers(p.t));
	if (!p.ike || policies(&p, p.ike) < 0 || transport_listen(p.t, &p.local) != 0)
		return 1;
	if (ks_role)
		p.ks = ks_new();
	else
		p.gm = gm_new();
	if (groups(&p, ks_role) < 0)
		return 2;
	transport_register(p.t, IKE_EXCH_MAIN_MODE, on_mm, &p);
	transport_register(p.t, IKE_EXCH_INFORMATIONAL, on_info, &p);
	transport_register(p.t, ISAKMP_EXCH_GROUPKEY_PULL, on_pull, &p);
	ticker = event_new(p.base, -1, EV_PERSIST, tick, &p);
	event_add(ticker, &second);
	printf("READY\n");
	fflush(stdout);
	tick(-1, 0, &p);
	event_base_once(p.base, -1, EV_TIMEOUT, stop, p.base, &limit);
	event_base_dispatch(p.base);
	show(&p);
	event_free(ticker);
	ks_free(p.ks);
	gm_free(p.gm);
	ike_ctx_free(p.ike);
	transport_free(p.t);
	event_base_free(p.base);
	config_teardown(p.config);
	cli_tree_free(tree);
	return p.registered >= p.wanted ? 0 : 1;
}
