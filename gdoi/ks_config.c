#include "gdoi/ks_config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/keystore.h"

#define GDOI_PORT 848

__attribute__((format(printf, 3, 4)))
static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

/* NULL when the side fits a GDOI identity, else why not. */
static const char *side(const struct acl_addr *a, const struct acl_port *p, struct in_addr *addr,
			struct in_addr *mask, uint16_t *port)
{
	if (wildcard_prefix_len(a->wildcard) < 0)
		return "discontiguous wildcard masks cannot be distributed";
	mask->s_addr = htonl(~a->wildcard);
	addr->s_addr = htonl(a->addr & ~a->wildcard);
	if (p->op == ACL_PORT_ANY)
		*port = 0;
	else if (p->op == ACL_PORT_EQ)
		*port = p->lo;
	else
		return "only `eq` ports can be carried in a TEK";
	return NULL;
}

bool ks_selector_from_acl(const struct acl_entry *rule, struct gp_selector *out,
			  char *err, size_t errlen)
{
	const char *why;
	char text[160];

	memset(out, 0, sizeof(*out));
	out->protocol = rule->protocol == ACL_PROTO_IP ? 0 : (uint8_t)rule->protocol;
	why = side(&rule->src, &rule->sport, &out->src, &out->src_mask, &out->src_port);
	if (!why)
		why = side(&rule->dst, &rule->dport, &out->dst, &out->dst_mask, &out->dst_port);
	if (!why)
		return true;
	acl_entry_format(rule, text, sizeof(text));
	return fail(err, errlen, "ACL entry \"%s\": %s", text, why);
}

static bool esp_transform(const struct transform_set *ts, struct ks_sa_ipsec *s,
			  char *err, size_t errlen)
{
	static const uint8_t auth[] = {
		[ESP_AUTH_NONE] = GP_AUTH_NONE, [ESP_AUTH_MD5] = GP_AUTH_HMAC_MD5,
		[ESP_AUTH_SHA1] = GP_AUTH_HMAC_SHA1, [ESP_AUTH_SHA256] = GP_AUTH_HMAC_SHA256,
		[ESP_AUTH_SHA384] = GP_AUTH_HMAC_SHA384, [ESP_AUTH_SHA512] = GP_AUTH_HMAC_SHA512,
	};

	switch (ts->cipher) {
	case ESP_CIPHER_DES: s->esp_id = GP_ESP_DES; break;
	case ESP_CIPHER_3DES: s->esp_id = GP_ESP_3DES; break;
	case ESP_CIPHER_AES: s->esp_id = GP_ESP_AES; break;
	case ESP_CIPHER_GCM: s->esp_id = GP_ESP_AES_GCM_16; break;
	case ESP_CIPHER_NULL: s->esp_id = GP_ESP_NULL; break;
	default:
		return fail(err, errlen, "transform set %s: cipher not supported for GDOI", ts->name);
	}
	s->key_bits = ts->cipher == ESP_CIPHER_AES || ts->cipher == ESP_CIPHER_GCM ?
		      (uint16_t)(ts->key_bits ? ts->key_bits : 128) : 0;
	if ((size_t)ts->auth >= sizeof(auth))
		return fail(err, errlen, "transform set %s: unknown integrity", ts->name);
	s->auth_id = auth[ts->auth];
	return true;
}

static bool selectors(const struct config *config, const char *acl_name, struct ks_sa_ipsec *s,
		      char *err, size_t errlen)
{
	const struct acl *acl = config_acl_find(config, acl_name);
	const struct acl_entry *e;

	if (!acl)
		return fail(err, errlen, "access list %s is not defined", acl_name);
	TAILQ_FOREACH(e, &acl->entries, link) {
		if (e->kind != ACL_ENTRY_RULE || !e->permit)
			continue;
		if (s->n_selectors >= GP_MAX_TEKS)
			return fail(err, errlen, "access list %s: more than 16 permit entries", acl_name);
		if (!ks_selector_from_acl(e, &s->selectors[s->n_selectors], err, errlen))
			return false;
		s->n_selectors++;
	}
	if (s->n_selectors == 0)
		return fail(err, errlen, "access list %s has no permit entry", acl_name);
	return true;
}

static bool sa_ipsec(const struct config *config, const struct gdoi_server_local *ks,
		     const struct gdoi_sa_ipsec *in, struct ks_sa_ipsec *s, char *err, size_t errlen)
{
	const struct ipsec_profile *p;
	const struct transform_set *ts;

	memset(s, 0, sizeof(*s));
	s->number = in->number;
	if (!in->profile[0] || !in->match_acl[0])
		return fail(err, errlen, "%s: `sa ipsec` needs a profile and `match address`", "group");
	p = ipsec_profile_find(&config->ipsec, in->profile);
	if (!p || p->set_count == 0)
		return fail(err, errlen, "ipsec profile %s is not defined or has no transform set",
			    in->profile);
	ts = transform_set_find(&config->ipsec, p->sets[0]);
	if (!ts)
		return fail(err, errlen, "transform set %s is not defined", p->sets[0]);
	snprintf(s->profile, sizeof(s->profile), "%s", in->profile);
	snprintf(s->acl, sizeof(s->acl), "%s", in->match_acl);
	s->lifetime_s = p->sa_lifetime ? p->sa_lifetime : IPSEC_DEFAULT_SA_LIFETIME;
	/* GETVPN: tunnel mode keeping the inner addresses on the outer header */
	s->addr_preservation = GP_AP_SOURCE_AND_DESTINATION;
	s->direction = ks->receive_only ? GP_DIR_RECEIVER_ONLY : GP_DIR_SYMMETRIC;
	s->replay_window = in->replay == GDOI_REPLAY_NONE ? 0 : in->replay_window;
	return esp_transform(ts, s, err, errlen) && selectors(config, in->match_acl, s, err, errlen);
}

static void kek_algorithm(enum gdoi_rekey_algorithm alg, struct ks_group_config *out)
{
	switch (alg) {
	case GDOI_REKEY_AES128: out->kek_alg = GP_KEK_ALG_AES; out->kek_key_bits = 128; break;
	case GDOI_REKEY_AES192: out->kek_alg = GP_KEK_ALG_AES; out->kek_key_bits = 192; break;
	case GDOI_REKEY_AES256: out->kek_alg = GP_KEK_ALG_AES; out->kek_key_bits = 256; break;
	case GDOI_REKEY_3DES: out->kek_alg = GP_KEK_ALG_3DES; out->kek_key_bits = 192; break;
	}
}

static uint8_t sig_hash(enum gdoi_sig_hash h)
{
	switch (h) {
	case GDOI_SIG_SHA256: return GP_SIG_HASH_SHA256;
	case GDOI_SIG_SHA384: return GP_SIG_HASH_SHA384;
	case GDOI_SIG_SHA512: return GP_SIG_HASH_SHA512;
	case GDOI_SIG_SHA1: default: return GP_SIG_HASH_SHA1;
	}
}

/* The multicast rekey destination: first permit entry's destination. */
static struct in_addr rekey_destination(const struct config *config, const char *acl_name)
{
	const struct acl *acl = acl_name[0] ? config_acl_find(config, acl_name) : NULL;
	const struct acl_entry *e;
	struct in_addr none = { 0 };

	if (!acl)
		return none;
	TAILQ_FOREACH(e, &acl->entries, link)
		if (e->kind == ACL_ENTRY_RULE && e->permit)
			return (struct in_addr){ .s_addr = htonl(e->dst.addr) };
	return none;
}

static bool rekey(const struct config *config, const struct gdoi_server_local *ks,
		  struct ks_group_config *out, char *err, size_t errlen)
{
	unsigned char *der = NULL;
	size_t len = 0;

	out->rekey = true;
	kek_algorithm(ks->rekey_algorithm, out);
	out->kek_lifetime_s = ks->rekey_lifetime ? ks->rekey_lifetime : GDOI_DEFAULT_REKEY_LIFETIME;
	out->sig_hash = sig_hash(ks->sig_hash);
	out->rekey_unicast = ks->rekey_transport == GDOI_REKEY_UNICAST;
	out->retransmit_period_s = ks->retransmit_secs;
	out->retransmit_count = ks->retransmit_number;
	snprintf(out->rsa_label, sizeof(out->rsa_label), "%s", ks->rekey_rsa_label);
	if (!config->keystore || !keystore_has(config->keystore, ks->rekey_rsa_label))
		return fail(err, errlen, "rekey RSA key %s does not exist", ks->rekey_rsa_label);
	if (!keystore_public_der(config->keystore, ks->rekey_rsa_label, &der, &len) ||
	    len == 0 || len > GP_MAX_PUBKEY_LEN) {
		free(der);
		return fail(err, errlen, "rekey RSA key %s: public key unusable", ks->rekey_rsa_label);
	}
	memcpy(out->pubkey, der, len);
	out->pubkey_len = len;
	free(der);
	out->sig_key_bits = (uint16_t)keystore_bits(config->keystore, ks->rekey_rsa_label);
	out->kek_selector = (struct gp_selector){
		.protocol = 17, .src = out->server_addr, .src_port = GDOI_PORT,
		.dst = rekey_destination(config, ks->rekey_address_acl), .dst_port = GDOI_PORT,
	};
	out->kek_selector.src_mask.s_addr = out->kek_selector.dst_mask.s_addr = 0xffffffffu;
	return true;
}

bool ks_config_from_model(const struct config *config, const struct gdoi_group *group,
			  struct ks_group_config *out, char *err, size_t errlen)
{
	const struct gdoi_server_local *ks = &group->ks;
	const struct gdoi_sa_ipsec *sa;

	memset(out, 0, sizeof(*out));
	if (!group->server_local)
		return fail(err, errlen, "group %s is not a key server group", group->name);
	if (!group->has_identity)
		return fail(err, errlen, "group %s has no identity number", group->name);
	snprintf(out->name, sizeof(out->name), "%s", group->name);
	out->group_id = group->identity;
	out->server_addr.s_addr = ks->has_address ? htonl(ks->address) : 0;
	TAILQ_FOREACH(sa, &ks->sas, link) {
		if (out->n_sa >= KS_MAX_SA_IPSEC)
			return fail(err, errlen, "group %s: more than 8 `sa ipsec` entries", group->name);
		if (!sa_ipsec(config, ks, sa, &out->sa[out->n_sa], err, errlen))
			return false;
		out->n_sa++;
	}
	if (out->n_sa == 0)
		return fail(err, errlen, "group %s has no `sa ipsec`", group->name);
	if (ks->rekey_rsa_label[0] && !rekey(config, ks, out, err, errlen))
		return false;
	return true;
}
