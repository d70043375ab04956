# daemon: getvpnd's main, options, module registration, vty server, console.
#
# Every area that registers commands in daemon/modules.c adds its library
# to GETVPND_MODULE_LIBS (first = most dependent); the daemon and the test
# that builds the whole command tree both link them.
GETVPND_MODULE_LIBS = config-parser/libconfig.a crypto/libkeystore.a cli/libcli.a log/liblog.a \
	$(OPENSSL_LIBS)

noinst_LIBRARIES += daemon/libmodules.a
daemon_libmodules_a_SOURCES = daemon/modules.c daemon/getvpnd.h

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
