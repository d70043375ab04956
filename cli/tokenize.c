/* Splitting a command line into words, keeping each word's column so that
 * error markers can point at it. */
#include "config.h"

#include "cli/match.h"

#include <ctype.h>

size_t cli_tokenize(const char *line, struct cli_word *words, size_t max)
{
	size_t n = 0, i = 0;

	for (;;) {
		size_t start;
		bool quoted = false;

		while (line[i] && isspace((unsigned char)line[i]))
			i++;
		if (!line[i])
			return n;
		if (n == max)
			return max + 1;
		start = i;
		while (line[i] && (quoted || !isspace((unsigned char)line[i]))) {
			if (line[i] == '"')
				quoted = !quoted;
			i++;
		}
		words[n++] = (struct cli_word){ .start = line + start, .len = i - start,
						.offset = start };
	}
}
