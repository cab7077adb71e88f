/*
 * test_qchtml.c - the QC report renderers: the exact text of a small
 * hand-made report (its layout checked against qc_report.py's), the
 * HTML page's SVG elements by count, escaping of every string from the
 * data, the errors of malformed reports (nothing written), write errors.
 *
 * The report: one institution, a daily table of 3 days (2026-10-01..03)
 * with counts from 2026-09-24 and a volume warning on 10-02, a master
 * table without findings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "qchtml.h"
#include "unit.h"

#define ORG	"124115004170483179"

static char err[256];

/* An indicator; value < 0: null (n/a), pass -1: null. */
static json_t *
ind(int num, int den, double value, double thr, int pass)
{
	return json_pack("{s:i, s:i, s:o, s:f, s:o}", "numerator", num,
	    "denominator", den, "value", value < 0 ? json_null() :
	    json_real(value), "threshold", thr, "pass", pass < 0 ?
	    json_null() : json_boolean(pass));
}

static json_t *
inds(json_t *c, json_t *f, json_t *k, json_t *t, json_t *l)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "completeness", c,
	    "conformance", f, "consistency", k, "timeliness", t,
	    "continuity", l);
}

static json_t *
daily_counts(void)
{
	static const int n[10] = { 10, 10, 10, 10, 10, 10, 10, 10, 2, 10 };
	static const char *const d[10] = { "2026-09-24", "2026-09-25",
	    "2026-09-26", "2026-09-27", "2026-09-28", "2026-09-29",
	    "2026-09-30", "2026-10-01", "2026-10-02", "2026-10-03" };
	json_t *a = json_array();
	int i;

	for (i = 0; i < 10; i++)
		json_array_append_new(a, json_pack("{s:s, s:i}", "date", d[i],
		    "records", n[i]));
	return a;
}

static json_t *
report(void)
{
	json_t *visit, *catalog, *inst;

	visit = json_pack("{s:s, s:s, s:i, s:i, s:o, s:[{s:s, s:i, s:f, "
	    "s:[f, f]}], s:[{s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:i}, "
	    "{s:s, s:s, s:s, s:i}], s:s, s:o}",
	    "table", "outpatient_visit", "name_zh", "门急诊就诊记录",
	    "records", 3, "undated", 1,
	    "indicators", inds(ind(27, 30, 90, 95, 0), ind(3, 3, 100, 95, 1),
	    ind(2, 3, 66.67, 95, 0), ind(0, 0, -1, 90, -1),
	    ind(3, 3, 100, 100, 1)),
	    "volume_warnings", "date", "2026-10-02", "count", 2, "median",
	    10.0, "band", 5.0, 20.0,
	    "top_rules", "rule", "required", "field", "diag_code", "level",
	    "error", "count", 3, "rule", "unique", "field", "visit_id",
	    "level", "error", "count", 1, "rule", "volume", "field",
	    "visit_time", "level", "warning", "count", 1,
	    "status", "FAIL", "daily", daily_counts());
	catalog = json_pack("{s:s, s:s, s:i, s:i, s:o, s:[], s:[], s:s, s:b}",
	    "table", "drug_catalog", "name_zh", "药品目录", "records", 2,
	    "undated", 0,
	    "indicators", inds(ind(8, 8, 100, 95, 1), ind(2, 2, 100, 95, 1),
	    ind(2, 2, 100, 95, 1), ind(0, 0, -1, 90, -1),
	    ind(0, 0, -1, 100, -1)),
	    "volume_warnings", "top_rules", "status", "PASS", "daily", 0);
	inst = json_pack("{s:s, s:[o, o], s:o, s:i, s:i, s:f, s:s, s:s}",
	    "org_code", ORG, "tables", visit, catalog,
	    "indicators", inds(ind(35, 38, 92.11, 95, 0),
	    ind(5, 5, 100, 95, 1), ind(4, 5, 80, 95, 0), ind(0, 0, -1, 90, -1),
	    ind(3, 3, 100, 100, 1)),
	    "undated", 1, "volume_warnings", 1, "score", 93.83,
	    "grade", "达标", "status", "FAIL");
	return json_pack("{s:{s:s, s:s}, s:s, s:{s:f, s:f, s:f, s:f, s:f}, "
	    "s:[o], s:s}", "period", "from", "2026-10-01", "to", "2026-10-03",
	    "today", "2026-11-03", "thresholds", "completeness", 95.0,
	    "conformance", 95.0, "consistency", 95.0, "timeliness", 90.0,
	    "continuity", 100.0, "institutions", inst, "status", "FAIL");
}

static const char expected_text[] =
    "QC report (质控报告)   period 2026-10-01 .. 2026-10-03   assessed on 2026-11-03\n"
    "source: -\n"
    "thresholds: completeness >= 95%, conformance >= 95%, consistency >= 95%, timeliness >= 90%, continuity = 100%\n"
    "\n"
    "==============================================================================\n"
    "institution " ORG "\n"
    "==============================================================================\n"
    "table                      records  complete   conform   consist    timely   contin.  status\n"
    "--------------------------------------------------------------------------------------------\n"
    "outpatient_visit                 3    90.00*   100.00     66.67*       n/a   100.00   FAIL\n"
    "drug_catalog                     2   100.00    100.00    100.00        n/a       n/a  PASS\n"
    "--------------------------------------------------------------------------------------------\n"
    "institution                           92.11*   100.00     80.00*       n/a   100.00   FAIL\n"
    "(* = below threshold; n/a = empty denominator)\n"
    "\n"
    "  completeness  35 / 38 = 92.11%  FAIL\n"
    "  conformance   5 / 5 = 100.00%  PASS\n"
    "  consistency   4 / 5 = 80.00%  FAIL\n"
    "  timeliness    0 / 0 = n/a  N/A\n"
    "  continuity    3 / 3 = 100.00%  PASS\n"
    "  volume warnings: 1 (deduction 0.20)\n"
    "  undated records (no valid business date, update_time or received_at; in no period): 1  outpatient_visit 1\n"
    "  monthly score: 93.83  达标\n"
    "  (not applicable, scored as full: timeliness)\n"
    "\n"
    "  volume warnings of outpatient_visit:\n"
    "    2026-10-02  count 2  median 10  band 5..20\n"
    "\n"
    "  top violated rules:\n"
    "    outpatient_visit\n"
    "      required    diag_code                  error         3\n"
    "      unique      visit_id                   error         1\n"
    "      volume      visit_time                 warning       1\n"
    "\n"
    "OVERALL: FAIL\n";

enum { TEXT, HTML };

/* The rendering of r (freshly allocated); *rc the renderer's status. */
static char *
render(int how, const json_t *r, int *rc)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&out, &len));
	err[0] = '\0';
	*rc = how == TEXT ? qcreport_text(fp, r, err, sizeof(err)) :
	    qcreport_html(fp, r, err, sizeof(err));
	fclose(fp);
	return out;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static json_t *
table_of(json_t *r, size_t i)
{
	return json_array_get(json_object_get(json_array_get(
	    json_object_get(r, "institutions"), 0), "tables"), i);
}

/* The failing indicators: the institution's, then its tables'. */
START_TEST(failing_exact)
{
	json_t *r = report();
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&out, &len));
	ck_assert_int_eq(qcreport_failing(fp, r, err, sizeof(err)), 4);
	fclose(fp);
	ck_assert_str_eq(out,
	    ORG "\t-\tcompleteness\t92.11\t95\n"
	    ORG "\t-\tconsistency\t80.00\t95\n"
	    ORG "\toutpatient_visit\tcompleteness\t90.00\t95\n"
	    ORG "\toutpatient_visit\tconsistency\t66.67\t95\n");
	free(out);
	json_decref(r);
}
END_TEST

START_TEST(text_exact)
{
	json_t *r = report();
	char *out;
	int rc;

	out = render(TEXT, r, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, expected_text);
	free(out);
	json_decref(r);
}
END_TEST

START_TEST(text_no_records)
{
	json_t *r = report();
	char *out;
	int rc;

	json_object_set_new(r, "institutions", json_array());
	json_object_set_new(r, "status", json_string("N/A"));
	json_object_set_new(r, "source", json_string("csv:exports"));
	json_object_set_new(json_object_get(r, "period"), "from", json_null());
	out = render(TEXT, r, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "QC report (质控报告)   period - .. 2026-10-03"
	    "   assessed on 2026-11-03\nsource: csv:exports\nthresholds: "
	    "completeness >= 95%, conformance >= 95%, consistency >= 95%, "
	    "timeliness >= 90%, continuity = 100%\n\nno records\n\n"
	    "OVERALL: N/A\n");
	free(out);
	json_decref(r);
}
END_TEST

START_TEST(text_controls)
{
	json_t *r = report();
	char *out;
	int rc;

	/* a terminal escape from the data is shown as '?' */
	json_object_set_new(json_array_get(json_object_get(table_of(r, 0),
	    "top_rules"), 0), "field", json_string("a\033[2Jb"));
	out = render(TEXT, r, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_nonnull(strstr(out, "      required    a?[2Jb    "
	    "                 error         3\n"));
	free(out);
	json_decref(r);
}
END_TEST

START_TEST(html_elements)
{
	json_t *r = report();
	char *out;
	int rc;

	out = render(HTML, r, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_eq(strstr(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">"
	    "\n<head>\n<meta charset=\"utf-8\">\n"), out);
	ck_assert_ptr_nonnull(strstr(out, "<span class=\"score\">93.83</span>"
	    "<span class=\"grade g-pass\">达标</span>"));
	ck_assert_int_eq(count(out, "<svg "), 2);
	ck_assert_int_eq(count(out, "</svg>"), 2);
	ck_assert_int_eq(count(out, "<rect class=\"bar "), 5);
	ck_assert_int_eq(count(out, "<rect class=\"bar fail\""), 2);
	ck_assert_int_eq(count(out, "<rect class=\"bar na\""), 1);
	ck_assert_int_eq(count(out, "<rect class=\"bar pass\" data-indicator="
	    "\"conformance\" x=\"190\" y=\"40\" width=\"400.0\""), 1);
	ck_assert_int_eq(count(out, "<rect class=\"bar fail\" data-indicator="
	    "\"completeness\" x=\"190\" y=\"8\" width=\"368.4\""), 1);
	ck_assert_int_eq(count(out, "<line class=\"threshold\""), 5);
	/* the band: one run of 3 days, 10 each in the 7 days before */
	ck_assert_int_eq(count(out, "<polygon class=\"band\""), 1);
	ck_assert_int_eq(count(out, "<polyline class=\"volume\""), 1);
	ck_assert_int_eq(count(out, "<circle class=\"warn\""), 1);
	/* ymax = nice(20 * 1.05) = 50; plot 56..744 x 14..190 */
	ck_assert_ptr_nonnull(strstr(out, "<polygon class=\"band\" points=\""
	    "56.0,119.6 400.0,119.6 744.0,119.6 744.0,172.4 400.0,172.4 "
	    "56.0,172.4\"/>"));
	ck_assert_ptr_nonnull(strstr(out, "<polyline class=\"volume\" "
	    "points=\"56.0,154.8 400.0,183.0 744.0,154.8\"/>"));
	ck_assert_ptr_nonnull(strstr(out, "volume band 50%..200% of"));
	ck_assert_int_eq(count(out, "<tr class=\"table-row"), 2);
	ck_assert_int_eq(count(out, "<tr class=\"rule\">"), 3);
	ck_assert_int_eq(count(out, "<tr class=\"warning\">"), 1);
	ck_assert_int_eq(count(out, "<section class=\"institution\""), 1);
	/* self-contained: no script, no resource from elsewhere */
	ck_assert_int_eq(count(out, "<script"), 0);
	ck_assert_int_eq(count(out, "src="), 0);
	ck_assert_int_eq(count(out, "http://www.w3.org/2000/svg"), 2);
	ck_assert_int_eq(count(out, "http"), 2 + 1);	/* + http-equiv */
	ck_assert_ptr_nonnull(strstr(out, "</html>\n"));
	free(out);
	json_decref(r);
}
END_TEST

START_TEST(html_escaping)
{
	json_t *r = report(), *t = table_of(r, 0), *rule;
	char *out;
	int rc;

	rule = json_array_get(json_object_get(t, "top_rules"), 0);
	json_object_set_new(rule, "field",
	    json_string("<script>alert(1)</script>"));
	json_object_set_new(rule, "rule", json_string("=cmd|' /C calc'!A0"));
	json_object_set_new(t, "name_zh",
	    json_string("<img src=x onerror=alert(2)>"));
	json_object_set_new(t, "table", json_string("a&b\"c\001"));
	json_object_set_new(json_array_get(json_object_get(r, "institutions"),
	    0), "org_code", json_string("\"><svg onload=alert(3)>"));
	json_object_set_new(r, "source", json_string("</title><script>"));
	out = render(HTML, r, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(count(out, "<script"), 0);
	ck_assert_int_eq(count(out, "<img"), 0);
	ck_assert_int_eq(count(out, "<svg onload"), 0);
	ck_assert_int_eq(count(out, "\001"), 0);
	ck_assert_int_eq(count(out, "<td class=\"l\">&lt;script&gt;alert(1)"
	    "&lt;/script&gt;</td>"), 1);
	ck_assert_int_eq(count(out, "<td class=\"l\">=cmd|&#39; /C calc&#39;"
	    "!A0</td>"), 1);
	ck_assert_int_eq(count(out, "&lt;img src=x onerror=alert(2)&gt;"), 2);
	ck_assert_int_eq(count(out, "&quot;&gt;&lt;svg onload=alert(3)&gt;"),
	    2);
	ck_assert_int_eq(count(out, "a&amp;b&quot;c\xef\xbf\xbd"), 4);
	ck_assert_int_eq(count(out, "&lt;/title&gt;&lt;script&gt;"), 1);
	free(out);
	json_decref(r);
}
END_TEST

START_TEST(html_daily_forms)
{
	json_t *r = report(), *t = table_of(r, 0);
	char *out;
	int rc;

	/* qc_report.py's form: daily is true, no counts: no chart */
	json_object_set_new(t, "daily", json_true());
	out = render(HTML, r, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(count(out, "<svg "), 1);
	ck_assert_int_eq(count(out, "<tr class=\"warning\">"), 1);
	free(out);
	/* counts as daily_counts; the band as the warning shows it */
	json_object_set_new(t, "daily_counts", daily_counts());
	json_array_set_new(json_object_get(json_array_get(json_object_get(t,
	    "volume_warnings"), 0), "band"), 0, json_real(8));
	out = render(HTML, r, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(count(out, "<svg "), 2);
	ck_assert_int_eq(count(out, "<polygon class=\"band\""), 1);
	ck_assert_ptr_nonnull(strstr(out, "volume band 80%..200% of"));
	free(out);
	/* an explicit band, open above */
	json_object_set_new(t, "volume_band", json_pack("[i, n]", 60));
	out = render(HTML, r, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "volume band 60%..- of"));
	free(out);
	json_decref(r);
}
END_TEST

static const struct {
	const char	*what;
	const char	*message;
} bad_cases[] = {
	{ "no status", "QC report: status: missing" },
	{ "today number", "QC report: today: not a string" },
	{ "period.from date",
	    "QC report: period.from: not a date YYYY-MM-DD" },
	{ "records string",
	    "QC report: institutions[0].tables[1].records: not a number" },
	{ "pass string", "QC report: institutions[0].indicators.consistency."
	    "pass: not true or false or null" },
	{ "no continuity", "QC report: institutions[0].tables[0].indicators."
	    "continuity: missing" },
	{ "band short", "QC report: institutions[0].tables[0]."
	    "volume_warnings[0].band: not [number, number or null]" },
	{ "daily date", "QC report: institutions[0].tables[0].daily[8]."
	    "date: not a date YYYY-MM-DD" },
	{ "institution array",
	    "QC report: institutions[0]: not an object" },
};

START_TEST(bad_report)
{
	json_t *r = report(), *inst, *t0, *t1;
	char *out;
	int rc, how;

	inst = json_array_get(json_object_get(r, "institutions"), 0);
	t0 = table_of(r, 0);
	t1 = table_of(r, 1);
	switch (_i) {
	case 0:
		json_object_del(r, "status");
		break;
	case 1:
		json_object_set_new(r, "today", json_integer(20261103));
		break;
	case 2:
		json_object_set_new(json_object_get(r, "period"), "from",
		    json_string("2026-02-30"));
		break;
	case 3:
		json_object_set_new(t1, "records", json_string("2"));
		break;
	case 4:
		json_object_set_new(json_object_get(json_object_get(inst,
		    "indicators"), "consistency"), "pass", json_string("no"));
		break;
	case 5:
		json_object_del(json_object_get(t0, "indicators"),
		    "continuity");
		break;
	case 6:
		json_array_remove(json_object_get(json_array_get(
		    json_object_get(t0, "volume_warnings"), 0), "band"), 1);
		break;
	case 7:
		json_object_set_new(json_array_get(json_object_get(t0, "daily"),
		    8), "date", json_string("2026-10-2"));
		break;
	case 8:
		json_array_set_new(json_object_get(r, "institutions"), 0,
		    json_array());
		break;
	}
	for (how = TEXT; how <= HTML; how++) {
		out = render(how, r, &rc);
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(err, bad_cases[_i].message);
		ck_assert_str_eq(out, "");
		free(out);
	}
	json_decref(r);
	r = json_array();
	out = render(TEXT, r, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(err, "QC report: not a JSON object");
	free(out);
	json_decref(r);
}
END_TEST

START_TEST(write_error)
{
	json_t *r = report();
	FILE *fp;
	int how;

	for (how = TEXT; how <= HTML; how++) {
		if ((fp = fopen("/dev/full", "w")) == NULL)
			return;
		ck_assert_int_eq(how == TEXT ?
		    qcreport_text(fp, r, err, sizeof(err)) :
		    qcreport_html(fp, r, err, sizeof(err)), -1);
		ck_assert_str_eq(err,
		    "QC report: write error: No space left on device");
		fclose(fp);
	}
	json_decref(r);
}
END_TEST

static Suite *
qchtml_suite(void)
{
	Suite *s = suite_create("qchtml");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, failing_exact);
	tcase_add_test(tc, text_exact);
	tcase_add_test(tc, text_no_records);
	tcase_add_test(tc, text_controls);
	tcase_add_test(tc, html_elements);
	tcase_add_test(tc, html_escaping);
	tcase_add_test(tc, html_daily_forms);
	tcase_add_loop_test(tc, bad_report, 0,
	    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, write_error);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(qchtml_suite)
