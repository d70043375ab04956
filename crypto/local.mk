# crypto: OpenSSL 3 (EVP) primitives for ISAKMP/GDOI, one concern per file.
noinst_LIBRARIES += crypto/libgvcrypto.a
crypto_libgvcrypto_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
crypto_libgvcrypto_a_SOURCES = \
	crypto/secret_buf.c crypto/secret_buf.h \
	crypto/random.c crypto/random.h \
	crypto/hash_alg.c crypto/hash_alg.h \
	crypto/prf.c crypto/prf.h \
	crypto/dh.c crypto/dh.h \
	crypto/cipher.c crypto/cipher.h \
	crypto/ike_keys.c crypto/ike_keys.h \
	crypto/iv.c crypto/iv.h \
	crypto/rsa_sig.c crypto/rsa_sig.h \
	crypto/gdoi_hash.c crypto/gdoi_hash.h

include $(srcdir)/tests/unit/crypto/local.mk
