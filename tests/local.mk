# Unit tests: one TAP program per concern. Areas add theirs in their own local.mk.
check_PROGRAMS += tests/unit/test_log
tests_unit_test_log_SOURCES = tests/unit/test_log.c tests/tap.h
tests_unit_test_log_LDADD = log/liblog.a
TESTS += tests/unit/test_log

# The lesson lab and the stage scripts run by run-tests ship in the tarball.
EXTRA_DIST += tests/lib/deps.sh tests/lib/summary.sh tests/lib/stage.sh tests/lib/veth_pair.sh \
	tests/lab/R1.conf tests/lab/R2.conf tests/lab/R3.conf tests/lab/R4.conf tests/lab/R5.conf \
	tests/lab/check_report.sh tests/lab/guide.md.in tests/lab/lib.sh tests/lab/make_guide.py \
	tests/lab/relay.py tests/lab/run.sh tests/lab/topology.sh \
	tests/stages/ipsec_show.sh tests/stages/lab.sh
