# Unit tests: one TAP program per concern. Areas add theirs in their own local.mk.
check_PROGRAMS += tests/unit/test_log
tests_unit_test_log_SOURCES = tests/unit/test_log.c tests/tap.h
tests_unit_test_log_LDADD = log/liblog.a
TESTS += tests/unit/test_log
