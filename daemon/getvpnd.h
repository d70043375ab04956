/* The daemon's model: its options, the one command tree every vty,
 * console and configuration file goes through, and the event loop. */
#ifndef GETVPND_DAEMON_GETVPND_H
#define GETVPND_DAEMON_GETVPND_H

#include "cli/builtins.h"
#include "cli/command.h"

#include <stdbool.h>

#define GETVPND_DEFAULT_CONFIG "/etc/getvpnd/startup-config"
#define GETVPND_DEFAULT_SOCKET "/run/getvpnd/vty.sock"
#define GETVPND_DEFAULT_STATE_DIR "/var/lib/getvpnd"

struct getvpnd_options {
	const char *config;
	const char *socket;
	const char *state_dir;
	char *pidfile;          /* derived from socket unless given */
	bool foreground;
	bool console;
	bool check_config;
	const char *user;       /* --user: run as this user once started (daemon/privileges.h) */
	const char *group;      /* --group: group of the vty socket */
	bool allow_core;        /* --allow-core: stay dumpable, for debugging */
};

struct event_base;
struct vty_server;
struct console;
struct config;
struct gdoi_service;

struct getvpnd {
	struct getvpnd_options opt;
	struct cli_tree *tree;
	struct cli_builtins builtins;
	struct event_base *base;
	struct vty_server *vty;
	struct console *console;
	struct config *config;          /* config-parser: the configuration model */
	struct gdoi_service *gdoi;      /* key server and group member (daemon/gdoi_service.h) */
};

/* options.c: 0 = run, 1 = exit 0 (help/version printed), -1 = usage error. */
int getvpnd_parse_options(struct getvpnd_options *opt, int argc, char **argv);
void getvpnd_free_options(struct getvpnd_options *opt);

/* modules.c: every area's commands and configuration writers. */
int getvpnd_register_modules(struct getvpnd *d);
/* What the modules own (the GDOI service, the configuration), after the
 * command tree is freed. */
void getvpnd_free_modules(struct getvpnd *d);

/* pidfile.c */
int pidfile_create(const char *path);
void pidfile_remove(const char *path, int fd);

#endif
