/* The one place where each area adds its commands and configuration
 * writers to the daemon's command tree, at start-up, in this order. An
 * area adds one line here (its *_register(d->tree, ...) call) and its
 * library to GETVPND_MODULE_LIBS in daemon/local.mk; the test
 * tests/unit/cli/test_tree then builds the whole tree. */
#include "config.h"

#include "daemon/getvpnd.h"
#include "config-parser/register.h"
#include "daemon/gdoi_service.h"

#include <time.h>

int getvpnd_register_modules(struct getvpnd *d)
{
	d->builtins.startup_config = d->opt.config;
	d->builtins.started = time(NULL);
	if (cli_builtins_register(d->tree, &d->builtins) != 0)
		return -1;
	/* --check-config opens no key store: it touches nothing on disk. */
	if (!(d->config = config_setup(d->tree, d->opt.check_config ? NULL : d->opt.state_dir)))
		return -1;
	if (!(d->gdoi = gdoi_service_new(d->config)) || gdoi_service_register(d->tree, d->gdoi) != 0)
		return -1;
	return 0;
}
