/* Frame headers and the STATUS payload of the vty protocol. */
#include "config.h"

#include "cli/vty_protocol.h"

#include <string.h>

void vty_put_header(uint8_t hdr[VTY_HEADER_LEN], size_t payload_len)
{
	uint32_t l = (uint32_t)payload_len + 1;

	hdr[0] = (uint8_t)(l >> 24);
	hdr[1] = (uint8_t)(l >> 16);
	hdr[2] = (uint8_t)(l >> 8);
	hdr[3] = (uint8_t)l;
}

size_t vty_get_length(const uint8_t hdr[VTY_HEADER_LEN])
{
	uint32_t l = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];

	return l >= 1 && l <= VTY_MAX_FRAME ? l : 0;
}

size_t vty_put_status(uint8_t *buf, size_t cap, uint8_t code, uint16_t term_length,
		      const char *prompt)
{
	size_t plen = strlen(prompt);

	if (cap < VTY_STATUS_FIXED + plen)
		return 0;
	buf[0] = code;
	buf[1] = (uint8_t)(term_length >> 8);
	buf[2] = (uint8_t)term_length;
	memcpy(buf + VTY_STATUS_FIXED, prompt, plen);
	return VTY_STATUS_FIXED + plen;
}

int vty_get_status(const uint8_t *payload, size_t len, struct vty_status *st)
{
	if (len < VTY_STATUS_FIXED)
		return -1;
	st->code = payload[0];
	st->term_length = (uint16_t)(payload[1] << 8 | payload[2]);
	st->prompt = (const char *)payload + VTY_STATUS_FIXED;
	st->prompt_len = len - VTY_STATUS_FIXED;
	return 0;
}
