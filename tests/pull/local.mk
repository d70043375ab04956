# GROUPKEY-PULL between two real processes over UDP 848 (network
# namespaces, veth), after a real Main Mode. Included from gdoi/pull.mk.
check_PROGRAMS += tests/pull/pull_peer
tests_pull_pull_peer_SOURCES = tests/pull/pull_peer.c
tests_pull_pull_peer_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(LIBEVENT_CFLAGS)
tests_pull_pull_peer_LDADD = gdoi/libgdoipullsvc.a gdoi/libgdoishow.a gdoi/libgdoipull.a config-parser/libconfig.a \
	crypto/libkeystore.a cli/libcli.a gdoi/libtransport.a $(IKE_LIBS) \
	$(LIBEVENT_LIBS) $(OPENSSL_LIBS)
TESTS += tests/pull/pull_netns.sh
EXTRA_DIST += tests/pull/pull_netns.sh tests/pull/ks.conf tests/pull/gm.conf

# Hostile payloads behind a valid HASH (configure --enable-fuzzers, clang).
if ENABLE_FUZZERS
noinst_PROGRAMS += tests/pull/fuzz_pull_input
tests_pull_fuzz_pull_input_SOURCES = tests/pull/fuzz_pull_input.c tests/pull/pull_mutate.h
tests_pull_fuzz_pull_input_LDADD = $(PULL_TEST_LDADD)
tests_pull_fuzz_pull_input_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
endif

# The same wiring in one process on the loopback (no namespaces needed).
check_PROGRAMS += tests/pull/test_pull_loopback
tests_pull_test_pull_loopback_SOURCES = tests/pull/test_pull_loopback.c
tests_pull_test_pull_loopback_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(LIBEVENT_CFLAGS)
tests_pull_test_pull_loopback_LDADD = gdoi/libgdoipullsvc.a gdoi/libgdoipull.a \
	gdoi/libtransport.a $(IKE_LIBS) $(LIBEVENT_LIBS) $(OPENSSL_LIBS)
TESTS += tests/pull/test_pull_loopback
