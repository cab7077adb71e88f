/*
 * source.c - the driver-neutral part of a hospital database: picking the
 * driver of a [source NAME], the password from site_secret(), and the
 * rewrite of :name parameters into the driver's placeholders.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "site.h"
#include "source.h"
#include "util.h"

#define DEFAULT_FETCH	1000

static int
is_name(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Skips a quoted string or a comment at s; returns the end, or s. */
static const char *
skip_literal(const char *s)
{
	const char *p;
	char q;

	if (*s == '\'' || *s == '"') {
		q = *s;
		for (p = s + 1; *p != '\0'; p++)
			if (*p == q) {
				if (p[1] != q)
					return p + 1;
				p++;
			}
		return p;
	}
	if (s[0] == '-' && s[1] == '-') {
		p = strchr(s, '\n');
		return p ? p : s + strlen(s);
	}
	if (s[0] == '/' && s[1] == '*') {
		p = strstr(s + 2, "*/");
		return p ? p + 2 : s + strlen(s);
	}
	return s;
}

/* sql past its leading blanks and comments. */
static const char *
skip_leading(const char *sql)
{
	const char *p = sql, *e;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-' && *p != '/')
			return p;
		if ((e = skip_literal(p)) == p)
			return p;
		p = e;
	}
}

char *
source_rewrite(const char *sql, int numbered, const struct source_param *params,
    size_t nparams, const char ***values, size_t *nvalues, char *err,
    size_t errlen)
{
	struct buf b;
	const char *p, *e, **v = NULL;
	size_t n = 0, i, len, *slot;

	slot = xcalloc(nparams ? nparams : 1, sizeof(*slot));
	buf_init(&b);
	buf_adds(&b, "");
	for (p = skip_leading(sql); *p != '\0';) {
		if ((e = skip_literal(p)) != p) {
			buf_add(&b, p, e - p);
			p = e;
			continue;
		}
		if (p[0] == ':' && p[1] == ':') {	/* x::type */
			buf_add(&b, p, 2);
			p += 2;
			continue;
		}
		if (p[0] != ':' || !is_name(p[1]) ||
		    (p > sql && is_name(p[-1]))) {
			buf_addc(&b, *p++);
			continue;
		}
		for (e = p + 1; is_name(*e); e++)
			;
		len = e - p - 1;
		for (i = 0; i < nparams; i++)
			if (strlen(params[i].name) == len &&
			    strncmp(params[i].name, p + 1, len) == 0)
				break;
		if (i == nparams) {
			seterr(err, errlen, "parameter :%.*s is not known "
			    "(known: :since, :until)", (int)len, p + 1);
			free(v);
			free(slot);
			buf_free(&b);
			return NULL;
		}
		if (numbered != SOURCE_QMARK) {
			if (slot[i] == 0) {
				v = xreallocarray(v, n + 1, sizeof(*v));
				v[n++] = params[i].value;
				slot[i] = n;
			}
			if (numbered == SOURCE_DOLLAR)
				buf_printf(&b, "$%zu", slot[i]);
			else
				buf_printf(&b, "(SELECT value FROM temp.hdx_param "
				    "WHERE slot = %zu)", slot[i]);
		} else {
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n++] = params[i].value;
			buf_addc(&b, '?');
		}
		p = e;
	}
	free(slot);
	*values = v;
	*nvalues = n;
	return buf_steal(&b);
}

void
source_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct source *
source_open(const struct site *site, const char *name, char *err, size_t errlen)
{
	struct source *s;
	char *section, *password = NULL;
	const char *driver, *dsn, *cs;
	char e[512];
	long fs;

	section = xasprintf("source %s", name);
	driver = site_get(site, section, "driver");
	dsn = site_get(site, section, "dsn");
	if (driver == NULL) {
		seterr(err, errlen, "%s: no [source %s]", site_file(site), name);
		free(section);
		return NULL;
	}
	if (dsn == NULL) {
		seterr(err, errlen, "%s: [source %s] has no dsn",
		    site_file(site), name);
		free(section);
		return NULL;
	}
	if (site_get(site, section, "password") != NULL &&
	    site_secret(site, section, "password", &password, e,
	    sizeof(e)) == -1) {
		seterr(err, errlen, "%s", e);
		free(section);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->name = xstrdup(name);
	fs = site_seconds(site, section, "fetch_size", DEFAULT_FETCH);
	s->fetch_size = fs > 0 && fs <= 100000 ? (size_t)fs : DEFAULT_FETCH;
	cs = site_get(site, section, "charset");
	s->raw_text = cs != NULL && strcasecmp(cs, "UTF-8") != 0;
	free(section);
	if (strcmp(driver, "pg") == 0)
		s->ops = &source_pg_ops;
	else
		s->ops = &source_odbc_ops;
	if (s->ops->connect(s, dsn, password, e, sizeof(e)) == -1) {
		seterr(err, errlen, "source %s: %s", name, e);
		if (password != NULL) {
			explicit_bzero(password, strlen(password));
			free(password);
		}
		source_close(s);
		return NULL;
	}
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	return s;
}

void
source_close(struct source *s)
{
	if (s == NULL)
		return;
	if (s->ops != NULL)
		s->ops->close(s);
	source_clear_result(s);
	free(s->name);
	free(s);
}

int
source_query(struct source *s, const char *sql,
    const struct source_param *params, size_t nparams, char *err, size_t errlen)
{
	const char **values;
	size_t nvalues;
	char *q, e[1024];
	int rc;

	source_clear_result(s);
	if ((q = source_rewrite(sql, s->numbered, params, nparams, &values,
	    &nvalues, e, sizeof(e))) == NULL)
		return seterr(err, errlen, "%s", e);
	rc = s->ops->query(s, q, values, nvalues, e, sizeof(e));
	free(q);
	free(values);
	if (rc == -1)
		return seterr(err, errlen, "source %s: %s", s->name, e);
	return 0;
}

size_t
source_ncols(const struct source *s)
{
	return s->ncols;
}

const char *
source_colname(const struct source *s, size_t i)
{
	return i < s->ncols ? s->colname[i] : NULL;
}

int
source_fetch(struct source *s, char *const **val, const size_t **len,
    char *err, size_t errlen)
{
	char e[1024];
	int rc;

	if ((rc = s->ops->fetch(s, e, sizeof(e))) == -1)
		return seterr(err, errlen, "source %s: %s", s->name, e);
	*val = s->val;
	*len = s->len;
	return rc;
}

void
source_set_columns(struct source *s, size_t ncols)
{
	source_clear_result(s);
	s->ncols = ncols;
	s->colname = xcalloc(ncols ? ncols : 1, sizeof(*s->colname));
	s->val = xcalloc(ncols ? ncols : 1, sizeof(*s->val));
	s->len = xcalloc(ncols ? ncols : 1, sizeof(*s->len));
	s->expect = xcalloc(ncols ? ncols : 1, sizeof(*s->expect));
}

void
source_expect(struct source *s, size_t i, size_t bytes)
{
	if (i < s->ncols)
		s->expect[i] = bytes;
}

void
source_clear_result(struct source *s)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		free(s->colname[i]);
	free(s->colname);
	free(s->val);
	free(s->len);
	free(s->expect);
	s->colname = NULL;
	s->val = NULL;
	s->len = NULL;
	s->expect = NULL;
	s->ncols = 0;
}
