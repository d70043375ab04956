# Two-process Main Mode over real UDP 848 (network namespaces, veth).
check_PROGRAMS += tests/ike/mm_peer
tests_ike_mm_peer_SOURCES = tests/ike/mm_peer.c
tests_ike_mm_peer_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(LIBEVENT_CFLAGS)
tests_ike_mm_peer_LDADD = gdoi/libtransport.a $(IKE_LIBS) $(LIBEVENT_LIBS) $(OPENSSL_LIBS)
TESTS += tests/ike/mm_netns.sh
EXTRA_DIST += tests/ike/mm_netns.sh
