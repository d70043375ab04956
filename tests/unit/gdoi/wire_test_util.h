/* Helpers for the codec tests: hex strings and the known-answer messages
 * in tests/vectors/codec/ (found through $top_srcdir). */
#ifndef GETVPND_TESTS_WIRE_TEST_UTIL_H
#define GETVPND_TESTS_WIRE_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes hex (spaces ignored) into out; returns the length or 0 on error. */
static inline size_t unhex(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v = hexval((unsigned char)*hex);

		if (*hex == ' ' || *hex == '\n')
			continue;
		if (v < 0)
			return 0;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return 0;
		out[n++] = (unsigned char)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? n : 0;
}

/* Loads the message called name from the reference vectors; returns its
 * length, 0 if missing (the caller's test then fails). */
static inline size_t load_vector(const char *name, unsigned char *out, size_t cap)
{
	const char *top = getenv("top_srcdir");
	char path[4096], *line = NULL;
	size_t linecap = 0, n = 0, nlen = strlen(name);
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/vectors/codec/reference-messages.txt",
		 top ? top : ".");
	f = fopen(path, "r");
	if (!f) {
		printf("# cannot open %s\n", path);
		return 0;
	}
	while (getline(&line, &linecap, f) > 0) {
		if (strncmp(line, name, nlen) == 0 && line[nlen] == ' ') {
			n = unhex(line + nlen + 1, out, cap);
			break;
		}
	}
	free(line);
	fclose(f);
	if (!n)
		printf("# vector %s not found\n", name);
	return n;
}

#endif
