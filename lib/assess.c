/*
 * assess.c - population, indicators, table-level findings and score.
 *
 * Every count is an integer and every percentage is rounded half-up to
 * hundredths with integer arithmetic, so the figures equal the platform's
 * to the last digit. Memory holds counts per (institution, table, day),
 * never records.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "hmap.h"
#include "standard.h"
#include "util.h"
#include "value.h"

enum { IND_COMPLETENESS, IND_CONFORMANCE, IND_CONSISTENCY, IND_TIMELINESS,
    IND_CONTINUITY, IND_N };

/* The computations are code; which indicator is which is indicators.csv. */
static const char *ind_names[IND_N] = { "completeness", "conformance",
    "consistency", "timeliness", "continuity" };

/* The record-level tallies of the records placed in the period. */
struct tally {
	unsigned long	 n;
	unsigned long	 num[IND_N], den[IND_N];
	unsigned long	*counts;	/* per rule x (field + 1), or NULL */
};

struct tstat {			/* one table of one institution */
	unsigned long	 n, undated;
	unsigned long	 num[IND_N], den[IND_N];
	struct hmap	*days;		/* YYYY-MM-DD -> count (all records) */
	unsigned long	*counts;	/* findings per rule x (field + 1) */
	struct tally	 future;	/* dated after today, while undecided */
};

struct inst {
	char		*org;
	struct tstat	*t;		/* per table of the standard */
};

struct tfields {		/* fields the assessment reads, per table */
	int		 org, update_time;
};

/*
 * The default period is the span of the business dates up to today; a
 * record dated after today is outside it, unless no record of the run is
 * dated up to today (then the period is the span of all dates). The
 * records come in one pass, so until the first record dated up to today
 * the later-dated ones are tallied apart (future), and either dropped
 * when one comes or counted at the end (assess_end()).
 */
struct assess {
	const struct standard *std;
	char		 today[11];
	char		 from[11], to[11];	/* the period, "" unknown */
	int		 explicit_period;
	int		 seen_past;	/* a record dated up to today came */
	char		 span_lo[11], span_hi[11];	/* dates <= today */
	char		 all_lo[11], all_hi[11];	/* all dates */
	struct hmap	*orgs;		/* org -> index + 1 */
	struct inst	*inst;
	size_t		 ninst;
	struct buf	 last_org;	/* the institution of the last record */
	size_t		 last_inst;
	struct tfields	*tf;		/* per table */
	int		 ind[IND_N];	/* index in std->indicator, -1 none */
	struct buf	 k;
};

/* ------------------------------------------------------------ dates */

/* Days since 1970-01-01 of a valid YYYY-MM-DD (civil calendar). */
static long
day_number(const char *s)
{
	long y = strtol(s, NULL, 10), m = strtol(s + 5, NULL, 10),
	    d = strtol(s + 8, NULL, 10), era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
day_string(long z, char out[11])
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	if (y < 0 || y > 9999)
		y = 0;		/* out of the standard's range: never a valid day */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000,
	    (unsigned)m % 100, (unsigned)d % 100);
}

static int
field_day(const struct std_field *f, const char *v, size_t len, char out[11])
{
	if ((f->type == STD_D && date_valid(v, len)) ||
	    (f->type == STD_DT && datetime_valid(v, len))) {
		memcpy(out, v, 10);
		out[10] = '\0';
		return 1;
	}
	return 0;
}

static int
record_day(const struct std_table *t, int ut, char *const *v,
    const size_t *len, char out[11])
{
	if (t->business_date >= 0 && field_day(&t->field[t->business_date],
	    v[t->business_date], len[t->business_date], out))
		return 1;
	return ut >= 0 && field_day(&t->field[ut], v[ut], len[ut], out);
}

int
assess_record_day(const struct std_table *t, char *const *v,
    const size_t *len, char out[11])
{
	return record_day(t, std_field_index(t, "update_time"), v, len, out);
}

/* ------------------------------------------------------- lifecycle */

struct assess *
assess_new(const struct standard *std, const char *today, const char *from,
    const char *to)
{
	struct assess *a = xcalloc(1, sizeof(*a));
	size_t i, j;

	a->std = std;
	snprintf(a->today, sizeof(a->today), "%s", today);
	if (from && to) {
		snprintf(a->from, sizeof(a->from), "%s", from);
		snprintf(a->to, sizeof(a->to), "%s", to);
		a->explicit_period = 1;
	}
	a->orgs = hmap_new();
	buf_init(&a->k);
	buf_init(&a->last_org);
	a->tf = xcalloc(std->ntables, sizeof(*a->tf));
	for (i = 0; i < std->ntables; i++) {
		a->tf[i].org = std_field_index(&std->table[i], "org_code");
		a->tf[i].update_time = std_field_index(&std->table[i],
		    "update_time");
	}
	for (i = 0; i < IND_N; i++) {
		a->ind[i] = -1;
		for (j = 0; j < std->nindicators; j++)
			if (strcmp(std->indicator[j].name, ind_names[i]) == 0)
				a->ind[i] = (int)j;
	}
	return a;
}

static void
free_tstat(struct tstat *s)
{
	size_t pos = 0;
	void *v;

	while (s->days && hmap_next(s->days, &pos, NULL, NULL, &v))
		free(v);
	hmap_free(s->days);
	free(s->counts);
	free(s->future.counts);
}

void
assess_free(struct assess *a)
{
	size_t i, j;

	if (a == NULL)
		return;
	for (i = 0; i < a->ninst; i++) {
		for (j = 0; j < a->std->ntables; j++)
			free_tstat(&a->inst[i].t[j]);
		free(a->inst[i].t);
		free(a->inst[i].org);
	}
	free(a->inst);
	hmap_free(a->orgs);
	buf_free(&a->k);
	buf_free(&a->last_org);
	free(a->tf);
	free(a);
}

/* The institution of a record: its org_code (README 6.1). Records come
 * in runs of one institution: the last one is asked first. */
static struct inst *
inst_of(struct assess *a, const struct std_table *t, char *const *v,
    const size_t *len)
{
	int of = a->tf[t - a->std->table].org;
	const char *org = of >= 0 ? v[of] : "";
	size_t n = of >= 0 ? len[of] : 0;
	int added;
	void **slot;

	if (a->ninst && a->last_org.len == n && (n == 0 ||
	    memcmp(a->last_org.data, org, n) == 0))
		return &a->inst[a->last_inst];
	slot = hmap_put(a->orgs, org, n, &added);
	if (added) {
		a->inst = xreallocarray(a->inst, a->ninst + 1, sizeof(*a->inst));
		a->inst[a->ninst].org = xstrndup(org, n);
		a->inst[a->ninst].t = xcalloc(a->std->ntables,
		    sizeof(struct tstat));
		*slot = (void *)(a->ninst + 1);
		a->ninst++;
	}
	a->last_inst = (size_t)*slot - 1;
	buf_reset(&a->last_org);
	buf_add(&a->last_org, org, n);
	return &a->inst[a->last_inst];
}

static struct tstat *
tstat_of(struct assess *a, struct inst *in, const struct std_table *t)
{
	struct tstat *s = &in->t[t - a->std->table];

	if (s->days == NULL)
		s->days = hmap_new();
	return s;
}

/* Counters per rule x (field + 1): rule pointers index std->rule. */
static size_t
ncounts(const struct assess *a, const struct std_table *t)
{
	return a->std->nrules * (t->nfields + 1);
}

static size_t
count_index(const struct assess *a, const struct std_table *t,
    const struct std_rule *rule, int field)
{
	return (size_t)(rule - a->std->rule) * (t->nfields + 1) +
	    (size_t)(field + 1);
}

static void
count(struct hmap *m, const char *key, size_t len, unsigned long n)
{
	unsigned long **slot = (unsigned long **)hmap_put(m, key, len, NULL);

	if (*slot == NULL)
		*slot = xcalloc(1, sizeof(unsigned long));
	**slot += n;
}

static void
widen(char lo[11], char hi[11], const char *d)
{
	if (lo[0] == '\0' || strcmp(d, lo) < 0)
		memcpy(lo, d, 11);
	if (hi[0] == '\0' || strcmp(d, hi) > 0)
		memcpy(hi, d, 11);
}

/* The day counts of every dated record, and the spans of their dates. */
static void
note_day(struct assess *a, struct tstat *s, const char *day)
{
	count(s->days, day, 10, 1);
	widen(a->all_lo, a->all_hi, day);
	if (strcmp(day, a->today) <= 0)
		widen(a->span_lo, a->span_hi, day);
}

void
assess_end(struct assess *a)
{
	size_t i, j, k;

	if (a->explicit_period)
		return;
	/* future business dates are not part of a default period */
	if (a->span_lo[0]) {
		memcpy(a->from, a->span_lo, 11);
		memcpy(a->to, a->span_hi, 11);
		return;
	}
	memcpy(a->from, a->all_lo, 11);
	memcpy(a->to, a->all_hi, 11);
	/* every record is dated after today: they are the period */
	for (i = 0; i < a->ninst; i++)
		for (j = 0; j < a->std->ntables; j++) {
			struct tstat *s = &a->inst[i].t[j];
			struct tally *f = &s->future;

			s->n += f->n;
			for (k = 0; k < IND_N; k++) {
				s->num[k] += f->num[k];
				s->den[k] += f->den[k];
			}
			for (k = 0; f->counts && k < ncounts(a,
			    &a->std->table[j]); k++) {
				if (s->counts == NULL)
					s->counts = xcalloc(ncounts(a,
					    &a->std->table[j]), sizeof(long));
				s->counts[k] += f->counts[k];
			}
		}
}

int
assess_pending_in(const struct assess *a)
{
	return !a->explicit_period && !a->seen_past;
}

/* --------------------------------------------------------- records */

static void
count_finding(struct assess *a, unsigned long **counts,
    const struct std_table *t, const struct std_rule *rule, int field)
{
	if (*counts == NULL)
		*counts = xcalloc(ncounts(a, t), sizeof(**counts));
	(*counts)[count_index(a, t, rule, field)]++;
}

static int
finding_counts_against(const struct assess *a, const struct rule_finding *f,
    int ind)
{
	return a->ind[ind] >= 0 && f->rule->indicator == a->ind[ind];
}

/* Received by due_hour:00:00 of the day after the record's day? */
static int
on_time(const struct assess *a, const char *day, const char *received)
{
	char due[24];

	day_string(day_number(day) + 1, due);
	snprintf(due + 10, sizeof(due) - 10, " %02u:00:00",
	    (unsigned)(a->std->scoring.due_hour / 10000) % 100);
	return strcmp(received, due) <= 0;
}

/* A record in the period: its share of the record-level indicators;
 * *late when it was received after its due time. */
static void
tally_record(struct assess *a, const struct std_table *t, unsigned long *n,
    unsigned long *num, unsigned long *den, unsigned long **counts,
    char *const *v, const size_t *len, const struct rule_finding *f,
    size_t nf, const char *day, const char *received, int *late)
{
	int conf = 0, cons = 0;
	size_t i, present, expected;

	(*n)++;
	expected = rules_expected(t, v, len, &present);
	num[IND_COMPLETENESS] += present;
	den[IND_COMPLETENESS] += expected;
	for (i = 0; i < nf; i++) {
		if (f[i].rule == NULL)
			continue;
		conf |= finding_counts_against(a, &f[i], IND_CONFORMANCE);
		cons |= finding_counts_against(a, &f[i], IND_CONSISTENCY);
		count_finding(a, counts, t, f[i].rule, f[i].field);
	}
	num[IND_CONFORMANCE] += !conf;
	den[IND_CONFORMANCE]++;
	num[IND_CONSISTENCY] += !cons;
	den[IND_CONSISTENCY]++;
	/* timeliness needs received_at: not applicable before upload */
	if (received == NULL || !datetime_valid(received, strlen(received)))
		return;
	den[IND_TIMELINESS]++;
	if (on_time(a, day, received))
		num[IND_TIMELINESS]++;
	else {
		*late = 1;
		if (t->builtin[RULE_TIMELINESS])
			count_finding(a, counts, t, t->builtin[RULE_TIMELINESS],
			    t->business_date);
	}
}

/* The first record dated up to today: the later-dated are out. */
static void
drop_future(struct assess *a)
{
	size_t i, j;

	a->seen_past = 1;
	for (i = 0; i < a->ninst; i++)
		for (j = 0; j < a->std->ntables; j++) {
			struct tally *f = &a->inst[i].t[j].future;

			free(f->counts);
			memset(f, 0, sizeof(*f));
		}
}

int
assess_record(struct assess *a, const struct std_table *t, char *const *v,
    const size_t *len, const struct rule_finding *f, size_t n,
    const char *received, int *late)
{
	struct tstat *s = tstat_of(a, inst_of(a, t, v, len), t);
	struct tally *fu = &s->future;
	char day[11];

	*late = 0;
	if (!record_day(t, a->tf[t - a->std->table].update_time, v, len,
	    day)) {
		s->undated++;
		return 0;
	}
	note_day(a, s, day);
	if (a->explicit_period) {
		if (strcmp(day, a->from) < 0 || strcmp(day, a->to) > 0)
			return 0;
	} else if (strcmp(day, a->today) > 0) {
		if (a->seen_past)
			return 0;
		tally_record(a, t, &fu->n, fu->num, fu->den, &fu->counts, v,
		    len, f, n, day, received, late);
		return ASSESS_PENDING;
	} else if (!a->seen_past)
		drop_future(a);
	tally_record(a, t, &s->n, s->num, s->den, &s->counts, v, len, f, n,
	    day, received, late);
	return 1;
}

/* ----------------------------------------------- table-level findings */

static unsigned long
day_count(const struct tstat *s, long day)
{
	char d[11];
	void **slot;

	if (s->days == NULL)
		return 0;
	day_string(day, d);
	slot = hmap_get(s->days, d, 10);
	return slot ? *(unsigned long *)*slot : 0;
}

static long
first_day(const struct tstat *s)
{
	long first = 0, z;
	size_t pos = 0;
	const char *key;
	int any = 0;

	while (s->days && hmap_next(s->days, &pos, &key, NULL, NULL)) {
		z = day_number(key);
		if (!any || z < first)
			first = z;
		any = 1;
	}
	return any ? first : LONG_MAX;
}

static int
cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Twice the median of the 7 days before day (README R15): kept doubled
 * so that it stays an integer. */
static unsigned long
median7x2(const struct tstat *s, long day)
{
	unsigned long c[7];
	int k;

	for (k = 1; k <= 7; k++)
		c[k - 1] = day_count(s, day - k);
	qsort(c, 7, sizeof(c[0]), cmp_ulong);
	return 2 * c[3];
}

static const struct std_token *
table_token(const struct std_table *t, enum rule_kind kind)
{
	size_t i, j;

	for (i = 0; i < t->nfields; i++)
		for (j = 0; j < t->field[i].ntokens; j++)
			if (t->field[i].token[j].rule->kind == kind)
				return &t->field[i].token[j];
	return NULL;
}

static int
is_daily(const struct std_table *t)
{
	return t->daily || table_token(t, RULE_CONTINUITY) != NULL;
}

/* A volume warning on day z: the count outside LO%..HI% of the median. */
static int
volume_out(const struct std_token *k, const struct tstat *s, long z,
    long first, double *lo, double *hi, double *med)
{
	unsigned long m2, c;

	if (first == LONG_MAX || z - first < 7 || (m2 = median7x2(s, z)) == 0)
		return 0;
	c = day_count(s, z);
	*med = m2 / 2.0;
	*lo = *med * k->lo.num / 100;
	*hi = *med * k->hi.num / 100;
	return c < *lo || c > *hi;
}

typedef void day_fn(struct assess *, struct inst *, const struct std_table *,
    struct tstat *, const struct std_rule *, long z, void *arg);

/* Calls fn for each (institution, daily table, day) finding of kind. */
static void
each_table_finding(struct assess *a, enum rule_kind kind, day_fn *fn,
    void *arg)
{
	const struct std_token *vk;
	double lo, hi, med;
	size_t i, j;
	long z, from, to, first;

	if (a->from[0] == '\0')
		return;
	from = day_number(a->from);
	to = day_number(a->to);
	for (i = 0; i < a->ninst; i++)
		for (j = 0; j < a->std->ntables; j++) {
			const struct std_table *t = &a->std->table[j];
			struct tstat *s = tstat_of(a, &a->inst[i], t);

			if (!is_daily(t) || a->std->builtin[kind] == NULL)
				continue;
			vk = table_token(t, RULE_VOLUME);
			first = first_day(s);
			for (z = from; z <= to; z++) {
				if (kind == RULE_CONTINUITY && day_count(s, z) == 0)
					fn(a, &a->inst[i], t, s,
					    a->std->builtin[kind], z, arg);
				if (kind == RULE_VOLUME && vk &&
				    volume_out(vk, s, z, first, &lo, &hi, &med))
					fn(a, &a->inst[i], t, s,
					    a->std->builtin[kind], z, arg);
			}
		}
}

struct emit_arg {
	assess_finding_fn *fn;
	void		  *arg;
};

static void
emit_day(struct assess *a, struct inst *in, const struct std_table *t,
    struct tstat *s, const struct std_rule *r, long z, void *arg)
{
	struct emit_arg *ea = arg;
	char d[11];

	(void)s;
	day_string(z, d);
	buf_reset(&a->k);
	buf_printf(&a->k, "%s+%s", in->org, d);
	ea->fn(ea->arg, t, a->k.data, r, t->business_date);
}

void
assess_table_findings(struct assess *a, assess_finding_fn *fn, void *arg)
{
	struct emit_arg ea = { fn, arg };

	each_table_finding(a, RULE_CONTINUITY, emit_day, &ea);
	each_table_finding(a, RULE_VOLUME, emit_day, &ea);
}

/* ----------------------------------------------------------- report */

/* A percentage in hundredths, rounded half-up; -1 for n/a. */
static long
percent_h(unsigned long num, unsigned long den)
{
	if (den == 0)
		return -1;
	return (long)((num * 20000ULL + den) / (2ULL * den));
}

static json_t *
indicator_json(const struct assess *a, int ind, unsigned long num,
    unsigned long den)
{
	const struct std_indicator *in = &a->std->indicator[a->ind[ind]];
	long v = percent_h(num, den);
	json_t *o = json_object();

	json_object_set_new(o, "numerator", json_integer((json_int_t)num));
	json_object_set_new(o, "denominator", json_integer((json_int_t)den));
	json_object_set_new(o, "value", v < 0 ? json_null() : json_real(v / 100.0));
	json_object_set_new(o, "threshold", json_real(in->threshold / 100.0));
	json_object_set_new(o, "pass", v < 0 ? json_null() :
	    json_boolean(v >= in->threshold));
	return o;
}

static void
day_tally(struct assess *a, struct inst *in, const struct std_table *t,
    struct tstat *s, const struct std_rule *r, long z, void *arg)
{
	json_t *warnings = arg;
	const struct std_token *k = table_token(t, RULE_VOLUME);
	double lo, hi, med;
	json_t *w, *band;
	char d[11];

	if (r->kind == RULE_CONTINUITY) {
		count_finding(a, &s->counts, t, r, t->business_date);
		s->den[IND_CONTINUITY]++;	/* a missing day */
		return;
	}
	volume_out(k, s, z, first_day(s), &lo, &hi, &med);
	count_finding(a, &s->counts, t, r, t->business_date);
	if (warnings == NULL)
		return;
	day_string(z, d);
	w = json_object();
	json_object_set_new(w, "org_code", json_string(in->org));
	json_object_set_new(w, "table", json_string(t->name));
	json_object_set_new(w, "date", json_string(d));
	json_object_set_new(w, "count", json_integer((json_int_t)day_count(s, z)));
	json_object_set_new(w, "median", json_real(med));
	band = json_array();
	json_array_append_new(band, json_real(lo));
	json_array_append_new(band, json_real(hi));
	json_object_set_new(w, "band", band);
	json_array_append_new(warnings, w);
}

struct rulecount {
	const char	*key;
	size_t		 len;
	unsigned long	 n;
};

static int
cmp_rulecount(const void *x, const void *y)
{
	const struct rulecount *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	if ((c = memcmp(a->key, b->key, n)) != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* The counters as "rule\x1ffield\x1flevel" -> count, the report's key. */
static struct hmap *
named_counts(const struct assess *a, const struct std_table *t,
    const struct tstat *s, struct buf *k)
{
	struct hmap *m = hmap_new();
	size_t i, nf = t->nfields + 1;
	void **slot;

	for (i = 0; s->counts && i < ncounts(a, t); i++) {
		const struct std_rule *rule = &a->std->rule[i / nf];
		int field = (int)(i % nf) - 1;

		if (s->counts[i] == 0)
			continue;
		buf_reset(k);
		buf_adds(k, rule->name);
		buf_addc(k, 0x1f);
		buf_adds(k, field >= 0 ? t->field[field].name : "");
		buf_addc(k, 0x1f);
		buf_adds(k, std_level_name(rule->level));
		slot = hmap_put(m, k->data, k->len, NULL);
		*slot = (void *)((size_t)*slot + s->counts[i]);
	}
	return m;
}

static json_t *
top_rules(struct assess *a, const struct std_table *t, const struct tstat *s,
    int top)
{
	struct hmap *m = named_counts(a, t, s, &a->k);
	struct rulecount *rc = xcalloc(hmap_count(m) + 1, sizeof(*rc));
	json_t *arr = json_array();
	size_t pos = 0, n = 0, i;
	void *v;

	while (hmap_next(m, &pos, &rc[n].key, &rc[n].len, &v))
		rc[n++].n = (unsigned long)(size_t)v;
	qsort(rc, n, sizeof(*rc), cmp_rulecount);
	for (i = 0; i < n && (int)i < top; i++) {
		char **part = strsplit(rc[i].key, 0x1f, NULL);
		json_t *o = json_object();

		json_object_set_new(o, "rule", json_string(part[0]));
		json_object_set_new(o, "field", json_string(part[1]));
		json_object_set_new(o, "level", json_string(part[2]));
		json_object_set_new(o, "count", json_integer((json_int_t)rc[i].n));
		json_array_append_new(arr, o);
		strvec_free(part);
	}
	free(rc);
	hmap_free(m);
	return arr;
}

static json_t *
daily_json(const struct assess *a, const struct tstat *s)
{
	json_t *arr = json_array(), *o;
	long z, to = day_number(a->to);
	char d[11];

	for (z = day_number(a->from); z <= to; z++) {
		day_string(z, d);
		o = json_object();
		json_object_set_new(o, "date", json_string(d));
		json_object_set_new(o, "records",
		    json_integer((json_int_t)day_count(s, z)));
		json_array_append_new(arr, o);
	}
	return arr;
}

static const char *
status_of(json_t *ind)
{
	const char *key;
	json_t *v;
	int fail = 0, any = 0;

	json_object_foreach(ind, key, v) {
		json_t *p = json_object_get(v, "pass");

		if (json_is_false(p))
			fail = 1;
		if (!json_is_null(p))
			any = 1;
	}
	return fail ? "FAIL" : any ? "PASS" : "N/A";
}

/* The warnings of one institution's table. */
static json_t *
warnings_of(json_t *warnings, const char *org, const char *table)
{
	json_t *out = json_array(), *w;
	size_t i;

	json_array_foreach(warnings, i, w)
		if (strcmp(json_string_value(json_object_get(w, "org_code")),
		    org) == 0 && strcmp(json_string_value(json_object_get(w,
		    "table")), table) == 0)
			json_array_append(out, w);
	return out;
}

static json_t *
table_json(struct assess *a, const struct inst *in, const struct std_table *t,
    struct tstat *s, json_t *warnings, int top, unsigned long *tot_num,
    unsigned long *tot_den)
{
	json_t *o = json_object(), *ind = json_object();
	json_t *vw = warnings_of(warnings, in->org, t->name);
	size_t i;
	int daily = is_daily(t);
	long days = a->from[0] ? day_number(a->to) - day_number(a->from) + 1 : 0;

	if (daily) {
		/* continuity: days with records over the days of the period */
		s->num[IND_CONTINUITY] = (unsigned long)days - s->den[IND_CONTINUITY];
		s->den[IND_CONTINUITY] = (unsigned long)days;
	} else
		s->num[IND_CONTINUITY] = s->den[IND_CONTINUITY] = 0;
	for (i = 0; i < IND_N; i++) {
		json_object_set_new(ind, ind_names[i],
		    indicator_json(a, (int)i, s->num[i], s->den[i]));
		tot_num[i] += s->num[i];
		tot_den[i] += s->den[i];
	}
	json_object_set_new(o, "table", json_string(t->name));
	json_object_set_new(o, "name_zh", json_string(t->name_zh));
	json_object_set_new(o, "daily", json_boolean(daily));
	json_object_set_new(o, "records", json_integer((json_int_t)s->n));
	json_object_set_new(o, "undated", json_integer((json_int_t)s->undated));
	json_object_set_new(o, "indicators", ind);
	json_object_set_new(o, "volume_warnings", vw);
	json_object_set_new(o, "top_rules", top_rules(a, t, s, top));
	json_object_set_new(o, "status", json_string(status_of(ind)));
	json_object_set_new(o, "daily_counts", daily ? daily_json(a, s) : json_array());
	return o;
}

/* score = sum of weight x indicator (n/a as 1) - volume deduction. */
static json_t *
score_json(const struct assess *a, json_t *inst, const unsigned long *num,
    const unsigned long *den, size_t nwarn)
{
	const struct std_scoring *sc = &a->std->scoring;
	long long s4 = 0, ded;
	long v, score_h;
	json_t *na = json_array();
	const char *grade;
	size_t i;

	for (i = 0; i < IND_N; i++) {
		v = percent_h(num[i], den[i]);
		if (v < 0) {
			json_array_append_new(na, json_string(ind_names[i]));
			v = 10000;
		}
		s4 += (long long)a->std->indicator[a->ind[i]].weight * v / 10000;
	}
	ded = (long long)sc->volume_deduction * (long long)nwarn;
	if (ded > sc->volume_cap)
		ded = sc->volume_cap;
	s4 -= ded;		/* both in 1/10000 of a point */
	score_h = s4 <= 0 ? 0 : (long)((s4 + 50) / 100);
	grade = score_h * 100 >= sc->grade_pass ? "达标" :
	    score_h * 100 >= sc->grade_conditional ? "基本达标" : "不达标";
	json_object_set_new(inst, "volume_warnings", json_integer((json_int_t)nwarn));
	json_object_set_new(inst, "volume_deduction", json_real(ded / 10000.0));
	json_object_set_new(inst, "score", json_real(score_h / 100.0));
	json_object_set_new(inst, "grade", json_string(grade));
	json_object_set_new(inst, "not_applicable_scored_as_full", na);
	return inst;
}

static int
cmp_inst(const void *x, const void *y)
{
	return strcmp(((const struct inst *)x)->org, ((const struct inst *)y)->org);
}

static json_t *
inst_json(struct assess *a, struct inst *in, json_t *warnings, int top)
{
	unsigned long num[IND_N] = { 0 }, den[IND_N] = { 0 }, undated = 0;
	json_t *o = json_object(), *tables = json_array(), *ind = json_object();
	size_t i, nwarn = 0;

	for (i = 0; i < a->std->ntables; i++) {
		struct tstat *s = tstat_of(a, in, &a->std->table[i]);
		json_t *t = table_json(a, in, &a->std->table[i], s, warnings,
		    top, num, den);

		nwarn += json_array_size(json_object_get(t, "volume_warnings"));
		undated += s->undated;
		json_array_append_new(tables, t);
	}
	for (i = 0; i < IND_N; i++)
		json_object_set_new(ind, ind_names[i],
		    indicator_json(a, (int)i, num[i], den[i]));
	json_object_set_new(o, "org_code", json_string(in->org));
	json_object_set_new(o, "tables", tables);
	json_object_set_new(o, "indicators", ind);
	json_object_set_new(o, "undated", json_integer((json_int_t)undated));
	score_json(a, o, num, den, nwarn);
	json_object_set_new(o, "status", json_string(
	    strcmp(status_of(ind), "FAIL") == 0 ? "FAIL" : "PASS"));
	return o;
}

static json_t *
thresholds_json(const struct assess *a)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < IND_N; i++)
		json_object_set_new(o, ind_names[i], json_real(
		    a->std->indicator[a->ind[i]].threshold / 100.0));
	return o;
}

/* Per institution: one pass over the table-level findings fills the
 * counts and the volume warnings, then each table's figures. */
json_t *
assess_report(struct assess *a, int top, char *err, size_t errlen)
{
	json_t *r, *insts, *warnings = json_array(), *period = json_object();
	const char *status = "N/A";
	size_t i;

	for (i = 0; i < IND_N; i++)
		if (a->ind[i] < 0 || !a->std->scoring.present) {
			json_decref(warnings);
			json_decref(period);
			seterr(err, errlen, "%s: no %s: the standard has no "
			    "indicators.csv or scoring.csv", a->std->dir,
			    ind_names[i]);
			return NULL;
		}
	qsort(a->inst, a->ninst, sizeof(*a->inst), cmp_inst);
	each_table_finding(a, RULE_CONTINUITY, day_tally, NULL);
	each_table_finding(a, RULE_VOLUME, day_tally, warnings);
	insts = json_array();
	for (i = 0; i < a->ninst; i++) {
		json_t *one = inst_json(a, &a->inst[i], warnings, top);

		if (strcmp(json_string_value(json_object_get(one, "status")),
		    "FAIL") == 0)
			status = "FAIL";
		else if (strcmp(status, "N/A") == 0)
			status = "PASS";
		json_array_append_new(insts, one);
	}
	json_object_set_new(period, "from", a->from[0] ? json_string(a->from) :
	    json_null());
	json_object_set_new(period, "to", a->to[0] ? json_string(a->to) :
	    json_null());
	r = json_object();
	json_object_set_new(r, "standard", json_string(a->std->dir));
	json_object_set_new(r, "period", period);
	json_object_set_new(r, "today", json_string(a->today));
	json_object_set_new(r, "thresholds", thresholds_json(a));
	json_object_set_new(r, "institutions", insts);
	json_object_set_new(r, "status", json_string(status));
	json_decref(warnings);
	return r;
}
