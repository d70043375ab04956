/* The group member's dataplane: not linked in this build yet; the member
 * keeps registering and says "dataplane not installed". */
#include "config.h"

#include "daemon/gdoi_service_int.h"

struct gm_dp_hook *gm_dp_hook_new(struct gdoi_service *s)
{
	(void)s;
	return NULL;
}

void gm_dp_hook_free(struct gm_dp_hook *h)
{
	(void)h;
}

const char *gm_dp_hook_status(const struct gm_dp_hook *h)
{
	(void)h;
	return "not built";
}
