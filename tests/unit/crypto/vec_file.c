#include "tests/unit/crypto/vec_file.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

unsigned char *vec_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex);
	unsigned char *out = malloc(n / 2 + 1);

	*len = 0;
	if (!out || n % 2) {
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < n; i += 2) {
		int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);

		if (hi < 0 || lo < 0) {
			free(out);
			return NULL;
		}
		out[(*len)++] = (unsigned char)(hi << 4 | lo);
	}
	return out;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int add_line(struct vec_file *v, char *line)
{
	char *eq = strchr(line, '='), *name, *value;
	struct vec_entry *grown, *e;

	if (!eq)
		return -1;
	*eq = '\0';
	name = trim(line);
	value = trim(eq + 1);
	grown = realloc(v->entries, (v->n + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	v->entries = grown;
	e = &v->entries[v->n];
	e->data = vec_hex(value, &e->len);
	e->name = strdup(name);
	if (!e->data || !e->name) {
		free(e->data);
		free(e->name);
		return -1;
	}
	v->n++;
	return 0;
}

int vec_load(struct vec_file *v, const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[4096], *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	FILE *f;

	memset(v, 0, sizeof(*v));
	snprintf(path, sizeof(path), "%s/tests/vectors/%s", top && *top ? top : TOP_SRCDIR, name);
	f = fopen(path, "r");
	if (!f) {
		printf("# cannot open %s\n", path);
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		char *s = trim(line);

		lineno++;
		if (*s == '\0' || *s == '#')
			continue;
		if (add_line(v, s) < 0) {
			printf("# %s:%d: malformed line\n", path, lineno);
			rc = -1;
		}
	}
	free(line);
	fclose(f);
	if (rc < 0)
		vec_free(v);
	return rc;
}

const unsigned char *vec_get(const struct vec_file *v, const char *name, size_t *len)
{
	for (size_t i = 0; i < v->n; i++) {
		if (strcmp(v->entries[i].name, name) == 0) {
			*len = v->entries[i].len;
			return v->entries[i].data;
		}
	}
	*len = 0;
	return NULL;
}

const unsigned char *vec_getf(const struct vec_file *v, size_t *len, const char *fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return vec_get(v, name, len);
}

void vec_free(struct vec_file *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->entries[i].name);
		free(v->entries[i].data);
	}
	free(v->entries);
	v->entries = NULL;
	v->n = 0;
}
