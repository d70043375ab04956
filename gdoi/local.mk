# gdoi: ISAKMP/GDOI message codec (wire_*). Exchange state machines join
# this library from their own files.
noinst_LIBRARIES += gdoi/libgdoi.a
gdoi_libgdoi_a_SOURCES = \
	gdoi/wire.h gdoi/wire_buf.h gdoi/wire_consts.h gdoi/wire_int.h \
	gdoi/wire_buf.c gdoi/wire_attr.c gdoi/wire_hdr.c gdoi/wire_build.c \
	gdoi/wire_payloads.c gdoi/wire_sa.c gdoi/wire_gdoi_sa.c gdoi/wire_kd.c \
	gdoi/wire_msg.c gdoi/wire_names.c

# Codec tests: known-answer messages live in tests/vectors/codec/.
EXTRA_DIST += tests/vectors/codec/reference-messages.txt tests/unit/gdoi/wire_test_util.h
check_PROGRAMS += tests/unit/gdoi/test_wire_vectors
tests_unit_gdoi_test_wire_vectors_SOURCES = tests/unit/gdoi/test_wire_vectors.c tests/tap.h
tests_unit_gdoi_test_wire_vectors_LDADD = gdoi/libgdoi.a
TESTS += tests/unit/gdoi/test_wire_vectors
check_PROGRAMS += tests/unit/gdoi/test_wire_buf tests/unit/gdoi/test_wire_payloads
tests_unit_gdoi_test_wire_buf_SOURCES = tests/unit/gdoi/test_wire_buf.c tests/tap.h
tests_unit_gdoi_test_wire_buf_LDADD = gdoi/libgdoi.a
tests_unit_gdoi_test_wire_payloads_SOURCES = tests/unit/gdoi/test_wire_payloads.c tests/tap.h
tests_unit_gdoi_test_wire_payloads_LDADD = gdoi/libgdoi.a
TESTS += tests/unit/gdoi/test_wire_buf tests/unit/gdoi/test_wire_payloads
check_PROGRAMS += tests/unit/gdoi/test_wire_malformed
tests_unit_gdoi_test_wire_malformed_SOURCES = tests/unit/gdoi/test_wire_malformed.c tests/tap.h
tests_unit_gdoi_test_wire_malformed_LDADD = gdoi/libgdoi.a
TESTS += tests/unit/gdoi/test_wire_malformed

# Decoder fuzz target (configure --enable-fuzzers, clang): run it with
#   tests/fuzz/wire-seeds.sh corpus && tests/fuzz/fuzz_wire_decode corpus
EXTRA_DIST += tests/fuzz/wire-seeds.sh
if ENABLE_FUZZERS
noinst_PROGRAMS += tests/fuzz/fuzz_wire_decode
tests_fuzz_fuzz_wire_decode_SOURCES = tests/fuzz/fuzz_wire_decode.c
tests_fuzz_fuzz_wire_decode_LDADD = gdoi/libgdoi.a
tests_fuzz_fuzz_wire_decode_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
endif
check_PROGRAMS += tests/unit/gdoi/wire_pcap
tests_unit_gdoi_wire_pcap_SOURCES = tests/unit/gdoi/wire_pcap.c
tests_unit_gdoi_wire_pcap_LDADD = gdoi/libgdoi.a
EXTRA_DIST += tests/unit/gdoi/test_wire_tshark.sh
TESTS += tests/unit/gdoi/test_wire_tshark.sh
EXTRA_DIST += docs/interop-wire-notes.md
