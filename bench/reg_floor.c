/* What a key server cannot avoid spending on one registration besides the
 * key agreement: the datagrams and the symmetric cryptography that Main
 * Mode (pre-shared key, AES-256, SHA-256) and GROUPKEY-PULL require of the
 * responder, with the sizes a DH group 19 registration has on the wire.
 * No parsing, no state, no timers, no logging: a floor, not a model.
 * Set against the crypto bound (bench/dh_rate), it gives the largest share
 * of the key server's CPU the key agreement can possibly have:
 *   bound / (bound + floor).
 * Prints one line: FLOOR us=... sends=5 recvs=5 hmac=10 cbc=6 digest=2 rand=3
 * Usage: reg_floor [SECONDS] */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "crypto/cipher.h"
#include "crypto/hash_alg.h"
#include "crypto/prf.h"
#include "crypto/random.h"

/* UDP payloads the key server sends in a registration (Main Mode 2, 4, 6,
 * GROUPKEY-PULL 2, 4), as captured on a bench run; it receives five
 * datagrams of 76-132 bytes. */
static const size_t sent_sizes[] = { 88, 132, 108, 236, 508 };
/* HMAC-SHA256 inputs: SKEYID; SKEYID_d, _a, _e; HASH_I check, HASH_R;
 * PULL HASH(1) check, HASH(2), HASH(3) check, HASH(4). */
static const size_t hmac_sizes[] = { 64, 49, 81, 81, 200, 200, 60, 180, 68, 476 };
/* AES-256-CBC: Main Mode 5 in, 6 out; PULL 1 in, 2 out, 3 in, 4 out. */
static const size_t cbc_sizes[] = { 80, 80, 80, 208, 48, 480 };
/* SHA-256 digests: phase-1 IV (g^xi | g^xr), PULL IV (last block | M-ID). */
static const size_t digest_sizes[] = { 128, 20 };
/* Random: responder cookie, Main Mode Nr, PULL Nr. */
static const size_t random_sizes[] = { 8, 32, 32 };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Two sockets on 127.0.0.1: the key server's and its peer's. Sending to
 * the peer and reading it back costs this process one send (with the
 * loopback delivery, which the sender pays) and one receive per datagram,
 * as the key server pays for one datagram out and one in. */
static int open_pair(int fds[2], struct sockaddr_in *peer)
{
	socklen_t len = sizeof(*peer);

	for (int i = 0; i < 2; i++) {
		struct sockaddr_in a = { .sin_family = AF_INET,
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

		fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fds[i] < 0 || bind(fds[i], (struct sockaddr *)&a, sizeof(a)) < 0)
			return -1;
	}
	return getsockname(fds[1], (struct sockaddr *)peer, &len);
}

static int datagrams(const int fds[2], const struct sockaddr_in *peer, unsigned char *buf)
{
	for (size_t i = 0; i < COUNT(sent_sizes); i++) {
		if (sendto(fds[0], buf, sent_sizes[i], 0, (const struct sockaddr *)peer,
			   sizeof(*peer)) != (ssize_t)sent_sizes[i] ||
		    recv(fds[1], buf, 2048, 0) != (ssize_t)sent_sizes[i])
			return -1;
	}
	return 0;
}

static int symmetric(unsigned char *buf, unsigned char *out)
{
	static const unsigned char key[32] = { 1 }, iv[16] = { 2 };
	unsigned char mac[32];

	for (size_t i = 0; i < COUNT(hmac_sizes); i++)
		if (prf1(CRYPTO_HASH_SHA256, key, sizeof(key), buf, hmac_sizes[i], mac) < 0)
			return -1;
	for (size_t i = 0; i < COUNT(cbc_sizes); i++)
		if ((i % 2 ? crypto_cbc_encrypt : crypto_cbc_decrypt)(CRYPTO_CIPHER_AES_CBC, key,
								      sizeof(key), iv, sizeof(iv),
								      buf, cbc_sizes[i], out) < 0)
			return -1;
	for (size_t i = 0; i < COUNT(digest_sizes); i++) {
		struct crypto_chunk c = { buf, digest_sizes[i] };

		if (crypto_hash_digest(CRYPTO_HASH_SHA256, &c, 1, mac) < 0)
			return -1;
	}
	for (size_t i = 0; i < COUNT(random_sizes); i++)
		if (random_bytes(out, random_sizes[i]) < 0)
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	double budget = argc > 1 ? atof(argv[1]) : 2.0, t0, t;
	static unsigned char buf[2048], out[2048];
	struct sockaddr_in peer;
	int fds[2] = { -1, -1 };
	unsigned long n = 0;

	if (budget <= 0 || open_pair(fds, &peer) < 0) {
		fprintf(stderr, "usage: reg_floor [SECONDS] (needs a loopback UDP socket)\n");
		return 64;
	}
	/* the first calls fetch the OpenSSL algorithms the daemon caches */
	if (symmetric(buf, out) < 0)
		return 1;
	t0 = cpu_now();
	do {
		if (datagrams(fds, &peer, buf) < 0 || symmetric(buf, out) < 0) {
			perror("reg_floor");
			return 1;
		}
		n++;
		t = cpu_now() - t0;
	} while (t < budget);
	printf("FLOOR us=%.1f sends=%zu recvs=%zu hmac=%zu cbc=%zu digest=%zu rand=%zu n=%lu\n",
	       t / (double)n * 1e6, COUNT(sent_sizes), COUNT(sent_sizes), COUNT(hmac_sizes),
	       COUNT(cbc_sizes), COUNT(digest_sizes), COUNT(random_sizes), n);
	close(fds[0]);
	close(fds[1]);
	return 0;
}
