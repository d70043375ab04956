/* Registration load generator: N simulated group members, each from its
 * own source address (BASE, BASE+1, ...; 127.0.0.0/8 is local without
 * setup), register with a real key server using the group member's own
 * code: the Main Mode initiator (gdoi/ike_mm) and the GROUPKEY-PULL
 * initiator (gdoi/gm_pull) over the UDP 848 transport (gdoi/transport).
 * On the wire each member is an ordinary member: its own address, port
 * 848, its own DH key pair, cookies, nonces and keys.
 *
 * At most WINDOW registrations are in flight; a finished one starts the
 * next. With --ks-pid the key server's CPU time and VmRSS are read just
 * before the first and after the last registration.
 *
 * With --rekey-wait S, once all are registered it prints READY and waits
 * up to S seconds until every member has received, verified and (when
 * asked) acknowledged one GROUPKEY-PUSH, then prints a REKEY line with
 * the wall-clock times (ms since the epoch) of the first and last one.
 * Byte-identical copies are checked in full once (see reg_rekey.c);
 * --rekey-verify-all has every member check its copy in full. The rekey
 * phase reads and answers in batches (reg_rekey_io.c).
 *
 * Usage: reg_load --ks ADDR --group ID --psk KEY --dh GROUP --count N
 *                 [--base ADDR] [--window W] [--ks-pid PID] [--timeout S]
 *                 [--rekey-wait S [--rekey-verify-all]]
 * Prints one line of key=value pairs starting with "REG". Exit 0 when
 * every member registered (and, with --rekey-wait, got the rekey). */
#include "bench/proc_usage.h"
#include "bench/reg_load.h"
#include "gdoi/gm_pull.h"
#include "gdoi/ike_mm.h"
#include "gdoi/transport.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static int usage(void)
{
	fprintf(stderr, "usage: reg_load --ks ADDR --group ID --psk KEY --dh GROUP --count N\n"
			"                [--base ADDR] [--window W] [--ks-pid PID] [--timeout S]\n"
			"                [--rekey-wait S [--rekey-verify-all]]\n");
	return 64;
}

static int parse_args(int argc, char **argv, struct load_opts *o)
{
	static const struct option opts[] = {
		{ "ks", required_argument, NULL, 'k' }, { "group", required_argument, NULL, 'g' },
		{ "psk", required_argument, NULL, 'p' }, { "dh", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' }, { "base", required_argument, NULL, 'b' },
		{ "window", required_argument, NULL, 'w' }, { "ks-pid", required_argument, NULL, 'P' },
		{ "timeout", required_argument, NULL, 't' },
		{ "rekey-wait", required_argument, NULL, 'r' },
		{ "rekey-verify-all", no_argument, NULL, 'V' }, { NULL, 0, NULL, 0 },
	};
	int c;

	inet_pton(AF_INET, "127.1.0.1", &o->base);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': if (inet_pton(AF_INET, optarg, &o->ks) != 1) return -1; break;
		case 'b': if (inet_pton(AF_INET, optarg, &o->base) != 1) return -1; break;
		case 'g': o->group_id = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'p': o->psk = optarg; break;
		case 'd': o->dh_group = (unsigned)atoi(optarg); break;
		case 'n': o->count = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'w': o->window = (unsigned)atoi(optarg); break;
		case 'P': o->ks_pid = atoi(optarg); break;
		case 't': o->timeout_s = atoi(optarg); break;
		case 'r': o->rekey_wait_s = atoi(optarg); break;
		case 'V': o->rekey_verify_all = true; break;
		default: return -1;
		}
	}
	if (!o->ks.s_addr || !o->group_id || !o->psk || !o->count || !o->window ||
	    !ike_group_supported(o->dh_group) || o->timeout_s <= 0)
		return -1;
	return 0;
}

static double own_cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Latency percentile (ms) over the members that registered. */
static uint32_t percentile(struct load *l, double q)
{
	uint32_t *v = malloc(sizeof(*v) * (l->ok ? l->ok : 1));
	unsigned k = 0;
	uint32_t r;

	if (!v || !l->ok) {
		free(v);
		return 0;
	}
	for (unsigned i = 0; i < l->o.count; i++)
		if (l->m[i].state == M_DONE)
			v[k++] = (uint32_t)(l->m[i].done_ms - l->m[i].start_ms);
	qsort(v, k, sizeof(*v), cmp_u32);
	r = v[(size_t)(q * (k - 1))];
	free(v);
	return r;
}

static void report(struct load *l, double wall, double ks_cpu, long rss0, long rss1, double gen_cpu)
{
	printf("REG dh=%u n=%u ok=%u failed=%u wall_s=%.3f reg_per_s=%.1f ks_cpu_s=%.3f "
	       "ks_cpu_ms_per_reg=%.3f ks_rss_kb_start=%ld ks_rss_kb_end=%ld gen_cpu_s=%.3f "
	       "lat_p50_ms=%u lat_p99_ms=%u pull_resends=%lu window=%u\n",
	       l->o.dh_group, l->o.count, l->ok, l->failed, wall, l->ok / wall, ks_cpu,
	       l->ok ? ks_cpu * 1e3 / l->ok : 0.0, rss0, rss1, gen_cpu, percentile(l, 0.5),
	       percentile(l, 0.99), l->resends, l->o.window);
	fflush(stdout);
}

/* The CPU time the rekey phase took: the generator's, and the key
 * server's (with --ks-pid; read once the last acks had time to be
 * checked). Both are idle otherwise, so on a shared machine these say
 * what the wall-clock figure cannot. */
static void rekey_phase(struct load *l)
{
	double gen0, gen1, ks0 = 0, ks1 = 0;
	struct timespec settle = { 0, 300 * 1000 * 1000 };

	/* before READY: the rekey may follow it at once */
	if (rekey_io_start(l) != 0)
		fprintf(stderr, "reg_load: batched rekey I/O unavailable; one datagram per call\n");
	if (l->o.ks_pid)
		ks0 = proc_cpu_seconds_fine(l->o.ks_pid);
	gen0 = own_cpu_seconds();
	printf("READY\n");
	fflush(stdout);
	load_wait_rekey(l);
	gen1 = own_cpu_seconds();
	rekey_io_stop(l);
	if (l->o.ks_pid) {
		nanosleep(&settle, NULL);
		ks1 = proc_cpu_seconds_fine(l->o.ks_pid);
	}
	printf("REKEY n=%u rekeyed=%u rejected=%u size=%zu first_ms=%llu last_ms=%llu "
	       "full_checks=%u copies=%u reads=%lu dropped=%lu ack_errors=%lu gen_cpu_ms=%.1f "
	       "ks_cpu_ms=%.1f\n", l->ok, l->rekeyed, l->rekey_rejected, l->rekey_len,
	       (unsigned long long)l->rekey_first_ms, (unsigned long long)l->rekey_last_ms,
	       l->rekey_full, l->rekey_memo, l->rekey_batches, l->rekey_dropped,
	       l->rekey_ack_errors, (gen1 - gen0) * 1e3, (ks1 - ks0) * 1e3);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct load l = { .o = { .window = 64, .timeout_s = 600 } };
	double ks_cpu0 = 0, ks_cpu1 = 0, gen0, wall;
	long rss0 = -1, rss1 = -1;
	uint64_t t0;

	if (parse_args(argc, argv, &l.o) != 0)
		return usage();
	log_init("reg_load", LOG_SINK_STDERR);
	log_set_level(LOG_SEV_WARNING);
	if (load_setup(&l) != 0)
		return 1;
	if (l.o.ks_pid) {
		ks_cpu0 = proc_cpu_seconds(l.o.ks_pid);
		rss0 = proc_rss_kb(l.o.ks_pid);
	}
	gen0 = own_cpu_seconds();
	t0 = load_now_ms();
	load_run(&l);
	wall = (double)(load_now_ms() - t0) / 1e3;
	if (l.o.ks_pid) {
		ks_cpu1 = proc_cpu_seconds(l.o.ks_pid);
		rss1 = proc_rss_kb(l.o.ks_pid);
	}
	report(&l, wall, ks_cpu1 - ks_cpu0, rss0, rss1, own_cpu_seconds() - gen0);
	if (l.o.rekey_wait_s > 0 && l.ok)
		rekey_phase(&l);
	load_teardown(&l);
	return l.ok == l.o.count && (l.o.rekey_wait_s <= 0 || l.rekeyed == l.ok) ? 0 : 1;
}
