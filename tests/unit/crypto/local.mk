# crypto unit and known-answer tests (TAP).
crypto_test_ldadd = crypto/libgvcrypto.a log/liblog.a $(OPENSSL_LIBS)
crypto_test_cppflags = $(AM_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'

crypto_tests = \
	tests/unit/crypto/test_gdoid_vectors

check_PROGRAMS += $(crypto_tests)
TESTS += $(crypto_tests)
EXTRA_DIST += tests/vectors/loopback-gm.vec tests/vectors/loopback-ks.vec \
	tests/vectors/three-clients-ks.vec tests/vectors/three-clients-gm1.vec \
	tests/vectors/extract-gdoid-log.py tests/vectors/README.md

tests_unit_crypto_test_gdoid_vectors_SOURCES = tests/unit/crypto/test_gdoid_vectors.c \
	tests/unit/crypto/vec_file.c tests/unit/crypto/vec_file.h
tests_unit_crypto_test_gdoid_vectors_CPPFLAGS = $(crypto_test_cppflags)
tests_unit_crypto_test_gdoid_vectors_LDADD = $(crypto_test_ldadd)
