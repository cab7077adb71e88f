/*
 * verify.c - the verification of pushes into the shared library (api.md
 * 8.5). See verify.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ddl.h"
#include "frontdb.h"
#include "hmap.h"
#include "payload.h"
#include "rules.h"
#include "source.h"
#include "standard.h"
#include "util.h"
#include "verify.h"

#define PUSH_MAX	5000

struct vfind {
	char		*pk;
	const char	*field;
	const char	*rule;
	const char	*level;
};

struct collect {
	const struct std_table *t;
	struct rules_plan *plan;	/* t's record rules */
	struct vfind	*f;
	size_t		 n, cap;
	const char	*pk;
};

void
verify_push_free(struct verify_push *p, size_t n)
{
	size_t i;

	for (i = 0; p && i < n; i++) {
		free(p[i].push_id);
		free(p[i].auth_id);
		free(p[i].table);
		free(p[i].source_org);
		free(p[i].payload_sm3);
	}
	free(p);
}

void
verify_result_free(struct verify_result *r)
{
	free(r->findings);
	r->findings = NULL;
}

static void
set_status(struct verify_result *r, const char *status, const char *mismatch)
{
	snprintf(r->status, sizeof(r->status), "%s", status);
	r->mismatch = mismatch;
	if (r->findings == NULL)
		r->findings = xstrdup("[]");
}

static void
add_finding(struct collect *c, const char *field, const char *rule,
    const char *level)
{
	struct vfind *f;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->f = xreallocarray(c->f, c->cap, sizeof(*c->f));
	}
	f = &c->f[c->n++];
	f->pk = xstrdup(c->pk);
	f->field = field;
	f->rule = rule;
	f->level = level;
}

static void
on_finding(void *arg, const struct rule_finding *rf)
{
	struct collect *c = arg;

	add_finding(c, c->t->field[rf->field].name, rf->rule->name,
	    std_level_name(rf->rule->level));
}

static int
find_cmp(const void *a, const void *b)
{
	const struct vfind *x = a, *y = b;
	int c;

	if ((c = strcmp(x->pk, y->pk)) != 0)
		return c;
	if ((c = strcmp(x->field, y->field)) != 0)
		return c;
	if ((c = strcmp(x->rule, y->rule)) != 0)
		return c;
	return strcmp(x->level, y->level);
}

/* The findings sorted, each once, as the JSON array of api.md 8.5. */
static int
findings_json(struct collect *c, struct verify_result *r, char *err,
    size_t errlen)
{
	json_t *a = json_array(), *o;
	size_t i, n = 0;
	int rc = 0;

	if (c->n)
		qsort(c->f, c->n, sizeof(*c->f), find_cmp);
	r->nerrors = 0;
	for (i = 0; i < c->n && rc == 0; i++) {
		if (i && find_cmp(&c->f[i - 1], &c->f[i]) == 0)
			continue;
		o = json_object();
		if (json_object_set_new(o, "table", json_string(c->t->name)) ||
		    json_object_set_new(o, "primary_key",
		    json_string(c->f[i].pk)) ||
		    json_object_set_new(o, "rule", json_string(c->f[i].rule)) ||
		    json_object_set_new(o, "field",
		    json_string(c->f[i].field)) ||
		    json_object_set_new(o, "level",
		    json_string(c->f[i].level)))
			rc = seterr(err, errlen, "%s: a primary key of the push "
			    "is not valid UTF-8", c->t->name);
		json_array_append_new(a, o);
		n++;
		if (strcmp(c->f[i].level, "error") == 0)
			r->nerrors++;
	}
	if (rc == 0) {
		free(r->findings);
		r->findings = json_dumps(a, JSON_PRESERVE_ORDER);
		r->nfindings = n;
	}
	json_decref(a);
	return rc;
}

static void
key_text(struct buf *b, const struct std_table *t, const struct verify_row *r)
{
	size_t k;

	buf_reset(b);
	buf_adds(b, "");
	for (k = 0; k < t->nkey; k++) {
		if (k)
			buf_addc(b, '+');
		buf_add(b, r->v[t->key[k]], r->len[t->key[k]]);
	}
}

/* R13 to shared tables only, not on an empty value or a typed one. */
static void
check_refs(struct collect *c, const struct verify_row *r, verify_ref_fn *fn,
    void *arg)
{
	const struct std_table *t = c->t;
	const struct std_token *k;
	size_t i, j;

	for (i = 0; i < t->nfields; i++) {
		const struct std_field *f = &t->field[i];

		if (r->len[i] == 0 || !rules_typed(f, r->v[i], r->len[i]))
			continue;
		for (j = 0; j < f->ntokens; j++) {
			k = &f->token[j];
			if (k->rule->kind != RULE_REF || k->table == NULL ||
			    !k->table->shared || k->other_field < 0)
				continue;
			if (!fn(arg, k->table, k->other_field, r->v[i],
			    r->len[i]))
				add_finding(c, f->name, k->rule->name,
				    std_level_name(k->rule->level));
		}
	}
}

int
verify_rows(const struct std_table *t, const struct verify_push *p,
    struct verify_row *rows, size_t n, const char *today,
    verify_ref_fn *fn, void *arg, struct verify_result *res, char *err,
    size_t errlen)
{
	struct payload_rec *rec;
	struct collect c;
	struct buf pk;
	char hex[65];
	size_t i;
	int oi = std_field_index(t, "org_code"), rc;

	memset(res, 0, sizeof(*res));
	res->n = (long)n;
	if (p->record_count < 1 || p->record_count > PUSH_MAX ||
	    (long)n != p->record_count) {
		set_status(res, "mismatch", "record_count");
		return 0;
	}
	for (i = 0; oi >= 0 && i < n; i++)
		if (strlen(p->source_org) != rows[i].len[oi] ||
		    memcmp(rows[i].v[oi], p->source_org, rows[i].len[oi]) != 0) {
			set_status(res, "mismatch", "source_org_code");
			return 0;
		}
	rec = xcalloc(n ? n : 1, sizeof(*rec));
	for (i = 0; i < n; i++) {
		rec[i].v = rows[i].v;
		rec[i].len = rows[i].len;
	}
	rc = payload_sm3(t, rec, n, hex, err, errlen);
	free(rec);
	if (rc == -1)
		return -1;
	if (strcmp(hex, p->payload_sm3) != 0) {
		set_status(res, "mismatch", "payload_sm3");
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.t = t;
	c.plan = rules_plan_new(t);
	buf_init(&pk);
	for (i = 0; i < n; i++) {
		key_text(&pk, t, &rows[i]);
		c.pk = pk.data;
		rules_check(c.plan, rows[i].v, rows[i].len, today, on_finding,
		    &c);
		check_refs(&c, &rows[i], fn, arg);
	}
	buf_free(&pk);
	rc = findings_json(&c, res, err, errlen);
	for (i = 0; i < c.n; i++)
		free(c.f[i].pk);
	free(c.f);
	rules_plan_free(c.plan);
	if (rc == -1)
		return -1;
	set_status(res, res->nerrors ? "qc_failed" : "ok", NULL);
	return 0;
}

void
verify_select_list(struct buf *b, const struct std_table *t, int fi,
    int postgres)
{
	size_t i;
	int first = 1;

	for (i = 0; i < t->nfields; i++) {
		const struct std_field *f = &t->field[i];

		if (fi >= 0 && (size_t)fi != i)
			continue;
		if (!first)
			buf_adds(b, ", ");
		first = 0;
		if (!postgres) {
			ddl_ident(b, f->name);
			continue;
		}
		if (f->type == STD_D || f->type == STD_DT) {
			buf_adds(b, "to_char(");
			ddl_ident(b, f->name);
			buf_adds(b, f->type == STD_D ? ", 'YYYY-MM-DD')" :
			    ", 'YYYY-MM-DD HH24:MI:SS')");
		} else {
			ddl_ident(b, f->name);
			buf_adds(b, "::text");
		}
	}
}

static char *
dupv(const char *v)
{
	return xstrdup(v ? v : "");
}

int
verify_pending(struct frontdb *db, const char *since, char *const *ids,
    size_t nids, struct verify_push **out, size_t *nout, char *err,
    size_t errlen)
{
	struct source_param prm[1] = { { "since", since } };
	struct verify_push *p = NULL;
	char *const *v;
	const size_t *l;
	size_t n = 0, i;
	int rc;

	*out = NULL;
	*nout = 0;
	if (frontdb_query(db, since ?
	    "SELECT push_id, auth_id, table_name, source_org_code, "
	    "record_count, payload_sm3 FROM shared_push p WHERE NOT EXISTS "
	    "(SELECT 1 FROM shared_verify v WHERE v.push_id = p.push_id) "
	    "AND p.pushed_at >= :since ORDER BY p.pushed_at, p.push_id" :
	    "SELECT push_id, auth_id, table_name, source_org_code, "
	    "record_count, payload_sm3 FROM shared_push p WHERE NOT EXISTS "
	    "(SELECT 1 FROM shared_verify v WHERE v.push_id = p.push_id) "
	    "ORDER BY p.pushed_at, p.push_id", prm, since ? 1 : 0, err,
	    errlen) == -1)
		return -1;
	while ((rc = frontdb_fetch(db, &v, &l, err, errlen)) == 1) {
		if (nids) {
			for (i = 0; i < nids; i++)
				if (v[0] && strcmp(ids[i], v[0]) == 0)
					break;
			if (i == nids)
				continue;
		}
		p = xreallocarray(p, n + 1, sizeof(*p));
		p[n].push_id = dupv(v[0]);
		p[n].auth_id = dupv(v[1]);
		p[n].table = dupv(v[2]);
		p[n].source_org = dupv(v[3]);
		p[n].record_count = v[4] ? strtol(v[4], NULL, 10) : 0;
		p[n].payload_sm3 = dupv(v[5]);
		n++;
	}
	if (rc == -1) {
		verify_push_free(p, n);
		return -1;
	}
	*out = p;
	*nout = n;
	return 0;
}

/* The values of field fi of t already looked up, per (table, field). */
struct refctx {
	struct frontdb	*db;
	const struct verify_push *p;
	struct hmap	*sets;
	int		 failed;
	char		 err[512];
};

static struct hmap *
ref_set(struct refctx *rc, const struct std_table *t, int fi)
{
	struct source_param prm[2] = { { "auth", rc->p->auth_id },
	    { "org", rc->p->source_org } };
	struct buf sql, key, canon;
	struct hmap *set;
	char *const *v;
	const size_t *l;
	void **slot;
	int added, r;

	buf_init(&key);
	buf_printf(&key, "%s.%d", t->name, fi);
	slot = hmap_put(rc->sets, key.data, key.len, &added);
	buf_free(&key);
	if (!added)
		return *slot;
	set = *slot = hmap_new();
	buf_init(&sql);
	buf_init(&canon);
	buf_adds(&sql, "SELECT DISTINCT ");
	verify_select_list(&sql, t, fi, frontdb_dialect(rc->db) ==
	    DDL_POSTGRES);
	buf_adds(&sql, " FROM ");
	buf_printf(&sql, "shared_%s", t->name);
	buf_adds(&sql, " WHERE auth_id = :auth AND org_code = :org");
	if (frontdb_query(rc->db, sql.data, prm, 2, rc->err,
	    sizeof(rc->err)) == -1)
		rc->failed = 1;
	while (!rc->failed && (r = frontdb_fetch(rc->db, &v, &l, rc->err,
	    sizeof(rc->err))) != 0) {
		if (r == -1) {
			rc->failed = 1;
			break;
		}
		if (v[0] == NULL)
			continue;
		buf_reset(&canon);
		buf_adds(&canon, "");
		payload_canon(&canon, &t->field[fi], v[0], l[0]);
		hmap_put(set, canon.data, canon.len, NULL);
	}
	buf_free(&canon);
	buf_free(&sql);
	return set;
}

static int
ref_lookup(void *arg, const struct std_table *t, int fi, const char *v,
    size_t len)
{
	struct refctx *rc = arg;
	struct hmap *set;
	struct buf canon;
	int found;

	if (rc->failed)
		return 1;
	set = ref_set(rc, t, fi);
	if (rc->failed)
		return 1;
	buf_init(&canon);
	buf_adds(&canon, "");
	payload_canon(&canon, &t->field[fi], v, len);
	found = hmap_get(set, canon.data, canon.len) != NULL;
	buf_free(&canon);
	return found;
}

static void
ref_sets_free(struct hmap *sets)
{
	size_t pos = 0, kl;
	const char *k;
	void *val;

	while (hmap_next(sets, &pos, &k, &kl, &val))
		hmap_free(val);
	hmap_free(sets);
}

static void
rows_free(struct verify_row *rows, size_t n, size_t nfields)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nfields; j++)
			free(rows[i].v[j]);
		free(rows[i].v);
		free(rows[i].len);
	}
	free(rows);
}

/* The push's rows, canonical texts; NULL as "". */
static int
read_rows(struct frontdb *db, const struct std_table *t,
    const struct verify_push *p, struct verify_row **out, size_t *nout,
    char *err, size_t errlen)
{
	struct source_param prm[2] = { { "push", p->push_id },
	    { "auth", p->auth_id } };
	struct verify_row *rows = NULL;
	struct buf sql, canon;
	char *const *v;
	const size_t *l;
	size_t n = 0, cap = 0, j;
	int rc;

	buf_init(&sql);
	buf_init(&canon);
	buf_adds(&sql, "SELECT ");
	verify_select_list(&sql, t, -1, frontdb_dialect(db) == DDL_POSTGRES);
	buf_printf(&sql, " FROM shared_%s WHERE push_id = :push AND "
	    "auth_id = :auth", t->name);
	rc = frontdb_query(db, sql.data, prm, 2, err, errlen);
	buf_free(&sql);
	while (rc == 0 && (rc = frontdb_fetch(db, &v, &l, err, errlen)) == 1) {
		rc = 0;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xreallocarray(rows, cap, sizeof(*rows));
		}
		rows[n].v = xcalloc(t->nfields, sizeof(char *));
		rows[n].len = xcalloc(t->nfields, sizeof(size_t));
		for (j = 0; j < t->nfields; j++) {
			buf_reset(&canon);
			buf_adds(&canon, "");
			if (v[j])
				payload_canon(&canon, &t->field[j], v[j], l[j]);
			rows[n].v[j] = xstrndup(canon.data, canon.len);
			rows[n].len[j] = canon.len;
		}
		n++;
	}
	buf_free(&canon);
	if (rc == -1) {
		rows_free(rows, n, t->nfields);
		return -1;
	}
	*out = rows;
	*nout = n;
	return 0;
}

int
verify_one(struct frontdb *db, const struct standard *std,
    const struct verify_push *p, const char *today,
    struct verify_result *res, char *err, size_t errlen)
{
	struct source_param prm[2] = { { "push", p->push_id },
	    { "auth", p->auth_id } };
	const struct std_table *t = std_table(std, p->table);
	struct verify_row *rows = NULL;
	struct refctx rc;
	size_t n = 0;
	long count;
	char *sql;
	int ret;

	memset(res, 0, sizeof(*res));
	if (t == NULL || !t->shared) {
		set_status(res, "mismatch", "table_name");
		return 0;
	}
	sql = xasprintf("SELECT count(*) FROM shared_%s WHERE push_id = :push "
	    "AND auth_id = :auth", t->name);
	ret = frontdb_count(db, sql, prm, 2, &count, err, errlen);
	free(sql);
	if (ret == -1)
		return -1;
	if (count != p->record_count || count < 1 || count > PUSH_MAX) {
		res->n = count;
		set_status(res, "mismatch", "record_count");
		return 0;
	}
	if (read_rows(db, t, p, &rows, &n, err, errlen) == -1)
		return -1;
	memset(&rc, 0, sizeof(rc));
	rc.db = db;
	rc.p = p;
	rc.sets = hmap_new();
	ret = verify_rows(t, p, rows, n, today, ref_lookup, &rc, res, err,
	    errlen);
	if (ret == 0 && rc.failed) {
		seterr(err, errlen, "%s", rc.err);
		verify_result_free(res);
		ret = -1;
	}
	ref_sets_free(rc.sets);
	rows_free(rows, n, t->nfields);
	return ret;
}

int
verify_write(struct frontdb *db, const struct verify_push *p,
    const struct verify_result *r, const char *verified_at,
    enum verify_written *w, char *err, size_t errlen)
{
	char n[32], nf[32];
	struct source_param prm[7] = {
		{ "push", p->push_id }, { "at", verified_at },
		{ "status", r->status }, { "n", n }, { "mismatch", r->mismatch },
		{ "nf", nf }, { "findings", r->findings ? r->findings : "[]" }
	};
	long affected = 0;

	snprintf(n, sizeof(n), "%ld", r->n);
	snprintf(nf, sizeof(nf), "%zu", r->nfindings);
	if (frontdb_exec(db, "INSERT INTO shared_verify (push_id, verified_at, "
	    "status, record_count, mismatch, findings_count, findings) VALUES "
	    "(:push, :at, :status, :n, :mismatch, :nf, :findings) "
	    "ON CONFLICT (push_id) DO NOTHING", prm, 7, &affected, err,
	    errlen) == -1)
		return -1;
	*w = affected > 0 ? VERIFY_WRITTEN : VERIFY_ALREADY;
	return 0;
}

/* 1 when both tables of the shared library are there, 0, or -1. */
static int
has_shared_library(struct frontdb *db, char *err, size_t errlen)
{
	long n;

	if (frontdb_count(db, frontdb_dialect(db) == DDL_POSTGRES ?
	    "SELECT (to_regclass('shared_push') IS NOT NULL)::int + "
	    "(to_regclass('shared_verify') IS NOT NULL)::int" :
	    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
	    "name IN ('shared_push', 'shared_verify')", NULL, 0, &n, err,
	    errlen) == -1)
		return -1;
	return n == 2;
}

int
verify_summary(struct frontdb *db, const char *day, long out[4],
    char *err, size_t errlen)
{
	static const char *const status[] = { "ok", "mismatch", "qc_failed" };
	struct source_param prm[3] = { { "from", NULL }, { "to", NULL },
	    { "status", NULL } };
	char from[20], to[20];
	int rc, i;

	if ((rc = has_shared_library(db, err, errlen)) != 1)
		return rc;
	if (frontdb_count(db, "SELECT count(*) FROM shared_push p WHERE NOT "
	    "EXISTS (SELECT 1 FROM shared_verify v WHERE v.push_id = "
	    "p.push_id)", NULL, 0, &out[0], err, errlen) == -1)
		return -1;
	snprintf(from, sizeof(from), "%.10s 00:00:00", day);
	datetime_add(from, 86400, to);
	prm[0].value = from;
	prm[1].value = to;
	/* verified_at is text in SQLite, a timestamp in PostgreSQL: both
	 * compare with the Beijing-time text as the rows were written */
	for (i = 0; i < 3; i++) {
		prm[2].value = status[i];
		if (frontdb_count(db, frontdb_dialect(db) == DDL_POSTGRES ?
		    "SELECT count(*) FROM shared_verify WHERE status = :status "
		    "AND verified_at >= CAST(:from AS timestamp) AND "
		    "verified_at < CAST(:to AS timestamp)" :
		    "SELECT count(*) FROM shared_verify WHERE status = :status "
		    "AND verified_at >= :from AND verified_at < :to", prm, 3,
		    &out[i + 1], err, errlen) == -1)
			return -1;
	}
	return 1;
}
