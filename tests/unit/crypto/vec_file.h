/* Reader for the known-answer files under tests/vectors/ ("name = hex"
 * lines, '#' comments). Tests find them through $top_srcdir (set by
 * `make check`), else the source directory compiled in. */
#ifndef GETVPND_TESTS_VEC_FILE_H
#define GETVPND_TESTS_VEC_FILE_H

#include <stddef.h>

struct vec_entry {
	char *name;
	unsigned char *data;
	size_t len;
};

struct vec_file {
	struct vec_entry *entries;
	size_t n;
};

/* Loads tests/vectors/NAME. 0 ok, -1 missing or malformed (reported on stdout as a TAP comment). */
int vec_load(struct vec_file *v, const char *name);
/* The value called name, or NULL (then *len is 0). */
const unsigned char *vec_get(const struct vec_file *v, const char *name, size_t *len);
/* printf-style name. */
const unsigned char *vec_getf(const struct vec_file *v, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vec_free(struct vec_file *v);

/* Hex to bytes helper for literals in tests; returns a malloc'd buffer. */
unsigned char *vec_hex(const char *hex, size_t *len);

#endif
