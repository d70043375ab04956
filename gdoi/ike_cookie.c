/* Responder cookies: prf(secret, peer address | peer port | CKY-I), so a
 * retransmitted message 1 maps to the same exchange and a message 3 can
 * only carry the cookie if its sender received our message 2. */
#include "gdoi/ike_mm_int.h"

#include "crypto/prf.h"

#include <string.h>

void mm_responder_cookie(const struct ike_ctx *ctx, const struct sockaddr_in *peer,
			 const uint8_t *icookie, uint8_t *rcookie)
{
	uint8_t mac[CRYPTO_HASH_MAX_LEN];
	struct crypto_chunk parts[] = {
		{ &peer->sin_addr.s_addr, sizeof(peer->sin_addr.s_addr) },
		{ &peer->sin_port, sizeof(peer->sin_port) },
		{ icookie, IKE_COOKIE_LEN },
	};

	if (prf(CRYPTO_HASH_SHA256, ctx->cookie_secret, sizeof(ctx->cookie_secret), parts, 3, mac) != 0)
		memset(mac, 0, sizeof(mac));
	memcpy(rcookie, mac, IKE_COOKIE_LEN);
	/* an all-zero cookie means "not yet assigned" on the wire */
	if (memcmp(rcookie, "\0\0\0\0\0\0\0\0", IKE_COOKIE_LEN) == 0)
		rcookie[0] = 1;
}
