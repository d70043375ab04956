/* crypto isakmp policy / key / identity / keepalive, and the policy sub-mode. */
#include "config-parser/cmd.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static enum cli_result policy_enter(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	unsigned priority = (unsigned)cli_arg_num(a, "priority", 0);

	if (cli_arg_has(a, "no")) {
		if (!isakmp_policy_delete(&c->isakmp, priority)) {
			cli_error(s, "%% ISAKMP policy %u does not exist", priority);
			return CLI_ERROR;
		}
		config_changed(c, CONFIG_CHANGE_ISAKMP, "");
		return CLI_OK;
	}
	struct isakmp_policy *p = isakmp_policy_get(&c->isakmp, priority);
	if (!p) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	cli_session_enter(s, CLI_MODE_ISAKMP_POLICY, p);
	config_changed(c, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

static enum cli_result policy_encryption(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct isakmp_policy *p = cmd_current_policy(s, ctx);
	const char *cipher = cli_arg_str(a, "cipher");

	if (!p)
		return CLI_ERROR;
	if (cli_arg_has(a, "no") || !cipher) {
		p->encryption = ISAKMP_ENC_DES;
		p->aes_bits = 128;
	} else if (strcmp(cipher, "aes") == 0) {
		p->encryption = ISAKMP_ENC_AES;
		p->aes_bits = (unsigned)strtoul(cli_arg_str(a, "bits") ? cli_arg_str(a, "bits") : "128",
						 NULL, 10);
	} else {
		if (cli_arg_has(a, "bits")) {
			cli_error(s, "%% A key size applies to aes only");
			return CLI_ERROR;
		}
		p->encryption = strcmp(cipher, "3des") == 0 ? ISAKMP_ENC_3DES : ISAKMP_ENC_DES;
		p->aes_bits = 128;
	}
	config_changed(ctx, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

static enum cli_result policy_hash(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	static const char *const names[] = { "md5", "sha", "sha256", "sha384", "sha512", NULL };
	struct isakmp_policy *p = cmd_current_policy(s, ctx);
	const char *hash = cli_arg_str(a, "hashalg");

	if (!p)
		return CLI_ERROR;
	p->hash = ISAKMP_HASH_SHA;
	if (!cli_arg_has(a, "no") && hash)
		for (int i = 0; names[i]; i++)
			if (strcmp(hash, names[i]) == 0)
				p->hash = (enum isakmp_hash)i;
	config_changed(ctx, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

static enum cli_result policy_auth(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct isakmp_policy *p = cmd_current_policy(s, ctx);
	const char *method = cli_arg_str(a, "method");

	if (!p)
		return CLI_ERROR;
	p->auth = !cli_arg_has(a, "no") && method && strcmp(method, "pre-share") == 0 ?
		  ISAKMP_AUTH_PRE_SHARE : ISAKMP_AUTH_RSA_SIG;
	config_changed(ctx, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

static enum cli_result policy_group(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct isakmp_policy *p = cmd_current_policy(s, ctx);
	unsigned group = (unsigned)cli_arg_num(a, "dh", ISAKMP_DEFAULT_GROUP);

	if (!p)
		return CLI_ERROR;
	if (cli_arg_has(a, "no"))
		group = ISAKMP_DEFAULT_GROUP;
	if (!isakmp_dh_group_valid(group)) {
		cli_error(s, "%% Diffie-Hellman group %u is not supported "
			  "(1, 2, 5, 14, 15, 16, 19, 20, 21)", group);
		return CLI_ERROR;
	}
	p->dh_group = group;
	config_changed(ctx, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

static enum cli_result policy_lifetime(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct isakmp_policy *p = cmd_current_policy(s, ctx);

	if (!p)
		return CLI_ERROR;
	p->lifetime = cli_arg_has(a, "no") ? ISAKMP_DEFAULT_LIFETIME :
		      (unsigned)cli_arg_num(a, "secs", ISAKMP_DEFAULT_LIFETIME);
	config_changed(ctx, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

static enum cli_result isakmp_key(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *key = cli_arg_str(a, "secret");
	uint32_t addr = ntohl(cli_arg_ipv4(a, "addr").s_addr);
	uint32_t mask = cli_arg_has(a, "mask") ? ntohl(cli_arg_ipv4(a, "mask").s_addr) : 0xffffffffu;

	if (netmask_prefix_len(mask) < 0) {
		cli_error(s, "%% Invalid network mask");
		return CLI_ERROR;
	}
	if (cli_arg_has(a, "no")) {
		if (!isakmp_key_delete(&c->isakmp, addr, mask)) {
			cli_error(s, "%% No pre-shared key for that address");
			return CLI_ERROR;
		}
	} else if (strlen(key) > ISAKMP_KEY_MAX || !isakmp_key_set(&c->isakmp, key, addr, mask)) {
		cli_error(s, "%% Pre-shared key must be 1 to %d characters", ISAKMP_KEY_MAX);
		return CLI_ERROR;
	}
	config_changed(c, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

static enum cli_result isakmp_identity(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *id = cli_arg_str(a, "id");

	if (cli_arg_has(a, "no") || !id || strcmp(id, "address") == 0)
		c->isakmp.identity = ISAKMP_ID_ADDRESS;
	else
		c->isakmp.identity = strcmp(id, "hostname") == 0 ? ISAKMP_ID_HOSTNAME : ISAKMP_ID_DN;
	config_changed(c, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

static enum cli_result isakmp_keepalive(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *mode = cli_arg_str(a, "mode");

	if (cli_arg_has(a, "no")) {
		c->isakmp.keepalive_secs = 0;
		c->isakmp.keepalive_retry = 0;
		c->isakmp.keepalive_mode = ISAKMP_KEEPALIVE_ON_DEMAND;
	} else {
		c->isakmp.keepalive_secs = (unsigned)cli_arg_num(a, "secs", 0);
		c->isakmp.keepalive_retry = (unsigned)cli_arg_num(a, "retry", 0);
		c->isakmp.keepalive_mode = mode && strcmp(mode, "periodic") == 0 ?
					   ISAKMP_KEEPALIVE_PERIODIC : ISAKMP_KEEPALIVE_ON_DEMAND;
	}
	config_changed(c, CONFIG_CHANGE_ISAKMP, "");
	return CLI_OK;
}

#define CRYPTO_HELP "Encryption module"
#define ISAKMP_HELP "Configure ISAKMP policy"

const struct cli_command config_isakmp_commands[] = {
	{ CLI_MODE_CONFIG, "[no] crypto isakmp policy <1-10000>$priority",
	  HELP(NO_HELP, CRYPTO_HELP, ISAKMP_HELP, "Set policy priority",
	       "Priority of protection suite"), policy_enter, 0 },
	{ CLI_MODE_CONFIG, "[no] crypto isakmp key WORD$secret address A.B.C.D$addr [A.B.C.D$mask]",
	  HELP(NO_HELP, CRYPTO_HELP, ISAKMP_HELP, "Set pre-shared key for remote peer",
	       "pre-shared key", "define shared key with IP address", "IP address of peer",
	       "Peer address mask (0.0.0.0 = any peer)"), isakmp_key, 0 },
	{ CLI_MODE_CONFIG, "crypto isakmp identity (address|hostname|dn)$id",
	  HELP(CRYPTO_HELP, ISAKMP_HELP, "Set identity type", "Use the IP address",
	       "Use the hostname", "Use the distinguished name"), isakmp_identity, 0 },
	{ CLI_MODE_CONFIG, "no crypto isakmp identity [(address|hostname|dn)$id]",
	  HELP(NO_HELP, CRYPTO_HELP, ISAKMP_HELP, "Set identity type", "Use the IP address",
	       "Use the hostname", "Use the distinguished name"), isakmp_identity, 0 },
	{ CLI_MODE_CONFIG,
	  "crypto isakmp keepalive <10-3600>$secs [<2-60>$retry] [(periodic|on-demand)$mode]",
	  HELP(CRYPTO_HELP, ISAKMP_HELP, "Set a keepalive interval for use with IOS peers",
	       "Number of seconds between keep alives", "Number of seconds between retries",
	       "Send keepalives periodically", "Send keepalives on demand"), isakmp_keepalive, 0 },
	{ CLI_MODE_CONFIG, "no crypto isakmp keepalive",
	  HELP(NO_HELP, CRYPTO_HELP, ISAKMP_HELP, "Set a keepalive interval for use with IOS peers"),
	  isakmp_keepalive, 0 },

	{ CLI_MODE_ISAKMP_POLICY, "encryption (des|3des|aes)$cipher [(128|192|256)$bits]",
	  HELP("Set encryption algorithm for protection suite",
	       "DES - Data Encryption Standard (56 bit keys).", "Three key triple DES",
	       "AES - Advanced Encryption Standard.", "128 bit keys.", "192 bit keys.",
	       "256 bit keys."), policy_encryption, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "no encryption [(des|3des|aes)$cipher] [(128|192|256)$bits]",
	  HELP(NO_HELP, "Set encryption algorithm for protection suite",
	       "DES - Data Encryption Standard (56 bit keys).", "Three key triple DES",
	       "AES - Advanced Encryption Standard.", "128 bit keys.", "192 bit keys.",
	       "256 bit keys."), policy_encryption, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "hash (md5|sha|sha256|sha384|sha512)$hashalg",
	  HELP("Set hash algorithm for protection suite", "Message Digest 5",
	       "Secure Hash Standard", "Secure Hash Standard 2 (256 bit)",
	       "Secure Hash Standard 2 (384 bit)", "Secure Hash Standard 2 (512 bit)"),
	  policy_hash, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "no hash [(md5|sha|sha256|sha384|sha512)$hashalg]",
	  HELP(NO_HELP, "Set hash algorithm for protection suite", "Message Digest 5",
	       "Secure Hash Standard", "Secure Hash Standard 2 (256 bit)",
	       "Secure Hash Standard 2 (384 bit)", "Secure Hash Standard 2 (512 bit)"),
	  policy_hash, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "authentication (pre-share|rsa-sig)$method",
	  HELP("Set authentication method for protection suite", "Pre-Shared Key",
	       "Rivest-Shamir-Adleman Signature"), policy_auth, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "no authentication [(pre-share|rsa-sig)$method]",
	  HELP(NO_HELP, "Set authentication method for protection suite", "Pre-Shared Key",
	       "Rivest-Shamir-Adleman Signature"), policy_auth, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "group <1-21>$dh",
	  HELP("Set the Diffie-Hellman group",
	       "Diffie-Hellman group: 1, 2, 5, 14, 15, 16, 19, 20 or 21"), policy_group, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "no group [<1-21>$dh]",
	  HELP(NO_HELP, "Set the Diffie-Hellman group",
	       "Diffie-Hellman group: 1, 2, 5, 14, 15, 16, 19, 20 or 21"), policy_group, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "lifetime <60-86400>$secs",
	  HELP("Set lifetime for ISAKMP security association", "lifetime in seconds"),
	  policy_lifetime, 0 },
	{ CLI_MODE_ISAKMP_POLICY, "no lifetime [<60-86400>$secs]",
	  HELP(NO_HELP, "Set lifetime for ISAKMP security association", "lifetime in seconds"),
	  policy_lifetime, 0 },
	{ .spec = NULL },
};
