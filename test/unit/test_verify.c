/*
 * test_verify.c - the verdict of api.md 8.5 on rows in memory: the
 * checks in their order (record_count, source_org_code, payload_sm3),
 * the record rules with their findings as the JSON array of 8.5 (each
 * once, ordered by primary_key, field, rule), ref only to shared tables,
 * and the cut-off dates of the purges.
 */
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "purge.h"
#include "standard.h"
#include "unit.h"
#include "util.h"
#include "verify.h"

#define ORG	"124115004170483179"
/* api.md 2.3: the example record of dept_info and its payload_sm3 */
#define EXAMPLE	ORG "|D0301|呼吸内科|1|03.01||1|1|40|0376-6201301|S1001|" \
		"1998-03-01|1|2026-10-01 08:30:00"
#define EXAMPLE_SM3 \
	"9a0e63e4f7f400ac448254bba3a1fd8a4bc76576461074311e88763c91540db8"

static struct standard *std;
static const struct std_table *dept;

static void
setup(void)
{
	char err[512], *dir = path_join(unit_srcdir(), "dict");

	std = std_load(dir, err, sizeof(err));
	free(dir);
	ck_assert_msg(std != NULL, "%s", err);
	dept = std_table(std, "dept_info");
	ck_assert_ptr_nonnull(dept);
}

static void
teardown(void)
{
	std_free(std);
}

static struct verify_row
row(const char *line)
{
	struct verify_row r;
	size_t n, i;
	char **v = strsplit(line, '|', &n);

	ck_assert_uint_eq(n, dept->nfields);
	r.v = v;
	r.len = xcalloc(n, sizeof(size_t));
	for (i = 0; i < n; i++)
		r.len[i] = strlen(v[i]);
	return r;
}

static void
row_free(struct verify_row *r)
{
	strvec_free(r->v);
	free(r->len);
}

static int
ref_none(void *arg, const struct std_table *t, int fi, const char *v,
    size_t len)
{
	int *calls = arg;

	(void)t;
	(void)fi;
	(void)v;
	(void)len;
	(*calls)++;
	return 0;
}

static struct verify_push
push(long count, const char *sm3)
{
	struct verify_push p;

	p.push_id = "P1";
	p.auth_id = ORG "-AP00001";
	p.table = "dept_info";
	p.source_org = ORG;
	p.payload_sm3 = (char *)sm3;
	p.record_count = count;
	return p;
}

static void
verdict(struct verify_row *rows, size_t n, struct verify_push *p,
    struct verify_result *res, int *calls)
{
	char err[256];

	ck_assert_msg(verify_rows(dept, p, rows, n, "2026-11-02", ref_none,
	    calls, res, err, sizeof(err)) == 0, "%s", err);
}

START_TEST(test_example_ok)
{
	struct verify_row r = row(EXAMPLE);
	struct verify_push p = push(1, EXAMPLE_SM3);
	struct verify_result res;
	int calls = 0;

	verdict(&r, 1, &p, &res, &calls);
	ck_assert_str_eq(res.status, "ok");
	ck_assert_ptr_null(res.mismatch);
	ck_assert_int_eq(res.n, 1);
	ck_assert_uint_eq(res.nfindings, 0);
	ck_assert_str_eq(res.findings, "[]");
	ck_assert_int_eq(calls, 0);	/* dept_info is not a shared table */
	verify_result_free(&res);
	row_free(&r);
}
END_TEST

START_TEST(test_mismatch_order)
{
	struct verify_row r = row(EXAMPLE);
	struct verify_push p;
	struct verify_result res;
	int calls = 0;
	static const long bad[] = { 0, 2, 5001, -1 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = push(bad[i], EXAMPLE_SM3);
		verdict(&r, 1, &p, &res, &calls);
		ck_assert_str_eq(res.status, "mismatch");
		ck_assert_str_eq(res.mismatch, "record_count");
		ck_assert_str_eq(res.findings, "[]");
		ck_assert_int_eq(res.n, 1);
		verify_result_free(&res);
	}
	/* source_org_code comes before payload_sm3 */
	p = push(1, "0");
	p.source_org = "12411500417051225K";
	verdict(&r, 1, &p, &res, &calls);
	ck_assert_str_eq(res.mismatch, "source_org_code");
	verify_result_free(&res);
	p = push(1, "9a0e63e4f7f400ac448254bba3a1fd8a4bc76576461074311e88763c91540db9");
	verdict(&r, 1, &p, &res, &calls);
	ck_assert_str_eq(res.status, "mismatch");
	ck_assert_str_eq(res.mismatch, "payload_sm3");
	ck_assert_uint_eq(res.nfindings, 0);
	ck_assert_str_eq(res.findings, "[]");
	verify_result_free(&res);
	row_free(&r);
}
END_TEST

/* payload_sm3 of the rows as the platform computes it (api.md 2.3). */
static int
verify_test_sm3(const struct std_table *t, struct verify_row *rows, size_t n,
    char hex[65], char *err, size_t errlen)
{
	struct payload_rec rec[4];
	size_t i;

	ck_assert_uint_le(n, 4);
	for (i = 0; i < n; i++) {
		rec[i].v = rows[i].v;
		rec[i].len = rows[i].len;
	}
	return payload_sm3(t, rec, n, hex, err, errlen);
}

START_TEST(test_findings_json)
{
	/* D0302 first in the file, D0301 second: findings ordered by key */
	struct verify_row r[2] = {
		row(ORG "|D0302|呼吸内科|7|03.01||1|1|40|0376-6201301|S1001|"
		    "1998-03-01|1|2026-10-01 08:30:00"),
		row(ORG "|D0301||1|03.01||1|1|40|0376-6201301|S1001|"
		    "1998-03-01|1|2026-10-01 08:30:00"),
	};
	struct verify_result res;
	struct verify_push p;
	char err[256], hex[65];
	int calls = 0;

	ck_assert_int_eq(verify_test_sm3(dept, r, 2, hex, err, sizeof(err)),
	    0);
	p = push(2, hex);
	verdict(r, 2, &p, &res, &calls);
	ck_assert_str_eq(res.status, "qc_failed");
	ck_assert_ptr_null(res.mismatch);
	ck_assert_msg(res.nfindings == 2, "%s", res.findings);
	ck_assert_str_eq(res.findings,
	    "[{\"table\": \"dept_info\", \"primary_key\": \"" ORG "+D0301\", "
	    "\"rule\": \"required\", \"field\": \"dept_name\", "
	    "\"level\": \"error\"}, "
	    "{\"table\": \"dept_info\", \"primary_key\": \"" ORG "+D0302\", "
	    "\"rule\": \"domain\", \"field\": \"dept_type\", "
	    "\"level\": \"error\"}]");
	verify_result_free(&res);
	row_free(&r[0]);
	row_free(&r[1]);
}
END_TEST

START_TEST(test_ref_shared_only)
{
	struct verify_row r = row(ORG "|D0302|呼吸内科|1|03.01|D0301|1|1|40|"
	    "0376-6201301|S1001|1998-03-01|1|2026-10-01 08:30:00");
	struct std_table *t = (struct std_table *)dept;
	struct verify_result res;
	struct verify_push p;
	char err[256], hex[65];
	int calls = 0;

	ck_assert_int_eq(verify_test_sm3(dept, &r, 1, hex, err, sizeof(err)),
	    0);
	p = push(1, hex);
	verdict(&r, 1, &p, &res, &calls);
	ck_assert_str_eq(res.status, "ok");
	ck_assert_int_eq(calls, 0);
	verify_result_free(&res);
	/* as if dept_info were shared: parent_dept_code refers to it (a
	 * warning, ok), director_code to staff_info (not shared) */
	t->shared = 1;
	verdict(&r, 1, &p, &res, &calls);
	t->shared = 0;
	ck_assert_int_eq(calls, 1);
	ck_assert_str_eq(res.status, "ok");
	ck_assert_uint_eq(res.nfindings, 1);
	ck_assert_str_eq(res.findings,
	    "[{\"table\": \"dept_info\", \"primary_key\": \"" ORG "+D0302\", "
	    "\"rule\": \"ref\", \"field\": \"parent_dept_code\", "
	    "\"level\": \"warning\"}]");
	verify_result_free(&res);
	row_free(&r);
}
END_TEST

START_TEST(test_cutoff)
{
	char out[11];

	ck_assert_int_eq(purge_cutoff("2026-11-20", 15, out), 0);
	ck_assert_str_eq(out, "2026-11-05");
	ck_assert_int_eq(purge_cutoff("2026-11-11", 15, out), 0);
	ck_assert_str_eq(out, "2026-10-27");	/* api.md 6's example */
	ck_assert_int_eq(purge_cutoff("2028-03-10", 15, out), 0);
	ck_assert_str_eq(out, "2028-02-24");
	ck_assert_int_eq(purge_cutoff("2027-01-05", 15, out), 0);
	ck_assert_str_eq(out, "2026-12-21");
	ck_assert_int_eq(purge_cutoff("2026-02-30", 15, out), -1);
}
END_TEST

static Suite *
verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("verify");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_example_ok);
	tcase_add_test(tc, test_mismatch_order);
	tcase_add_test(tc, test_findings_json);
	tcase_add_test(tc, test_ref_shared_only);
	tcase_add_test(tc, test_cutoff);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(verify_suite)
