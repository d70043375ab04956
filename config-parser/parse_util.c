#include "config-parser/parse_util.h"

#include <stdio.h>
#include <string.h>

bool parse_number(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	unsigned long value = 0;

	if (!s || !*s || (s[0] == '0' && s[1] != '\0'))
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		unsigned digit = (unsigned)(*p - '0');
		if (digit > hi || value > (hi - digit) / 10)
			return false; /* would exceed hi (and never overflows) */
		value = value * 10 + digit;
	}
	if (value < lo || value > hi)
		return false;
	*out = value;
	return true;
}

bool parse_ipv4(const char *s, uint32_t *out)
{
	uint32_t addr = 0;
	int parts = 0;

	if (!s)
		return false;
	while (parts < 4) {
		char part[4];
		size_t n = 0;
		unsigned long octet;

		while (s[n] >= '0' && s[n] <= '9' && n < 3)
			n++;
		if (n == 0)
			return false;
		memcpy(part, s, n);
		part[n] = '\0';
		if (!parse_number(part, 0, 255, &octet))
			return false;
		addr = addr << 8 | (uint32_t)octet;
		s += n;
		parts++;
		if (parts < 4) {
			if (*s != '.')
				return false;
			s++;
		}
	}
	if (*s != '\0')
		return false;
	*out = addr;
	return true;
}

const char *format_ipv4(uint32_t addr, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
		 (addr >> 8) & 0xff, addr & 0xff);
	return buf;
}

int wildcard_prefix_len(uint32_t wildcard)
{
	/* Contiguous when wildcard + 1 is a power of two (or wraps to 0). */
	uint32_t next = wildcard + 1;

	if (next & wildcard)
		return -1;
	int host_bits = 0;
	while (host_bits < 32 && (wildcard >> host_bits) & 1)
		host_bits++;
	return 32 - host_bits;
}

int netmask_prefix_len(uint32_t mask)
{
	return wildcard_prefix_len(~mask);
}

int match_keyword(const char *word, const char *const *keywords)
{
	size_t len = strlen(word);
	int found = -1;

	if (len == 0)
		return -1;
	for (int i = 0; keywords[i]; i++) {
		if (strcmp(word, keywords[i]) == 0)
			return i;
		if (strncmp(word, keywords[i], len) == 0)
			found = found == -1 ? i : -2;
	}
	return found;
}

void write_block_separator(FILE *out, bool *first)
{
	if (!*first)
		fputs("!\n", out);
	*first = false;
}

bool valid_object_name(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len > CONFIG_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] <= ' ' || (unsigned char)name[i] >= 0x7f)
			return false;
	return true;
}
