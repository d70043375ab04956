/* The configuration commands and running-config writers, registered into
 * the daemon's command tree. */
#ifndef GETVPND_CONFIG_REGISTER_H
#define GETVPND_CONFIG_REGISTER_H

#include "cli/command.h"
#include "config-parser/config.h"

/* 0 on success, -1 if a table was refused (a message is on stderr). */
int config_register(struct cli_tree *tree, struct config *config);

/* For the daemon: a new configuration with the key store of state_dir
 * (a key store that cannot be opened is logged and left out, as is one
 * with no state_dir: the key commands then say so), registered into tree.
 * NULL on failure. */
struct config *config_setup(struct cli_tree *tree, const char *state_dir);
/* Frees what config_setup made (the configuration and its key store). */
void config_teardown(struct config *config);

#endif
