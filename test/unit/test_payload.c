/*
 * test_payload.c - the canonical payload of api.md 2.3: the worked
 * example and its SM3 exactly, the key order on bytes, and the canonical
 * forms of I and N values.
 */
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "sm.h"
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

/* A record from a comma-separated line (no commas inside values). */
struct rec {
	char	**v;
	size_t	 *len;
	size_t	  n;
};

static void
rec_make(struct rec *r, const char *line)
{
	size_t i;

	r->v = strsplit(line, ',', &r->n);
	r->len = xcalloc(r->n, sizeof(size_t));
	for (i = 0; i < r->n; i++)
		r->len[i] = strlen(r->v[i]);
}

static void
rec_free(struct rec *r)
{
	strvec_free(r->v);
	free(r->len);
}

static const char example[] = "124115004170483179,D0301,呼吸内科,1,03.01,,"
    "1,1,40,0376-6201301,S1001,1998-03-01,1,2026-10-01 08:30:00";

START_TEST(test_example)
{
	const struct std_table *t = std_table(std, "dept_info");
	struct payload_rec pr;
	struct rec r;
	struct buf b;
	char hex[65], err[256];
	static const char want[] = "124115004170483179\x1f" "D0301\x1f"
	    "呼吸内科\x1f" "1\x1f" "03.01\x1f\x1f" "1\x1f" "1\x1f" "40\x1f"
	    "0376-6201301\x1f" "S1001\x1f" "1998-03-01\x1f" "1\x1f"
	    "2026-10-01 08:30:00\x1e";

	ck_assert_ptr_nonnull(t);
	rec_make(&r, example);
	ck_assert_uint_eq(r.n, t->nfields);
	buf_init(&b);
	payload_record(&b, t, r.v, r.len);
	ck_assert_uint_eq(b.len, strlen(want));
	ck_assert_mem_eq(b.data, want, b.len);
	pr.v = r.v;
	pr.len = r.len;
	ck_assert_int_eq(payload_sm3(t, &pr, 1, hex, err, sizeof(err)), 0);
	ck_assert_str_eq(hex,
	    "9a0e63e4f7f400ac448254bba3a1fd8a4bc76576461074311e88763c91540db8");
	/* beds written "040" or "+40" is the same record */
	free(r.v[8]);
	r.v[8] = xstrdup("+040");
	r.len[8] = 4;
	ck_assert_int_eq(payload_sm3(t, &pr, 1, hex, err, sizeof(err)), 0);
	ck_assert_str_eq(hex,
	    "9a0e63e4f7f400ac448254bba3a1fd8a4bc76576461074311e88763c91540db8");
	buf_free(&b);
	rec_free(&r);
}
END_TEST

START_TEST(test_empty)
{
	const struct std_table *t = std_table(std, "dept_info");
	char hex[65], err[256];

	/* SM3 of no bytes */
	ck_assert_int_eq(payload_sm3(t, NULL, 0, hex, err, sizeof(err)), 0);
	ck_assert_str_eq(hex,
	    "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
}
END_TEST

/* Sorted on UTF-8 bytes, first key field first; a prefix sorts first. */
START_TEST(test_order)
{
	const struct std_table *t = std_table(std, "dept_info");
	static const char *codes[] = { "b", "D0301", "呼", "D03", "D0301\t",
	    "D02", "Z" };
	static const char *want[] = { "D02", "D03", "D0301", "D0301\t", "Z",
	    "b", "呼" };
	struct payload_rec pr[7];
	struct rec r[7];
	struct buf one, all;
	char hex[65], hex2[65], err[256];
	size_t i;

	buf_init(&all);
	for (i = 0; i < 7; i++) {
		rec_make(&r[i], example);
		free(r[i].v[1]);
		r[i].v[1] = xstrdup(codes[i]);
		r[i].len[1] = strlen(codes[i]);
		pr[i].v = r[i].v;
		pr[i].len = r[i].len;
	}
	ck_assert_int_eq(payload_sm3(t, pr, 7, hex, err, sizeof(err)), 0);
	payload_sort(t, pr, 7);
	for (i = 0; i < 7; i++) {
		ck_assert_str_eq(pr[i].v[1], want[i]);
		payload_record(&all, t, pr[i].v, pr[i].len);
	}
	ck_assert_int_eq(payload_sm3_sorted(t, pr, 7, hex2, err, sizeof(err)),
	    0);
	ck_assert_str_eq(hex, hex2);
	/* the org_code decides first */
	buf_init(&one);
	payload_sort_key(&one, t, r[0].v, r[0].len);
	ck_assert_uint_eq(one.len, strlen("124115004170483179") + 1 + 1);
	ck_assert_mem_eq(one.data, "124115004170483179\0b", one.len);
	buf_free(&one);
	buf_free(&all);
	for (i = 0; i < 7; i++)
		rec_free(&r[i]);
}
END_TEST

struct canon_case {
	const char	*table, *field, *in, *out;
};

static const struct canon_case canon_cases[] = {
	/* N 10,2 */
	{ "outpatient_registration", "reg_fee", "12.5", "12.50" },
	{ "outpatient_registration", "reg_fee", "-0.001", "0.00" },
	{ "outpatient_registration", "reg_fee", "2000", "2000.00" },
	{ "outpatient_registration", "reg_fee", "0", "0.00" },
	{ "outpatient_registration", "reg_fee", "-0", "0.00" },
	{ "outpatient_registration", "reg_fee", "+3.1", "3.10" },
	{ "outpatient_registration", "reg_fee", "-3.1", "-3.10" },
	{ "outpatient_registration", "reg_fee", "007.5", "7.50" },
	{ "outpatient_registration", "reg_fee", ".5", ".5" },
	{ "outpatient_registration", "reg_fee", "12.495", "12.50" },
	{ "outpatient_registration", "reg_fee", "9.995", "10.00" },
	{ "outpatient_registration", "reg_fee", "-9.994", "-9.99" },
	{ "outpatient_registration", "reg_fee", "0.004", "0.00" },
	{ "outpatient_registration", "reg_fee", "", "" },
	/* N 12,4 */
	{ "drug_catalog", "retail_price", "1", "1.0000" },
	{ "drug_catalog", "retail_price", "0.12345", "0.1235" },
	/* I */
	{ "dept_info", "beds", "007", "7" },
	{ "dept_info", "beds", "+40", "40" },
	{ "dept_info", "beds", "-0", "0" },
	{ "dept_info", "beds", "-000", "0" },
	{ "dept_info", "beds", "-012", "-12" },
	{ "dept_info", "beds", "0", "0" },
	{ "dept_info", "beds", " 40", " 40" },
	/* S, D, DT as given */
	{ "dept_info", "dept_code", "007", "007" },
	{ "dept_info", "established_date", "1998-03-01", "1998-03-01" },
	{ "dept_info", "update_time", "2026-10-01 08:30:00",
	    "2026-10-01 08:30:00" },
};

START_TEST(test_canon)
{
	const struct canon_case *c = &canon_cases[_i];
	const struct std_table *t = std_table(std, c->table);
	struct buf b;
	int f;

	ck_assert_ptr_nonnull(t);
	f = std_field_index(t, c->field);
	ck_assert_int_ge(f, 0);
	buf_init(&b);
	payload_canon(&b, &t->field[f], c->in, strlen(c->in));
	buf_addc(&b, '\0');
	ck_assert_msg(strcmp(b.data, c->out) == 0, "%s.%s '%s': got '%s', "
	    "expected '%s'", c->table, c->field, c->in, b.data, c->out);
	buf_free(&b);
}
END_TEST

START_TEST(test_key_digest)
{
	const struct std_table *t = std_table(std, "dept_info");
	struct rec r;
	struct sm3_ctx *c;
	struct buf b;
	unsigned char md[32];
	char hex[65], err[256];
	int i;

	rec_make(&r, example);
	ck_assert_int_eq(payload_key_digest(t, r.v, r.len, hex, err,
	    sizeof(err)), 0);
	/* SM3("124115004170483179" 0x1F "D0301") */
	ck_assert_str_eq(hex,
	    "249d8297bed9936d2f38fc5fc4035fcecb7b43626b0d15578d205a20bc43a0e4");
	/* the same as 32 bytes, through a context and buffer kept */
	c = sm3_new(err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	buf_init(&b);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(payload_key_sm3(c, &b, t, r.v, r.len, md, err,
		    sizeof(err)), 0);
		hex_encode(hex, md, sizeof(md));
		ck_assert_str_eq(hex, "249d8297bed9936d2f38fc5fc4035fce"
		    "cb7b43626b0d15578d205a20bc43a0e4");
	}
	buf_free(&b);
	sm3_free(c);
	rec_free(&r);
}
END_TEST

static Suite *
payload_suite(void)
{
	Suite *s = suite_create("payload");
	TCase *tc = tcase_create("payload");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_example);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_order);
	tcase_add_loop_test(tc, test_canon, 0,
	    sizeof(canon_cases) / sizeof(canon_cases[0]));
	tcase_add_test(tc, test_key_digest);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(payload_suite)
