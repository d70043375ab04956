# daemon: getvpnd's main, options, module registration, vty server, console.
sbin_PROGRAMS += daemon/getvpnd
daemon_getvpnd_SOURCES = \
	daemon/getvpnd.h daemon/main.c daemon/options.c daemon/modules.c \
	daemon/pidfile.c daemon/vty_server.c daemon/vty_server.h \
	daemon/console.c daemon/console.h
daemon_getvpnd_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
daemon_getvpnd_LDADD = config-parser/libconfig.a crypto/libkeystore.a cli/libcli.a log/liblog.a \
	$(LIBEVENT_LIBS) $(OPENSSL_LIBS)
dist_man_MANS += daemon/getvpnd.8
