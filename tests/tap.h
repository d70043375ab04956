/* Minimal TAP producer for the unit tests (run by automake's tap-driver).
 * Usage: plan_lazy(); ok(cond, "name"); is_int(a, b, "name"); ... return done_testing(); */
#ifndef GETVPND_TESTS_TAP_H
#define GETVPND_TESTS_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_run, tap_failed;

static inline int tap_ok(int cond, const char *file, int line, const char *name)
{
	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_run, name);
	if (!cond)
		printf("#   failed at %s:%d\n", file, line);
	return cond;
}

#define ok(cond, name) tap_ok(!!(cond), __FILE__, __LINE__, (name))

#define is_int(got, want, name) do {                                            \
	long long g_ = (long long)(got), w_ = (long long)(want);                 \
	if (!tap_ok(g_ == w_, __FILE__, __LINE__, (name)))                      \
		printf("#   got %lld, want %lld\n", g_, w_);                       \
} while (0)

#define is_str(got, want, name) do {                                            \
	const char *g_ = (got), *w_ = (want);                                    \
	int same_ = g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_;                   \
	if (!tap_ok(same_, __FILE__, __LINE__, (name)))                         \
		printf("#   got  \"%s\"\n#   want \"%s\"\n", g_ ? g_ : "(null)",    \
		       w_ ? w_ : "(null)");                                          \
} while (0)

#define is_mem(got, want, len, name) do {                                       \
	const unsigned char *g_ = (const void *)(got), *w_ = (const void *)(want);\
	size_t n_ = (len);                                                       \
	if (!tap_ok(memcmp(g_, w_, n_) == 0, __FILE__, __LINE__, (name))) {     \
		printf("#   got  ");                                               \
		for (size_t i_ = 0; i_ < n_; i_++) printf("%02x", g_[i_]);          \
		printf("\n#   want ");                                             \
		for (size_t i_ = 0; i_ < n_; i_++) printf("%02x", w_[i_]);          \
		printf("\n");                                                      \
	}                                                                        \
} while (0)

static inline void diag(const char *msg)
{
	printf("# %s\n", msg);
}

static inline int done_testing(void)
{
	printf("1..%d\n", tap_run);
	return tap_failed ? 1 : 0;
}

#endif
