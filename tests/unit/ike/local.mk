# Main Mode unit tests (TAP): sans-IO, on simulated time.
ike_test_ldadd = tests/unit/ike/libiketest.a $(IKE_LDADD)
noinst_LIBRARIES += tests/unit/ike/libiketest.a
tests_unit_ike_libiketest_a_SOURCES = tests/unit/ike/mm_harness.c tests/unit/ike/mm_harness.h
tests_unit_ike_libiketest_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)

ike_unit_tests = \
	tests/unit/ike/test_ike_timer \
	tests/unit/ike/test_ike_policy \
	tests/unit/ike/test_mm_kat \
	tests/unit/ike/test_mm_exchange \
	tests/unit/ike/test_mm_negative \
	tests/unit/ike/test_mm_mutate \
	tests/unit/ike/test_mm_flood_memory \
	tests/unit/ike/test_transport

check_PROGRAMS += $(ike_unit_tests)
TESTS += $(ike_unit_tests)
EXTRA_DIST += tests/unit/ike/loopback-mm.vec tests/unit/ike/extract-mm.py

tests_unit_ike_test_ike_timer_SOURCES = tests/unit/ike/test_ike_timer.c
tests_unit_ike_test_ike_timer_LDADD = $(ike_test_ldadd)
tests_unit_ike_test_ike_policy_SOURCES = tests/unit/ike/test_ike_policy.c
tests_unit_ike_test_ike_policy_LDADD = $(ike_test_ldadd)
tests_unit_ike_test_mm_kat_SOURCES = tests/unit/ike/test_mm_kat.c
tests_unit_ike_test_mm_kat_CPPFLAGS = $(AM_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_ike_test_mm_kat_LDADD = $(ike_test_ldadd)
tests_unit_ike_test_mm_exchange_SOURCES = tests/unit/ike/test_mm_exchange.c
tests_unit_ike_test_mm_exchange_LDADD = $(ike_test_ldadd)
tests_unit_ike_test_mm_negative_SOURCES = tests/unit/ike/test_mm_negative.c
tests_unit_ike_test_mm_negative_LDADD = $(ike_test_ldadd)
tests_unit_ike_test_mm_mutate_SOURCES = tests/unit/ike/test_mm_mutate.c
tests_unit_ike_test_mm_mutate_LDADD = $(ike_test_ldadd)
tests_unit_ike_test_mm_flood_memory_SOURCES = tests/unit/ike/test_mm_flood_memory.c
tests_unit_ike_test_mm_flood_memory_LDADD = $(ike_test_ldadd)
tests_unit_ike_test_transport_SOURCES = tests/unit/ike/test_transport.c
tests_unit_ike_test_transport_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
tests_unit_ike_test_transport_LDADD = gdoi/libtransport.a $(IKE_LDADD) $(LIBEVENT_LIBS)

# Where Main Mode answers: the peer's port moves only with an accepted message.
check_PROGRAMS += tests/unit/ike/test_mm_port
TESTS += tests/unit/ike/test_mm_port
tests_unit_ike_test_mm_port_SOURCES = tests/unit/ike/test_mm_port.c
tests_unit_ike_test_mm_port_LDADD = $(ike_test_ldadd)
