#include "gdoi/ike_sa.h"

#include <openssl/crypto.h>

void ike_sa_wipe(struct ike_sa *sa)
{
	OPENSSL_cleanse(sa->skeyid_d, sizeof(sa->skeyid_d));
	OPENSSL_cleanse(sa->skeyid_a, sizeof(sa->skeyid_a));
	OPENSSL_cleanse(sa->enc_key, sizeof(sa->enc_key));
	OPENSSL_cleanse(sa->phase1_iv, sizeof(sa->phase1_iv));
}
