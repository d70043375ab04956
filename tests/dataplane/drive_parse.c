/* Text forms of ACL lines and TEKs for the dataplane test driver. */
#include "tests/dataplane/drive.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int parse_proto(const char *s, uint8_t *proto)
{
	char *end;
	unsigned long v;

	if (strcmp(s, "ip") == 0) {
		*proto = 0;
		return 0;
	}
	if (strcmp(s, "icmp") == 0 || strcmp(s, "tcp") == 0 || strcmp(s, "udp") == 0) {
		*proto = strcmp(s, "icmp") == 0 ? 1 : strcmp(s, "tcp") == 0 ? 6 : 17;
		return 0;
	}
	v = strtoul(s, &end, 0);
	if (*s == '\0' || *end != '\0' || v > 255)
		return -1;
	*proto = (uint8_t)v;
	return 0;
}

static int parse_prefix(const char *s, uint32_t *addr, uint8_t *plen)
{
	char buf[32], *slash, *end;
	struct in_addr in;
	unsigned long len = 32;

	if (strcmp(s, "any") == 0) {
		*addr = 0;
		*plen = 0;
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		len = strtoul(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end != '\0' || len > 32)
			return -1;
	}
	if (inet_pton(AF_INET, buf, &in) != 1)
		return -1;
	*addr = in.s_addr;
	*plen = (uint8_t)len;
	return 0;
}

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int drive_parse_acl(char **argv, int argc, struct gv_gm_acl_entry *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (argc < 4 || argc > 6 || (strcmp(argv[0], "permit") && strcmp(argv[0], "deny"))) {
		snprintf(err, errlen, "acl: permit|deny PROTO SRC DST [SPORT [DPORT]]");
		return -1;
	}
	out->permit = strcmp(argv[0], "permit") == 0;
	if (parse_proto(argv[1], &out->sel.proto) < 0 ||
	    parse_prefix(argv[2], &out->sel.src, &out->sel.src_plen) < 0 ||
	    parse_prefix(argv[3], &out->sel.dst, &out->sel.dst_plen) < 0 ||
	    (argc > 4 && parse_port(argv[4], &out->sel.sport) < 0) ||
	    (argc > 5 && parse_port(argv[5], &out->sel.dport) < 0)) {
		snprintf(err, errlen, "acl: cannot parse the protocol, a prefix or a port");
		return -1;
	}
	return 0;
}

/* Hex string into at most max bytes; returns the length or -1. */
static long parse_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	if (strncasecmp(s, "0x", 2) == 0)
		s += 2;
	if (strlen(s) % 2)
		return -1;
	for (; *s; s += 2) {
		unsigned v;

		if (n == max || sscanf(s, "%2x", &v) != 1)
			return -1;
		out[n++] = (uint8_t)v;
	}
	return (long)n;
}

static const struct gv_alg *parse_alg(const char *s)
{
	char name[32], *slash;
	unsigned bits = 0;

	snprintf(name, sizeof(name), "%s", s);
	slash = strchr(name, '/');
	if (slash) {
		*slash = '\0';
		bits = (unsigned)strtoul(slash + 1, NULL, 10);
	}
	return gv_alg_find(name, bits);
}

int drive_parse_tek(char **argv, int argc, struct gv_gm_tek *out, char *err, size_t errlen)
{
	uint8_t ek[GV_ENC_KEY_MAX], ak[GV_AUTH_KEY_MAX];
	const struct gv_alg *enc, *auth = NULL;
	long elen, alen = 0;
	char *end;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (argc != 3 && argc != 5) {
		snprintf(err, errlen, "tek: SPI ENC[/BITS] KEYHEX [AUTH KEYHEX]");
		return -1;
	}
	out->spi = (uint32_t)strtoul(argv[0], &end, 0);
	enc = parse_alg(argv[1]);
	if (argc == 5)
		auth = parse_alg(argv[3]);
	elen = parse_hex(argv[2], ek, sizeof(ek));
	if (argc == 5)
		alen = parse_hex(argv[4], ak, sizeof(ak));
	if (*end || out->spi < 256 || !enc || (argc == 5 && !auth) || elen < 0 || alen < 0)
		snprintf(err, errlen, "tek: bad SPI, algorithm name or hex key");
	else
		ret = gv_keys_set(&out->keys, enc, ek, (size_t)elen, auth, ak, (size_t)alen, err, errlen);
	OPENSSL_cleanse(ek, sizeof(ek));
	OPENSSL_cleanse(ak, sizeof(ak));
	return ret;
}
