# crypto unit and known-answer tests (TAP).
crypto_test_ldadd = crypto/libgvcrypto.a log/liblog.a $(OPENSSL_LIBS)
crypto_test_cppflags = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
crypto_vec_sources = tests/unit/crypto/vec_file.c tests/unit/crypto/vec_file.h

crypto_tests = \
	tests/unit/crypto/test_prf \
	tests/unit/crypto/test_cipher \
	tests/unit/crypto/test_dh \
	tests/unit/crypto/test_rsa_sig \
	tests/unit/crypto/test_random_iv \
	tests/unit/crypto/test_ike_keys \
	tests/unit/crypto/test_gdoid_vectors

check_PROGRAMS += $(crypto_tests)
TESTS += $(crypto_tests)
EXTRA_DIST += tests/vectors/loopback-gm.vec tests/vectors/loopback-ks.vec \
	tests/vectors/three-clients-ks.vec tests/vectors/three-clients-gm1.vec \
	tests/vectors/extract-gdoid-log.py tests/vectors/README.md

tests_unit_crypto_test_prf_SOURCES = tests/unit/crypto/test_prf.c $(crypto_vec_sources)
tests_unit_crypto_test_prf_CPPFLAGS = $(crypto_test_cppflags)
tests_unit_crypto_test_prf_LDADD = $(crypto_test_ldadd)

tests_unit_crypto_test_cipher_SOURCES = tests/unit/crypto/test_cipher.c $(crypto_vec_sources)
tests_unit_crypto_test_cipher_CPPFLAGS = $(crypto_test_cppflags)
tests_unit_crypto_test_cipher_LDADD = $(crypto_test_ldadd)

tests_unit_crypto_test_dh_SOURCES = tests/unit/crypto/test_dh.c $(crypto_vec_sources)
tests_unit_crypto_test_dh_CPPFLAGS = $(crypto_test_cppflags)
tests_unit_crypto_test_dh_LDADD = $(crypto_test_ldadd)

tests_unit_crypto_test_rsa_sig_SOURCES = tests/unit/crypto/test_rsa_sig.c
tests_unit_crypto_test_rsa_sig_CPPFLAGS = $(crypto_test_cppflags)
tests_unit_crypto_test_rsa_sig_LDADD = $(crypto_test_ldadd)

tests_unit_crypto_test_random_iv_SOURCES = tests/unit/crypto/test_random_iv.c
tests_unit_crypto_test_random_iv_CPPFLAGS = $(crypto_test_cppflags)
tests_unit_crypto_test_random_iv_LDADD = $(crypto_test_ldadd)

tests_unit_crypto_test_gdoid_vectors_SOURCES = tests/unit/crypto/test_gdoid_vectors.c \
	$(crypto_vec_sources)
tests_unit_crypto_test_gdoid_vectors_CPPFLAGS = $(crypto_test_cppflags)
tests_unit_crypto_test_gdoid_vectors_LDADD = $(crypto_test_ldadd)

tests_unit_crypto_test_ike_keys_SOURCES = tests/unit/crypto/test_ike_keys.c $(crypto_vec_sources)
tests_unit_crypto_test_ike_keys_CPPFLAGS = $(crypto_test_cppflags)
tests_unit_crypto_test_ike_keys_LDADD = $(crypto_test_ldadd)
