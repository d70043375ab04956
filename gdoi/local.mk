# gdoi: ISAKMP/GDOI message codec (wire_*). The exchange state machines
# join the same library from their own fragments (gdoi/phase1.mk, ...) with
#   gdoi_libgdoi_a_SOURCES += gdoi/....c
noinst_LIBRARIES += gdoi/libgdoi.a
gdoi_libgdoi_a_SOURCES = \
	gdoi/wire.h gdoi/wire_buf.h gdoi/wire_consts.h gdoi/wire_int.h \
	gdoi/wire_buf.c gdoi/wire_attr.c gdoi/wire_hdr.c gdoi/wire_build.c \
	gdoi/wire_payloads.c gdoi/wire_sa.c gdoi/wire_gdoi_sa.c gdoi/wire_kd.c \
	gdoi/wire_msg.c gdoi/wire_names.c
EXTRA_DIST += docs/interop-wire-notes.md

# Codec tests. Known-answer messages: tests/vectors/codec/.
EXTRA_DIST += tests/vectors/codec/reference-messages.txt tests/unit/gdoi/wire_test_util.h
wire_tests = \
	tests/unit/gdoi/test_wire_buf \
	tests/unit/gdoi/test_wire_payloads \
	tests/unit/gdoi/test_wire_vectors \
	tests/unit/gdoi/test_wire_malformed
check_PROGRAMS += $(wire_tests)
TESTS += $(wire_tests)
tests_unit_gdoi_test_wire_buf_SOURCES = tests/unit/gdoi/test_wire_buf.c tests/tap.h
tests_unit_gdoi_test_wire_buf_LDADD = gdoi/libgdoi.a
tests_unit_gdoi_test_wire_payloads_SOURCES = tests/unit/gdoi/test_wire_payloads.c tests/tap.h
tests_unit_gdoi_test_wire_payloads_LDADD = gdoi/libgdoi.a
tests_unit_gdoi_test_wire_vectors_SOURCES = tests/unit/gdoi/test_wire_vectors.c tests/tap.h
tests_unit_gdoi_test_wire_vectors_LDADD = gdoi/libgdoi.a
tests_unit_gdoi_test_wire_malformed_SOURCES = tests/unit/gdoi/test_wire_malformed.c tests/tap.h
tests_unit_gdoi_test_wire_malformed_LDADD = gdoi/libgdoi.a

# tshark cross-check: wire_pcap writes codec-built messages into a pcap.
check_PROGRAMS += tests/unit/gdoi/wire_pcap
tests_unit_gdoi_wire_pcap_SOURCES = tests/unit/gdoi/wire_pcap.c
tests_unit_gdoi_wire_pcap_LDADD = gdoi/libgdoi.a
EXTRA_DIST += tests/unit/gdoi/test_wire_tshark.sh
TESTS += tests/unit/gdoi/test_wire_tshark.sh

# Decoder fuzz target (configure --enable-fuzzers, CC=clang). Run with
#   tests/fuzz/run-wire-fuzz.sh [BUILD-DIR [SECONDS]]
EXTRA_DIST += tests/fuzz/wire-seeds.sh tests/fuzz/run-wire-fuzz.sh
if ENABLE_FUZZERS
noinst_PROGRAMS += tests/fuzz/fuzz_wire_decode
tests_fuzz_fuzz_wire_decode_SOURCES = tests/fuzz/fuzz_wire_decode.c
tests_fuzz_fuzz_wire_decode_LDADD = gdoi/libgdoi.a
tests_fuzz_fuzz_wire_decode_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
endif
