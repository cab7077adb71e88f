/*
 * test_charset.c - charset.h: GBK and GB18030 bytes to UTF-8, the bytes
 * that are no character of the set marked with U+001A and counted, the
 * leading and leftover ASCII kept, and UTF-8 needing no conversion.
 */
#include <string.h>

#include "charset.h"
#include "unit.h"
#include "util.h"

static const struct {
	const char	*set;
	const char	*in;
	const char	*out;
	size_t		 bad, first;
} cases[] = {
	{ "GBK", "", "", 0, 0 },
	{ "GBK", "P000123", "P000123", 0, 0 },
	{ "GBK", "\xd5\xc5\xc8\xfd", "张三", 0, 0 },
	{ "GBK", "A\xc4\xda\xbf\xc6 1", "A内科 1", 0, 0 },
	/* FF starts no character; the rest converts */
	{ "GBK", "\xc4\xda\xff\xbf\xc6", "内\x1a科", 1, 3 },
	/* a lead byte cut by the end of the value */
	{ "GBK", "\xc4\xda\xbf", "内\x1a", 1, 3 },
	{ "GBK", "\xff\xff" "ab", "\x1a\x1a" "ab", 2, 1 },
	/* a four-byte GB18030 character (U+20087) */
	{ "GB18030", "\x95\x32\x90\x31", "\xf0\xa0\x82\x87", 0, 0 },
	{ "GB18030", "\xd5\xc5\x80", "张\x1a", 1, 3 },
};

START_TEST(test_cases)
{
	struct charset *c;
	struct buf b;
	char err[256];
	size_t i, bad, first;
	int conv;

	buf_init(&b);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = charset_new(cases[i].set, &conv, err, sizeof(err));
		ck_assert_msg(c != NULL && conv, "case %zu: %s", i, err);
		bad = charset_to_utf8(c, cases[i].in, strlen(cases[i].in), &b,
		    &first);
		ck_assert_msg(strcmp(b.data, cases[i].out) == 0 &&
		    b.len == strlen(cases[i].out), "case %zu: got '%s'", i,
		    b.data);
		ck_assert_uint_eq(bad, cases[i].bad);
		ck_assert_uint_eq(first, cases[i].first);
		ck_assert_str_eq(charset_name(c), cases[i].set);
		charset_free(c);
	}
	buf_free(&b);
}
END_TEST

START_TEST(test_utf8_and_unknown)
{
	char err[256];
	int conv;

	ck_assert_ptr_null(charset_new("UTF-8", &conv, err, sizeof(err)));
	ck_assert_int_eq(conv, 0);
	ck_assert_ptr_null(charset_new(NULL, &conv, err, sizeof(err)));
	ck_assert_int_eq(conv, 0);
	ck_assert_ptr_null(charset_new("NO-SUCH-SET", &conv, err,
	    sizeof(err)));
	ck_assert_int_eq(conv, 1);
	ck_assert_str_eq(err, "charset NO-SUCH-SET: Invalid argument");
}
END_TEST

/* A long value grows the output past its first reservation. */
START_TEST(test_long)
{
	struct charset *c;
	struct buf b, want, in;
	char err[256];
	size_t i, first;
	int conv;

	buf_init(&b);
	buf_init(&want);
	buf_init(&in);
	for (i = 0; i < 5000; i++) {
		buf_add(&in, "\xd5\xc5", 2);
		buf_adds(&want, "张");
	}
	c = charset_new("GBK", &conv, err, sizeof(err));
	ck_assert_uint_eq(charset_to_utf8(c, in.data, in.len, &b, &first), 0);
	ck_assert_uint_eq(b.len, want.len);
	ck_assert_int_eq(memcmp(b.data, want.data, b.len), 0);
	charset_free(c);
	buf_free(&b);
	buf_free(&want);
	buf_free(&in);
}
END_TEST

static Suite *
charset_suite(void)
{
	Suite *s = suite_create("charset");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cases);
	tcase_add_test(tc, test_utf8_and_unknown);
	tcase_add_test(tc, test_long);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(charset_suite)
