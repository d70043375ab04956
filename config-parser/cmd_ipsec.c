/* crypto ipsec transform-set and crypto ipsec profile, with their sub-modes. */
#include "config-parser/cmd.h"

#include <stdlib.h>
#include <string.h>

static enum cli_result transform_set_enter(struct cli_session *s, const struct cli_args *a,
					   void *ctx)
{
	struct config *c = ctx;
	const char *name = cli_arg_str(a, "name");
	enum esp_cipher cipher;
	enum esp_auth auth = ESP_AUTH_NONE;
	char err[160];

	if (!esp_cipher_from_keyword(cli_arg_str(a, "cipher"), &cipher) ||
	    (cli_arg_has(a, "auth") && !esp_auth_from_keyword(cli_arg_str(a, "auth"), &auth))) {
		cli_error(s, "%% Invalid transform");
		return CLI_ERROR;
	}
	unsigned bits = cli_arg_has(a, "bits") ? (unsigned)atoi(cli_arg_str(a, "bits")) : 0;
	struct transform_set *set = transform_set_define(&c->ipsec, name, cipher, bits, auth,
							 err, sizeof(err));
	if (!set) {
		cli_error(s, "%s", err);
		return CLI_ERROR;
	}
	cli_session_enter(s, CLI_MODE_TRANSFORM_SET, set);
	config_changed(c, CONFIG_CHANGE_TRANSFORM_SET, name);
	return CLI_OK;
}

static enum cli_result transform_set_delete_cmd(struct cli_session *s, const struct cli_args *a,
						void *ctx)
{
	const char *name = cli_arg_str(a, "name");

	if (!transform_set_delete(&((struct config *)ctx)->ipsec, name)) {
		cli_error(s, "%% Transform set %s does not exist", name);
		return CLI_ERROR;
	}
	config_changed(ctx, CONFIG_CHANGE_TRANSFORM_SET, name);
	return CLI_OK;
}

static enum cli_result transform_set_mode(struct cli_session *s, const struct cli_args *a,
					  void *ctx)
{
	struct transform_set *set = cmd_current_transform_set(s, ctx);
	const char *mode = cli_arg_str(a, "encap");

	if (!set)
		return CLI_ERROR;
	set->mode = !cli_arg_has(a, "no") && mode && strcmp(mode, "transport") == 0 ?
		    IPSEC_MODE_TRANSPORT : IPSEC_MODE_TUNNEL;
	if (set->mode == IPSEC_MODE_TRANSPORT && !cli_session_is_loading(s))
		cli_out(s, "%% Note: GETVPN uses tunnel mode with address preservation; "
			"a profile with this transform set will be reported as unusable\n");
	config_changed(ctx, CONFIG_CHANGE_TRANSFORM_SET, set->name);
	return CLI_OK;
}

static enum cli_result profile_enter(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *name = cli_arg_str(a, "name");

	if (cli_arg_has(a, "no")) {
		if (!ipsec_profile_delete(&c->ipsec, name)) {
			cli_error(s, "%% IPsec profile %s does not exist", name);
			return CLI_ERROR;
		}
		config_changed(c, CONFIG_CHANGE_IPSEC_PROFILE, name);
		return CLI_OK;
	}
	if (!valid_object_name(name)) {
		cli_error(s, "%% Invalid profile name (1 to %d characters)", CONFIG_NAME_MAX);
		return CLI_ERROR;
	}
	struct ipsec_profile *profile = ipsec_profile_get(&c->ipsec, name);
	if (!profile) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	cli_session_enter(s, CLI_MODE_IPSEC_PROFILE, profile);
	config_changed(c, CONFIG_CHANGE_IPSEC_PROFILE, name);
	return CLI_OK;
}

static enum cli_result profile_transform_sets(struct cli_session *s, const struct cli_args *a,
					      void *ctx)
{
	static const char *const vars[IPSEC_PROFILE_MAX_SETS] = { "s1", "s2", "s3", "s4", "s5", "s6" };
	struct ipsec_profile *profile = cmd_current_profile(s, ctx);
	char sets[IPSEC_PROFILE_MAX_SETS][CONFIG_NAME_MAX + 1];
	unsigned n = 0;

	if (!profile)
		return CLI_ERROR;
	if (!cli_arg_has(a, "no")) {
		for (unsigned i = 0; i < IPSEC_PROFILE_MAX_SETS; i++) {
			const char *name = cli_arg_str(a, vars[i]);
			if (!name)
				continue;
			if (!cmd_set_name(s, sets[n], sizeof(sets[n]), name, "transform set"))
				return CLI_ERROR;
			n++;
		}
	}
	memcpy(profile->sets, sets, sizeof(sets[0]) * n);
	profile->set_count = n;
	config_changed(ctx, CONFIG_CHANGE_IPSEC_PROFILE, profile->name);
	return CLI_OK;
}

static enum cli_result profile_lifetime(struct cli_session *s, const struct cli_args *a,
					void *ctx)
{
	struct ipsec_profile *profile = cmd_current_profile(s, ctx);

	if (!profile)
		return CLI_ERROR;
	profile->sa_lifetime = cli_arg_has(a, "no") ? IPSEC_DEFAULT_SA_LIFETIME :
			       (unsigned)cli_arg_num(a, "secs", IPSEC_DEFAULT_SA_LIFETIME);
	config_changed(ctx, CONFIG_CHANGE_IPSEC_PROFILE, profile->name);
	return CLI_OK;
}

#define TS_SPEC_TAIL \
	"(esp-aes|esp-gcm|esp-gmac|esp-3des|esp-des|esp-null)$cipher [(128|192|256)$bits] " \
	"[(esp-sha-hmac|esp-sha256-hmac|esp-sha384-hmac|esp-sha512-hmac|esp-md5-hmac)$auth]"
#define TS_HELP_TAIL \
	"ESP transform using AES cipher", "ESP transform using GCM cipher", \
	"ESP transform using GMAC cipher", "ESP transform using 3DES(EDE) cipher (168 bits)", \
	"ESP transform using DES cipher (56 bits)", "ESP transform w/o cipher", \
	"128 bit keys.", "192 bit keys.", "256 bit keys.", \
	"ESP transform using HMAC-SHA auth", "ESP transform using HMAC-SHA256 auth", \
	"ESP transform using HMAC-SHA384 auth", "ESP transform using HMAC-SHA512 auth", \
	"ESP transform using HMAC-MD5 auth"

const struct cli_command config_ipsec_commands[] = {
	{ CLI_MODE_CONFIG, "crypto ipsec transform-set WORD$name " TS_SPEC_TAIL,
	  HELP("Encryption module", "Configure IPSEC policy",
	       "Define transform and settings", "Transform set tag", TS_HELP_TAIL),
	  transform_set_enter, 0 },
	{ CLI_MODE_CONFIG, "no crypto ipsec transform-set WORD$name",
	  HELP(NO_HELP, "Encryption module", "Configure IPSEC policy",
	       "Define transform and settings", "Transform set tag"), transform_set_delete_cmd, 0 },
	{ CLI_MODE_TRANSFORM_SET, "mode (tunnel|transport)$encap",
	  HELP("encapsulation mode (transport/tunnel)", "tunnel (datagram encapsulation) mode",
	       "transport (payload encapsulation) mode"), transform_set_mode, 0 },
	{ CLI_MODE_TRANSFORM_SET, "no mode [(tunnel|transport)$encap]",
	  HELP(NO_HELP, "encapsulation mode (transport/tunnel)",
	       "tunnel (datagram encapsulation) mode", "transport (payload encapsulation) mode"),
	  transform_set_mode, 0 },
	{ CLI_MODE_CONFIG, "[no] crypto ipsec profile WORD$name",
	  HELP(NO_HELP, "Encryption module", "Configure IPSEC policy",
	       "Configure an ipsec policy profile", "Profile name"), profile_enter, 0 },
	{ CLI_MODE_IPSEC_PROFILE,
	  "set transform-set WORD$s1 [WORD$s2 [WORD$s3 [WORD$s4 [WORD$s5 [WORD$s6]]]]]",
	  HELP("Set a parameter", "Specify list of transform sets in priority order",
	       "Transform set name", "Transform set name", "Transform set name",
	       "Transform set name", "Transform set name", "Transform set name"),
	  profile_transform_sets, 0 },
	{ CLI_MODE_IPSEC_PROFILE, "no set transform-set",
	  HELP(NO_HELP, "Set a parameter", "Specify list of transform sets in priority order"),
	  profile_transform_sets, 0 },
	{ CLI_MODE_IPSEC_PROFILE, "set security-association lifetime seconds <120-86400>$secs",
	  HELP("Set a parameter", "Security association parameters",
	       "security association lifetime", "Time-based key duration in seconds",
	       "Lifetime of the group's traffic keys (TEK)"), profile_lifetime, 0 },
	{ CLI_MODE_IPSEC_PROFILE, "no set security-association lifetime seconds [<120-86400>$secs]",
	  HELP(NO_HELP, "Set a parameter", "Security association parameters",
	       "security association lifetime", "Time-based key duration in seconds",
	       "Lifetime of the group's traffic keys (TEK)"), profile_lifetime, 0 },
	{ .spec = NULL },
};
