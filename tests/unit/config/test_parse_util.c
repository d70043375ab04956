/* Numbers, addresses, wildcard masks, keyword abbreviation, names. */
#include "config-parser/parse_util.h"
#include "tests/tap.h"

static void numbers(void)
{
	unsigned long v = 0;

	ok(parse_number("0", 0, 10, &v) && v == 0, "zero");
	ok(parse_number("10000", 1, 10000, &v) && v == 10000, "upper bound accepted");
	ok(!parse_number("10001", 1, 10000, &v), "above range rejected");
	ok(!parse_number("0", 1, 10000, &v), "below range rejected");
	ok(!parse_number("", 0, 10, &v), "empty rejected");
	ok(!parse_number("-1", 0, 10, &v), "sign rejected");
	ok(!parse_number("+1", 0, 10, &v), "plus sign rejected");
	ok(!parse_number("012", 0, 100, &v), "leading zero rejected");
	ok(!parse_number("1a", 0, 100, &v), "trailing garbage rejected");
	ok(!parse_number(" 1", 0, 100, &v), "leading space rejected");
	ok(!parse_number("99999999999999999999999999", 0, 5, &v), "huge number rejected");
	ok(!parse_number("18446744073709551616", 0, (unsigned long)-1, &v), "2^64 rejected");
	ok(parse_number("4294967295", 0, 4294967295UL, &v) && v == 4294967295UL, "32-bit max");
	ok(!parse_number(NULL, 0, 1, &v), "NULL rejected");
}

static void addresses(void)
{
	uint32_t a = 0;
	char buf[16];

	ok(parse_ipv4("192.168.1.1", &a) && a == 0xc0a80101, "dotted quad");
	ok(parse_ipv4("0.0.0.0", &a) && a == 0, "all zeros");
	ok(parse_ipv4("255.255.255.255", &a) && a == 0xffffffff, "all ones");
	ok(!parse_ipv4("256.1.1.1", &a), "octet above 255 rejected");
	ok(!parse_ipv4("1.1.1", &a), "three parts rejected");
	ok(!parse_ipv4("1.1.1.1.1", &a), "five parts rejected");
	ok(!parse_ipv4("1..1.1", &a), "empty part rejected");
	ok(!parse_ipv4("01.1.1.1", &a), "leading zero rejected");
	ok(!parse_ipv4("1.1.1.1 ", &a), "trailing space rejected");
	ok(!parse_ipv4("1.1.1.1234", &a), "four-digit octet rejected");
	ok(!parse_ipv4("a.b.c.d", &a), "letters rejected");
	ok(!parse_ipv4("", &a), "empty rejected");
	is_str(format_ipv4(0x0a000001, buf, sizeof(buf)), "10.0.0.1", "format");
}

static void masks(void)
{
	is_int(wildcard_prefix_len(0x000000ff), 24, "0.0.0.255 is /24");
	is_int(wildcard_prefix_len(0), 32, "0.0.0.0 is /32");
	is_int(wildcard_prefix_len(0xffffffff), 0, "255.255.255.255 is /0");
	is_int(wildcard_prefix_len(0x0000ff00), -1, "0.0.255.0 is discontiguous");
	is_int(wildcard_prefix_len(0x00000005), -1, "0.0.0.5 is discontiguous");
	is_int(wildcard_prefix_len(0x7fffffff), 1, "127.255.255.255 is /1");
	is_int(netmask_prefix_len(0xffffff00), 24, "255.255.255.0 is /24");
	is_int(netmask_prefix_len(0xff00ff00), -1, "255.0.255.0 is not a netmask");
}

static void keywords(void)
{
	static const char *const words[] = { "permit", "deny", "range", "remark", NULL };

	is_int(match_keyword("permit", words), 0, "exact match");
	is_int(match_keyword("perm", words), 0, "unique prefix");
	is_int(match_keyword("d", words), 1, "one-letter prefix");
	is_int(match_keyword("r", words), -2, "ambiguous prefix");
	is_int(match_keyword("ran", words), 2, "prefix made unique");
	is_int(match_keyword("x", words), -1, "no match");
	is_int(match_keyword("", words), -1, "empty word");
	is_int(match_keyword("permitx", words), -1, "longer than keyword");
}

static void names(void)
{
	ok(valid_object_name("GDOI_GROUP"), "plain name");
	ok(!valid_object_name(""), "empty name");
	ok(!valid_object_name("a b"), "space in name");
	ok(!valid_object_name("tab\tname"), "tab in name");
	ok(valid_object_name("0123456789012345678901234567890123456789012345678901234567890AB"),
	   "63 characters");
	ok(!valid_object_name("0123456789012345678901234567890123456789012345678901234567890ABC"),
	   "64 characters rejected");
}

int main(void)
{
	numbers();
	addresses();
	masks();
	keywords();
	names();
	return done_testing();
}
