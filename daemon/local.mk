sbin_PROGRAMS += daemon/getvpnd
daemon_getvpnd_SOURCES = daemon/main.c
daemon_getvpnd_LDADD = cli/libcli.a log/liblog.a
