/* The command tree's public face: how a command is declared, and what its
 * handler receives. Every command of getvpnd is declared once, as data, with
 * this structure; the engine (cli/spec_parse.c, cli/graph.c, cli/match.c)
 * compiles the declarations into a per-mode matcher that serves execution
 * (cli/execute.c), `?` help and TAB completion (cli/describe.c) alike.
 *
 * Spec grammar (one string per command, tokens separated by spaces):
 *   keyword          literal word, matched by any unique prefix ("conf" = "configure")
 *   WORD             any word                     -> string
 *   LINE             the rest of the line         -> string (must be last)
 *   A.B.C.D          IPv4 address                 -> in_addr (network order)
 *   <LO-HI>          decimal number in range      -> unsigned long
 *   (a|b|c)          exactly one of the choices (each choice is one token)
 *   [x]              optional token or group: [x] [x y] [(a|b)] [<1-5>]
 *   {a|b}            same as (a|b); IOS documentation style
 * Each variable or choice can be named with $name: "<1-10000>$priority",
 * "WORD$label", "(aes|3des|des)$cipher", "[general-keys$general]".
 * A choice's value is the full keyword chosen, never the typed prefix.
 * Unnamed variables are named after their keyword position is not allowed:
 * every variable token must carry $name.
 * A leading "[no]" makes the command also accept the no form; handlers ask
 * cli_arg_has(args, "no").
 *
 * help: one string per token, in the order the tokens appear in spec
 * (for a choice group, one per choice; "[no]" counts as one token). The
 * engine checks the count when the tree is built and refuses to start on a
 * mismatch; a unit test builds the whole tree. */
#ifndef GETVPND_CLI_COMMAND_H
#define GETVPND_CLI_COMMAND_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>

/* Modes and their IOS prompt suffixes. */
enum cli_mode {
	CLI_MODE_USER_EXEC,        /* R1>                       */
	CLI_MODE_PRIV_EXEC,        /* R1#                       */
	CLI_MODE_CONFIG,           /* R1(config)#               */
	CLI_MODE_CONFIG_IF,        /* R1(config-if)#            */
	CLI_MODE_ISAKMP_POLICY,    /* R1(config-isakmp)#        */
	CLI_MODE_TRANSFORM_SET,    /* R1(cfg-crypto-trans)#     */
	CLI_MODE_IPSEC_PROFILE,    /* R1(ipsec-profile)#        */
	CLI_MODE_EXT_NACL,         /* R1(config-ext-nacl)#      */
	CLI_MODE_GDOI_GROUP,       /* R1(config-gkm-group)#     */
	CLI_MODE_GDOI_LOCAL_SERVER,/* R1(gkm-local-server)#     */
	CLI_MODE_GDOI_SA_IPSEC,    /* R1(gkm-sa-ipsec)#         */
	CLI_MODE_CRYPTO_MAP,       /* R1(config-crypto-map)#    */
	CLI_MODE_COUNT
};

/* A command that exists in every mode at or below CONFIG ("do", "end",
 * "exit") is declared once with this pseudo mode. */
#define CLI_MODE_ANY_CONFIG CLI_MODE_COUNT
/* Declared for both exec modes (user and privileged) with privilege check. */
#define CLI_MODE_ANY_EXEC (CLI_MODE_COUNT + 1)

enum cli_result {
	CLI_OK = 0,
	CLI_ERROR = 1,      /* the handler printed a "% ..." message */
};

struct cli_session;     /* one per vty, console or config file being loaded */
struct cli_args;        /* the named, typed arguments of one matched command */

/* ctx is the pointer given with the table to cli_tree_register (the
 * configuration model, the key server's state...). */
typedef enum cli_result (*cli_handler_fn)(struct cli_session *session,
					  const struct cli_args *args, void *ctx);

enum cli_cmd_flags {
	CLI_CMD_HIDDEN = 1 << 0,      /* matched, never listed by ? or TAB      */
	CLI_CMD_PRIVILEGED = 1 << 1,  /* in exec: only at "#" (after enable)     */
	CLI_CMD_NESTED_EXEC = 1 << 2, /* its LINE is an exec command ("do"): ?
				       * and TAB continue in privileged exec  */
};

struct cli_command {
	int mode;                 /* enum cli_mode, or CLI_MODE_ANY_* */
	const char *spec;
	const char *const *help;  /* one entry per token, NULL-terminated */
	cli_handler_fn handler;
	unsigned flags;
};

/* A command tree: built once by the daemon (and by each unit test) from
 * the tables every area registers. Each table is terminated by an entry
 * whose spec is NULL. Registration fails (returns -1 and says why on
 * stderr) on a malformed spec or a help count that does not match. */
struct cli_tree;
struct cli_tree *cli_tree_new(void);
void cli_tree_free(struct cli_tree *tree);
int cli_tree_register(struct cli_tree *tree, const struct cli_command *table, void *ctx);

/* show running-config / write memory: each area writes its part of the
 * configuration, in IOS order (lower order first), with IOS indentation
 * (one space in sub-modes) and "!" separators between blocks. */
enum cli_config_order {
	CLI_ORDER_HOSTNAME = 10,
	CLI_ORDER_LOGGING = 20,
	CLI_ORDER_CRYPTO_ISAKMP = 30,
	CLI_ORDER_CRYPTO_IPSEC = 40,
	CLI_ORDER_CRYPTO_GDOI = 50,
	CLI_ORDER_CRYPTO_MAP = 60,
	CLI_ORDER_INTERFACE = 70,
	CLI_ORDER_ACCESS_LIST = 80,
};
typedef void (*cli_config_writer_fn)(FILE *out, void *ctx);
void cli_tree_register_writer(struct cli_tree *tree, int order,
			      cli_config_writer_fn writer, void *ctx);

/* --- what a handler may ask of its arguments -------------------------- */
bool cli_arg_has(const struct cli_args *args, const char *name);       /* present at all */
const char *cli_arg_str(const struct cli_args *args, const char *name); /* NULL if absent */
unsigned long cli_arg_num(const struct cli_args *args, const char *name, unsigned long dflt);
struct in_addr cli_arg_ipv4(const struct cli_args *args, const char *name); /* 0 if absent */

/* --- what a handler may do with its session ---------------------------- */
/* Output to the session; "% ..." error lines go through cli_error so that
 * exit status and startup-config error counts see them. cli_error adds the
 * leading "% " and the final newline when the message lacks them, and the
 * "FILE:LINE: " prefix while a startup-config is loading. */
void cli_out(struct cli_session *session, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_error(struct cli_session *session, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Show handlers format with print(out, arg) into memory; the session then
 * gets the text in one piece. A memory stream that cannot open is reported
 * as "% Out of memory" (CLI_ERROR); otherwise the result is CLI_OK. */
typedef void (*cli_print_fn)(FILE *out, void *arg);
enum cli_result cli_out_printed(struct cli_session *session, cli_print_fn print, void *arg);

enum cli_mode cli_session_mode(const struct cli_session *session);
/* Enter a sub-mode; ctx identifies the object being edited (a policy, an
 * ACL...), owned by the caller, read back with cli_session_ctx.
 * Walk-up: a line that does not match in a sub-mode but matches in an
 * enclosing config mode runs there, after the session has left the
 * sub-modes in between (as IOS does); nothing walks up to exec. */
void cli_session_enter(struct cli_session *session, enum cli_mode mode, void *ctx);
void *cli_session_ctx(const struct cli_session *session);
/* The application object (the daemon's state) all handlers work on. */
void *cli_session_app(const struct cli_session *session);
/* True while a startup-config file is being loaded (no prompts, no confirmations). */
bool cli_session_is_loading(const struct cli_session *session);

#endif
