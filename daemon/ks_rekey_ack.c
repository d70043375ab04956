/* Acknowledgements of unicast rekeys (GROUPKEY-PUSH-ACK, RFC 8263):
 * checked with the round's KEK and counted; and members that registered
 * again during a round, which need no rekey of it. */
#include "config.h"

#include "daemon/ks_rekey_int.h"
#include "gdoi/rekey.h"
#include "log/log.h"

#include <openssl/crypto.h>

/* A member that registered again since the round started has its keys:
 * the round no longer waits for its acknowledgement. */
void ks_rekey_after_pull(struct gdoi_service *s, struct in_addr peer)
{
	struct ks_rekey *r = s->ksr;

	for (unsigned i = 0; r && i < r->n; i++) {
		struct ksr_group *e = &r->grp[i];
		const struct ks_member *m;

		if (!e->round_active || ks_group_by_name(s->ks, e->name) != e->g)
			continue;
		m = ks_members_find(&e->g->members, peer);
		if (m && m->registered_mono >= e->round_started)
			rekey_round_forget(&e->round, peer);
	}
}

/* A GROUPKEY-PUSH acknowledgement (RFC 8263) from a member. */
void ks_rekey_ack_input(struct gdoi_service *s, const struct sockaddr_in *peer,
			const uint8_t *buf, size_t len)
{
	struct ks_rekey *r = s->ksr;
	uint8_t spi[GP_KEK_SPI_LEN];
	struct in_addr member;
	const char *why = "no rekey round with that KEK";
	uint32_t seq;

	if (!r || push_ack_peek_spi(buf, len, spi) != 0)
		return;
	for (unsigned i = 0; i < r->n; i++) {
		struct ksr_group *e = &r->grp[i];

		if (ks_group_by_name(s->ks, e->name) != e->g ||
		    CRYPTO_memcmp(e->round.kek.spi, spi, sizeof(spi)) != 0 || !e->msg)
			continue;
		if (push_ack_open_checked(&e->round.kek, e->ack_checker, buf, len, &seq, &member,
					  &why) != 0)
			break;
		if (member.s_addr != peer->sin_addr.s_addr) {
			why = "acknowledgement names another member";
			break;
		}
		if (rekey_ks_ack(&e->round, &e->g->members, member, seq) == REKEY_ACK_OK) {
			e->acks++;
			ksr_note_acked(e);
		} else
			e->other_acks++;
		return;
	}
	r->bad_acks++;
	log_debug("GDOI: rekey acknowledgement dropped: %s", why);
}
