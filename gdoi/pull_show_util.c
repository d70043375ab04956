/* Formatting shared by the key server and group member show commands. */
#include "gdoi/pull_show.h"

#include <arpa/inet.h>
#include <string.h>

static const char *proto_name(uint8_t p, char *buf, size_t len)
{
	switch (p) {
	case 0: return "ip";
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 47: return "gre";
	case 50: return "esp";
	default:
		snprintf(buf, len, "%u", p);
		return buf;
	}
}

/* IOS ACL side: any | host A | A WILDCARD, then "eq P" when a port is set. */
static size_t format_side(char *buf, size_t len, struct in_addr a, struct in_addr m, uint16_t port)
{
	char ip[INET_ADDRSTRLEN], wc[INET_ADDRSTRLEN];
	struct in_addr w = { .s_addr = ~m.s_addr };
	int n;

	inet_ntop(AF_INET, &a, ip, sizeof(ip));
	inet_ntop(AF_INET, &w, wc, sizeof(wc));
	if (m.s_addr == 0)
		n = snprintf(buf, len, " any");
	else if (m.s_addr == 0xffffffffu)
		n = snprintf(buf, len, " host %s", ip);
	else
		n = snprintf(buf, len, " %s %s", ip, wc);
	if (n > 0 && (size_t)n < len && port)
		n += snprintf(buf + n, len - (size_t)n, " eq %u", port);
	return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
}

void pull_format_selector(const struct gp_selector *s, char *buf, size_t len)
{
	char pbuf[8];
	int n = snprintf(buf, len, "permit %s", proto_name(s->protocol, pbuf, sizeof(pbuf)));
	size_t used;

	if (n < 0 || (size_t)n >= len)
		return;
	used = (size_t)n;
	used += format_side(buf + used, len - used, s->src, s->src_mask, s->src_port);
	format_side(buf + used, len - used, s->dst, s->dst_mask, s->dst_port);
}

void pull_format_spi(uint32_t spi, char *buf, size_t len)
{
	snprintf(buf, len, "0x%08X(%u)", spi, spi);
}

void pull_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void pull_json_prefix(FILE *out, struct in_addr addr, struct in_addr mask)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &addr, ip, sizeof(ip));
	fprintf(out, "\"%s/%d\"", ip, gp_mask_prefix(mask));
}

static void pull_json_selector(FILE *out, const struct gp_selector *s)
{
	char acl[160];

	pull_format_selector(s, acl, sizeof(acl));
	fprintf(out, "{\"protocol\":%u,\"source\":", s->protocol);
	pull_json_prefix(out, s->src, s->src_mask);
	fprintf(out, ",\"source_port\":%u,\"destination\":", s->src_port);
	pull_json_prefix(out, s->dst, s->dst_mask);
	fprintf(out, ",\"destination_port\":%u,\"acl_entry\":", s->dst_port);
	pull_json_string(out, acl);
	fputc('}', out);
}

static void transform_text(const struct gp_tek *t, char *buf, size_t len)
{
	const char *auth = gp_auth_name(t->auth_id);

	snprintf(buf, len, "%s%s%s", gp_esp_name(t->esp_id, t->key_bits), *auth ? " " : "", auth);
}

void pull_json_teks(FILE *out, const struct group_policy *gp)
{
	fputc('[', out);
	for (unsigned i = 0; i < gp->n_teks; i++) {
		const struct gp_tek *t = &gp->teks[i];
		char xf[64];

		transform_text(t, xf, sizeof(xf));
		fprintf(out, "%s{\"spi\":\"0x%08X\",\"spi_decimal\":%u,\"transform\":", i ? "," : "",
			t->spi, t->spi);
		pull_json_string(out, xf);
		fprintf(out, ",\"remaining_lifetime\":%u,\"encaps\":\"%s\",\"sa_direction\":",
			t->lifetime_s, t->encaps == GP_ENCAPS_TRANSPORT ? "ENCAPS_TRANSPORT" : "ENCAPS_TUNNEL");
		pull_json_string(out, gp_direction_name(t->direction));
		fprintf(out, ",\"address_preservation\":\"%s\",\"alg_key_size\":%zu,"
			"\"sig_key_size\":%zu,\"selector\":",
			gp_addr_preservation_name(t->addr_preservation),
			gp_tek_cipher_key_len(t->esp_id, t->key_bits) > 0 ?
			(size_t)gp_tek_cipher_key_len(t->esp_id, t->key_bits) : 0,
			gp_tek_integ_key_len(t->auth_id) > 0 ? (size_t)gp_tek_integ_key_len(t->auth_id) : 0);
		pull_json_selector(out, &t->selector);
		fputc('}', out);
	}
	fputc(']', out);
}

void pull_json_kek(FILE *out, const struct gp_kek *kek)
{
	if (!kek->present) {
		fputs("null", out);
		return;
	}
	fputs("{\"spi\":\"", out);
	for (int i = 0; i < GP_KEK_SPI_LEN; i++)
		fprintf(out, "%02X", kek->spi[i]);
	fprintf(out, "\",\"encrypt_algorithm\":\"%s\",\"key_size\":%u,\"remaining_lifetime\":%u,"
		"\"sig_hash_algorithm\":\"%s\",\"sig_key_length\":%u,\"public_key_length\":%zu}",
		gp_kek_alg_name(kek->alg, kek->key_bits), kek->key_bits ? kek->key_bits :
		(unsigned)(kek->key_len * 8), kek->lifetime_s, gp_sig_hash_name(kek->sig_hash),
		kek->sig_key_bits, kek->pubkey_len);
}

void pull_show_tek(FILE *out, const struct gp_tek *t, const char *ind)
{
	char spi[32], xf[64], acl[160];
	int klen = gp_tek_cipher_key_len(t->esp_id, t->key_bits);
	int ilen = gp_tek_integ_key_len(t->auth_id);

	pull_format_spi(t->spi, spi, sizeof(spi));
	transform_text(t, xf, sizeof(xf));
	pull_format_selector(&t->selector, acl, sizeof(acl));
	fprintf(out, "%sspi: %s\n", ind, spi);
	fprintf(out, "%s  transform: %s\n", ind, xf);
	fprintf(out, "%s  sa timing:remaining key lifetime (sec): (%u)\n", ind, t->lifetime_s);
	fprintf(out, "%s  alg key size: %d (bytes)\n", ind, klen > 0 ? klen : 0);
	fprintf(out, "%s  sig key size: %d (bytes)\n", ind, ilen > 0 ? ilen : 0);
	fprintf(out, "%s  encaps: %s\n", ind,
		t->encaps == GP_ENCAPS_TRANSPORT ? "ENCAPS_TRANSPORT" : "ENCAPS_TUNNEL");
	fprintf(out, "%s  SA_DIRECTION: %s\n", ind, gp_direction_name(t->direction));
	fprintf(out, "%s  ADDRESS_PRESERVATION: %s\n", ind,
		gp_addr_preservation_name(t->addr_preservation));
	fprintf(out, "%s  access-list: %s\n", ind, acl);
}
