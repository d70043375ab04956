# config-parser: the configuration model, its parsers, running-config
# writers and (with the CLI engine) the configuration commands.
noinst_LIBRARIES += config-parser/libconfig.a
config_parser_libconfig_a_SOURCES = \
	config-parser/parse_util.c config-parser/parse_util.h \
	config-parser/acl.c config-parser/acl.h \
	config-parser/acl_parse.c config-parser/acl_ports.c \
	config-parser/isakmp.c config-parser/isakmp.h \
	config-parser/ipsec.c config-parser/ipsec.h \
	config-parser/gdoi_group.c config-parser/gdoi_group.h \
	config-parser/crypto_map.c config-parser/crypto_map.h \
	config-parser/interface.c \
	config-parser/config.c config-parser/config.h \
	config-parser/validate.c config-parser/validate.h \
	config-parser/key_show.c config-parser/key_show.h \
	config-parser/cmd.h config-parser/cmd_common.c \
	config-parser/cmd_isakmp.c config-parser/cmd_ipsec.c config-parser/cmd_acl.c \
	config-parser/cmd_gdoi.c config-parser/cmd_map_if.c config-parser/cmd_keys.c \
	config-parser/cmd_show.c config-parser/register.c config-parser/register.h \
	config-parser/README.md
config_parser_libconfig_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)

CONFIG_TEST_LIBS = config-parser/libconfig.a crypto/libkeystore.a cli/libcli.a log/liblog.a \
	$(OPENSSL_LIBS)

check_PROGRAMS += tests/unit/config/test_parse_util tests/unit/config/test_acl \
	tests/unit/config/test_model tests/unit/config/test_validate
tests_unit_config_test_validate_SOURCES = tests/unit/config/test_validate.c tests/tap.h
tests_unit_config_test_validate_LDADD = $(CONFIG_TEST_LIBS)
tests_unit_config_test_parse_util_SOURCES = tests/unit/config/test_parse_util.c tests/tap.h
tests_unit_config_test_parse_util_LDADD = $(CONFIG_TEST_LIBS)
tests_unit_config_test_acl_SOURCES = tests/unit/config/test_acl.c tests/tap.h
tests_unit_config_test_acl_LDADD = $(CONFIG_TEST_LIBS)
tests_unit_config_test_model_SOURCES = tests/unit/config/test_model.c tests/tap.h
tests_unit_config_test_model_LDADD = $(CONFIG_TEST_LIBS)
TESTS += tests/unit/config/test_parse_util tests/unit/config/test_acl \
	tests/unit/config/test_model tests/unit/config/test_validate

# Through the CLI engine: commands, show output (golden files), round trip.
check_PROGRAMS += tests/unit/config/test_roundtrip tests/unit/config/test_commands
tests_unit_config_test_roundtrip_SOURCES = tests/unit/config/test_roundtrip.c \
	tests/unit/config/rig.h tests/tap.h
tests_unit_config_test_roundtrip_LDADD = $(CONFIG_TEST_LIBS)
tests_unit_config_test_commands_SOURCES = tests/unit/config/test_commands.c \
	tests/unit/config/rig.h tests/tap.h
tests_unit_config_test_commands_LDADD = $(CONFIG_TEST_LIBS)
TESTS += tests/unit/config/test_roundtrip tests/unit/config/test_commands

# Against a real getvpnd: the lesson's configurations, write memory, restart.
TESTS += tests/config/daemon.sh
EXTRA_DIST += tests/config/daemon.sh
EXTRA_DIST += \
	tests/config/golden/invalid-mixed.errors \
	tests/config/golden/invalid-mixed.running \
	tests/config/golden/lesson-gm.running \
	tests/config/golden/lesson-ks.running \
	tests/config/golden/show-crypto-ipsec-profile.txt \
	tests/config/golden/show-crypto-ipsec-transform-set.txt \
	tests/config/golden/show-crypto-isakmp-policy.txt \
	tests/config/golden/show-crypto-key-mypubkey-rsa.txt \
	tests/config/golden/show-ip-access-lists.txt \
	tests/config/invalid/mixed.cfg \
	tests/config/keys/RSA_KEYS.pem \
	tests/config/lesson-gm.conf \
	tests/config/lesson-ks.conf \
	tests/config/synthetic-full.conf \
	tests/config/synthetic-large.conf \
	tests/transcripts/config-ks.t tests/transcripts/config-gm.t \
	tests/transcripts/config-gm.conf

noinst_PROGRAMS += bench/config_load
bench_config_load_SOURCES = bench/config_load.c
bench_config_load_LDADD = $(CONFIG_TEST_LIBS)

# libFuzzer target (./configure --enable-fuzzers CC=clang).
if ENABLE_FUZZERS
noinst_PROGRAMS += tests/fuzz/fuzz_config_line
tests_fuzz_fuzz_config_line_SOURCES = tests/fuzz/fuzz_config_line.c
tests_fuzz_fuzz_config_line_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_config_line_LDADD = $(CONFIG_TEST_LIBS)
endif
EXTRA_DIST += tests/fuzz/fuzz_config_line.c tests/fuzz/config.dict tests/fuzz/run.sh
