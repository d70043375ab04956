# crypto/keystore: RSA key pairs kept under --state-dir (configuration work)
noinst_LIBRARIES += crypto/libkeystore.a
crypto_libkeystore_a_SOURCES = crypto/keystore.c crypto/keystore.h
crypto_libkeystore_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)

check_PROGRAMS += tests/unit/config/test_keystore
tests_unit_config_test_keystore_SOURCES = tests/unit/config/test_keystore.c tests/tap.h
tests_unit_config_test_keystore_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_config_test_keystore_LDADD = crypto/libkeystore.a $(OPENSSL_LIBS)
TESTS += tests/unit/config/test_keystore
