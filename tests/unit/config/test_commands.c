/* Configuration commands through the CLI engine. */
#include "tests/unit/config/rig.h"

int main(void)
{
	struct rig r;

	rig_init(&r, NULL);
	ok(rig_run_all(&r, "configure terminal\ncrypto isakmp policy 10\nencr aes"), "smoke");
	rig_free(&r, true);
	return done_testing();
}
