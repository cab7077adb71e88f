/*
 * cross.c - unique, ref and sum over one submission.
 *
 * Keys of the maps are built as byte strings of fixed-width numbers
 * (the owning table and field, or the sum's token, and the org_code's
 * number) followed by the value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cross.h"
#include "hmap.h"
#include "keyset.h"
#include "standard.h"
#include "util.h"
#include "value.h"

/* Sums are exact: fixed point with 18 decimals in 128 bits. */
typedef __int128 fixed;
#define FIXED_SCALE_DIGITS 18

/* The ref and sum tokens that name one table, found once, and the
 * tables they are written in. */
struct targets {
	const struct std_token **k;
	const struct std_table **owner;
	size_t		 n;
};

/* What a record of a table is asked for, per table index: found once,
 * not per record. */
struct ctoken {			/* a ref or sum token of the table */
	int			 field;
	const struct std_token	*k;
};

struct tinfo {
	struct ctoken	*tok;		/* its ref and sum tokens, in order */
	size_t		 ntok;
	int		 org;		/* org_code, -1 none */
	int		 unique;	/* the unique field, -1 none */
	int		 valid_flag;
	unsigned long	*offered;	/* per field: ref values offered */
	int		 expected;	/* cross_expect()ed: in the run */
	struct buf	 none_org;	/* the store holds nothing for it */
};

struct cross {
	const struct standard *std;
	struct targets	*to;		/* per table index */
	struct tinfo	*ti;		/* per table index */
	int		 restricted;	/* some table was cross_expect()ed */
	struct hmap	*refs;		/* target key -> (void *)1 */
	struct hmap	*sums;		/* sum key -> fixed * */
	struct keyset	*seen;		/* unique: keys of the current table */
	struct hmap	*orgs;		/* org_code -> number + 1, for seen */
	struct buf	 last_org;	/* the org of the last key, its number */
	uint32_t	 last_orgno;
	struct buf	 uk;		/* the unique key of the record, */
	uint64_t	 uk_hash;	/* ... its hash, */
	int		 uk_ready;	/* ... built by cross_prefetch() */
	uint64_t	*ref_hash;	/* per token of the table: the hash of */
	unsigned char	*ref_ready;	/* ... its ref key, by cross_prefetch() */
	size_t		 nref;
	struct buf	 k;
	cross_known_fn	*known;
	void		*known_arg;
};

static struct targets *
find_targets(const struct standard *std)
{
	struct targets *to = xcalloc(std->ntables, sizeof(*to));
	size_t i, j, n, ti;

	for (i = 0; i < std->ntables; i++)
		for (j = 0; j < std->table[i].nfields; j++)
			for (n = 0; n < std->table[i].field[j].ntokens; n++) {
				const struct std_token *k =
				    &std->table[i].field[j].token[n];

				if (k->rule == NULL || k->table == NULL ||
				    (k->rule->kind != RULE_REF &&
				    k->rule->kind != RULE_SUM))
					continue;
				ti = (size_t)(k->table - std->table);
				to[ti].k = xreallocarray(to[ti].k, to[ti].n + 1,
				    sizeof(*to[ti].k));
				to[ti].owner = xreallocarray(to[ti].owner,
				    to[ti].n + 1, sizeof(*to[ti].owner));
				to[ti].owner[to[ti].n] = &std->table[i];
				to[ti].k[to[ti].n++] = k;
			}
	return to;
}

static struct tinfo *
table_info(const struct standard *std)
{
	struct tinfo *ti = xcalloc(std->ntables, sizeof(*ti));
	size_t i, j, n;

	for (i = 0; i < std->ntables; i++) {
		const struct std_table *t = &std->table[i];

		for (j = 0; j < t->nfields; j++)
			for (n = 0; n < t->field[j].ntokens; n++) {
				const struct std_token *k = &t->field[j].token[n];

				if (k->rule->kind != RULE_REF &&
				    k->rule->kind != RULE_SUM)
					continue;
				ti[i].tok = xreallocarray(ti[i].tok,
				    ti[i].ntok + 1, sizeof(*ti[i].tok));
				ti[i].tok[ti[i].ntok].field = (int)j;
				ti[i].tok[ti[i].ntok++].k = k;
			}
		ti[i].org = std_field_index(t, "org_code");
		ti[i].unique = cross_unique_field(t);
		ti[i].valid_flag = std_field_index(t, "valid_flag");
		ti[i].offered = xcalloc(t->nfields + 1, sizeof(unsigned long));
		buf_init(&ti[i].none_org);
	}
	return ti;
}

struct cross *
cross_new(const struct standard *std)
{
	struct cross *c = xcalloc(1, sizeof(*c));

	c->std = std;
	c->to = find_targets(std);
	c->ti = table_info(std);
	c->refs = hmap_new();
	c->sums = hmap_new();
	c->seen = keyset_new();
	c->orgs = hmap_new();
	buf_init(&c->k);
	buf_init(&c->uk);
	buf_init(&c->last_org);
	return c;
}

static void
free_values(struct hmap *m)
{
	size_t pos = 0;
	void *v;

	while (hmap_next(m, &pos, NULL, NULL, &v))
		free(v);
}

void
cross_free(struct cross *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->std->ntables; i++) {
		free(c->to[i].k);
		free(c->to[i].owner);
		free(c->ti[i].offered);
		free(c->ti[i].tok);
		buf_free(&c->ti[i].none_org);
	}
	free(c->to);
	free(c->ti);
	hmap_free(c->refs);
	free_values(c->sums);
	hmap_free(c->sums);
	keyset_free(c->seen);
	hmap_free(c->orgs);
	buf_free(&c->last_org);
	buf_free(&c->uk);
	buf_free(&c->k);
	free(c->ref_hash);
	free(c->ref_ready);
	free(c);
}

static size_t
table_index(const struct cross *c, const struct std_table *t)
{
	return (size_t)(t - c->std->table);
}

static uint32_t org_number(struct cross *, const char *, size_t);

/* Starts a key: the table's index and the field's in 2 bytes each, the
 * org_code's number in 4 (fixed widths: no separator). Short keys: this
 * runs for every reference of every row. */
static void
key_start(struct cross *c, const struct std_table *t, int field,
    const char *org, size_t orglen)
{
	uint16_t ti = (uint16_t)table_index(c, t), fi = (uint16_t)field;
	uint32_t no = org_number(c, org, orglen);

	buf_reset(&c->k);
	buf_add(&c->k, &ti, sizeof(ti));
	buf_add(&c->k, &fi, sizeof(fi));
	buf_add(&c->k, &no, sizeof(no));
}

/* A sum's key: the token itself, the org_code's number and the KEY
 * value. */
static void
sum_key(struct cross *c, const struct std_token *k, const char *org,
    size_t orglen, const char *key, size_t keylen)
{
	uint32_t no = org_number(c, org, orglen);

	buf_reset(&c->k);
	buf_add(&c->k, &k, sizeof(k));
	buf_add(&c->k, &no, sizeof(no));
	buf_add(&c->k, key, keylen);
}

static int
org_field(const struct cross *c, const struct std_table *t)
{
	return c->ti[table_index(c, t)].org;
}

static fixed
fixed_parse(const char *s, size_t n)
{
	fixed v = 0;
	int neg = 0, frac = -1;
	size_t i;

	if (n && (*s == '-' || *s == '+')) {
		neg = *s == '-';
		s++, n--;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			frac = 0;
			continue;
		}
		if (frac >= FIXED_SCALE_DIGITS)
			continue;	/* beyond the scale: negligible */
		v = v * 10 + (s[i] - '0');
		if (frac >= 0)
			frac++;
	}
	for (frac = frac < 0 ? 0 : frac; frac < FIXED_SCALE_DIGITS; frac++)
		v *= 10;
	return neg ? -v : v;
}

void
cross_offer_ref(struct cross *c, const struct std_table *t, int field,
    const char *org, size_t orglen, const char *v, size_t len)
{
	key_start(c, t, field, org, orglen);
	buf_add(&c->k, v, len);
	*hmap_put(c->refs, c->k.data, c->k.len, NULL) = (void *)1;
	c->ti[table_index(c, t)].offered[field]++;
}

/* Is (t, field) named by a ref or summed by a sum somewhere? */
static void
offer_to(struct cross *c, const struct std_table *t, char *const *v,
    const size_t *len, int of, const struct std_token *k)
{
	int vf = c->ti[table_index(c, t)].valid_flag;
	fixed **slot;

	if (k->rule->kind == RULE_REF && len[k->other_field]) {
		cross_offer_ref(c, t, k->other_field, v[of], len[of],
		    v[k->other_field], len[k->other_field]);
		return;
	}
	if (k->rule->kind != RULE_SUM || len[k->other_key] == 0 ||
	    !dec_valid(v[k->other_field], len[k->other_field]))
		return;
	/* revoked records are left out of sums (README 5.6) */
	if (vf >= 0 && len[vf] == 1 && v[vf][0] == '0')
		return;
	sum_key(c, k, v[of], len[of], v[k->other_key], len[k->other_key]);
	slot = (fixed **)hmap_put(c->sums, c->k.data, c->k.len, NULL);
	if (*slot == NULL)
		*slot = xcalloc(1, sizeof(fixed));
	**slot += fixed_parse(v[k->other_field], len[k->other_field]);
}

void
cross_add(struct cross *c, const struct std_table *t, char *const *v,
    const size_t *len)
{
	const struct targets *to = &c->to[table_index(c, t)];
	int of = org_field(c, t);
	size_t i;

	if (of < 0)
		return;
	for (i = 0; i < to->n; i++)
		if (!c->restricted || c->ti[table_index(c,
		    to->owner[i])].expected)
			offer_to(c, t, v, len, of, to->k[i]);
}

void
cross_expect(struct cross *c, const struct std_table *t)
{
	c->restricted = 1;
	c->ti[table_index(c, t)].expected = 1;
}

int
cross_offers(const struct cross *c, const struct std_table *t)
{
	const struct targets *to = &c->to[table_index(c, t)];
	size_t i;

	if (c->ti[table_index(c, t)].org < 0)
		return 0;
	for (i = 0; i < to->n; i++)
		if (!c->restricted || c->ti[table_index(c,
		    to->owner[i])].expected)
			return 1;
	return 0;
}

int
cross_feeds(const struct cross *c, const struct std_table *from,
    const struct std_table *to)
{
	const struct targets *tg = &c->to[table_index(c, from)];
	size_t i;

	for (i = 0; i < tg->n; i++)
		if (tg->owner[i] == to)
			return 1;
	return 0;
}

void
cross_set_known(struct cross *c, cross_known_fn *fn, void *arg)
{
	c->known = fn;
	c->known_arg = arg;
}

void
cross_begin(struct cross *c, const struct std_table *t)
{
	(void)t;
	keyset_clear(c->seen);
}

int
cross_unique_field(const struct std_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nfields; i++)
		for (j = 0; j < t->field[i].ntokens; j++)
			if (t->field[i].token[j].rule->kind == RULE_UNIQUE)
				return (int)i;
	return -1;
}

static void
emit(rule_finding_fn *fn, void *arg, int field, const struct std_rule *r,
    const char *why, size_t *n)
{
	struct rule_finding f;

	f.field = field;
	f.rule = r;
	f.why = why;
	f.lasting = 1;	/* every reason here is a constant */
	fn(arg, &f);
	(*n)++;
}

/* The number of an org_code, so that the keys of unique hold 4 bytes
 * for it instead of 18. Records come in runs of one institution. */
static uint32_t
org_number(struct cross *c, const char *org, size_t len)
{
	void **slot;

	if (c->last_org.data && c->last_org.len == len &&
	    memcmp(c->last_org.data, org, len) == 0)
		return c->last_orgno;
	slot = hmap_put(c->orgs, org, len, NULL);
	if (*slot == NULL)
		*slot = (void *)(hmap_count(c->orgs));
	c->last_orgno = (uint32_t)(size_t)*slot;
	buf_reset(&c->last_org);
	buf_add(&c->last_org, org, len);
	return c->last_orgno;
}

/* A record's key for unique: its fields each followed by 0x1f, an
 * org_code as 0x01 and its number. */
static void
unique_key(struct cross *c, const struct std_table *t, char *const *v,
    const size_t *len)
{
	int of = org_field(c, t);
	uint32_t no;
	size_t i;
	int f;

	buf_reset(&c->uk);
	for (i = 0; i < t->nkey; i++) {
		f = t->key[i];
		if (f == of) {
			no = org_number(c, v[f], len[f]);
			buf_addc(&c->uk, 0x01);
			buf_add(&c->uk, &no, sizeof(no));
		} else {
			buf_add(&c->uk, v[f], len[f]);
			buf_addc(&c->uk, 0x1f);
		}
	}
}

/* Whether the ref of token k for v[of] needs a probe of refs: not
 * when nothing was offered to its target and there is no store to ask,
 * or one that holds nothing of the target for the org. */
static int
ref_probed(const struct cross *c, const struct std_token *k,
    char *const *v, const size_t *len, int of)
{
	const struct tinfo *to = &c->ti[table_index(c, k->table)];

	return to->offered[k->other_field] != 0 || (c->known != NULL &&
	    !(to->none_org.data && to->none_org.len == len[of] &&
	    memcmp(to->none_org.data, v[of], len[of]) == 0));
}

/* A ref's key in c->k: the target (table, field), org_code, value. */
static void
ref_key(struct cross *c, const struct std_token *k, char *const *v,
    const size_t *len, int fi, int of)
{
	key_start(c, k->table, k->other_field, v[of], len[of]);
	buf_add(&c->k, v[fi], len[fi]);
}

/* The slots of the record's ref keys, fetched ahead: with a key store a
 * ref is a probe per record of a map far beyond the caches. */
static void
prefetch_refs(struct cross *c, const struct tinfo *ti, char *const *v,
    const size_t *len)
{
	size_t i;

	if (c->nref < ti->ntok) {
		c->ref_hash = xreallocarray(c->ref_hash, ti->ntok,
		    sizeof(*c->ref_hash));
		c->ref_ready = xreallocarray(c->ref_ready, ti->ntok,
		    sizeof(*c->ref_ready));
		c->nref = ti->ntok;
	}
	for (i = 0; i < ti->ntok; i++) {
		const struct std_token *k = ti->tok[i].k;
		int fi = ti->tok[i].field;

		c->ref_ready[i] = k->rule->kind == RULE_REF && len[fi] &&
		    ref_probed(c, k, v, len, ti->org);
		if (!c->ref_ready[i])
			continue;
		ref_key(c, k, v, len, fi, ti->org);
		c->ref_hash[i] = hmap_hash(c->k.data, c->k.len);
		hmap_prefetch(c->refs, c->ref_hash[i]);
	}
}

void
cross_prefetch(struct cross *c, const struct std_table *t, char *const *v,
    const size_t *len)
{
	const struct tinfo *ti = &c->ti[table_index(c, t)];

	if (ti->org >= 0)
		prefetch_refs(c, ti, v, len);
	if (ti->unique < 0)
		return;
	unique_key(c, t, v, len);
	c->uk_hash = keyset_prefetch(c->seen, c->uk.data, c->uk.len);
	c->uk_ready = 1;
}

void
cross_prefetch_keys(struct cross *c, const struct std_table *t)
{
	const struct tinfo *ti = &c->ti[table_index(c, t)];
	size_t i;

	for (i = 0; i < ti->ntok && i < c->nref; i++)
		if (c->ref_ready[i])
			hmap_prefetch_key(c->refs, c->ref_hash[i]);
}

/* The second and later occurrences of a key (R12), whatever the first's
 * verdict; not evaluated on an empty or mistyped unique field. */
static int
duplicate_key(struct cross *c, const struct std_table *t, char *const *v,
    const size_t *len, int uf)
{
	int ready = c->uk_ready;

	c->uk_ready = 0;
	if (!rules_typed(&t->field[uf], v[uf], len[uf]))
		return 0;
	if (!ready) {
		unique_key(c, t, v, len);
		c->uk_hash = hmap_hash(c->uk.data, c->uk.len);
	}
	return !keyset_add_hashed(c->seen, c->uk.data, c->uk.len, c->uk_hash);
}

static int
ref_missing(struct cross *c, const struct std_field *f, const struct std_token *k,
    char *const *v, const size_t *len, int fi, int of, size_t tok)
{
	struct tinfo *to = &c->ti[table_index(c, k->table)];
	void **slot;
	int known;

	if (!rules_typed(f, v[fi], len[fi]))
		return 0;
	if (!ref_probed(c, k, v, len, of))
		return 1;
	ref_key(c, k, v, len, fi, of);
	slot = tok < c->nref && c->ref_ready[tok] ? hmap_get_hashed(c->refs,
	    c->k.data, c->k.len, c->ref_hash[tok]) : hmap_get(c->refs,
	    c->k.data, c->k.len);
	if (slot != NULL)
		return *slot == NULL;	/* NULL: asked the store, not there */
	if (c->known == NULL)
		return 1;
	/* ask the store once per value, remembering either answer (not
	 * when it holds nothing of the table: asking again costs nothing) */
	known = c->known(c->known_arg, k->table, k->other_field, v[of],
	    len[of], v[fi], len[fi]);
	if (known < 0) {
		buf_reset(&to->none_org);
		buf_add(&to->none_org, v[of], len[of]);
		buf_addc(&to->none_org, '\0');	/* data set even for "" */
		to->none_org.len--;
		return 1;
	}
	*hmap_put(c->refs, c->k.data, c->k.len, NULL) = known ? (void *)1 : NULL;
	return !known;
}

static int
sum_differs(struct cross *c, const struct std_token *k,
    char *const *v, const size_t *len, int fi, int of)
{
	fixed **slot, total = 0, mine, diff;
	const fixed cent = fixed_parse("0.01", 4);

	if (len[fi] == 0 || len[k->key] == 0 || !dec_valid(v[fi], len[fi]))
		return 0;
	sum_key(c, k, v[of], len[of], v[k->key], len[k->key]);
	slot = (fixed **)hmap_get(c->sums, c->k.data, c->k.len);
	if (slot)
		total = **slot;
	mine = fixed_parse(v[fi], len[fi]);
	diff = total > mine ? total - mine : mine - total;
	return diff > cent;
}

size_t
cross_check(struct cross *c, const struct std_table *t, char *const *v,
    const size_t *len, rule_finding_fn *fn, void *arg)
{
	const struct tinfo *ti = &c->ti[table_index(c, t)];
	int uf = ti->unique, of = ti->org, fi;
	size_t i, n = 0;

	if (uf >= 0 && duplicate_key(c, t, v, len, uf))
		emit(fn, arg, uf, t->builtin[RULE_UNIQUE],
		    "a primary key that occurs once in the submission", &n);
	if (of < 0)
		return n;
	for (i = 0; i < ti->ntok; i++) {
		const struct std_token *k = ti->tok[i].k;

		fi = ti->tok[i].field;
		if (k->rule->kind == RULE_REF &&
		    ref_missing(c, &t->field[fi], k, v, len, fi, of, i))
			emit(fn, arg, fi, k->rule, "a value of the "
			    "referenced key in the same institution", &n);
		else if (k->rule->kind == RULE_SUM &&
		    sum_differs(c, k, v, len, fi, of))
			emit(fn, arg, fi, k->rule, "the sum of the "
			    "detail records within 0.01", &n);
	}
	if (c->nref)	/* the hashes were this record's */
		memset(c->ref_ready, 0, c->nref);
	return n;
}
