noinst_LIBRARIES += log/liblog.a
log_liblog_a_SOURCES = log/log.c log/log.h
