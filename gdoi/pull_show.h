/* `show crypto gdoi ...` for the key server and the group member, in IOS
 * layout, each with a trailing `json` keyword printing the same facts as
 * one JSON object (FRR convention):
 *   show crypto gdoi [json]              both roles, groups with their policy
 *   show crypto gdoi ks members [json]   the key server's member tables
 *   show crypto gdoi ks policy [json]    the key server's KEK/TEK policy
 *   show crypto gdoi gm [json]           the member's registration state
 * Register pull_show_commands with cli_tree_register(tree, table, ctx) with
 * ctx a struct pull_show_ctx that outlives the tree. */
#ifndef GETVPND_GDOI_PULL_SHOW_H
#define GETVPND_GDOI_PULL_SHOW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/command.h"
#include "gdoi/gm.h"
#include "gdoi/ks.h"
#include "gdoi/pull_clock.h"

struct pull_show_ctx {
	struct ks *ks;             /* NULL: not a key server */
	struct gm *gm;             /* NULL: not a group member */
	uint64_t (*now)(void);     /* monotonic seconds; NULL = pull_now */
};

extern const struct cli_command pull_show_commands[];

/* The formatters behind the commands (ks or gm may be NULL). */
void pull_show_gdoi(FILE *out, const struct ks *ks, const struct gm *gm, uint64_t now, bool json);
void ks_show_members(FILE *out, const struct ks *ks, uint64_t now, bool json);
void ks_show_policy(FILE *out, const struct ks *ks, uint64_t now, bool json);
void gm_show(FILE *out, const struct gm *gm, uint64_t now, bool json);

/* Shared pieces (gdoi/pull_show_util.c). */
/* "permit ip 10.1.0.0 0.0.255.255 host 239.1.1.1 eq 5000" */
void pull_format_selector(const struct gp_selector *s, char *buf, size_t len);
/* "0x1A2B3C4D(439041101)" */
void pull_format_spi(uint32_t spi, char *buf, size_t len);
/* JSON helpers: a quoted, escaped string; "a.b.c.d/len". */
void pull_json_string(FILE *out, const char *s);
void pull_json_prefix(FILE *out, struct in_addr addr, struct in_addr mask);
/* A policy's TEKs as a JSON array / its KEK as an object (no key bytes);
 * the lifetimes printed are those in gp (remaining ones, as shown). */
void pull_json_teks(FILE *out, const struct group_policy *gp);
void pull_json_kek(FILE *out, const struct gp_kek *kek);
/* TEK POLICY lines common to both roles (IOS GM layout). */
void pull_show_tek(FILE *out, const struct gp_tek *t, const char *indent);

#endif
