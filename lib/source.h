/*
 * source.h - a database of the hospital ([source NAME] of hdx-site(5))
 * behind one table of functions: unixODBC (source_odbc.c) and libpq
 * (source_pg.c) fill a struct source_ops; the tools call source_*() and
 * never know which driver answers.
 *
 * A query's text may name parameters as ":name" (letters, digits, _)
 * outside quotes and comments; source_query() rewrites them into the
 * driver's own placeholders ("?" for ODBC, "$1".. for libpq) and binds
 * the values, so a value is never pasted into SQL text. (The SQLite ODBC
 * driver buffers the whole result of a statement that has parameters:
 * there the values are bound into a temporary table by an INSERT of
 * their own, and each :name reads its row, SOURCE_PARAM_TABLE.) Rows stream:
 * a driver holds at most two fetch blocks (fetch_size rows) in memory.
 * Every value comes back as text; SQL NULL as NULL. A source whose
 * charset is not UTF-8 keeps its text in a PostgreSQL database of
 * encoding SQL_ASCII (PostgreSQL has no GBK server encoding): the
 * session's client_encoding is then SQL_ASCII too, so that the bytes
 * come as stored, for the caller to convert (charset.h). The row returned by
 * source_fetch() belongs to the source and is valid until the next call.
 *
 * Errors are "SOURCE: problem" in the caller's buffer, never a value.
 */
#ifndef HDX_SOURCE_H
#define HDX_SOURCE_H

#include <stddef.h>

struct site;
struct source;

struct source_param {
	const char	*name;		/* without the ':' */
	const char	*value;
};

struct source_ops {
	const char *name;
	int	(*connect)(struct source *, const char *dsn, const char *password,
		    char *err, size_t errlen);
	/* sql holds the driver's placeholders; values in their order. */
	int	(*query)(struct source *, const char *sql,
		    const char *const *values, size_t nvalues,
		    char *err, size_t errlen);
	/* 1 with a row, 0 at the end, -1 on error. */
	int	(*fetch)(struct source *, char *err, size_t errlen);
	void	(*close)(struct source *);
};

struct source {
	const struct source_ops *ops;
	char		*name;		/* the [source NAME] */
	size_t		 fetch_size;
	int		 raw_text;	/* charset is not UTF-8: text as stored */
	void		*drv;		/* the driver's own state */
	/* result of the current query, filled by the driver */
	size_t		 ncols;
	char		**colname;
	char		**val;		/* NULL for SQL NULL */
	size_t		*len;
	size_t		*expect;	/* per column: source_expect(), or 0 */
	/* placeholder style used by source_query(), SOURCE_QMARK.. */
	int		 numbered;
};

#define SOURCE_QMARK		0	/* ? per occurrence */
#define SOURCE_DOLLAR		1	/* $1 $2 .., once per name */
#define SOURCE_PARAM_TABLE	2	/* (SELECT value FROM temp.hdx_param
					   WHERE slot = N), once per name */

extern const struct source_ops source_odbc_ops;
extern const struct source_ops source_pg_ops;

/*
 * For a program whose threads never share an SQLite connection, before
 * it uses SQLite at all: SQLite then locks no mutex of its own per call.
 * The SQLite ODBC driver uses the process's libsqlite3, several calls per
 * value it fetches; in the default serialized mode those locks were a
 * fifth of an extraction's CPU time. (The ODBC source's fetching thread
 * serves only drivers that fetch blocks, which the SQLite driver does
 * not: its connection stays with the main thread.)
 */
void	 source_init(void);

/* Connects to [source NAME] of the site; NULL with the reason in err. */
struct source *source_open(const struct site *, const char *name,
	    char *err, size_t errlen);
void	 source_close(struct source *);

/* Runs sql with the :name parameters bound from params; 0 or -1. */
int	 source_query(struct source *, const char *sql,
	    const struct source_param *params, size_t nparams,
	    char *err, size_t errlen);
size_t	 source_ncols(const struct source *);
const char *source_colname(const struct source *, size_t);
/*
 * Before the first source_fetch() of a query: the values of column i
 * are expected to take at most bytes (the standard's length of its
 * field), so that the ODBC driver binds no wider buffers than that; a
 * longer value still comes whole, only more slowly.
 */
void	 source_expect(struct source *, size_t i, size_t bytes);
/* 1 with the row's values in *val and *len, 0 at the end, -1 on error. */
int	 source_fetch(struct source *, char *const **val, const size_t **len,
	    char *err, size_t errlen);

/*
 * The rewrite of source_query(), exposed for tests: sql with every
 * :name outside quotes and comments replaced in the style numbered
 * (SOURCE_QMARK..), the values in placeholder order (in slot order for
 * the numbered styles) in *values (pointers into params), and leading
 * blanks and comments dropped (psqlODBC looks at the first word to know
 * a SELECT, which it then reads through a cursor). NULL with err set
 * when a name has no parameter.
 */
char	*source_rewrite(const char *sql, int numbered,
	    const struct source_param *params, size_t nparams,
	    const char ***values, size_t *nvalues, char *err, size_t errlen);

/* For drivers: sets the result's column names (copies), sizes val/len. */
void	 source_set_columns(struct source *, size_t ncols);
void	 source_clear_result(struct source *);

#endif
