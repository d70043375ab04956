/* Group member parts of the show commands (declared for pull_show.c). */
#ifndef GETVPND_GDOI_GM_SHOW_H
#define GETVPND_GDOI_GM_SHOW_H

#include "gdoi/pull_show.h"

/* `show crypto gdoi`: one block per member group; JSON: the group objects,
 * comma separated (the caller writes the enclosing array). */
void gm_show_groups(FILE *out, const struct gm *gm, uint64_t now, bool json);

#endif
