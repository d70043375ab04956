/* getvpnd: options, the command tree, the startup-config, then the event
 * loop serving the vty socket (and the console) until SIGTERM/SIGINT. */
#include "config.h"

#include "daemon/console.h"
#include "daemon/gdoi_service.h"
#include "daemon/getvpnd.h"
#include "daemon/privileges.h"
#include "daemon/vty_server.h"
#include "cli/session.h"
#include "config-parser/register.h"
#include "log/log.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Errors of the startup-config go to stderr in the foreground (the caret
 * lines stay aligned), to the log otherwise. */
static void report_config_errors(const char *text, bool foreground)
{
	const char *line = text;

	if (foreground) {
		fputs(text, stderr);
		return;
	}
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);

		log_event("PARSER", LOG_SEV_ERR, "CONFIG", "%.*s", len, line);
		line = nl ? nl + 1 : NULL;
	}
}

/* The startup-config holds the pre-shared keys: say so when others can
 * read it (a warning, not a refusal: the keys may already be known, and
 * only the administrator can judge). */
static void warn_if_config_exposed(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 || !(st.st_mode & (S_IRWXG | S_IRWXO)))
		return;
	log_event("PARSER", LOG_SEV_WARNING, "CONFIG_MODE",
		  "startup-config %s is accessible to group or others (mode 0%03o) and may hold pre-shared keys; make it private: chmod 600 %s",
		  path, (unsigned)(st.st_mode & 0777), path);
}

static int load_startup_config(struct getvpnd *d)
{
	char *errors = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&errors, &len);
	long failed;

	if (!mem)
		return -1;
	failed = cli_config_load(d->tree, d, d->opt.config, d->opt.check_config, mem);
	fclose(mem);
	if (failed < 0) {
		int err = errno;

		free(errors);
		if (d->opt.check_config) {
			fprintf(stderr, "%s: %s\n", d->opt.config, strerror(err));
			return -1;
		}
		log_event("PARSER", LOG_SEV_WARNING, "NOCONFIG",
			  "Cannot read startup-config %s (%s); starting with an empty configuration",
			  d->opt.config, strerror(err));
		return 0;
	}
	if (d->opt.check_config) {
		fputs(errors, stdout);
		free(errors);
		return failed ? -1 : 0;
	}
	warn_if_config_exposed(d->opt.config);
	report_config_errors(errors, d->opt.foreground);
	free(errors);
	if (failed)
		log_event("PARSER", LOG_SEV_WARNING, "CONFIG",
			  "startup-config %s: %ld line%s failed", d->opt.config, failed,
			  failed == 1 ? "" : "s");
	else
		log_event("PARSER", LOG_SEV_NOTICE, "CONFIG", "startup-config %s loaded",
			  d->opt.config);
	return 0;
}

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	struct getvpnd *d = arg;

	log_event("SYS", LOG_SEV_NOTICE, "SHUTDOWN", "getvpnd stopping on signal %d", (int)sig);
	event_base_loopexit(d->base, NULL);
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	log_event("SYS", LOG_SEV_NOTICE, "RELOAD", "reload not supported yet");
}

/* The socket's directory (/run/getvpnd by default) may not exist yet. */
static void make_socket_dir(const char *socket)
{
	char *dir = strdup(socket);
	char *slash = dir ? strrchr(dir, '/') : NULL;

	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			log_event("SYS", LOG_SEV_WARNING, "SOCKDIR", "mkdir %s: %s", dir, strerror(errno));
	}
	free(dir);
}

static int serve(struct getvpnd *d)
{
	struct event *sig[3];
	int pid_fd, rc = 1;

	d->base = event_base_new();
	if (!d->base)
		return 1;
	make_socket_dir(d->opt.socket);
	d->vty = vty_server_new(d->base, d->tree, d, d->opt.socket);
	if (!d->vty)
		goto out_base;
	if (!d->opt.foreground && daemon(1, 0) != 0) {
		fprintf(stderr, "getvpnd: daemon: %s\n", strerror(errno));
		goto out_vty;
	}
	pid_fd = pidfile_create(d->opt.pidfile);
	if (pid_fd < 0)
		goto out_vty;
	sig[0] = evsignal_new(d->base, SIGTERM, on_stop, d);
	sig[1] = evsignal_new(d->base, SIGINT, on_stop, d);
	sig[2] = evsignal_new(d->base, SIGHUP, on_hup, d);
	for (int i = 0; i < 3; i++)
		if (sig[i])
			event_add(sig[i], NULL);
	if (privileges_drop(&d->opt) != 0)
		goto out_signals;
	if (d->opt.console && !(d->console = console_new(d->base, d->tree, d)))
		log_event("SYS", LOG_SEV_WARNING, "CONSOLE", "no console on this terminal");
	log_event("SYS", LOG_SEV_NOTICE, "START", "getvpnd %s serving %s", PACKAGE_VERSION,
		  d->opt.socket);
	if (gdoi_service_start(d->gdoi, d->base) != 0)
		log_event("SYS", LOG_SEV_ERR, "GDOI", "the GDOI service cannot start");
	rc = event_base_dispatch(d->base) < 0;
	gdoi_service_free(d->gdoi);
	d->gdoi = NULL;
	console_free(d->console);
out_signals:
	for (int i = 0; i < 3; i++)
		if (sig[i])
			event_free(sig[i]);
	pidfile_remove(d->opt.pidfile, pid_fd);
out_vty:
	vty_server_free(d->vty);
out_base:
	event_base_free(d->base);
	return rc;
}

int main(int argc, char **argv)
{
	struct getvpnd d = { 0 };
	int rc;

	rc = getvpnd_parse_options(&d.opt, argc, argv);
	if (rc != 0)
		return rc > 0 ? 0 : 1;
	signal(SIGPIPE, SIG_IGN);
	log_init("getvpnd", d.opt.foreground || d.opt.check_config ? LOG_SINK_STDERR : LOG_SINK_SYSLOG);
	if (!d.opt.check_config && privileges_prepare(&d.opt) != 0) {
		getvpnd_free_options(&d.opt);
		return 1;
	}
	d.builtins.version_note = privileges_summary();
	d.tree = cli_tree_new();
	if (!d.tree || getvpnd_register_modules(&d) != 0) {
		fprintf(stderr, "getvpnd: cannot build the command tree\n");
		rc = 1;
	} else if (d.opt.check_config) {
		rc = load_startup_config(&d) == 0 ? 0 : 1;
	} else {
		rc = load_startup_config(&d) == 0 ? serve(&d) : 1;
	}
	cli_tree_free(d.tree);
	getvpnd_free_modules(&d);
	getvpnd_free_options(&d.opt);
	log_close();
	return rc;
}
