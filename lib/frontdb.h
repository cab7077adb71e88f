/*
 * frontdb.h - statements on the front-end database (前置库) of a site:
 * [upload] frontdb of hdx-site(5), a libpq connection string or "odbc:"
 * followed by an ODBC connection string (the embedded SQLite front-end
 * database). The verifier, the purge and the authorisations use it; the
 * upload channel has its own connection (channel.h).
 *
 * Statements name their parameters ":name" as source.h does, and the
 * values are bound, never pasted into the SQL text; a NULL value binds
 * SQL NULL. Outside frontdb_begin() .. frontdb_commit() every statement
 * commits on its own. A result is read row by row with frontdb_fetch();
 * the row belongs to the connection and is valid until the next call.
 *
 * Errors are "front-end database: problem" in the caller's buffer, with
 * the driver's message and SQLSTATE, never a value.
 */
#ifndef HDX_FRONTDB_H
#define HDX_FRONTDB_H

#include <stddef.h>

#include "ddl.h"

struct frontdb;
struct site;
struct source_param;

/* Connects to [upload] frontdb; NULL with err. */
struct frontdb *frontdb_open(const struct site *, char *err, size_t errlen);
/* Connects to target (conninfo or "odbc:..."); password may be NULL. */
struct frontdb *frontdb_connect(const char *target, const char *password,
	    char *err, size_t errlen);
void	 frontdb_close(struct frontdb *);
/* The SQL dialect: DDL_POSTGRES for libpq, DDL_SQLITE for ODBC. */
enum ddl_dialect frontdb_dialect(const struct frontdb *);

int	 frontdb_begin(struct frontdb *, char *err, size_t errlen);
int	 frontdb_commit(struct frontdb *, char *err, size_t errlen);
void	 frontdb_rollback(struct frontdb *);

/* Runs a statement that returns no rows; *affected (may be NULL) gets
 * the number of rows it changed. 0 or -1. */
int	 frontdb_exec(struct frontdb *, const char *sql,
	    const struct source_param *, size_t nparams, long *affected,
	    char *err, size_t errlen);
/* Runs a query; then frontdb_fetch() until it returns 0 (or -1). */
int	 frontdb_query(struct frontdb *, const char *sql,
	    const struct source_param *, size_t nparams, char *err,
	    size_t errlen);
size_t	 frontdb_ncols(const struct frontdb *);
/* 1 with the row (NULL for SQL NULL) in *val and *len, 0 at the end. */
int	 frontdb_fetch(struct frontdb *, char *const **val, const size_t **len,
	    char *err, size_t errlen);
/* The first column of the first row of a query as a number; 0 or -1. */
int	 frontdb_count(struct frontdb *, const char *sql,
	    const struct source_param *, size_t nparams, long *out,
	    char *err, size_t errlen);

#endif
