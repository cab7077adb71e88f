/*
 * batch.c - cutting records into batches, keeping one version per key,
 * and sealing a batch: key order, payload_sm3, batch_id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "csvio.h"
#include "hmap.h"
#include "payload.h"
#include "sm.h"
#include "standard.h"
#include "tabin.h"
#include "util.h"

struct open_batch {
	char		 *org;
	struct batch_rec *rec;
	char		**key;		/* sort key of each record */
	size_t		 *keylen;
	size_t		  n, cap;
	size_t		  bytes;
	struct hmap	 *keys;		/* sort key -> index + 1 */
};

struct batcher {
	const struct std_table *t;
	size_t		  max_records, max_bytes;
	unsigned	  generation;
	int		  org_field, ut_field;
	struct open_batch **open;	/* in the order the orgs were seen */
	size_t		  nopen;
	struct hmap	 *by_org;	/* org -> open batch */
	struct buf	  key;
};

#define ENVELOPE_BYTES	256	/* {"org_code":..,"batch_id":..,...,"records":[]} */

/* One allocation per record: the value pointers, the lengths, then the
 * values, each NUL-terminated. */
static void
rec_copy(struct batch_rec *r, const struct std_table *t, char *const *v,
    const size_t *len, unsigned long line)
{
	size_t i, n = t->nfields, bytes = n * (sizeof(char *) + sizeof(size_t));
	char *p;

	for (i = 0; i < n; i++)
		bytes += len[i] + 1;
	r->v = xmalloc(bytes);
	r->len = (size_t *)(r->v + n);
	p = (char *)(r->len + n);
	for (i = 0; i < n; i++) {
		r->v[i] = p;
		memcpy(p, v[i], len[i]);
		p[len[i]] = '\0';
		p += len[i] + 1;
		r->len[i] = len[i];
	}
	r->line = line;
}

static void
rec_free(struct batch_rec *r, size_t nfields)
{
	(void)nfields;
	free(r->v);
	r->v = NULL;
	r->len = NULL;
}

size_t
batch_json_record_bytes(const struct std_table *t, char *const *v,
    const size_t *len)
{
	size_t i, j, n = 3;	/* {} and a comma */

	for (i = 0; i < t->nfields; i++) {
		n += strlen(t->field[i].name) + 6;	/* "":"", */
		for (j = 0; j < len[i]; j++) {
			unsigned char c = (unsigned char)v[i][j];

			n += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
		}
	}
	return n;
}

size_t
batch_json_limit(size_t limit, int sm4)
{
	if (limit <= ENVELOPE_BYTES)
		return 0;
	if (!sm4)
		return limit - ENVELOPE_BYTES;
	/* {"encrypted":"BASE64","iv":"32 hex"}: base64 is 4/3 of the
	 * ciphertext, which pads the JSON to the next block of 16 */
	limit -= 64;
	limit = limit / 4 * 3;
	return limit > 16 + ENVELOPE_BYTES ? limit - 16 - ENVELOPE_BYTES : 0;
}

int
batch_id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > BATCH_ID_MAX)
		return 0;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._:-") == n;
}

/* Appends s with every character outside the batch_id set as '_'. */
static void
add_id_part(struct buf *b, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] && i < max; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':'))
			c = '_';
		buf_addc(b, c);
	}
}

/* YYYYMMDD of the latest business date (else update_time), or 00000000. */
static void
batch_date(const struct batch *b, char out[9])
{
	const struct std_table *t = b->t;
	int f[2], k;
	size_t i, j;

	f[0] = t->business_date;
	f[1] = std_field_index(t, "update_time");
	memcpy(out, "00000000", 9);
	for (i = 0; i < b->n; i++) {
		for (j = 0; j < 2; j++) {
			const char *v;
			char d[9];

			if ((k = f[j]) < 0 || b->rec[i].len[k] < 10)
				continue;
			v = b->rec[i].v[k];
			if (v[4] != '-' || v[7] != '-')
				continue;
			memcpy(d, v, 4);
			memcpy(d + 4, v + 5, 2);
			memcpy(d + 6, v + 8, 2);
			d[8] = '\0';
			if (strspn(d, "0123456789") != 8)
				continue;
			if (strcmp(d, out) > 0)
				memcpy(out, d, 9);
			break;
		}
	}
}

static int
batch_seal(struct batch *b, char *err, size_t errlen)
{
	struct buf in, id;
	char hex[65], date[9];
	size_t i;
	int rc;

	b->view = xcalloc(b->n ? b->n : 1, sizeof(*b->view));
	for (i = 0; i < b->n; i++) {
		b->view[i].v = b->rec[i].v;
		b->view[i].len = b->rec[i].len;
	}
	if (payload_sm3_sorted(b->t, b->view, b->n, b->payload_sm3, err,
	    errlen) == -1)
		return -1;
	buf_init(&in);
	buf_printf(&in, "%s|%s|%u|%s", b->org, b->t->name, b->generation,
	    b->payload_sm3);
	rc = sm3_hex(in.data, in.len, hex, err, errlen);
	buf_free(&in);
	if (rc == -1)
		return -1;
	batch_date(b, date);
	buf_init(&id);
	add_id_part(&id, b->org, 18);
	buf_addc(&id, '-');
	/* 64 = org 18 + 3 dashes + date 8 + hash 12 + table at most 23 */
	add_id_part(&id, b->t->name, BATCH_ID_MAX - 3 - 8 - 12 - id.len + 1);
	buf_printf(&id, "-%s-%.12s", date, hex);
	snprintf(b->id, sizeof(b->id), "%s", id.data);
	buf_free(&id);
	return 0;
}

struct sorting {
	struct batch_rec r;
	char	*key;
	size_t	 keylen;
};

static int
sorting_cmp(const void *a, const void *b)
{
	const struct sorting *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	if (c)
		return c;
	return (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

#define COUNT_BYTES	((size_t)-1)

/* Takes the records (and keys) of s, sorts them and seals the batch;
 * json_bytes as the batcher counted them, or COUNT_BYTES. */
static struct batch *
batch_from(const struct std_table *t, const char *org, unsigned generation,
    struct sorting *s, size_t n, size_t json_bytes, char *err, size_t errlen)
{
	struct batch *b = xcalloc(1, sizeof(*b));
	size_t i;

	b->t = t;
	b->org = xstrdup(org);
	b->generation = generation;
	qsort(s, n, sizeof(*s), sorting_cmp);
	b->rec = xcalloc(n ? n : 1, sizeof(*b->rec));
	b->n = n;
	b->json_bytes = json_bytes;
	for (i = 0; i < n; i++) {
		b->rec[i] = s[i].r;
		free(s[i].key);
	}
	if (json_bytes == COUNT_BYTES) {
		b->json_bytes = ENVELOPE_BYTES;
		for (i = 0; i < n; i++)
			b->json_bytes += batch_json_record_bytes(t,
			    b->rec[i].v, b->rec[i].len);
	}
	if (batch_seal(b, err, errlen) == -1) {
		batch_free(b);
		return NULL;
	}
	return b;
}

struct batch *
batch_make(const struct std_table *t, const char *org, unsigned generation,
    struct batch_rec *r, size_t n, char *err, size_t errlen)
{
	struct sorting *s = xcalloc(n ? n : 1, sizeof(*s));
	struct batch *b;
	struct buf k;
	size_t i;

	buf_init(&k);
	for (i = 0; i < n; i++) {
		rec_copy(&s[i].r, t, r[i].v, r[i].len, r[i].line);
		buf_reset(&k);
		payload_sort_key(&k, t, r[i].v, r[i].len);
		s[i].keylen = k.len;
		s[i].key = xmalloc(k.len + 1);
		memcpy(s[i].key, k.data ? k.data : "", k.len);
	}
	buf_free(&k);
	b = batch_from(t, org, generation, s, n, COUNT_BYTES, err, errlen);
	free(s);
	return b;
}

void
batch_free(struct batch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		rec_free(&b->rec[i], b->t->nfields);
	free(b->rec);
	free(b->view);
	free(b->org);
	free(b);
}

int
batch_to_csv(const struct batch *b, struct buf *out, char *err, size_t errlen)
{
	FILE *fp;
	char *data = NULL;
	size_t len = 0, i;
	struct csv_writer *w;

	if ((fp = open_memstream(&data, &len)) == NULL)
		return seterr(err, errlen, "%s: memory stream", b->id);
	w = csvw_new(fp);
	for (i = 0; i < b->t->nfields; i++)
		csvw_field(w, b->t->field[i].name, strlen(b->t->field[i].name));
	csvw_end(w);
	for (i = 0; i < b->n; i++)
		csvw_record(w, b->rec[i].v, b->rec[i].len, b->t->nfields);
	if (csvw_free(w) == -1 || fclose(fp) == EOF) {
		free(data);
		return seterr(err, errlen, "%s: memory stream", b->id);
	}
	buf_add(out, data, len);
	free(data);
	return 0;
}

struct batch *
batch_from_csv(const struct std_table *t, const char *org, unsigned generation,
    const char *csv, size_t len, const char *name, char *err, size_t errlen)
{
	struct sorting *s = NULL;
	struct tabin_record *rec;
	struct tabin *ti;
	struct batch *b = NULL;
	struct buf k;
	size_t n = 0, cap = 0, i;
	FILE *fp;
	int rc;

	if ((fp = fmemopen((void *)csv, len, "r")) == NULL) {
		seterr(err, errlen, "%s: memory stream", name);
		return NULL;
	}
	if ((ti = tabin_open(fp, name, t, err, errlen)) == NULL) {
		fclose(fp);
		return NULL;
	}
	buf_init(&k);
	while ((rc = tabin_next(ti, &rec)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			s = xreallocarray(s, cap, sizeof(*s));
		}
		memset(&s[n], 0, sizeof(s[n]));
		rec_copy(&s[n].r, t, rec->v, rec->len, rec->line);
		buf_reset(&k);
		payload_sort_key(&k, t, rec->v, rec->len);
		s[n].keylen = k.len;
		s[n].key = xmalloc(k.len + 1);
		memcpy(s[n].key, k.data ? k.data : "", k.len);
		n++;
	}
	buf_free(&k);
	if (s == NULL)
		s = xcalloc(1, sizeof(*s));
	if (rc == -1) {
		seterr(err, errlen, "%s", tabin_error(ti));
		for (i = 0; i < n; i++) {
			rec_free(&s[i].r, t->nfields);
			free(s[i].key);
		}
	} else
		b = batch_from(t, org, generation, s, n, COUNT_BYTES, err,
		    errlen);
	tabin_free(ti);
	fclose(fp);
	free(s);
	return b;
}

struct batcher *
batcher_new(const struct std_table *t, size_t max_records, size_t max_bytes,
    unsigned generation)
{
	struct batcher *bt = xcalloc(1, sizeof(*bt));

	bt->t = t;
	bt->max_records = max_records ? max_records : BATCH_MAX_RECORDS;
	bt->max_bytes = max_bytes;
	bt->generation = generation;
	bt->org_field = std_field_index(t, "org_code");
	bt->ut_field = std_field_index(t, "update_time");
	bt->by_org = hmap_new();
	buf_init(&bt->key);
	return bt;
}

static void
open_free(struct open_batch *ob, size_t nfields)
{
	size_t i;

	for (i = 0; i < ob->n; i++) {
		rec_free(&ob->rec[i], nfields);
		free(ob->key[i]);
	}
	free(ob->rec);
	free(ob->key);
	free(ob->keylen);
	hmap_free(ob->keys);
	ob->rec = NULL;
	ob->key = NULL;
	ob->keylen = NULL;
	ob->keys = hmap_new();
	ob->n = ob->cap = 0;
	ob->bytes = ENVELOPE_BYTES;
}

void
batcher_free(struct batcher *bt)
{
	size_t i;

	if (bt == NULL)
		return;
	for (i = 0; i < bt->nopen; i++) {
		open_free(bt->open[i], bt->t->nfields);
		hmap_free(bt->open[i]->keys);
		free(bt->open[i]->org);
		free(bt->open[i]);
	}
	free(bt->open);
	hmap_free(bt->by_org);
	buf_free(&bt->key);
	free(bt);
}

/* Seals the records of ob into a batch and empties ob. */
static struct batch *
open_seal(struct batcher *bt, struct open_batch *ob, char *err, size_t errlen)
{
	struct sorting *s = xcalloc(ob->n ? ob->n : 1, sizeof(*s));
	struct batch *b;
	size_t i, n = ob->n, bytes = bt->max_bytes ? ob->bytes : 0;

	for (i = 0; i < n; i++) {
		s[i].r = ob->rec[i];
		s[i].key = ob->key[i];
		s[i].keylen = ob->keylen[i];
	}
	ob->n = 0;	/* the records and keys now belong to s */
	open_free(ob, bt->t->nfields);
	b = batch_from(bt->t, ob->org, bt->generation, s, n, bytes, err,
	    errlen);
	free(s);
	return b;
}

static struct open_batch *
open_of(struct batcher *bt, const char *org, size_t len)
{
	void **slot;
	int added;
	struct open_batch *ob;

	slot = hmap_put(bt->by_org, org, len, &added);
	if (!added)
		return *slot;
	ob = xcalloc(1, sizeof(*ob));
	ob->org = xstrndup(org, len);
	ob->keys = hmap_new();
	ob->bytes = ENVELOPE_BYTES;
	bt->open = xreallocarray(bt->open, bt->nopen + 1, sizeof(*bt->open));
	bt->open[bt->nopen++] = ob;
	*slot = ob;
	return ob;
}

/* -1, 0, 1 as a's update_time is older, equal, newer than b's. */
static int
ut_cmp(const struct batcher *bt, char *const *a, const size_t *alen,
    const struct batch_rec *b)
{
	int f = bt->ut_field, c;
	size_t n;

	if (f < 0)
		return 0;
	n = alen[f] < b->len[f] ? alen[f] : b->len[f];
	c = memcmp(a[f], b->v[f], n);
	if (c == 0)
		c = (alen[f] > b->len[f]) - (alen[f] < b->len[f]);
	return c;
}

int
batcher_add(struct batcher *bt, char *const *v, const size_t *len,
    unsigned long line, struct batch **out, int *dropped,
    struct batch_dropped *d, char *err, size_t errlen)
{
	const struct std_table *t = bt->t;
	struct open_batch *ob;
	size_t bytes, i;
	void **slot;
	int added;

	*out = NULL;
	*dropped = 0;
	if (bt->org_field >= 0)
		ob = open_of(bt, v[bt->org_field], len[bt->org_field]);
	else
		ob = open_of(bt, "", 0);
	buf_reset(&bt->key);
	payload_sort_key(&bt->key, t, v, len);
	/* the size of the JSON body bounds a batch of the HTTP channel only */
	bytes = bt->max_bytes ? batch_json_record_bytes(t, v, len) : 0;
	if ((slot = hmap_get(ob->keys, bt->key.data ? bt->key.data : "",
	    bt->key.len)) != NULL) {
		struct batch_rec *old = &ob->rec[(size_t)(uintptr_t)*slot - 1];

		*dropped = 1;
		if (ut_cmp(bt, v, len, old) < 0) {
			d->line = line;
			d->kept_line = old->line;
			return 0;
		}
		d->line = old->line;
		d->kept_line = line;
		if (bt->max_bytes)
			ob->bytes -= batch_json_record_bytes(t, old->v,
			    old->len);
		rec_free(old, t->nfields);
		rec_copy(old, t, v, len, line);
		ob->bytes += bytes;
		return 0;
	}
	if (ob->n > 0 && (ob->n >= bt->max_records ||
	    (bt->max_bytes && ob->bytes + bytes > bt->max_bytes))) {
		if ((*out = open_seal(bt, ob, err, errlen)) == NULL)
			return -1;
	}
	if (ob->n == ob->cap) {
		ob->cap = ob->cap ? ob->cap * 2 : 64;
		ob->rec = xreallocarray(ob->rec, ob->cap, sizeof(*ob->rec));
		ob->key = xreallocarray(ob->key, ob->cap, sizeof(char *));
		ob->keylen = xreallocarray(ob->keylen, ob->cap, sizeof(size_t));
	}
	i = ob->n++;
	rec_copy(&ob->rec[i], t, v, len, line);
	ob->keylen[i] = bt->key.len;
	ob->key[i] = xmalloc(bt->key.len + 1);
	memcpy(ob->key[i], bt->key.data ? bt->key.data : "", bt->key.len);
	slot = hmap_put(ob->keys, ob->key[i], ob->keylen[i], &added);
	*slot = (void *)(uintptr_t)(i + 1);
	ob->bytes += bytes;
	return *out != NULL;
}

int
batcher_flush(struct batcher *bt, struct batch **out, char *err,
    size_t errlen)
{
	size_t i;

	*out = NULL;
	for (i = 0; i < bt->nopen; i++)
		if (bt->open[i]->n > 0) {
			if ((*out = open_seal(bt, bt->open[i], err, errlen)) ==
			    NULL)
				return -1;
			return 1;
		}
	return 0;
}
