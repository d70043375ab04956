# `show crypto ipsec sa` and `show crypto gdoi gm dataplane` (kernel dumps
# of getvpnd's own XFRM objects). Built into daemon/libmodules.a, which is
# linked ahead of every area library its registration line uses.
daemon_libmodules_a_SOURCES += daemon/ipsec_show.h daemon/ipsec_show.c \
	daemon/ipsec_show_kernel.c daemon/ipsec_show_pairs.c
daemon_libmodules_a_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS) $(LIBMNL_CFLAGS)
EXTRA_DIST += daemon/ipsec_show.mk tests/dataplane/ipsec_show.sh tests/stages/ipsec_show.sh
