# shell: getvpnsh, the IOS shell talking to getvpnd over the vty socket.
bin_PROGRAMS += shell/getvpnsh
shell_getvpnsh_SOURCES = \
	shell/shell.h shell/getvpnsh.c shell/interactive.c shell/pager.c \
	shell/vty_client.c shell/vty_client.h
shell_getvpnsh_CFLAGS = $(AM_CFLAGS) $(LIBEDIT_CFLAGS)
shell_getvpnsh_LDADD = cli/libcli.a $(LIBEDIT_LIBS)
