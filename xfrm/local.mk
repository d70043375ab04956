# xfrm: the Linux dataplane (XFRM over libmnl, nftables over libnftables).
noinst_LIBRARIES += xfrm/libgvxfrm.a
xfrm_libgvxfrm_a_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS) $(LIBNFTABLES_CFLAGS) $(OPENSSL_CFLAGS)
xfrm_libgvxfrm_a_SOURCES = \
	xfrm/types.h xfrm/owner.h \
	xfrm/alg.c xfrm/alg.h \
	xfrm/msg.c xfrm/msg_parse.c xfrm/msg.h \
	xfrm/nl.c xfrm/nl_batch.c xfrm/nl.h \
	xfrm/state.c xfrm/policy.c xfrm/xfrm.h \
	xfrm/events.c xfrm/events.h \
	xfrm/fault_knobs.c xfrm/fault_knobs.h xfrm/mono_clock.h xfrm/resync.c xfrm/resync.h \
	xfrm/nft_rules.c xfrm/nft_rules.h \
	xfrm/probe.c xfrm/probe.h \
	xfrm/sock_bypass.c xfrm/sock_bypass.h \
	xfrm/larval.c xfrm/larval.h \
	xfrm/cleanup.c xfrm/cleanup.h \
	xfrm/group_sa.c xfrm/group_tek.c xfrm/group_pairs.c xfrm/group_bypass.c xfrm/group_mcast.c xfrm/group_sa.h xfrm/group_int.h
GV_XFRM_LIBS = xfrm/libgvxfrm.a log/liblog.a $(LIBNFTABLES_LIBS) $(LIBMNL_LIBS) $(OPENSSL_LIBS)

# Dataplane test driver (run in a kernel with ESP by tests/stages/dataplane.sh).
check_PROGRAMS += tests/dataplane/xfrm_drive
tests_dataplane_xfrm_drive_SOURCES = tests/dataplane/xfrm_drive.c tests/dataplane/drive_parse.c \
	tests/dataplane/drive.h
tests_dataplane_xfrm_drive_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
tests_dataplane_xfrm_drive_LDADD = $(GV_XFRM_LIBS)
EXTRA_DIST += tests/dataplane/two_gms.sh tests/dataplane/probe_host.sh tests/dataplane/lib.sh \
	tests/dataplane/mcast.py tests/vm tests/stages/dataplane.sh

# Unit tests (no ESP needed; test_kernel uses a private network namespace).
GV_XFRM_TESTS = tests/unit/xfrm/test_alg tests/unit/xfrm/test_msg tests/unit/xfrm/test_events \
	tests/unit/xfrm/test_kernel tests/unit/xfrm/test_mcast
check_PROGRAMS += $(GV_XFRM_TESTS)
TESTS += $(GV_XFRM_TESTS)
tests_unit_xfrm_test_alg_SOURCES = tests/unit/xfrm/test_alg.c tests/tap.h
tests_unit_xfrm_test_alg_LDADD = $(GV_XFRM_LIBS)
tests_unit_xfrm_test_msg_SOURCES = tests/unit/xfrm/test_msg.c tests/tap.h
tests_unit_xfrm_test_msg_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS)
tests_unit_xfrm_test_msg_LDADD = $(GV_XFRM_LIBS)
tests_unit_xfrm_test_events_SOURCES = tests/unit/xfrm/test_events.c tests/tap.h
tests_unit_xfrm_test_events_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS)
tests_unit_xfrm_test_events_LDADD = $(GV_XFRM_LIBS)
tests_unit_xfrm_test_kernel_SOURCES = tests/unit/xfrm/test_kernel.c tests/tap.h
tests_unit_xfrm_test_kernel_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS)
tests_unit_xfrm_test_kernel_LDADD = $(GV_XFRM_LIBS)
tests_unit_xfrm_test_mcast_SOURCES = tests/unit/xfrm/test_mcast.c tests/tap.h
tests_unit_xfrm_test_mcast_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS) $(LIBNFTABLES_CFLAGS)
tests_unit_xfrm_test_mcast_LDADD = $(GV_XFRM_LIBS)

# Pair install path: hash index over the pairs, cached local addresses.
xfrm_libgvxfrm_a_SOURCES += xfrm/pair_index.c xfrm/pair_index.h xfrm/local_addrs.c xfrm/local_addrs.h
GV_XFRM_PAIR_TESTS = tests/unit/xfrm/test_pair_index tests/unit/xfrm/test_local_addrs
check_PROGRAMS += $(GV_XFRM_PAIR_TESTS)
TESTS += $(GV_XFRM_PAIR_TESTS)
tests_unit_xfrm_test_pair_index_SOURCES = tests/unit/xfrm/test_pair_index.c tests/tap.h
tests_unit_xfrm_test_pair_index_LDADD = $(GV_XFRM_LIBS)
tests_unit_xfrm_test_local_addrs_SOURCES = tests/unit/xfrm/test_local_addrs.c tests/tap.h
tests_unit_xfrm_test_local_addrs_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS)
tests_unit_xfrm_test_local_addrs_LDADD = $(GV_XFRM_LIBS)
