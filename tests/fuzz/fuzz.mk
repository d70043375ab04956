# fuzz.mk: the libFuzzer targets and `make fuzz`, which runs each of them in
# turn (one core) for FUZZ_SECONDS from its seed corpus and regression
# inputs. Build in a directory of its own:
#   mkdir build-fuzz && cd build-fuzz && CC=clang ../configure --enable-fuzzers
#   make fuzz FUZZ_SECONDS=600
# Each area defines its own target (gdoi/local.mk, tests/ike/local.mk,
# config-parser/local.mk); the vty protocol, payload and exchange targets
# are defined here. A new target is added to FUZZ_TARGETS and given its
# seeds in tests/fuzz/run-all.sh.
# The hardening tests (least privilege, valgrind) have their own fragment.
include $(srcdir)/tests/hardening/local.mk

FUZZ_SECONDS = 60
FUZZ_TARGETS = tests/fuzz/fuzz_wire_decode tests/ike/fuzz_mm_input \
	tests/fuzz/fuzz_config_line tests/fuzz/fuzz_vty_frame tests/fuzz/fuzz_gdoi_payloads \
	tests/fuzz/fuzz_mm_exchange tests/fuzz/fuzz_ks_exchange tests/fuzz/fuzz_gm_exchange

EXTRA_DIST += tests/fuzz/run-all.sh tests/fuzz/vty-seeds.sh tests/fuzz/fuzz_vty_frame.c \
	tests/fuzz/fuzz_gdoi_payloads.c tests/fuzz/payload-seeds.sh \
	tests/fuzz/regressions tests/stages/fuzz.sh \
	tests/fuzz/fuzz_exchange.h tests/fuzz/exchange-seeds.sh tests/fuzz/fuzz_mm_exchange.c \
	tests/fuzz/fuzz_ks_exchange.c tests/fuzz/fuzz_gm_exchange.c

if ENABLE_FUZZERS
noinst_PROGRAMS += tests/fuzz/fuzz_vty_frame
tests_fuzz_fuzz_vty_frame_SOURCES = tests/fuzz/fuzz_vty_frame.c daemon/vty_server.c
tests_fuzz_fuzz_vty_frame_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
tests_fuzz_fuzz_vty_frame_LDADD = daemon/libmodules.a $(GETVPND_MODULE_LIBS) $(LIBEVENT_LIBS)
tests_fuzz_fuzz_vty_frame_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

noinst_PROGRAMS += tests/fuzz/fuzz_gdoi_payloads
tests_fuzz_fuzz_gdoi_payloads_SOURCES = tests/fuzz/fuzz_gdoi_payloads.c
tests_fuzz_fuzz_gdoi_payloads_LDADD = $(PULL_TEST_LDADD)
tests_fuzz_fuzz_gdoi_payloads_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

# The exchange state machines, each side fed with authenticated payload
# sequences (tests/fuzz/fuzz_exchange.h).
noinst_PROGRAMS += tests/fuzz/fuzz_mm_exchange tests/fuzz/fuzz_ks_exchange \
	tests/fuzz/fuzz_gm_exchange
tests_fuzz_fuzz_mm_exchange_SOURCES = tests/fuzz/fuzz_mm_exchange.c
tests_fuzz_fuzz_mm_exchange_LDADD = gdoi/libgdoipull.a $(IKE_LDADD)
tests_fuzz_fuzz_mm_exchange_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ks_exchange_SOURCES = tests/fuzz/fuzz_ks_exchange.c
tests_fuzz_fuzz_ks_exchange_LDADD = $(PUSH_TEST_LDADD)
tests_fuzz_fuzz_ks_exchange_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_gm_exchange_SOURCES = tests/fuzz/fuzz_gm_exchange.c
tests_fuzz_fuzz_gm_exchange_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_fuzz_fuzz_gm_exchange_LDADD = $(PUSH_TEST_LDADD)
tests_fuzz_fuzz_gm_exchange_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

fuzz: $(FUZZ_TARGETS)
	$(SHELL) $(top_srcdir)/tests/fuzz/run-all.sh -t $(FUZZ_SECONDS) \
		-o $(abs_top_builddir)/fuzz-results $(FUZZ_TARGETS)
else
fuzz:
	@echo "make fuzz needs a fuzzing build: CC=clang ../configure --enable-fuzzers" >&2; exit 1
endif
.PHONY: fuzz
