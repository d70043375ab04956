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
