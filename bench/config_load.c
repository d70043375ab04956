/* Load-time benchmark: writes a 20,000-line configuration (5,000 ACL
 * entries, 1,500 GDOI groups, profiles, maps, interfaces), loads it into a
 * fresh command tree as getvpnd does at start, and prints the time taken,
 * then the same for its running-config. Usage: config_load [LINES-FILE]. */
#include "cli/builtins.h"
#include "cli/session.h"
#include "config-parser/register.h"
#include "crypto/keystore.h"
#include "log/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TARGET_LINES 20000
#define ACLS 50
#define ENTRIES_PER_ACL 100
#define KS_GROUPS 1000
#define GM_GROUPS 500
#define SETS 200
#define MAPS 500
#define POLICIES 100

static unsigned long lines;

static void put(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	lines++;
}

static void acl_entry(FILE *f, unsigned acl, unsigned i)
{
	unsigned a = acl % 250 + 1, b = i % 250 + 1;

	switch (i % 5) {
	case 0: put(f, " permit ip 10.%u.%u.0 0.0.0.255 10.%u.0.0 0.0.255.255", a, b, b); break;
	case 1: put(f, " permit udp host 172.16.%u.%u eq %u any", a, b, 1000 + i); break;
	case 2: put(f, " deny tcp any range %u %u host 192.168.%u.%u", 2000 + i, 3000 + i, a, b); break;
	case 3: put(f, " permit icmp 10.%u.%u.%u 0.0.0.0 any", a, b, i % 200); break;
	default: put(f, " permit tcp any gt %u 10.%u.%u.0 0.0.0.255 log", 1024 + i, a, b); break;
	}
}

static void generate(FILE *f)
{
	put(f, "hostname BENCH");
	for (unsigned p = 1; p <= POLICIES; p++) {
		put(f, "crypto isakmp policy %u", p);
		put(f, " encr aes 256");
		put(f, " hash sha256");
		put(f, " authentication pre-share");
		put(f, " group 14");
	}
	for (unsigned s = 0; s < SETS; s++) {
		put(f, "crypto ipsec transform-set TS%u esp-aes 256 esp-sha256-hmac", s);
		put(f, " mode tunnel");
		put(f, "crypto ipsec profile P%u", s);
		put(f, " set transform-set TS%u", s);
	}
	for (unsigned g = 0; g < KS_GROUPS; g++) {
		put(f, "crypto gdoi group KS%u", g);
		put(f, " identity number %u", g + 1);
		put(f, " server local");
		put(f, "  rekey authentication mypubkey rsa KEY%u", g % 4);
		put(f, "  rekey transport unicast");
		put(f, "  sa ipsec 1");
		put(f, "   profile P%u", g % SETS);
		put(f, "   match address ipv4 ACL%u", g % ACLS);
		put(f, "  address ipv4 10.255.%u.%u", g / 250, g % 250 + 1);
	}
	for (unsigned g = 0; g < GM_GROUPS; g++) {
		put(f, "crypto gdoi group GM%u", g);
		put(f, " identity number %u", 100000 + g);
		put(f, " server address ipv4 10.254.%u.1", g % 250);
		put(f, " server address ipv4 10.254.%u.2", g % 250);
	}
	for (unsigned m = 0; m < MAPS; m++) {
		put(f, "crypto map MAP%u 10 gdoi", m);
		put(f, " set group GM%u", m % GM_GROUPS);
		put(f, "interface veth%u", m);
		put(f, " crypto map MAP%u", m);
	}
	for (unsigned acl = 0; acl < ACLS; acl++) {
		put(f, "ip access-list extended ACL%u", acl);
		for (unsigned i = 0; i < ENTRIES_PER_ACL; i++)
			acl_entry(f, acl, i);
	}
	/* Pre-shared keys make up the rest of the 20,000 lines. */
	for (unsigned k = 0; lines < TARGET_LINES; k++)
		put(f, "crypto isakmp key KEY%u address 10.%u.%u.%u", k, k / 62500 + 1,
		    k / 250 % 250, k % 250 + 1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Loads path into a fresh tree; returns the running-config (caller frees). */
static unsigned long count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned long n = 0;
	int c;

	while (f && (c = fgetc(f)) != EOF)
		n += c == '\n';
	if (f)
		fclose(f);
	return n;
}

static char *load(const char *path, const char *state_dir, const char *what)
{
	unsigned long n = count_lines(path);
	struct cli_tree *tree = cli_tree_new();
	struct cli_builtins builtins = { .tree = tree };
	struct config *config;
	FILE *errors = fopen("/dev/null", "w");
	size_t len;

	if (!tree || cli_builtins_register(tree, &builtins) != 0 ||
	    !(config = config_setup(tree, state_dir)) || !errors) {
		fprintf(stderr, "config_load: cannot build the command tree\n");
		exit(1);
	}
	double start = now();
	long failed = cli_config_load(tree, NULL, path, false, errors);
	double took = now() - start;
	printf("%s: %lu lines loaded in %.3f s (%.0f lines/s), %ld failed\n", what, n, took,
	       n / took, failed);
	start = now();
	char *text = cli_tree_render_config(tree, &len);
	printf("%s: running-config (%zu bytes) written in %.3f s\n", what, len, now() - start);
	fclose(errors);
	config_teardown(config);
	cli_tree_free(tree);
	return text;
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/gv-bench-XXXXXX", state[] = "/tmp/gv-bench-state-XXXXXX";
	int fd = mkstemp(path);

	log_init("config_load", LOG_SINK_NONE);
	if (fd < 0 || !mkdtemp(state)) {
		perror("config_load");
		return 1;
	}
	FILE *f = fdopen(fd, "w");
	generate(f);
	fclose(f);
	printf("generated %lu configuration lines (%u ACL entries, %u groups)\n", lines,
	       ACLS * ENTRIES_PER_ACL, KS_GROUPS + GM_GROUPS);
	char *first = load(path, state, "startup-config");
	f = fopen(path, "w");
	fputs(first, f);
	fclose(f);
	char *second = load(path, state, "its running-config");
	printf("running-config round trip: %s\n", strcmp(first, second) == 0 ? "identical" : "DIFFERENT");
	if (argc > 1) {
		f = fopen(argv[1], "w");
		if (f) {
			fputs(first, f);
			fclose(f);
		}
	}
	free(first);
	free(second);
	unlink(path);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", state);
	return system(cmd) != 0;
}
