# daemon: getvpnd's main, options, module registration, vty server, console.
#
# Every area that registers commands in daemon/modules.c adds its library
# to GETVPND_MODULE_LIBS (first = most dependent); the daemon and the test
# that builds the whole command tree both link them.
GETVPND_MODULE_LIBS = daemon/libgdoiservice.a gdoi/libgdoishow.a gdoi/libgdoipush.a gdoi/libgdoipull.a \
	gdoi/libtransport.a gdoi/libike.a gdoi/libikesa.a gdoi/libgdoi.a crypto/libgvcrypto.a \
	config-parser/libconfig.a crypto/libkeystore.a cli/libcli.a xfrm/libgvxfrm.a log/liblog.a \
	$(LIBEVENT_LIBS) $(LIBNFTABLES_LIBS) $(LIBMNL_LIBS) $(OPENSSL_LIBS)

# The GDOI service: transport, Main Mode, key server and group member
# instances built from the configuration, and their commands.
noinst_LIBRARIES += daemon/libgdoiservice.a
daemon_libgdoiservice_a_SOURCES = \
	daemon/gdoi_service.h daemon/gdoi_service_int.h daemon/gdoi_service.c \
	daemon/gdoi_bind.c daemon/ike_config.c daemon/ks_service.c daemon/gm_service.c \
	daemon/gm_dataplane_hook.c daemon/gdoi_show.c \
	daemon/gm_dataplane_retry.c daemon/gm_dataplane_retry.h daemon/gm_dataplane_faults.c \
	daemon/rekey_service.h daemon/rekey_service_int.h daemon/ks_rekey_int.h daemon/ks_rekey.c \
	daemon/ks_rekey_round.c daemon/ks_rekey_send.c daemon/ks_rekey_ack.c daemon/ks_rekey_fanout.c \
	daemon/gm_rekey.c daemon/gm_rekey_mcast.c \
	daemon/rekey_show.c
daemon_libgdoiservice_a_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS) \
	$(LIBMNL_CFLAGS) $(LIBNFTABLES_CFLAGS)

noinst_LIBRARIES += daemon/libmodules.a
daemon_libmodules_a_SOURCES = daemon/modules.c daemon/getvpnd.h
include $(srcdir)/daemon/ipsec_show.mk

sbin_PROGRAMS += daemon/getvpnd
daemon_getvpnd_SOURCES = \
	daemon/main.c daemon/options.c daemon/pidfile.c \
	daemon/vty_server.c daemon/vty_server.h \
	daemon/console.c daemon/console.h \
	daemon/privileges.c daemon/privileges.h daemon/capabilities.c daemon/capabilities.h \
	daemon/state_dir.c daemon/state_dir.h
daemon_getvpnd_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
daemon_getvpnd_LDADD = daemon/libmodules.a $(GETVPND_MODULE_LIBS) $(LIBEVENT_LIBS)

# The daemon's whole command tree: every table compiles (help counts,
# specs) and the commands answer.
check_PROGRAMS += tests/unit/cli/test_tree
tests_unit_cli_test_tree_SOURCES = tests/unit/cli/test_tree.c tests/tap.h
tests_unit_cli_test_tree_LDADD = daemon/libmodules.a $(GETVPND_MODULE_LIBS)
TESTS += tests/unit/cli/test_tree

include $(srcdir)/tests/gdoi/local.mk
include $(srcdir)/tests/rekey/local.mk
include $(srcdir)/tests/faults/local.mk
