# Rekey system tests: real getvpnd processes in network namespaces (root),
# GROUPKEY-PUSH end to end. Included from daemon/local.mk.
REKEY_SYSTEM_TESTS = tests/rekey/follow.sh tests/rekey/tamper.sh tests/rekey/unicast.sh \
	tests/rekey/loss.sh tests/rekey/multicast.sh tests/rekey/policy.sh tests/rekey/lab5.sh
TESTS += $(REKEY_SYSTEM_TESTS)
EXTRA_DIST += $(REKEY_SYSTEM_TESTS) tests/rekey/lib.sh tests/rekey/pcap_payloads.py

# A member that forges GROUPKEY-PUSH messages from a captured one (tamper.sh).
check_PROGRAMS += tests/rekey/push_inject
tests_rekey_push_inject_SOURCES = tests/rekey/push_inject.c
tests_rekey_push_inject_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(LIBEVENT_CFLAGS)
tests_rekey_push_inject_LDADD = gdoi/libgdoipullsvc.a gdoi/libgdoipush.a gdoi/libgdoipull.a \
	gdoi/libtransport.a $(IKE_LIBS) $(LIBEVENT_LIBS) $(OPENSSL_LIBS)

# The key server's keyed-once acknowledgement check against push_ack_open().
check_PROGRAMS += tests/rekey/test_ack_checker
TESTS += tests/rekey/test_ack_checker
tests_rekey_test_ack_checker_SOURCES = tests/rekey/test_ack_checker.c tests/tap.h
tests_rekey_test_ack_checker_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
tests_rekey_test_ack_checker_LDADD = gdoi/libgdoipush.a gdoi/libgdoi.a crypto/libgvcrypto.a \
	log/liblog.a $(OPENSSL_LIBS)
