# gdoi/phase1.mk: ISAKMP Main Mode (phase 1)
noinst_LIBRARIES += gdoi/libikesa.a
gdoi_libikesa_a_SOURCES = gdoi/ike_sa.c gdoi/ike_sa.h
gdoi_libikesa_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
