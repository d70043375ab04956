/* Group policy -> SA payload structure of a GROUPKEY-PUSH: the SA KEK and
 * SA TEKs as registration writes them (gdoi/policy_wire.h). */
#include "gdoi/rekey_policy.h"
#include "gdoi/policy_wire.h"

#include <string.h>

static int attrs_done(const struct wire_writer *w, struct wire_attrs *out)
{
	return wire_attrs_from_writer(w, out) == WIRE_OK ? 0 : -1;
}

static int kek_sa(const struct gp_kek *k, bool ack, struct rekey_sa_wire *rw)
{
	struct wire_writer w;

	rw->sa.g.has_kek = true;
	wire_writer_init(&w, rw->kek_attrs, sizeof(rw->kek_attrs));
	policy_kek_to_wire(k, &rw->sa.g.kek, rw->sel[0], &w);
	if (ack)
		wire_attr_put_tv(&w, WIRE_KEK_ACK_REQUESTED, REKEY_ACK_REQUESTED_VALUE);
	return attrs_done(&w, &rw->sa.g.kek.attrs);
}

static int tek_sa(const struct gp_tek *t, unsigned i, struct rekey_sa_wire *rw)
{
	return policy_tek_to_wire(t, &rw->sa.g.tek[i], rw->sel[1 + i], rw->tek_attrs[i],
				  sizeof(rw->tek_attrs[i]));
}

static int gap_sa(const struct group_policy *gp, struct rekey_sa_wire *rw)
{
	struct wire_writer w;

	if (!gp->activation_delay_s && !gp->deactivation_delay_s)
		return 0;
	wire_writer_init(&w, rw->gap_attrs, sizeof(rw->gap_attrs));
	wire_attr_put_num(&w, WIRE_GAP_ACTIVATION_TIME_DELAY, gp->activation_delay_s);
	wire_attr_put_num(&w, WIRE_GAP_DEACTIVATION_TIME_DELAY, gp->deactivation_delay_s);
	rw->sa.g.has_gap = true;
	return attrs_done(&w, &rw->sa.g.gap);
}

int rekey_sa_to_wire(const struct group_policy *gp, bool ack_requested, struct rekey_sa_wire *rw)
{
	memset(rw, 0, sizeof(*rw));
	rw->sa.doi = WIRE_DOI_GDOI;
	rw->sa.gdoi = true;
	if (gp->n_teks > GP_MAX_TEKS || gp->n_teks > WIRE_MAX_TEKS ||
	    (gp->n_teks == 0 && !gp->kek.present))
		return -1;
	if ((gp->kek.present && kek_sa(&gp->kek, ack_requested, rw) < 0) || gap_sa(gp, rw) < 0)
		return -1;
	for (unsigned i = 0; i < gp->n_teks; i++)
		if (tek_sa(&gp->teks[i], i, rw) < 0)
			return -1;
	rw->sa.g.nteks = (uint8_t)gp->n_teks;
	return 0;
}
