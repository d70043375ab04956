# gdoi/push.mk: GROUPKEY-PUSH (rekey): build, sign, verify, acknowledge
noinst_LIBRARIES += gdoi/libgdoipush.a
gdoi_libgdoipush_a_SOURCES = \
	gdoi/rekey_kek.c gdoi/rekey_kek.h \
	gdoi/rekey_policy.h gdoi/rekey_policy_build.c gdoi/rekey_policy_parse.c \
	gdoi/push_msg.h gdoi/push_build.c gdoi/push_open.c \
	gdoi/push_ack.h gdoi/push_ack.c gdoi/push_ack_checker.c gdoi/push_gm.h gdoi/push_gm.c \
	gdoi/rekey_round.h gdoi/rekey_round.c gdoi/rekey_ks.h gdoi/rekey_ks.c \
	gdoi/rekey_sched.h gdoi/rekey_sched.c gdoi/rekey.h \
	gdoi/rekey_send.h gdoi/rekey_send.c
gdoi_libgdoipush_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)

PUSH_TEST_LDADD = gdoi/libgdoipush.a gdoi/libgdoipull.a gdoi/libgdoi.a crypto/libgvcrypto.a \
	gdoi/libikesa.a log/liblog.a $(OPENSSL_LIBS)
PUSH_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'

PUSH_TESTS = tests/unit/push/test_push_kat tests/unit/push/test_push_roundtrip \
	tests/unit/push/test_push_tamper tests/unit/push/test_rekey_round \
	tests/unit/push/test_rekey_sched tests/unit/push/test_push_with_pull \
	tests/unit/push/test_push_fuzz_smoke tests/unit/push/test_rekey_send
check_PROGRAMS += $(PUSH_TESTS)
TESTS += $(PUSH_TESTS)
tests_unit_push_test_push_kat_SOURCES = tests/unit/push/test_push_kat.c \
	tests/unit/crypto/vec_file.c tests/unit/crypto/vec_file.h
tests_unit_push_test_push_kat_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_unit_push_test_push_kat_LDADD = $(PUSH_TEST_LDADD)
tests_unit_push_test_push_roundtrip_SOURCES = tests/unit/push/test_push_roundtrip.c
tests_unit_push_test_push_roundtrip_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_unit_push_test_push_roundtrip_LDADD = $(PUSH_TEST_LDADD)
EXTRA_DIST += tests/unit/push/push_test_util.h
tests_unit_push_test_push_tamper_SOURCES = tests/unit/push/test_push_tamper.c
tests_unit_push_test_push_tamper_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_unit_push_test_push_tamper_LDADD = $(PUSH_TEST_LDADD)
tests_unit_push_test_rekey_round_SOURCES = tests/unit/push/test_rekey_round.c
tests_unit_push_test_rekey_round_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_unit_push_test_rekey_round_LDADD = $(PUSH_TEST_LDADD)
tests_unit_push_test_rekey_sched_SOURCES = tests/unit/push/test_rekey_sched.c
tests_unit_push_test_rekey_sched_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_unit_push_test_rekey_sched_LDADD = $(PUSH_TEST_LDADD)
tests_unit_push_test_push_with_pull_SOURCES = tests/unit/push/test_push_with_pull.c
tests_unit_push_test_push_with_pull_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_unit_push_test_push_with_pull_LDADD = gdoi/libgdoipush.a $(PULL_TEST_LDADD)
tests_unit_push_test_push_fuzz_smoke_SOURCES = tests/unit/push/test_push_fuzz_smoke.c
tests_unit_push_test_push_fuzz_smoke_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_unit_push_test_push_fuzz_smoke_LDADD = $(PUSH_TEST_LDADD)
EXTRA_DIST += tests/push/push_fuzz_body.h tests/push/fuzz_push_open.c

# libFuzzer target (./configure --enable-fuzzers CC=clang).
if ENABLE_FUZZERS
noinst_PROGRAMS += tests/push/fuzz_push_open
tests_push_fuzz_push_open_SOURCES = tests/push/fuzz_push_open.c
tests_push_fuzz_push_open_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_push_fuzz_push_open_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_push_fuzz_push_open_LDADD = $(PUSH_TEST_LDADD)
endif
tests_unit_push_test_rekey_send_SOURCES = tests/unit/push/test_rekey_send.c
tests_unit_push_test_rekey_send_CPPFLAGS = $(PUSH_TEST_CPPFLAGS)
tests_unit_push_test_rekey_send_LDADD = $(PUSH_TEST_LDADD)
