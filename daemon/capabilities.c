/* Capabilities by system call: the version 3 interface carries 64 bits as
 * two 32-bit words. */
#include "config.h"

#include "daemon/capabilities.h"

#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill",
	"setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service",
	"net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
	"sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
	"sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time",
	"sys_tty_config", "mknod", "lease", "audit_write", "audit_control",
	"setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

unsigned caps_last(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	unsigned last = CAP_LAST_CAP;

	if (f) {
		if (fscanf(f, "%u", &last) != 1 || last > 63)
			last = CAP_LAST_CAP;
		fclose(f);
	}
	return last;
}

uint64_t caps_all(void)
{
	unsigned last = caps_last();

	return last >= 63 ? ~(uint64_t)0 : CAPS_BIT(last + 1) - 1;
}

int caps_get(struct cap_sets *s)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0)
		return -1;
	s->effective = data[0].effective | (uint64_t)data[1].effective << 32;
	s->permitted = data[0].permitted | (uint64_t)data[1].permitted << 32;
	s->inheritable = data[0].inheritable | (uint64_t)data[1].inheritable << 32;
	return 0;
}

int caps_set(const struct cap_sets *s)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {
		{ (uint32_t)s->effective, (uint32_t)s->permitted, (uint32_t)s->inheritable },
		{ (uint32_t)(s->effective >> 32), (uint32_t)(s->permitted >> 32),
		  (uint32_t)(s->inheritable >> 32) },
	};

	return syscall(SYS_capset, &hdr, data) == 0 ? 0 : -1;
}

int caps_limit_bounding(uint64_t keep)
{
	unsigned last = caps_last();

	for (unsigned cap = 0; cap <= last; cap++)
		if (!(keep & CAPS_BIT(cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
			return -1;
	return 0;
}

void caps_format(uint64_t set, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (set == 0 || set == caps_all()) {
		snprintf(buf, len, "%s", set ? "all" : "none");
		return;
	}
	for (unsigned cap = 0; cap < 64 && used < len; cap++) {
		if (!(set & CAPS_BIT(cap)))
			continue;
		if (cap < sizeof(cap_names) / sizeof(cap_names[0]))
			used += (size_t)snprintf(buf + used, len - used, "%scap_%s",
						 used ? "," : "", cap_names[cap]);
		else
			used += (size_t)snprintf(buf + used, len - used, "%scap_%u",
						 used ? "," : "", cap);
	}
}
