#include "log/log.h"
#include "tests/tap.h"

#include <string.h>

struct collected {
	char lines[8][256];
	int n;
};

static void collect(const char *line, void *arg)
{
	struct collected *c = arg;

	if (c->n < 8)
		snprintf(c->lines[c->n++], sizeof(c->lines[0]), "%s", line);
}

int main(void)
{
	struct collected c = { .n = 0 };

	log_init("test", LOG_SINK_NONE);
	log_buffer_configure(4096);
	log_event("GDOI", LOG_SEV_NOTICE, "REGS_COMPL", "Registration to KS %s complete", "10.0.0.1");
	log_buffer_foreach(collect, &c);
	is_int(c.n, 1, "one buffered message");
	ok(strstr(c.lines[0], "%GDOI-5-REGS_COMPL: Registration to KS 10.0.0.1 complete") != NULL,
	   "IOS tag layout");

	/* A small ring keeps the newest whole messages only. */
	log_buffer_configure(120);
	for (int i = 0; i < 10; i++)
		log_event("SYS", LOG_SEV_INFO, "TEST", "message number %d", i);
	c.n = 0;
	log_buffer_foreach(collect, &c);
	ok(c.n >= 1 && c.n < 10, "wrapped ring holds fewer than all messages");
	ok(strstr(c.lines[c.n - 1], "message number 9") != NULL, "newest message last");
	for (int i = 0; i < c.n; i++)
		ok(strstr(c.lines[i], "%SYS-6-TEST: message number") != NULL, "no partial message in ring");
	log_close();
	return done_testing();
}
