/* Cross-reference checks of a configuration, IOS style: a profile may name
 * a transform set that does not exist yet (accepted when typed), but the
 * problem is reported here, for `show crypto gdoi` and --check-config. */
#ifndef GETVPND_CONFIG_VALIDATE_H
#define GETVPND_CONFIG_VALIDATE_H

#include "config-parser/config.h"

typedef void (*config_report_fn)(const char *message, void *arg);

/* Calls report once per problem; returns the number of problems. */
unsigned config_validate(const struct config *config, config_report_fn report, void *arg);
/* Same, restricted to what one GDOI group depends on. */
unsigned config_validate_group(const struct config *config, const struct gdoi_group *group,
			       config_report_fn report, void *arg);

#endif
