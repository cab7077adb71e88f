/*
 * qc.c - a QC run: one pass checks every record and routes it to its
 * valid output or to the rejects.
 *
 * The cross-record rules need what other records offer (ref keys, sum
 * shares) before a record is checked. Inputs are checked in the order
 * given, so an input whose offers are read only by inputs checked after
 * it offers them as it is checked; only an input read by itself or by an
 * input before it (dept_info's parent_dept_code, patient_info read by
 * every table before it in a --dir run) is read once more ahead, for its
 * offers alone. The fact tables of a night (fee details, orders, results)
 * are read once. The assessment takes each record once (assess.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "qc.h"
#include "cross.h"
#include "csvio.h"
#include "knownkeys.h"
#include "ledger.h"
#include "payload.h"
#include "rules.h"
#include "standard.h"
#include "tabin.h"
#include "util.h"

const char *const qc_rejects_header[QC_REJECTS_COLUMNS] = {
	"table", "line", "primary_key", "rule", "field", "level", "message",
	"stage",
};

struct finding {
	int			 field;	/* -1: the record as a whole */
	const struct std_rule	*rule;
	const char		*rule_name;
	size_t			 why;	/* offset in qc.whys, */
	const char		*lasting;	/* ... or a constant */
};

struct input {
	const struct std_table	*t;
	char			*name;
	FILE			*in;
	FILE			*valid;
	char			*valid_name;
	struct csv_writer	*vw;
	int			 uf, ut, of;	/* unique, update_time, org_code */
	struct rules_plan	*plan;		/* its record rules */
	int			 offers;	/* cross_add() its records */
	int			 ahead;		/* ... in a read of its own first */
	struct qc_stats	 st;
};

struct qc {
	const struct standard	*std;
	char			 today[11];
	enum qc_policy	 policy;
	struct cross		*cross;
	struct input		*in;
	size_t			 nin;
	FILE			*out[3];	/* rejects, findings, per-record */
	char			*out_name[3];
	struct csv_writer	*w[3];
	struct finding		*f;		/* findings of the current record */
	struct rule_finding	*rf;		/* the same, for the assessment */
	size_t			 nf, capf;
	struct buf		 whys;		/* their reasons, NUL-separated */
	FILE			*pending;	/* per-record lines of records */
	struct csv_writer	*pw;		/* ... the assessment holds */
	struct assess		*assess;
	struct ledger		*ledger;	/* keys accepted earlier, or NULL */
	struct knownkeys	*known;		/* ... as the checks ask */
	int			 delivered;	/* timeliness from the ledger */
	char			*from, *to;	/* the report's period, or NULL */
	struct buf		 key;
	const struct tabin_record *key_of;	/* the record key is of */
};

enum { OUT_REJECTS, OUT_FINDINGS, OUT_PER_RECORD };

struct qc *
qc_new(const struct standard *std, const char *today,
    enum qc_policy policy)
{
	struct qc *ck = xcalloc(1, sizeof(*ck));

	ck->std = std;
	snprintf(ck->today, sizeof(ck->today), "%s", today);
	ck->policy = policy;
	ck->cross = cross_new(std);
	buf_init(&ck->key);
	buf_init(&ck->whys);
	return ck;
}

static void
clear_findings(struct qc *ck)
{
	ck->nf = 0;
	buf_reset(&ck->whys);
}

static const char *
why_of(const struct qc *ck, const struct finding *f)
{
	return f->lasting ? f->lasting : ck->whys.data + f->why;
}

void
qc_free(struct qc *ck)
{
	size_t i;

	if (ck == NULL)
		return;
	clear_findings(ck);
	free(ck->f);
	free(ck->rf);
	free(ck->from);
	free(ck->to);
	assess_free(ck->assess);
	knownkeys_free(ck->known);
	for (i = 0; i < ck->nin; i++) {
		free(ck->in[i].name);
		free(ck->in[i].valid_name);
		rules_plan_free(ck->in[i].plan);
	}
	free(ck->in);
	for (i = 0; i < 3; i++)
		free(ck->out_name[i]);
	cross_free(ck->cross);
	buf_free(&ck->key);
	buf_free(&ck->whys);
	if (ck->pw)
		csvw_free(ck->pw);
	if (ck->pending)
		fclose(ck->pending);
	free(ck);
}

void
qc_set_outputs(struct qc *ck, FILE *rejects, FILE *findings,
    FILE *per_record, const char *rn, const char *fn, const char *pn)
{
	FILE *fp[3] = { rejects, findings, per_record };
	const char *names[3] = { rn, fn, pn };
	size_t i;

	for (i = 0; i < 3; i++) {
		ck->out[i] = fp[i];
		ck->out_name[i] = xstrdup(names[i] ? names[i] : "stdout");
	}
}

void
qc_add_input(struct qc *ck, const struct std_table *t,
    const char *name, FILE *in, FILE *valid, const char *valid_name)
{
	struct input *p;

	ck->in = xreallocarray(ck->in, ck->nin + 1, sizeof(*ck->in));
	p = &ck->in[ck->nin++];
	memset(p, 0, sizeof(*p));
	p->t = t;
	p->name = xstrdup(name);
	p->in = in;
	p->valid = valid;
	p->valid_name = xstrdup(valid_name ? valid_name : "stdout");
	p->uf = cross_unique_field(t);
	p->ut = std_field_index(t, "update_time");
	p->of = std_field_index(t, "org_code");
	p->plan = rules_plan_new(t);
}

/* ------------------------------------------------- the offers ahead */

/*
 * An input read twice must be seekable: a pipe is copied to an unlinked
 * temporary file first (only then: the usual night reads it once).
 */
static int
make_rereadable(struct input *p, char *err, size_t errlen)
{
	char buf[1 << 16];
	struct stat sb;
	size_t n;
	FILE *fp;

	/* no descriptor: a sealed file, which rewinds (sealfile.h) */
	if (fileno(p->in) == -1 ||
	    (fstat(fileno(p->in), &sb) == 0 && S_ISREG(sb.st_mode)))
		return 0;
	if ((fp = tmpfile()) == NULL)
		return seterr(err, errlen, "temporary file: %s", strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), p->in)) > 0)
		if (fwrite(buf, 1, n, fp) != n)
			break;
	if (ferror(p->in) || ferror(fp) || fflush(fp) == EOF) {
		seterr(err, errlen, "%s: %s", ferror(p->in) ? p->name :
		    "temporary file", strerror(errno));
		fclose(fp);
		return -1;
	}
	if (p->in != stdin)
		fclose(p->in);
	rewind(fp);
	p->in = fp;
	return 0;
}

static int
offer_ahead(struct qc *ck, struct input *p, char *err, size_t errlen)
{
	struct tabin_record *r;
	struct tabin *ti;
	int rc;

	if (make_rereadable(p, err, errlen) == -1)
		return -1;
	if ((ti = tabin_open(p->in, p->name, p->t, err, errlen)) == NULL)
		return -1;
	while ((rc = tabin_next(ti, &r)) == 1)
		if (!r->ragged)
			cross_add(ck->cross, p->t, r->v, r->len);
	if (rc == -1)
		seterr(err, errlen, "%s", tabin_error(ti));
	tabin_free(ti);
	if (rc == 0 && fseek(p->in, 0, SEEK_SET) == -1)
		rc = seterr(err, errlen, "%s: %s", p->name, strerror(errno));
	return rc;
}

/* Which inputs offer, and which must offer ahead of their check. */
static void
plan_offers(struct qc *ck)
{
	size_t i, j;

	for (i = 0; i < ck->nin; i++)
		cross_expect(ck->cross, ck->in[i].t);
	for (i = 0; i < ck->nin; i++) {
		struct input *p = &ck->in[i];

		p->offers = cross_offers(ck->cross, p->t);
		for (j = 0; j <= i && p->offers && !p->ahead; j++)
			p->ahead = cross_feeds(ck->cross, p->t, ck->in[j].t);
	}
}

/* ------------------------------------------------------- the check */

static struct finding *
next_finding(struct qc *ck)
{
	if (ck->nf == ck->capf) {
		ck->capf = ck->capf ? ck->capf * 2 : 16;
		ck->f = xreallocarray(ck->f, ck->capf, sizeof(*ck->f));
		ck->rf = xreallocarray(ck->rf, ck->capf, sizeof(*ck->rf));
	}
	return &ck->f[ck->nf++];
}

static void
add_finding(void *arg, const struct rule_finding *rf)
{
	struct qc *ck = arg;
	struct finding *f;

	f = next_finding(ck);
	f->field = rf->field;
	f->rule = rf->rule;
	f->rule_name = rf->rule->name;
	/* a record of the first night has a ref warning per catalogue:
	 * their constant reasons are not copied */
	f->lasting = rf->lasting ? rf->why : NULL;
	if (!rf->lasting) {
		f->why = ck->whys.len;
		buf_add(&ck->whys, rf->why, strlen(rf->why) + 1);
	}
}

/*
 * The key store: a ref value not in the submission is satisfied by a
 * key delivered earlier. The store keeps key digests only (api.md 6), so
 * this answers for targets whose key is org_code and the referenced
 * field, which is every ref of the standard; other targets stay missing.
 */
static int
known_earlier(void *arg, const struct std_table *t, int field,
    const char *org, size_t orglen, const char *v, size_t len)
{
	struct qc *ck = arg;
	int of = std_field_index(t, "org_code");

	if (of < 0 || t->nkey != 2 || t->key[0] != of || t->key[1] != field)
		return 0;
	switch (knownkeys_ref(ck->known, t, field, org, orglen, v, len)) {
	case KNOWNKEYS_YES:
		return 1;
	case KNOWNKEYS_NONE:
		return -1;
	default:
		return 0;
	}
}

void
qc_set_delivered(struct qc *ck)
{
	ck->delivered = 1;
}

/*
 * After upload: when the platform received the version of the record's
 * key it assesses (the ledger, hdx-upload's record of receipts), or NULL
 * when it never got one. The input is what was sent (the valid files).
 */
static const char *
received_at(struct qc *ck, const struct std_table *t,
    const struct tabin_record *r, char out[20])
{
	char hex[65], err[128], upd[20], *org;
	int of, rc;

	if (!ck->delivered || ck->ledger == NULL)
		return NULL;	/* before upload: asked of every record */
	if ((of = std_field_index(t, "org_code")) < 0 ||
	    payload_key_digest(t, r->v, r->len, hex, err, sizeof(err)) == -1)
		return NULL;
	org = xstrndup(r->v[of], r->len[of]);
	rc = ledger_key_received(ck->ledger, t->name, org, hex, out, upd);
	free(org);
	return rc > 0 && out[0] ? out : NULL;
}

void
qc_set_ledger(struct qc *ck, struct ledger *l)
{
	ck->ledger = l;
	knownkeys_free(ck->known);
	ck->known = l ? knownkeys_new(l) : NULL;
	cross_set_known(ck->cross, l ? known_earlier : NULL, ck);
}

/* A stale re-send (R12): older than the version delivered earlier. */
/* Starts the question stale_finding() answers (knownkeys.h); 1 when
 * there is one: the key store, and a typed unique key and update_time. */
static int
stale_start(struct qc *ck, const struct input *p,
    const struct tabin_record *r)
{
	const struct std_table *t = p->t;
	int uf = p->uf, ut = p->ut;

	if (ck->known == NULL || uf < 0 || ut < 0 || p->of < 0 ||
	    !rules_typed(&t->field[uf], r->v[uf], r->len[uf]) ||
	    !rules_typed(&t->field[ut], r->v[ut], r->len[ut]))
		return 0;
	knownkeys_start(ck->known, t, r->v, r->len, p->of, r->v[ut],
	    r->len[ut]);
	return 1;
}

static void
stale_finding(struct qc *ck, const struct input *p)
{
	const struct std_table *t = p->t;
	struct rule_finding rf;

	if (!knownkeys_newer(ck->known))
		return;
	rf.field = p->uf;
	rf.rule = t->builtin[RULE_UNIQUE];
	rf.why = "an update_time not older than the version delivered earlier";
	rf.lasting = 1;
	if (rf.rule)
		add_finding(ck, &rf);
}

/* The record's primary key, built on first use (ck->key_of). */
static const char *
primary_key(struct qc *ck, const struct std_table *t,
    const struct tabin_record *r)
{
	size_t i;

	if (ck->key_of == r)
		return ck->key.data ? ck->key.data : "";
	ck->key_of = r;
	buf_reset(&ck->key);
	for (i = 0; i < t->nkey; i++) {
		if (i)
			buf_addc(&ck->key, '+');
		buf_add(&ck->key, r->v[t->key[i]], r->len[t->key[i]]);
	}
	return ck->key.data ? ck->key.data : "";
}

/* What the channel cannot carry (api.md 2.1): held whatever the policy. */
static int
unsendable(const struct std_table *t, const struct tabin_record *r,
    const struct finding *f, size_t nf)
{
	size_t i;

	if (r->ragged)
		return 1;
	for (i = 0; i < t->nkey; i++)
		if (r->len[t->key[i]] == 0)
			return 1;
	for (i = 0; i < nf; i++)
		if (f[i].rule && (f[i].rule->kind == RULE_TYPE ||
		    f[i].rule->kind == RULE_LENGTH))
			return 1;
	return 0;
}

static int
held(const struct qc *ck, const struct std_table *t,
    const struct tabin_record *r)
{
	size_t i;

	if (unsendable(t, r, ck->f, ck->nf))
		return 1;
	if (ck->policy == POLICY_SEND)
		return 0;
	for (i = 0; i < ck->nf; i++)
		if (ck->f[i].rule && ck->f[i].rule->level == LEVEL_ERROR)
			return 1;
	return 0;
}

static const char *
level_of(const struct finding *f)
{
	return f->rule ? std_level_name(f->rule->level) : "error";
}

/* The lines of records the assessment holds undecided go to a file of
 * their own, appended at the end or dropped (assess.h). */
static struct csv_writer *
pending_writer(struct qc *ck)
{
	if (ck->pw == NULL) {
		if ((ck->pending = tmpfile()) == NULL)
			return NULL;
		ck->pw = csvw_new(ck->pending);
	}
	return ck->pw;
}

static void
drop_pending(struct qc *ck)
{
	if (ck->pw)
		csvw_free(ck->pw);
	if (ck->pending)
		fclose(ck->pending);
	ck->pw = NULL;
	ck->pending = NULL;
}

static void
write_per_record(struct qc *ck, const struct std_table *t, const char *pk,
    const struct std_rule *rule, int field, int assessed)
{
	struct csv_writer *w = ck->w[OUT_PER_RECORD];
	char *v[5];

	if (w == NULL || !assessed)
		return;
	if (assessed == ASSESS_PENDING && (w = pending_writer(ck)) == NULL)
		w = ck->w[OUT_PER_RECORD];	/* reported by close_all */
	v[0] = t->name;
	v[1] = (char *)pk;
	v[2] = rule->name;
	v[3] = field >= 0 ? t->field[field].name : "";
	v[4] = (char *)std_level_name(rule->level);
	csvw_record(w, v, NULL, 5);
}

/* Appends the pending lines when the assessment counts them. */
static int
flush_pending(struct qc *ck, char *err, size_t errlen)
{
	char buf[1 << 16];
	size_t n;
	int rc = 0;

	if (ck->pw == NULL || !assess_pending_in(ck->assess)) {
		drop_pending(ck);
		return 0;
	}
	if (csvw_free(ck->pw) == -1 || fflush(ck->pending) == EOF ||
	    csvw_flush(ck->w[OUT_PER_RECORD]) == -1)
		rc = seterr(err, errlen, "%s: %s", ck->out_name[OUT_PER_RECORD],
		    strerror(errno));
	ck->pw = NULL;
	rewind(ck->pending);
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), ck->pending)) > 0)
		if (fwrite(buf, 1, n, ck->out[OUT_PER_RECORD]) != n)
			rc = seterr(err, errlen, "%s: %s",
			    ck->out_name[OUT_PER_RECORD], strerror(errno));
	if (rc == 0 && ferror(ck->pending))
		rc = seterr(err, errlen, "temporary file: %s", strerror(errno));
	drop_pending(ck);
	return rc;
}

/* A table-level finding of the assessment, for --per-record. */
static void
table_finding(void *arg, const struct std_table *t, const char *key,
    const struct std_rule *rule, int field)
{
	write_per_record(arg, t, key, rule, field, 1);
}

static void
write_findings(struct qc *ck, const struct input *p,
    const struct tabin_record *r, int assessed)
{
	const struct std_table *t = p->t;
	const char *pk = "";
	char row[32];
	size_t i;

	if (ck->nf == 0 || (ck->w[OUT_FINDINGS] == NULL &&
	    (ck->w[OUT_PER_RECORD] == NULL || !assessed)))
		return;
	if (ck->w[OUT_PER_RECORD] && assessed)
		pk = primary_key(ck, t, r);
	snprintf(row, sizeof(row), "%lu", r->row);
	for (i = 0; i < ck->nf; i++) {
		const struct finding *f = &ck->f[i];
		char *fname = f->field >= 0 ? t->field[f->field].name : "";
		char *v[5];

		if (f->rule == NULL)
			continue;	/* not a rule of the standard */
		v[0] = t->name;
		v[2] = (char *)f->rule_name;
		v[3] = fname;
		v[4] = (char *)level_of(f);
		if (ck->w[OUT_FINDINGS]) {
			v[1] = row;
			csvw_record(ck->w[OUT_FINDINGS], v, NULL, 5);
		}
		write_per_record(ck, t, pk, f->rule, f->field, assessed);
	}
}

static void
write_rejects(struct qc *ck, const struct input *p,
    const struct tabin_record *r, int is_held)
{
	const char *pk = NULL;
	char line[32];
	size_t i;

	if (ck->w[OUT_REJECTS] == NULL)
		return;
	for (i = 0; i < ck->nf; i++) {
		const struct finding *f = &ck->f[i];
		char *v[QC_REJECTS_COLUMNS];

		/* warnings of a record that goes out are in the findings */
		if (!is_held && f->rule && f->rule->level == LEVEL_WARNING)
			continue;
		if (pk == NULL) {
			pk = primary_key(ck, p->t, r);
			snprintf(line, sizeof(line), "%lu", r->line);
		}
		v[0] = p->t->name;
		v[1] = line;
		v[2] = (char *)pk;
		v[3] = (char *)f->rule_name;
		v[4] = f->field >= 0 ? p->t->field[f->field].name : "";
		v[5] = (char *)level_of(f);
		v[6] = (char *)why_of(ck, f);
		v[7] = is_held ? "check" : "check-sent";
		csvw_record(ck->w[OUT_REJECTS], v, NULL, QC_REJECTS_COLUMNS);
	}
}

static void
ragged_finding(struct qc *ck, const struct tabin_record *r,
    size_t ncols)
{
	struct finding *f;
	char why[96];

	snprintf(why, sizeof(why), "%zu columns as in the header; the record "
	    "has %zu", ncols, r->ncols);
	f = next_finding(ck);
	f->field = -1;
	f->rule = NULL;
	f->rule_name = "columns";
	f->lasting = NULL;
	f->why = ck->whys.len;
	buf_add(&ck->whys, why, strlen(why) + 1);
}

/* A record that goes out, as read: from a plain line, without looking
 * for bytes to quote (its line copied whole when the columns are in the
 * table's order). */
static void
write_valid(struct csv_writer *w, const struct std_table *t,
    const struct tabin_record *r)
{
	if (!r->plain)
		csvw_record(w, r->v, r->len, t->nfields);
	else
		csvw_plain_record(w, r->v, r->len, t->nfields);
}

static void
qc_record(struct qc *ck, struct input *p, const struct tabin_record *r,
    size_t ncols)
{
	int h, assessed = 0, late = 0, stale;
	char when[20];

	clear_findings(ck);
	ck->key_of = NULL;
	if (r->ragged)
		ragged_finding(ck, r, ncols);
	else {
		cross_prefetch(ck->cross, p->t, r->v, r->len);
		stale = stale_start(ck, p, r);
		cross_prefetch_keys(ck->cross, p->t);
		rules_check(p->plan, r->v, r->len, ck->today, add_finding, ck);
		cross_check(ck->cross, p->t, r->v, r->len, add_finding, ck);
		if (stale)
			stale_finding(ck, p);
		if (p->offers && !p->ahead)
			cross_add(ck->cross, p->t, r->v, r->len);
	}
	h = held(ck, p->t, r);
	for (size_t i = 0; i < ck->nf; i++) {
		ck->rf[i].field = ck->f[i].field;
		ck->rf[i].rule = ck->f[i].rule;
		ck->rf[i].why = why_of(ck, &ck->f[i]);
	}
	if (!r->ragged) {
		assessed = assess_record(ck->assess, p->t, r->v, r->len, ck->rf,
		    ck->nf, received_at(ck, p->t, r, when), &late);
		if (ck->pending && !assess_pending_in(ck->assess))
			drop_pending(ck);
	}
	write_findings(ck, p, r, assessed);
	if (late && p->t->builtin[RULE_TIMELINESS])
		write_per_record(ck, p->t, primary_key(ck, p->t, r),
		    p->t->builtin[RULE_TIMELINESS], p->t->business_date,
		    assessed);
	write_rejects(ck, p, r, h);
	p->st.records++;
	p->st.held += h;
	for (size_t i = 0; i < ck->nf; i++) {
		if (ck->f[i].rule && ck->f[i].rule->level == LEVEL_WARNING)
			p->st.warnings++;
		else
			p->st.errors++;
	}
	if (!h && p->vw)
		write_valid(p->vw, p->t, r);
}

static void
valid_header(struct input *p)
{
	size_t i;

	for (i = 0; i < p->t->nfields; i++)
		csvw_field(p->vw, p->t->field[i].name,
		    strlen(p->t->field[i].name));
	csvw_end(p->vw);
}

/* How many records an input file holds, from its size and the length
 * of its first record: the key store takes a set of keys into memory at
 * once when the questions will be many (knownkeys.h). */
static void
expect_records(struct qc *ck, const struct input *p,
    const struct tabin_record *r)
{
	struct stat sb;
	size_t i, line = 1;

	if (ck->known == NULL || fstat(fileno(p->in), &sb) == -1 ||
	    !S_ISREG(sb.st_mode))
		return;
	for (i = 0; i < p->t->nfields; i++)
		line += r->len[i] + 1;
	knownkeys_expect(ck->known, (unsigned long)sb.st_size / line);
}

static int
qc_input(struct qc *ck, struct input *p, char *err, size_t errlen)
{
	struct tabin_record *r;
	struct tabin *ti;
	int rc;

	if ((ti = tabin_open(p->in, p->name, p->t, err, errlen)) == NULL)
		return -1;
	if (p->valid) {
		p->vw = csvw_new(p->valid);
		valid_header(p);
	}
	cross_begin(ck->cross, p->t);
	while ((rc = tabin_next(ti, &r)) == 1) {
		if (r->row == 1)
			expect_records(ck, p, r);
		qc_record(ck, p, r, tabin_columns(ti));
	}
	if (rc == -1)
		seterr(err, errlen, "%s", tabin_error(ti));
	tabin_free(ti);
	return rc;
}

/* ------------------------------------------------------------- run */

static void
open_writers(struct qc *ck)
{
	static char *const fhdr[] = { "table", "row", "rule", "field", "level" };
	static char *const phdr[] = { "table", "primary_key", "rule", "field",
	    "level" };
	size_t i;

	for (i = 0; i < 3; i++)
		if (ck->out[i])
			ck->w[i] = csvw_new(ck->out[i]);
	if (ck->w[OUT_REJECTS])
		csvw_record(ck->w[OUT_REJECTS], (char *const *)qc_rejects_header,
		    NULL, QC_REJECTS_COLUMNS);
	if (ck->w[OUT_FINDINGS])
		csvw_record(ck->w[OUT_FINDINGS], fhdr, NULL, 5);
	if (ck->w[OUT_PER_RECORD])
		csvw_record(ck->w[OUT_PER_RECORD], phdr, NULL, 5);
}

/* The first failure wins; a failed write is QC_EWRITE. The caller
 * closes the file (and syncs and renames it). */
static int
close_file(FILE *fp, struct csv_writer *w, const char *name, char *err,
    size_t errlen, int status)
{
	int failed;

	failed = w && csvw_free(w) == -1;
	if (fp != NULL && (fflush(fp) == EOF || ferror(fp)))
		failed = 1;
	if (failed && status == 0) {
		seterr(err, errlen, "%s: %s", name, strerror(errno));
		status = QC_EWRITE;
	}
	return status;
}

static int
close_all(struct qc *ck, char *err, size_t errlen, int status)
{
	size_t i;

	for (i = 0; i < ck->nin; i++) {
		status = close_file(ck->in[i].valid, ck->in[i].vw,
		    ck->in[i].valid_name, err, errlen, status);
		ck->in[i].vw = NULL;
		ck->in[i].valid = NULL;
		if (ck->in[i].in)
			fclose(ck->in[i].in);
		ck->in[i].in = NULL;
	}
	for (i = 0; i < 3; i++) {
		status = close_file(ck->out[i], ck->w[i], ck->out_name[i], err,
		    errlen, status);
		ck->out[i] = NULL;
		ck->w[i] = NULL;
	}
	return status;
}

int
qc_run(struct qc *ck, char *err, size_t errlen)
{
	int status = 0;
	size_t i;

	ck->assess = assess_new(ck->std, ck->today, ck->from, ck->to);
	plan_offers(ck);
	for (i = 0; i < ck->nin && status == 0; i++)
		if (ck->in[i].ahead)
			status = offer_ahead(ck, &ck->in[i], err, errlen);
	if (status == 0)
		open_writers(ck);
	for (i = 0; i < ck->nin && status == 0; i++)
		status = qc_input(ck, &ck->in[i], err, errlen);
	assess_end(ck->assess);
	if (status == 0 && ck->w[OUT_PER_RECORD])
		status = flush_pending(ck, err, errlen);
	if (status == 0)
		assess_table_findings(ck->assess, table_finding, ck);
	return close_all(ck, err, errlen, status < 0 ? -1 : 0);
}

void
qc_totals(const struct qc *ck, struct qc_stats *st)
{
	size_t i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < ck->nin; i++) {
		st->records += ck->in[i].st.records;
		st->held += ck->in[i].st.held;
		st->errors += ck->in[i].st.errors;
		st->warnings += ck->in[i].st.warnings;
	}
}

size_t
qc_ninputs(const struct qc *ck)
{
	return ck->nin;
}

const struct std_table *
qc_input_table(const struct qc *ck, size_t i, struct qc_stats *st)
{
	if (st)
		*st = ck->in[i].st;
	return ck->in[i].t;
}

void
qc_set_period(struct qc *ck, const char *from, const char *to)
{
	free(ck->from);
	free(ck->to);
	ck->from = from ? xstrdup(from) : NULL;
	ck->to = to ? xstrdup(to) : NULL;
}

json_t *
qc_report(struct qc *ck, int top, char *err, size_t errlen)
{
	return assess_report(ck->assess, top, err, errlen);
}
