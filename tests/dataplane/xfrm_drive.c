/* Test driver for the group member dataplane. Runs commands from its
 * arguments (separated by ";") and then from a control FIFO, answering
 * ACQUIREs all the while, and prints "done: CMD" or "fail: CMD: reason".
 *
 *   xfrm_drive probe          capability probe: prints "ok" or the reason
 *   xfrm_drive cleanup        removes getvpnd leftovers from this namespace
 *   xfrm_drive gm [--control FIFO] [CMD ; CMD ...]
 * Commands: acl permit|deny PROTO SRC DST [SPORT [DPORT]] | start IFNAME [GROUP]
 *   | install-tek SPI ENC[/BITS] KEY [AUTH KEY] | activate-tek SPI | remove-tek SPI
 *   | serve-acquires SECONDS | sync-bypass | reap IDLE_SECONDS | pairs
 *   | withdraw | quit */
#include "tests/dataplane/drive.h"
#include "xfrm/cleanup.h"
#include "xfrm/probe.h"
#include "xfrm/xfrm.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log/log.h"

#define MAX_ACL 64
#define MAX_ARGS 16

struct driver {
	struct gv_gm *gm;
	struct gv_gm_acl_entry acl[MAX_ACL];
	size_t acl_len;
	int control;		/* FIFO fd or -1 */
	int quit;
	char err[512];
};

static double now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Waits up to timeout seconds (<0: forever) for events or a command; handles events. */
static int serve(struct driver *d, double timeout)
{
	double end = now_secs() + timeout;

	for (;;) {
		struct pollfd p[3] = { { .fd = gv_gm_events_fd(d->gm), .events = POLLIN },
				       { .fd = d->control, .events = POLLIN },
				       { .fd = gv_gm_rtnl_fd(d->gm), .events = POLLIN } };
		double left = end - now_secs();
		int ms = timeout < 0 ? -1 : left <= 0 ? 0 : (int)(left * 1000) + 1;

		if (timeout >= 0 && left <= 0)
			return 0;
		if (poll(p, 3, ms) < 0 && errno != EINTR)
			return -1;
		if (p[0].revents & POLLIN && gv_gm_process_events(d->gm) < 0)
			printf("event error: %s\n", gv_gm_error(d->gm));
		if (p[2].revents & POLLIN && gv_gm_process_rtnl(d->gm) < 0)
			printf("address change: %s\n", gv_gm_error(d->gm));
		if (p[1].revents & POLLIN && timeout < 0)
			return 1;
	}
}

static int cmd_pairs(struct driver *d)
{
	char a[16], b[16], o[16];

	for (size_t i = 0; i < gv_gm_pair_count(d->gm); i++) {
		const struct gv_gm_pair *p = gv_gm_pair_at(d->gm, i);

		printf("pair %s > %s outer %s mark 0x%08x\n", gv_ip_str(p->src, a), gv_ip_str(p->dst, b),
		       gv_ip_str(p->outer_src, o), p->mark);
	}
	return 0;
}

static int cmd_start(struct driver *d, char **argv, int argc)
{
	struct gv_gm_config cfg = { 0 };

	if (argc < 2) {
		snprintf(d->err, sizeof(d->err), "start IFNAME [GROUP]");
		return -1;
	}
	snprintf(cfg.ifname, sizeof(cfg.ifname), "%s", argv[1]);
	cfg.group_index = argc > 2 ? (unsigned)atoi(argv[2]) : 1;
	cfg.acl = d->acl;
	cfg.acl_len = d->acl_len;
	if (gv_gm_start(d->gm, &cfg) < 0) {
		snprintf(d->err, sizeof(d->err), "%s", gv_gm_error(d->gm));
		return -1;
	}
	return 0;
}

static int cmd_tek(struct driver *d, char **argv, int argc)
{
	struct gv_gm_tek tek;
	int ret = drive_parse_tek(argv + 1, argc - 1, &tek, d->err, sizeof(d->err));

	if (ret == 0 && (ret = gv_gm_add_tek(d->gm, &tek)) < 0)
		snprintf(d->err, sizeof(d->err), "%s", gv_gm_error(d->gm));
	gv_keys_wipe(&tek.keys);
	return ret;
}

static int run_gm_result(struct driver *d, int ret)
{
	if (ret < 0)
		snprintf(d->err, sizeof(d->err), "%s", gv_gm_error(d->gm));
	return ret < 0 ? -1 : 0;
}

static int dispatch(struct driver *d, char **argv, int argc)
{
	const char *c = argv[0];

	if (strcmp(c, "acl") == 0) {
		if (d->acl_len == MAX_ACL) {
			snprintf(d->err, sizeof(d->err), "too many ACL lines");
			return -1;
		}
		if (drive_parse_acl(argv + 1, argc - 1, &d->acl[d->acl_len], d->err, sizeof(d->err)) < 0)
			return -1;
		d->acl_len++;
		return 0;
	}
	if (strcmp(c, "start") == 0)
		return cmd_start(d, argv, argc);
	if (strcmp(c, "install-tek") == 0)
		return cmd_tek(d, argv, argc);
	if (strcmp(c, "activate-tek") == 0 && argc == 2)
		return run_gm_result(d, gv_gm_activate_tek(d->gm, (uint32_t)strtoul(argv[1], NULL, 0)));
	if (strcmp(c, "remove-tek") == 0 && argc == 2)
		return run_gm_result(d, gv_gm_remove_tek(d->gm, (uint32_t)strtoul(argv[1], NULL, 0)));
	if (strcmp(c, "serve-acquires") == 0 && argc == 2)
		return serve(d, atof(argv[1])) < 0 ? -1 : 0;
	if (strcmp(c, "sync-bypass") == 0)
		return run_gm_result(d, gv_gm_sync_bypass(d->gm));
	if (strcmp(c, "reap") == 0 && argc == 2)
		return run_gm_result(d, gv_gm_reap_idle(d->gm, (unsigned)atoi(argv[1])));
	if (strcmp(c, "pairs") == 0)
		return cmd_pairs(d);
	if (strcmp(c, "withdraw") == 0)
		return run_gm_result(d, gv_gm_withdraw(d->gm));
	if (strcmp(c, "quit") == 0) {
		d->quit = 1;
		return 0;
	}
	snprintf(d->err, sizeof(d->err), "unknown command or wrong arguments");
	return -1;
}

static void run_line(struct driver *d, char *line)
{
	char *argv[MAX_ARGS], *save = NULL, *tok, copy[512];
	int argc = 0;

	line[strcspn(line, "\r\n")] = '\0';
	snprintf(copy, sizeof(copy), "%s", line);
	for (tok = strtok_r(line, " \t", &save); tok && argc < MAX_ARGS; tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	if (argc == 0 || argv[0][0] == '#')
		return;
	d->err[0] = '\0';
	if (dispatch(d, argv, argc) < 0)
		printf("fail: %s: %s\n", copy, d->err);
	else
		printf("done: %s\n", copy);
	OPENSSL_cleanse(copy, sizeof(copy));
}

/* Reads whole lines from the control FIFO (opened read-write: never EOF). */
static void read_control(struct driver *d)
{
	static char buf[4096];
	static size_t have;
	ssize_t n = read(d->control, buf + have, sizeof(buf) - 1 - have);
	char *nl;

	if (n <= 0)
		return;
	have += (size_t)n;
	buf[have] = '\0';
	while ((nl = strchr(buf, '\n'))) {
		*nl = '\0';
		run_line(d, buf);
		have -= (size_t)(nl + 1 - buf);
		memmove(buf, nl + 1, have + 1);
	}
	if (have == sizeof(buf) - 1)
		have = 0;	/* an overlong line is dropped */
}

static int main_gm(int argc, char **argv)
{
	struct driver d = { .control = -1 };
	char line[512] = "";
	int i = 2;

	if (argc > 3 && strcmp(argv[2], "--control") == 0) {
		d.control = open(argv[3], O_RDWR | O_CLOEXEC);
		if (d.control < 0) {
			perror(argv[3]);
			return 2;
		}
		i = 4;
	}
	d.gm = gv_gm_new();
	for (; i <= argc && !d.quit; i++) {
		if (i == argc || strcmp(argv[i], ";") == 0) {
			run_line(&d, line);
			line[0] = '\0';
		} else {
			strncat(line, argv[i], sizeof(line) - strlen(line) - 2);
			strcat(line, " ");
		}
	}
	while (d.control >= 0 && !d.quit)
		if (serve(&d, -1) > 0)
			read_control(&d);
	gv_gm_free(d.gm);
	return 0;
}

int main(int argc, char **argv)
{
	char reason[512];
	struct gv_nl nl;

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_init("xfrm_drive", LOG_SINK_STDERR);
	if (argc >= 2 && strcmp(argv[1], "probe") == 0) {
		int ret = gv_dataplane_probe(reason, sizeof(reason));

		printf("%s\n", reason);
		return ret < 0 ? 1 : 0;
	}
	if (argc >= 2 && strcmp(argv[1], "cleanup") == 0) {
		int n;

		if (gv_xfrm_open(&nl) < 0 || (n = gv_xfrm_remove_leftovers(&nl)) < 0) {
			printf("cleanup failed: %s\n", nl.err);
			return 1;
		}
		printf("removed %d objects\n", n);
		gv_nl_close(&nl);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "gm") == 0)
		return main_gm(argc, argv);
	fprintf(stderr, "usage: xfrm_drive probe | cleanup | gm [--control FIFO] [CMD ; CMD ...]\n");
	return 2;
}
