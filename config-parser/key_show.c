/* The public half of the router's RSA keys, as IOS shows it. */
#include "config-parser/key_show.h"

#include <stdlib.h>

void key_show_hex_rows(FILE *out, const unsigned char *data, size_t len)
{
	for (size_t row = 0; row < len; row += 32) {
		fputs(" ", out);
		for (size_t i = row; i < len && i < row + 32; i++)
			fprintf(out, "%s%02X", i % 4 == 0 ? " " : "", data[i]);
		fputc('\n', out);
	}
}

static void show_one(FILE *out, const struct keystore *ks, const char *label)
{
	unsigned char *der = NULL;
	size_t len = 0;

	fprintf(out, "Key name: %s\n", label);
	fprintf(out, "Key type: RSA KEYS\n");
	fprintf(out, " Storage Device: state directory\n");
	fprintf(out, " Usage: General Purpose Key\n");
	fprintf(out, " Key is not exportable.\n");
	fprintf(out, " Key Data:\n");
	if (keystore_public_der(ks, label, &der, &len))
		key_show_hex_rows(out, der, len);
	free(der);
}

struct show_all { FILE *out; const struct keystore *ks; };

static void show_each(const char *label, EVP_PKEY *key, void *arg)
{
	struct show_all *all = arg;

	show_one(all->out, all->ks, label);
}

bool key_show_mypubkey(FILE *out, const struct keystore *ks, const char *label)
{
	struct show_all all = { out, ks };

	if (label) {
		if (!keystore_has(ks, label))
			return false;
		show_one(out, ks, label);
		return true;
	}
	keystore_foreach(ks, show_each, &all);
	return true;
}
