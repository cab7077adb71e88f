/*
 * test_normalize.c - every form of normalize.h, table-driven: the value
 * in, the type and scale, the value out and whether it was normalised.
 */
#include <string.h>

#include "normalize.h"
#include "unit.h"
#include "util.h"

static const struct {
	enum std_type	 type;
	int		 scale;
	const char	*in;		/* NULL: SQL NULL */
	const char	*out;
	int		 ok;
} cases[] = {
	{ STD_S, 0, NULL, "", 1 },
	{ STD_S, 0, "  王芳\t\r\n", "王芳", 1 },
	{ STD_S, 0, "   ", "", 1 },
	{ STD_D, 0, "20261027", "2026-10-27", 1 },
	{ STD_D, 0, "2026-10-27", "2026-10-27", 1 },
	{ STD_D, 0, "2026/10/27", "2026-10-27", 1 },
	{ STD_D, 0, "2026.10.27", "2026-10-27", 1 },
	{ STD_D, 0, "2026-10-27 00:00:00", "2026-10-27", 1 },
	{ STD_D, 0, "2026-10-27 00:00:00.000", "2026-10-27", 1 },
	{ STD_D, 0, "2026-10-27 08:00:00", "2026-10-27 08:00:00", 0 },
	{ STD_D, 0, "20260230", "20260230", 0 },
	{ STD_D, 0, "2026-13-45", "2026-13-45", 0 },
	{ STD_D, 0, "2026-10/27", "2026-10/27", 0 },
	{ STD_D, 0, "unknown", "unknown", 0 },
	{ STD_D, 0, " 19800101 ", "1980-01-01", 1 },
	{ STD_DT, 0, "2026-10-27 08:09:10", "2026-10-27 08:09:10", 1 },
	{ STD_DT, 0, "2026/10/27 08:09:10", "2026-10-27 08:09:10", 1 },
	{ STD_DT, 0, "20261027080910", "2026-10-27 08:09:10", 1 },
	{ STD_DT, 0, "20261027 08:09:10", "2026-10-27 08:09:10", 1 },
	{ STD_DT, 0, "2026-10-27T08:09:10", "2026-10-27 08:09:10", 1 },
	{ STD_DT, 0, "2026-10-27 08:09:10.999", "2026-10-27 08:09:10", 1 },
	{ STD_DT, 0, "2026-10-27 23:59:59.999999", "2026-10-27 23:59:59", 1 },
	{ STD_DT, 0, "2026-10-27 08:09", "2026-10-27 08:09:00", 1 },
	{ STD_DT, 0, "2026-10-27", "2026-10-27 00:00:00", 1 },
	{ STD_DT, 0, "20261027", "2026-10-27 00:00:00", 1 },
	{ STD_DT, 0, "2026-10-27 24:00:00", "2026-10-27 24:00:00", 0 },
	{ STD_DT, 0, "2026-10-27 08:09:10.", "2026-10-27 08:09:10.", 0 },
	{ STD_DT, 0, "2026-10-27 08:09:10+08", "2026-10-27 08:09:10+08", 0 },
	{ STD_DT, 0, "2026-02-29 08:00:00", "2026-02-29 08:00:00", 0 },
	{ STD_N, 2, "12.5", "12.50", 1 },
	{ STD_N, 2, "12", "12.00", 1 },
	{ STD_N, 2, ".5", "0.50", 1 },
	{ STD_N, 2, "+007.1", "7.10", 1 },
	{ STD_N, 2, "12.345", "12.35", 1 },
	{ STD_N, 2, "12.344", "12.34", 1 },
	{ STD_N, 2, "99.995", "100.00", 1 },
	{ STD_N, 2, "-99.995", "-100.00", 1 },
	{ STD_N, 2, "-0.001", "0.00", 1 },
	{ STD_N, 2, "30.300000000000001", "30.30", 1 },
	{ STD_N, 0, "9.5", "10", 1 },
	{ STD_N, 4, "1", "1.0000", 1 },
	{ STD_N, 2, "1e3", "1e3", 0 },
	{ STD_N, 2, "12.", "12.", 0 },
	{ STD_N, 2, "1,000", "1,000", 0 },
	{ STD_N, 2, "-", "-", 0 },
	{ STD_I, 0, "42", "42", 1 },
	{ STD_I, 0, "+042", "42", 1 },
	{ STD_I, 0, "12.0", "12", 1 },
	{ STD_I, 0, "-0", "0", 1 },
	{ STD_I, 0, "12.5", "12.5", 0 },
	{ STD_I, 0, "abc", "abc", 0 },
	/* at the edges of the forms kept in place (canonical()) */
	{ STD_D, 0, "2024-02-29", "2024-02-29", 1 },
	{ STD_D, 0, "2026-02-29", "2026-02-29", 0 },
	{ STD_DT, 0, "2026-10-27 08:60:00", "2026-10-27 08:60:00", 0 },
	{ STD_DT, 0, "2026-10-27 08:09:60", "2026-10-27 08:09:60", 0 },
	{ STD_DT, 0, "2026-10-27T08:09:10", "2026-10-27 08:09:10", 1 },
	{ STD_N, 2, "0.50", "0.50", 1 },
	{ STD_N, 2, "-0.50", "-0.50", 1 },
	{ STD_N, 2, "-0.00", "0.00", 1 },
	{ STD_N, 2, "-633.08", "-633.08", 1 },
	{ STD_N, 2, "012.50", "12.50", 1 },
	{ STD_N, 2, "12.5.", "12.5.", 0 },
	{ STD_N, 0, "12", "12", 1 },
	{ STD_N, 0, "-0", "0", 1 },
	{ STD_I, 0, "0", "0", 1 },
	{ STD_I, 0, "-7", "-7", 1 },
	{ STD_I, 0, "007", "7", 1 },
};

START_TEST(test_cases)
{
	struct buf b;
	size_t i;
	int ok;

	buf_init(&b);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok = norm_value(cases[i].type, cases[i].scale, cases[i].in,
		    cases[i].in ? strlen(cases[i].in) : 0, &b);
		ck_assert_msg(strcmp(b.data, cases[i].out) == 0 &&
		    b.len == strlen(cases[i].out),
		    "case %zu '%s': got '%s', expected '%s'", i,
		    cases[i].in ? cases[i].in : "(null)", b.data, cases[i].out);
		ck_assert_msg(ok == cases[i].ok, "case %zu '%s': ok %d", i,
		    cases[i].in ? cases[i].in : "(null)", ok);
	}
	buf_free(&b);
}
END_TEST

/* The length is honoured: bytes past it are never read. */
START_TEST(test_length)
{
	struct buf b;

	buf_init(&b);
	norm_value(STD_D, 0, "20261027XYZ", 8, &b);
	ck_assert_str_eq(b.data, "2026-10-27");
	norm_value(STD_N, 2, "1.5|garbage", 3, &b);
	ck_assert_str_eq(b.data, "1.50");
	buf_free(&b);
}
END_TEST

/* A value already in its form is given back in place, not copied. */
START_TEST(test_in_place)
{
	static const struct {
		enum std_type	 type;
		int		 scale;
		const char	*in;
	} kept[] = {
		{ STD_D, 0, "2026-10-27" },
		{ STD_DT, 0, "2026-10-27 08:09:10" },
		{ STD_N, 2, "-633.08" },
		{ STD_N, 4, "0.0001" },
		{ STD_I, 0, "59" },
	};
	struct buf b;
	const char *v;
	size_t i, n;
	int ok;

	buf_init(&b);
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		v = norm_value_ref(kept[i].type, kept[i].scale, kept[i].in,
		    strlen(kept[i].in), &b, &n, &ok);
		ck_assert_msg(v == kept[i].in && n == strlen(kept[i].in) && ok,
		    "'%s' not kept in place", kept[i].in);
	}
	v = norm_value_ref(STD_N, 2, "12.5", 4, &b, &n, &ok);
	ck_assert(v == b.data && n == 5 && ok);
	buf_free(&b);
}
END_TEST

static Suite *
normalize_suite(void)
{
	Suite *s = suite_create("normalize");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cases);
	tcase_add_test(tc, test_length);
	tcase_add_test(tc, test_in_place);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(normalize_suite)
