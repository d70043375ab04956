/* The key server's rekeys (gdoi/rekey.h, key server steps 1-5): the
 * state of every group that rekeys, following the key server's groups;
 * one timer on the event loop, armed at the earliest of every group's
 * next rekey_sched_decide() check and rekey round deadline (or sooner,
 * to go on with a unicast transmission); the events from the
 * configuration and the CLI. Rounds: ks_rekey_round.c; transmissions:
 * ks_rekey_send.c; acknowledgements: ks_rekey_ack.c. */
#include "config.h"

#include "daemon/ks_rekey_int.h"
#include "gdoi/rekey.h"

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ksr_group *find(struct ks_rekey *r, const char *name)
{
	for (unsigned i = 0; i < r->n; i++)
		if (strcmp(r->grp[i].name, name) == 0)
			return &r->grp[i];
	return NULL;
}

void ksr_group_reset(struct ksr_group *e)
{
	rekey_round_free(&e->round);
	push_ack_checker_free(e->ack_checker);
	e->ack_checker = NULL;
	e->round_active = false;
	free(e->msg);
	e->msg = NULL;
	e->len = 0;
	free(e->send_to);
	e->send_to = NULL;
	e->send_n = 0;
	e->sending = false;
}

static void on_timer(evutil_socket_t fd, short what, void *arg);

static struct ks_rekey *state(struct gdoi_service *s)
{
	if (!s->ksr && (s->ksr = calloc(1, sizeof(*s->ksr))) && s->base)
		s->ksr->timer = event_new(s->base, -1, 0, on_timer, s);
	return s->ksr;
}

/* The ksr entries follow the key server's groups (a restarted group is a
 * new ks_group: its round, if any, is over). */
static void follow_groups(struct gdoi_service *s, struct ks_rekey *r)
{
	for (unsigned i = 0; i < r->n;) {
		struct ksr_group *e = &r->grp[i];

		if (ks_group_by_name(s->ks, e->name) == e->g) {
			i++;
			continue;
		}
		ksr_group_reset(e);
		*e = r->grp[--r->n];
		memset(&r->grp[r->n], 0, sizeof(r->grp[r->n]));
	}
	for (size_t i = 0; s->ks && i < ks_group_count(s->ks); i++) {
		struct ks_group *g = ks_group_at(s->ks, i);
		struct ksr_group *e;

		if (!g->cfg.rekey || find(r, g->cfg.name) || r->n == KS_MAX_GROUPS)
			continue;
		e = &r->grp[r->n++];
		memset(e, 0, sizeof(*e));
		snprintf(e->name, sizeof(e->name), "%s", g->cfg.name);
		e->g = g;
	}
}

/* Arms the timer at the earliest deadline (pull_now() seconds, possibly
 * scaled for tests: see pull_time_scale()). */
static void arm(struct gdoi_service *s, struct ks_rekey *r, uint64_t now)
{
	uint64_t next = UINT64_MAX, ms;
	struct timeval tv;
	bool resume = false, full = false;

	for (unsigned i = 0; i < r->n; i++) {
		struct ksr_group *e = &r->grp[i];
		uint64_t t = e->next_check;

		if (e->round_active && rekey_round_deadline(&e->round) < t)
			t = rekey_round_deadline(&e->round);
		if (t < next)
			next = t;
		resume |= e->sending;
		full |= e->sending && e->send_full;
	}
	if (!r->timer)
		r->timer = s->base ? event_new(s->base, -1, 0, on_timer, s) : NULL;
	if (!r->timer)
		return;
	if (next == UINT64_MAX && !resume) {
		event_del(r->timer);
		return;
	}
	ms = next <= now ? 0 : (next - now) * 1000 / pull_time_scale();
	if (ms > 3600 * 1000)
		ms = 3600 * 1000;   /* recomputed at least hourly */
	ms += 1;   /* after the deadline, not just before it (pull_now() rounds down) */
	if (resume && ms > (full ? KSR_RESUME_MS : 0))
		ms = full ? KSR_RESUME_MS : 0;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	event_add(r->timer, &tv);
}

void ks_rekey_sync(struct gdoi_service *s, uint64_t now)
{
	struct ks_rekey *r = state(s);

	if (!r)
		return;
	follow_groups(s, r);
	for (unsigned i = 0; i < r->n; i++) {
		struct ksr_group *e = &r->grp[i];

		if (e->sending)
			ksr_send_unicast(s, e);
		if (!e->sending)
			ksr_run_group(s, e, now);
	}
	arm(s, r, now);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	ks_rekey_sync(arg, pull_now());
}

void ks_rekey_policy_changed(struct gdoi_service *s, const char *name)
{
	struct ks_rekey *r = state(s);
	struct ksr_group *e;

	if (!r)
		return;
	follow_groups(s, r);
	if ((e = find(r, name)))
		e->policy_changed = true;
}

void ks_rekey_request(struct gdoi_service *s, bool replace_now)
{
	struct ks_rekey *r = state(s);

	if (!r)
		return;
	follow_groups(s, r);
	for (unsigned i = 0; i < r->n; i++) {
		r->grp[i].manual = true;
		r->grp[i].replace_now |= replace_now;
	}
	ks_rekey_sync(s, pull_now());
}

void ks_rekey_group_stopped(struct gdoi_service *s, const char *name)
{
	struct ks_rekey *r = s->ksr;
	struct ksr_group *e = r ? find(r, name) : NULL;

	if (!e)
		return;
	ksr_group_reset(e);
	*e = r->grp[--r->n];
	memset(&r->grp[r->n], 0, sizeof(r->grp[r->n]));
}

void ks_rekey_free(struct gdoi_service *s)
{
	struct ks_rekey *r = s->ksr;

	if (!r)
		return;
	for (unsigned i = 0; i < r->n; i++)
		ksr_group_reset(&r->grp[i]);
	if (r->timer)
		event_free(r->timer);
	free(r);
	s->ksr = NULL;
}
