/*
 * test_rules.c - every record rule (R01-R11) and the cross-record rules
 * (R12-R14) on the standard in dict/, one table-driven case per verdict:
 * a record, the fields it sets, and exactly the findings expected on the
 * fields looked at. Also the value forms of value.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cross.h"
#include "rules.h"
#include "standard.h"
#include "unit.h"
#include "util.h"
#include "value.h"

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

/* A valid patient (the check character of the ID number is right). */
static const char *patient[] = {
	"org_code=124115004170483179", "patient_id=P1", "name=张三", "sex=1",
	"birth_date=1990-01-01", "id_type=01", "id_no=110105199001010010",
	"id_card_no=110105199001010010", "nationality=CHN", "ethnicity=01",
	"marital_status=10", "occupation=17", "phone=13800138000",
	"address=北京市", "address_division=110105",
	"create_time=2026-10-01 08:00:00", "valid_flag=1",
	"update_time=2026-10-02 08:00:00", NULL,
};

struct rec {
	const struct std_table	*t;
	char			**v;
	size_t			 *len;
};

static void
rec_set(struct rec *r, const char *assign)
{
	const char *eq = strchr(assign, '=');
	char *name = xstrndup(assign, (size_t)(eq - assign));
	int i = std_field_index(r->t, name);

	ck_assert_msg(i >= 0, "no field %s", name);
	free(r->v[i]);
	r->v[i] = xstrdup(eq + 1);
	r->len[i] = strlen(eq + 1);
	free(name);
}

static void
rec_init(struct rec *r, const char *table, const char *const *base,
    const char *const *changes)
{
	size_t i;

	r->t = std_table(std, table);
	ck_assert_ptr_nonnull(r->t);
	r->v = xcalloc(r->t->nfields, sizeof(char *));
	r->len = xcalloc(r->t->nfields, sizeof(size_t));
	for (i = 0; i < r->t->nfields; i++)
		r->v[i] = xstrdup("");
	for (; base && *base; base++)
		rec_set(r, *base);
	for (; changes && *changes; changes++)
		rec_set(r, *changes);
}

static void
rec_free(struct rec *r)
{
	size_t i;

	for (i = 0; i < r->t->nfields; i++)
		free(r->v[i]);
	free(r->v);
	free(r->len);
}

struct collect {
	const struct std_table	*t;
	const char		*only;	/* NULL: every field */
	struct buf		 out;
	struct buf		 whys;	/* every finding, with its reason */
};

static void
collect(void *arg, const struct rule_finding *f)
{
	struct collect *c = arg;
	const char *field = c->t->field[f->field].name;

	buf_printf(&c->whys, "%s:%s:%s\n", f->rule->name, field, f->why);
	if (c->only && strcmp(c->only, field) != 0)
		return;
	buf_printf(&c->out, "%s%s:%s:%s", c->out.len ? " " : "", f->rule->name,
	    field, std_level_name(f->rule->level));
	ck_assert(f->why != NULL && *f->why != '\0');
}

/* One record of table (base with changes) checked into c, whose out
 * and whys the caller frees; the number rules_check() gives. */
static size_t
check_into(struct collect *c, const char *table, const char *const *base,
    const char *const *changes, const char *only)
{
	struct rules_plan *plan;
	struct rec r;
	size_t n;

	rec_init(&r, table, base, changes);
	c->t = r.t;
	c->only = only;
	buf_init(&c->out);
	buf_init(&c->whys);
	buf_adds(&c->whys, "");
	plan = rules_plan_new(r.t);
	n = rules_check(plan, r.v, r.len, "2026-12-01", collect, c);
	rules_plan_free(plan);
	rec_free(&r);
	return n;
}

/* The findings of one record, "rule:field:level" joined by spaces;
 * rules_check() counts each of them once. */
static char *
findings(const char *table, const char *const *base,
    const char *const *changes, const char *only)
{
	struct collect c;
	const char *p;
	size_t n, lines = 0;

	n = check_into(&c, table, base, changes, only);
	for (p = c.whys.data; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	ck_assert_uint_eq(n, lines);
	buf_free(&c.whys);
	return buf_steal(&c.out);
}

static const struct rcase {
	const char	*table;
	const char	*only;		/* the field looked at, NULL all */
	const char	*change[4];
	const char	*want;
} cases[] = {
	/* a valid record */
	{ "patient_info", NULL, { NULL }, "" },
	/* R01 required: only when and required on an empty value */
	{ "patient_info", NULL, { "name=" }, "required:name:error" },
	/* R02 type */
	{ "patient_info", "birth_date", { "birth_date=1990-02-30" }, "type:birth_date:error" },
	{ "patient_info", "birth_date", { "birth_date=0000-01-01" }, "type:birth_date:error" },
	{ "patient_info", "create_time", { "create_time=2026-10-28T10:00:00" }, "type:create_time:error" },
	{ "patient_info", "create_time", { "create_time=2026-10-28 24:00:00" }, "type:create_time:error" },
	{ "patient_info", "create_time", { "create_time=2026-10-28 23:59:60" }, "type:create_time:error" },
	{ "patient_info", "address", { "address=a\001b" }, "type:address:error" },
	{ "patient_info", "address", { "address=a\tb\r\nc" }, "" },
	{ "outpatient_visit", "age_years", { "age_years=+40" }, "" },
	{ "outpatient_visit", "age_years", { "age_years=4 0" }, "type:age_years:error" },
	{ "outpatient_visit", "age_years", { "age_years=1e2" }, "type:age_years:error" },
	{ "outpatient_settlement", "total_amount", { "total_amount=1,000.00" }, "type:total_amount:error" },
	{ "outpatient_settlement", "total_amount", { "total_amount=.5" }, "type:total_amount:error" },
	/* R03 length: characters, digits, precision and scale */
	{ "patient_info", "name", { "name=一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十" }, "" },
	{ "patient_info", "name", { "name=一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一" }, "length:name:error" },
	{ "outpatient_visit", "age_years", { "age_years=-007" }, "range:age_years:error" },
	{ "outpatient_visit", "age_years", { "age_years=1000" }, "length:age_years:error range:age_years:error" },
	{ "outpatient_visit", "age_years", { "age_years=007" }, "" },
	{ "outpatient_settlement", "total_amount", { "total_amount=12.495" }, "length:total_amount:error" },
	{ "outpatient_settlement", "total_amount", { "total_amount=12.500" }, "length:total_amount:error" },
	{ "outpatient_settlement", "total_amount", { "total_amount=0000000000007.5" }, "" },
	{ "outpatient_settlement", "total_amount", { "total_amount=12345678901.00" }, "length:total_amount:error" },
	/* R04 domain: exact, no trimming */
	{ "patient_info", "sex", { "sex=3" }, "domain:sex:error" },
	{ "patient_info", "sex", { "sex= 1" }, "length:sex:error domain:sex:error" },
	{ "patient_info", "sex", { "sex=Ｍ" }, "domain:sex:error" },
	{ "patient_info", "valid_flag", { "valid_flag=2" }, "domain:valid_flag:error" },
	/* R05 pattern, a warning */
	{ "patient_info", "phone", { "phone=138001380" }, "pattern:phone:warning" },
	{ "patient_info", "nationality", { "nationality=cn" }, "pattern:nationality:warning" },
	{ "outpatient_visit", "main_diag_code", { "main_diag_code=I10.x00x002" }, "" },
	{ "outpatient_visit", "main_diag_code", { "main_diag_code=i10" }, "pattern:main_diag_code:warning" },
	/* R06 idcard: form, check character, date, today, birth_date */
	{ "patient_info", "id_card_no", { "id_card_no=11010519900101001X" }, "idcard:id_card_no:error" },
	{ "patient_info", "id_card_no", { "id_card_no=11010519900101001x" }, "idcard:id_card_no:error" },
	{ "patient_info", "id_card_no", { "id_card_no=1101051990010100" }, "idcard:id_card_no:error" },
	{ "patient_info", "id_card_no", { "birth_date=1990-01-02" }, "idcard:id_card_no:error" },
	{ "patient_info", "id_card_no", { "birth_date=1990-02-30" }, "" },
	/* R07 uscc */
	{ "patient_info", "org_code", { "org_code=124115004170483178" }, "uscc:org_code:error" },
	{ "patient_info", "org_code", { "org_code=12411500417051225K" }, "" },
	{ "patient_info", "org_code", { "org_code=12411500417O483179" }, "uscc:org_code:error" },
	/* R08 range: dates with today, DT against whole days, numbers */
	{ "patient_info", "birth_date", { "birth_date=2031-01-01", "id_type=02" }, "range:birth_date:error" },
	{ "patient_info", "birth_date", { "birth_date=1899-12-31", "id_type=02" }, "range:birth_date:error" },
	{ "patient_info", "birth_date", { "birth_date=2026-12-01", "id_type=02" }, "" },
	{ "outpatient_visit", "visit_time", { "visit_time=2026-12-01 23:59:59" }, "" },
	{ "outpatient_visit", "visit_time", { "visit_time=2026-12-02 00:00:00" }, "range:visit_time:error" },
	{ "outpatient_visit", "visit_time", { "visit_time=2000-01-01 00:00:00" }, "" },
	{ "outpatient_visit", "age_years", { "age_years=150" }, "" },
	{ "outpatient_visit", "age_years", { "age_years=151" }, "range:age_years:error" },
	/* R09 when: FIELD=V1|V2, FIELD!=..., counted when the field is empty */
	{ "patient_info", "id_card_no", { "id_card_no=" }, "when:id_card_no:error" },
	{ "patient_info", "id_card_no", { "id_card_no=", "id_type=02" }, "" },
	{ "outpatient_settlement", "insurance_settle_id", { "payment_method=02" }, "when:insurance_settle_id:error" },
	{ "outpatient_settlement", "insurance_settle_id", { "payment_method=07" }, "" },
	/* R10 ge, R11 le: warnings; not evaluated on a bad other side */
	{ "patient_info", "update_time", { "update_time=2026-09-30 08:00:00" }, "ge:update_time:warning" },
	{ "outpatient_visit", "end_time", { "visit_time=2026-10-27 09:10:00", "end_time=2026-10-27 08:10:00" }, "ge:end_time:warning" },
	{ "outpatient_visit", "end_time", { "visit_time=2026-10-27T09:10:00", "end_time=2026-10-27 08:10:00" }, "" },
	{ "outpatient_visit", "end_time", { "visit_time=2026-10-27 09:10:00", "end_time=2026-10-27 09:10:00" }, "" },
	{ "vital_signs", "diastolic_bp", { "diastolic_bp=150", "systolic_bp=120" }, "le:diastolic_bp:warning" },
	{ "vital_signs", "diastolic_bp", { "diastolic_bp=80", "systolic_bp=120" }, "" },
};

START_TEST(record_rule)
{
	const struct rcase *c = &cases[_i];
	const char *const *base = strcmp(c->table, "patient_info") == 0 ?
	    patient : NULL;
	char *got = findings(c->table, base, c->change, c->only);

	ck_assert_msg(strcmp(got, c->want) == 0, "case %d (%s %s): got '%s', "
	    "want '%s'", _i, c->table, c->change[0] ? c->change[0] : "-", got,
	    c->want);
	free(got);
}
END_TEST

/* The reason of a type failure names the form and the type, exactly. */
START_TEST(type_reasons)
{
	static const struct {
		const char	*change, *want;
	} t[] = {
		{ "birth_date=1990-02-30",
		    "type:birth_date:a real date YYYY-MM-DD (type D)\n" },
		{ "create_time=2026-10-28 24:00:00", "type:create_time:a real "
		    "date-time YYYY-MM-DD HH:MM:SS (type DT)\n" },
		{ "name=a\001b", "type:name:text without control characters "
		    "other than TAB, LF and CR (type S)\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *change[] = { t[i].change, NULL };
		struct collect c;

		check_into(&c, "patient_info", patient, change, NULL);
		ck_assert_str_eq(c.whys.data, t[i].want);
		buf_free(&c.out);
		buf_free(&c.whys);
	}
}
END_TEST

static void
count_domain(void *arg, const struct rule_finding *f)
{
	if (f->rule->kind == RULE_DOMAIN)
		(*(int *)arg)++;
}

/* Every value of one and two bytes (none a control character) is in a
 * domain for the plan exactly when the standard's domain has it. */
START_TEST(domain_short_codes)
{
	static const char *const fields[] = { "sex", "valid_flag" };
	struct rules_plan *plan;
	struct rec r;
	size_t i, fi;
	unsigned c1, c2;
	char v[3];

	rec_init(&r, "patient_info", patient, NULL);
	plan = rules_plan_new(r.t);
	for (i = 0; i < 2; i++) {
		const struct std_field *f;
		char *was;

		fi = (size_t)std_field_index(r.t, fields[i]);
		f = &r.t->field[fi];
		ck_assert_ptr_nonnull(f->domain);
		was = r.v[fi];
		r.v[fi] = v;
		for (c1 = 0x20; c1 <= 0xff; c1++)
			for (c2 = 0x1f; c2 <= 0xff; c2++) {
				size_t len = c2 == 0x1f ? 1 : 2;
				int n = 0;

				v[0] = (char)c1;
				v[1] = (char)(len == 2 ? c2 : 0);
				v[2] = '\0';
				r.len[fi] = len;
				rules_check(plan, r.v, r.len, "2026-12-01",
				    count_domain, &n);
				ck_assert_int_eq(n, !std_domain_has(f->domain, v,
				    len));
			}
		r.v[fi] = was;
		r.len[fi] = strlen(was);
	}
	rules_plan_free(plan);
	rec_free(&r);
}
END_TEST

/* ------------------------------------------------ cross-record rules */

struct xrec {
	const char	*table;
	const char	*set[6];
};

static char *
cross_run(const struct xrec *recs, size_t n, const char *only)
{
	struct cross *x = cross_new(std);
	struct collect c;
	struct rec *r = xcalloc(n, sizeof(*r));
	size_t i;

	for (i = 0; i < n; i++) {
		rec_init(&r[i], recs[i].table, NULL, recs[i].set);
		cross_add(x, r[i].t, r[i].v, r[i].len);
	}
	buf_init(&c.out);
	buf_init(&c.whys);
	c.only = only;
	for (i = 0; i < n; i++) {
		if (i == 0 || r[i].t != r[i - 1].t)
			cross_begin(x, r[i].t);
		c.t = r[i].t;
		cross_check(x, r[i].t, r[i].v, r[i].len, collect, &c);
	}
	for (i = 0; i < n; i++)
		rec_free(&r[i]);
	free(r);
	cross_free(x);
	buf_free(&c.whys);
	return buf_steal(&c.out);
}

#define ORG "org_code=124115004170483179"
#define ORG2 "org_code=12411500417051225K"

START_TEST(unique_within_submission)
{
	const struct xrec recs[] = {
		{ "dept_info", { ORG, "dept_code=D1" } },
		{ "dept_info", { ORG, "dept_code=D1" } },
		{ "dept_info", { ORG2, "dept_code=D1" } },
		{ "dept_info", { ORG, "dept_code=D1" } },
	};
	char *got = cross_run(recs, 4, "dept_code");

	/* the second and later occurrences within one org_code */
	ck_assert_str_eq(got, "unique:dept_code:error unique:dept_code:error");
	free(got);
}
END_TEST

START_TEST(ref_same_org_any_order)
{
	const struct xrec recs[] = {
		{ "dept_info", { ORG, "dept_code=D2", "parent_dept_code=D1" } },
		{ "dept_info", { ORG, "dept_code=D1" } },
		{ "dept_info", { ORG2, "dept_code=D3", "parent_dept_code=D1" } },
		{ "dept_info", { ORG, "dept_code=D4", "parent_dept_code=D9" } },
	};
	char *got = cross_run(recs, 4, "parent_dept_code");

	/* D1 exists for ORG only; D9 nowhere */
	ck_assert_str_eq(got, "ref:parent_dept_code:warning "
	    "ref:parent_dept_code:warning");
	free(got);
}
END_TEST

START_TEST(sum_within_a_cent)
{
	const struct xrec recs[] = {
		{ "outpatient_fee_detail", { ORG, "fee_detail_id=F1", "settlement_no=S1", "amount=10.005", "valid_flag=1" } },
		{ "outpatient_fee_detail", { ORG, "fee_detail_id=F2", "settlement_no=S1", "amount=25.60", "valid_flag=1" } },
		{ "outpatient_fee_detail", { ORG, "fee_detail_id=F3", "settlement_no=S1", "amount=99", "valid_flag=0" } },
		{ "outpatient_settlement", { ORG, "settlement_no=S1", "total_amount=35.615" } },
		{ "outpatient_settlement", { ORG, "settlement_no=S2", "total_amount=0.01" } },
		{ "outpatient_settlement", { ORG, "settlement_no=S3", "total_amount=0.02" } },
		{ "outpatient_settlement", { ORG, "settlement_no=S1", "total_amount=35.62" } },
	};
	char *got = cross_run(recs, 7, "total_amount");

	/* 35.605 vs 35.615 and 0 vs 0.01 are within 0.01; 0.02 and
	 * 35.62 (0.015 off) are not; the revoked 99 is left out */
	ck_assert_str_eq(got, "sum:total_amount:warning sum:total_amount:warning");
	free(got);
}
END_TEST

/* ------------------------------------------------------ value forms */

START_TEST(value_forms)
{
	ck_assert(date_valid("2024-02-29", 10));
	ck_assert(!date_valid("2023-02-29", 10));
	ck_assert(!date_valid("1900-02-29", 10));
	ck_assert(date_valid("2000-02-29", 10));
	ck_assert(!date_valid("2024-2-29", 9));
	ck_assert(datetime_valid("2026-10-28 23:59:59", 19));
	ck_assert(!datetime_valid("2026-10-28 23:59", 16));
	ck_assert(int_valid("-0", 2) && !int_valid("-", 1) && !int_valid("", 0));
	ck_assert(dec_valid("+1.50", 5) && !dec_valid("1.", 2) && !dec_valid("1e5", 3));
	ck_assert_int_eq(dec_cmp("12.50", 5, "12.5", 4), 0);
	ck_assert_int_eq(dec_cmp("-0.00", 5, "0", 1), 0);
	ck_assert_int_eq(dec_cmp("12.4950001", 10, "12.495", 6), 1);
	ck_assert_int_eq(dec_cmp("-3", 2, "-2.9", 4), -1);
	ck_assert_int_eq(dec_cmp("007", 3, "7.000", 5), 0);
	ck_assert(text_valid("a\tb\nc\rd", 7) && !text_valid("a\0b", 3));
}
END_TEST

START_TEST(check_characters)
{
	ck_assert_int_eq(idcard_check_char("11010519900101001"), '0');
	ck_assert_int_eq(uscc_check_char("12411500417048317"), '9');
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, record_rule, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, type_reasons);
	tcase_add_test(tc, domain_short_codes);
	tcase_add_test(tc, unique_within_submission);
	tcase_add_test(tc, ref_same_org_any_order);
	tcase_add_test(tc, sum_within_a_cent);
	tcase_add_test(tc, value_forms);
	tcase_add_test(tc, check_characters);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(rules_suite)
