/*
 * test_mapping.c - mapping files: the key folding, table-driven; every
 * load error by its exact text; lookups; name similarity of suggest.
 * Mapping files are read from memory (fmemopen) against dict/'s domains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping.h"
#include "standard.h"
#include "unit.h"
#include "util.h"

static struct standard *std;

static void
setup(void)
{
	char err[512], *dir = path_join(unit_srcdir(), "dict");

	std = std_load(dir, err, sizeof(err));
	free(dir);
	ck_assert_msg(std != NULL, "%s", err);
}

static void
teardown(void)
{
	std_free(std);
}

static struct mapping *
read_text(const char *domain, const char *text, int fold, char *err,
    size_t errlen)
{
	const struct std_domain *d = std_domain(std, domain);
	struct mapping *m;
	FILE *fp;

	ck_assert_ptr_nonnull(d);
	fp = fmemopen((void *)text, strlen(text), "r");
	ck_assert_ptr_nonnull(fp);
	err[0] = '\0';
	m = mapping_read(fp, "sex.csv", d, fold, err, errlen);
	fclose(fp);
	return m;
}

static const struct {
	const char	*in;
	int		 fold;
	const char	*key;
} keys[] = {
	{ "M", 1, "M" },
	{ "\xef\xbc\xad", 1, "M" },			/* U+FF2D Ｍ */
	{ "\xef\xbc\x91\xef\xbc\x92", 1, "12" },	/* １２ */
	{ "\xef\xbc\x81", 1, "!" },			/* U+FF01, the first */
	{ "\xef\xbd\x9e", 1, "~" },			/* U+FF5E, the last */
	{ "\xef\xbd\x9f", 1, "\xef\xbd\x9f" },		/* U+FF5F stays */
	{ "\xef\xbc\x80", 1, "\xef\xbc\x80" },		/* U+FF00 stays */
	{ "\xef\xbf\xa5", 1, "\xef\xbf\xa5" },		/* U+FFE5 ￥ stays */
	{ "  M\t", 1, "M" },
	{ "\xe3\x80\x80\xef\xbc\xa6\xe3\x80\x80", 1, "F" },	/* 　Ｆ　 */
	{ "a\xe3\x80\x80" "b", 1, "a b" },		/* inner U+3000 */
	{ "\xe3\x80\x81", 1, "\xe3\x80\x81" },		/* U+3001 、 stays */
	{ "\xe7\x94\xb7", 1, "\xe7\x94\xb7" },		/* 男 */
	{ " \r\n", 1, "" },
	{ "\xe3\x80\x80", 1, "" },
	{ "", 1, "" },
	{ "\xef\xbc", 1, "\xef\xbc" },			/* cut short */
	{ "\xef\xbc\xad", 0, "\xef\xbc\xad" },
	{ " M ", 0, " M " },
};

START_TEST(test_key)
{
	struct buf b;
	const char *k;
	size_t len;

	buf_init(&b);
	k = mapping_key(&b, keys[_i].in, strlen(keys[_i].in), keys[_i].fold,
	    &len);
	ck_assert_uint_eq(len, strlen(keys[_i].key));
	ck_assert_msg(memcmp(k, keys[_i].key, len) == 0, "key %d", _i);
	buf_free(&b);
}
END_TEST

START_TEST(test_read)
{
	char err[512];
	struct mapping *m;
	const char *s;
	size_t len;

	m = read_text("sex", "local_code,std_code,local_name\n"
	    "\xef\xbc\xad,1,\xe7\x94\xb7\n"	/* Ｍ */
	    " F ,2,\n"
	    "M,1\n"				/* the same row again: fine */
	    "U, 0 ,unknown\n", 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert_uint_eq(mapping_count(m), 3);
	s = mapping_get(m, "M", 1, &len);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "1");
	ck_assert_uint_eq(len, 1);
	ck_assert_str_eq(mapping_get(m, "F", 1, &len), "2");
	ck_assert_str_eq(mapping_get(m, "U", 1, &len), "0");
	ck_assert_ptr_null(mapping_get(m, "1", 1, &len));
	mapping_free(m);

	/* without folding the full-width code is a code of its own */
	m = read_text("sex", "local_code,std_code\n\xef\xbc\xad,1\nM,2\n", 0,
	    err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert_str_eq(mapping_get(m, "M", 1, &len), "2");
	ck_assert_str_eq(mapping_get(m, "\xef\xbc\xad", 3, &len), "1");
	mapping_free(m);

	/* only a header: no rows */
	m = read_text("sex", "\xef\xbb\xbflocal_code,std_code\r\n", 1, err,
	    sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert_uint_eq(mapping_count(m), 0);
	mapping_free(m);
	mapping_free(NULL);
}
END_TEST

static const struct {
	const char	*text;
	int		 fold;
	const char	*err;
} bad[] = {
	{ "", 1, "sex.csv: empty file: no header" },
	{ "\n\n", 1, "sex.csv: empty file: no header" },
	{ "code,std_code\nM,1\n", 1,
	  "sex.csv:1: header must be local_code,std_code[,local_name]" },
	{ "local_code\nM\n", 1,
	  "sex.csv:1: header must be local_code,std_code[,local_name]" },
	{ "local_code,std_code,local_name,x\n", 1,
	  "sex.csv:1: header must be local_code,std_code[,local_name]" },
	{ "local_code,std_code\nM,1\nF,3\n", 1,
	  "sex.csv:3: std_code '3' is not a code of domain sex" },
	{ "local_code,std_code\nM,1\nF,\xef\xbc\x92\n", 1,
	  "sex.csv:3: std_code '\xef\xbc\x92' is not a code of domain sex" },
	{ "local_code,std_code\nM,1\nF,2\nM,2\n", 1,
	  "sex.csv:4: local_code 'M' maps to '2' here and to '1' on line 2" },
	{ "local_code,std_code\nM,1\n\xef\xbc\xad,2\n", 1,
	  "sex.csv:3: local_code 'M' maps to '2' here and to '1' on line 2" },
	{ "local_code,std_code\n M,1\nM ,2\n", 1,
	  "sex.csv:3: local_code 'M' maps to '2' here and to '1' on line 2" },
	{ "local_code,std_code\n,1\n", 1, "sex.csv:2: empty local_code" },
	{ "local_code,std_code\n\xe3\x80\x80,1\n", 1,
	  "sex.csv:2: empty local_code" },
	{ "local_code,std_code\nM, \n", 1, "sex.csv:2: empty std_code" },
	{ "local_code,std_code\nM\n", 1,
	  "sex.csv:2: 1 field; expected local_code,std_code[,local_name]" },
	{ "local_code,std_code\nM,1,a,b\n", 1,
	  "sex.csv:2: 4 fields; expected local_code,std_code[,local_name]" },
	{ "local_code,std_code\n\"M,1\n", 1,
	  "sex.csv:2: the last record has an open quote and no line end: "
	  "the file is cut short" },
	{ "local_code,std_code\nM\xff,1\n", 1,
	  "sex.csv:2:2: invalid UTF-8" },
};

START_TEST(test_bad)
{
	char err[512];
	struct mapping *m;

	m = read_text("sex", bad[_i].text, bad[_i].fold, err, sizeof(err));
	ck_assert_ptr_null(m);
	ck_assert_str_eq(err, bad[_i].err);
}
END_TEST

START_TEST(test_load)
{
	const struct std_domain *d = std_domain(std, "sex");
	char err[512];
	int status = 42;

	ck_assert_ptr_null(mapping_load("/nonexistent/sex.csv", d, 1, &status,
	    err, sizeof(err)));
	ck_assert_int_eq(status, MAP_EIO);
	ck_assert_str_eq(err,
	    "/nonexistent/sex.csv: No such file or directory");
}
END_TEST

START_TEST(test_similarity)
{
	/* 男 vs 男性: containment, 0.5 + 0.4 * 1/2 */
	ck_assert_double_eq_tol(mapping_similarity("\xe7\x94\xb7",
	    "\xe7\x94\xb7\xe6\x80\xa7"), 0.7, 1e-9);
	ck_assert_double_eq_tol(mapping_similarity("abc", "abc"), 1, 1e-9);
	/* normalised: case, spaces, full-width, punctuation */
	ck_assert_double_eq_tol(mapping_similarity("A b-c",
	    "\xef\xbd\x81" "BC"), 0.95, 1e-9);
	/* bigrams ab bc cd / ab bx xd: one in common, 0.8 * 2 / 6 */
	ck_assert_double_eq_tol(mapping_similarity("abcd", "abxd"),
	    0.8 / 3, 1e-9);
	ck_assert_double_eq_tol(mapping_similarity("", "a"), 0, 1e-9);
	ck_assert_double_eq_tol(mapping_similarity("--", "a"), 0, 1e-9);
	ck_assert_double_eq_tol(mapping_similarity("a", "b"), 0, 1e-9);
}
END_TEST

static Suite *
mapping_suite(void)
{
	Suite *s = suite_create("mapping");
	TCase *tc = tcase_create("mapping");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_key, 0, sizeof(keys) / sizeof(keys[0]));
	tcase_add_test(tc, test_read);
	tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_load);
	tcase_add_test(tc, test_similarity);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(mapping_suite)
