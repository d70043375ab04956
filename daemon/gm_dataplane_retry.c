/* Backoff and counters for failed group SA installs (gm_dataplane_retry.h). */
#include "config.h"

#include "daemon/gm_dataplane_retry.h"
#include "log/log.h"
#include "xfrm/resync.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct gm_dp_retry {
	struct event *timer;
	void (*again)(void *);
	void *arg;
	bool in_round, round_failed;
	unsigned long inject_left;
	struct gm_dp_retry_stats st;
};

static unsigned backoff_s(unsigned attempt)
{
	unsigned s = GM_DP_RETRY_FIRST_S;

	while (attempt-- > 1 && s < GM_DP_RETRY_MAX_S)
		s *= 2;
	return s < GM_DP_RETRY_MAX_S ? s : GM_DP_RETRY_MAX_S;
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct gm_dp_retry *r = arg;
	unsigned failed_rounds = r->st.attempt;

	(void)fd;
	(void)what;
	r->st.pending = false;
	r->st.retries++;
	r->in_round = true;
	r->round_failed = false;
	r->again(r->arg);
	r->in_round = false;
	if (r->round_failed)
		return;
	r->st.recoveries++;
	r->st.attempt = 0;
	log_event("GDOI", LOG_SEV_NOTICE, "GM_DATAPLANE_RECOVERED",
		  "Group SAs installed after %u failed attempt%s", failed_rounds,
		  failed_rounds == 1 ? "" : "s");
}

struct gm_dp_retry *gm_dp_retry_new(struct event_base *base, void (*again)(void *), void *arg)
{
	struct gm_dp_retry *r = calloc(1, sizeof(*r));
	const char *e = getenv("GETVPND_TEST_XFRM_FAIL");

	if (!r)
		return NULL;
	r->again = again;
	r->arg = arg;
	r->inject_left = e ? strtoul(e, NULL, 10) : 0;
	if (!(r->timer = evtimer_new(base, on_retry, r))) {
		free(r);
		return NULL;
	}
	return r;
}

void gm_dp_retry_free(struct gm_dp_retry *r)
{
	if (!r)
		return;
	event_free(r->timer);
	free(r);
}

int gm_dp_retry_inject(struct gm_dp_retry *r)
{
	if (!r || !r->inject_left)
		return 0;
	r->inject_left--;
	return -ENOMEM;
}

void gm_dp_retry_failed(struct gm_dp_retry *r, const char *group, unsigned spi, int err)
{
	bool covered;

	if (!r)
		return;
	r->st.failures++;
	r->st.last_error = err;
	/* another SPI of the same round, or a retry already waiting: it covers this one */
	covered = r->in_round ? r->round_failed : r->st.pending;
	r->round_failed = true;
	if (covered)
		return;
	r->st.attempt++;
	r->st.next_s = backoff_s(r->st.attempt);
	log_event("GDOI", LOG_SEV_WARNING, "GM_DATAPLANE_RETRY",
		  "Group %s SPI 0x%08X: install failed (%s), attempt %u; retrying in %u s",
		  group, spi, strerror(-err), r->st.attempt, r->st.next_s);
	if (!r->st.pending) {
		evtimer_add(r->timer, &(struct timeval){ .tv_sec = r->st.next_s });
		r->st.pending = true;
	}
}

void gm_dp_retry_stats(const struct gm_dp_retry *r, struct gm_dp_retry_stats *out)
{
	if (r)
		*out = r->st;
	else
		memset(out, 0, sizeof(*out));
}

void gm_dp_resync_waiting(struct gv_gm *gm, const char *group)
{
	int n = gv_gm_resync_pairs(gm);

	if (n > 0)
		log_event("GDOI", LOG_SEV_NOTICE, "GM_DATAPLANE_RESYNC",
			  "Group %s: %d flow%s waiting in the kernel given host pairs", group, n,
			  n == 1 ? "" : "s");
	else if (n < 0)
		log_event("GDOI", LOG_SEV_WARNING, "GM_DATAPLANE_RESYNC",
			  "Group %s: waiting flows not resynced: %s", group, gv_gm_error(gm));
}
