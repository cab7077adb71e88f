/*
 * rules.c - record rules in the order of README 6.3: an empty value gets
 * only when and required; a type failure stops the field; then length,
 * domain and the field's tokens as written, each failure its own finding.
 * Reasons describe the expected form, never the value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "standard.h"
#include "util.h"
#include "value.h"

struct eval {
	const struct std_table	*t;
	char *const		*v;
	const size_t		*len;
	const char		*today;
	rule_finding_fn		*fn;
	void			*arg;
	size_t			 n;
};

static void
emit_finding(struct eval *e, int field, const struct std_rule *rule,
    const char *why, int lasting)
{
	struct rule_finding f;

	if (rule == NULL)	/* a rule a province's rules.csv leaves out */
		return;
	f.field = field;
	f.rule = rule;
	f.why = why;
	f.lasting = lasting;
	e->n++;
	e->fn(e->arg, &f);
}

/* A finding whose reason is a string constant: kept as a pointer. */
static void
emit(struct eval *e, int field, const struct std_rule *rule, const char *why)
{
	emit_finding(e, field, rule, why, 1);
}

/* A finding whose reason is in the caller's buffer: copied if kept. */
static void
emit_copy(struct eval *e, int field, const struct std_rule *rule,
    const char *why)
{
	emit_finding(e, field, rule, why, 0);
}

int
rules_typed(const struct std_field *f, const char *v, size_t len)
{
	if (len == 0)
		return 0;
	switch (f->type) {
	case STD_S:
		return text_valid(v, len);
	case STD_I:
		return int_valid(v, len);
	case STD_N:
		return dec_valid(v, len);
	case STD_D:
		return date_valid(v, len);
	case STD_DT:
		return datetime_valid(v, len);
	}
	return 0;
}

/* The length rule (R03): characters, digits, or precision and scale;
 * chars is the count of characters of a type S value. */
static int
length_ok(const struct std_field *f, const char *v, size_t len, size_t chars,
    char *why, size_t n)
{
	const char *dot;
	size_t ni, nf, count;

	if (f->length == 0 || f->type == STD_D || f->type == STD_DT)
		return 1;
	if (f->type == STD_N) {
		if (*v == '+' || *v == '-')
			v++, len--;
		dot = memchr(v, '.', len);
		ni = dot ? (size_t)(dot - v) : len;
		nf = dot ? len - ni - 1 : 0;
		while (ni && *v == '0')
			v++, ni--;
		if ((int)ni <= f->length - f->scale && (int)nf <= f->scale)
			return 1;
		snprintf(why, n, "at most %d digits before the point and %d "
		    "after (numeric(%d,%d)); the value has %zu and %zu",
		    f->length - f->scale, f->scale, f->length, f->scale, ni, nf);
		return 0;
	}
	if (f->type == STD_I) {
		count = len - (*v == '+' || *v == '-');
		if ((int)count <= f->length)
			return 1;
		snprintf(why, n, "at most %d digits; the value has %zu",
		    f->length, count);
		return 0;
	}
	if ((int)chars <= f->length)
		return 1;
	snprintf(why, n, "at most %d characters; the value has %zu",
	    f->length, chars);
	return 0;
}

int
rules_length_ok(const struct std_field *f, const char *v, size_t len)
{
	char why[160];

	return length_ok(f, v, len, f->type == STD_S ? utf8_len(v, len) : 0,
	    why, sizeof(why));
}

int
rules_when_holds(const struct std_token *k, char *const *v, const size_t *len)
{
	size_t i, n = len[k->field];
	const char *s = v[k->field];

	if (k->values == NULL)
		return n > 0;
	for (i = 0; i < k->nvalues; i++)
		if (strlen(k->values[i]) == n && memcmp(k->values[i], s, n) == 0)
			return !k->negate;
	return k->negate;
}

int
idcard_check_char(const char *d)
{
	static const int w[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5,
	    8, 4, 2 };
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (d[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The value of a GB 32100 character, -1 for any other byte. */
static int
uscc_value(char c)
{
	const char *p;

	if (c >= '0' && c <= '9')
		return c - '0';
	if (c == '\0' || (p = strchr(uscc_chars + 10, c)) == NULL)
		return -1;
	return (int)(p - uscc_chars);
}

int
uscc_check_char(const char *s)
{
	static const int w[] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13,
	    8, 24, 10, 30, 28 };
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += uscc_value(s[i]) * w[i];
	return uscc_chars[(31 - sum % 31) % 31];
}

/* The date a field holds, as YYYY-MM-DD, for idcard:FIELD. */
static int
date_of(const char *v, size_t len, char out[11])
{
	if (date_valid(v, len) || (len == 19 && datetime_valid(v, len))) {
		memcpy(out, v, 10);
		out[10] = '\0';
		return 1;
	}
	return 0;
}

static const char *
idcard_problem(const struct eval *e, const struct std_token *k, int fi,
    const char *v, size_t len)
{
	char birth[11], other[11];
	size_t i;

	if (len != 18)
		return "18 characters (GB 11643): 17 digits and a check "
		    "character";
	for (i = 0; i < 17; i++)
		if (v[i] < '0' || v[i] > '9')
			return "17 digits and a check character (GB 11643)";
	if (!((v[17] >= '0' && v[17] <= '9') || v[17] == 'X'))
		return "a check character 0-9 or upper-case X (GB 11643)";
	if (idcard_check_char(v) != v[17])
		return "the GB 11643 check character (MOD 11-2); it does not "
		    "match";
	snprintf(birth, sizeof(birth), "%.4s-%.2s-%.2s", v + 6, v + 10, v + 12);
	if (!date_valid(birth, 10))
		return "characters 7-14 a real date YYYYMMDD";
	if (strcmp(birth, e->today) > 0)
		return "characters 7-14 a birth date not after today";
	if (k->field >= 0 && k->field != fi &&
	    date_of(e->v[k->field], e->len[k->field], other) &&
	    strcmp(other, birth) != 0)
		return "characters 7-14 equal to the record's birth date";
	return NULL;
}

static const char *
uscc_problem(const char *v, size_t len)
{
	size_t i;

	if (len != 18)
		return "18 characters (GB 32100)";
	for (i = 0; i < 18; i++)
		if (uscc_value(v[i]) < 0)
			return "characters 0-9 A-H J-N P-R T U W-Y only (GB 32100)";
	if (uscc_check_char(v) != v[17])
		return "the GB 32100 check character; it does not match";
	return NULL;
}

/*
 * strncmp(v, date || time, len) without building the string: a valid
 * date or date-time (no NUL inside) against the bound's date and, for
 * DT, the first or last second of that day.
 */
static int
when_cmp(const char *v, size_t len, const char *date, const char *time)
{
	size_t dl = strlen(date), tl = strlen(time), n;
	int c;

	n = len < dl ? len : dl;
	if ((c = memcmp(v, date, n)) != 0 || len <= dl)
		return c < 0 ? -1 : c > 0;
	len -= dl, v += dl;
	n = len < tl ? len : tl;
	if ((c = memcmp(v, time, n)) != 0)
		return c < 0 ? -1 : 1;
	return len > tl;	/* a byte against the terminating NUL */
}

/* Compares a value with a range bound; DT values against whole days. */
static int
bound_cmp(const struct eval *e, const struct std_field *f,
    const struct std_bound *b, const char *v, size_t len, int upper)
{
	if (f->type == STD_D || f->type == STD_DT)
		return when_cmp(v, len, b->today ? e->today : b->date,
		    f->type == STD_D ? "" : upper ? " 23:59:59" : " 00:00:00");
	return dec_cmp(v, len, b->text, strlen(b->text));
}

static const char *
range_problem(const struct eval *e, const struct std_field *f,
    const struct std_token *k, const char *v, size_t len)
{
	if ((f->type == STD_I || f->type == STD_N) && !dec_valid(v, len))
		return NULL;
	if ((k->lo.set && bound_cmp(e, f, &k->lo, v, len, 0) < 0) ||
	    (k->hi.set && bound_cmp(e, f, &k->hi, v, len, 1) > 0))
		return "a value within the range";
	return NULL;
}

/* -1, 0, 1, or 2 when the two values are not comparable (README R10). */
static int
order_cmp(const struct std_field *a, const char *va, size_t la,
    const struct std_field *b, const char *vb, size_t lb)
{
	int da = a->type == STD_D || a->type == STD_DT;
	int db = b->type == STD_D || b->type == STD_DT;
	int c;

	if (a->type == STD_S || b->type == STD_S) {
		if (dec_valid(va, la) && dec_valid(vb, lb))
			return dec_cmp(va, la, vb, lb);
		if (a->type == STD_S && b->type == STD_S) {
			c = memcmp(va, vb, la < lb ? la : lb);
			return c ? (c < 0 ? -1 : 1) : la < lb ? -1 : la > lb;
		}
		return 2;
	}
	if (da != db)
		return 2;
	if (!da)
		return dec_cmp(va, la, vb, lb);
	if (a->type != b->type)
		la = lb = 10;	/* D against DT: calendar dates */
	c = strncmp(va, vb, la < lb ? la : lb);
	return c < 0 ? -1 : c > 0;
}

static const char *
order_problem(const struct eval *e, const struct std_field *f,
    const struct std_token *k, const char *v, size_t len)
{
	const struct std_field *of = &e->t->field[k->field];
	const char *ov = e->v[k->field];
	size_t olen = e->len[k->field];
	int c;

	if (!rules_typed(of, ov, olen))
		return NULL;
	c = order_cmp(f, v, len, of, ov, olen);
	if (c == 2)
		return NULL;
	if (k->rule->kind == RULE_GE && c < 0)
		return "a value not less than the other field";
	if (k->rule->kind == RULE_LE && c > 0)
		return "a value not greater than the other field";
	return NULL;
}

static const char *
token_problem(const struct eval *e, const struct std_field *f, int fi,
    const struct std_token *k, const char *v, size_t len)
{
	switch (k->rule->kind) {
	case RULE_PATTERN:
		/* a NUL inside would cut the value short: type S refuses it */
		if (memchr(v, '\0', len) != NULL ||
		    regexec(&k->re, v, 0, NULL, 0) != 0)
			return "the pattern of the standard";
		return NULL;
	case RULE_IDCARD:
		return idcard_problem(e, k, fi, v, len);
	case RULE_USCC:
		return uscc_problem(v, len);
	case RULE_RANGE:
		return range_problem(e, f, k, v, len);
	case RULE_GE:
	case RULE_LE:
		return order_problem(e, f, k, v, len);
	default:
		return NULL;	/* when, cross-record and table rules */
	}
}

/* The tokens a value is checked against after its form (README 6.3);
 * the others are when (of an empty value) and the cross-record and
 * table rules, checked elsewhere. */
static int
value_token(const struct std_token *k)
{
	switch (k->rule->kind) {
	case RULE_PATTERN:
	case RULE_IDCARD:
	case RULE_USCC:
	case RULE_RANGE:
	case RULE_GE:
	case RULE_LE:
		return 1;
	default:
		return 0;
	}
}

/*
 * A table's rules compiled once: per field, the tokens that an empty
 * value (when) and a typed one (value_token()) are checked against, so
 * that a record visits none of the others (refs, unique, the table
 * rules) and reads no rule to learn its kind.
 */
struct pfield {
	const struct std_token	**when;
	size_t			  nwhen;
	const struct std_token	**tok;
	size_t			  ntok;
	unsigned char		 *codes;	/* domain: CODES_BYTES or NULL */
};

/*
 * A domain's codes of one and two bytes as bits (most codes of the
 * standard are such), so that a value of that length is looked up
 * without hashing: bit c of the first 256 for one byte c, bit 256 *
 * c1 + c2 of the rest for two. Neither byte NUL: no typed value holds
 * one, and a code with one is not a code of code[] as listed.
 */
#define CODES_BYTES	((256 + 256 * 256) / 8)

static int
bit_of(const unsigned char *bits, size_t i)
{
	return bits[i / 8] >> (i % 8) & 1;
}

static size_t
code_bit(const char *v, size_t len)
{
	const unsigned char *u = (const unsigned char *)v;

	return len == 1 ? u[0] : 256 + 256 * (size_t)u[0] + u[1];
}

static int
short_code(const char *v, size_t len)
{
	return (len == 1 && v[0]) || (len == 2 && v[0] && v[1]);
}

/* Every listed code that the domain has with the bytes listed (so
 * exactly the domain's short codes). */
static unsigned char *
code_bits(const struct std_domain *d)
{
	unsigned char *bits = xcalloc(1, CODES_BYTES);
	size_t i, len, b;

	for (i = 0; i < d->ncodes; i++) {
		len = strlen(d->code[i]);
		if (!short_code(d->code[i], len) ||
		    !std_domain_has(d, d->code[i], len))
			continue;
		b = code_bit(d->code[i], len);
		bits[b / 8] |= (unsigned char)(1u << (b % 8));
	}
	return bits;
}

static int
domain_has(const struct std_field *f, const struct pfield *pf, const char *v,
    size_t len)
{
	if (pf->codes && short_code(v, len))
		return bit_of(pf->codes, code_bit(v, len));
	return std_domain_has(f->domain, v, len);
}

struct rules_plan {
	const struct std_table	*t;
	struct pfield		*pf;	/* per field */
	const struct std_token	**all;	/* the tokens of every pf */
};

struct rules_plan *
rules_plan_new(const struct std_table *t)
{
	struct rules_plan *p = xcalloc(1, sizeof(*p));
	size_t i, j, n = 0;

	p->t = t;
	p->pf = xcalloc(t->nfields ? t->nfields : 1, sizeof(*p->pf));
	for (i = 0; i < t->nfields; i++)
		n += t->field[i].ntokens;
	p->all = xcalloc(n ? n : 1, sizeof(*p->all));
	n = 0;
	for (i = 0; i < t->nfields; i++) {
		const struct std_field *f = &t->field[i];
		struct pfield *pf = &p->pf[i];

		pf->when = p->all + n;
		for (j = 0; j < f->ntokens; j++)
			if (f->token[j].rule->kind == RULE_WHEN)
				pf->when[pf->nwhen++] = &f->token[j];
		n += pf->nwhen;
		pf->tok = p->all + n;
		for (j = 0; j < f->ntokens; j++)
			if (value_token(&f->token[j]))
				pf->tok[pf->ntok++] = &f->token[j];
		n += pf->ntok;
		if (f->domain)
			pf->codes = code_bits(f->domain);
	}
	return p;
}

void
rules_plan_free(struct rules_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->t->nfields; i++)
		free(p->pf[i].codes);
	free(p->pf);
	free(p->all);
	free(p);
}

/* An empty value: its when tokens, then required. */
static void
check_empty(struct eval *e, const struct std_field *f, int fi,
    const struct pfield *pf)
{
	size_t i;

	for (i = 0; i < pf->nwhen; i++)
		if (rules_when_holds(pf->when[i], e->v, e->len))
			emit(e, fi, pf->when[i]->rule,
			    "a value: its condition holds");
	if (f->required == REQ_YES)
		emit(e, fi, e->t->builtin[RULE_REQUIRED],
		    "a value: the field is required");
}

/* The type forms' reasons, as type_form() and std_type_name() make
 * them: constant, not formatted per finding. */
static const char *
type_why(enum std_type t)
{
	static const char *why[] = {
		"text without control characters other than TAB, LF and CR "
		    "(type S)",
		"an integer [+-]digits (type I)",
		"a decimal [+-]digits[.digits] (type N)",
		"a real date YYYY-MM-DD (type D)",
		"a real date-time YYYY-MM-DD HH:MM:SS (type DT)",
	};

	return why[t];
}

/* A value's form, length and domain; 0 when its type failed, which
 * stops the field. */
static int
check_form(struct eval *e, const struct std_field *f, int fi,
    const struct pfield *pf, const char *v, size_t len)
{
	size_t chars = 0;
	char buf[160];
	int typed;

	/* text: the form and the count of characters in one reading */
	if (f->type == STD_S)
		typed = (chars = text_scan(v, len)) != (size_t)-1;
	else
		typed = rules_typed(f, v, len);
	if (!typed) {
		emit(e, fi, e->t->builtin[RULE_TYPE], type_why(f->type));
		return 0;
	}
	if (!length_ok(f, v, len, chars, buf, sizeof(buf)))
		emit_copy(e, fi, e->t->builtin[RULE_LENGTH], buf);
	if (f->domain && !domain_has(f, pf, v, len)) {
		snprintf(buf, sizeof(buf), "a code of domain %s", f->domain->name);
		emit_copy(e, fi, e->t->builtin[RULE_DOMAIN], buf);
	}
	return 1;
}

static void
check_field(struct eval *e, int fi, const struct pfield *pf)
{
	const struct std_field *f = &e->t->field[fi];
	const struct std_token *k;
	const char *v = e->v[fi], *why;
	size_t len = e->len[fi], i;

	if (len == 0) {
		check_empty(e, f, fi, pf);
		return;
	}
	if (!check_form(e, f, fi, pf, v, len))
		return;
	for (i = 0; i < pf->ntok; i++) {
		k = pf->tok[i];
		if ((why = token_problem(e, f, fi, k, v, len)))
			emit(e, fi, k->rule, why);
	}
}

/* The record's fields in order, each with its tokens of the plan. */
size_t
rules_check(const struct rules_plan *p, char *const *v, const size_t *len,
    const char *today, rule_finding_fn *fn, void *arg)
{
	struct eval e;
	size_t i;

	e.t = p->t;
	e.v = v;
	e.len = len;
	e.today = today;
	e.fn = fn;
	e.arg = arg;
	e.n = 0;
	for (i = 0; i < p->t->nfields; i++)
		check_field(&e, (int)i, &p->pf[i]);
	return e.n;
}

size_t
rules_expected(const struct std_table *t, char *const *v, const size_t *len,
    size_t *present)
{
	size_t i, j, n = 0, have = 0;

	for (i = 0; i < t->nfields; i++) {
		const struct std_field *f = &t->field[i];
		int expected = f->required == REQ_YES;

		for (j = 0; !expected && f->required == REQ_COND &&
		    j < f->ntokens; j++)
			expected = f->token[j].rule->kind == RULE_WHEN &&
			    rules_when_holds(&f->token[j], v, len);
		if (expected) {
			n++;
			have += len[i] > 0;
		}
	}
	if (present)
		*present = have;
	return n;
}
