/* Logging with IOS-style message tags: "%FACILITY-SEVERITY-MNEMONIC: text".
 * Messages go to stderr (foreground) or syslog, and into an in-memory
 * ring for `show logging` when `logging buffered` is on. */
#ifndef GETVPND_LOG_H
#define GETVPND_LOG_H

#include <stdarg.h>
#include <stddef.h>

/* IOS severities (0 = emergencies ... 7 = debugging), same as syslog's. */
enum log_severity {
	LOG_SEV_EMERG = 0,
	LOG_SEV_ALERT,
	LOG_SEV_CRIT,
	LOG_SEV_ERR,
	LOG_SEV_WARNING,
	LOG_SEV_NOTICE,
	LOG_SEV_INFO,
	LOG_SEV_DEBUG,
};

enum log_sink {
	LOG_SINK_STDERR,
	LOG_SINK_SYSLOG,
	LOG_SINK_NONE, /* unit tests: only the buffer */
};

void log_init(const char *ident, enum log_sink sink);
void log_set_level(enum log_severity max_shown);
void log_close(void);

/* log_event("GDOI", LOG_SEV_NOTICE, "REGS_COMPL", "Registration to KS %s complete", ks);
 * prints "%GDOI-5-REGS_COMPL: Registration to KS 10.0.0.1 complete". */
void log_event(const char *facility, enum log_severity sev, const char *mnemonic,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void log_eventv(const char *facility, enum log_severity sev, const char *mnemonic,
		const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* Debug-level diagnostics (malformed packets and the like), no tag. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* `logging buffered [SIZE]`: keep the last SIZE bytes of messages. 0 = off. */
void log_buffer_configure(size_t bytes);
size_t log_buffer_size(void);
/* Calls emit(line, arg) for every buffered message, oldest first. */
void log_buffer_foreach(void (*emit)(const char *line, void *arg), void *arg);
unsigned long log_messages_logged(void);

#endif
