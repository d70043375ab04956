#include "log/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

static enum log_sink log_sink = LOG_SINK_STDERR;
static enum log_severity log_max = LOG_SEV_INFO;
static unsigned long log_count;

/* Ring of whole messages: each entry is a NUL-terminated line. */
static char *ring;
static size_t ring_size, ring_head, ring_used;

void log_init(const char *ident, enum log_sink sink)
{
	log_sink = sink;
	if (sink == LOG_SINK_SYSLOG)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_set_level(enum log_severity max_shown)
{
	log_max = max_shown;
}

void log_close(void)
{
	if (log_sink == LOG_SINK_SYSLOG)
		closelog();
	free(ring);
	ring = NULL;
	ring_size = ring_head = ring_used = 0;
}

void log_buffer_configure(size_t bytes)
{
	free(ring);
	ring = NULL;
	ring_size = ring_head = ring_used = 0;
	if (bytes == 0)
		return;
	ring = calloc(1, bytes);
	if (ring)
		ring_size = bytes;
}

size_t log_buffer_size(void)
{
	return ring_size;
}

unsigned long log_messages_logged(void)
{
	return log_count;
}

static void ring_put(const char *line)
{
	size_t len = strlen(line) + 1;

	if (!ring || len > ring_size)
		return;
	for (size_t i = 0; i < len; i++) {
		ring[ring_head] = line[i];
		ring_head = (ring_head + 1) % ring_size;
	}
	ring_used = ring_used + len > ring_size ? ring_size : ring_used + len;
}

void log_buffer_foreach(void (*emit)(const char *line, void *arg), void *arg)
{
	char line[1024];
	size_t start, n = 0, pos;
	int skipping;

	if (!ring || ring_used == 0)
		return;
	start = (ring_head + ring_size - ring_used) % ring_size;
	/* When the ring has wrapped, the oldest entry may be cut: skip to its end. */
	skipping = ring_used == ring_size;
	for (size_t i = 0; i < ring_used; i++) {
		pos = (start + i) % ring_size;
		char c = ring[pos];
		if (skipping) {
			if (c == '\0')
				skipping = 0;
			continue;
		}
		if (c == '\0') {
			line[n] = '\0';
			emit(line, arg);
			n = 0;
		} else if (n < sizeof(line) - 1) {
			line[n++] = c;
		}
	}
}

static int to_syslog_priority(enum log_severity sev)
{
	return (int)sev; /* the numbering is syslog's */
}

void log_eventv(const char *facility, enum log_severity sev, const char *mnemonic,
		const char *fmt, va_list ap)
{
	char text[896], line[1024], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	vsnprintf(text, sizeof(text), fmt, ap);
	log_count++;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	snprintf(line, sizeof(line), "*%s: %%%s-%d-%s: %s", stamp, facility, (int)sev, mnemonic, text);
	ring_put(line);
	if (sev > log_max)
		return;
	switch (log_sink) {
	case LOG_SINK_STDERR:
		fprintf(stderr, "%s\n", line);
		break;
	case LOG_SINK_SYSLOG:
		syslog(to_syslog_priority(sev), "%%%s-%d-%s: %s", facility, (int)sev, mnemonic, text);
		break;
	case LOG_SINK_NONE:
		break;
	}
}

void log_event(const char *facility, enum log_severity sev, const char *mnemonic,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_eventv(facility, sev, mnemonic, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	char text[896];
	va_list ap;

	if (log_max < LOG_SEV_DEBUG)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (log_sink == LOG_SINK_STDERR)
		fprintf(stderr, "debug: %s\n", text);
	else if (log_sink == LOG_SINK_SYSLOG)
		syslog(LOG_DEBUG, "%s", text);
}
