/* Bounds-checked big-endian reader and writer. */
#include "gdoi/wire_buf.h"

#include <string.h>

void wire_reader_init(struct wire_reader *r, const uint8_t *buf, size_t len)
{
	r->base = buf;
	r->p = buf;
	r->left = len;
}

bool wire_get_view(struct wire_reader *r, const uint8_t **p, size_t n)
{
	if (n > r->left)
		return false;
	*p = r->p;
	if (n == 0) /* no arithmetic: p may be NULL for an empty buffer */
		return true;
	r->p += n;
	r->left -= n;
	return true;
}

bool wire_skip(struct wire_reader *r, size_t n)
{
	const uint8_t *unused;

	return wire_get_view(r, &unused, n);
}

bool wire_get_bytes(struct wire_reader *r, void *dst, size_t n)
{
	const uint8_t *p;

	if (!wire_get_view(r, &p, n))
		return false;
	if (n)
		memcpy(dst, p, n);
	return true;
}

bool wire_get_u8(struct wire_reader *r, uint8_t *v)
{
	const uint8_t *p;

	if (!wire_get_view(r, &p, 1))
		return false;
	*v = p[0];
	return true;
}

bool wire_get_u16(struct wire_reader *r, uint16_t *v)
{
	const uint8_t *p;

	if (!wire_get_view(r, &p, 2))
		return false;
	*v = (uint16_t)(p[0] << 8 | p[1]);
	return true;
}

bool wire_get_u32(struct wire_reader *r, uint32_t *v)
{
	const uint8_t *p;

	if (!wire_get_view(r, &p, 4))
		return false;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return true;
}

bool wire_get_sub(struct wire_reader *r, struct wire_reader *sub, size_t n)
{
	const uint8_t *p;

	if (!wire_get_view(r, &p, n))
		return false;
	sub->base = r->base;
	sub->p = p;
	sub->left = n;
	return true;
}

void wire_writer_init(struct wire_writer *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->len = 0;
	w->overflow = false;
}

/* Reserves n bytes; NULL (and sticky overflow) when they do not fit. */
static uint8_t *reserve(struct wire_writer *w, size_t n)
{
	uint8_t *p;

	if (w->overflow || n > w->cap - w->len) {
		w->overflow = true;
		return NULL;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

void wire_put_u8(struct wire_writer *w, uint8_t v)
{
	uint8_t *p = reserve(w, 1);

	if (p)
		p[0] = v;
}

void wire_put_u16(struct wire_writer *w, uint16_t v)
{
	uint8_t *p = reserve(w, 2);

	if (p) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	}
}

void wire_put_u32(struct wire_writer *w, uint32_t v)
{
	uint8_t *p = reserve(w, 4);

	if (p) {
		p[0] = (uint8_t)(v >> 24);
		p[1] = (uint8_t)(v >> 16);
		p[2] = (uint8_t)(v >> 8);
		p[3] = (uint8_t)v;
	}
}

void wire_put_bytes(struct wire_writer *w, const void *src, size_t n)
{
	uint8_t *p = reserve(w, n);

	if (p && n)
		memcpy(p, src, n);
}

void wire_put_zero(struct wire_writer *w, size_t n)
{
	uint8_t *p = reserve(w, n);

	if (p && n)
		memset(p, 0, n);
}

static uint8_t *patch_at(struct wire_writer *w, size_t pos, size_t n)
{
	if (w->overflow || pos > w->len || n > w->len - pos) {
		w->overflow = true;
		return NULL;
	}
	return w->buf + pos;
}

void wire_patch_u8(struct wire_writer *w, size_t pos, uint8_t v)
{
	uint8_t *p = patch_at(w, pos, 1);

	if (p)
		p[0] = v;
}

void wire_patch_u16(struct wire_writer *w, size_t pos, uint16_t v)
{
	uint8_t *p = patch_at(w, pos, 2);

	if (p) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	}
}

void wire_patch_u32(struct wire_writer *w, size_t pos, uint32_t v)
{
	uint8_t *p = patch_at(w, pos, 4);

	if (p) {
		p[0] = (uint8_t)(v >> 24);
		p[1] = (uint8_t)(v >> 16);
		p[2] = (uint8_t)(v >> 8);
		p[3] = (uint8_t)v;
	}
}
