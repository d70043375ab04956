# gdoi/pull.mk: GROUPKEY-PULL, key server and group member state
noinst_LIBRARIES += gdoi/libgdoipull.a
gdoi_libgdoipull_a_SOURCES = \
	gdoi/group_policy.c gdoi/group_policy.h gdoi/pull_clock.c gdoi/pull_clock.h \
	gdoi/ks_members.c gdoi/ks_members.h \
	gdoi/pull_frame.c gdoi/pull_frame.h \
	gdoi/ks_group.c gdoi/ks_group.h \
	gdoi/ks_config.c gdoi/ks_config.h \
	gdoi/pull_msg.h gdoi/pull_msg_build.c gdoi/pull_msg_parse.c gdoi/pull_policy_parse.c \
	gdoi/policy_wire.h \
	gdoi/ks.h gdoi/ks_internal.h gdoi/ks.c gdoi/ks_pull.c \
	gdoi/ks_exchange.c gdoi/ks_exchange.h \
	gdoi/gm_dataplane.h gdoi/gm_pull.h gdoi/gm_pull.c gdoi/gm.h gdoi/gm.c \
	gdoi/gm_internal.h gdoi/gm_register.c gdoi/gm_dataplane.c \
	gdoi/gm_config.h gdoi/gm_config.c

# show commands: need the CLI engine (cli/libcli.a) at link time
noinst_LIBRARIES += gdoi/libgdoishow.a
gdoi_libgdoishow_a_SOURCES = \
	gdoi/pull_show.h gdoi/pull_show.c gdoi/pull_show_util.c \
	gdoi/ks_show.h gdoi/ks_show.c gdoi/gm_show.h gdoi/gm_show.c
gdoi_libgdoishow_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)

# the glue to Main Mode and the UDP transport (link with gdoi/libtransport.a $(IKE_LIBS))
noinst_LIBRARIES += gdoi/libgdoipullsvc.a
gdoi_libgdoipullsvc_a_SOURCES = gdoi/pull_service.h gdoi/pull_service.c
gdoi_libgdoipullsvc_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
gdoi_libgdoipull_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)

PULL_TEST_LDADD = gdoi/libgdoipull.a gdoi/libgdoi.a crypto/libgvcrypto.a gdoi/libikesa.a \
	log/liblog.a $(OPENSSL_LIBS)

PULL_TESTS = tests/unit/pull/test_group_policy tests/unit/pull/test_ks_members \
	tests/unit/pull/test_pull_kat tests/unit/pull/test_pull_exchange \
	tests/unit/pull/test_pull_negative tests/unit/pull/test_pull_many \
	tests/unit/pull/test_pull_show tests/unit/pull/test_pull_config \
	tests/unit/pull/test_pull_mutate
check_PROGRAMS += $(PULL_TESTS)
TESTS += $(PULL_TESTS)
tests_unit_pull_test_pull_kat_SOURCES = tests/unit/pull/test_pull_kat.c
tests_unit_pull_test_pull_kat_LDADD = $(PULL_TEST_LDADD)
tests_unit_pull_test_group_policy_SOURCES = tests/unit/pull/test_group_policy.c
tests_unit_pull_test_group_policy_LDADD = $(PULL_TEST_LDADD)
tests_unit_pull_test_ks_members_SOURCES = tests/unit/pull/test_ks_members.c
tests_unit_pull_test_ks_members_LDADD = $(PULL_TEST_LDADD)
tests_unit_pull_test_pull_exchange_SOURCES = tests/unit/pull/test_pull_exchange.c
tests_unit_pull_test_pull_exchange_LDADD = $(PULL_TEST_LDADD)
tests_unit_pull_test_pull_negative_SOURCES = tests/unit/pull/test_pull_negative.c
tests_unit_pull_test_pull_negative_LDADD = $(PULL_TEST_LDADD)
tests_unit_pull_test_pull_many_SOURCES = tests/unit/pull/test_pull_many.c
tests_unit_pull_test_pull_many_LDADD = $(PULL_TEST_LDADD)
tests_unit_pull_test_pull_show_SOURCES = tests/unit/pull/test_pull_show.c
tests_unit_pull_test_pull_show_LDADD = gdoi/libgdoishow.a cli/libcli.a $(PULL_TEST_LDADD)
tests_unit_pull_test_pull_config_SOURCES = tests/unit/pull/test_pull_config.c
tests_unit_pull_test_pull_config_LDADD = gdoi/libgdoishow.a config-parser/libconfig.a \
	crypto/libkeystore.a cli/libcli.a $(PULL_TEST_LDADD)
tests_unit_pull_test_pull_mutate_SOURCES = tests/unit/pull/test_pull_mutate.c
tests_unit_pull_test_pull_mutate_LDADD = $(PULL_TEST_LDADD)
EXTRA_DIST += tests/pull/pull_mutate.h tests/unit/pull/pull_harness.h tests/unit/pull/pull_test_util.h tests/unit/pull/pull_kat_vectors.h
include $(srcdir)/tests/pull/local.mk
