/* Shared by the GM SA install benchmarks (bench/sa_install.c: throughput
 * against ip -batch; bench/sa_install_latency.c: ACQUIRE to installed). */
#ifndef GETVPND_BENCH_SA_INSTALL_H
#define GETVPND_BENCH_SA_INSTALL_H

#include <stdint.h>

#include "xfrm/group_sa.h"

#define SA_BENCH_TEK_SPI 0x10001000u

extern const uint8_t sa_bench_enc_key[32], sa_bench_auth_key[32];

/* Starts the group dataplane on IFNAME (10.0.0.1/8) with one ACL line,
 * permit ip 10.0.0.0/8 10.0.0.0/8, and one TEK (esp-aes 256 +
 * esp-sha256-hmac). 0 or -1 (message on stderr). */
int sa_bench_start(struct gv_gm *gm, const char *ifname);
double sa_bench_now(void);
/* One pair installed outside the figures: the first ESP state of a boot
 * loads the kernel's ESP and crypto modules, which is not what a pair costs. */
#define SA_BENCH_WARM_DST 0x0aff0001u	/* 10.255.0.1 */
int sa_bench_warm_up(struct gv_gm *gm);

/* sa_install_latency.c */
int sa_latency_main(const char *ifname, unsigned k, double rate);

#endif
