/* The matcher as a user meets it: abbreviations, ambiguity, every error
 * marker with its caret column, typed arguments, walk-up, no forms, do,
 * `?` listings and TAB completion. */
#include "config.h"

#include "tests/unit/cli/harness.h"
#include "tests/tap.h"

static const char *marker_at(size_t column)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%*s^\n%% Invalid input detected at '^' marker.\n",
		 (int)column, "");
	return buf;
}

static void test_abbreviation(struct harness *h)
{
	ok(strstr(run(h, "sh ver"), "Version") != NULL, "sh ver = show version");
	is_int(h->last, CLI_STATUS_OK, "sh ver succeeds");
	run(h, "conf t");
	is_str(cli_session_prompt(h->s), "Router(config)#", "conf t enters config");
	run(h, "end");
	run(h, "CONF T");
	is_str(cli_session_prompt(h->s), "Router(config)#", "keywords ignore case");
	run(h, "end");
	is_str(cli_session_prompt(h->s), "Router#", "end returns to #");
	run(h, "configure");
	is_str(cli_session_prompt(h->s), "Router(config)#", "configure alone enters config");
	run(h, "end");
	ok(strstr(run(h, "sh runn"), "Current configuration") != NULL, "sh runn");
}

static void test_errors(struct harness *h)
{
	is_str(run(h, "sh r"), "% Ambiguous command:  \"sh r\"\n", "ambiguous keyword");
	is_int(h->last, CLI_STATUS_AMBIGUOUS, "ambiguous status");
	is_str(run(h, "  sh r  "), "% Ambiguous command:  \"sh r\"\n", "ambiguous trims spaces");
	is_str(run(h, "show"), "% Incomplete command.\n", "incomplete");
	is_int(h->last, CLI_STATUS_INCOMPLETE, "incomplete status");
	is_str(run(h, "show crypt"), "% Incomplete command.\n", "partial keyword, incomplete");
	/* "Router#" is 7 columns; the caret sits under the bad word */
	is_str(run(h, "show foo"), marker_at(7 + 5), "bad second word");
	is_int(h->last, CLI_STATUS_INVALID, "invalid status");
	is_str(run(h, "foo"), marker_at(7), "bad first word");
	is_str(run(h, "show   foo"), marker_at(7 + 7), "caret follows extra spaces");
	is_str(run(h, "show version extra"), marker_at(7 + 13), "trailing word");
	is_str(run(h, ""), "", "empty line prints nothing");
	is_int(h->last, CLI_STATUS_OK, "empty line is fine");
	cli_session_set_echo(h->s, true);
	is_str(run(h, "show foo"), "Router#show foo\n            ^\n"
	       "% Invalid input detected at '^' marker.\n", "echoed line above the caret");
	cli_session_set_echo(h->s, false);
}

static void test_typed_args(struct harness *h)
{
	const size_t cfg = strlen("Router(config)#");

	run(h, "conf t");
	is_str(run(h, "crypto isakmp policy 0"), marker_at(cfg + 21), "below range");
	is_str(run(h, "crypto isakmp policy 10001"), marker_at(cfg + 21), "above range");
	is_str(run(h, "crypto isakmp policy 99999999999999999999999"), marker_at(cfg + 21),
	       "overflowing number");
	is_str(run(h, "cry isa pol 1x"), marker_at(cfg + 12), "not a number");
	is_str(run(h, "ip route 10.0.0.0 255.0.0.0 1.2.3.256"), marker_at(cfg + 28), "octet > 255");
	is_str(run(h, "ip route 10.0.0.0 255.0.0 1.2.3.4"), marker_at(cfg + 18), "three octets");
	is_str(run(h, "ip route 10.0.0.0.1 255.0.0.0 1.2.3.4"), marker_at(cfg + 9), "five octets");
	is_str(run(h, "ip route 10.0.0.0 255.0.0.0 1.2.3.4"),
	       "[cmd prefix=10.0.0.0 mask=255.0.0.0 nexthop=1.2.3.4]\n", "three addresses");
	run(h, "crypto isakmp policy 10");
	is_str(cli_session_prompt(h->s), "Router(config-isakmp)#", "isakmp sub-mode");
	is_str(run(h, "encr a"), "[cmd cipher=aes]\n", "choice value is the full keyword");
	is_str(run(h, "encryption d"), "[cmd cipher=des]\n", "d: des, not 3des");
	is_str(run(h, "lifetime 86400"), "[cmd life=86400]\n", "upper bound accepted");
	is_str(run(h, "lifetime 59"), marker_at(strlen("Router(config-isakmp)#") + 9),
	       "below range in sub-mode");
	is_str(run(h, "authentication pre"), "[cmd method=pre-share]\n", "without no");
	is_str(run(h, "no authentication pre"), "[cmd no=no method=pre-share]\n", "no form");
	is_str(run(h, "default group 14"), "[cmd default=default dh=14]\n", "default form");
	is_str(run(h, "group 1"), "[cmd dh=14]\n", "1 abbreviates 14");
	is_str(run(h, "group 15"), marker_at(strlen("Router(config-isakmp)#") + 6),
	       "numeric keyword mismatch");
	is_str(help(h, "de"), "default  \n", "default listed");
	run(h, "end");
}

static void test_walk_up(struct harness *h)
{
	run(h, "conf t");
	run(h, "crypto isakmp policy 10");
	is_str(run(h, "hostname R2"), "", "global command from a sub-mode");
	is_str(cli_session_prompt(h->s), "R2(config)#", "walked up to global config");
	run(h, "crypto gdoi group G1");
	run(h, "server local");
	run(h, "sa ipsec 1");
	is_str(cli_session_prompt(h->s), "R2(gkm-sa-ipsec)#", "three levels deep");
	is_str(run(h, "rekey lifetime seconds 300"), "[cmd secs=300]\n", "parent sub-mode command");
	is_str(cli_session_prompt(h->s), "R2(gkm-local-server)#", "walked up one level");
	run(h, "sa ipsec 2");
	is_str(run(h, "identity number 7"), "[cmd id=7]\n", "grandparent command");
	is_str(cli_session_prompt(h->s), "R2(config-gkm-group)#", "walked up two levels");
	is_str(run(h, "show version"), marker_at(strlen("R2(config-gkm-group)#")),
	       "no walk-up from config to exec");
	is_str(cli_session_prompt(h->s), "R2(config-gkm-group)#", "mode kept after an error");
	is_str(run(h, "identity number 0"), marker_at(strlen("R2(config-gkm-group)#") + 16),
	       "sub-mode error reported in place");
	is_str(run(h, "hostname"), "% Incomplete command.\n", "incomplete global command");
	is_str(cli_session_prompt(h->s), "R2(config-gkm-group)#", "no walk-up on failure");
	run(h, "exit");
	is_str(cli_session_prompt(h->s), "R2(config)#", "exit: one level up");
	run(h, "exit");
	is_str(cli_session_prompt(h->s), "R2#", "exit from config");
	run(h, "conf t");
	run(h, "no hostname");
	is_str(cli_session_prompt(h->s), "Router(config)#", "no hostname");
	is_str(run(h, "hostname 1abc"), "% Hostname contains one or more illegal characters.\n",
	       "bad hostname");
	is_int(h->last, CLI_STATUS_ERROR, "handler error status");
	run(h, "end");
}

static void test_do(struct harness *h)
{
	run(h, "conf t");
	run(h, "ip access-list extended ACL1");
	ok(strstr(run(h, "do show version"), "Version") != NULL, "do from a sub-mode");
	is_int(h->last, CLI_STATUS_OK, "do succeeds");
	is_str(cli_session_prompt(h->s), "Router(config-ext-nacl)#", "do keeps the mode");
	is_str(run(h, "do sh foo"), marker_at(strlen("Router(config-ext-nacl)#") + 6),
	       "caret inside a do line");
	is_int(h->last, CLI_STATUS_ERROR, "bad do line fails");
	is_str(run(h, "remark keep  these   spaces "), "[cmd text=keep  these   spaces]\n",
	       "LINE keeps inner spacing");
	run(h, "exit");
	is_str(run(h, "do sh r"), "% Ambiguous command:  \"sh r\"\n", "ambiguous inside do");
	run(h, "do terminal length 0");
	is_int(cli_session_terminal_length(h->s), 0, "do terminal length 0");
	is_str(run(h, "do"), "% Incomplete command.\n", "do alone");
	run(h, "end");
}

static void test_describe(struct harness *h)
{
	is_str(help(h, "conf"), "configure  \n", "partial word lists keywords");
	is_str(help(h, "c"), "clear  configure  copy  \n", "several matches on one line");
	is_str(help(h, "configure "),
	       "  terminal  Configure from the terminal\n  <cr>\n", "next tokens with help");
	is_str(help(h, "show crypto ipsec sa "),
	       "  detail  Show detailed counters\n  <cr>\n", "optional keyword and <cr>");
	is_str(help(h, "show crypto "),
	       "  gdoi   Show GDOI information\n  ipsec  Show IPSEC info\n", "two columns aligned");
	is_str(help(h, "xyz"), "% Unrecognized command\n", "nothing matches");
	is_str(help(h, "show foo "), marker_at(7 + 5), "bad word before ? gets the marker");
	is_str(help(h, "sh r "), "% Ambiguous command:  \"sh r\"\n", "ambiguous before ?");
	run(h, "conf t");
	is_str(help(h, "crypto isakmp policy "), "  <1-10000>  Priority of protection suite\n",
	       "range placeholder");
	is_str(help(h, "ip route 1.2.3.4 "), "  A.B.C.D  Destination prefix mask\n",
	       "address placeholder");
	is_str(help(h, "ip route 1.2"), "  A.B.C.D  Destination prefix\n", "address being typed");
	is_str(help(h, "ip route "), "  A.B.C.D  Destination prefix\n  static   Allow static routes\n",
	       "values before keywords, as IOS lists them");
	is_str(help(h, "ip route s"), "static  \n", "partial word: keywords only");
	is_str(help(h, "crypto isakmp policy 1"), "  <1-10000>  Priority of protection suite\n",
	       "number being typed");
	is_str(help(h, "logging buffered 4"), "  <4096-2147483647>  Logging buffer size\n",
	       "number below the range while typed");
	is_str(help(h, "crypto isakmp policy x"), "% Unrecognized command\n",
	       "a letter cannot become a number");
	is_str(help(h, "do conf"), "configure  \n", "? continues into exec after do");
	is_str(help(h, "do configure "), "  terminal  Configure from the terminal\n  <cr>\n",
	       "do: next tokens of an exec command");
	ok(strstr(help(h, ""), "  hostname") != NULL, "empty line lists the mode");
	ok(strstr(help(h, ""), "  show ") == NULL, "exec commands not in config listing");
	run(h, "end");
}

static void test_complete(struct harness *h)
{
	is_str(complete(h, "conf"), "configure\n", "unique prefix");
	is_str(complete(h, "sh ru"), "running-config\n", "second word");
	is_str(complete(h, "c"), "clear\nconfigure\ncopy\n", "several candidates");
	is_str(complete(h, "show "), "", "nothing after a space");
	is_str(complete(h, "zz"), "", "nothing for no match");
	run(h, "conf t");
	is_str(complete(h, "do sh ver"), "version\n", "completion inside do");
	run(h, "end");
}

static void test_exec_modes(void)
{
	struct harness h;

	harness_init(&h, false, "/nonexistent/startup-config");
	is_str(cli_session_prompt(h.s), "Router>", "user exec prompt");
	is_str(run(&h, "configure terminal"), marker_at(7), "no configure at >");
	is_str(run(&h, "show running-config"), marker_at(7 + 5), "privileged show hidden at >");
	ok(strstr(help(&h, "show "), "logging") == NULL, "? hides privileged commands");
	run(&h, "enable");
	is_str(cli_session_prompt(h.s), "Router#", "enable");
	run(&h, "disable");
	is_str(cli_session_prompt(h.s), "Router>", "disable");
	run(&h, "exit");
	is_int(h.last, CLI_STATUS_CLOSE, "exit from exec closes the session");
	harness_free(&h);
}

static void test_history_and_terminal(void)
{
	struct harness fresh;

	harness_init(&fresh, true, "/nonexistent/startup-config");
	run(&fresh, "sh ver");
	run(&fresh, "terminal length 0");
	is_int(cli_session_terminal_length(fresh.s), 0, "terminal length 0");
	is_str(run(&fresh, "terminal length 513"), marker_at(7 + 16), "terminal length range");
	is_str(run(&fresh, "show history"),
	       "  sh ver\n  terminal length 0\n  terminal length 513\n  show history\n",
	       "show history");
	harness_free(&fresh);
}

static void test_running_config(struct harness *h)
{
	run(h, "conf t");
	run(h, "hostname R9");
	run(h, "logging buffered 8192");
	run(h, "end");
	is_str(run(h, "show running-config"),
	       "Building configuration...\n\nCurrent configuration : 44 bytes\n"
	       "!\nhostname R9\n!\nlogging buffered 8192\n!\nend\n", "running-config layout");
	run(h, "conf t");
	run(h, "no logging buffered");
	run(h, "hostname Router");
	run(h, "end");
}

static void write_policies(FILE *out, void *ctx)
{
	fputs("crypto isakmp policy 10\n encryption aes\n!\ncrypto isakmp policy 20\n"
	      " encryption 3des\n lifetime 600\n", out);
}

static void test_pipes(struct harness *h)
{
	run(h, "conf t");
	run(h, "hostname P1");
	run(h, "logging buffered 8192");
	run(h, "end");
	is_str(run(h, "show running-config | include hostname"), "hostname P1\n", "| include");
	is_str(run(h, "sh run | i ^logging|^hostname"), "hostname P1\nlogging buffered 8192\n",
	       "abbreviated filter, regex alternation");
	is_str(run(h, "show running-config | exclude ^(!|Building|Current|$)"),
	       "hostname P1\nlogging buffered 8192\nend\n", "| exclude");
	is_str(run(h, "show running-config | begin logging"), "logging buffered 8192\n!\nend\n",
	       "| begin");
	is_str(run(h, "show running-config | count ^!"), "Number of lines which match regexp = 3\n",
	       "| count");
	cli_tree_register_writer(h->tree, CLI_ORDER_CRYPTO_ISAKMP, write_policies, NULL);
	is_str(run(h, "show running-config | section policy 20"),
	       "crypto isakmp policy 20\n encryption 3des\n lifetime 600\n", "| section");
	is_str(run(h, "show running-config | include ^ encryption"),
	       " encryption aes\n encryption 3des\n", "anchored regexp on indented lines");
	is_str(run(h, "show running-config | foo"), marker_at(strlen("P1#") + 22),
	       "bad filter: marker after the pipe");
	is_str(run(h, "show running-config | include"), "% Incomplete command.\n",
	       "filter without regexp");
	is_str(run(h, "show running-config |"), "% Incomplete command.\n", "pipe without filter");
	is_str(run(h, "show running-config | include ("), "% Invalid regular expression \"(\"\n",
	       "bad regexp");
	is_str(run(h, "show bogus | include x"), marker_at(strlen("P1#") + 5),
	       "the command's own error is not filtered");
	is_str(help(h, "show running-config | "),
	       "  begin    Begin with the line that matches\n"
	       "  count    Count number of lines which match regexp\n"
	       "  exclude  Exclude lines that match\n"
	       "  include  Include lines that match\n"
	       "  section  Filter a section of output\n", "? after the pipe");
	is_str(complete(h, "show running-config | inc"), "include\n", "TAB after the pipe");
	run(h, "conf t");
	is_str(run(h, "do show running-config | include hostname"), "hostname P1\n", "do with a pipe");
	run(h, "ip access-list extended A2");
	is_str(run(h, "remark a | b"), "[cmd text=a | b]\n", "no pipe in config lines");
	run(h, "end");
	run(h, "conf t");
	run(h, "no logging buffered");
	run(h, "no hostname");
	run(h, "end");
}

static void test_confirm(struct harness *h)
{
	cli_session_set_interactive(h->s, true);
	ok(strstr(run(h, "erase startup-config"), "[confirm]") != NULL, "interactive asks");
	is_int(h->last, CLI_STATUS_CONFIRM, "waits for the answer");
	cli_session_set_interactive(h->s, false);
}

int main(void)
{
	struct harness h;

	harness_init(&h, true, "/nonexistent/startup-config");
	test_abbreviation(&h);
	test_errors(&h);
	test_typed_args(&h);
	test_walk_up(&h);
	test_do(&h);
	test_describe(&h);
	test_complete(&h);
	test_history_and_terminal();
	test_running_config(&h);
	test_pipes(&h);
	test_confirm(&h);
	harness_free(&h);
	test_exec_modes();
	return done_testing();
}
