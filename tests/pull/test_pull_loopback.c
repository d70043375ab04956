/* Main Mode and GROUPKEY-PULL over real UDP 848 sockets on the loopback:
 * key server 127.78.0.2, member 127.0.0.1 (the source the kernel picks
 * towards 127/8), in one process on one libevent loop, each with its own
 * transport, Main Mode context and pull_service: the daemon's wiring
 * without namespaces (port 848 needs root). */
#include <event2/event.h>

#include "gdoi/pull_service.h"
#include "gdoi/pull_clock.h"
#include "tests/tap.h"
#include "tests/unit/pull/pull_harness.h"

#include "log/log.h"

#define PSK "loopback-psk"

struct side {
	struct transport *t;
	struct ike_ctx *ike;
	struct pull_service *svc;
	struct ks *ks;
	struct gm *gm;
	int established, registered;
};

static struct event_base *base;

static ssize_t psk(void *arg, const struct in_addr *peer, uint8_t *key, size_t max)
{
	(void)arg;
	(void)peer;
	if (strlen(PSK) > max)
		return -1;
	memcpy(key, PSK, strlen(PSK));
	return (ssize_t)strlen(PSK);
}

static void established(void *arg, const struct ike_sa *sa, void *user)
{
	struct side *s = arg;

	s->established++;
	pull_service_established(s->svc, sa, user);
}

static void failed(void *arg, const struct sockaddr_in *peer, enum ike_role role, unsigned reason,
		   void *user)
{
	struct side *s = arg;

	(void)peer;
	(void)role;
	diag(ike_notify_name(reason));
	pull_service_failed(s->svc, user, reason);
}

static void registered(void *arg, struct gm_group *g)
{
	(void)g;
	((struct side *)arg)->registered++;
	event_base_loopexit(base, NULL);
}

static void on_info(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	struct side *s = arg;

	if (!pull_service_info(s->svc, buf, len))
		ike_input(s->ike, local, peer, buf, len);
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	pull_service_tick(((struct side *)arg)->svc, pull_now());
}

static void stop(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	event_base_loopexit(base, NULL);
}

static int side_init(struct side *s, const char *addr)
{
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT),
				     .sin_addr = ipv4(addr) };
	struct ike_callbacks cb = { .send = transport_send, .psk_lookup = psk,
				    .established = established, .failed = failed, .arg = s };
	struct ike_policy pol = { .cipher = IKE_CIPHER_AES_CBC, .key_bits = 128,
				  .hash = IKE_HASH_SHA1, .auth = IKE_AUTH_PSK, .dh_group = 5 };
	struct pull_service_config sc = { .ks = s->ks, .gm = s->gm, .registered = registered,
					  .arg = s };

	s->t = transport_new(base);
	cb.send_arg = s->t;
	s->ike = ike_ctx_new(&cb, transport_timers(s->t));
	if (!s->ike || ike_ctx_set_policies(s->ike, &pol, 1) < 0 || transport_listen(s->t, &local) < 0)
		return -1;
	transport_register(s->t, IKE_EXCH_MAIN_MODE, ike_transport_input, s->ike);
	transport_register(s->t, IKE_EXCH_INFORMATIONAL, on_info, s);
	sc.t = s->t;
	sc.ike = s->ike;
	s->svc = pull_service_new(&sc);
	return s->svc ? 0 : -1;
}

static void side_free(struct side *s)
{
	pull_service_free(s->svc);
	gm_free(s->gm);
	ks_free(s->ks);
	ike_ctx_free(s->ike);
	transport_free(s->t);
}

int main(void)
{
	struct side ks_side = { 0 }, gm_side = { 0 };
	struct ks_group_config kcfg;
	struct gm_group_config gcfg;
	struct ks_group *kg;
	struct gm_group *g;
	struct group_policy sent;
	struct timeval second = { .tv_sec = 1 }, limit = { .tv_sec = 10 };
	struct event *ks_tick, *gm_tick;
	const char *why;

	log_init("test", LOG_SINK_NONE);
	base = event_base_new();
	ks_side.ks = ks_new();
	gm_side.gm = gm_new();
	ks_config_fixture(&kcfg, true);
	kg = ks_add_group(ks_side.ks, &kcfg, pull_now(), &why);
	gm_config_fixture(&gcfg, GROUP_ID);
	gcfg.n_servers = 1;
	gcfg.servers[0] = ipv4("127.78.0.2");
	g = gm_add_group(gm_side.gm, &gcfg, pull_now(), &why);
	if (side_init(&ks_side, "127.78.0.2") < 0 || side_init(&gm_side, "127.0.0.1") < 0) {
		/* port 848 needs root; anything else is a real failure */
		ok(0, "UDP 848 sockets on 127.0.0.1 and 127.78.0.2 (root needed)");
		return done_testing();
	}
	ok(kg && g, "key server and member groups");
	ks_tick = event_new(base, -1, EV_PERSIST, tick, &ks_side);
	gm_tick = event_new(base, -1, EV_PERSIST, tick, &gm_side);
	event_add(ks_tick, &second);
	event_add(gm_tick, &second);
	event_base_once(base, -1, EV_TIMEOUT, stop, NULL, &limit);
	tick(-1, 0, &gm_side);
	event_base_dispatch(base);

	is_int(gm_side.established, 1, "member: Main Mode established");
	is_int(ks_side.established, 1, "key server: Main Mode established");
	is_int(gm_side.registered, 1, "member registered over UDP");
	is_int(g->state, GM_STATE_REGISTERED, "member state Registered");
	ks_group_policy_at(kg, g->registered_at, &sent);
	ok(same_policy(&g->policy, &sent), "member holds the key server's policy and keys");
	gp_wipe(&sent);
	ok(ks_members_find(&kg->members, ipv4("127.0.0.1")) != NULL, "key server lists 127.0.0.1");

	event_free(ks_tick);
	event_free(gm_tick);
	side_free(&gm_side);
	side_free(&ks_side);
	event_base_free(base);
	return done_testing();
}
