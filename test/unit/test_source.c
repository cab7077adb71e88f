/*
 * test_source.c - source_rewrite(): :name parameters into each driver's
 * placeholders, quotes, comments and casts left alone, leading blanks
 * and comments dropped (psqlODBC must see SELECT first), and an unknown
 * name refused.
 */
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "unit.h"

static const struct source_param prm[] = {
	{ "since", "2026-10-27 00:00:00" },
	{ "until", "2026-10-28 00:00:00" },
};

static const struct {
	int		 style;
	const char	*in, *out;
	size_t		 nvalues;
} cases[] = {
	{ SOURCE_QMARK, "SELECT 1 WHERE t >= :since AND t < :until AND u < :until",
	    "SELECT 1 WHERE t >= ? AND t < ? AND u < ?", 3 },
	{ SOURCE_DOLLAR, "SELECT 1 WHERE t >= :since AND t < :until AND u < :until",
	    "SELECT 1 WHERE t >= $1 AND t < $2 AND u < $2", 2 },
	{ SOURCE_PARAM_TABLE, "SELECT 1 WHERE t < :until AND u >= :since",
	    "SELECT 1 WHERE t < (SELECT value FROM temp.hdx_param WHERE slot = 1)"
	    " AND u >= (SELECT value FROM temp.hdx_param WHERE slot = 2)", 2 },
	{ SOURCE_DOLLAR, "-- a file's comment\n\n  /* and :since */\n\tSELECT ':since', x::date\n-- :until\n",
	    "SELECT ':since', x::date\n-- :until\n", 0 },
	{ SOURCE_QMARK, "   ", "", 0 },
};

START_TEST(test_rewrite)
{
	const char **v;
	size_t i, n;
	char err[256], *q;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		q = source_rewrite(cases[i].in, cases[i].style, prm, 2, &v, &n,
		    err, sizeof(err));
		ck_assert_msg(q != NULL, "case %zu: %s", i, err);
		ck_assert_str_eq(q, cases[i].out);
		ck_assert_uint_eq(n, cases[i].nvalues);
		free(q);
		free(v);
	}
	q = source_rewrite("SELECT 1 WHERE t < :until AND u >= :since",
	    SOURCE_PARAM_TABLE, prm, 2, &v, &n, err, sizeof(err));
	ck_assert_str_eq(v[0], prm[1].value);	/* slot order */
	ck_assert_str_eq(v[1], prm[0].value);
	free(q);
	free(v);
}
END_TEST

START_TEST(test_unknown)
{
	const char **v;
	size_t n;
	char err[256];

	ck_assert_ptr_null(source_rewrite("SELECT :sinc", SOURCE_QMARK, prm, 2,
	    &v, &n, err, sizeof(err)));
	ck_assert_str_eq(err, "parameter :sinc is not known (known: :since, "
	    ":until)");
}
END_TEST

static Suite *
source_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rewrite);
	tcase_add_test(tc, test_unknown);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(source_suite)
