/* Command-line options of getvpnd. The long names are a contract: the lab
 * and the tests start daemons with them. */
#include "config.h"

#include "daemon/getvpnd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: getvpnd [OPTION]...\n"
		"GETVPN (GDOI, RFC 6407) key server and group member.\n\n"
		"  --config FILE      startup-config (default " GETVPND_DEFAULT_CONFIG ")\n"
		"  --socket PATH      vty socket for getvpnsh (default " GETVPND_DEFAULT_SOCKET ")\n"
		"  --state-dir DIR    keys and runtime state (default " GETVPND_DEFAULT_STATE_DIR ")\n"
		"  --pidfile PATH     pid file (default: the socket path with .pid)\n"
		"  --foreground       stay in the foreground, log to stderr\n"
		"  --console          IOS console on this terminal (implies --foreground)\n"
		"  --check-config     check the startup-config, print errors, exit 0 or 1\n"
		"  --user NAME        run as NAME once started, with CAP_NET_ADMIN and\n"
		"                     CAP_NET_BIND_SERVICE only (docs/security.md)\n"
		"  --group NAME       group of the vty socket (mode 0660)\n"
		"  --allow-core       stay dumpable (core files, ptrace) for debugging\n"
		"  --help             this text\n"
		"  --version          the version\n");
}

/* /run/getvpnd/vty.sock -> /run/getvpnd/vty.pid; other names get ".pid". */
static char *derive_pidfile(const char *socket)
{
	size_t len = strlen(socket);
	char *p;

	if (len > 5 && strcmp(socket + len - 5, ".sock") == 0)
		len -= 5;
	p = malloc(len + 5);
	if (p) {
		memcpy(p, socket, len);
		memcpy(p + len, ".pid", 5);
	}
	return p;
}

int getvpnd_parse_options(struct getvpnd_options *opt, int argc, char **argv)
{
	enum { O_CONFIG = 256, O_SOCKET, O_STATE, O_PIDFILE, O_FG, O_CONSOLE, O_CHECK, O_HELP, O_VERSION,
	       O_USER, O_GROUP, O_ALLOW_CORE };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, O_CONFIG },
		{ "socket", required_argument, NULL, O_SOCKET },
		{ "state-dir", required_argument, NULL, O_STATE },
		{ "pidfile", required_argument, NULL, O_PIDFILE },
		{ "foreground", no_argument, NULL, O_FG },
		{ "console", no_argument, NULL, O_CONSOLE },
		{ "check-config", no_argument, NULL, O_CHECK },
		{ "user", required_argument, NULL, O_USER },
		{ "group", required_argument, NULL, O_GROUP },
		{ "allow-core", no_argument, NULL, O_ALLOW_CORE },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const char *pidfile = NULL;
	int c;

	*opt = (struct getvpnd_options){ .config = GETVPND_DEFAULT_CONFIG,
					 .socket = GETVPND_DEFAULT_SOCKET,
					 .state_dir = GETVPND_DEFAULT_STATE_DIR };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_CONFIG: opt->config = optarg; break;
		case O_SOCKET: opt->socket = optarg; break;
		case O_STATE: opt->state_dir = optarg; break;
		case O_PIDFILE: pidfile = optarg; break;
		case O_FG: opt->foreground = true; break;
		case O_CONSOLE: opt->console = opt->foreground = true; break;
		case O_CHECK: opt->check_config = true; break;
		case O_USER: opt->user = optarg; break;
		case O_GROUP: opt->group = optarg; break;
		case O_ALLOW_CORE: opt->allow_core = true; break;
		case O_HELP: usage(stdout); return 1;
		case O_VERSION: printf("getvpnd %s\n", PACKAGE_VERSION); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "getvpnd: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return -1;
	}
	opt->pidfile = pidfile ? strdup(pidfile) : derive_pidfile(opt->socket);
	if (!opt->pidfile) {
		fprintf(stderr, "getvpnd: out of memory\n");
		return -1;
	}
	return 0;
}

void getvpnd_free_options(struct getvpnd_options *opt)
{
	free(opt->pidfile);
	opt->pidfile = NULL;
}
