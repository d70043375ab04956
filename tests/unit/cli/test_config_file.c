/* Startup-config loading (errors by file and line, valid lines applied,
 * sub-mode blocks, end) and the atomic write memory: mode 0600, the old
 * file kept as .bak, and the old file intact when the write fails. */
#include "config.h"

#include "tests/unit/cli/harness.h"
#include "tests/tap.h"

#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

static char dir[] = "/tmp/gv-cfgtest-XXXXXX";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static char *read_file(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static long load(struct harness *h, const char *path, bool check, char *errors, size_t cap)
{
	FILE *mem = fmemopen(errors, cap, "w");
	long failed;

	failed = cli_config_load(h->tree, NULL, path, check, mem);
	fclose(mem);
	return failed;
}

static void test_load(void)
{
	struct harness h;
	char path[256], errors[4096] = "", want[1024];
	long failed;

	snprintf(path, sizeof(path), "%s/startup-config", dir);
	write_file(path,
		   "!\n"
		   "hostname R7\n"
		   "hostnme R8\n"
		   "crypto isakmp policy 10\n"
		   " encryption aes\n"
		   " lifetime 10\n"
		   "\n"
		   "crypto isakmp policy\n"
		   "ip route 1.2.3.4 255.255.255.0 1.2.3.999\n"
		   "logging buffered 8192\n"
		   "end\n"
		   "hostname NOTREAD\n");
	harness_init(&h, true, path);
	memset(errors, 0, sizeof(errors));
	failed = load(&h, path, false, errors, sizeof(errors));
	is_int(failed, 4, "four lines failed");
	snprintf(want, sizeof(want),
		 "%1$s:3: hostnme R8\n"
		 "%2$*3$s^\n"
		 "%1$s:3: %% Invalid input detected at '^' marker.\n"
		 "[cmd cipher=aes]\n"
		 "%1$s:6: lifetime 10\n"
		 "%2$*4$s^\n"
		 "%1$s:6: %% Invalid input detected at '^' marker.\n"
		 "%1$s:8: %% Incomplete command.\n"
		 "%1$s:9: ip route 1.2.3.4 255.255.255.0 1.2.3.999\n"
		 "%2$*5$s^\n"
		 "%1$s:9: %% Invalid input detected at '^' marker.\n",
		 path, "", (int)strlen(path) + 4, (int)strlen(path) + 4 + 9,
		 (int)strlen(path) + 4 + 31);
	is_str(errors, want, "errors name file and line, carets line up");
	is_str(cli_tree_hostname(h.tree), "R7", "valid lines applied, nothing after end");
	ok(strstr(run(&h, "show running-config"), "logging buffered 8192\n") != NULL,
	   "global line after a sub-mode block applied");
	log_buffer_configure(0);
	harness_free(&h);

	harness_init(&h, true, path);
	write_file(path, "hostname OK1\n");
	memset(errors, 0, sizeof(errors));
	is_int(load(&h, path, true, errors, sizeof(errors)), 0, "clean file: no failures");
	is_str(errors, "", "clean file: no output");
	snprintf(path, sizeof(path), "%s/missing", dir);
	errno = 0;
	is_int(load(&h, path, false, errors, sizeof(errors)), -1, "missing file");
	is_int(errno, ENOENT, "missing file: ENOENT");
	harness_free(&h);
}

static int count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

static void test_write_memory(void)
{
	struct harness h, fresh;
	char path[256], bak[300], running[8192], errors[2048];
	struct stat st;

	snprintf(path, sizeof(path), "%s/wm-config", dir);
	snprintf(bak, sizeof(bak), "%s.bak", path);
	harness_init(&h, true, path);
	run(&h, "conf t");
	run(&h, "hostname WM1");
	run(&h, "end");
	is_str(run(&h, "write memory"), "Building configuration...\n[OK]\n", "write memory output");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "startup-config mode 0600");
	ok(access(bak, F_OK) != 0, "no .bak for the first write");
	is_str(read_file(path), "!\nhostname WM1\n!\nend\n", "file holds the running-config");

	run(&h, "conf t");
	run(&h, "hostname WM2");
	run(&h, "end");
	chmod(path, 0644); /* a file an administrator left readable */
	is_str(run(&h, "copy running-config startup-config"), "Building configuration...\n[OK]\n",
	       "copy running-config startup-config");
	is_str(read_file(bak), "!\nhostname WM1\n!\nend\n", "previous file kept as .bak");
	ok(stat(bak, &st) == 0 && (st.st_mode & 0777) == 0600, ".bak of a 0644 file made 0600");
	is_str(read_file(path), "!\nhostname WM2\n!\nend\n", "new content in place");
	is_str(run(&h, "show startup-config"), "!\nhostname WM2\n!\nend\n", "show startup-config");

	run(&h, "conf t");
	run(&h, "hostname CHANGED");
	run(&h, "end");
	is_str(run(&h, "copy startup-config running-config"), "", "copy startup-config running-config");
	is_str(cli_tree_hostname(h.tree), "WM2", "startup-config merged into running");
	ok(strstr(run(&h, "write terminal"), "hostname WM2\n") != NULL, "write terminal");

	/* round trip: what was written loads back into the same running-config */
	snprintf(running, sizeof(running), "%s", strstr(run(&h, "show running-config"), "!\n"));
	harness_init(&fresh, true, path);
	is_int(load(&fresh, path, false, errors, sizeof(errors)), 0, "written file loads cleanly");
	is_str(strstr(run(&fresh, "show running-config"), "!\n"), running, "round trip");
	harness_free(&fresh);

	/* A write that fails (file size limit: enforced for root too) leaves
	 * the old file untouched and no temporary file behind. */
	{
		struct rlimit saved, tiny = { .rlim_cur = 8 };
		int before = count_entries();

		getrlimit(RLIMIT_FSIZE, &saved);
		tiny.rlim_max = saved.rlim_max;
		signal(SIGXFSZ, SIG_IGN);
		run(&h, "conf t");
		run(&h, "hostname WM3-a-longer-name-than-eight-bytes");
		run(&h, "end");
		setrlimit(RLIMIT_FSIZE, &tiny);
		run(&h, "write memory");
		setrlimit(RLIMIT_FSIZE, &saved);
		is_int(h.last, CLI_STATUS_ERROR, "failed write is an error");
		ok(strstr(h.out.text, "% Error writing startup-config") != NULL, "error says so");
		is_str(read_file(path), "!\nhostname WM2\n!\nend\n", "old file intact");
		is_str(read_file(bak), "!\nhostname WM1\n!\nend\n", ".bak untouched");
		is_int(count_entries(), before, "no temporary file left");
	}

	/* never rename over something that is not a regular file (/dev/null) */
	{
		char fifo[300], err[256];

		snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
		mkfifo(fifo, 0600);
		is_int(cli_config_save(fifo, "x\n", 2, err, sizeof(err)), -1, "refuses a FIFO");
		ok(strstr(err, "not a regular file") != NULL, "says why");
		{
			struct harness dev;

			harness_init(&dev, true, fifo);
			ok(strstr(run(&dev, "erase startup-config"), "not a regular file") != NULL,
			   "erase refuses a FIFO");
			ok(access(fifo, F_OK) == 0, "the FIFO stays where it was");
			ok(strstr(run(&dev, "write memory"), "not a regular file") != NULL,
			   "write memory refuses a FIFO");
			harness_free(&dev);
		}
		unlink(fifo);
	}

	/* erase keeps the old file as .bak; non-interactive sessions do not ask */
	chmod(path, 0644);
	is_str(run(&h, "erase startup-config"), "[OK]\nErase of nvram: complete\n", "erase");
	ok(access(path, F_OK) != 0, "startup-config gone");
	is_str(read_file(bak), "!\nhostname WM2\n!\nend\n", "erased file kept as .bak");
	ok(stat(bak, &st) == 0 && (st.st_mode & 0777) == 0600, "erased file's .bak made 0600");
	is_str(run(&h, "show startup-config"), "startup-config is not present\n", "not present");
	harness_free(&h);
	unlink(bak);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_load();
	test_write_memory();
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			diag("could not remove the temporary directory");
	}
	return done_testing();
}
