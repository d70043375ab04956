/* The configuration commands and running-config writers, registered into
 * the daemon's command tree. */
#ifndef GETVPND_CONFIG_REGISTER_H
#define GETVPND_CONFIG_REGISTER_H

#include "cli/command.h"
#include "config-parser/config.h"

/* 0 on success, -1 if a table was refused (a message is on stderr). */
int config_register(struct cli_tree *tree, struct config *config);

#endif
