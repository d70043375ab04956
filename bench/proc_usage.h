/* CPU time and resident memory of another process, from /proc. */
#ifndef GETVPND_BENCH_PROC_USAGE_H
#define GETVPND_BENCH_PROC_USAGE_H

#include <sys/types.h>

/* User + system CPU seconds of pid (all threads); -1 if unreadable. */
double proc_cpu_seconds(pid_t pid);
/* The same from the process's CPU-time clock (clock_getcpuclockid):
 * nanoseconds rather than clock ticks, for short phases. */
double proc_cpu_seconds_fine(pid_t pid);
/* VmRSS of pid in kB; -1 if unreadable. */
long proc_rss_kb(pid_t pid);

#endif
