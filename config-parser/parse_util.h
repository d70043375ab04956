/* Strict parsers for the small value types of the configuration language:
 * decimal numbers, dotted-quad addresses, wildcard masks, port numbers and
 * names. Each rejects anything that is not exactly well formed (signs,
 * leading garbage, overflow, empty strings). */
#ifndef GETVPND_CONFIG_PARSE_UTIL_H
#define GETVPND_CONFIG_PARSE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decimal number in [lo, hi]; no sign, no spaces, no leading zeros beyond "0". */
bool parse_number(const char *s, unsigned long lo, unsigned long hi, unsigned long *out);

/* A.B.C.D, each part 0-255 in decimal without leading zeros; host byte order. */
bool parse_ipv4(const char *s, uint32_t *out);
/* Writes A.B.C.D (host byte order input) into buf (16 bytes are enough). */
const char *format_ipv4(uint32_t addr, char *buf, size_t len);

/* Wildcard masks (inverse masks): a mask is "contiguous" when its set bits
 * are the low bits (0.0.0.255), i.e. it describes a prefix. Returns the
 * prefix length (0-32) or -1 for a discontiguous mask such as 0.0.255.0. */
int wildcard_prefix_len(uint32_t wildcard);
/* Network masks (255.255.255.0): prefix length or -1 when not contiguous. */
int netmask_prefix_len(uint32_t mask);

/* Case-sensitive unique-prefix match of word against a NULL-terminated list
 * of keywords (IOS abbreviations). Returns the index, -1 when nothing
 * matches, -2 when the prefix is ambiguous. An exact match always wins. */
int match_keyword(const char *word, const char *const *keywords);

/* Name validity for configuration object names (ACLs, sets, groups...):
 * 1..CONFIG_NAME_MAX printable non-space characters. */
#define CONFIG_NAME_MAX 63
bool valid_object_name(const char *name);

/* running-config writers separate blocks with "!" lines; the CLI engine
 * adds the one after each writer's output, so a writer prints one only
 * between its own blocks: call this before each block. */
void write_block_separator(FILE *out, bool *first);

#endif
