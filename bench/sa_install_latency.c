/* ACQUIRE-to-installed latency for new flows, as the daemon sees them.
 *
 * The group dataplane is started as in bench/sa_install.c (its ACL out
 * policies are the catch-all triggers). A child process then opens K new
 * flows, UDP datagrams from 10.0.0.1 to 10.1.0.1 + i, RATE per second (0:
 * as fast as it can), noting the time just before each send. Each first
 * packet makes the kernel send an ACQUIRE; this process runs the daemon's
 * event handling (poll on gv_gm_events_fd, gv_gm_process_events: drain the
 * ACQUIREs, one batch for their pairs, answers checked) and notes when each
 * pair is in, i.e. when the call that installed it returned. Latency = that
 * time - the send time (CLOCK_MONOTONIC, shared by both processes).
 *
 * Prints: SALAT k=K rate=R installed=N p50_ms=... p99_ms=... max_ms=... rounds=... */
#include "bench/sa_install.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FIRST_DST 0x0a010001u
#define WAIT_S 60.0

static void sleep_until(double t)
{
	double left = t - sa_bench_now();
	struct timespec ts;

	if (left <= 0)
		return;
	ts.tv_sec = (time_t)left;
	ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

/* The child: one datagram to each new destination. */
static void send_flows(double *sent, unsigned k, double rate)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	double t0 = sa_bench_now();

	if (fd < 0)
		_exit(1);
	for (unsigned i = 0; i < k; i++) {
		struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9),
					  .sin_addr.s_addr = htonl(FIRST_DST + i) };

		if (rate > 0)
			sleep_until(t0 + i / rate);
		sent[i] = sa_bench_now();
		if (sendto(fd, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&to, sizeof(to)) < 0 &&
		    errno != EAGAIN)
			fprintf(stderr, "sa_install: send to flow %u: %s\n", i, strerror(errno));
	}
	close(fd);
	_exit(0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Times the pairs that appeared since the last look (appended in order). */
static unsigned note_new_pairs(struct gv_gm *gm, size_t *seen, double *installed, unsigned k)
{
	double now = sa_bench_now();
	unsigned got = 0;

	for (; *seen < gv_gm_pair_count(gm); (*seen)++) {
		uint32_t i = ntohl(gv_gm_pair_at(gm, *seen)->dst) - FIRST_DST;

		if (i < k && installed[i] == 0) {
			installed[i] = now;
			got++;
		}
	}
	return got;
}

static int serve(struct gv_gm *gm, double *installed, unsigned k, unsigned *rounds)
{
	struct pollfd p = { .fd = gv_gm_events_fd(gm), .events = POLLIN };
	double deadline = sa_bench_now() + WAIT_S;
	unsigned done = 0;
	size_t seen = 0;

	while (done < k && sa_bench_now() < deadline) {
		if (poll(&p, 1, 100) <= 0)
			continue;
		if (gv_gm_process_events(gm) < 0)
			fprintf(stderr, "sa_install: %s\n", gv_gm_error(gm));
		(*rounds)++;
		done += note_new_pairs(gm, &seen, installed, k);
	}
	return (int)done;
}

static void report(const double *sent, const double *installed, unsigned k, double rate, int done,
		   unsigned rounds)
{
	double *lat = calloc(k, sizeof(*lat));
	unsigned n = 0;

	for (unsigned i = 0; lat && i < k; i++)
		if (installed[i] > 0 && sent[i] > 0)
			lat[n++] = (installed[i] - sent[i]) * 1e3;
	if (n == 0) {
		printf("SALAT k=%u rate=%g installed=%d\n", k, rate, done);
		free(lat);
		return;
	}
	qsort(lat, n, sizeof(*lat), cmp_double);
	printf("SALAT k=%u rate=%g installed=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rounds=%u\n", k, rate,
	       done, lat[n / 2], lat[(size_t)(n * 0.99) < n ? (size_t)(n * 0.99) : n - 1], lat[n - 1], rounds);
	free(lat);
}

int sa_latency_main(const char *ifname, unsigned k, double rate)
{
	double *sent = mmap(NULL, k * sizeof(double), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	double *installed = calloc(k, sizeof(double));
	struct gv_gm *gm = gv_gm_new();
	unsigned rounds = 0;
	int done, status;
	pid_t child;

	if (sent == MAP_FAILED || !installed || !gm || sa_bench_start(gm, ifname) != 0 || sa_bench_warm_up(gm) != 0)
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0)
		send_flows(sent, k, rate);
	done = serve(gm, installed, k, &rounds);
	waitpid(child, &status, 0);
	report(sent, installed, k, rate, done, rounds);
	gv_gm_withdraw(gm);
	gv_gm_free(gm);
	free(installed);
	munmap(sent, k * sizeof(double));
	return done == (int)k && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
