# bench: `make bench` builds the benchmark programs and runs bench/run.sh,
# which prints the figure/baseline/ratio/target table and writes
# bench/results.json in the build directory (method: docs/performance.md).
# bench/config_load is built by config-parser/local.mk.
# Built with everything else (so a change elsewhere that breaks them shows
# at once), run only by `make bench`.
bench_programs = bench/dh_rate bench/reg_floor bench/reg_load bench/sa_install bench/sendto_loop
noinst_PROGRAMS += $(bench_programs)
CLEANFILES += bench/results.json bench/results.txt

bench_dh_rate_SOURCES = bench/dh_rate.c
bench_dh_rate_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_dh_rate_LDADD = crypto/libgvcrypto.a log/liblog.a $(OPENSSL_LIBS)

bench_reg_floor_SOURCES = bench/reg_floor.c
bench_reg_floor_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_reg_floor_LDADD = crypto/libgvcrypto.a log/liblog.a $(OPENSSL_LIBS)

bench_reg_load_SOURCES = bench/reg_load.c bench/reg_load.h bench/reg_members.c \
	bench/reg_rekey.c bench/reg_rekey_io.c bench/proc_usage.c bench/proc_usage.h
bench_reg_load_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(LIBEVENT_CFLAGS)
bench_reg_load_LDADD = gdoi/libtransport.a gdoi/libgdoipush.a gdoi/libgdoipull.a $(IKE_LIBS) \
	$(LIBEVENT_LIBS) $(OPENSSL_LIBS)

bench_sendto_loop_SOURCES = bench/sendto_loop.c

bench_sa_install_SOURCES = bench/sa_install.c bench/sa_install.h bench/sa_install_latency.c
bench_sa_install_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_sa_install_LDADD = $(GV_XFRM_LIBS)

EXTRA_DIST += bench/run.sh bench/sa_install.sh docs/performance.md

.PHONY: bench
bench: $(bench_programs) bench/config_load daemon/getvpnd shell/getvpnsh
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
		$(SHELL) $(srcdir)/bench/run.sh
