/* Baseline for the registration benchmark: how fast crypto/dh.c (OpenSSL)
 * does the key agreement a key server performs for each registration.
 *
 * A Main Mode responder does, per member, exactly one key pair generation
 * with its public value written out (its KE payload) and one
 * shared-secret computation (g^xy from the member's KE, peer checks
 * included). So the crypto bound of one core is
 *     pairs/s = 1 / (t_keygen + t_derive)
 * with both times measured here as CPU time of this process on one
 * thread, the same code path and group the key server uses. The same
 * loops are also timed on the wall clock (pair_per_s_wall): on a shared
 * machine that is what one process gets under the load of the moment,
 * the bound to hold a registration rate measured at the same time to.
 *
 * Usage: dh_rate GROUP [SECONDS]   (SECONDS of CPU per operation, default 2)
 * Prints one line:
 *   DH group=14 keygen_us=... derive_us=... pair_per_s=... pair_per_s_wall=... n_keygen=... */
#include "crypto/dh.h"
#include "crypto/secret_buf.h"
#include "log/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/* Wall seconds per operation of the last timed loop. */
static double wall_per_op;

/* Seconds of CPU per key pair generation + public value, over at least
 * budget seconds. */
static double time_keygen(unsigned group, double budget, unsigned long *count)
{
	unsigned char pub[512];
	size_t len = dh_public_len(group);
	double t0 = cpu_now(), w0 = clock_s(CLOCK_MONOTONIC), t;
	unsigned long n = 0;

	if (len > sizeof(pub))
		return -1;
	do {
		struct dh_keypair *kp = dh_keypair_generate(group);

		if (!kp || dh_keypair_public(kp, pub, len) != 0) {
			dh_keypair_free(kp);
			return -1;
		}
		dh_keypair_free(kp);
		n++;
		t = cpu_now() - t0;
	} while (t < budget);
	*count = n;
	wall_per_op = (clock_s(CLOCK_MONOTONIC) - w0) / (double)n;
	return t / (double)n;
}

/* Seconds of CPU per shared secret, each from a different peer value. */
static double time_derive(unsigned group, double budget, unsigned long *count)
{
	enum { PEERS = 16 };
	size_t len = dh_public_len(group);
	unsigned char *peers = malloc(PEERS * len);
	struct dh_keypair *own = dh_keypair_generate(group);
	struct secret_buf secret = { 0 };
	double t0, w0, t = -1;
	unsigned long n = 0;

	for (unsigned i = 0; peers && own && i < PEERS; i++) {
		struct dh_keypair *kp = dh_keypair_generate(group);

		if (!kp || dh_keypair_public(kp, peers + i * len, len) != 0)
			goto out;
		dh_keypair_free(kp);
	}
	if (!peers || !own)
		goto out;
	t0 = cpu_now();
	w0 = clock_s(CLOCK_MONOTONIC);
	do {
		if (dh_compute_secret(own, peers + (n % PEERS) * len, len, &secret) != 0)
			goto out;
		secret_buf_free(&secret);
		n++;
		t = cpu_now() - t0;
	} while (t < budget);
	*count = n;
	wall_per_op = (clock_s(CLOCK_MONOTONIC) - w0) / (double)n;
	t /= (double)n;
out:
	dh_keypair_free(own);
	free(peers);
	return t;
}

int main(int argc, char **argv)
{
	unsigned group = argc > 1 ? (unsigned)atoi(argv[1]) : 0;
	double budget = argc > 2 ? atof(argv[2]) : 2.0;
	unsigned long n_gen = 0, n_der = 0;
	double gen, der, gen_wall;

	if (!dh_group_supported(group) || budget <= 0) {
		fprintf(stderr, "usage: dh_rate GROUP [SECONDS]\n");
		return 64;
	}
	log_init("dh_rate", LOG_SINK_STDERR);
	gen = time_keygen(group, budget, &n_gen);
	gen_wall = wall_per_op;
	der = time_derive(group, budget, &n_der);
	if (gen <= 0 || der <= 0) {
		fprintf(stderr, "dh_rate: DH group %u failed\n", group);
		return 1;
	}
	printf("DH group=%u keygen_us=%.1f derive_us=%.1f pair_per_s=%.1f pair_per_s_wall=%.1f "
	       "n_keygen=%lu n_derive=%lu\n", group, gen * 1e6, der * 1e6, 1.0 / (gen + der),
	       1.0 / (gen_wall + wall_per_op), n_gen, n_der);
	return 0;
}
