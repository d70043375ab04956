/* Key server parts of the show commands (declared for pull_show.c). */
#ifndef GETVPND_GDOI_KS_SHOW_H
#define GETVPND_GDOI_KS_SHOW_H

#include "gdoi/pull_show.h"

/* `show crypto gdoi`: one block per key server group; JSON: the group
 * objects, comma separated (the caller writes the enclosing array). */
void ks_show_groups(FILE *out, const struct ks *ks, uint64_t now, bool json);

#endif
