/*
 * mapreport.c - counts of a mapping run and its JSON report.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "mapping.h"
#include "mapreport.h"
#include "outfile.h"
#include "standard.h"
#include "util.h"

#define REPORT_TOP	100	/* unmapped codes listed per domain */

void
mapstats_init(struct map_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->codes = hmap_new();
}

void
mapstats_free(struct map_stats *st)
{
	if (st == NULL)
		return;
	hmap_free(st->codes);
	st->codes = NULL;
}

void
mapstats_unmapped(struct map_stats *st, const char *code, size_t len,
    int sensitive)
{
	void **slot;

	st->unmapped++;
	if (sensitive) {
		st->hidden++;
		return;
	}
	if ((slot = hmap_get(st->codes, code, len)) == NULL) {
		if (hmap_count(st->codes) >= MAPSTATS_CODES) {
			st->untracked++;
			return;
		}
		slot = hmap_put(st->codes, code, len, NULL);
	}
	*slot = (void *)((uintptr_t)*slot + 1);
}

size_t
mapstats_distinct(const struct map_stats *st)
{
	return hmap_count(st->codes);
}

static int
cmp_top(const void *x, const void *y)
{
	const struct map_top *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if ((c = memcmp(a->code, b->code, n)) != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

size_t
mapstats_top(const struct map_stats *st, struct map_top *top, size_t n)
{
	struct map_top *all;
	size_t pos = 0, k = 0, len;
	const char *key;
	void *v;

	if (n == 0 || hmap_count(st->codes) == 0)
		return 0;
	all = xreallocarray(NULL, hmap_count(st->codes), sizeof(*all));
	while (hmap_next(st->codes, &pos, &key, &len, &v)) {
		all[k].code = key;
		all[k].len = len;
		all[k].count = (unsigned long)(uintptr_t)v;
		k++;
	}
	qsort(all, k, sizeof(*all), cmp_top);
	if (n > k)
		n = k;
	memcpy(top, all, n * sizeof(*all));
	free(all);
	return n;
}

static json_t *
domain_json(const struct map_domain *md)
{
	struct map_top top[REPORT_TOP];
	json_t *o = json_object(), *a, *t;
	const struct map_stats *st = &md->st;
	size_t i, n;

	json_object_set_new(o, "domain", json_string(md->domain->name));
	a = json_array();
	for (i = 0; i < md->nfield; i++)
		json_array_append_new(a, json_string(md->field[i]));
	json_object_set_new(o, "fields", a);
	a = json_array();
	for (i = 0; i < md->nfile; i++)
		json_array_append_new(a, json_string(md->file[i]));
	json_object_set_new(o, "files", a);
	if (md->def) {
		char *p = xasprintf("default:%s", md->def);

		json_object_set_new(o, "unmapped_policy", json_string(p));
		free(p);
	} else
		json_object_set_new(o, "unmapped_policy",
		    json_string("reject"));
	json_object_set_new(o, "passthrough", json_boolean(md->passthrough));
	json_object_set_new(o, "fold", json_boolean(md->fold));
	json_object_set_new(o, "seen", json_integer((json_int_t)st->seen));
	json_object_set_new(o, "mapped", json_integer((json_int_t)st->mapped));
	json_object_set_new(o, "passed_through",
	    json_integer((json_int_t)st->passed));
	json_object_set_new(o, "unmapped",
	    json_integer((json_int_t)st->unmapped));
	json_object_set_new(o, "defaulted",
	    json_integer((json_int_t)st->defaulted));
	json_object_set_new(o, "distinct_unmapped",
	    json_integer((json_int_t)mapstats_distinct(st)));
	json_object_set_new(o, "untracked",
	    json_integer((json_int_t)st->untracked));
	json_object_set_new(o, "hidden_sensitive",
	    json_integer((json_int_t)st->hidden));
	a = json_array();
	n = mapstats_top(st, top, REPORT_TOP);
	for (i = 0; i < n; i++) {
		t = json_object();
		json_object_set_new(t, "code",
		    json_stringn(top[i].code, top[i].len));
		json_object_set_new(t, "count",
		    json_integer((json_int_t)top[i].count));
		json_array_append_new(a, t);
	}
	json_object_set_new(o, "top_unmapped", a);
	return o;
}

int
mapreport_write(const char *path, const char *table, const char *input,
    unsigned long records, unsigned long ragged, const struct map_domain *md,
    size_t n, char *err, size_t errlen)
{
	json_t *root = json_object(), *a = json_array();
	struct outfile *of;
	size_t i;
	int rc;

	json_object_set_new(root, "table", json_string(table));
	json_object_set_new(root, "input", json_string(input));
	json_object_set_new(root, "records", json_integer((json_int_t)records));
	json_object_set_new(root, "ragged", json_integer((json_int_t)ragged));
	for (i = 0; i < n; i++)
		json_array_append_new(a, domain_json(&md[i]));
	json_object_set_new(root, "domains", a);
	/* renamed into place when whole, as the staging files are */
	if ((of = outfile_open(path, err, errlen)) == NULL)
		rc = -1;
	else if (json_dumpf(root, outfile_fp(of), JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) == -1 || fputc('\n', outfile_fp(of)) == EOF) {
		outfile_discard(of);
		rc = seterr(err, errlen, "%s: write error", path);
	} else
		rc = outfile_commit(of, err, errlen);
	json_decref(root);
	return rc;
}
