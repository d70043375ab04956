/* show crypto key mypubkey rsa [LABEL], in the IOS layout. */
#ifndef GETVPND_CONFIG_KEY_SHOW_H
#define GETVPND_CONFIG_KEY_SHOW_H

#include "crypto/keystore.h"

#include <stdbool.h>
#include <stdio.h>

/* label NULL = every key. Returns false when LABEL names no key. */
bool key_show_mypubkey(FILE *out, const struct keystore *ks, const char *label);
/* The "Key Data:" rows: 8 groups of 4 octets in upper-case hex per row. */
void key_show_hex_rows(FILE *out, const unsigned char *data, size_t len);

#endif
