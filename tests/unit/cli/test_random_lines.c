/* Thousands of random lines, built from pieces of real commands and
 * hostile bytes, through execute, ? and TAB in every mode: the engine must
 * answer each with a known status and never read out of bounds (this test
 * is meant for the ASan/UBSan build as much as for the plain one). */
#include "config.h"

#include "tests/unit/cli/harness.h"
#include "tests/tap.h"

static const char *const pieces[] = {
	"show", "sh", "s", "running-config", "run", "r", "version", "conf", "t", "terminal",
	"crypto", "isakmp", "policy", "10", "0", "10001", "99999999999999999999999", "encr",
	"aes", "3des", "d", "lifetime", "ip", "route", "1.2.3.4", "1.2.3.256", "1.2.3.",
	"255.255.255.0", "access-list", "extended", "remark", "gdoi", "group", "server", "local",
	"sa", "ipsec", "identity", "number", "do", "end", "exit", "no", "default", "hostname",
	"|", "| include", "| i", "| section x", "| count", "(", "\"", "\"a b\"", "?", "$", "[",
	"{", "\t", "  ", "logging", "buffered", "4096", "write", "copy", "erase", "-", "-1",
	"\x01", "\x7f", "\xc3\xa9", "match", "address", "ipv4", "profile", "rekey", "seconds",
};

static void random_line(char *buf, size_t cap, unsigned *seed)
{
	size_t n = (size_t)(rand_r(seed) % 12), len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[rand_r(seed) % (sizeof(pieces) / sizeof(pieces[0]))];
		int w = snprintf(buf + len, cap - len, "%s%s", p, rand_r(seed) % 5 ? " " : "");

		if (w < 0 || (size_t)w >= cap - len)
			break;
		len += (size_t)w;
	}
}

int main(void)
{
	static const char *const enter[] = {
		"end", "conf t", "crypto isakmp policy 5", "ip access-list extended A",
		"crypto gdoi group G", "server local", "sa ipsec 1",
	};
	struct harness h;
	unsigned seed = 20261127;
	unsigned bad_status = 0, runs = 0;
	char line[512];

	harness_init(&h, true, "/nonexistent/startup-config");
	for (int round = 0; round < 20000; round++) {
		enum cli_status st;

		/* wander through the modes */
		if (round % 50 == 0)
			run(&h, enter[(size_t)round / 50 % (sizeof(enter) / sizeof(enter[0]))]);
		random_line(line, sizeof(line), &seed);
		if (strstr(line, "erase") || strstr(line, "wr") || strstr(line, "copy"))
			continue;
		st = cli_session_execute(h.s, line);
		if (st > CLI_STATUS_CLOSE)
			bad_status++;
		if (st == CLI_STATUS_CLOSE || cli_session_closed(h.s)) {
			harness_free(&h);
			harness_init(&h, true, "/nonexistent/startup-config");
		}
		h.out.len = 0;
		cli_session_describe(h.s, line);
		h.out.len = 0;
		cli_session_complete(h.s, line);
		h.out.len = 0;
		runs++;
	}
	is_int(bad_status, 0, "every line ends with a known status");
	ok(runs > 15000, "thousands of lines went through execute, ? and TAB");
	ok(strlen(cli_session_prompt(h.s)) > 0, "the session is still usable");
	harness_free(&h);
	return done_testing();
}
