/* getvpnd entry point (the daemon proper arrives with the CLI engine). */
#include "config.h"

#include <stdio.h>

int main(void)
{
	printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	return 0;
}
