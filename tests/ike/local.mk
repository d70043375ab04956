# Two-process Main Mode over real UDP 848 (network namespaces, veth).
check_PROGRAMS += tests/ike/mm_peer
tests_ike_mm_peer_SOURCES = tests/ike/mm_peer.c
tests_ike_mm_peer_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(LIBEVENT_CFLAGS)
tests_ike_mm_peer_LDADD = gdoi/libtransport.a $(IKE_LIBS) $(LIBEVENT_LIBS) $(OPENSSL_LIBS)
TESTS += tests/ike/mm_netns.sh
EXTRA_DIST += tests/ike/mm_netns.sh tests/ike/interop_strongswan.sh tests/ike/fuzz_mm_input.c

# Main Mode input fuzz target (configure --enable-fuzzers, clang):
#   tests/ike/fuzz_mm_input -max_total_time=60 corpus
if ENABLE_FUZZERS
noinst_PROGRAMS += tests/ike/fuzz_mm_input
tests_ike_fuzz_mm_input_SOURCES = tests/ike/fuzz_mm_input.c
tests_ike_fuzz_mm_input_LDADD = $(IKE_LDADD)
tests_ike_fuzz_mm_input_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
endif
