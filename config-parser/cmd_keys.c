/* crypto key generate rsa / crypto key zeroize rsa (exec, and config as
 * IOS also accepts them there), show crypto key mypubkey rsa. The keys
 * live in the key store, not in the running configuration. */
#include "config-parser/cmd.h"
#include "cli/session.h"
#include "config-parser/key_show.h"
#include "crypto/keystore.h"
#include "log/log.h"

#include <stdio.h>
#include <time.h>

static struct keystore *keystore_of(struct cli_session *s, struct config *c)
{
	if (!c->keystore)
		cli_error(s, "%% The key store is not available (no state directory)");
	return c->keystore;
}

static enum cli_result key_generate(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *label = cli_arg_str(a, "keylabel");
	unsigned bits = (unsigned)cli_arg_num(a, "bits", 2048);
	struct keystore *ks;
	char err[256];

	if (!keystore_label_valid(label)) {
		cli_error(s, "%% Invalid key label (1 to %d characters: letters, digits, . _ -)",
			  KEYSTORE_LABEL_MAX);
		return CLI_ERROR;
	}
	/* --check-config generates nothing: the line is valid, that is all. */
	if (cli_session_is_check_only(s))
		return CLI_OK;
	ks = keystore_of(s, c);
	if (!ks)
		return CLI_ERROR;
	if (keystore_has(ks, label) && cli_session_is_loading(s)) {
		cli_out(s, "%% RSA keys named %s already exist; kept (zeroize them to replace)\n",
			label);
		return CLI_OK;
	}
	if (keystore_has(ks, label) &&
	    !cli_session_confirm(s, "% You already have RSA keys defined with that label. "
				    "Replace them? [confirm]"))
		return CLI_OK;
	cli_out(s, "The name for the keys will be: %s\n\n", label);
	cli_out(s, "%% The key modulus size is %u bits\n", bits);
	if (bits < KEYSTORE_RSA_WEAK_BITS)
		cli_out(s, "%% Warning: a modulus below %d bits is weak; use 2048 or more\n",
			KEYSTORE_RSA_WEAK_BITS);
	cli_out(s, "%% Generating %u bit RSA keys, keys will be non-exportable...\n", bits);
	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (!keystore_generate_rsa(ks, label, bits, err, sizeof(err))) {
		cli_error(s, "%s", err);
		return CLI_ERROR;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	cli_out(s, "[OK] (elapsed time was %ld seconds)\n", (long)(end.tv_sec - start.tv_sec -
								(end.tv_nsec < start.tv_nsec)));
	log_event("CRYPTO_ENGINE", LOG_SEV_NOTICE, "KEY_ADDITION",
		  "A key named %s has been generated or imported by crypto-engine", label);
	config_changed(c, CONFIG_CHANGE_KEY, label);
	return CLI_OK;
}

static enum cli_result key_zeroize(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *label = cli_arg_str(a, "keylabel");
	struct keystore *ks;
	char err[256];

	if (cli_session_is_check_only(s))
		return CLI_OK;
	ks = keystore_of(s, c);
	if (!ks)
		return CLI_ERROR;
	if (!keystore_has(ks, label)) {
		cli_error(s, "%% No RSA keys named %s", label);
		return CLI_ERROR;
	}
	char question[160];
	snprintf(question, sizeof(question), "%% Keys to be removed are named '%s'.\n"
		 "Do you really want to remove these keys? [confirm]", label);
	if (!cli_session_confirm(s, question))
		return CLI_OK;
	if (!keystore_zeroize(ks, label, err, sizeof(err))) {
		cli_error(s, "%s", err);
		return CLI_ERROR;
	}
	log_event("CRYPTO_ENGINE", LOG_SEV_NOTICE, "KEY_DELETED",
		  "A key named %s has been removed from key storage", label);
	config_changed(c, CONFIG_CHANGE_KEY, label);
	return CLI_OK;
}

struct key_show_req {
	const struct keystore *ks;
	const char *label;
	bool found;
};

static void print_mypubkey(FILE *out, void *arg)
{
	struct key_show_req *r = arg;

	r->found = key_show_mypubkey(out, r->ks, r->label);
}

static enum cli_result key_show(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct key_show_req r = { .ks = keystore_of(s, ctx), .label = cli_arg_str(a, "label") };

	if (!r.ks)
		return CLI_ERROR;
	if (cli_out_printed(s, print_mypubkey, &r) != CLI_OK)
		return CLI_ERROR;
	if (!r.found) {
		cli_error(s, "%% No RSA keys named %s", r.label);
		return CLI_ERROR;
	}
	return CLI_OK;
}

#define GEN_SPEC "crypto key generate rsa [general-keys$general] modulus <512-4096>$bits " \
	"label WORD$keylabel"
#define GEN_HELP "Encryption module", "Long term key operations", "Generate new keys", \
	"Generate RSA keys", "Generate a general purpose RSA key pair for signing and encryption", \
	"Provide number of modulus bits on the command line", "size of the key modulus", \
	"Provide a label", "RSA key pair label"
#define GEN_SPEC2 "crypto key generate rsa [general-keys$general] label WORD$keylabel " \
	"modulus <512-4096>$bits"
#define GEN_HELP2 "Encryption module", "Long term key operations", "Generate new keys", \
	"Generate RSA keys", "Generate a general purpose RSA key pair for signing and encryption", \
	"Provide a label", "RSA key pair label", \
	"Provide number of modulus bits on the command line", "size of the key modulus"
#define ZERO_SPEC "crypto key zeroize rsa WORD$keylabel"
#define ZERO_HELP "Encryption module", "Long term key operations", "Remove keys", \
	"Remove RSA keys", "RSA key pair label"

const struct cli_command config_key_commands[] = {
	{ CLI_MODE_ANY_EXEC, GEN_SPEC, HELP(GEN_HELP), key_generate, CLI_CMD_PRIVILEGED },
	{ CLI_MODE_ANY_EXEC, GEN_SPEC2, HELP(GEN_HELP2), key_generate, CLI_CMD_PRIVILEGED },
	{ CLI_MODE_ANY_EXEC, ZERO_SPEC, HELP(ZERO_HELP), key_zeroize, CLI_CMD_PRIVILEGED },
	{ CLI_MODE_CONFIG, GEN_SPEC, HELP(GEN_HELP), key_generate, 0 },
	{ CLI_MODE_CONFIG, GEN_SPEC2, HELP(GEN_HELP2), key_generate, 0 },
	{ CLI_MODE_CONFIG, ZERO_SPEC, HELP(ZERO_HELP), key_zeroize, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto key mypubkey rsa [WORD$label]",
	  HELP("Show running system information", "Encryption module", "Show long term public keys",
	       "Show public keys associated with this router", "Show RSA public keys",
	       "RSA key pair label"), key_show, CLI_CMD_PRIVILEGED },
	{ .spec = NULL },
};
