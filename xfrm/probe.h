/* Can this network namespace run the dataplane? (esp4, xfrm_user, nf_tables) */
#ifndef GETVPND_XFRM_PROBE_H
#define GETVPND_XFRM_PROBE_H

#include <stddef.h>

/* Adds and removes a throw-away ESP state (and checks nf_tables).
 * Returns 0 when the dataplane can work, -1 with a reason naming the missing
 * kernel feature, e.g. "kernel lacks ESP (CONFIG_INET_ESP): state add failed
 * with Requested type not found". */
int gv_dataplane_probe(char *reason, size_t len);

/* Turns a failed ESP state add (errno, kernel text) into that reason. */
void gv_probe_explain(char *reason, size_t len, int err, const char *kernel_text);

#endif
