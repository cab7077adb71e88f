/*
 * tablesrc.c - a table of the standard read through the site's query
 * (see tablesrc.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "exitcode.h"
#include "normalize.h"
#include "site.h"
#include "source.h"
#include "standard.h"
#include "tablesrc.h"
#include "util.h"

struct tablesrc {
	const struct std_table *table;
	char		*sqlfile;
	char		*sql;
	char		*srcname;
	struct source	*src;		/* while a query runs; not owned */
	int		*col;		/* per field: its column of the result */
	struct charset	*cs;		/* the source's text to UTF-8, or NULL */
	struct buf	*utf;		/* per field: the value in UTF-8 */
	struct buf	*val;		/* per field: the normalised value */
	char		**row;
	size_t		*len;
	size_t		*bad;		/* per field: first byte not of cs */
	size_t		 nbad;		/* fields of the row with such bytes */
};

/* Sets the exit status that fits; the message goes in err. */
#define FAIL(code, ...)	(*status = (code), seterr(err, errlen, __VA_ARGS__))

/* The query's text; a trailing ';' and blanks would break a sub-query
 * around it (hdx-extract --count). */
static int
read_sql(struct tablesrc *ts, int *status, char *err, size_t errlen)
{
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(ts->sqlfile, "r")) == NULL)
		return FAIL(HDX_EXIT_DATA, "%s: %s", ts->sqlfile,
		    strerror(errno));
	buf_init(&b);
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return FAIL(HDX_EXIT_IO, "%s: %s", ts->sqlfile,
		    strerror(errno));
	}
	fclose(f);
	while (b.len > 0 && strchr(" \t\r\n;", b.data[b.len - 1]) != NULL)
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		buf_free(&b);
		return FAIL(HDX_EXIT_DATA, "%s: empty query", ts->sqlfile);
	}
	ts->sql = buf_steal(&b);
	return 0;
}

static int
resolve(struct tablesrc *ts, const struct site *site, int *status, char *err,
    size_t errlen)
{
	const char *name = ts->table->name, **names;
	char *section = xasprintf("table %s", name), *dir, *file;
	int rc = 0;

	if ((ts->sqlfile = site_path(site, section, "sql")) == NULL) {
		if ((dir = site_path(site, "site", "sql_dir")) == NULL) {
			free(section);
			return FAIL(HDX_EXIT_DATA, "%s: no sql for %s: give "
			    "[table %s] sql or [site] sql_dir", site_file(site),
			    name, name);
		}
		file = xasprintf("%s.sql", name);
		ts->sqlfile = path_join(dir, file);
		free(file);
		free(dir);
	}
	if (site_get(site, section, "source") != NULL)
		ts->srcname = xstrdup(site_get(site, section, "source"));
	else if (site_sections(site, "source", &names) == 1)
		ts->srcname = xstrdup(names[0]);
	else
		rc = FAIL(HDX_EXIT_DATA, "%s: [table %s] needs a source",
		    site_file(site), name);
	free(section);
	return rc;
}

/* The conversion of the source's charset ([source] charset), one per
 * tablesrc: NULL for UTF-8. */
static int
open_charset(struct tablesrc *ts, const struct site *site, int *status,
    char *err, size_t errlen)
{
	char *section = xasprintf("source %s", ts->srcname), e[512];
	int conv, rc = 0;

	ts->cs = charset_new(site_get(site, section, "charset"), &conv, e,
	    sizeof(e));
	if (conv && ts->cs == NULL)
		rc = FAIL(HDX_EXIT_DATA, "%s: [%s] %s", site_file(site),
		    section, e);
	free(section);
	return rc;
}

struct tablesrc *
tablesrc_new(const struct site *site, const struct std_table *t, int *status,
    char *err, size_t errlen)
{
	struct tablesrc *ts = xcalloc(1, sizeof(*ts));
	size_t i;

	ts->table = t;
	if (resolve(ts, site, status, err, errlen) == -1 ||
	    read_sql(ts, status, err, errlen) == -1 ||
	    open_charset(ts, site, status, err, errlen) == -1) {
		tablesrc_free(ts);
		return NULL;
	}
	ts->col = xcalloc(t->nfields, sizeof(*ts->col));
	ts->utf = xcalloc(t->nfields, sizeof(*ts->utf));
	ts->val = xcalloc(t->nfields, sizeof(*ts->val));
	ts->row = xcalloc(t->nfields, sizeof(*ts->row));
	ts->len = xcalloc(t->nfields, sizeof(*ts->len));
	ts->bad = xcalloc(t->nfields, sizeof(*ts->bad));
	for (i = 0; i < t->nfields; i++) {
		buf_init(&ts->utf[i]);
		buf_init(&ts->val[i]);
	}
	return ts;
}

void
tablesrc_free(struct tablesrc *ts)
{
	size_t i;

	if (ts == NULL)
		return;
	for (i = 0; ts->val && i < ts->table->nfields; i++) {
		buf_free(&ts->utf[i]);
		buf_free(&ts->val[i]);
	}
	charset_free(ts->cs);
	free(ts->utf);
	free(ts->val);
	free(ts->bad);
	free(ts->row);
	free(ts->len);
	free(ts->col);
	free(ts->sql);
	free(ts->sqlfile);
	free(ts->srcname);
	free(ts);
}

const char *
tablesrc_sqlfile(const struct tablesrc *ts)
{
	return ts->sqlfile;
}

const char *
tablesrc_sql(const struct tablesrc *ts)
{
	return ts->sql;
}

const char *
tablesrc_source(const struct tablesrc *ts)
{
	return ts->srcname;
}

const char *
tablesrc_charset(const struct tablesrc *ts)
{
	return ts->cs ? charset_name(ts->cs) : NULL;
}

const size_t *
tablesrc_unconverted(const struct tablesrc *ts, size_t *nfields)
{
	*nfields = ts->nbad;
	return ts->bad;
}

/* A column of the result that is no field of the table. */
static int
is_field(const struct std_table *t, const char *col)
{
	size_t i;

	for (i = 0; i < t->nfields; i++)
		if (strcasecmp(t->field[i].name, col) == 0)
			return 1;
	return 0;
}

/*
 * Matches the query's columns to the table's fields by name (ASCII case
 * folded, as ODBC drivers may fold names); a missing, extra or repeated
 * column is an error that names them all.
 */
static int
match_columns(struct tablesrc *ts, struct source *src, char *err,
    size_t errlen)
{
	const struct std_table *t = ts->table;
	struct buf missing, extra;
	size_t i, j, n = source_ncols(src);
	int rc = 0;

	buf_init(&missing);
	buf_init(&extra);
	for (i = 0; i < t->nfields; i++) {
		ts->col[i] = -1;
		for (j = 0; j < n; j++)
			if (strcasecmp(t->field[i].name,
			    source_colname(src, j)) == 0) {
				if (ts->col[i] != -1)
					buf_printf(&extra, "%s%s (twice)",
					    extra.len ? ", " : "",
					    source_colname(src, j));
				else
					ts->col[i] = j;
			}
		if (ts->col[i] == -1)
			buf_printf(&missing, "%s%s", missing.len ? ", " : "",
			    t->field[i].name);
	}
	for (j = 0; j < n; j++)
		if (!is_field(t, source_colname(src, j)))
			buf_printf(&extra, "%s%s", extra.len ? ", " : "",
			    source_colname(src, j));
	if (missing.len || extra.len) {
		seterr(err, errlen, "%s: the columns do not match %s:%s%s%s%s",
		    ts->sqlfile, t->name, missing.len ? " missing " : "",
		    missing.len ? missing.data : "",
		    missing.len && extra.len ? ";" : "",
		    extra.len ? " extra " : "");
		if (extra.len)
			snprintf(err + strlen(err), errlen - strlen(err), "%s",
			    extra.data);
		rc = -1;
	}
	buf_free(&missing);
	buf_free(&extra);
	return rc;
}

/*
 * The bytes a value of field f takes when it is as long as the standard
 * allows: its length in characters of up to 4 bytes (UTF-8, GB18030),
 * or a date and time with fractions and a zone.
 */
static size_t
field_bytes(const struct std_field *f)
{
	return f->length > 0 ? (size_t)f->length * 4 : 32;
}

int
tablesrc_run(struct tablesrc *ts, struct source *src, const char *since,
    const char *until, char *err, size_t errlen)
{
	struct source_param prm[2] = { { "since", since }, { "until", until } };
	char e[2048];
	size_t i;

	ts->src = NULL;
	if (source_query(src, ts->sql, prm, 2, e, sizeof(e)) == -1) {
		seterr(err, errlen, "%s: %s", ts->sqlfile, e);
		return HDX_EXIT_IO;
	}
	if (match_columns(ts, src, err, errlen) == -1)
		return HDX_EXIT_DATA;
	for (i = 0; i < ts->table->nfields; i++)
		source_expect(src, ts->col[i], field_bytes(&ts->table->field[i]));
	ts->src = src;
	return 0;
}

/*
 * Field i's value s (n bytes; NULL for SQL NULL) in UTF-8 and normalised,
 * without a copy where nothing changes: the extraction's per-value path.
 */
static const char *
normalised(struct tablesrc *ts, size_t i, const char *s, size_t n,
    size_t *outlen)
{
	const struct std_field *f = &ts->table->field[i];
	int ok;

	ts->bad[i] = 0;
	if (ts->cs != NULL && s != NULL) {
		charset_to_utf8(ts->cs, s, n, &ts->utf[i], &ts->bad[i]);
		if (ts->bad[i])
			ts->nbad++;
		s = ts->utf[i].data;
		n = ts->utf[i].len;
	}
	return norm_value_ref(f->type, f->scale, s, n, &ts->val[i], outlen,
	    &ok);
}

int
tablesrc_fetch(struct tablesrc *ts, char ***v, size_t **len, char *err,
    size_t errlen)
{
	const struct std_table *t = ts->table;
	char *const *val;
	const size_t *vlen;
	size_t i;
	int rc;

	if (ts->src == NULL)
		return seterr(err, errlen, "%s: no query runs", ts->sqlfile);
	if ((rc = source_fetch(ts->src, &val, &vlen, err, errlen)) != 1)
		return rc;
	ts->nbad = 0;
	for (i = 0; i < t->nfields; i++)
		ts->row[i] = (char *)normalised(ts, i, val[ts->col[i]],
		    vlen[ts->col[i]], &ts->len[i]);
	*v = ts->row;
	*len = ts->len;
	return 1;
}
