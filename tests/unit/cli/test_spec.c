/* Spec strings: what the compiler accepts, what it refuses and why. */
#include "config.h"

#include "cli/command.h"
#include "cli/match.h"
#include "tests/tap.h"

#include <stdio.h>

static enum cli_result nop(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	return CLI_OK;
}

static int try_register(int mode, const char *spec, const char *const *help)
{
	struct cli_command table[] = {
		{ mode, spec, help, nop, 0 },
		{ .spec = NULL },
	};
	struct cli_tree *tree = cli_tree_new();
	int rc = cli_tree_register(tree, table, NULL);

	cli_tree_free(tree);
	return rc;
}

#define H(...) (const char *const[]){ __VA_ARGS__, NULL }

int main(void)
{
	is_int(try_register(CLI_MODE_CONFIG, "hostname WORD$name", H("a", "b")), 0, "simple spec");
	is_int(try_register(CLI_MODE_CONFIG, "hostname WORD$name", H("a")), -1, "help count too low");
	is_int(try_register(CLI_MODE_CONFIG, "hostname WORD$name", H("a", "b", "c")), -1,
	       "help count too high");
	is_int(try_register(CLI_MODE_CONFIG, "hostname WORD", H("a", "b")), -1, "unnamed variable");
	is_int(try_register(CLI_MODE_CONFIG, "x LINE$l y", H("a", "b", "c")), -1, "LINE not last");
	is_int(try_register(CLI_MODE_CONFIG, "group <1-21>$group", H("a", "b")), -1, "variable named like a keyword");
	is_int(try_register(CLI_MODE_CONFIG, "x (a|b", H("x", "a", "b")), -1, "unclosed group");
	is_int(try_register(CLI_MODE_CONFIG, "x a|b)", H("x", "a", "b")), -1, "stray bar");
	is_int(try_register(CLI_MODE_CONFIG, "x <5-1>$n", H("x", "n")), -1, "inverted range");
	is_int(try_register(CLI_MODE_CONFIG, "x <1-z>$n", H("x", "n")), -1, "bad range");
	is_int(try_register(CLI_MODE_CONFIG, "[x]", H("x")), -1, "nothing mandatory");
	is_int(try_register(CLI_MODE_CONFIG, "x $", H("x")), -1, "empty name");
	is_int(try_register(CLI_MODE_COUNT + 5, "x", H("x")), -1, "bad mode");
	is_int(try_register(CLI_MODE_CONFIG,
			    "[no] set {a|b}$ab [(c|d)$cd] [<1-5>$n] [WORD$w LINE$rest]",
			    H("no", "set", "a", "b", "c", "d", "n", "w", "rest")), 0,
	       "every construct together");
	is_int(try_register(CLI_MODE_CONFIG, "[no] x [y [z]]", H("no", "x", "y", "z")), 0,
	       "nested optional parts");

	/* the compiled graph: optional parts are skippable, ends are marked */
	{
		char err[128];
		struct cli_command decl = { CLI_MODE_CONFIG, "[no] a [b] c",
					    H("no", "a", "b", "c"), nop, 0 };
		struct cli_cmd *cmd = cli_cmd_compile(&decl, NULL, err, sizeof(err));

		ok(cmd != NULL, "compiles");
		is_int(cmd->n_first, 2, "starts with no or a");
		is_int(cmd->nodes[1]->n_next, 2, "a is followed by b or c");
		ok(!cmd->nodes[1]->is_end && cmd->nodes[3]->is_end, "only c ends the command");
		is_str(cmd->nodes[0]->name, "no", "keywords are named after themselves");
		cli_cmd_free(cmd);
	}
	{
		char err[128];
		struct cli_command decl = { CLI_MODE_CONFIG, "x (aes|3des)$cipher [general$g]",
					    H("x", "a", "3", "g"), nop, 0 };
		struct cli_cmd *cmd = cli_cmd_compile(&decl, NULL, err, sizeof(err));

		ok(cmd != NULL, "named group compiles");
		is_str(cmd->nodes[1]->name, "cipher", "group name on first choice");
		is_str(cmd->nodes[2]->name, "cipher", "group name on second choice");
		is_str(cmd->nodes[3]->name, "g", "name inside brackets");
		is_str(cmd->nodes[2]->help, "3", "help in spec order");
		cli_cmd_free(cmd);
	}
	{
		struct in_addr ip;
		unsigned long n;

		ok(cli_parse_ipv4("10.1.2.3", 8, &ip), "ipv4 ok");
		ok(!cli_parse_ipv4("10.1.2.", 7, &ip), "ipv4 trailing dot");
		ok(!cli_parse_ipv4("10.1.2.3.4", 10, &ip), "ipv4 five parts");
		ok(!cli_parse_ipv4("10.1.2.256", 10, &ip), "ipv4 octet > 255");
		ok(!cli_parse_ipv4("10.1.2.-1", 9, &ip), "ipv4 sign");
		ok(!cli_parse_ipv4("1000.1.2.3", 10, &ip), "ipv4 four digits");
		ok(!cli_parse_number("18446744073709551616", 20, &n), "number overflow");
		ok(cli_parse_number("18446744073709551615", 20, &n) && n == ~0UL, "number max");
		ok(!cli_parse_number("", 0, &n), "empty number");
	}
	return done_testing();
}
