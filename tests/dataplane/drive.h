/* xfrm_drive: a test driver for the group member dataplane (xfrm/group_sa.h). */
#ifndef GETVPND_TESTS_DRIVE_H
#define GETVPND_TESTS_DRIVE_H

#include <stddef.h>

#include "xfrm/group_sa.h"

/* "permit|deny PROTO SRC[/PLEN] DST[/PLEN] [SPORT [DPORT]]", PROTO a name
 * (ip, icmp, tcp, udp) or number, "any" for 0.0.0.0/0. 0 or -1. */
int drive_parse_acl(char **argv, int argc, struct gv_gm_acl_entry *out, char *err, size_t errlen);

/* "SPI ENC[/BITS] ENCKEYHEX [AUTH AUTHKEYHEX]", e.g.
 * "0x1000 esp-aes/128 00112233... esp-sha-hmac 0011...". 0 or -1. */
int drive_parse_tek(char **argv, int argc, struct gv_gm_tek *out, char *err, size_t errlen);

#endif
