/*
 * test_standard.c - the standard loader: dict/ loads with every token
 * compiled and resolved, and each kind of malformed standard is refused
 * with the exact message naming file, line and problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "standard.h"
#include "unit.h"
#include "util.h"

static struct standard *std;

static char *
dict_dir(void)
{
	return path_join(unit_srcdir(), "dict");
}

static void
setup(void)
{
	char err[512], *dir = dict_dir();

	std = std_load(dir, err, sizeof(err));
	free(dir);
	ck_assert_msg(std != NULL, "%s", err);
}

static void
teardown(void)
{
	std_free(std);
}

static const struct std_field *
field(const char *table, const char *name)
{
	const struct std_table *t = std_table(std, table);
	int i;

	ck_assert_ptr_nonnull(t);
	i = std_field_index(t, name);
	ck_assert_int_ge(i, 0);
	return &t->field[i];
}

static const struct std_token *
token(const struct std_field *f, enum rule_kind kind)
{
	size_t i;

	for (i = 0; i < f->ntokens; i++)
		if (f->token[i].rule->kind == kind)
			return &f->token[i];
	ck_abort_msg("no token of kind %d on %s", kind, f->name);
	return NULL;
}

START_TEST(loads_counts)
{
	const struct std_table *t = std_table(std, "outpatient_visit");

	ck_assert_uint_eq(std->ntables, 27);
	ck_assert_uint_eq(std->nrules, 17);
	ck_assert_uint_eq(std->ndomains, 55);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->nfields, 22);
	ck_assert_uint_eq(t->nkey, 2);
	ck_assert_str_eq(t->field[t->key[0]].name, "org_code");
	ck_assert_str_eq(t->field[t->key[1]].name, "visit_id");
	ck_assert_str_eq(t->field[t->business_date].name, "visit_time");
	ck_assert_int_eq(t->daily, 1);
	ck_assert_int_eq(t->shared, 1);
	ck_assert_int_eq(std_table(std, "dept_info")->master, 1);
	ck_assert_int_eq(std_table(std, "dept_info")->shared, 0);
	ck_assert_ptr_null(std_table(std, "nosuch"));
}
END_TEST

START_TEST(field_columns)
{
	const struct std_field *f = field("outpatient_settlement", "total_amount");

	ck_assert_int_eq(f->type, STD_N);
	ck_assert_int_eq(f->length, 12);
	ck_assert_int_eq(f->scale, 2);
	ck_assert_int_eq(f->required, REQ_YES);
	f = field("patient_info", "id_card_no");
	ck_assert_int_eq(f->required, REQ_COND);
	ck_assert_int_eq(f->sensitive, 1);
	ck_assert_int_eq(field("patient_info", "sex")->sensitive, 0);
	ck_assert_str_eq(field("patient_info", "sex")->domain->name, "sex");
	ck_assert(std_domain_has(field("patient_info", "sex")->domain, "9", 1));
	ck_assert(!std_domain_has(field("patient_info", "sex")->domain, "3", 1));
	ck_assert(!std_domain_has(field("patient_info", "sex")->domain, "1 ", 2));
	ck_assert_int_eq(field("dept_info", "dept_code")->in_key, 1);
}
END_TEST

START_TEST(rule_levels)
{
	ck_assert_int_eq(std->builtin[RULE_REQUIRED]->level, LEVEL_ERROR);
	ck_assert_int_eq(std->builtin[RULE_PATTERN]->level, LEVEL_WARNING);
	ck_assert_int_eq(std->builtin[RULE_REF]->scope, SCOPE_CROSS);
	ck_assert_int_eq(std->builtin[RULE_VOLUME]->scope, SCOPE_TABLE);
	ck_assert_str_eq(std->builtin[RULE_USCC]->id, "R07");
}
END_TEST

START_TEST(token_when)
{
	const struct std_token *k = token(field("dept_info", "dept_category"),
	    RULE_WHEN);
	const struct std_table *t = std_table(std, "dept_info");

	ck_assert_str_eq(t->field[k->field].name, "dept_type");
	ck_assert_int_eq(k->negate, 0);
	ck_assert_uint_eq(k->nvalues, 2);
	ck_assert_str_eq(k->values[0], "1");
	ck_assert_str_eq(k->values[1], "2");
}
END_TEST

START_TEST(token_ref_sum)
{
	const struct std_token *k = token(field("dept_info", "parent_dept_code"),
	    RULE_REF);

	ck_assert_str_eq(k->table->name, "dept_info");
	ck_assert_str_eq(k->table->field[k->other_field].name, "dept_code");
	k = token(field("outpatient_settlement", "total_amount"), RULE_SUM);
	ck_assert_str_eq(k->table->name, "outpatient_fee_detail");
	ck_assert_str_eq(k->table->field[k->other_field].name, "amount");
	ck_assert_str_eq(k->table->field[k->other_key].name, "settlement_no");
	ck_assert_str_eq(std_table(std, "outpatient_settlement")->field[k->key].name,
	    "settlement_no");
}
END_TEST

START_TEST(token_range_pattern)
{
	const struct std_token *k = token(field("patient_info", "birth_date"),
	    RULE_RANGE);

	ck_assert(k->lo.set && !k->lo.today);
	ck_assert_str_eq(k->lo.date, "1900-01-01");
	ck_assert(k->hi.set && k->hi.today);
	k = token(field("org_info", "approved_beds"), RULE_RANGE);
	ck_assert(k->lo.num == 0 && k->hi.num == 20000);
	k = token(field("staff_info", "phone"), RULE_PATTERN);
	ck_assert_int_eq(regexec(&k->re, "13800138000", 0, NULL, 0), 0);
	ck_assert_int_ne(regexec(&k->re, "138001380", 0, NULL, 0), 0);
	ck_assert_int_ne(regexec(&k->re, "x13800138000", 0, NULL, 0), 0);
	k = token(field("patient_info", "id_card_no"), RULE_IDCARD);
	ck_assert_str_eq(std_table(std, "patient_info")->field[k->field].name,
	    "birth_date");
	k = token(field("outpatient_visit", "visit_time"), RULE_VOLUME);
	ck_assert(k->lo.num == 50 && k->hi.num == 200);
}
END_TEST

/* Every token of every field resolved: nothing left as text. */
START_TEST(every_token_compiled)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < std->ntables; i++) {
		const struct std_table *t = &std->table[i];

		for (j = 0; j < t->nfields; j++)
			for (k = 0; k < t->field[j].ntokens; k++) {
				const struct std_token *tk = &t->field[j].token[k];

				ck_assert_ptr_nonnull(tk->rule);
				switch (tk->rule->kind) {
				case RULE_GE: case RULE_LE: case RULE_WHEN:
					ck_assert_int_ge(tk->field, 0);
					break;
				case RULE_REF:
					ck_assert_ptr_nonnull(tk->table);
					ck_assert_int_ge(tk->other_field, 0);
					break;
				case RULE_SUM:
					ck_assert_int_ge(tk->key, 0);
					ck_assert_int_ge(tk->other_key, 0);
					break;
				case RULE_PATTERN:
					ck_assert_int_eq(tk->field, -2);
					break;
				case RULE_RANGE:
					ck_assert(tk->lo.set || tk->hi.set);
					break;
				default:
					break;
				}
				n++;
			}
	}
	ck_assert_uint_gt(n, 300);
}
END_TEST

/* ------------------------------------------------ malformed standards */

static char tmpdir[64];

/* A copy of dict/ in which the first line matching `from` of file becomes
 * `to` (NULL: file removed); returns the load error. */
static char *
broken(const char *file, const char *from, const char *to)
{
	static char err[512];
	char *dir = dict_dir(), *cmd;
	struct standard *s;
	int rc;

	strcpy(tmpdir, "/tmp/hdx-std.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	cmd = xasprintf("cp -r '%s/.' '%s' && %s", dir, tmpdir,
	    to ? "true" : "rm -f");
	if (to == NULL) {
		free(cmd);
		cmd = xasprintf("cp -r '%s/.' '%s' && rm '%s/%s'", dir, tmpdir,
		    tmpdir, file);
	}
	rc = system(cmd);
	ck_assert_int_eq(rc, 0);
	free(cmd);
	free(dir);
	if (to) {
		char *path = path_join(tmpdir, file), *q;
		FILE *fp = fopen(path, "r");
		struct buf b;
		char line[8192];
		int done = 0;

		ck_assert_ptr_nonnull(fp);
		buf_init(&b);
		while (fgets(line, sizeof(line), fp)) {
			if (!done && (q = strstr(line, from)) != NULL) {
				buf_add(&b, line, (size_t)(q - line));
				buf_adds(&b, to);
				buf_adds(&b, q + strlen(from));
				done = 1;
			} else
				buf_adds(&b, line);
		}
		fclose(fp);
		ck_assert_msg(done, "'%s' not found in %s", from, file);
		fp = fopen(path, "w");
		fwrite(b.data, 1, b.len, fp);
		fclose(fp);
		buf_free(&b);
		free(path);
	}
	err[0] = '\0';
	s = std_load(tmpdir, err, sizeof(err));
	ck_assert_ptr_null(s);
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	rc = system(cmd);
	free(cmd);
	/* the message names the temporary dir: compare what follows it */
	ck_assert(strncmp(err, tmpdir, strlen(tmpdir)) == 0);
	return err + strlen(tmpdir);
}

START_TEST(error_type)
{
	ck_assert_str_eq(broken("fields.csv", "dept_info,9,beds,核定床位数,,I,",
	    "dept_info,9,beds,核定床位数,,X,"),
	    "/fields.csv:27: field 'dept_info.beds': type 'X' is not S, I, N, D or DT");
}
END_TEST

START_TEST(error_domain)
{
	ck_assert_str_eq(broken("fields.csv", ",dept_type,,Kind", ",dept_kind,,Kind"),
	    "/fields.csv:22: field 'dept_info.dept_type': no domain 'dept_kind' "
	    "(domains/dept_kind.csv)");
}
END_TEST

START_TEST(error_ref)
{
	ck_assert_str_eq(broken("fields.csv", "ref:dept_info.dept_code",
	    "ref:dept.dept_code"),
	    "/fields.csv:24: 'ref:dept.dept_code': no table 'dept'");
	ck_assert_str_eq(broken("fields.csv", "ref:staff_info.staff_code",
	    "ref:staff_info.nosuch"),
	    "/fields.csv:29: 'ref:staff_info.nosuch': no field 'nosuch' in table "
	    "'staff_info'");
}
END_TEST

START_TEST(error_regex)
{
	ck_assert_str_eq(broken("fields.csv", "pattern:^[1-8][0-9]{5}$",
	    "pattern:^[1-8][0-9]{5$"),
	    "/fields.csv:7: 'pattern:^[1-8][0-9]{5$': invalid regular expression: "
	    "Unmatched \\{");
}
END_TEST

START_TEST(error_token)
{
	ck_assert_str_eq(broken("fields.csv", "uscc;unique", "uscc;unik"),
	    "/fields.csv:2: field 'org_code': unknown rule token 'unik'");
	ck_assert_str_eq(broken("fields.csv", "range:0..20000", "range:0-20000"),
	    "/fields.csv:13: 'range:0-20000': expected range:LO..HI");
	ck_assert_str_eq(broken("fields.csv", "range:0..20000", "range:zero..20000"),
	    "/fields.csv:13: 'range:zero..20000': bound 'zero' is not a number");
	ck_assert_str_eq(broken("fields.csv", "uscc;unique", "uscc:x;unique"),
	    "/fields.csv:2: field 'org_code': rule 'uscc' takes no argument");
}
END_TEST

START_TEST(error_tables)
{
	ck_assert_str_eq(broken("tables.csv", "org_code+dept_code", "org_code+dept_no"),
	    "/tables.csv:3: primary_key: no field 'dept_no' in table 'dept_info'");
	ck_assert_str_eq(broken("tables.csv", "table,name_zh,category",
	    "tbl,name_zh,category"),
	    "/tables.csv:1: header has no column 'table'");
	ck_assert_str_eq(broken("fields.csv", "dept_info,2,dept_code",
	    "dept_info,2,org_code"),
	    "/fields.csv:20: field 'dept_info.org_code' listed twice");
	ck_assert_str_eq(broken("fields.csv", "dept_info,2,dept_code",
	    "dept_infos,2,dept_code"),
	    "/fields.csv:20: field 'dept_code' of unknown table 'dept_infos'");
}
END_TEST

START_TEST(error_rules_domains)
{
	ck_assert_str_eq(broken("rules.csv", "sum,warning", "total,warning"),
	    "/rules.csv:15: rule 'total' is not one this hdx implements");
	ck_assert_str_eq(broken("rules.csv", "ref,warning", "ref,fatal"),
	    "/rules.csv:14: rule 'ref': level 'fatal' is not error or warning");
	ck_assert_str_eq(broken("domains/sex.csv", "9,", "1,"),
	    "/domains/sex.csv:5: code '1' listed twice");
	ck_assert_str_eq(broken("fields.csv", NULL, NULL),
	    "/fields.csv: cannot open: No such file or directory");
}
END_TEST

static Suite *
standard_suite(void)
{
	Suite *s = suite_create("standard");
	TCase *tc = tcase_create("dict");
	TCase *te = tcase_create("errors");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, loads_counts);
	tcase_add_test(tc, field_columns);
	tcase_add_test(tc, rule_levels);
	tcase_add_test(tc, token_when);
	tcase_add_test(tc, token_ref_sum);
	tcase_add_test(tc, token_range_pattern);
	tcase_add_test(tc, every_token_compiled);
	suite_add_tcase(s, tc);
	tcase_set_timeout(te, 60);
	tcase_add_test(te, error_type);
	tcase_add_test(te, error_domain);
	tcase_add_test(te, error_ref);
	tcase_add_test(te, error_regex);
	tcase_add_test(te, error_token);
	tcase_add_test(te, error_tables);
	tcase_add_test(te, error_rules_domains);
	suite_add_tcase(s, te);
	return s;
}

UNIT_MAIN(standard_suite)
