/*
 * source_pg.c - a [source] with driver = pg: libpq in single-row mode,
 * so a result streams one row at a time and is never held whole.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "pgnotice.h"
#include "source.h"
#include "util.h"

struct pg {
	PGconn		*conn;
	PGresult	*res;		/* the current row's result */
	PGresult	*first;		/* the first row, read by query() */
	int		 done;
};

/* libpq's message without its trailing newline, first line only. */
static int
pg_err(char *err, size_t errlen, const char *what, const char *msg)
{
	size_t n = strcspn(msg, "\n");

	return seterr(err, errlen, "%s: %.*s", what, (int)n, msg);
}

static int
pg_connect(struct source *s, const char *dsn, const char *password,
    char *err, size_t errlen)
{
	const char *kw[] = { "dbname", "password", "client_encoding",
	    "application_name", NULL };
	const char *val[] = { dsn, password ? password : "", "UTF8",
	    "hdx-extract", NULL };
	struct pg *p;

	if (password == NULL) {		/* leave it to PGPASSWORD, .pgpass */
		kw[1] = "client_encoding";
		val[1] = "UTF8";
		kw[2] = "application_name";
		val[2] = "hdx-extract";
		kw[3] = NULL;
	}
	p = xcalloc(1, sizeof(*p));
	s->drv = p;
	s->numbered = 1;
	p->conn = PQconnectdbParams(kw, val, 1);
	pgnotice_quiet(p->conn);
	if (p->conn == NULL)
		return seterr(err, errlen, "connect: out of memory");
	if (PQstatus(p->conn) != CONNECTION_OK)
		return pg_err(err, errlen, "connect", PQerrorMessage(p->conn));
	return 0;
}

static void
pg_take(struct source *s, PGresult *res)
{
	struct pg *p = s->drv;
	int i;

	PQclear(p->res);
	p->res = res;
	for (i = 0; i < (int)s->ncols; i++) {
		if (PQgetisnull(res, 0, i)) {
			s->val[i] = NULL;
			s->len[i] = 0;
		} else {
			s->val[i] = PQgetvalue(res, 0, i);
			s->len[i] = PQgetlength(res, 0, i);
		}
	}
}

/* The next result of the query: 1 a row, 0 the end, -1 an error. */
static int
pg_next(struct source *s, PGresult **out, char *err, size_t errlen)
{
	struct pg *p = s->drv;
	PGresult *res;
	char *msg = NULL;
	int rc = 0;

	if (p->done)
		return 0;
	if ((res = PQgetResult(p->conn)) == NULL) {
		p->done = 1;
		if (PQstatus(p->conn) != CONNECTION_OK)
			return pg_err(err, errlen, "connection lost",
			    PQerrorMessage(p->conn));
		return 0;
	}
	switch (PQresultStatus(res)) {
	case PGRES_SINGLE_TUPLE:
		*out = res;
		return 1;
	case PGRES_TUPLES_OK:
		if (s->ncols == 0) {	/* an empty result still has columns */
			*out = res;
			rc = 1;
		} else
			PQclear(res);
		break;
	default:
		rc = -1;
		break;
	}
	/* drain to the end so that the connection is ready again */
	if (rc == -1) {
		msg = xstrdup(PQresultErrorMessage(res));
		PQclear(res);
	}
	while ((res = PQgetResult(p->conn)) != NULL)
		PQclear(res);
	p->done = 1;
	if (rc == -1) {
		pg_err(err, errlen, PQstatus(p->conn) == CONNECTION_OK ?
		    "query" : "connection lost", msg);
		free(msg);
	}
	return rc == 1 ? 2 : rc;
}

static int
pg_query(struct source *s, const char *sql, const char *const *values,
    size_t nvalues, char *err, size_t errlen)
{
	struct pg *p = s->drv;
	PGresult *res = NULL;
	int i, n, rc;

	p->done = 0;
	if (!PQsendQueryParams(p->conn, sql, (int)nvalues, NULL, values, NULL,
	    NULL, 0))
		return pg_err(err, errlen, "query", PQerrorMessage(p->conn));
	if (!PQsetSingleRowMode(p->conn))
		return pg_err(err, errlen, "single-row mode",
		    PQerrorMessage(p->conn));
	if ((rc = pg_next(s, &res, err, errlen)) == -1)
		return -1;
	if (rc == 0)
		return seterr(err, errlen, "query: no result");
	n = PQnfields(res);
	source_set_columns(s, n);
	for (i = 0; i < n; i++)
		s->colname[i] = xstrdup(PQfname(res, i));
	if (rc == 2 && PQntuples(res) == 0) {	/* no rows at all */
		PQclear(res);
		return 0;
	}
	p->first = res;
	return 0;
}

static int
pg_fetch(struct source *s, char *err, size_t errlen)
{
	struct pg *p = s->drv;
	PGresult *res = NULL;
	int rc;

	if (p->first != NULL) {
		pg_take(s, p->first);
		p->first = NULL;
		return 1;
	}
	if ((rc = pg_next(s, &res, err, errlen)) <= 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	pg_take(s, res);
	return 1;
}

static void
pg_close(struct source *s)
{
	struct pg *p = s->drv;

	if (p == NULL)
		return;
	PQclear(p->first);
	PQclear(p->res);
	if (p->conn != NULL)
		PQfinish(p->conn);
	free(p);
	s->drv = NULL;
}

const struct source_ops source_pg_ops = {
	.name = "pg",
	.connect = pg_connect,
	.query = pg_query,
	.fetch = pg_fetch,
	.close = pg_close,
};
