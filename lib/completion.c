/*
 * completion.c - the completion date C of api.md 8.6 from the hospital's
 * own records (see completion.h). The steps of 8.6 are the functions at
 * the end; shared_completion.csv says which field each role is.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "completion.h"
#include "csvio.h"
#include "hmap.h"
#include "standard.h"
#include "util.h"
#include "value.h"

/* What a role's field must be. */
enum rtype {
	RT_KEY,		/* any type: compared as it is */
	RT_CODES,	/* any type, and codes in the value column */
	RT_TIME,	/* a DT field */
	RT_DATE,	/* a D field */
	RT_HOURS	/* a DT field, and a number of hours in the value column */
};

/* The roles, kind by kind in the order of completion.h. */
enum role {
	AP_ORG, AP_ID, AP_VALID, AP_STATUS, AP_CANCEL, AP_UPDATE, AP_DATE,
	RG_ORG, RG_APPT, RG_ID, RG_VALID, RG_RETURN, RG_TIME,
	VI_ORG, VI_REG, VI_ID, VI_OPNO, VI_VALID, VI_TIME, VI_END,
	OS_ORG, OS_VISIT, OS_VALID, OS_TIME,
	AD_ORG, AD_OPNO, AD_ID, AD_VALID, AD_ADMIT, AD_DISCHARGE,
	IS_ORG, IS_ADM, IS_VALID, IS_TIME,
	NROLES
};

static const struct roledef {
	const char	*name;		/* after "KIND." */
	enum compl_kind	 kind;
	enum rtype	 type;
} roles[NROLES] = {
	[AP_ORG] = { "org", COMPL_APPOINTMENT, RT_KEY },
	[AP_ID] = { "id", COMPL_APPOINTMENT, RT_KEY },
	[AP_VALID] = { "valid", COMPL_APPOINTMENT, RT_CODES },
	[AP_STATUS] = { "status", COMPL_APPOINTMENT, RT_CODES },
	[AP_CANCEL] = { "cancel_time", COMPL_APPOINTMENT, RT_TIME },
	[AP_UPDATE] = { "update_time", COMPL_APPOINTMENT, RT_TIME },
	[AP_DATE] = { "date", COMPL_APPOINTMENT, RT_DATE },
	[RG_ORG] = { "org", COMPL_REGISTRATION, RT_KEY },
	[RG_APPT] = { "appointment", COMPL_REGISTRATION, RT_KEY },
	[RG_ID] = { "id", COMPL_REGISTRATION, RT_KEY },
	[RG_VALID] = { "valid", COMPL_REGISTRATION, RT_CODES },
	[RG_RETURN] = { "return_time", COMPL_REGISTRATION, RT_TIME },
	[RG_TIME] = { "reg_time", COMPL_REGISTRATION, RT_TIME },
	[VI_ORG] = { "org", COMPL_VISIT, RT_KEY },
	[VI_REG] = { "registration", COMPL_VISIT, RT_KEY },
	[VI_ID] = { "id", COMPL_VISIT, RT_KEY },
	[VI_OPNO] = { "outpatient_no", COMPL_VISIT, RT_KEY },
	[VI_VALID] = { "valid", COMPL_VISIT, RT_CODES },
	[VI_TIME] = { "visit_time", COMPL_VISIT, RT_TIME },
	[VI_END] = { "end_time", COMPL_VISIT, RT_TIME },
	[OS_ORG] = { "org", COMPL_OP_SETTLEMENT, RT_KEY },
	[OS_VISIT] = { "visit", COMPL_OP_SETTLEMENT, RT_KEY },
	[OS_VALID] = { "valid", COMPL_OP_SETTLEMENT, RT_CODES },
	[OS_TIME] = { "settle_time", COMPL_OP_SETTLEMENT, RT_TIME },
	[AD_ORG] = { "org", COMPL_ADMISSION, RT_KEY },
	[AD_OPNO] = { "outpatient_no", COMPL_ADMISSION, RT_KEY },
	[AD_ID] = { "id", COMPL_ADMISSION, RT_KEY },
	[AD_VALID] = { "valid", COMPL_ADMISSION, RT_CODES },
	[AD_ADMIT] = { "admit_time", COMPL_ADMISSION, RT_HOURS },
	[AD_DISCHARGE] = { "discharge_time", COMPL_ADMISSION, RT_TIME },
	[IS_ORG] = { "org", COMPL_IP_SETTLEMENT, RT_KEY },
	[IS_ADM] = { "admission", COMPL_IP_SETTLEMENT, RT_KEY },
	[IS_VALID] = { "valid", COMPL_IP_SETTLEMENT, RT_CODES },
	[IS_TIME] = { "settle_time", COMPL_IP_SETTLEMENT, RT_TIME },
};

/* A kind of record: its roles, and the role that links it to a record
 * of the kind before (an appointment: to the authorisation). */
static const struct kinddef {
	const char	*name;
	int		 first, n;
	int		 org, link, valid;
} kinds[COMPL_NKINDS] = {
	[COMPL_APPOINTMENT] = { "appointment", AP_ORG, 7, AP_ORG, AP_ID,
	    AP_VALID },
	[COMPL_REGISTRATION] = { "registration", RG_ORG, 6, RG_ORG, RG_APPT,
	    RG_VALID },
	[COMPL_VISIT] = { "visit", VI_ORG, 7, VI_ORG, VI_REG, VI_VALID },
	[COMPL_OP_SETTLEMENT] = { "op_settlement", OS_ORG, 4, OS_ORG,
	    OS_VISIT, OS_VALID },
	[COMPL_ADMISSION] = { "admission", AD_ORG, 6, AD_ORG, AD_OPNO,
	    AD_VALID },
	[COMPL_IP_SETTLEMENT] = { "ip_settlement", IS_ORG, 4, IS_ORG, IS_ADM,
	    IS_VALID },
};

/* A kept record's value of role names the records of kind `to` it wants. */
static const struct export {
	int		 role;
	enum compl_kind	 to;
} exports[] = {
	{ AP_ID, COMPL_REGISTRATION },
	{ RG_ID, COMPL_VISIT },
	{ VI_ID, COMPL_OP_SETTLEMENT },
	{ VI_OPNO, COMPL_ADMISSION },
	{ AD_ID, COMPL_IP_SETTLEMENT },
};

struct compl_spec {
	const struct std_table *table[COMPL_NKINDS];
	int		 field[NROLES];	/* -1 until the file names it */
	char		**codes[NROLES];	/* RT_CODES */
	long		 hours;		/* RT_HOURS */
};

const char *
compl_kind_name(enum compl_kind k)
{
	return kinds[k].name;
}

const struct std_table *
compl_spec_table(const struct compl_spec *s, enum compl_kind k)
{
	return s->table[k];
}

void
compl_spec_free(struct compl_spec *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < NROLES; i++)
		strvec_free(s->codes[i]);
	free(s);
}

static int
find_role(const char *name)
{
	size_t i, n;

	for (i = 0; i < NROLES; i++) {
		n = strlen(kinds[roles[i].kind].name);
		if (strncmp(name, kinds[roles[i].kind].name, n) == 0 &&
		    name[n] == '.' && strcmp(name + n + 1, roles[i].name) == 0)
			return (int)i;
	}
	return -1;
}

/* The value column of a role: codes, hours or nothing. */
static const char *
role_value(struct compl_spec *s, int r, const char *v)
{
	char *end;

	if (roles[r].type == RT_CODES) {
		if (*v == '\0')
			return "needs its codes in value (C1|C2...)";
		s->codes[r] = strsplit(v, '|', NULL);
	} else if (roles[r].type == RT_HOURS) {
		s->hours = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || s->hours < 0 ||
		    s->hours > 100000)
			return "needs a number of hours in value";
	} else if (*v != '\0')
		return "takes no value";
	return NULL;
}

/* One line: ROLE, TABLE, FIELD, VALUE. NULL, or the problem. */
static const char *
spec_line(struct compl_spec *s, const struct standard *std, char **v,
    char *why, size_t whylen)
{
	const struct std_table *t;
	const char *p;
	int r, f;
	enum std_type want;

	if ((r = find_role(v[0])) == -1)
		return "is not a role of api.md 8.6 (hdx-standard(5))";
	if (s->field[r] != -1)
		return "is given twice";
	if ((t = std_table(std, v[1])) == NULL) {
		snprintf(why, whylen, "table '%s' is not in tables.csv", v[1]);
		return why;
	}
	if (s->table[roles[r].kind] && s->table[roles[r].kind] != t)
		return "names another table than the kind's other roles";
	if ((f = std_field_index(t, v[2])) < 0) {
		snprintf(why, whylen, "field '%s' is not a field of %s", v[2],
		    t->name);
		return why;
	}
	want = roles[r].type == RT_DATE ? STD_D : STD_DT;
	if (roles[r].type >= RT_TIME && t->field[f].type != want) {
		snprintf(why, whylen, "field '%s' of %s is not of type %s",
		    v[2], t->name, want == STD_D ? "D" : "DT");
		return why;
	}
	if ((p = role_value(s, r, v[3])) != NULL)
		return p;
	s->table[roles[r].kind] = t;
	s->field[r] = f;
	return NULL;
}

/* The columns ROLE, TABLE, FIELD, VALUE of the header, in col[]. */
static int
spec_header(const struct csv_record *h, int col[4])
{
	static const char *const names[4] = { "role", "table", "field",
	    "value" };
	size_t i, j;

	for (j = 0; j < 4; j++) {
		col[j] = -1;
		for (i = 0; i < h->nfields; i++)
			if (strcmp(h->field[i], names[j]) == 0)
				col[j] = (int)i;
		if (col[j] == -1)
			return -1;
	}
	return 0;
}

static int
spec_read(struct compl_spec *s, const struct standard *std, FILE *f,
    const char *path, char *err, size_t errlen)
{
	struct csv_reader *r = csvr_new(f, path);
	struct csv_record *rec;
	char *v[4], why[256];
	const char *p;
	int col[4], rc, j;

	if ((rc = csvr_next(r, &rec)) == 1 && spec_header(rec, col) == -1)
		rc = seterr(err, errlen, "%s:1: expected the columns role, "
		    "table, field, value", path);
	else if (rc == 0)
		rc = seterr(err, errlen, "%s: empty file", path);
	while (rc == 1 && (rc = csvr_next(r, &rec)) == 1) {
		for (j = 0; j < 4; j++)
			v[j] = (size_t)col[j] < rec->nfields ?
			    rec->field[col[j]] : "";
		if ((p = spec_line(s, std, v, why, sizeof(why))) != NULL)
			rc = seterr(err, errlen, "%s:%lu: role '%s' %s", path,
			    rec->line, v[0], p);
	}
	if (rc == -1 && csvr_error(r) != NULL && *err == '\0')
		seterr(err, errlen, "%s", csvr_error(r));
	csvr_free(r);
	return rc;
}

struct compl_spec *
compl_spec_load(const struct standard *std, char *err, size_t errlen)
{
	struct compl_spec *s = xcalloc(1, sizeof(*s));
	char *path = path_join(std->dir, COMPL_FILE);
	FILE *f;
	size_t i;
	int rc;

	for (i = 0; i < NROLES; i++)
		s->field[i] = -1;
	*err = '\0';
	if ((f = fopen(path, "r")) == NULL) {
		seterr(err, errlen, "%s: cannot open: the completion date of "
		    "api.md 8.6 needs it", path);
		rc = -1;
	} else {
		rc = spec_read(s, std, f, path, err, errlen);
		fclose(f);
	}
	for (i = 0; rc == 0 && i < NROLES; i++)
		if (s->field[i] == -1)
			rc = seterr(err, errlen, "%s: no line for the role "
			    "'%s.%s'", path, kinds[roles[i].kind].name,
			    roles[i].name);
	free(path);
	if (rc == -1) {
		compl_spec_free(s);
		return NULL;
	}
	return s;
}

/* ------------------------------------------------ the records kept */

struct rec {
	char		**v;		/* the kind's roles, in role order */
	size_t		 next;		/* next of the same link key, + 1 */
};

struct store {
	struct rec	*rec;
	size_t		 n;
	struct hmap	*by_link;	/* ORG US LINK -> first record + 1 */
	struct hmap	*wanted;	/* ORG US LINK of the kind before */
};

struct completion {
	const struct compl_spec *spec;
	struct store	 st[COMPL_NKINDS];
	struct buf	 key;
};

struct completion *
compl_new(const struct compl_spec *spec)
{
	struct completion *c = xcalloc(1, sizeof(*c));
	size_t k;

	c->spec = spec;
	for (k = 0; k < COMPL_NKINDS; k++) {
		c->st[k].by_link = hmap_new();
		c->st[k].wanted = hmap_new();
	}
	buf_init(&c->key);
	return c;
}

void
compl_free(struct completion *c)
{
	size_t k, i, j;

	if (c == NULL)
		return;
	for (k = 0; k < COMPL_NKINDS; k++) {
		for (i = 0; i < c->st[k].n; i++) {
			for (j = 0; j < (size_t)kinds[k].n; j++)
				free(c->st[k].rec[i].v[j]);
			free(c->st[k].rec[i].v);
		}
		free(c->st[k].rec);
		hmap_free(c->st[k].by_link);
		hmap_free(c->st[k].wanted);
	}
	buf_free(&c->key);
	free(c);
}

/* ORG, a unit separator, ID: how every link is looked up. */
static const struct buf *
link_key(struct buf *b, const char *org, size_t olen, const char *id,
    size_t ilen)
{
	buf_reset(b);
	buf_add(b, org, olen);
	buf_addc(b, 0x1f);
	buf_add(b, id, ilen);
	return b;
}

void
compl_want(struct completion *c, const char *org, const char *appointment_id)
{
	const struct buf *k = link_key(&c->key, org, strlen(org),
	    appointment_id, strlen(appointment_id));

	*hmap_put(c->st[COMPL_APPOINTMENT].wanted, k->data, k->len, NULL) =
	    (void *)1;
}

static int
has_code(char **codes, const char *v, size_t len)
{
	for (; *codes; codes++)
		if (strlen(*codes) == len && memcmp(*codes, v, len) == 0)
			return 1;
	return 0;
}

int
compl_add(struct completion *c, enum compl_kind k, char *const *v,
    const size_t *len)
{
	const struct compl_spec *s = c->spec;
	const struct kinddef *kd = &kinds[k];
	struct store *st = &c->st[k];
	int fo = s->field[kd->org], fl = s->field[kd->link];
	int fv = s->field[kd->valid], f;
	const struct buf *key;
	struct rec *r;
	void **slot;
	size_t i;

	if (len[fo] == 0 || len[fl] == 0 ||
	    !has_code(s->codes[kd->valid], v[fv], len[fv]))
		return 0;
	key = link_key(&c->key, v[fo], len[fo], v[fl], len[fl]);
	if (hmap_get(st->wanted, key->data, key->len) == NULL)
		return 0;
	st->rec = xreallocarray(st->rec, st->n + 1, sizeof(*st->rec));
	r = &st->rec[st->n];
	r->v = xcalloc(kd->n, sizeof(*r->v));
	for (i = 0; i < (size_t)kd->n; i++) {
		f = s->field[kd->first + i];
		r->v[i] = xstrndup(v[f], len[f]);
	}
	slot = hmap_put(st->by_link, key->data, key->len, NULL);
	r->next = (size_t)(uintptr_t)*slot;
	*slot = (void *)(uintptr_t)++st->n;
	for (i = 0; i < sizeof(exports) / sizeof(exports[0]); i++) {
		if (roles[exports[i].role].kind != k)
			continue;
		f = s->field[exports[i].role];
		if (len[f] == 0)
			continue;
		key = link_key(&c->key, v[fo], len[fo], v[f], len[f]);
		*hmap_put(c->st[exports[i].to].wanted, key->data, key->len,
		    NULL) = (void *)1;
	}
	return 1;
}

size_t
compl_kept(const struct completion *c, enum compl_kind k)
{
	return c->st[k].n;
}

/* ------------------------------------------------ the steps of 8.6 */

/* The first record (+ 1) of kind k linked to ORG and ID; 0 none. */
static size_t
first(const struct completion *c, struct buf *b, enum compl_kind k,
    const char *org, const char *id)
{
	const struct buf *key = link_key(b, org, strlen(org), id, strlen(id));
	void **slot = hmap_get(c->st[k].by_link, key->data, key->len);

	return slot ? (size_t)(uintptr_t)*slot : 0;
}

static const struct rec *
rec_at(const struct completion *c, enum compl_kind k, size_t i)
{
	return &c->st[k].rec[i - 1];
}

/* A role's value of a record of its kind. */
static const char *
val(const struct rec *r, int role)
{
	return r->v[role - kinds[roles[role].kind].first];
}

/* A time, or NULL when it is empty or no time (hdx-check rejects it). */
static const char *
when(const struct rec *r, int role)
{
	const char *v = val(r, role);

	return datetime_valid(v, strlen(v)) ? v : NULL;
}

static const char *
later(const char *a, const char *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return strcmp(a, b) >= 0 ? a : b;
}

/* The latest settle_time of the settlements of kind k linked to id. */
static const char *
latest_settlement(const struct completion *c, struct buf *b,
    enum compl_kind k, int role, const char *org, const char *id)
{
	const char *t = NULL;
	size_t i;

	for (i = first(c, b, k, org, id); i; i = rec_at(c, k, i)->next)
		t = later(t, when(rec_at(c, k, i), role));
	return t;
}

/*
 * Step 5: a visit is admitted when an admission with its outpatient_no
 * starts within the hours after its visit_time. 1 when it is, with the
 * latest completion of those admissions in done ("" while one has no
 * discharge_time); 0 when it is not admitted.
 */
static int
admitted(const struct completion *c, struct buf *b, const struct rec *v,
    char done[20])
{
	const char *vt = when(v, VI_TIME), *at, *dt, *t, *end = NULL;
	const struct rec *a;
	char until[20];
	size_t i;
	int n = 0, open = 0;

	if (vt == NULL)
		return 0;
	datetime_add(vt, c->spec->hours * 3600, until);
	for (i = first(c, b, COMPL_ADMISSION, val(v, VI_ORG),
	    val(v, VI_OPNO)); i; i = a->next) {
		a = rec_at(c, COMPL_ADMISSION, i);
		if ((at = when(a, AD_ADMIT)) == NULL || strcmp(at, vt) < 0 ||
		    strcmp(at, until) > 0)
			continue;
		n++;
		if ((dt = when(a, AD_DISCHARGE)) == NULL) {
			open = 1;
			continue;
		}
		t = latest_settlement(c, b, COMPL_IP_SETTLEMENT, IS_TIME,
		    val(a, AD_ORG), val(a, AD_ID));
		end = later(end, t && strcmp(t, dt) > 0 ? t : dt);
	}
	snprintf(done, 20, "%s", open || end == NULL ? "" : end);
	return n > 0;
}

/* Steps 5 and 6: when a visit completes; "" while it is not complete. */
static void
visit_done(const struct completion *c, struct buf *b, const struct rec *v,
    char done[20])
{
	const char *t;

	if (admitted(c, b, v, done))
		return;
	t = latest_settlement(c, b, COMPL_OP_SETTLEMENT, OS_TIME,
	    val(v, VI_ORG), val(v, VI_ID));
	if (t == NULL)
		t = when(v, VI_END);
	if (t == NULL)
		t = when(v, VI_TIME);
	snprintf(done, 20, "%s", t ? t : "");
}

/* Step 4: when a registration completes; "" while it is not complete. */
static void
registration_done(const struct completion *c, struct buf *b,
    const struct rec *r, char done[20])
{
	const struct rec *v;
	char vd[20];
	const char *t;
	size_t i;

	if ((i = first(c, b, COMPL_VISIT, val(r, RG_ORG), val(r, RG_ID))) == 0) {
		t = when(r, RG_RETURN);
		snprintf(done, 20, "%s", t ? t : when(r, RG_TIME) ?
		    when(r, RG_TIME) : "");
		return;
	}
	done[0] = '\0';
	for (; i; i = v->next) {
		v = rec_at(c, COMPL_VISIT, i);
		visit_done(c, b, v, vd);
		if (vd[0] == '\0') {
			done[0] = '\0';
			return;
		}
		if (strcmp(vd, done) > 0)
			memcpy(done, vd, 20);
	}
}

static int
set_date(char c[11], const char *t)
{
	if (t == NULL || strlen(t) < 10 || !date_valid(t, 10)) {
		c[0] = '\0';
		return 0;
	}
	memcpy(c, t, 10);
	c[10] = '\0';
	return 1;
}

int
compl_date(const struct completion *c, const char *org,
    const char *appointment_id, const char *authorized, char out[11])
{
	const struct compl_spec *s = c->spec;
	const struct rec *a, *r;
	struct buf b;
	char done[20], latest[20] = "";
	const char *t;
	size_t i;
	int rc;

	buf_init(&b);
	/* step 1: the first record of the appointment, else authorized_at */
	if ((i = first(c, &b, COMPL_APPOINTMENT, org, appointment_id)) == 0) {
		buf_free(&b);
		return set_date(out, authorized);
	}
	for (a = rec_at(c, COMPL_APPOINTMENT, i); a->next; )
		a = rec_at(c, COMPL_APPOINTMENT, a->next);
	t = val(a, AP_STATUS);
	if (has_code(s->codes[AP_STATUS], t, strlen(t))) {	/* step 2 */
		t = when(a, AP_CANCEL) ? when(a, AP_CANCEL) : when(a, AP_UPDATE);
		buf_free(&b);
		return set_date(out, t);
	}
	i = first(c, &b, COMPL_REGISTRATION, val(a, AP_ORG), val(a, AP_ID));
	if (i == 0) {						/* step 3 */
		buf_free(&b);
		return set_date(out, val(a, AP_DATE));
	}
	for (rc = 1; i && rc; i = r->next) {			/* step 4 */
		r = rec_at(c, COMPL_REGISTRATION, i);
		registration_done(c, &b, r, done);
		if (done[0] == '\0')
			rc = 0;
		else if (strcmp(done, latest) > 0)
			memcpy(latest, done, 20);
	}
	buf_free(&b);
	return rc ? set_date(out, latest) : set_date(out, NULL);
}
