/* Group policy helpers: key lengths per transform, validity, lookups,
 * selector mirroring, wiping. */
#include "gdoi/group_policy.h"
#include "tests/tap.h"

#include <arpa/inet.h>

int main(void)
{
	struct group_policy gp;
	struct gp_selector s = { .protocol = 17, .src_port = 1000, .dst_port = 2000 }, m;
	struct in_addr mask;
	static const uint8_t zero[GP_MAX_TEK_KEY_LEN];

	is_int(gp_tek_cipher_key_len(GP_ESP_AES, 128), 16, "AES-128 key 16 octets");
	is_int(gp_tek_cipher_key_len(GP_ESP_AES, 256), 32, "AES-256 key 32 octets");
	is_int(gp_tek_cipher_key_len(GP_ESP_AES, 0), 16, "AES without Key Length is 128");
	is_int(gp_tek_cipher_key_len(GP_ESP_AES, 100), -1, "AES-100 refused");
	is_int(gp_tek_cipher_key_len(GP_ESP_3DES, 0), 24, "3DES key 24 octets");
	is_int(gp_tek_cipher_key_len(GP_ESP_AES_GCM_16, 256), 36, "GCM key carries a 4-octet salt");
	is_int(gp_tek_cipher_key_len(99, 0), -1, "unknown transform refused");
	is_int(gp_tek_integ_key_len(GP_AUTH_HMAC_SHA1), 20, "HMAC-SHA1 key 20");
	is_int(gp_tek_integ_key_len(GP_AUTH_HMAC_SHA256), 32, "HMAC-SHA256 key 32");
	is_int(gp_tek_integ_key_len(42), -1, "unknown integrity refused");
	is_int(gp_kek_key_len(GP_KEK_ALG_AES, 192), 24, "KEK AES-192 key 24");
	is_int(gp_kek_key_len(GP_KEK_ALG_3DES, 0), 24, "KEK 3DES key 24");

	memset(&gp, 0, sizeof(gp));
	gp.n_teks = 2;
	gp.teks[0] = (struct gp_tek){ .spi = 0x1122aabb, .esp_id = GP_ESP_AES, .key_bits = 128,
				      .auth_id = GP_AUTH_HMAC_SHA1, .key_len = 16, .integ_key_len = 20 };
	gp.teks[1] = (struct gp_tek){ .spi = 0x3344ccdd, .esp_id = GP_ESP_AES_GCM_16, .key_bits = 128,
				      .auth_id = GP_AUTH_NONE, .key_len = 20 };
	ok(gp_tek_keys_valid(&gp.teks[0]), "AES/SHA1 TEK with right key lengths is valid");
	ok(gp_tek_keys_valid(&gp.teks[1]), "GCM TEK without integrity key is valid");
	gp.teks[1].auth_id = GP_AUTH_HMAC_SHA1;
	gp.teks[1].integ_key_len = 20;
	ok(!gp_tek_keys_valid(&gp.teks[1]), "GCM with an HMAC is refused");
	gp.teks[0].key_len = 15;
	ok(!gp_tek_keys_valid(&gp.teks[0]), "short cipher key is refused");
	ok(gp_find_tek(&gp, 0x3344ccdd) == &gp.teks[1], "TEK found by SPI");
	ok(gp_find_tek(&gp, 0x55) == NULL, "absent SPI not found");

	inet_pton(AF_INET, "10.1.0.0", &s.src);
	inet_pton(AF_INET, "255.255.0.0", &s.src_mask);
	inet_pton(AF_INET, "10.2.3.4", &s.dst);
	inet_pton(AF_INET, "255.255.255.255", &s.dst_mask);
	m = gp_selector_mirror(&s);
	ok(m.src.s_addr == s.dst.s_addr && m.dst.s_addr == s.src.s_addr &&
	   m.src_mask.s_addr == s.dst_mask.s_addr && m.dst_mask.s_addr == s.src_mask.s_addr,
	   "mirror swaps addresses and masks");
	ok(m.src_port == 2000 && m.dst_port == 1000 && m.protocol == 17, "mirror swaps ports, keeps protocol");
	is_int(gp_mask_prefix(s.src_mask), 16, "255.255.0.0 is /16");
	inet_pton(AF_INET, "255.0.255.0", &mask);
	is_int(gp_mask_prefix(mask), -1, "non-contiguous mask detected");

	memset(gp.teks[0].key, 0xab, sizeof(gp.teks[0].key));
	memset(gp.kek.key, 0xcd, sizeof(gp.kek.key));
	gp_wipe_keys(&gp);
	ok(memcmp(gp.teks[0].key, zero, sizeof(gp.teks[0].key)) == 0 &&
	   memcmp(gp.kek.key, zero, sizeof(gp.kek.key)) == 0, "keys wiped");
	is_int(gp.teks[0].spi, 0x1122aabb, "wiping keys keeps the policy");
	is_str(gp_esp_name(GP_ESP_AES, 256), "esp-aes 256", "IOS transform name");
	is_str(gp_direction_name(GP_DIR_SYMMETRIC), "Both", "IOS direction name");
	return done_testing();
}
