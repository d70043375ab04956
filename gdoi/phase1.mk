# gdoi/phase1.mk: ISAKMP Main Mode (phase 1) and the UDP 848 transport.
# Link order for users: gdoi/libtransport.a gdoi/libike.a gdoi/libikesa.a
# gdoi/libgdoi.a crypto/libgvcrypto.a log/liblog.a $(LIBEVENT_LIBS) $(OPENSSL_LIBS)
noinst_LIBRARIES += gdoi/libikesa.a gdoi/libike.a gdoi/libtransport.a
gdoi_libikesa_a_SOURCES = gdoi/ike_sa.c gdoi/ike_sa.h
gdoi_libikesa_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)

gdoi_libike_a_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
gdoi_libike_a_SOURCES = \
	gdoi/ike_mm.h gdoi/ike_mm_int.h \
	gdoi/ike_timer.c gdoi/ike_timer.h \
	gdoi/ike_policy.c gdoi/ike_policy.h \
	gdoi/ike_mm_msg.c gdoi/ike_mm_msg.h \
	gdoi/ike_table.c gdoi/ike_cookie.c \
	gdoi/ike_mm_engine.c gdoi/ike_mm_keys.c \
	gdoi/ike_mm_init.c gdoi/ike_mm_resp.c gdoi/ike_mm_auth.c \
	gdoi/ike_notify.c

gdoi_libtransport_a_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
gdoi_libtransport_a_SOURCES = gdoi/transport.c gdoi/transport.h

IKE_LIBS = gdoi/libike.a gdoi/libikesa.a gdoi/libgdoi.a crypto/libgvcrypto.a log/liblog.a
IKE_LDADD = $(IKE_LIBS) $(OPENSSL_LIBS)

include $(srcdir)/tests/unit/ike/local.mk
include $(srcdir)/tests/ike/local.mk
