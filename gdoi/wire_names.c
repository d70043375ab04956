/* Names of codec values for logs and show commands. */
#include "gdoi/wire.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct name {
	unsigned value;
	const char *name;
};

static const char *lookup(const struct name *t, size_t n, unsigned v, const char *dflt)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return dflt;
}

static const char *const err_names[WIRE_E__MAX] = {
	[WIRE_OK] = "ok",
	[WIRE_E_TRUNCATED] = "truncated",
	[WIRE_E_HDR_LENGTH] = "header-length",
	[WIRE_E_VERSION] = "version",
	[WIRE_E_EXCHANGE] = "exchange-type",
	[WIRE_E_FLAGS] = "flags",
	[WIRE_E_PAYLOAD_LENGTH] = "payload-length",
	[WIRE_E_PAYLOAD_TYPE] = "payload-type",
	[WIRE_E_PAYLOAD_PLACE] = "payload-placement",
	[WIRE_E_TRAILING] = "trailing-bytes",
	[WIRE_E_NO_PAYLOAD] = "no-payload",
	[WIRE_E_TOO_MANY] = "too-many",
	[WIRE_E_DUPLICATE] = "duplicate",
	[WIRE_E_ORDER] = "order",
	[WIRE_E_BODY_LENGTH] = "body-length",
	[WIRE_E_NESTED_LENGTH] = "nested-length",
	[WIRE_E_ATTR_OVERRUN] = "attribute-overrun",
	[WIRE_E_ZERO_LENGTH] = "zero-length",
	[WIRE_E_RESERVED] = "reserved-nonzero",
	[WIRE_E_DOI] = "doi",
	[WIRE_E_SITUATION] = "situation",
	[WIRE_E_PROTOCOL] = "protocol",
	[WIRE_E_SPI_SIZE] = "spi-size",
	[WIRE_E_ID] = "identification",
	[WIRE_E_COUNT] = "count",
	[WIRE_E_VALUE] = "value",
	[WIRE_E_NOSPACE] = "no-space",
};

const char *wire_err_name(enum wire_err err)
{
	if ((unsigned)err >= WIRE_E__MAX || !err_names[err])
		return "unknown";
	return err_names[err];
}

uint64_t wire_stats_rejected_total(const struct wire_stats *st)
{
	uint64_t n = 0;

	for (size_t i = 0; i < WIRE_E__MAX; i++)
		n += st->rejected[i];
	return n;
}

static const struct name payloads[] = {
	{ WIRE_PL_NONE, "NONE" },	  { WIRE_PL_SA, "SA" },
	{ WIRE_PL_PROPOSAL, "PROPOSAL" }, { WIRE_PL_TRANSFORM, "TRANSFORM" },
	{ WIRE_PL_KE, "KE" },		  { WIRE_PL_ID, "ID" },
	{ WIRE_PL_CERT, "CERT" },	  { WIRE_PL_CERTREQ, "CERTREQ" },
	{ WIRE_PL_HASH, "HASH" },	  { WIRE_PL_SIG, "SIG" },
	{ WIRE_PL_NONCE, "NONCE" },	  { WIRE_PL_NOTIFY, "NOTIFY" },
	{ WIRE_PL_DELETE, "DELETE" },	  { WIRE_PL_VID, "VID" },
	{ WIRE_PL_SAK, "SA_KEK" },	  { WIRE_PL_SAT, "SA_TEK" },
	{ WIRE_PL_KD, "KD" },		  { WIRE_PL_SEQ, "SEQ" },
	{ WIRE_PL_POP, "POP" },		  { WIRE_PL_GAP, "GAP" },
};

const char *wire_payload_name(uint8_t type)
{
	return lookup(payloads, ARRAY_LEN(payloads), type, "UNKNOWN");
}

static const struct name exchanges[] = {
	{ WIRE_EXCH_NONE, "NONE" },
	{ WIRE_EXCH_BASE, "BASE" },
	{ WIRE_EXCH_MAIN, "MAIN_MODE" },
	{ WIRE_EXCH_AUTH_ONLY, "AUTH_ONLY" },
	{ WIRE_EXCH_AGGRESSIVE, "AGGRESSIVE" },
	{ WIRE_EXCH_INFO, "INFORMATIONAL" },
	{ WIRE_EXCH_GROUPKEY_PULL, "GROUPKEY-PULL" },
	{ WIRE_EXCH_GROUPKEY_PUSH, "GROUPKEY-PUSH" },
	{ WIRE_EXCH_GROUPKEY_PUSH_ACK, "GROUPKEY-PUSH-ACK" },
};

const char *wire_exchange_name(uint8_t exchange)
{
	return lookup(exchanges, ARRAY_LEN(exchanges), exchange, "UNKNOWN");
}

static const struct name notifies[] = {
	{ WIRE_N_INVALID_PAYLOAD_TYPE, "INVALID-PAYLOAD-TYPE" },
	{ WIRE_N_DOI_NOT_SUPPORTED, "DOI-NOT-SUPPORTED" },
	{ WIRE_N_SITUATION_NOT_SUPPORTED, "SITUATION-NOT-SUPPORTED" },
	{ WIRE_N_INVALID_COOKIE, "INVALID-COOKIE" },
	{ WIRE_N_INVALID_MAJOR_VERSION, "INVALID-MAJOR-VERSION" },
	{ WIRE_N_INVALID_MINOR_VERSION, "INVALID-MINOR-VERSION" },
	{ WIRE_N_INVALID_EXCHANGE_TYPE, "INVALID-EXCHANGE-TYPE" },
	{ WIRE_N_INVALID_FLAGS, "INVALID-FLAGS" },
	{ WIRE_N_INVALID_MESSAGE_ID, "INVALID-MESSAGE-ID" },
	{ WIRE_N_INVALID_PROTOCOL_ID, "INVALID-PROTOCOL-ID" },
	{ WIRE_N_INVALID_SPI, "INVALID-SPI" },
	{ WIRE_N_INVALID_TRANSFORM_ID, "INVALID-TRANSFORM-ID" },
	{ WIRE_N_ATTRIBUTES_NOT_SUPPORTED, "ATTRIBUTES-NOT-SUPPORTED" },
	{ WIRE_N_NO_PROPOSAL_CHOSEN, "NO-PROPOSAL-CHOSEN" },
	{ WIRE_N_BAD_PROPOSAL_SYNTAX, "BAD-PROPOSAL-SYNTAX" },
	{ WIRE_N_PAYLOAD_MALFORMED, "PAYLOAD-MALFORMED" },
	{ WIRE_N_INVALID_KEY_INFORMATION, "INVALID-KEY-INFORMATION" },
	{ WIRE_N_INVALID_ID_INFORMATION, "INVALID-ID-INFORMATION" },
	{ WIRE_N_INVALID_CERT_ENCODING, "INVALID-CERT-ENCODING" },
	{ WIRE_N_INVALID_CERTIFICATE, "INVALID-CERTIFICATE" },
	{ WIRE_N_CERT_TYPE_UNSUPPORTED, "CERT-TYPE-UNSUPPORTED" },
	{ WIRE_N_INVALID_CERT_AUTHORITY, "INVALID-CERT-AUTHORITY" },
	{ WIRE_N_INVALID_HASH_INFORMATION, "INVALID-HASH-INFORMATION" },
	{ WIRE_N_AUTHENTICATION_FAILED, "AUTHENTICATION-FAILED" },
	{ WIRE_N_INVALID_SIGNATURE, "INVALID-SIGNATURE" },
	{ WIRE_N_ADDRESS_NOTIFICATION, "ADDRESS-NOTIFICATION" },
	{ WIRE_N_NOTIFY_SA_LIFETIME, "NOTIFY-SA-LIFETIME" },
	{ WIRE_N_CERTIFICATE_UNAVAILABLE, "CERTIFICATE-UNAVAILABLE" },
	{ WIRE_N_UNSUPPORTED_EXCHANGE_TYPE, "UNSUPPORTED-EXCHANGE-TYPE" },
	{ WIRE_N_UNEQUAL_PAYLOAD_LENGTHS, "UNEQUAL-PAYLOAD-LENGTHS" },
	{ WIRE_N_CONNECTED, "CONNECTED" },
	{ WIRE_N_RESPONDER_LIFETIME, "RESPONDER-LIFETIME" },
	{ WIRE_N_REPLAY_STATUS, "REPLAY-STATUS" },
	{ WIRE_N_INITIAL_CONTACT, "INITIAL-CONTACT" },
	{ WIRE_N_R_U_THERE, "R-U-THERE" },
	{ WIRE_N_R_U_THERE_ACK, "R-U-THERE-ACK" },
};

const char *wire_notify_name(uint16_t type)
{
	return lookup(notifies, ARRAY_LEN(notifies), type, "UNKNOWN");
}

static const struct name id_types[] = {
	{ WIRE_ID_IPV4_ADDR, "IPV4_ADDR" },
	{ WIRE_ID_FQDN, "FQDN" },
	{ WIRE_ID_USER_FQDN, "USER_FQDN" },
	{ WIRE_ID_IPV4_ADDR_SUBNET, "IPV4_ADDR_SUBNET" },
	{ WIRE_ID_IPV6_ADDR, "IPV6_ADDR" },
	{ WIRE_ID_IPV6_ADDR_SUBNET, "IPV6_ADDR_SUBNET" },
	{ WIRE_ID_IPV4_ADDR_RANGE, "IPV4_ADDR_RANGE" },
	{ WIRE_ID_IPV6_ADDR_RANGE, "IPV6_ADDR_RANGE" },
	{ WIRE_ID_DER_ASN1_DN, "DER_ASN1_DN" },
	{ WIRE_ID_DER_ASN1_GN, "DER_ASN1_GN" },
	{ WIRE_ID_KEY_ID, "KEY_ID" },
};

const char *wire_id_type_name(uint8_t type)
{
	return lookup(id_types, ARRAY_LEN(id_types), type, "UNKNOWN");
}

static const struct name kd_types[] = {
	{ WIRE_KD_TEK, "TEK" },
	{ WIRE_KD_KEK, "KEK" },
	{ WIRE_KD_LKH, "LKH" },
	{ WIRE_KD_SID, "SID" },
};

const char *wire_kd_type_name(uint8_t type)
{
	return lookup(kd_types, ARRAY_LEN(kd_types), type, "UNKNOWN");
}
