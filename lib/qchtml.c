/*
 * qchtml.c - the QC report as text and as a static HTML page.
 *
 * The JSON object is first read into a small model (struct rep) that
 * borrows its strings from the object, checking every member and its
 * type; the renderers then only format. Output is built in a struct buf
 * and written at the end, so a malformed report writes nothing.
 *
 * The text follows qc_report.py's layout, except that a passing value in
 * the indicator table keeps the column of the '*' blank (qc_report.py
 * shifts the rest of its line by one). The page is HTML5 with inline
 * CSS and SVG drawn here; every string of the report is escaped, and a
 * Content-Security-Policy forbids scripts and fetches on top of that.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "htmlpage.h"
#include "jread.h"
#include "qchtml.h"
#include "util.h"
#include "value.h"

#define NIND	5

static const char *const ind_name[NIND] = {
	"completeness", "conformance", "consistency", "timeliness",
	"continuity",
};
static const char *const ind_zh[NIND] = {
	"完整率", "规范率", "一致性", "及时率", "连续性",
};

struct ind {
	double		 num, den;
	int		 has_value;
	double		 value;
	double		 threshold;
	int		 pass;		/* 1, 0, or -1: not applicable */
};

struct vwarn {
	const char	*date;
	long		 day;
	double		 count, median, lo, hi;
	int		 has_hi;
};

struct trule {
	const char	*rule, *field, *level;
	double		 count;
};

struct dcount {
	long		 day;
	double		 records;
};

struct tab {
	const char	*name, *name_zh, *status;
	int		 daily;		/* a daily table */
	int		 has_counts;	/* the report gave its daily counts */
	double		 records, undated;
	struct ind	 ind[NIND];
	struct vwarn	*vw;
	size_t		 nvw;
	struct trule	*tr;
	size_t		 ntr;
	struct dcount	*dc;
	size_t		 ndc;
	double		 band_lo, band_hi;	/* percent of the median */
	int		 band_has_hi;
};

struct inst {
	const char	*org, *grade, *status;
	struct tab	*tab;
	size_t		 ntab;
	struct ind	 ind[NIND];
	double		 undated, nvol, deduction, score;
	const char	**na;
	size_t		 nna;
};

struct rep {
	const char	*from, *to, *today, *source, *status;
	double		 thr[NIND];
	struct inst	*inst;
	size_t		 ninst;
};

/* Days since 1970-01-01 of a valid YYYY-MM-DD, else 0 with *ok = 0. */
static long
day_number(const char *s, int *ok)
{
	int y, m, d;
	long era, yoe, doy, doe;

	*ok = s != NULL && strlen(s) == 10 && date_valid(s, 10);
	if (!*ok)
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
day_string(long z, char out[11])
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
}

static void
read_ind(struct jc *c, const json_t *o, const char *path, struct ind *m)
{
	const json_t *v;

	m->num = jnum(c, o, path, "numerator");
	m->den = jnum(c, o, path, "denominator");
	v = jget(c, o, path, "value", K_NUM | K_NULL);
	m->has_value = v != NULL;
	m->value = v ? json_number_value(v) : 0;
	m->threshold = jnum(c, o, path, "threshold");
	v = jget(c, o, path, "pass", K_BOOL | K_NULL);
	m->pass = v == NULL ? -1 : json_is_true(v);
}

static void
read_inds(struct jc *c, const json_t *o, const char *path, struct ind *ind)
{
	const json_t *io;
	char p[256], q[300];
	int i;

	jpath(p, sizeof(p), "%s.indicators", path);
	if ((io = jget(c, o, path, "indicators", K_OBJ)) == NULL)
		return;
	for (i = 0; i < NIND; i++) {
		jpath(q, sizeof(q), "%s.%s", p, ind_name[i]);
		if ((o = jget(c, io, p, ind_name[i], K_OBJ)) != NULL)
			read_ind(c, o, q, &ind[i]);
	}
}

static void
read_vwarn(struct jc *c, const json_t *o, const char *path, struct vwarn *w)
{
	const json_t *band, *lo, *hi;
	int ok;

	w->date = jstr(c, o, path, "date", 0);
	w->count = jnum(c, o, path, "count");
	w->median = jnum(c, o, path, "median");
	if ((band = jget(c, o, path, "band", K_ARR)) == NULL)
		return;
	lo = json_array_get(band, 0);
	hi = json_array_get(band, 1);
	if (json_array_size(band) != 2 || !json_is_number(lo) ||
	    !(json_is_number(hi) || json_is_null(hi))) {
		char p[300];

		jpath(p, sizeof(p), "%s.band", path);
		jbad(c, p, "not [number, number or null]");
		return;
	}
	w->lo = json_number_value(lo);
	w->has_hi = json_is_number(hi);
	w->hi = w->has_hi ? json_number_value(hi) : 0;
	if (w->date != NULL) {
		w->day = day_number(w->date, &ok);
		if (!ok) {
			char p[300];

			jpath(p, sizeof(p), "%s.date", path);
			jbad(c, p, "not a date YYYY-MM-DD");
		}
	}
}

static int
dcount_cmp(const void *a, const void *b)
{
	const struct dcount *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

static void
read_daily(struct jc *c, const json_t *a, const char *path, struct tab *t)
{
	const json_t *o;
	char p[300];
	size_t i;
	int ok;

	t->daily = t->has_counts = 1;
	t->ndc = json_array_size(a);
	t->dc = xcalloc(t->ndc, sizeof(*t->dc));
	for (i = 0; i < t->ndc && !c->bad; i++) {
		jpath(p, sizeof(p), "%s[%zu]", path, i);
		o = json_array_get(a, i);
		if (!json_is_object(o)) {
			jbad(c, p, "not an object");
			break;
		}
		t->dc[i].day = day_number(jstr(c, o, p, "date", 0), &ok);
		if (!ok && !c->bad) {
			jpath(p, sizeof(p), "%s[%zu].date", path, i);
			jbad(c, p, "not a date YYYY-MM-DD");
		}
		t->dc[i].records = jnum(c, o, p, "records");
	}
	if (!c->bad)
		qsort(t->dc, t->ndc, sizeof(*t->dc), dcount_cmp);
}

/* The band in percent of the median: volume_band, else as the first
 * warning shows it, else the standard's 50..200. */
static void
read_band(struct jc *c, const json_t *o, const char *path, struct tab *t)
{
	const json_t *b, *lo, *hi;
	char p[300];

	t->band_lo = 50;
	t->band_hi = 200;
	t->band_has_hi = 1;
	if ((b = jget(c, o, path, "volume_band", K_ARR | K_OPT)) != NULL) {
		lo = json_array_get(b, 0);
		hi = json_array_get(b, 1);
		if (json_array_size(b) != 2 || !json_is_number(lo) ||
		    !(json_is_number(hi) || json_is_null(hi))) {
			jpath(p, sizeof(p), "%s.volume_band", path);
			jbad(c, p, "not [number, number or null]");
			return;
		}
		t->band_lo = json_number_value(lo);
		t->band_has_hi = json_is_number(hi);
		t->band_hi = json_number_value(hi);
	} else if (t->nvw > 0 && t->vw[0].median > 0) {
		t->band_lo = round(t->vw[0].lo / t->vw[0].median * 10000) / 100;
		t->band_has_hi = t->vw[0].has_hi;
		t->band_hi = round(t->vw[0].hi / t->vw[0].median * 10000) / 100;
	}
}

static void
read_table(struct jc *c, const json_t *o, const char *path, struct tab *t)
{
	const json_t *a, *e;
	char p[300];
	size_t i;

	t->name = jstr(c, o, path, "table", K_OPT);
	if (t->name == NULL && !c->bad)
		t->name = jstr(c, o, path, "name", 0);
	t->name_zh = jstr(c, o, path, "name_zh", K_OPT | K_NULL);
	t->records = jnum(c, o, path, "records");
	t->undated = jnum(c, o, path, "undated");
	t->status = jstr(c, o, path, "status", 0);
	read_inds(c, o, path, t->ind);
	if ((a = jget(c, o, path, "volume_warnings", K_ARR)) != NULL) {
		t->nvw = json_array_size(a);
		t->vw = xcalloc(t->nvw, sizeof(*t->vw));
		for (i = 0; i < t->nvw && !c->bad; i++) {
			jpath(p, sizeof(p), "%s.volume_warnings[%zu]", path, i);
			if (!json_is_object(e = json_array_get(a, i)))
				jbad(c, p, "not an object");
			else
				read_vwarn(c, e, p, &t->vw[i]);
		}
	}
	if ((a = jget(c, o, path, "top_rules", K_ARR)) != NULL) {
		t->ntr = json_array_size(a);
		t->tr = xcalloc(t->ntr, sizeof(*t->tr));
		for (i = 0; i < t->ntr && !c->bad; i++) {
			jpath(p, sizeof(p), "%s.top_rules[%zu]", path, i);
			if (!json_is_object(e = json_array_get(a, i))) {
				jbad(c, p, "not an object");
				break;
			}
			t->tr[i].rule = jstr(c, e, p, "rule", 0);
			t->tr[i].field = jstr(c, e, p, "field", K_NULL);
			t->tr[i].level = jstr(c, e, p, "level", 0);
			t->tr[i].count = jnum(c, e, p, "count");
		}
	}
	/* daily: true/false (qc_report.py), or the daily counts */
	a = jget(c, o, path, "daily", K_BOOL | K_ARR | K_OPT);
	jpath(p, sizeof(p), "%s.daily", path);
	if (a != NULL && json_is_array(a))
		read_daily(c, a, p, t);
	else
		t->daily = a != NULL && json_is_true(a);
	if (!t->has_counts &&
	    (a = jget(c, o, path, "daily_counts", K_ARR | K_OPT)) != NULL) {
		jpath(p, sizeof(p), "%s.daily_counts", path);
		read_daily(c, a, p, t);
	}
	read_band(c, o, path, t);
}

static void
read_inst(struct jc *c, const json_t *o, const char *path, struct inst *in)
{
	const json_t *a, *e, *v;
	char p[300];
	size_t i;

	if ((v = jget(c, o, path, "org_code", K_STR | K_NULL)) != NULL)
		in->org = json_string_value(v);
	if ((a = jget(c, o, path, "tables", K_ARR)) != NULL) {
		in->ntab = json_array_size(a);
		in->tab = xcalloc(in->ntab, sizeof(*in->tab));
		for (i = 0; i < in->ntab && !c->bad; i++) {
			jpath(p, sizeof(p), "%s.tables[%zu]", path, i);
			if (!json_is_object(e = json_array_get(a, i)))
				jbad(c, p, "not an object");
			else
				read_table(c, e, p, &in->tab[i]);
		}
	}
	read_inds(c, o, path, in->ind);
	in->undated = jnum(c, o, path, "undated");
	in->nvol = jnum(c, o, path, "volume_warnings");
	if ((v = jget(c, o, path, "volume_deduction", K_NUM | K_OPT)) != NULL)
		in->deduction = json_number_value(v);
	else
		in->deduction = fmin(5, 0.2 * in->nvol);
	in->score = jnum(c, o, path, "score");
	in->grade = jstr(c, o, path, "grade", 0);
	in->status = jstr(c, o, path, "status", 0);
	a = jget(c, o, path, "not_applicable_scored_as_full", K_ARR | K_OPT);
	if (a != NULL) {
		in->na = xcalloc(json_array_size(a), sizeof(*in->na));
		for (i = 0; i < json_array_size(a) && !c->bad; i++) {
			if (!json_is_string(e = json_array_get(a, i))) {
				jpath(p, sizeof(p),
				    "%s.not_applicable_scored_as_full[%zu]",
				    path, i);
				jbad(c, p, "not a string");
			} else
				in->na[in->nna++] = json_string_value(e);
		}
	} else if (!c->bad) {
		in->na = xcalloc(NIND, sizeof(*in->na));
		for (i = 0; i < NIND; i++)
			if (!in->ind[i].has_value)
				in->na[in->nna++] = ind_name[i];
	}
}

static void
rep_free(struct rep *r)
{
	size_t i, j;

	for (i = 0; i < r->ninst; i++) {
		for (j = 0; j < r->inst[i].ntab; j++) {
			free(r->inst[i].tab[j].vw);
			free(r->inst[i].tab[j].tr);
			free(r->inst[i].tab[j].dc);
		}
		free(r->inst[i].tab);
		free(r->inst[i].na);
	}
	free(r->inst);
}

static int
rep_read(struct rep *r, const json_t *o, char *err, size_t errlen)
{
	struct jc c = { "QC report", err, errlen, 0 };
	const json_t *p, *a, *e;
	char path[64];
	size_t i;
	int ok;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o))
		return seterr(err, errlen, "QC report: not a JSON object");
	if ((p = jget(&c, o, "", "period", K_OBJ)) != NULL) {
		r->from = jstr(&c, p, "period", "from", K_NULL);
		r->to = jstr(&c, p, "period", "to", K_NULL);
	}
	r->today = jstr(&c, o, "", "today", 0);
	r->source = jstr(&c, o, "", "source", K_OPT | K_NULL);
	if ((p = jget(&c, o, "", "thresholds", K_OBJ)) != NULL)
		for (i = 0; i < NIND; i++)
			r->thr[i] = jnum(&c, p, "thresholds", ind_name[i]);
	r->status = jstr(&c, o, "", "status", 0);
	if ((a = jget(&c, o, "", "institutions", K_ARR)) != NULL) {
		r->ninst = json_array_size(a);
		r->inst = xcalloc(r->ninst, sizeof(*r->inst));
		for (i = 0; i < r->ninst && !c.bad; i++) {
			jpath(path, sizeof(path), "institutions[%zu]", i);
			if (!json_is_object(e = json_array_get(a, i)))
				jbad(&c, path, "not an object");
			else
				read_inst(&c, e, path, &r->inst[i]);
		}
	}
	if (!c.bad && r->from != NULL && (day_number(r->from, &ok), !ok))
		jbad(&c, "period.from", "not a date YYYY-MM-DD");
	if (!c.bad && r->to != NULL && (day_number(r->to, &ok), !ok))
		jbad(&c, "period.to", "not a date YYYY-MM-DD");
	if (c.bad) {
		rep_free(r);
		return -1;
	}
	return 0;
}

/* Text. */

/* s with C0 controls and DEL shown as '?', padded to width code points
 * (negative: left-aligned), as Python's "%-26s" pads. */
static void
txt_pad(struct buf *b, const char *s, int width)
{
	size_t n, i;
	int w = width < 0 ? -width : width;

	n = utf8_len(s, strlen(s));
	if (width > 0)
		for (i = n; i < (size_t)w; i++)
			buf_addc(b, ' ');
	for (i = 0; s[i] != '\0'; i++)
		buf_addc(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
		    '?' : s[i]);
	if (width < 0)
		for (i = n; i < (size_t)w; i++)
			buf_addc(b, ' ');
}

static void
txt_cells(struct buf *b, const struct ind *ind)
{
	int i;

	for (i = 0; i < NIND; i++) {
		if (i > 0)
			buf_addc(b, ' ');
		if (!ind[i].has_value)
			buf_printf(b, "%9s", "n/a");
		else
			buf_printf(b, "%8.2f%c", ind[i].value,
			    ind[i].pass == 0 ? '*' : ' ');
	}
}

static const char *
verdict(int pass)
{
	return pass < 0 ? "N/A" : pass ? "PASS" : "FAIL";
}

static void
txt_inst(struct buf *b, const struct inst *in)
{
	const struct tab *t;
	const struct ind *m;
	size_t i, j;
	int k, hdr;

	buf_adds(b, "\n==============================================="
	    "===============================\ninstitution ");
	txt_pad(b, in->org && *in->org ? in->org : "(empty org_code)", 0);
	buf_adds(b, "\n================================================"
	    "==============================\n");
	buf_printf(b, "%-26s %7s %9s %9s %9s %9s %9s  %s\n", "table",
	    "records", "complete", "conform", "consist", "timely", "contin.",
	    "status");
	hdr = 92;		/* the width of that line */
	for (k = 0; k < hdr; k++)
		buf_addc(b, '-');
	buf_addc(b, '\n');
	for (i = 0; i < in->ntab; i++) {
		t = &in->tab[i];
		txt_pad(b, t->name, -26);
		buf_printf(b, " %7.0f ", t->records);
		txt_cells(b, t->ind);
		buf_adds(b, "  ");
		txt_pad(b, t->status, 0);
		buf_addc(b, '\n');
	}
	for (k = 0; k < hdr; k++)
		buf_addc(b, '-');
	buf_printf(b, "\n%-26s %7s ", "institution", "");
	txt_cells(b, in->ind);
	buf_adds(b, "  ");
	txt_pad(b, in->status, 0);
	buf_adds(b, "\n(* = below threshold; n/a = empty denominator)\n\n");
	for (k = 0; k < NIND; k++) {
		m = &in->ind[k];
		buf_printf(b, "  %-13s %.0f / %.0f = ", ind_name[k], m->num,
		    m->den);
		if (m->has_value)
			buf_printf(b, "%.2f%%", m->value);
		else
			buf_adds(b, "n/a");
		buf_printf(b, "  %s\n", verdict(m->pass));
	}
	buf_printf(b, "  volume warnings: %.0f (deduction %.2f)\n", in->nvol,
	    in->deduction);
	buf_printf(b, "  undated records (no valid business date, update_time"
	    " or received_at; in no period): %.0f", in->undated);
	for (i = 0; i < in->ntab; i++)
		if (in->tab[i].undated != 0) {
			buf_adds(b, "  ");
			txt_pad(b, in->tab[i].name, 0);
			buf_printf(b, " %.0f", in->tab[i].undated);
		}
	buf_printf(b, "\n  monthly score: %.2f  ", in->score);
	txt_pad(b, in->grade, 0);
	buf_addc(b, '\n');
	if (in->nna > 0) {
		buf_adds(b, "  (not applicable, scored as full: ");
		for (i = 0; i < in->nna; i++) {
			if (i > 0)
				buf_adds(b, ", ");
			txt_pad(b, in->na[i], 0);
		}
		buf_adds(b, ")\n");
	}
	for (i = 0; i < in->ntab; i++) {
		t = &in->tab[i];
		if (t->nvw == 0)
			continue;
		buf_adds(b, "\n  volume warnings of ");
		txt_pad(b, t->name, 0);
		buf_adds(b, ":\n");
		for (j = 0; j < t->nvw; j++) {
			buf_adds(b, "    ");
			txt_pad(b, t->vw[j].date, 0);
			buf_printf(b, "  count %.0f  median %g  band %g..",
			    t->vw[j].count, t->vw[j].median, t->vw[j].lo);
			if (t->vw[j].has_hi)
				buf_printf(b, "%g\n", t->vw[j].hi);
			else
				buf_adds(b, "-\n");
		}
	}
	for (i = k = 0; i < in->ntab; i++) {
		t = &in->tab[i];
		if (t->ntr == 0)
			continue;
		if (k++ == 0)
			buf_adds(b, "\n  top violated rules:\n");
		buf_adds(b, "    ");
		txt_pad(b, t->name, 0);
		buf_addc(b, '\n');
		for (j = 0; j < t->ntr; j++) {
			buf_adds(b, "      ");
			txt_pad(b, t->tr[j].rule, -11);
			buf_addc(b, ' ');
			txt_pad(b, t->tr[j].field && *t->tr[j].field ?
			    t->tr[j].field : "-", -26);
			buf_addc(b, ' ');
			txt_pad(b, t->tr[j].level, -8);
			buf_printf(b, " %6.0f\n", t->tr[j].count);
		}
	}
}

int
qcreport_text(FILE *fp, const json_t *report, char *err, size_t errlen)
{
	struct rep r;
	struct buf b;
	size_t i;

	if (rep_read(&r, report, err, errlen) == -1)
		return -1;
	buf_init(&b);
	buf_adds(&b, "QC report (质控报告)   period ");
	txt_pad(&b, r.from ? r.from : "-", 0);
	buf_adds(&b, " .. ");
	txt_pad(&b, r.to ? r.to : "-", 0);
	buf_adds(&b, "   assessed on ");
	txt_pad(&b, r.today, 0);
	buf_adds(&b, "\nsource: ");
	txt_pad(&b, r.source ? r.source : "-", 0);
	buf_printf(&b, "\nthresholds: completeness >= %.0f%%, conformance >= "
	    "%.0f%%, consistency >= %.0f%%, timeliness >= %.0f%%, continuity"
	    " = %.0f%%\n", r.thr[0], r.thr[1], r.thr[2], r.thr[3], r.thr[4]);
	if (r.ninst == 0)
		buf_adds(&b, "\nno records\n");
	for (i = 0; i < r.ninst; i++)
		txt_inst(&b, &r.inst[i]);
	buf_adds(&b, "\nOVERALL: ");
	txt_pad(&b, r.status, 0);
	buf_addc(&b, '\n');
	rep_free(&r);
	return html_flush(fp, &b, "QC report", err, errlen);
}

/* HTML. */

static const char *
grade_class(const struct inst *in)
{
	if (strcmp(in->grade, "达标") == 0)
		return "g-pass";
	if (strcmp(in->grade, "基本达标") == 0)
		return "g-cond";
	if (strcmp(in->grade, "不达标") == 0)
		return "g-fail";
	return in->score >= 90 ? "g-pass" : in->score >= 80 ? "g-cond" :
	    "g-fail";
}

static const char *
status_class(const char *s)
{
	if (strcmp(s, "PASS") == 0)
		return "s-pass";
	if (strcmp(s, "FAIL") == 0)
		return "s-fail";
	return "s-na";
}

static const char *
pass_class(int pass)
{
	return pass < 0 ? "na" : pass ? "pass" : "fail";
}

static void
html_value(struct buf *b, const struct ind *m)
{
	if (m->has_value)
		buf_printf(b, "%.2f%%", m->value);
	else
		buf_adds(b, "n/a");
}

/* The five indicators as horizontal bars with the threshold line. */
static void
html_bars(struct buf *b, const struct ind *ind)
{
	const double x0 = 190, w = 400;
	double y, v;
	int i;

	buf_printf(b, "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\""
	    " role=\"img\" width=\"760\" height=\"%d\" viewBox=\"0 0 760 %d\">"
	    "<title>indicators</title>\n", 10 + NIND * 32, 10 + NIND * 32);
	for (i = 0; i < NIND; i++) {
		y = 8 + i * 32;
		v = ind[i].has_value ? fmax(0, fmin(100, ind[i].value)) : 0;
		buf_printf(b, "<text x=\"0\" y=\"%.0f\">%s %s</text>", y + 15,
		    ind_zh[i], ind_name[i]);
		buf_printf(b, "<rect class=\"track\" x=\"%.0f\" y=\"%.0f\" "
		    "width=\"%.0f\" height=\"20\"/>", x0, y, w);
		buf_printf(b, "<rect class=\"bar %s\" data-indicator=\"%s\" "
		    "x=\"%.0f\" y=\"%.0f\" width=\"%.1f\" height=\"20\">"
		    "<title>%s %.0f / %.0f = ", pass_class(ind[i].pass),
		    ind_name[i], x0, y, v * w / 100, ind_name[i], ind[i].num,
		    ind[i].den);
		html_value(b, &ind[i]);
		buf_printf(b, " %s</title></rect>", verdict(ind[i].pass));
		v = fmax(0, fmin(100, ind[i].threshold));
		buf_printf(b, "<line class=\"threshold\" x1=\"%.1f\" "
		    "y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>", x0 + v * w / 100,
		    y - 3, x0 + v * w / 100, y + 23);
		buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\">", x0 + w + 12,
		    y + 15);
		html_value(b, &ind[i]);
		buf_printf(b, "%s%s (%s %g%%)</text>\n",
		    ind[i].pass < 0 ? "" : " ", ind[i].pass < 0 ? "" :
		    verdict(ind[i].pass), i == NIND - 1 ? "=" : "\xe2\x89\xa5",
		    ind[i].threshold);
	}
	buf_adds(b, "</svg>\n");
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#define VW	760.0		/* the volume chart: size and plot area */
#define VH	230.0
#define VL	56.0
#define VR	16.0
#define VT	14.0
#define VB	40.0

struct vchart {
	long	 from, n;		/* first day, number of days */
	double	*cnt;			/* n + 7: from - 7 .. from + n - 1 */
	double	*lo, *hi;		/* the band per day; hi < 0: none */
	char	*on;			/* the day has a band */
	double	 ymax;
};

static double
vx(const struct vchart *v, long i)
{
	if (v->n == 1)
		return VL + (VW - VL - VR) / 2;
	return VL + i * (VW - VL - VR) / (v->n - 1);
}

static double
vy(const struct vchart *v, double c)
{
	return VT + (VH - VT - VB) * (1 - c / v->ymax);
}

/* Counts and band of t over the days from..to (README 7.3, R15). */
static void
vchart_fill(struct vchart *v, const struct tab *t, long from, long to)
{
	double prev[7], med;
	long first = 0, d, i;
	int have_first = 0;
	size_t k;

	v->from = from;
	v->n = to - from + 1;
	v->cnt = xcalloc(v->n + 7, sizeof(*v->cnt));
	v->lo = xcalloc(v->n, sizeof(*v->lo));
	v->hi = xcalloc(v->n, sizeof(*v->hi));
	v->on = xcalloc(v->n, 1);
	for (k = 0; k < t->ndc; k++) {
		d = t->dc[k].day;
		if (t->dc[k].records > 0 && (!have_first || d < first)) {
			first = d;
			have_first = 1;
		}
		if (d >= from - 7 && d <= to)
			v->cnt[d - from + 7] += t->dc[k].records;
	}
	for (i = 0; i < v->n && have_first; i++) {
		if (from + i - first < 7)
			continue;
		memcpy(prev, &v->cnt[i], sizeof(prev));
		qsort(prev, 7, sizeof(prev[0]), dbl_cmp);
		if ((med = prev[3]) <= 0)
			continue;
		v->on[i] = 1;
		v->lo[i] = med * t->band_lo / 100;
		v->hi[i] = t->band_has_hi ? med * t->band_hi / 100 : -1;
	}
	for (k = 0; k < t->nvw; k++) {
		i = t->vw[k].day - from;
		if (i < 0 || i >= v->n)
			continue;
		v->on[i] = 1;
		v->lo[i] = t->vw[k].lo;
		v->hi[i] = t->vw[k].has_hi ? t->vw[k].hi : -1;
	}
	v->ymax = 0;
	for (i = 0; i < v->n; i++) {
		v->ymax = fmax(v->ymax, v->cnt[i + 7]);
		if (v->on[i])
			v->ymax = fmax(v->ymax, fmax(v->lo[i], v->hi[i]));
	}
	v->ymax = axis_ceil(v->ymax * 1.05);
}

static void
vchart_free(struct vchart *v)
{
	free(v->cnt);
	free(v->lo);
	free(v->hi);
	free(v->on);
}

static void
html_band(struct buf *b, const struct vchart *v)
{
	long s, e, i;
	double top;

	for (s = 0; s < v->n; s = e + 1) {
		if (!v->on[s]) {
			e = s;
			continue;
		}
		for (e = s; e + 1 < v->n && v->on[e + 1]; e++)
			;
		buf_adds(b, "<polygon class=\"band\" points=\"");
		if (s == e) {
			top = v->hi[s] < 0 ? VT : vy(v, v->hi[s]);
			buf_printf(b, "%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f",
			    vx(v, s) - 3, top, vx(v, s) + 3, top, vx(v, s) + 3,
			    vy(v, v->lo[s]), vx(v, s) - 3, vy(v, v->lo[s]));
		} else {
			for (i = s; i <= e; i++)
				buf_printf(b, "%s%.1f,%.1f", i > s ? " " : "",
				    vx(v, i), v->hi[i] < 0 ? VT :
				    vy(v, v->hi[i]));
			for (i = e; i >= s; i--)
				buf_printf(b, " %.1f,%.1f", vx(v, i),
				    vy(v, v->lo[i]));
		}
		buf_adds(b, "\"/>\n");
	}
}

/* The daily volume line of a daily table, the band shaded. */
static void
html_volume(struct buf *b, const struct tab *t, const struct rep *r)
{
	struct vchart v;
	char ds[11];
	long from, to, i;
	size_t k;
	int ok1, ok2;

	from = day_number(r->from, &ok1);
	to = day_number(r->to, &ok2);
	if (!ok1 || !ok2) {
		if (t->ndc == 0)
			return;
		from = t->dc[0].day;
		to = t->dc[t->ndc - 1].day;
	}
	if (to < from || to - from > 3660) {
		buf_adds(b, "<p class=\"legend\">no chart: the period is longer"
		    " than ten years</p>\n");
		return;
	}
	vchart_fill(&v, t, from, to);
	buf_printf(b, "<svg class=\"volume\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">"
	    "<title>", VW, VH, VW, VH);
	html_esc(b, t->name);
	buf_adds(b, ": records per day</title>\n");
	for (i = 0; i <= 4; i++)
		buf_printf(b, "<line class=\"grid\" x1=\"%.0f\" y1=\"%.1f\" "
		    "x2=\"%.0f\" y2=\"%.1f\"/><text x=\"%.0f\" y=\"%.1f\" "
		    "text-anchor=\"end\">%g</text>\n", VL,
		    vy(&v, v.ymax * i / 4), VW - VR, vy(&v, v.ymax * i / 4),
		    VL - 6, vy(&v, v.ymax * i / 4) + 4, v.ymax * i / 4);
	html_band(b, &v);
	buf_printf(b, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\""
	    " y2=\"%.0f\"/>\n", VL, VH - VB, VW - VR, VH - VB);
	buf_adds(b, "<polyline class=\"volume\" points=\"");
	for (i = 0; i < v.n; i++)
		buf_printf(b, "%s%.1f,%.1f", i ? " " : "", vx(&v, i),
		    vy(&v, v.cnt[i + 7]));
	buf_adds(b, "\"/>\n");
	for (k = 0; k < t->nvw; k++) {
		i = t->vw[k].day - from;
		if (i < 0 || i >= v.n)
			continue;
		buf_printf(b, "<circle class=\"warn\" cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"4\"><title>", vx(&v, i), vy(&v, t->vw[k].count));
		html_esc(b, t->vw[k].date);
		buf_printf(b, ": %.0f records, band %g..", t->vw[k].count,
		    t->vw[k].lo);
		if (t->vw[k].has_hi)
			buf_printf(b, "%g", t->vw[k].hi);
		else
			buf_adds(b, "-");
		buf_adds(b, "</title></circle>\n");
	}
	for (i = 0; i < 3; i++) {
		long at = i == 0 ? 0 : i == 1 ? (v.n - 1) / 2 : v.n - 1;

		if ((i == 1 && (at == 0 || at == v.n - 1)) ||
		    (i == 2 && v.n == 1))
			continue;
		day_string(from + at, ds);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">"
		    "%s</text>\n", vx(&v, at), VH - VB + 18,
		    i == 0 && v.n > 1 ? "start" : i == 2 ? "end" : "middle",
		    ds);
	}
	buf_adds(b, "</svg>\n<p class=\"legend\">line: records per business "
	    "day; shaded: the volume band ");
	buf_printf(b, "%g%%..", t->band_lo);
	if (t->band_has_hi)
		buf_printf(b, "%g%%", t->band_hi);
	else
		buf_adds(b, "-");
	buf_adds(b, " of the median of the 7 days before (R15); red: "
	    "volume warnings</p>\n");
	vchart_free(&v);
}

static void
html_warnings(struct buf *b, const struct tab *t)
{
	size_t k;

	if (t->nvw == 0)
		return;
	buf_adds(b, "<table class=\"warnings\"><tr><th class=\"l\">date</th>"
	    "<th>records</th><th>median</th><th>band</th></tr>\n");
	for (k = 0; k < t->nvw; k++) {
		buf_adds(b, "<tr class=\"warning\"><td class=\"l\">");
		html_esc(b, t->vw[k].date);
		buf_printf(b, "</td><td>%.0f</td><td>%g</td><td>%g..",
		    t->vw[k].count, t->vw[k].median, t->vw[k].lo);
		if (t->vw[k].has_hi)
			buf_printf(b, "%g", t->vw[k].hi);
		else
			buf_adds(b, "-");
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static void
html_ind_head(struct buf *b)
{
	int k;

	for (k = 0; k < NIND; k++)
		buf_printf(b, "<th>%s<br>%s</th>", ind_zh[k], ind_name[k]);
}

static void
html_ind_cells(struct buf *b, const struct ind *ind)
{
	int k;

	for (k = 0; k < NIND; k++) {
		buf_printf(b, "<td class=\"ind %s\" title=\"%.0f / %.0f\">",
		    pass_class(ind[k].pass), ind[k].num, ind[k].den);
		html_value(b, &ind[k]);
		buf_adds(b, "</td>");
	}
}

static void
html_tables(struct buf *b, const struct inst *in)
{
	const struct tab *t;
	size_t i;

	buf_adds(b, "<h3>Tables 各表指标</h3>\n<table class=\"tables\"><tr>"
	    "<th class=\"l\">table</th><th class=\"l\">名称</th><th>records</th>"
	    "<th>undated</th>");
	html_ind_head(b);
	buf_adds(b, "<th>status</th></tr>\n");
	for (i = 0; i < in->ntab; i++) {
		t = &in->tab[i];
		buf_printf(b, "<tr class=\"table-row%s\"><td class=\"l\">",
		    strcmp(t->status, "N/A") == 0 ? " empty" : "");
		html_esc(b, t->name);
		buf_adds(b, "</td><td class=\"l\">");
		html_esc(b, t->name_zh);
		buf_printf(b, "</td><td>%.0f</td><td>%.0f</td>", t->records,
		    t->undated);
		html_ind_cells(b, t->ind);
		buf_printf(b, "<td class=\"%s\">", pass_class(
		    strcmp(t->status, "PASS") == 0 ? 1 :
		    strcmp(t->status, "FAIL") == 0 ? 0 : -1));
		html_esc(b, t->status);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "<tr class=\"total\"><td class=\"l\">institution</td>"
	    "<td class=\"l\">全院</td><td></td>");
	buf_printf(b, "<td>%.0f</td>", in->undated);
	html_ind_cells(b, in->ind);
	buf_printf(b, "<td class=\"%s\">", pass_class(
	    strcmp(in->status, "PASS") == 0 ? 1 : 0));
	html_esc(b, in->status);
	buf_adds(b, "</td></tr>\n</table>\n");
}

static void
html_rules(struct buf *b, const struct inst *in)
{
	const struct tab *t;
	size_t i, j, n = 0;

	for (i = 0; i < in->ntab; i++)
		n += in->tab[i].ntr;
	if (n == 0) {
		buf_adds(b, "<h3>Top violated rules 主要问题规则</h3>\n"
		    "<p>no findings</p>\n");
		return;
	}
	buf_adds(b, "<h3>Top violated rules 主要问题规则</h3>\n<table "
	    "class=\"rules\"><tr><th class=\"l\">table</th><th class=\"l\">"
	    "rule</th><th class=\"l\">field</th><th class=\"l\">level</th>"
	    "<th>count</th></tr>\n");
	for (i = 0; i < in->ntab; i++) {
		t = &in->tab[i];
		for (j = 0; j < t->ntr; j++) {
			buf_adds(b, "<tr class=\"rule\">");
			if (j == 0) {
				buf_printf(b, "<td class=\"l\" "
				    "rowspan=\"%zu\">", t->ntr);
				html_esc(b, t->name);
				buf_adds(b, "</td>");
			}
			buf_adds(b, "<td class=\"l\">");
			html_esc(b, t->tr[j].rule);
			buf_adds(b, "</td><td class=\"l\">");
			html_esc(b, t->tr[j].field && *t->tr[j].field ?
			    t->tr[j].field : "-");
			buf_adds(b, "</td><td class=\"l\">");
			html_esc(b, t->tr[j].level);
			buf_printf(b, "</td><td>%.0f</td></tr>\n",
			    t->tr[j].count);
		}
	}
	buf_adds(b, "</table>\n");
}

static void
html_inst(struct buf *b, const struct inst *in, size_t idx,
    const struct rep *r)
{
	const struct tab *t;
	size_t i, k;
	int any;

	buf_printf(b, "<section class=\"institution\" id=\"inst-%zu\">\n<h2>"
	    "institution 机构 <span class=\"org\">", idx + 1);
	html_esc(b, in->org && *in->org ? in->org : "(empty org_code)");
	buf_printf(b, "</span></h2>\n<div class=\"scorecard\"><span "
	    "class=\"score\">%.2f</span><span class=\"grade %s\">",
	    in->score, grade_class(in));
	html_esc(b, in->grade);
	buf_printf(b, "</span><span class=\"status %s\">",
	    status_class(in->status));
	html_esc(b, in->status);
	buf_printf(b, "</span><span>monthly score 月度考核得分; volume warnings"
	    " %.0f (deduction %.2f); undated records %.0f</span></div>\n",
	    in->nvol, in->deduction, in->undated);
	html_bars(b, in->ind);
	buf_adds(b, "<table class=\"numden\"><tr><th class=\"l\">indicator"
	    "</th><th>numerator</th><th>denominator</th><th>value</th>"
	    "<th>threshold</th><th>verdict</th></tr>\n");
	for (k = 0; k < NIND; k++) {
		buf_printf(b, "<tr><td class=\"l\">%s %s</td><td>%.0f</td>"
		    "<td>%.0f</td><td class=\"%s\">", ind_zh[k], ind_name[k],
		    in->ind[k].num, in->ind[k].den,
		    pass_class(in->ind[k].pass));
		html_value(b, &in->ind[k]);
		buf_printf(b, "</td><td>%s %g%%</td><td class=\"%s\">%s"
		    "</td></tr>\n", k == NIND - 1 ? "=" : "\xe2\x89\xa5",
		    in->ind[k].threshold, pass_class(in->ind[k].pass),
		    verdict(in->ind[k].pass));
	}
	buf_adds(b, "</table>\n");
	if (in->nna > 0) {
		buf_adds(b, "<p class=\"legend\">not applicable, scored as "
		    "full: ");
		for (i = 0; i < in->nna; i++) {
			if (i > 0)
				buf_adds(b, ", ");
			html_esc(b, in->na[i]);
		}
		buf_adds(b, "</p>\n");
	}
	html_tables(b, in);
	for (i = any = 0; i < in->ntab; i++) {
		t = &in->tab[i];
		if (!t->has_counts && t->nvw == 0)
			continue;
		if (!any++)
			buf_adds(b, "<h3>Daily volume 每日数据量</h3>\n");
		buf_adds(b, "<figure class=\"daily\"><h4>");
		html_esc(b, t->name);
		if (t->name_zh != NULL) {
			buf_adds(b, " ");
			html_esc(b, t->name_zh);
		}
		buf_printf(b, "</h4>\n");
		if (t->has_counts)
			html_volume(b, t, r);
		html_warnings(b, t);
		buf_adds(b, "</figure>\n");
	}
	html_rules(b, in);
	buf_adds(b, "</section>\n");
}

static void
html_summary(struct buf *b, const struct rep *r)
{
	const struct inst *in;
	size_t i;

	buf_adds(b, "<table class=\"summary\"><tr><th class=\"l\">"
	    "institution</th><th>score</th><th class=\"l\">grade</th>");
	html_ind_head(b);
	buf_adds(b, "<th>status</th></tr>\n");
	for (i = 0; i < r->ninst; i++) {
		in = &r->inst[i];
		buf_printf(b, "<tr><td class=\"l\"><a href=\"#inst-%zu\">",
		    i + 1);
		html_esc(b, in->org && *in->org ? in->org : "(empty org_code)");
		buf_printf(b, "</a></td><td>%.2f</td><td class=\"l\">",
		    in->score);
		html_esc(b, in->grade);
		buf_adds(b, "</td>");
		html_ind_cells(b, in->ind);
		buf_printf(b, "<td class=\"%s\">", pass_class(
		    strcmp(in->status, "PASS") == 0 ? 1 : 0));
		html_esc(b, in->status);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

int
qcreport_html(FILE *fp, const json_t *report, char *err, size_t errlen)
{
	struct rep r;
	struct buf b;
	size_t i;

	if (rep_read(&r, report, err, errlen) == -1)
		return -1;
	buf_init(&b);
	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-"
	    "Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
	    " img-src data:\">\n<meta name=\"viewport\" content=\"width=device"
	    "-width, initial-scale=1\">\n<title>质控报告 QC report ");
	html_esc(&b, r.from ? r.from : "-");
	buf_adds(&b, " .. ");
	html_esc(&b, r.to ? r.to : "-");
	buf_printf(&b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<header>\n<h1>质控报告 QC report</h1>\n<p class=\"meta\">period "
	    "<span class=\"period\">", htmlpage_css);
	html_esc(&b, r.from ? r.from : "-");
	buf_adds(&b, " .. ");
	html_esc(&b, r.to ? r.to : "-");
	buf_adds(&b, "</span>, assessed on <span class=\"today\">");
	html_esc(&b, r.today);
	buf_adds(&b, "</span>, source ");
	html_esc(&b, r.source ? r.source : "-");
	buf_printf(&b, "</p>\n<p class=\"meta\">thresholds: completeness "
	    "\xe2\x89\xa5 %g%%, conformance \xe2\x89\xa5 %g%%, consistency "
	    "\xe2\x89\xa5 %g%%, timeliness \xe2\x89\xa5 %g%%, continuity = "
	    "%g%%; score = 25C + 25F + 20K + 15T + 15L \xe2\x88\x92 V "
	    "(\xe2\x89\xa5 90 达标, 80..90 基本达标, &lt; 80 不达标)</p>\n"
	    "<p class=\"meta\">overall <span class=\"status overall %s\">",
	    r.thr[0], r.thr[1], r.thr[2], r.thr[3], r.thr[4],
	    status_class(r.status));
	html_esc(&b, r.status);
	buf_adds(&b, "</span></p>\n</header>\n");
	if (r.ninst == 0)
		buf_adds(&b, "<p>no records</p>\n");
	else
		html_summary(&b, &r);
	for (i = 0; i < r.ninst; i++)
		html_inst(&b, &r.inst[i], i, &r);
	buf_adds(&b, "<footer>hdx-check QC report: counts, keys and rules "
	    "only, no record values; see hdx-check(5)</footer>\n</body>\n"
	    "</html>\n");
	rep_free(&r);
	return html_flush(fp, &b, "QC report", err, errlen);
}

/* Failing indicators. */

/* s as one word of a line: blanks and controls become '?'. */
static void
add_word(struct buf *b, const char *s)
{
	if (s == NULL || *s == '\0') {
		buf_addc(b, '-');
		return;
	}
	for (; *s != '\0'; s++)
		buf_addc(b, (unsigned char)*s <= 0x20 || *s == 0x7f ? '?' : *s);
}

static void
failing_line(struct buf *b, const char *org, const char *table,
    const struct ind *ind, int *n)
{
	int k;

	for (k = 0; k < NIND; k++) {
		if (ind[k].pass != 0)
			continue;
		add_word(b, org);
		buf_addc(b, '\t');
		add_word(b, table);
		buf_printf(b, "\t%s\t", ind_name[k]);
		if (ind[k].has_value)
			buf_printf(b, "%.2f", ind[k].value);
		else
			buf_adds(b, "n/a");
		buf_printf(b, "\t%g\n", ind[k].threshold);
		(*n)++;
	}
}

int
qcreport_failing(FILE *fp, const json_t *report, char *err, size_t errlen)
{
	struct rep r;
	struct buf b;
	size_t i, j;
	int n = 0;

	if (rep_read(&r, report, err, errlen) == -1)
		return -1;
	buf_init(&b);
	for (i = 0; i < r.ninst; i++) {
		failing_line(&b, r.inst[i].org, "-", r.inst[i].ind, &n);
		for (j = 0; j < r.inst[i].ntab; j++)
			failing_line(&b, r.inst[i].org, r.inst[i].tab[j].name,
			    r.inst[i].tab[j].ind, &n);
	}
	rep_free(&r);
	return html_flush(fp, &b, "QC report", err, errlen) == -1 ? -1 : n;
}
