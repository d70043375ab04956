/* ISAKMP policy matching with the IOS rule. */
#include "gdoi/ike_policy.h"
#include "tests/tap.h"

static struct ike_offer offer(enum ike_cipher c, unsigned bits, enum ike_hash h, enum ike_auth a,
			      unsigned g, uint32_t life)
{
	struct ike_offer o = { .p = { c, bits, h, a, g, life }, .life_type_seen = true };

	return o;
}

int main(void)
{
	struct ike_policy local[] = {
		{ IKE_CIPHER_AES_CBC, 256, IKE_HASH_SHA256, IKE_AUTH_PSK, 14, 86400 },
		{ IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 86400 },
	};
	struct ike_offer offers[] = {
		offer(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 86400),
		offer(IKE_CIPHER_AES_CBC, 256, IKE_HASH_SHA256, IKE_AUTH_PSK, 14, 3600),
	};
	size_t idx = 99;
	struct ike_offer o = { 0 };
	uint8_t v[4];

	is_int(ike_policy_choose(local, 2, offers, 2, &idx), 1,
	       "local priority wins over the offer order");
	is_int(idx, 0, "reported local policy");
	offers[1].p.lifetime_s = 90000;
	is_int(ike_policy_choose(local, 2, offers, 2, &idx), 0,
	       "an offered lifetime above the local one does not match");
	offers[0].unsupported = true;
	is_int(ike_policy_choose(local, 2, offers, 2, &idx), -1, "nothing left: no proposal");

	/* attribute folding */
	v[0] = 0; v[1] = 7;
	ike_offer_apply_attr(&o, IKE_ATTR_ENCRYPTION, v, 2);
	v[1] = 2;
	ike_offer_apply_attr(&o, IKE_ATTR_HASH, v, 2);
	v[1] = 1;
	ike_offer_apply_attr(&o, IKE_ATTR_AUTH, v, 2);
	v[1] = 5;
	ike_offer_apply_attr(&o, IKE_ATTR_GROUP, v, 2);
	ike_offer_finish(&o);
	ok(o.unsupported, "AES without a key length is refused (RFC 3602)");
	v[0] = 0; v[1] = 128;
	o.unsupported = false;
	ike_offer_apply_attr(&o, IKE_ATTR_KEY_LENGTH, v, 2);
	v[0] = 0; v[1] = 1;
	ike_offer_apply_attr(&o, IKE_ATTR_LIFE_TYPE, v, 2);
	v[0] = 0; v[1] = 1; v[2] = 0x51; v[3] = 0x80;
	ike_offer_apply_attr(&o, IKE_ATTR_LIFE_DURATION, v, 4);
	ike_offer_finish(&o);
	ok(!o.unsupported && o.p.key_bits == 128 && o.p.lifetime_s == 86400,
	   "TV and 4-octet TLV attributes fold into an offer");
	v[0] = 0; v[1] = 2;
	ike_offer_apply_attr(&o, IKE_ATTR_LIFE_TYPE, v, 2);
	ok(o.unsupported, "kilobyte lifetimes are refused");
	o.unsupported = false;
	v[0] = 0; v[1] = 99;
	ike_offer_apply_attr(&o, IKE_ATTR_GROUP, v, 2);
	ok(o.unsupported, "unknown DH group is refused");
	o.unsupported = false;
	ike_offer_apply_attr(&o, 200, v, 2);
	ok(o.unsupported, "unknown attribute class is refused");
	o.unsupported = false;
	ike_offer_apply_attr(&o, IKE_ATTR_LIFE_DURATION, v, 0);
	ok(o.unsupported, "empty value is refused");
	return done_testing();
}
