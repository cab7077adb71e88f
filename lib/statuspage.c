/*
 * statuspage.c - the status of a site as a static HTML page
 * (statuspage.h).
 *
 * The page is drawn straight from the JSON object of hdx-status into a
 * buffer; every member is read through jread, so the first one missing
 * or of the wrong kind stops the page before a byte is written. The look
 * is the QC report's (htmlpage.c), with a few rules of its own for the
 * alerts and the charts. Every string is escaped, and the same
 * Content-Security-Policy forbids scripts and fetches.
 */
#include <math.h>
#include <string.h>

#include "htmlpage.h"
#include "jread.h"
#include "statuspage.h"
#include "util.h"

static const char status_css[] =
	"ul.alerts{list-style:none;padding:0;margin:6px 0}\n"
	"li.alert{border-left:4px solid #c62828;background:#fdecea;"
	"padding:4px 8px;margin:4px 0;font-size:13px}\n"
	"li.alert .kind{display:inline-block;min-width:80px;font-weight:bold}"
	"li.alert .sent{color:#555;float:right}\n"
	".calls{font-size:44px;font-weight:bold}\n"
	".charts{display:flex;flex-wrap:wrap;gap:12px}\n"
	"rect.bar.top{fill:#1565c0}rect.bar.failures{fill:#e53935}\n"
	"polyline.trend{fill:none;stroke-width:2}"
	"polyline.calls{stroke:#1565c0}polyline.failures{stroke:#e53935}\n"
	"circle.calls{fill:#1565c0}circle.failures{fill:#e53935}\n"
	"tr.failed td{background:#fdecea}\n";

/* A number member or null, with prec decimals, or "-". */
static void
num_cell(struct buf *b, struct jc *c, const json_t *o, const char *path,
    const char *name, int prec)
{
	const json_t *v = jget(c, o, path, name, K_NUM | K_NULL);

	if (v == NULL)
		buf_addc(b, '-');
	else
		buf_printf(b, "%.*f", prec, json_number_value(v));
}

/* A string member or null as escaped text, "-" for null. */
static void
str_cell(struct buf *b, struct jc *c, const json_t *o, const char *path,
    const char *name)
{
	const char *s = jstr(c, o, path, name, K_NULL);

	html_esc(b, s ? s : "-");
}

/* The array member name of o, or NULL (bad when not an array). */
static const json_t *
arr(struct jc *c, const json_t *o, const char *path, const char *name)
{
	return jget(c, o, path, name, K_ARR);
}

/* The element i of a, an object, or NULL with c bad. */
static const json_t *
elem(struct jc *c, const json_t *a, const char *name, size_t i, char *p,
    size_t plen)
{
	const json_t *e = json_array_get(a, i);

	jpath(p, plen, "%s[%zu]", name, i);
	if (!json_is_object(e)) {
		jbad(c, p, "not an object");
		return NULL;
	}
	return e;
}

static void
page_alerts(struct buf *b, struct jc *c, const json_t *st)
{
	const json_t *a, *e;
	const char *sent;
	char p[64];
	size_t i;

	buf_adds(b, "<section class=\"card\" id=\"alerts\">\n<h2>Alerts 告警"
	    "</h2>\n");
	if ((a = arr(c, st, "", "alerts")) == NULL)
		return;
	if (json_array_size(a) == 0)
		buf_adds(b, "<p class=\"none\">no alerts</p>\n");
	else
		buf_adds(b, "<ul class=\"alerts\">\n");
	for (i = 0; i < json_array_size(a); i++) {
		if ((e = elem(c, a, "alerts", i, p, sizeof(p))) == NULL)
			return;
		buf_adds(b, "<li class=\"alert\"><span class=\"kind\">");
		str_cell(b, c, e, p, "kind");
		buf_adds(b, "</span> <span class=\"text\">");
		str_cell(b, c, e, p, "text");
		buf_adds(b, "</span> <span class=\"sent\">");
		sent = jstr(c, e, p, "sent", K_NULL);
		if (sent != NULL) {
			buf_adds(b, "sent ");
			html_esc(b, sent);
		} else
			buf_adds(b, "not sent");
		buf_adds(b, "</span></li>\n");
	}
	if (json_array_size(a) > 0)
		buf_adds(b, "</ul>\n");
	buf_adds(b, "</section>\n");
}

/* One of the top 5 lists as horizontal bars, the longest full width. */
static void
page_top(struct buf *b, struct jc *c, const json_t *top, const char *name,
    const char *field, const char *unit, const char *title)
{
	const double x0 = 170, w = 140;
	const json_t *a, *e;
	double max = 0, val, y;
	char p[64], path[64];
	size_t i, n;

	jpath(path, sizeof(path), "top.%s", name);
	if ((a = arr(c, top, "top", name)) == NULL)
		return;
	n = json_array_size(a);
	for (i = 0; i < n; i++)
		if ((e = elem(c, a, path, i, p, sizeof(p))) != NULL)
			max = fmax(max, jnum(c, e, p, field));
	buf_printf(b, "<figure class=\"top\"><h4>%s</h4>\n<svg class=\"top\" "
	    "data-top=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "width=\"420\" height=\"%zu\" viewBox=\"0 0 420 %zu\"><title>%s"
	    "</title>\n", title, name, 10 + (n ? n : 1) * 26,
	    10 + (n ? n : 1) * 26, title);
	if (n == 0)
		buf_adds(b, "<text x=\"0\" y=\"20\">none</text>\n");
	for (i = 0; i < n && !c->bad; i++) {
		e = elem(c, a, path, i, p, sizeof(p));
		val = jnum(c, e, p, field);
		y = 6 + i * 26.0;
		buf_printf(b, "<text x=\"0\" y=\"%.0f\">", y + 14);
		str_cell(b, c, e, p, "table");
		buf_printf(b, "</text><rect class=\"track\" x=\"%.0f\" "
		    "y=\"%.0f\" width=\"%.0f\" height=\"18\"/>", x0, y, w);
		buf_printf(b, "<rect class=\"bar %s\" data-table=\"",
		    strcmp(name, "failures") == 0 ? "failures" : "top");
		str_cell(b, c, e, p, "table");
		buf_printf(b, "\" x=\"%.0f\" y=\"%.0f\" width=\"%.1f\" "
		    "height=\"18\"><title>", x0, y, max > 0 ? val * w / max : 0);
		str_cell(b, c, e, p, "table");
		buf_printf(b, ": %.0f %s</title></rect><text x=\"%.0f\" "
		    "y=\"%.0f\">%.0f %s</text>\n", val, unit, x0 + w + 8, y + 14,
		    val, unit);
	}
	buf_adds(b, "</svg></figure>\n");
}

#define TW	760.0		/* the trend chart: size and plot area */
#define TH	220.0
#define TL	56.0
#define TR	16.0
#define TT	14.0
#define TB	40.0

static double
tx(size_t i, size_t n)
{
	return n <= 1 ? TL + (TW - TL - TR) / 2 : TL + i * (TW - TL - TR) /
	    (n - 1);
}

static double
ty(double v, double ymax)
{
	return TT + (TH - TT - TB) * (1 - v / ymax);
}

/* One line of the trend: the field of each day, with a dot a day. */
static void
trend_line(struct buf *b, struct jc *c, const json_t *a, const char *field,
    const char *cls, double ymax)
{
	const json_t *e;
	char p[64];
	size_t i, n = json_array_size(a);

	buf_printf(b, "<polyline class=\"trend %s\" points=\"", cls);
	for (i = 0; i < n && !c->bad; i++) {
		e = elem(c, a, "trend", i, p, sizeof(p));
		buf_printf(b, "%s%.1f,%.1f", i ? " " : "", tx(i, n),
		    ty(jnum(c, e, p, field), ymax));
	}
	buf_adds(b, "\"/>\n");
	for (i = 0; i < n && !c->bad; i++) {
		e = elem(c, a, "trend", i, p, sizeof(p));
		buf_printf(b, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"3\"><title>", cls, tx(i, n),
		    ty(jnum(c, e, p, field), ymax));
		str_cell(b, c, e, p, "date");
		buf_printf(b, ": %.0f %s</title></circle>\n",
		    jnum(c, e, p, field), field);
	}
}

/* The calls a day over the trend's days, and their failures. */
static void
page_trend(struct buf *b, struct jc *c, const json_t *st)
{
	const json_t *a, *e;
	double ymax = 0;
	char p[64];
	size_t i, n, at;
	int k;

	if ((a = arr(c, st, "", "trend")) == NULL)
		return;
	if ((n = json_array_size(a)) == 0)
		return;
	for (i = 0; i < n && !c->bad; i++)
		if ((e = elem(c, a, "trend", i, p, sizeof(p))) != NULL)
			ymax = fmax(ymax, jnum(c, e, p, "calls"));
	ymax = axis_ceil(ymax * 1.05);
	buf_printf(b, "<h3>Daily trend 每日趋势</h3>\n<svg class=\"trend\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%.0f\" "
	    "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\"><title>calls per day"
	    "</title>\n", TW, TH, TW, TH);
	for (k = 0; k <= 4; k++)
		buf_printf(b, "<line class=\"grid\" x1=\"%.0f\" y1=\"%.1f\" "
		    "x2=\"%.0f\" y2=\"%.1f\"/><text x=\"%.0f\" y=\"%.1f\" "
		    "text-anchor=\"end\">%g</text>\n", TL, ty(ymax * k / 4, ymax),
		    TW - TR, ty(ymax * k / 4, ymax), TL - 6,
		    ty(ymax * k / 4, ymax) + 4, ymax * k / 4);
	buf_printf(b, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\""
	    " y2=\"%.0f\"/>\n", TL, TH - TB, TW - TR, TH - TB);
	trend_line(b, c, a, "calls", "calls", ymax);
	trend_line(b, c, a, "failure", "failures", ymax);
	for (k = 0; k < 3 && !c->bad; k++) {
		at = k == 0 ? 0 : k == 1 ? (n - 1) / 2 : n - 1;
		if ((k == 1 && (at == 0 || at == n - 1)) || (k == 2 && n == 1))
			continue;
		e = elem(c, a, "trend", at, p, sizeof(p));
		buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">",
		    tx(at, n), TH - TB + 18, k == 0 && n > 1 ? "start" :
		    k == 2 ? "end" : "middle");
		str_cell(b, c, e, p, "date");
		buf_adds(b, "</text>\n");
	}
	buf_adds(b, "</svg>\n<p class=\"legend\">blue: calls to the platform "
	    "a day (batches, by their last attempt); red: the failed ones</p>\n");
}

static void
page_calls(struct buf *b, struct jc *c, const json_t *st)
{
	const json_t *o, *top;
	double calls, ok;

	buf_adds(b, "<section class=\"card\" id=\"calls\">\n<h2>Calls 调用 "
	    "<span class=\"date\">");
	if ((o = jget(c, st, "", "calls", K_OBJ)) == NULL)
		return;
	str_cell(b, c, o, "calls", "date");
	calls = jnum(c, o, "calls", "calls");
	ok = jnum(c, o, "calls", "success");
	buf_printf(b, "</span></h2>\n<div class=\"scorecard\"><span class=\""
	    "calls\">%.0f</span><span>calls</span><span class=\"grade "
	    "g-pass\">%.0f ok (", calls, ok);
	num_cell(b, c, o, "calls", "success_pct", 2);
	buf_printf(b, "%%)</span><span class=\"grade g-fail\">%.0f failed (",
	    jnum(c, o, "calls", "failure"));
	num_cell(b, c, o, "calls", "failure_pct", 2);
	buf_adds(b, "%)</span></div>\n");
	if (calls > 0)
		buf_printf(b, "<svg class=\"share\" xmlns=\"http://www.w3.org/"
		    "2000/svg\" role=\"img\" width=\"760\" height=\"24\" "
		    "viewBox=\"0 0 760 24\"><title>share of the calls</title>"
		    "<rect class=\"bar pass\" x=\"0\" y=\"2\" width=\"%.1f\" "
		    "height=\"20\"/><rect class=\"bar fail\" x=\"%.1f\" y=\"2\" "
		    "width=\"%.1f\" height=\"20\"/></svg>\n", 760 * ok / calls,
		    760 * ok / calls, 760 - 760 * ok / calls);
	if ((top = jget(c, st, "", "top", K_OBJ)) != NULL) {
		buf_adds(b, "<div class=\"charts\">\n");
		page_top(b, c, top, "latency", "seconds", "s",
		    "Top 5 by latency 耗时");
		page_top(b, c, top, "volume", "records", "records",
		    "Top 5 by volume 数据量");
		page_top(b, c, top, "failures", "failures", "failed",
		    "Top 5 by failures 失败");
		buf_adds(b, "</div>\n");
	}
	page_trend(b, c, st);
	buf_adds(b, "</section>\n");
}

static const char *const table_cols[] = {
	"extracted", "mapped", "valid", "held", "rejected", "uploaded",
	"sent_before", "seconds", "outbox",
};
#define NCOLS	(sizeof(table_cols) / sizeof(table_cols[0]))

static void
page_tables(struct buf *b, struct jc *c, const json_t *st)
{
	const json_t *a, *e, *tot;
	const char *s;
	char p[64];
	size_t i, k;

	buf_adds(b, "<section class=\"card\" id=\"tables\">\n<h2>Tables 各表"
	    "</h2>\n<table class=\"tables\"><tr><th class=\"l\">table</th>"
	    "<th class=\"l\">status</th>");
	for (k = 0; k < NCOLS; k++)
		buf_printf(b, "<th>%s</th>", table_cols[k]);
	buf_adds(b, "<th class=\"l\">watermark</th><th>age (h)</th>"
	    "<th class=\"l\">last run</th></tr>\n");
	if ((a = arr(c, st, "", "tables")) == NULL)
		return;
	for (i = 0; i < json_array_size(a) && !c->bad; i++) {
		if ((e = elem(c, a, "tables", i, p, sizeof(p))) == NULL)
			return;
		s = jstr(c, e, p, "status", 0);
		s = s ? s : "";
		buf_printf(b, "<tr class=\"table-row%s\"><td class=\"l\">",
		    strncmp(s, "failed", 6) == 0 ? " failed" : "");
		str_cell(b, c, e, p, "table");
		buf_printf(b, "</td><td class=\"l %s\">",
		    strcmp(s, "ok") == 0 ? "pass" : strncmp(s, "failed", 6) == 0 ?
		    "fail" : "na");
		html_esc(b, s);
		buf_adds(b, "</td>");
		for (k = 0; k < NCOLS; k++) {
			buf_adds(b, "<td>");
			num_cell(b, c, e, p, table_cols[k], 0);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "<td class=\"l\">");
		str_cell(b, c, e, p, "watermark");
		buf_adds(b, "</td><td>");
		num_cell(b, c, e, p, "watermark_age_hours", 1);
		buf_adds(b, "</td><td class=\"l\">");
		str_cell(b, c, e, p, "last_run");
		buf_adds(b, "</td></tr>\n");
	}
	if ((tot = jget(c, st, "", "totals", K_OBJ)) != NULL) {
		buf_printf(b, "<tr class=\"total\"><td class=\"l\">total</td>"
		    "<td class=\"l\">%.0f ok, %.0f failed, %.0f not run</td>",
		    jnum(c, tot, "totals", "ok"), jnum(c, tot, "totals",
		    "failed"), jnum(c, tot, "totals", "not_run"));
		for (k = 0; k < NCOLS; k++) {
			buf_adds(b, "<td>");
			if (strcmp(table_cols[k], "seconds") != 0)
				num_cell(b, c, tot, "totals", table_cols[k], 0);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "<td></td><td></td><td></td></tr>\n");
	}
	buf_adds(b, "</table>\n</section>\n");
}

static void
page_shared(struct buf *b, struct jc *c, const json_t *st)
{
	const json_t *o;

	if ((o = jget(c, st, "", "shared", K_OBJ | K_NULL)) == NULL)
		return;
	buf_printf(b, "<section class=\"card\" id=\"shared\">\n<h2>Shared "
	    "library 共享库</h2>\n<p><span class=\"waiting\">%.0f</span> "
	    "pushes waiting for hdx-verify</p>\n<table class=\"verdicts\"><tr>"
	    "<th class=\"l\">verdicts of ", jnum(c, o, "shared", "waiting"));
	str_cell(b, c, o, "shared", "date");
	buf_printf(b, "</th><th>ok</th><th>mismatch</th><th>qc_failed</th>"
	    "</tr>\n<tr><td class=\"l\">pushes</td><td class=\"pass\">%.0f</td>"
	    "<td class=\"%s\">%.0f</td><td>%.0f</td></tr>\n</table>\n"
	    "</section>\n", jnum(c, o, "shared", "ok"),
	    jnum(c, o, "shared", "mismatch") > 0 ? "fail" : "pass",
	    jnum(c, o, "shared", "mismatch"), jnum(c, o, "shared",
	    "qc_failed"));
}

int
statuspage_html(FILE *fp, const json_t *st, char *err, size_t errlen)
{
	struct jc c = { "status", err, errlen, 0 };
	const json_t *a;
	const char *s;
	struct buf b;

	if (!json_is_object(st))
		return seterr(err, errlen, "status: not a JSON object");
	buf_init(&b);
	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-"
	    "Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
	    " img-src data:\">\n<meta name=\"viewport\" content=\"width=device"
	    "-width, initial-scale=1\">\n<title>运行状态 hdx status ");
	str_cell(&b, &c, st, "", "org_code");
	buf_adds(&b, " ");
	str_cell(&b, &c, st, "", "date");
	buf_printf(&b, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n"
	    "<header>\n<h1>运行状态 hdx status</h1>\n<p class=\"meta\">"
	    "institution <span class=\"org\">", htmlpage_css, status_css);
	str_cell(&b, &c, st, "", "org_code");
	buf_adds(&b, "</span>, business day <span class=\"date\">");
	str_cell(&b, &c, st, "", "date");
	buf_adds(&b, "</span>, as of <span class=\"now\">");
	str_cell(&b, &c, st, "", "now");
	s = jstr(&c, st, "", "status", 0);
	a = jget(&c, st, "", "alerts", K_ARR);
	buf_printf(&b, "</span></p>\n<p class=\"meta\">overall <span "
	    "class=\"status overall %s\">", s && strcmp(s, "ok") == 0 ?
	    "s-pass" : "s-fail");
	html_esc(&b, s);
	buf_printf(&b, "</span> <span class=\"nalerts\">%zu alerts</span>"
	    "</p>\n</header>\n", json_array_size(a));
	page_alerts(&b, &c, st);
	page_calls(&b, &c, st);
	page_tables(&b, &c, st);
	page_shared(&b, &c, st);
	buf_adds(&b, "<footer>hdx-status: counts, table names and times only, "
	    "no record values; see hdx-status(1)</footer>\n</body>\n"
	    "</html>\n");
	if (c.bad) {
		buf_free(&b);
		return -1;
	}
	return html_flush(fp, &b, "status", err, errlen);
}
