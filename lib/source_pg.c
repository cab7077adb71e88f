/*
 * source_pg.c - a [source] with driver = pg: libpq, the query read
 * through a cursor in blocks of fetch_size rows, so a result is never
 * held whole. The next block is asked for as soon as one arrives, so the
 * server computes it while the caller works through this one; a block
 * is one PGresult (single-row mode would make one per row, which cost
 * the extraction a third of its CPU).
 *
 *   BEGIN; DECLARE hdx_cursor NO SCROLL CURSOR FOR query ($1.. bound);
 *   FETCH FORWARD n FROM hdx_cursor ... (until a short block); COMMIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "pgnotice.h"
#include "source.h"
#include "util.h"

#define CURSOR	"hdx_cursor"

struct pg {
	PGconn		*conn;
	PGresult	*res;		/* the current block */
	int		 row;		/* next row of res */
	int		 asked;		/* a FETCH is on its way */
	int		 intx;		/* our transaction is open */
	int		 done;
	char		 fetch[64];	/* the FETCH statement */
	int		 n;		/* rows per FETCH */
};

/* libpq's message without its trailing newline, first line only. */
static int
pg_err(char *err, size_t errlen, const char *what, const char *msg)
{
	size_t n = strcspn(msg, "\n");

	return seterr(err, errlen, "%s: %.*s", what, (int)n, msg);
}

/* "query" while the connection holds, else "connection lost". */
static int
pg_fail(struct pg *p, char *err, size_t errlen, const char *msg)
{
	return pg_err(err, errlen, PQstatus(p->conn) == CONNECTION_OK ?
	    "query" : "connection lost", msg);
}

static int
pg_connect(struct source *s, const char *dsn, const char *password,
    char *err, size_t errlen)
{
	const char *kw[] = { "dbname", "password", "client_encoding",
	    "application_name", NULL };
	const char *enc = s->raw_text ? "SQL_ASCII" : "UTF8";
	const char *val[] = { dsn, password ? password : "", enc,
	    "hdx-extract", NULL };
	struct pg *p;

	if (password == NULL) {		/* leave it to libpq's .pgpass */
		kw[1] = "client_encoding";
		val[1] = enc;
		kw[2] = "application_name";
		val[2] = "hdx-extract";
		kw[3] = NULL;
	}
	p = xcalloc(1, sizeof(*p));
	s->drv = p;
	s->numbered = SOURCE_DOLLAR;
	p->n = (int)s->fetch_size;
	snprintf(p->fetch, sizeof(p->fetch), "FETCH FORWARD %d FROM " CURSOR,
	    p->n);
	p->conn = PQconnectdbParams(kw, val, 1);
	pgnotice_quiet(p->conn);
	if (p->conn == NULL)
		return seterr(err, errlen, "connect: out of memory");
	if (PQstatus(p->conn) != CONNECTION_OK)
		return pg_err(err, errlen, "connect", PQerrorMessage(p->conn));
	return 0;
}

/* Runs a statement of ours that returns no rows; 0 or -1. */
static int
pg_command(struct pg *p, const char *sql, char *err, size_t errlen)
{
	PGresult *res = PQexec(p->conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(p, err, errlen, PQresultErrorMessage(res));
	PQclear(res);
	return rc;
}

/* Asks for the next block, without waiting for it. */
static int
pg_ask(struct pg *p, char *err, size_t errlen)
{
	if (!PQsendQuery(p->conn, p->fetch))
		return pg_fail(p, err, errlen, PQerrorMessage(p->conn));
	p->asked = 1;
	return 0;
}

/* The block asked for: its result, read to the end of the command. */
static PGresult *
pg_block(struct pg *p, char *err, size_t errlen)
{
	PGresult *res, *block = NULL;
	char *msg = NULL;

	p->asked = 0;
	while ((res = PQgetResult(p->conn)) != NULL) {
		if (PQresultStatus(res) == PGRES_TUPLES_OK && block == NULL &&
		    msg == NULL) {
			block = res;
			continue;
		}
		if (msg == NULL)
			msg = xstrdup(PQresultStatus(res) == PGRES_TUPLES_OK ?
			    "unexpected result" : PQresultErrorMessage(res));
		PQclear(res);
	}
	if (msg == NULL && block == NULL)
		msg = xstrdup(PQerrorMessage(p->conn));
	if (msg != NULL) {
		pg_fail(p, err, errlen, msg);
		free(msg);
		PQclear(block);
		return NULL;
	}
	return block;
}

/*
 * Ends the query: the block on its way read, the transaction committed
 * (ok) or rolled back; 0, or -1 when the commit failed.
 */
static int
pg_end(struct pg *p, int ok, char *err, size_t errlen)
{
	char e[512];
	int rc = 0;

	if (p->asked)
		PQclear(pg_block(p, e, sizeof(e)));
	PQclear(p->res);
	p->res = NULL;
	p->row = 0;
	p->done = 1;
	if (p->intx && PQstatus(p->conn) == CONNECTION_OK)
		rc = ok ? pg_command(p, "COMMIT", err, errlen) :
		    pg_command(p, "ROLLBACK", e, sizeof(e));
	p->intx = 0;
	return rc;
}

/* The next block becomes the current one, and the one after is asked. */
static int
pg_next_block(struct pg *p, char *err, size_t errlen)
{
	PGresult *res;

	if ((res = pg_block(p, err, errlen)) == NULL)
		return -1;
	PQclear(p->res);
	p->res = res;
	p->row = 0;
	if (PQntuples(res) == p->n && pg_ask(p, err, errlen) == -1)
		return -1;
	return 0;
}

static int
pg_query(struct source *s, const char *sql, const char *const *values,
    size_t nvalues, char *err, size_t errlen)
{
	struct pg *p = s->drv;
	PGresult *res;
	char *q;
	int i, n;

	if (p->intx)		/* a query left before its end */
		pg_end(p, 0, NULL, 0);
	p->done = 0;
	if (pg_command(p, "BEGIN", err, errlen) == -1)
		return -1;
	p->intx = 1;
	q = xasprintf("DECLARE " CURSOR " NO SCROLL CURSOR FOR %s", sql);
	res = PQexecParams(p->conn, q, (int)nvalues, NULL, values, NULL, NULL,
	    0);
	free(q);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_fail(p, err, errlen, PQresultErrorMessage(res));
		PQclear(res);
		pg_end(p, 0, NULL, 0);
		return -1;
	}
	PQclear(res);
	if (pg_ask(p, err, errlen) == -1 || pg_next_block(p, err, errlen) == -1) {
		pg_end(p, 0, NULL, 0);
		return -1;
	}
	n = PQnfields(p->res);
	source_set_columns(s, n);
	for (i = 0; i < n; i++)
		s->colname[i] = xstrdup(PQfname(p->res, i));
	return 0;
}

static int
pg_fetch(struct source *s, char *err, size_t errlen)
{
	struct pg *p = s->drv;
	int i;

	if (p->done)
		return 0;
	while (p->row >= PQntuples(p->res)) {
		if (!p->asked)		/* a short block: the last */
			return pg_end(p, 1, err, errlen);
		if (pg_next_block(p, err, errlen) == -1) {
			pg_end(p, 0, NULL, 0);
			return -1;
		}
	}
	for (i = 0; i < (int)s->ncols; i++) {
		if (PQgetisnull(p->res, p->row, i)) {
			s->val[i] = NULL;
			s->len[i] = 0;
		} else {
			s->val[i] = PQgetvalue(p->res, p->row, i);
			s->len[i] = PQgetlength(p->res, p->row, i);
		}
	}
	p->row++;
	return 1;
}

static void
pg_close(struct source *s)
{
	struct pg *p = s->drv;

	if (p == NULL)
		return;
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
