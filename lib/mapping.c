/*
 * mapping.c - mapping files, the mapper of one table, and suggestions of
 * standard codes by name.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "hmap.h"
#include "mapping.h"
#include "mapreport.h"
#include "site.h"
#include "standard.h"
#include "util.h"

struct entry {
	unsigned long	 line;
	size_t		 len;
	char		 std[];
};

struct mapping {
	struct hmap	*rows;		/* key -> struct entry */
};

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *
mapping_key(struct buf *b, const char *s, size_t len, int fold,
    size_t *keylen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, start, end;
	unsigned int cp;

	*keylen = len;
	if (!fold || len == 0)
		return s;
	for (i = 0; i < len; i++)
		if (p[i] == 0xe3 || p[i] == 0xef)
			break;
	if (i == len) {		/* plain: trimming at most */
		for (start = 0; start < len && is_space(p[start]); start++)
			;
		for (end = len; end > start && is_space(p[end - 1]); end--)
			;
		*keylen = end - start;
		return s + start;
	}
	buf_reset(b);
	for (i = 0; i < len; i++) {
		if (i + 2 < len && p[i] == 0xe3 && p[i + 1] == 0x80 &&
		    p[i + 2] == 0x80) {
			buf_addc(b, ' ');
			i += 2;
		} else if (i + 2 < len && p[i] == 0xef &&
		    (p[i + 1] == 0xbc || p[i + 1] == 0xbd) &&
		    p[i + 2] >= 0x80 && p[i + 2] <= 0xbf) {
			cp = ((p[i + 1] & 0x3f) << 6) | (p[i + 2] & 0x3f);
			cp |= 0xf000;	/* U+FF00 | the low 12 bits */
			if (cp >= 0xff01 && cp <= 0xff5e) {
				buf_addc(b, (int)(cp - 0xfee0));
				i += 2;
			} else
				buf_addc(b, p[i]);
		} else
			buf_addc(b, p[i]);
	}
	if (b->len == 0) {
		*keylen = 0;
		return "";
	}
	p = (const unsigned char *)b->data;
	for (start = 0; start < b->len && is_space(p[start]); start++)
		;
	for (end = b->len; end > start && is_space(p[end - 1]); end--)
		;
	*keylen = end - start;
	return b->data + start;
}

/* A code for a message: at most 40 bytes, control characters as '?'. */
static const char *
shown(char *out, size_t outlen, const char *s, size_t len)
{
	size_t i, n = len < outlen - 1 ? len : outlen - 1;

	if (n > 40)
		n = 40;
	for (i = 0; i < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' :
		    s[i];
	out[n] = '\0';
	return out;
}

static int
header_ok(const struct csv_record *h)
{
	if (h->nfields < 2 || h->nfields > 3)
		return 0;
	if (strcmp(h->field[0], "local_code") != 0 ||
	    strcmp(h->field[1], "std_code") != 0)
		return 0;
	return h->nfields == 2 || strcmp(h->field[2], "local_name") == 0;
}

static int
add_row(struct mapping *m, const char *name, const struct csv_record *rec,
    const struct std_domain *d, int fold, struct buf *scratch, char *err,
    size_t errlen)
{
	const char *key, *sc = rec->field[1];
	size_t klen, slen = rec->len[1];
	struct entry *e, **slot;
	char a[48], b[48], c[48];
	int added;

	if (rec->nfields < 2 || rec->nfields > 3)
		return seterr(err, errlen, "%s:%lu: %zu field%s; expected "
		    "local_code,std_code[,local_name]", name, rec->line,
		    rec->nfields, rec->nfields == 1 ? "" : "s");
	key = mapping_key(scratch, rec->field[0], rec->len[0], fold, &klen);
	while (slen && is_space((unsigned char)sc[0]))
		sc++, slen--;
	while (slen && is_space((unsigned char)sc[slen - 1]))
		slen--;
	if (klen == 0)
		return seterr(err, errlen, "%s:%lu: empty local_code", name,
		    rec->line);
	if (slen == 0)
		return seterr(err, errlen, "%s:%lu: empty std_code", name,
		    rec->line);
	if (!std_domain_has(d, sc, slen))
		return seterr(err, errlen, "%s:%lu: std_code '%s' is not a "
		    "code of domain %s", name, rec->line,
		    shown(a, sizeof(a), sc, slen), d->name);
	slot = (struct entry **)hmap_put(m->rows, key, klen, &added);
	if (!added) {
		e = *slot;
		if (e->len == slen && memcmp(e->std, sc, slen) == 0)
			return 0;
		return seterr(err, errlen, "%s:%lu: local_code '%s' maps to "
		    "'%s' here and to '%s' on line %lu", name, rec->line,
		    shown(a, sizeof(a), key, klen),
		    shown(b, sizeof(b), sc, slen),
		    shown(c, sizeof(c), e->std, e->len), e->line);
	}
	e = xmalloc(sizeof(*e) + slen + 1);
	e->line = rec->line;
	e->len = slen;
	memcpy(e->std, sc, slen);
	e->std[slen] = '\0';
	*slot = e;
	return 0;
}

struct mapping *
mapping_read(FILE *fp, const char *name, const struct std_domain *d, int fold,
    char *err, size_t errlen)
{
	struct mapping *m = xcalloc(1, sizeof(*m));
	struct csv_reader *r = csvr_new(fp, name);
	struct csv_record *rec;
	struct buf scratch;
	int rc;

	m->rows = hmap_new();
	buf_init(&scratch);
	if ((rc = csvr_next(r, &rec)) == 0)
		rc = seterr(err, errlen, "%s: empty file: no header", name);
	else if (rc == 1 && !header_ok(rec))
		rc = seterr(err, errlen, "%s:%lu: header must be "
		    "local_code,std_code[,local_name]", name, rec->line);
	while (rc == 1 && (rc = csvr_next(r, &rec)) == 1)
		if (add_row(m, name, rec, d, fold, &scratch, err, errlen) == -1)
			rc = -1;
	if (rc == -1 && *csvr_error(r))
		seterr(err, errlen, "%s", csvr_error(r));
	buf_free(&scratch);
	csvr_free(r);
	if (rc == -1) {
		mapping_free(m);
		return NULL;
	}
	return m;
}

struct mapping *
mapping_load(const char *path, const struct std_domain *d, int fold,
    int *status, char *err, size_t errlen)
{
	struct mapping *m;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		*status = MAP_EIO;
		return NULL;
	}
	m = mapping_read(fp, path, d, fold, err, errlen);
	*status = m ? MAP_OK : MAP_EDATA;
	if (m && ferror(fp)) {
		seterr(err, errlen, "%s: read error", path);
		mapping_free(m);
		m = NULL;
		*status = MAP_EIO;
	}
	fclose(fp);
	return m;
}

void
mapping_free(struct mapping *m)
{
	size_t pos = 0, len;
	const char *key;
	void *v;

	if (m == NULL)
		return;
	while (hmap_next(m->rows, &pos, &key, &len, &v))
		free(v);
	hmap_free(m->rows);
	free(m);
}

const char *
mapping_get(const struct mapping *m, const char *key, size_t len,
    size_t *stdlen)
{
	void **slot = hmap_get(m->rows, key, len);
	const struct entry *e;

	if (slot == NULL)
		return NULL;
	e = *slot;
	*stdlen = e->len;
	return e->std;
}

size_t
mapping_count(const struct mapping *m)
{
	return hmap_count(m->rows);
}

int
mapping_next(const struct mapping *m, size_t *pos, const char **key,
    size_t *keylen, const char **std)
{
	void *v;

	if (!hmap_next(m->rows, pos, key, keylen, &v))
		return 0;
	*std = ((const struct entry *)v)->std;
	return 1;
}

/* The mapper of one table. */

struct binding {
	int			 field;
	int			 sensitive;
	struct map_domain	*dom;
	const struct mapping	*m;	/* NULL: no file, policy only */
	struct buf		 scratch;
};

struct mapper {
	struct binding		*b;
	size_t			 nb;
	struct map_domain	*dom;
	size_t			 ndom;
	struct hmap		*loaded;	/* path\0domain\0fold -> map */
};

char *
mapping_domain_file(const struct site *site, const char *domain)
{
	char *sec = xasprintf("map %s", domain), *dir, *name, *path;
	struct stat st;

	path = site_path(site, sec, "file");
	free(sec);
	if (path != NULL)
		return path;
	if ((dir = site_path(site, "site", "mapping_dir")) == NULL)
		return NULL;
	name = xasprintf("%s.csv", domain);
	path = path_join(dir, name);
	free(name);
	free(dir);
	if (stat(path, &st) == -1) {
		free(path);
		return NULL;
	}
	return path;
}

/* The policy of [map D]; -1 with err when its default is no code of d. */
static int
domain_policy(struct map_domain *md, const struct site *site,
    const struct std_domain *d, char *err, size_t errlen)
{
	char *sec = xasprintf("map %s", d->name);
	const char *v;
	int rc = 0;

	md->domain = d;
	md->fold = md->passthrough = 1;
	if ((v = site_get(site, sec, "fold")) != NULL)
		md->fold = strcmp(v, "no") != 0;
	if ((v = site_get(site, sec, "passthrough")) != NULL)
		md->passthrough = strcmp(v, "no") != 0;
	v = site_get(site, sec, "unmapped");
	if (v != NULL && strncmp(v, "default:", 8) == 0) {
		md->def = v + 8;
		if (!std_domain_has(d, md->def, strlen(md->def)))
			rc = seterr(err, errlen, "%s:%lu: [%s] unmapped: the "
			    "default is not a code of domain %s",
			    site_file(site), site_line(site, sec, "unmapped"),
			    sec, d->name);
	}
	mapstats_init(&md->st);
	free(sec);
	return rc;
}

static struct map_domain *
find_domain(struct mapper *mp, const struct std_domain *d)
{
	size_t i;

	for (i = 0; i < mp->ndom; i++)
		if (mp->dom[i].domain == d)
			return &mp->dom[i];
	return NULL;
}

static void
add_file(struct map_domain *md, const char *path)
{
	size_t i;

	for (i = 0; i < md->nfile; i++)
		if (strcmp(md->file[i], path) == 0)
			return;
	md->file = xreallocarray(md->file, md->nfile + 1, sizeof(char *));
	md->file[md->nfile++] = xstrdup(path);
}

/* The mapping of path for md, loaded once per (path, domain, fold). */
static int
load_once(struct mapper *mp, const char *path, const struct map_domain *md,
    const struct mapping **out, char *err, size_t errlen)
{
	struct buf key;
	void **slot;
	int added, status = MAP_OK;

	buf_init(&key);
	buf_printf(&key, "%s%c%s%c%d", path, 0, md->domain->name, 0, md->fold);
	slot = hmap_put(mp->loaded, key.data, key.len, &added);
	buf_free(&key);
	if (added)
		*slot = mapping_load(path, md->domain, md->fold, &status, err,
		    errlen);
	*out = *slot;
	return status;
}

static int
bind_field(struct mapper *mp, const struct site *site,
    const struct std_table *t, int f, char *err, size_t errlen)
{
	const struct std_field *fd = &t->field[f];
	struct map_domain *md;
	struct binding *b;
	char *sec, *key, *path;
	int rc = MAP_OK, has_sec;

	sec = xasprintf("table %s", t->name);
	key = xasprintf("map.%s", fd->name);
	path = site_path(site, sec, key);
	if (path != NULL && fd->domain == NULL)
		rc = seterr(err, errlen, "%s:%lu: [%s] %s: field %s has no "
		    "domain", site_file(site), site_line(site, sec, key), sec,
		    key, fd->name);
	free(sec);
	free(key);
	if (rc != MAP_OK || fd->domain == NULL) {
		free(path);
		return rc == MAP_OK ? MAP_OK : MAP_EDATA;
	}
	if (path == NULL)
		path = mapping_domain_file(site, fd->domain->name);
	sec = xasprintf("map %s", fd->domain->name);
	has_sec = site_line(site, sec, "file") || site_line(site, sec,
	    "unmapped") || site_line(site, sec, "passthrough") ||
	    site_line(site, sec, "fold");
	free(sec);
	if (path == NULL && !has_sec)
		return MAP_OK;	/* no mapping: values pass untouched */
	if ((md = find_domain(mp, fd->domain)) == NULL) {
		mp->dom = xreallocarray(mp->dom, mp->ndom + 1, sizeof(*md));
		md = &mp->dom[mp->ndom++];
		memset(md, 0, sizeof(*md));
		if (domain_policy(md, site, fd->domain, err, errlen) == -1) {
			free(path);
			return MAP_EDATA;
		}
	}
	md->field = xreallocarray(md->field, md->nfield + 1, sizeof(char *));
	md->field[md->nfield++] = fd->name;
	mp->b = xreallocarray(mp->b, mp->nb + 1, sizeof(*b));
	b = &mp->b[mp->nb++];
	memset(b, 0, sizeof(*b));
	buf_init(&b->scratch);
	b->field = f;
	b->sensitive = fd->sensitive;
	if (path != NULL) {
		add_file(md, path);
		rc = load_once(mp, path, md, &b->m, err, errlen);
		free(path);
	}
	return rc;
}

int
mapper_open(struct mapper **out, const struct site *site,
    const struct std_table *t, char *err, size_t errlen)
{
	struct mapper *mp = xcalloc(1, sizeof(*mp));
	size_t i, j;
	int rc = MAP_OK;

	*out = NULL;
	mp->loaded = hmap_new();
	for (i = 0; i < t->nfields && rc == MAP_OK; i++)
		rc = bind_field(mp, site, t, (int)i, err, errlen);
	if (rc != MAP_OK) {
		mapper_free(mp);
		return rc;
	}
	/* the domains point into mp->dom, which is final only now */
	for (i = 0; i < mp->nb; i++) {
		const struct std_domain *d = t->field[mp->b[i].field].domain;

		for (j = 0; j < mp->ndom; j++)
			if (mp->dom[j].domain == d)
				mp->b[i].dom = &mp->dom[j];
	}
	*out = mp;
	return MAP_OK;
}

void
mapper_free(struct mapper *mp)
{
	size_t i, pos = 0, len;
	const char *key;
	void *v;

	if (mp == NULL)
		return;
	for (i = 0; i < mp->nb; i++)
		buf_free(&mp->b[i].scratch);
	for (i = 0; i < mp->ndom; i++) {
		free(mp->dom[i].field);
		while (mp->dom[i].nfile)
			free(mp->dom[i].file[--mp->dom[i].nfile]);
		free(mp->dom[i].file);
		mapstats_free(&mp->dom[i].st);
	}
	while (hmap_next(mp->loaded, &pos, &key, &len, &v))
		mapping_free(v);
	hmap_free(mp->loaded);
	free(mp->b);
	free(mp->dom);
	free(mp);
}

/* Puts the key itself, NUL-terminated in the scratch, in the record. */
static void
keep_key(struct binding *b, const char *key, size_t klen, char **v,
    size_t *len)
{
	struct buf *sb = &b->scratch;

	if (sb->data && key >= sb->data && key < sb->data + sb->len) {
		memmove(sb->data, key, klen);
		sb->len = klen;
		sb->data[klen] = '\0';
	} else {
		buf_reset(sb);
		buf_add(sb, key, klen);
	}
	v[b->field] = sb->data;
	len[b->field] = klen;
}

unsigned long
mapper_record(struct mapper *mp, char **v, size_t *len)
{
	unsigned long left = 0;
	struct binding *b;
	struct map_domain *md;
	const char *key, *sc;
	size_t i, klen, slen;

	for (i = 0; i < mp->nb; i++) {
		b = &mp->b[i];
		md = b->dom;
		if (len[b->field] == 0)
			continue;
		md->st.seen++;
		key = mapping_key(&b->scratch, v[b->field], len[b->field],
		    md->fold, &klen);
		sc = b->m ? mapping_get(b->m, key, klen, &slen) : NULL;
		if (sc != NULL) {
			md->st.mapped++;
			v[b->field] = (char *)sc;
			len[b->field] = slen;
		} else if (md->passthrough && klen &&
		    std_domain_has(md->domain, key, klen)) {
			md->st.passed++;
			if (key != v[b->field] || klen != len[b->field])
				keep_key(b, key, klen, v, len);
		} else {
			mapstats_unmapped(&md->st, key, klen, b->sensitive);
			if (md->def) {
				md->st.defaulted++;
				v[b->field] = (char *)md->def;
				len[b->field] = strlen(md->def);
			} else
				left++;
		}
	}
	return left;
}

size_t
mapper_domains(const struct mapper *mp, const struct map_domain **dom)
{
	*dom = mp->dom;
	return mp->ndom;
}

/* suggest */

/* Code points of s, folded and without spaces and punctuation. */
static size_t
name_points(const char *s, uint32_t **out)
{
	static const uint32_t drop[] = {
		0x3001, 0x3002, 0x300a, 0x300b, 0x3010, 0x3011, 0xff08, 0xff09,
		0xff0c, 0xff1a, 0xff1b, 0x00b7, 0x2014, 0x201c, 0x201d, 0x2018,
		0x2019, 0x3000, 0
	};
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, cap = strlen(s) + 1, k;
	uint32_t cp, *v = xreallocarray(NULL, cap, sizeof(uint32_t));
	int skip;

	while (*p) {
		if (*p < 0x80)
			cp = *p++;
		else if ((*p & 0xe0) == 0xc0 && p[1])
			cp = (uint32_t)(*p & 0x1f) << 6 | (p[1] & 0x3f), p += 2;
		else if ((*p & 0xf0) == 0xe0 && p[1] && p[2])
			cp = (uint32_t)(*p & 0x0f) << 12 |
			    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f),
			    p += 3;
		else if ((*p & 0xf8) == 0xf0 && p[1] && p[2] && p[3])
			cp = (uint32_t)(*p & 0x07) << 18 |
			    (uint32_t)(p[1] & 0x3f) << 12 |
			    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f),
			    p += 4;
		else
			cp = *p++;
		for (skip = 0, k = 0; drop[k]; k++)
			if (drop[k] == cp)
				skip = 1;
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0;
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
			else if (!((cp >= 'a' && cp <= 'z') ||
			    (cp >= '0' && cp <= '9')))
				skip = 1;
		}
		if (!skip)
			v[n++] = cp;
	}
	*out = v;
	return n;
}

static int
points_contain(const uint32_t *h, size_t nh, const uint32_t *n, size_t nn)
{
	size_t i;

	for (i = 0; i + nn <= nh; i++)
		if (memcmp(h + i, n, nn * sizeof(uint32_t)) == 0)
			return 1;
	return 0;
}

static double
dice(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i, j, common = 0;
	char *used;

	if (na < 2 || nb < 2)
		return 0;
	used = xcalloc(nb, 1);
	for (i = 0; i + 1 < na; i++)
		for (j = 0; j + 1 < nb; j++)
			if (!used[j] && a[i] == b[j] && a[i + 1] == b[j + 1]) {
				used[j] = 1;
				common++;
				break;
			}
	free(used);
	return 2.0 * (double)common / (double)(na - 1 + nb - 1);
}

double
mapping_similarity(const char *a, const char *b)
{
	uint32_t *pa, *pb;
	size_t na, nb;
	double s = 0;

	if (*a == '\0' || *b == '\0')
		return 0;
	if (strcmp(a, b) == 0)
		return 1;
	na = name_points(a, &pa);
	nb = name_points(b, &pb);
	if (na == 0 || nb == 0)
		s = 0;
	else if (na == nb && memcmp(pa, pb, na * sizeof(uint32_t)) == 0)
		s = 0.95;
	else if (na < nb && points_contain(pb, nb, pa, na))
		s = 0.5 + 0.4 * (double)na / (double)nb;
	else if (nb < na && points_contain(pa, na, pb, nb))
		s = 0.5 + 0.4 * (double)nb / (double)na;
	else
		s = 0.8 * dice(pa, na, pb, nb);
	free(pa);
	free(pb);
	return s;
}

struct proposal {
	char		*code;
	char		*name;
	const char	*std;		/* a code of the domain, or NULL */
	const char	*std_name;
	double		 score;
	size_t		 order;
};

static int
cmp_proposal(const void *x, const void *y)
{
	const struct proposal *a = x, *b = y;
	long sa = (long)(a->score * 100 + 0.5);
	long sb = (long)(b->score * 100 + 0.5);

	if (sa != sb)
		return sa > sb ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void
propose(struct proposal *p, const struct std_domain *d)
{
	void **slot;
	double s;
	size_t i;

	p->std = p->std_name = NULL;
	p->score = 0;
	for (i = 0; i < d->ncodes; i++) {
		slot = hmap_get(d->codes, d->code[i], strlen(d->code[i]));
		s = mapping_similarity(p->name, slot ? *slot : "");
		if (s > p->score) {
			p->score = s;
			p->std = d->code[i];
			p->std_name = slot ? *slot : "";
		}
	}
	if (p->score < 0.3) {
		p->std = p->std_name = NULL;
		p->score = 0;
	}
}

int
mapping_suggest(FILE *fp, const char *name, const struct std_domain *d,
    const struct mapping *m, int fold, FILE *out, char *err, size_t errlen)
{
	static const char *hdr[] = { "local_code", "local_name", "std_code",
	    "std_name", "score" };
	struct csv_reader *r = csvr_new(fp, name);
	struct csv_writer *w;
	struct csv_record *rec;
	struct proposal *p = NULL;
	struct hmap *seen = hmap_new();
	struct buf scratch;
	const char *key, *v[5];
	char score[16];
	size_t n = 0, i, klen, slen;
	int rc, added;

	buf_init(&scratch);
	if ((rc = csvr_next(r, &rec)) == 0)
		rc = seterr(err, errlen, "%s: empty file: no header", name);
	else if (rc == 1 && (rec->nfields < 2 ||
	    strcmp(rec->field[0], "local_code") != 0 ||
	    strcmp(rec->field[1], "local_name") != 0))
		rc = seterr(err, errlen, "%s:%lu: header must begin "
		    "local_code,local_name", name, rec->line);
	while (rc == 1 && (rc = csvr_next(r, &rec)) == 1) {
		if (rec->nfields < 2) {
			rc = seterr(err, errlen, "%s:%lu: 1 field; expected "
			    "local_code,local_name", name, rec->line);
			break;
		}
		key = mapping_key(&scratch, rec->field[0], rec->len[0], fold,
		    &klen);
		if (klen == 0 || (m && mapping_get(m, key, klen, &slen)))
			continue;
		hmap_put(seen, key, klen, &added);
		if (!added)
			continue;
		p = xreallocarray(p, n + 1, sizeof(*p));
		p[n].code = xstrndup(key, klen);
		p[n].name = xstrdup(rec->field[1]);
		p[n].order = n;
		propose(&p[n], d);
		n++;
	}
	if (rc == -1 && *csvr_error(r))
		seterr(err, errlen, "%s", csvr_error(r));
	if (rc == 0) {
		if (n > 0)	/* qsort of NULL is undefined even for 0 */
			qsort(p, n, sizeof(*p), cmp_proposal);
		w = csvw_new(out);
		csvw_record(w, (char *const *)hdr, NULL, 5);
		for (i = 0; i < n; i++) {
			snprintf(score, sizeof(score), "%.2f", p[i].score);
			v[0] = p[i].code;
			v[1] = p[i].name;
			v[2] = p[i].std ? p[i].std : "";
			v[3] = p[i].std_name ? p[i].std_name : "";
			v[4] = score;
			csvw_record(w, (char *const *)v, NULL, 5);
		}
		if (csvw_free(w) == -1)
			rc = seterr(err, errlen, "output: %s", strerror(errno));
	}
	for (i = 0; i < n; i++) {
		free(p[i].code);
		free(p[i].name);
	}
	free(p);
	hmap_free(seen);
	buf_free(&scratch);
	csvr_free(r);
	return rc;
}
