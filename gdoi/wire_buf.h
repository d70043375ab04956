/* Bounds-checked big-endian reader and writer over byte buffers.
 *
 * Reader: every get checks the remaining length first; a failed get leaves
 * the reader unchanged and returns false, so callers can bail out at once.
 * Writer: puts past the capacity set a sticky overflow flag instead of
 * writing; lengths are back-patched at positions remembered with
 * wire_writer_pos(). Check wire_writer_ok() once at the end. */
#ifndef GETVPND_GDOI_WIRE_BUF_H
#define GETVPND_GDOI_WIRE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wire_reader {
	const uint8_t *base; /* start of the whole message, for offsets */
	const uint8_t *p;    /* next unread byte */
	size_t left;         /* bytes left in this (sub-)reader */
};

void wire_reader_init(struct wire_reader *r, const uint8_t *buf, size_t len);
static inline size_t wire_reader_left(const struct wire_reader *r) { return r->left; }
/* Offset of the next unread byte from the start of the outermost buffer. */
static inline size_t wire_reader_offset(const struct wire_reader *r)
{
	return (size_t)(r->p - r->base);
}

bool wire_get_u8(struct wire_reader *r, uint8_t *v);
bool wire_get_u16(struct wire_reader *r, uint16_t *v);
bool wire_get_u32(struct wire_reader *r, uint32_t *v);
bool wire_get_bytes(struct wire_reader *r, void *dst, size_t n);
/* Points *p at the next n bytes (no copy) and skips them. */
bool wire_get_view(struct wire_reader *r, const uint8_t **p, size_t n);
bool wire_skip(struct wire_reader *r, size_t n);
/* Carves the next n bytes into sub (same base, for offsets) and skips them
 * in r; sub cannot read past them. */
bool wire_get_sub(struct wire_reader *r, struct wire_reader *sub, size_t n);

struct wire_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

void wire_writer_init(struct wire_writer *w, uint8_t *buf, size_t cap);
static inline size_t wire_writer_pos(const struct wire_writer *w) { return w->len; }
static inline bool wire_writer_ok(const struct wire_writer *w) { return !w->overflow; }

void wire_put_u8(struct wire_writer *w, uint8_t v);
void wire_put_u16(struct wire_writer *w, uint16_t v);
void wire_put_u32(struct wire_writer *w, uint32_t v);
void wire_put_bytes(struct wire_writer *w, const void *src, size_t n);
void wire_put_zero(struct wire_writer *w, size_t n);
/* Back-patch a field written earlier at pos; overflow if it lies outside
 * what was written. */
void wire_patch_u8(struct wire_writer *w, size_t pos, uint8_t v);
void wire_patch_u16(struct wire_writer *w, size_t pos, uint16_t v);
void wire_patch_u32(struct wire_writer *w, size_t pos, uint32_t v);

#endif
