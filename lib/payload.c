/*
 * payload.c - canonical texts, key order and payload_sm3 (api.md 2.3).
 */
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "sm.h"
#include "standard.h"
#include "util.h"
#include "value.h"

static void
canon_int(struct buf *out, const char *v, size_t len)
{
	int neg = 0;

	if (*v == '+' || *v == '-')
		neg = *v == '-', v++, len--;
	while (len > 1 && *v == '0')
		v++, len--;
	if (neg && !(len == 1 && *v == '0'))
		buf_addc(out, '-');
	buf_add(out, v, len);
}

/* Fixed point with exactly scale decimals, rounded half-up. */
static void
canon_dec(struct buf *out, const char *v, size_t len, int scale)
{
	char small[64], *d;
	const char *dot;
	size_t ni, nf, n, i, k;
	int neg = 0, carry, zero = 1;

	if (*v == '+' || *v == '-')
		neg = *v == '-', v++, len--;
	dot = memchr(v, '.', len);
	ni = dot ? (size_t)(dot - v) : len;
	nf = dot ? len - ni - 1 : 0;
	/* digits: a leading 0 for a carry, the integer part, scale decimals */
	n = 1 + ni + (size_t)scale;
	/* a decimal of every record: no allocation for a usual one */
	d = n <= sizeof(small) ? small : xmalloc(n);
	d[0] = '0';
	memcpy(d + 1, v, ni);
	for (i = 0; i < (size_t)scale; i++)
		d[1 + ni + i] = i < nf ? dot[1 + i] : '0';
	carry = nf > (size_t)scale && dot[1 + scale] >= '5';
	for (k = n; carry && k-- > 0;) {
		if (d[k] == '9')
			d[k] = '0';
		else {
			d[k]++;
			carry = 0;
		}
	}
	for (i = 0; i < n; i++)
		if (d[i] != '0')
			zero = 0;
	if (neg && !zero)
		buf_addc(out, '-');
	/* integer digits d[0 .. n - scale), without leading zeros */
	for (i = 0; i + 1 < n - (size_t)scale && d[i] == '0'; i++)
		;
	buf_add(out, d + i, n - (size_t)scale - i);
	if (scale > 0) {
		buf_addc(out, '.');
		buf_add(out, d + n - scale, (size_t)scale);
	}
	if (d != small)
		free(d);
}

void
payload_canon(struct buf *out, const struct std_field *f, const char *v,
    size_t len)
{
	if (len == 0)
		return;
	if (f->type == STD_I && int_valid(v, len))
		canon_int(out, v, len);
	else if (f->type == STD_N && dec_valid(v, len))
		canon_dec(out, v, len, f->scale > 0 ? f->scale : 0);
	else
		buf_add(out, v, len);
}

/* The canonical texts of the key's values, joined by sep. */
static void
key_join(struct buf *out, const struct std_table *t, char *const *v,
    const size_t *len, char sep)
{
	size_t i;
	int k;

	for (i = 0; i < t->nkey; i++) {
		k = t->key[i];
		if (i)
			buf_addc(out, sep);
		payload_canon(out, &t->field[k], v[k], len[k]);
	}
}

void
payload_sort_key(struct buf *out, const struct std_table *t,
    char *const *v, const size_t *len)
{
	key_join(out, t, v, len, '\0');
}

void
payload_key_text(struct buf *out, const struct std_table *t,
    char *const *v, const size_t *len)
{
	key_join(out, t, v, len, 0x1f);
}

struct keyed {
	const struct payload_rec *r;
	char	*key;
	size_t	 len;
};

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);

	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* The records' sort keys, sorted; the caller frees each key and the array. */
static struct keyed *
sorted_keys(const struct std_table *t, const struct payload_rec *r, size_t n)
{
	struct keyed *k = xcalloc(n ? n : 1, sizeof(*k));
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		buf_reset(&b);
		payload_sort_key(&b, t, r[i].v, r[i].len);
		k[i].r = &r[i];
		k[i].len = b.len;
		k[i].key = xmalloc(b.len + 1);
		memcpy(k[i].key, b.data ? b.data : "", b.len);
	}
	buf_free(&b);
	qsort(k, n, sizeof(*k), keyed_cmp);
	return k;
}

void
payload_sort(const struct std_table *t, struct payload_rec *r, size_t n)
{
	struct keyed *k = sorted_keys(t, r, n);
	struct payload_rec *tmp = xcalloc(n ? n : 1, sizeof(*tmp));
	size_t i;

	for (i = 0; i < n; i++) {
		tmp[i] = *k[i].r;
		free(k[i].key);
	}
	memcpy(r, tmp, n * sizeof(*r));
	free(tmp);
	free(k);
}

void
payload_record(struct buf *out, const struct std_table *t, char *const *v,
    const size_t *len)
{
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		if (i)
			buf_addc(out, 0x1f);
		payload_canon(out, &t->field[i], v[i], len[i]);
	}
	buf_addc(out, 0x1e);
}

int
payload_sm3_sorted(const struct std_table *t, const struct payload_rec *r,
    size_t n, char hex[65], char *err, size_t errlen)
{
	struct sm3_ctx *c;
	struct buf b;
	size_t i;
	int rc = 0;

	if ((c = sm3_new(err, errlen)) == NULL)
		return -1;
	buf_init(&b);
	for (i = 0; i < n && rc == 0; i++) {
		payload_record(&b, t, r[i].v, r[i].len);
		if (b.len >= 1 << 16 || i + 1 == n) {
			rc = sm3_update(c, b.data, b.len, err, errlen);
			buf_reset(&b);
		}
	}
	if (rc == 0)
		rc = sm3_final_hex(c, hex, err, errlen);
	sm3_free(c);
	buf_free(&b);
	return rc;
}

int
payload_sm3(const struct std_table *t, const struct payload_rec *r, size_t n,
    char hex[65], char *err, size_t errlen)
{
	struct keyed *k = sorted_keys(t, r, n);
	struct payload_rec *s = xcalloc(n ? n : 1, sizeof(*s));
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		s[i] = *k[i].r;
		free(k[i].key);
	}
	free(k);
	rc = payload_sm3_sorted(t, s, n, hex, err, errlen);
	free(s);
	return rc;
}

int
payload_key_digest(const struct std_table *t, char *const *v,
    const size_t *len, char hex[65], char *err, size_t errlen)
{
	struct buf b;
	int rc;

	buf_init(&b);
	payload_key_text(&b, t, v, len);
	rc = sm3_hex(b.data ? b.data : "", b.len, hex, err, errlen);
	buf_free(&b);
	return rc;
}

int
payload_key_sm3(struct sm3_ctx *c, struct buf *scratch,
    const struct std_table *t, char *const *v, const size_t *len,
    unsigned char out[32], char *err, size_t errlen)
{
	buf_reset(scratch);
	payload_key_text(scratch, t, v, len);
	return sm3_digest(c, scratch->data ? scratch->data : "", scratch->len,
	    out, err, errlen);
}
