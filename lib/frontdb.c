/*
 * frontdb.c - parameterised statements on the front-end database through
 * libpq or unixODBC (see frontdb.h). Parameters are rewritten by
 * source_rewrite() into "$N" (libpq) or "?" (ODBC) and bound as text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sql.h>
#include <sqlext.h>

#include "frontdb.h"
#include "pgnotice.h"
#include "site.h"
#include "source.h"
#include "util.h"

struct frontdb;

/* One driver: libpq or unixODBC. */
struct frontdb_ops {
	enum ddl_dialect dialect;
	int	(*begin)(struct frontdb *, char *err, size_t errlen);
	int	(*commit)(struct frontdb *, char *err, size_t errlen);
	void	(*rollback)(struct frontdb *);
	/* sql holds the driver's placeholders; rows: keep a result */
	int	(*run)(struct frontdb *, const char *sql, const char **v,
		    size_t nv, int rows, long *affected, char *err,
		    size_t errlen);
	/* 1 with db->val and db->len filled, 0 at the end, -1 */
	int	(*fetch)(struct frontdb *, char *err, size_t errlen);
	void	(*clear)(struct frontdb *);
	void	(*close)(struct frontdb *);
};

struct frontdb {
	const struct frontdb_ops *ops;
	/* libpq */
	PGconn		*conn;
	PGresult	*res;
	int		 row, nrows;
	/* ODBC */
	SQLHENV		 env;
	SQLHDBC		 dbc;
	SQLHSTMT	 st;
	int		 intx;
	/* the current result and row */
	size_t		 ncols;
	struct buf	*col;
	char		**val;
	size_t		*len;
};

static const struct frontdb_ops pg_ops, odbc_ops;

static void
odbc_diag(char *err, size_t errlen, SQLSMALLINT type, SQLHANDLE h)
{
	SQLCHAR st[6] = "", msg[512] = "";
	SQLINTEGER native = 0;
	SQLSMALLINT n = 0;

	if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, st, &native, msg,
	    sizeof(msg), &n)))
		snprintf((char *)msg, sizeof(msg), "no diagnostic");
	msg[strcspn((char *)msg, "\n")] = '\0';
	seterr(err, errlen, "front-end database: %s (SQLSTATE %s)", msg, st);
}

static void
pg_diag(char *err, size_t errlen, PGconn *conn, PGresult *res)
{
	const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) :
	    NULL;
	size_t n = strcspn(m, "\n");

	seterr(err, errlen, "front-end database: %.*s (SQLSTATE %s)", (int)n,
	    m, state ? state : "none");
}

struct frontdb *
frontdb_open(const struct site *site, char *err, size_t errlen)
{
	const char *target = site_get(site, "upload", "frontdb");
	struct frontdb *db;
	char *password = NULL;

	if (target == NULL) {
		seterr(err, errlen, "%s: [upload] frontdb is not set",
		    site_file(site));
		return NULL;
	}
	if (site_get(site, "upload", "frontdb_password") &&
	    site_secret(site, "upload", "frontdb_password", &password, err,
	    errlen) == -1)
		return NULL;
	db = frontdb_connect(target, password, err, errlen);
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	return db;
}

static void
result_alloc(struct frontdb *db, size_t ncols)
{
	size_t i;

	db->ncols = ncols;
	db->val = xcalloc(ncols ? ncols : 1, sizeof(char *));
	db->len = xcalloc(ncols ? ncols : 1, sizeof(size_t));
	db->col = xcalloc(ncols ? ncols : 1, sizeof(struct buf));
	for (i = 0; i < ncols; i++)
		buf_init(&db->col[i]);
}

static void
clear_result(struct frontdb *db)
{
	size_t i;

	db->ops->clear(db);
	for (i = 0; db->col && i < db->ncols; i++)
		buf_free(&db->col[i]);
	free(db->col);
	free(db->val);
	free(db->len);
	db->col = NULL;
	db->val = NULL;
	db->len = NULL;
	db->ncols = 0;
}

/* libpq */

static struct frontdb *
connect_pg(const char *target, const char *password, char *err,
    size_t errlen)
{
	const char *kw[3] = { "dbname", "password", NULL };
	const char *vals[3] = { target, password, NULL };
	struct frontdb *db = xcalloc(1, sizeof(*db));

	db->ops = &pg_ops;
	if (password == NULL)
		kw[1] = NULL;
	db->conn = PQconnectdbParams(kw, vals, 1);
	pgnotice_quiet(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		pg_diag(err, errlen, db->conn, NULL);
		PQfinish(db->conn);
		free(db);
		return NULL;
	}
	return db;
}

static int
pg_simple(struct frontdb *db, const char *sql, char *err, size_t errlen)
{
	PGresult *r = PQexec(db->conn, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		pg_diag(err, errlen, db->conn, r);
	PQclear(r);
	return ok ? 0 : -1;
}

static int
pg_begin(struct frontdb *db, char *err, size_t errlen)
{
	return pg_simple(db, "BEGIN", err, errlen);
}

static int
pg_commit(struct frontdb *db, char *err, size_t errlen)
{
	return pg_simple(db, "COMMIT", err, errlen);
}

static void
pg_rollback(struct frontdb *db)
{
	char e[256];

	pg_simple(db, "ROLLBACK", e, sizeof(e));
}

static int
pg_run(struct frontdb *db, const char *sql, const char **v, size_t nv,
    int rows, long *affected, char *err, size_t errlen)
{
	db->res = PQexecParams(db->conn, sql, (int)nv, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(db->res) != (rows ? PGRES_TUPLES_OK :
	    PGRES_COMMAND_OK)) {
		pg_diag(err, errlen, db->conn, db->res);
		return -1;
	}
	if (rows) {
		db->row = 0;
		db->nrows = PQntuples(db->res);
		result_alloc(db, (size_t)PQnfields(db->res));
	} else if (affected)
		*affected = strtol(PQcmdTuples(db->res), NULL, 10);
	return 0;
}

static int
pg_fetch(struct frontdb *db, char *err, size_t errlen)
{
	size_t i;

	(void)err;
	(void)errlen;
	if (db->res == NULL || db->row >= db->nrows)
		return 0;
	for (i = 0; i < db->ncols; i++) {
		if (PQgetisnull(db->res, db->row, (int)i)) {
			db->val[i] = NULL;
			db->len[i] = 0;
			continue;
		}
		db->val[i] = PQgetvalue(db->res, db->row, (int)i);
		db->len[i] = (size_t)PQgetlength(db->res, db->row, (int)i);
	}
	db->row++;
	return 1;
}

static void
pg_clear(struct frontdb *db)
{
	if (db->res)
		PQclear(db->res);
	db->res = NULL;
	db->row = db->nrows = 0;
}

static void
pg_close(struct frontdb *db)
{
	PQfinish(db->conn);
}

static const struct frontdb_ops pg_ops = {
	DDL_POSTGRES, pg_begin, pg_commit, pg_rollback, pg_run, pg_fetch,
	pg_clear, pg_close
};

/* unixODBC: autocommit outside frontdb_begin() .. commit/rollback */

static struct frontdb *
connect_odbc(const char *target, const char *password, char *err,
    size_t errlen)
{
	struct frontdb *db = xcalloc(1, sizeof(*db));
	char *conn;
	SQLRETURN rc;

	db->ops = &odbc_ops;
	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &db->env);
	SQLSetEnvAttr(db->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3,
	    0);
	SQLAllocHandle(SQL_HANDLE_DBC, db->env, &db->dbc);
	conn = password ? xasprintf("%s;PWD=%s", target, password) :
	    xstrdup(target);
	rc = SQLDriverConnect(db->dbc, NULL, (SQLCHAR *)conn, SQL_NTS, NULL, 0,
	    NULL, SQL_DRIVER_NOPROMPT);
	explicit_bzero(conn, strlen(conn));
	free(conn);
	if (!SQL_SUCCEEDED(rc)) {
		odbc_diag(err, errlen, SQL_HANDLE_DBC, db->dbc);
		SQLFreeHandle(SQL_HANDLE_DBC, db->dbc);
		SQLFreeHandle(SQL_HANDLE_ENV, db->env);
		free(db);
		return NULL;
	}
	SQLSetConnectAttr(db->dbc, SQL_ATTR_AUTOCOMMIT,
	    (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
	return db;
}

static int
odbc_begin(struct frontdb *db, char *err, size_t errlen)
{
	if (!SQL_SUCCEEDED(SQLSetConnectAttr(db->dbc, SQL_ATTR_AUTOCOMMIT,
	    (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0))) {
		odbc_diag(err, errlen, SQL_HANDLE_DBC, db->dbc);
		return -1;
	}
	db->intx = 1;
	return 0;
}

static void
odbc_end(struct frontdb *db)
{
	SQLSetConnectAttr(db->dbc, SQL_ATTR_AUTOCOMMIT,
	    (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
	db->intx = 0;
}

static int
odbc_commit(struct frontdb *db, char *err, size_t errlen)
{
	int rc = 0;

	if (!SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, db->dbc, SQL_COMMIT))) {
		odbc_diag(err, errlen, SQL_HANDLE_DBC, db->dbc);
		SQLEndTran(SQL_HANDLE_DBC, db->dbc, SQL_ROLLBACK);
		rc = -1;
	}
	odbc_end(db);
	return rc;
}

static void
odbc_rollback(struct frontdb *db)
{
	SQLEndTran(SQL_HANDLE_DBC, db->dbc, SQL_ROLLBACK);
	odbc_end(db);
}

static int
odbc_run(struct frontdb *db, const char *sql, const char **v, size_t nv,
    int rows, long *affected, char *err, size_t errlen)
{
	SQLLEN *ind = xcalloc(nv ? nv : 1, sizeof(*ind)), cnt = 0;
	SQLSMALLINT nc = 0;
	SQLRETURN rc;
	size_t i;
	int ret = 0;

	SQLAllocHandle(SQL_HANDLE_STMT, db->dbc, &db->st);
	rc = SQLPrepare(db->st, (SQLCHAR *)sql, SQL_NTS);
	for (i = 0; i < nv && SQL_SUCCEEDED(rc); i++) {
		ind[i] = v[i] ? (SQLLEN)strlen(v[i]) : SQL_NULL_DATA;
		rc = SQLBindParameter(db->st, (SQLUSMALLINT)(i + 1),
		    SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR,
		    v[i] && ind[i] ? (SQLULEN)ind[i] : 1, 0,
		    (SQLPOINTER)(v[i] ? v[i] : ""), v[i] ? ind[i] : 0, &ind[i]);
	}
	if (SQL_SUCCEEDED(rc))
		rc = SQLExecute(db->st);
	if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
		odbc_diag(err, errlen, SQL_HANDLE_STMT, db->st);
		ret = -1;
	} else if (rows) {
		SQLNumResultCols(db->st, &nc);
		result_alloc(db, (size_t)nc);
	} else if (affected) {
		if (rc == SQL_NO_DATA || !SQL_SUCCEEDED(SQLRowCount(db->st,
		    &cnt)))
			cnt = 0;
		*affected = (long)cnt;
	}
	free(ind);
	return ret;
}

/* One column of the current row, in pieces of any length. */
static int
odbc_column(struct frontdb *db, size_t i, char *err, size_t errlen)
{
	struct buf *b = &db->col[i];
	char piece[1024];
	SQLLEN got;
	SQLRETURN rc;

	buf_reset(b);
	buf_adds(b, "");
	for (;;) {
		rc = SQLGetData(db->st, (SQLUSMALLINT)(i + 1), SQL_C_CHAR,
		    piece, sizeof(piece), &got);
		if (rc == SQL_NO_DATA)
			break;
		if (!SQL_SUCCEEDED(rc)) {
			odbc_diag(err, errlen, SQL_HANDLE_STMT, db->st);
			return -1;
		}
		if (got == SQL_NULL_DATA) {
			db->val[i] = NULL;
			db->len[i] = 0;
			return 0;
		}
		if (rc == SQL_SUCCESS_WITH_INFO && (got == SQL_NO_TOTAL ||
		    got >= (SQLLEN)sizeof(piece))) {
			buf_add(b, piece, sizeof(piece) - 1);
			continue;
		}
		buf_add(b, piece, (size_t)got);
		break;
	}
	db->val[i] = b->data;
	db->len[i] = b->len;
	return 0;
}

static int
odbc_fetch(struct frontdb *db, char *err, size_t errlen)
{
	SQLRETURN rc;
	size_t i;

	if (db->st == SQL_NULL_HSTMT)
		return 0;
	if ((rc = SQLFetch(db->st)) == SQL_NO_DATA)
		return 0;
	if (!SQL_SUCCEEDED(rc)) {
		odbc_diag(err, errlen, SQL_HANDLE_STMT, db->st);
		return -1;
	}
	for (i = 0; i < db->ncols; i++)
		if (odbc_column(db, i, err, errlen) == -1)
			return -1;
	return 1;
}

static void
odbc_clear(struct frontdb *db)
{
	if (db->st != SQL_NULL_HSTMT)
		SQLFreeHandle(SQL_HANDLE_STMT, db->st);
	db->st = SQL_NULL_HSTMT;
}

static void
odbc_close(struct frontdb *db)
{
	if (db->intx)
		odbc_rollback(db);
	SQLDisconnect(db->dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, db->dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, db->env);
}

static const struct frontdb_ops odbc_ops = {
	DDL_SQLITE, odbc_begin, odbc_commit, odbc_rollback, odbc_run,
	odbc_fetch, odbc_clear, odbc_close
};

/* The driver-neutral part. */

struct frontdb *
frontdb_connect(const char *target, const char *password, char *err,
    size_t errlen)
{
	if (strncmp(target, "odbc:", 5) == 0)
		return connect_odbc(target + 5, password, err, errlen);
	return connect_pg(target, password, err, errlen);
}

void
frontdb_close(struct frontdb *db)
{
	if (db == NULL)
		return;
	clear_result(db);
	db->ops->close(db);
	free(db);
}

enum ddl_dialect
frontdb_dialect(const struct frontdb *db)
{
	return db->ops->dialect;
}

int
frontdb_begin(struct frontdb *db, char *err, size_t errlen)
{
	clear_result(db);
	return db->ops->begin(db, err, errlen);
}

int
frontdb_commit(struct frontdb *db, char *err, size_t errlen)
{
	clear_result(db);
	return db->ops->commit(db, err, errlen);
}

void
frontdb_rollback(struct frontdb *db)
{
	clear_result(db);
	db->ops->rollback(db);
}

static int
run(struct frontdb *db, const char *sql, const struct source_param *params,
    size_t nparams, int rows, long *affected, char *err, size_t errlen)
{
	const char **v = NULL;
	size_t nv = 0;
	char *q;
	int ret;

	clear_result(db);
	if ((q = source_rewrite(sql, db->ops == &pg_ops, params, nparams, &v,
	    &nv, err, errlen)) == NULL)
		return -1;
	ret = db->ops->run(db, q, v, nv, rows, affected, err, errlen);
	if (ret == -1 || !rows)
		clear_result(db);
	free(v);
	free(q);
	return ret;
}

int
frontdb_exec(struct frontdb *db, const char *sql,
    const struct source_param *params, size_t nparams, long *affected,
    char *err, size_t errlen)
{
	return run(db, sql, params, nparams, 0, affected, err, errlen);
}

int
frontdb_query(struct frontdb *db, const char *sql,
    const struct source_param *params, size_t nparams, char *err,
    size_t errlen)
{
	return run(db, sql, params, nparams, 1, NULL, err, errlen);
}

size_t
frontdb_ncols(const struct frontdb *db)
{
	return db->ncols;
}

int
frontdb_fetch(struct frontdb *db, char *const **val, const size_t **len,
    char *err, size_t errlen)
{
	int rc;

	if (db->val == NULL)
		return 0;
	if ((rc = db->ops->fetch(db, err, errlen)) != 1)
		return rc;
	*val = db->val;
	*len = db->len;
	return 1;
}

int
frontdb_count(struct frontdb *db, const char *sql,
    const struct source_param *params, size_t nparams, long *out,
    char *err, size_t errlen)
{
	char *const *v;
	const size_t *l;
	int rc;

	*out = 0;
	if (frontdb_query(db, sql, params, nparams, err, errlen) == -1)
		return -1;
	if ((rc = frontdb_fetch(db, &v, &l, err, errlen)) == -1)
		return -1;
	if (rc == 1 && v[0])
		*out = strtol(v[0], NULL, 10);
	clear_result(db);
	return 0;
}
