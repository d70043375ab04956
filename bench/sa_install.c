/* Group member SA installation benchmark, one side of bench/sa_install.sh
 * (run on a kernel with ESP, in a fresh network namespace whose
 * interface IFNAME has 10.0.0.1/8).
 *
 * Starts the group dataplane (xfrm/group_sa.h) with one ACL line
 * (permit ip 10.0.0.0/8 10.0.0.0/8) and one TEK (esp-aes 256 +
 * esp-sha256-hmac), then installs K per-pair out policies + states the
 * way a burst of XFRM ACQUIREs does in the daemon (gv_gm_queue_pair per
 * flow, then one gv_gm_commit_pairs, as gv_gm_process_events does after
 * draining the event socket), flows 10.0.0.1 -> 10.1.0.1 + i, timing only
 * that. It counts the outbound states the kernel then holds. It then writes BATCH-FILE: the
 * same K policies and states as `ip -batch` commands, for the baseline.
 *
 * Usage: sa_install IFNAME K BATCH-FILE
 * Prints: SA k=K xfrm_s=... per_pair_us=... pairs=... xfrm_states=...
 * With --latency IFNAME K RATE: see bench/sa_install_latency.c. */
#include "bench/sa_install.h"
#include "xfrm/owner.h"
#include "xfrm/xfrm.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define TEK_SPI SA_BENCH_TEK_SPI

const uint8_t sa_bench_enc_key[32] = "0123456789abcdef0123456789abcdef";
const uint8_t sa_bench_auth_key[32] = "fedcba9876543210fedcba9876543210";
static struct gv_gm_acl_entry acl = { .permit = 1, .sel = { .src_plen = 8, .dst_plen = 8 } };

double sa_bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(int user)
{
	struct rusage ru;
	struct timeval tv;

	getrusage(RUSAGE_SELF, &ru);
	tv = user ? ru.ru_utime : ru.ru_stime;
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void hex(FILE *f, const uint8_t *b, size_t n)
{
	fputs("0x", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
}

/* The same objects as the pair install: out policy with a tunnel
 * template, and the state of the active TEK (no marks: local sources). */
static void batch_pair(FILE *f, const struct gv_gm_pair *p)
{
	char s[16], d[16];

	inet_ntop(AF_INET, &p->outer_src, s, sizeof(s));
	inet_ntop(AF_INET, &p->dst, d, sizeof(d));
	fprintf(f, "xfrm policy add src %s/32 dst %s/32 dir out priority %u "
		   "tmpl src %s dst %s proto esp reqid %u mode tunnel\n",
		s, d, GV_PRIO_PAIR, s, d, GV_REQID_BASE + 1);
	fprintf(f, "xfrm state add src %s dst %s proto esp spi 0x%08x reqid %u mode tunnel "
		   "replay-window 0 enc 'cbc(aes)' ", s, d, TEK_SPI, GV_REQID_BASE + 1);
	hex(f, sa_bench_enc_key, sizeof(sa_bench_enc_key));
	fputs(" auth-trunc 'hmac(sha256)' ", f);
	hex(f, sa_bench_auth_key, sizeof(sa_bench_auth_key));
	fputs(" 128\n", f);
}

static int count_pair_state(const struct gv_xfrm_state *st, void *arg)
{
	/* outbound: the pairs', less the warm-up one */
	*(int *)arg += st->spi == TEK_SPI && st->src != 0 && st->dst != htonl(SA_BENCH_WARM_DST);
	return 0;
}

/* What the kernel holds after the installs: one outbound state per pair. */
static int pair_states(void)
{
	struct gv_nl nl;
	int n = 0;

	if (gv_xfrm_open(&nl) < 0)
		return -1;
	if (gv_xfrm_state_dump(&nl, count_pair_state, &n) < 0)
		n = -1;
	gv_nl_close(&nl);
	return n;
}

int sa_bench_start(struct gv_gm *gm, const char *ifname)
{
	struct gv_gm_config cfg = { .group_index = 1, .acl = &acl, .acl_len = 1 };
	struct gv_gm_tek tek = { .spi = TEK_SPI };
	char err[128];

	acl.sel.src = acl.sel.dst = htonl(0x0a000000);   /* 10.0.0.0/8 both ways */
	snprintf(cfg.ifname, sizeof(cfg.ifname), "%s", ifname);
	if (gv_keys_set(&tek.keys, gv_alg_find("esp-aes", 256), sa_bench_enc_key, sizeof(sa_bench_enc_key),
			gv_alg_find("esp-sha256-hmac", 0), sa_bench_auth_key, sizeof(sa_bench_auth_key), err,
			sizeof(err)) != 0) {
		fprintf(stderr, "sa_install: %s\n", err);
		return -1;
	}
	if (gv_gm_start(gm, &cfg) != 0 || gv_gm_add_tek(gm, &tek) != 0) {
		fprintf(stderr, "sa_install: %s\n", gv_gm_error(gm));
		return -1;
	}
	gv_keys_wipe(&tek.keys);
	return 0;
}

int sa_bench_warm_up(struct gv_gm *gm)
{
	struct gv_xfrm_sel flow = { .src = htonl(0x0a000001), .dst = htonl(SA_BENCH_WARM_DST),
				    .src_plen = 32, .dst_plen = 32 };

	if (gv_gm_install_pair(gm, &flow, 0) != 0) {
		fprintf(stderr, "sa_install: warm-up pair: %s\n", gv_gm_error(gm));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct gv_gm *gm;
	unsigned k = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 0;
	FILE *f;
	double t0, t, u0, s0;
	int rc = 0;

	if (argc == 5 && strcmp(argv[1], "--latency") == 0) {
		k = (unsigned)strtoul(argv[3], NULL, 10);
		if (k > 0 && k <= 60000)
			return sa_latency_main(argv[2], k, strtod(argv[4], NULL));
	}
	if (argc != 4 || k == 0 || k > 60000) {
		fprintf(stderr, "usage: sa_install IFNAME K BATCH-FILE\n"
				"       sa_install --latency IFNAME K FLOWS-PER-SECOND (0: all at once)\n");
		return 64;
	}
	gm = gv_gm_new();
	if (!gm || sa_bench_start(gm, argv[1]) != 0)
		return 1;
	/* Untimed: the first state of a boot loads the ESP and crypto modules
	 * (ip -batch, run after this, finds them loaded). */
	if (sa_bench_warm_up(gm) != 0) {
		gv_gm_free(gm);
		return 1;
	}
	u0 = cpu_s(1);
	s0 = cpu_s(0);
	t0 = sa_bench_now();
	for (unsigned i = 0; i < k && rc == 0; i++) {
		struct gv_xfrm_sel flow = { .src = htonl(0x0a000001), .dst = htonl(0x0a010001 + i),
					    .src_plen = 32, .dst_plen = 32 };

		rc = gv_gm_queue_pair(gm, &flow, 0);
	}
	if (gv_gm_commit_pairs(gm) > 0)
		rc = -1;
	t = sa_bench_now() - t0;
	if (rc != 0) {
		fprintf(stderr, "sa_install: %s\n", gv_gm_error(gm));
		gv_gm_free(gm);
		return 1;
	}
	printf("SA k=%u xfrm_s=%.3f per_pair_us=%.1f user_s=%.3f sys_s=%.3f pairs=%zu xfrm_states=%d\n",
	       k, t, t * 1e6 / k, cpu_s(1) - u0, cpu_s(0) - s0, gv_gm_pair_count(gm) - 1, pair_states());
	f = fopen(argv[3], "w");
	for (size_t i = 0; f && i < gv_gm_pair_count(gm); i++)
		if (gv_gm_pair_at(gm, i)->dst != htonl(SA_BENCH_WARM_DST))	/* not the warm-up pair */
			batch_pair(f, gv_gm_pair_at(gm, i));
	if (!f || fclose(f) != 0)
		rc = 1;
	gv_gm_withdraw(gm);
	gv_gm_free(gm);
	return rc;
}
