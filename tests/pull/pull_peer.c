/* A key server or a group member over real UDP 848 for tests/pull/pull_netns.sh:
 * the configuration file (IOS lines, as a startup-config) gives the ISAKMP
 * policies and keys and the GDOI groups; Main Mode runs through
 * gdoi/ike_mm.h and gdoi/transport.h, GROUPKEY-PULL through
 * gdoi/pull_service.h, on one libevent loop, wired as the daemon will be.
 * Prints, one line each:
 *   READY                               (configuration loaded, listening)
 *   ks: REGISTERED <member address>
 *   gm: REGISTERED <group> <ks address>  or  REFUSED <notify>
 * and, when it exits (after SECONDS, or COUNT registrations or refusals), the output
 * of `show crypto gdoi json`, `show crypto gdoi` and, on a key server,
 * `show crypto gdoi ks members`.
 * Usage: pull_peer ks|gm LOCAL CONFIG STATE_DIR [SECONDS [COUNT]] */
#include <arpa/inet.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/builtins.h"
#include "config-parser/register.h"
#include "gdoi/gm_config.h"
#include "gdoi/ks_config.h"
#include "gdoi/pull_service.h"
#include "gdoi/pull_show.h"
#include "gdoi/wire.h"
#include "log/log.h"

struct peer {
	struct event_base *base;
	struct transport *t;
	struct ike_ctx *ike;
	struct config *config;
	struct pull_service *svc;
	struct ks *ks;
	struct gm *gm;
	int registered, wanted;
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

static void stop(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopexit(arg, NULL);
}

static void done_one(struct peer *p)
{
	if (++p->registered >= p->wanted)
		event_base_loopexit(p->base, NULL);
}

static void established(void *arg, const struct ike_sa *sa, void *user)
{
	pull_service_established(((struct peer *)arg)->svc, sa, user);
}

static void failed(void *arg, const struct sockaddr_in *peer, enum ike_role role, unsigned reason,
		   void *user)
{
	(void)peer;
	(void)role;
	printf("PHASE1_FAILED %s\n", ike_notify_name(reason));
	fflush(stdout);
	pull_service_failed(((struct peer *)arg)->svc, user, reason);
}

static void member_registered(void *arg, const struct ks_group *g, struct in_addr member)
{
	char addr[INET_ADDRSTRLEN];

	(void)g;
	printf("REGISTERED %s\n", inet_ntop(AF_INET, &member, addr, sizeof(addr)));
	fflush(stdout);
	done_one(arg);
}

static void registered(void *arg, struct gm_group *g)
{
	char addr[INET_ADDRSTRLEN];

	printf("REGISTERED %s %s\n", g->cfg.name,
	       inet_ntop(AF_INET, &g->registered_with, addr, sizeof(addr)));
	fflush(stdout);
	done_one(arg);
}

/* A refusal ends the run like a registration does: the caller's time
 * limit is only a bound, never the way the test finishes. */
static void refused(void *arg, struct gm_group *g, uint16_t notify)
{
	(void)g;
	printf("REFUSED %s\n", wire_notify_name(notify));
	fflush(stdout);
	done_one(arg);
}

/* Informational: the key server's refusal, or Main Mode's. */
static void on_info(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	struct peer *p = arg;

	if (!pull_service_info(p->svc, buf, len))
		ike_input(p->ike, local, peer, buf, len);
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	pull_service_tick(((struct peer *)arg)->svc, pull_now());
}

static int policies(struct peer *p)
{
	struct ike_policy pol[16];
	const struct isakmp_policy *ip;
	size_t n = 0;

	TAILQ_FOREACH(ip, &p->config->isakmp.policies, link) {
		if (n == 16)
			break;
		pol[n++] = (struct ike_policy){
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
	}
	return ike_ctx_set_policies(p->ike, pol, n);
}

static int groups(struct peer *p, bool ks_role)
{
	const struct gdoi_group *grp;
	char err[200] = "";
	const char *why = "";

	TAILQ_FOREACH(grp, &p->config->groups, link) {
		if (ks_role && grp->server_local) {
			struct ks_group_config *cfg = calloc(1, sizeof(*cfg));
			bool good = cfg && ks_config_from_model(p->config, grp, cfg, err, sizeof(err)) &&
				    ks_add_group(p->ks, cfg, pull_now(), &why);

			free(cfg);
			if (!good) {
				fprintf(stderr, "group %s: %s%s\n", grp->name, err, why);
				return -1;
			}
		} else if (!ks_role && gm_config_is_member_group(grp)) {
			struct gm_group_config cfg;

			if (!gm_config_from_model(p->config, grp, &cfg, err, sizeof(err)) ||
			    !gm_add_group(p->gm, &cfg, pull_now(), &why)) {
				fprintf(stderr, "group %s: %s%s\n", grp->name, err, why);
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

static int run(struct peer *p, const struct sockaddr_in *local, struct timeval *limit)
{
	struct timeval second = { .tv_sec = 1 };
	struct event *ticker;

	if (transport_listen(p->t, local) != 0)
		return -1;
	transport_register(p->t, IKE_EXCH_MAIN_MODE, ike_transport_input, p->ike);
	transport_register(p->t, IKE_EXCH_INFORMATIONAL, on_info, p);
	ticker = event_new(p->base, -1, EV_PERSIST, tick, p);
	event_add(ticker, &second);
	event_base_once(p->base, -1, EV_TIMEOUT, stop, p->base, limit);
	printf("READY\n");
	fflush(stdout);
	tick(-1, 0, p);
	event_base_dispatch(p->base);
	event_free(ticker);
	return 0;
}

int main(int argc, char **argv)
{
	struct peer p = { .wanted = 1 };
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT) };
	struct ike_callbacks cb = { .send = transport_send, .psk_lookup = psk_lookup,
				    .established = established, .failed = failed, .arg = &p };
	struct cli_builtins builtins = { 0 };
	struct cli_tree *tree;
	struct timeval limit = { .tv_sec = 10 };
	bool ks_role;
	int rc = 1;

	if (argc < 5 || inet_pton(AF_INET, argv[2], &local.sin_addr) != 1) {
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
	cb.send_arg = p.t;
	p.ike = ike_ctx_new(&cb, transport_timers(p.t));
	p.ks = ks_role ? ks_new() : NULL;
	p.gm = ks_role ? NULL : gm_new();
	if (p.ike && policies(&p) == 0 && groups(&p, ks_role) == 0) {
		struct pull_service_config sc = {
			.t = p.t, .ike = p.ike, .ks = p.ks, .gm = p.gm,
			.member_registered = member_registered, .registered = registered,
			.refused = refused, .arg = &p,
		};

		p.svc = pull_service_new(&sc);
		if (p.svc && run(&p, &local, &limit) == 0) {
			show(&p);
			rc = p.registered >= p.wanted ? 0 : 1;
		}
	}
	pull_service_free(p.svc);
	gm_free(p.gm);
	ks_free(p.ks);
	ike_ctx_free(p.ike);
	transport_free(p.t);
	event_base_free(p.base);
	config_teardown(p.config);
	cli_tree_free(tree);
	return rc;
}
