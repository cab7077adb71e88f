/*
 * source_odbc.c - a [source] with driver = odbc: unixODBC with
 * column-wise array fetch (SQL_ATTR_ROW_ARRAY_SIZE = fetch_size rows per
 * SQLFetch into one bound buffer per column), every column as SQL_C_CHAR.
 *
 * Two drivers hold a whole result in memory unless told otherwise, and
 * are told when the connection string does not say (driver_options()):
 * psqlODBC reads through a cursor only with UseDeclareFetch=1 (and only
 * a statement whose first word is SELECT, source_rewrite()); the SQLite
 * ODBC driver steps through a result only with StepAPI=1 and only for a
 * statement without parameters, so there the window's values go into a
 * temporary table by an INSERT of their own (SOURCE_PARAM_TABLE).
 * psqlODBC also gets the session's client_encoding SQL_ASCII for a
 * source whose charset is not UTF-8 (source.h) or a server whose
 * encoding is UTF8 (server_text_utf8()), and UTF8 otherwise, whatever
 * the environment's PGCLIENTENCODING (driver_connect()).
 *
 * Rows reach the caller packed (struct pack); with a driver that
 * fetches blocks, a thread of its own fetches and packs them while the
 * caller works through the pack before (struct odbc). Its errors reach
 * the caller after the rows before them, as they would without it.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sql.h>
#include <sqlext.h>

#include "source.h"
#include "util.h"

#define WIDTH_MIN	64	/* bytes bound per value, at least */
#define WIDTH_DEFAULT	1024	/* when neither the caller nor the driver knows */
#define WIDTH_MAX	65536	/* longer values are always read by SQLGetData */
/* cap of one fetch block: the driver writes it and the caller reads it
 * back at once, so it is kept within the caches (a 1000-row block of
 * the fee table, 3 KiB a row as bound, missed them) */
#define BLOCK_BYTES	(256 * 1024)
/* a pack is handed over once it holds this much (see struct pack) */
#define PACK_BYTES	(64 * 1024)

/*
 * Rows as the caller reads them, packed by the thread that fetched them:
 * per value an SQLLEN (its length, -1 for NULL), its bytes, a NUL, and
 * padding to 8 bytes. The fetching thread copies each value out of the
 * bound buffers while they are in its cache, and the caller reads the
 * pack in order: a row of the fee table as bound is 22 values, one
 * cache line each, to move from one core to the other; as packed,
 * about 5 lines, read in order (which the prefetcher follows).
 */
struct pack {
	struct buf	 b;
	size_t		 rows;
	int		 rc;		/* after the rows: 1 more, 0 the end, -1 err */
	char		 err[1024];	/* for rc -1 */
};

/*
 * With a driver that fetches blocks (psqlODBC), a thread of its own
 * fetches and packs rows into one pack while the caller reads the
 * other: psqlODBC's conversion and copying and hdx-extract's normalising
 * and writing then overlap, instead of one share of the CPUs doing both
 * in turn while the server waits. Only that thread uses the statement
 * and the bound buffers until it is joined; the packs change hands
 * under the mutex (full[k]: pack k is the caller's to read).
 */
struct odbc {
	SQLHENV		 env;
	SQLHDBC		 dbc;
	SQLHSTMT	 stmt;
	int		 connected;
	int		 as_stored;	/* session client_encoding SQL_ASCII */
	SQLUINTEGER	 getdata;	/* SQL_GETDATA_EXTENSIONS of the driver */
	SQLULEN		 rows;		/* rows per block */
	SQLULEN		 fetched;	/* rows in the current block */
	SQLULEN		 at;		/* next row of the block */
	SQLULEN		 positioned;	/* row + 1 of the block SQLSetPos'd */
	SQLUSMALLINT	*status;
	char		**data;		/* per column: rows * width[c] */
	SQLLEN		**ind;		/* per column: rows */
	SQLLEN		*limit;		/* per column: bytes its type holds, or 0 */
	SQLLEN		*width;		/* per column: bytes bound, with the NUL */
	SQLLEN		*wanted;	/* per column: width for the next block */
	int		 bound;		/* the buffers fit width[] */
	struct pack	 pk[2];
	/* the caller's side */
	struct pack	*cur;		/* the pack being read, or NULL */
	size_t		 next;		/* its next row */
	size_t		 pos;		/* its next value's offset */
	int		 started;	/* the first pack asked for */
	/* the fetching thread */
	int		 threaded;
	int		 stop;
	int		 full[2];
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	SQLLEN		*plen;		/* parameters' lengths */
	size_t		 ncols;		/* columns described */
};

/* The first diagnostic record of handle, on one line. */
static int
odbc_err(char *err, size_t errlen, const char *what, SQLSMALLINT type,
    SQLHANDLE h)
{
	SQLCHAR state[6], msg[1024];
	SQLINTEGER native;
	SQLSMALLINT n;
	char *nl;

	if (h == SQL_NULL_HANDLE || !SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1,
	    state, &native, msg, sizeof(msg), &n)))
		return seterr(err, errlen, "%s failed", what);
	while ((nl = strpbrk((char *)msg, "\r\n")) != NULL)
		*nl = ' ';
	return seterr(err, errlen, "%s: %s (SQLSTATE %s)", what, msg, state);
}

/* Whether the connection string names the attribute key (key=...). */
static int
names_key(const char *cs, const char *key)
{
	size_t n = strlen(key);
	const char *p;

	for (p = cs; (p = strcasestr(p, key)) != NULL; p += n)
		if ((p == cs || p[-1] == ';' || p[-1] == ' ') &&
		    (p[n] == '=' || p[n] == ' '))
			return 1;
	return 0;
}

/*
 * Whether the connected PostgreSQL server stores text as UTF-8 (always
 * valid there): then a session in SQL_ASCII, which converts nothing,
 * gets the very bytes a UTF8 session would, and psqlODBC's Unicode
 * driver, which otherwise looks the session's encoding up by name for
 * every value it converts, does ~15% less work. (An SQL_ASCII database
 * may hold any bytes: it keeps the UTF8 session.)
 */
static int
server_text_utf8(struct odbc *o)
{
	SQLHSTMT st;
	SQLCHAR enc[64];
	SQLLEN n;
	int yes = 0;

	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, o->dbc, &st)))
		return 0;
	if (SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)"SHOW server_encoding",
	    SQL_NTS)) && SQL_SUCCEEDED(SQLFetch(st)) &&
	    SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_CHAR, enc, sizeof(enc), &n)) &&
	    n > 0 && n < (SQLLEN)sizeof(enc))
		yes = strcasecmp((char *)enc, "UTF8") == 0;
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return yes;
}

/*
 * The options that make the connected driver stream a result, when the
 * connection string does not name them; NULL when there are none. Sets
 * the placeholder style the driver needs.
 */
static char *
driver_options(struct source *s, const char *dsn)
{
	struct odbc *o = s->drv;
	SQLCHAR name[128];
	SQLSMALLINT n;
	struct buf b;

	if (!SQL_SUCCEEDED(SQLGetInfo(o->dbc, SQL_DRIVER_NAME, name,
	    sizeof(name), &n)))
		return NULL;
	if (strncasecmp((char *)name, "psqlodbc", 8) == 0) {
		buf_init(&b);
		if (!names_key(dsn, "UseDeclareFetch"))
			buf_printf(&b, ";UseDeclareFetch=1;Fetch=%zu",
			    s->fetch_size);
		if (!names_key(dsn, "ConnSettings") &&
		    (s->raw_text || server_text_utf8(o))) {
			buf_adds(&b, ";ConnSettings={SET client_encoding TO "
			    "'SQL_ASCII'}");
			o->as_stored = 1;
		}
		return b.len ? buf_steal(&b) : NULL;
	}
	if (strncasecmp((char *)name, "sqlite3odbc", 11) == 0) {
		s->numbered = SOURCE_PARAM_TABLE;
		if (!names_key(dsn, "StepAPI"))
			return xstrdup(";StepAPI=1");
	}
	return NULL;
}

/*
 * psqlODBC connects through libpq, which takes the session's
 * client_encoding from PGCLIENTENCODING, and both of its drivers then
 * hand text over in that encoding: a client set up for GB18030 (as
 * Windows-era hospital servers often are) would get GB18030 bytes from a
 * UTF-8 database. The values must come as UTF-8, or as stored for a
 * source with a charset of its own (SQL_ASCII passes bytes through), so
 * the variable says so while the driver connects, whatever the
 * connection string's ConnSettings do, and is put back after.
 */
static SQLRETURN
driver_connect(struct odbc *o, const char *dsn, const char *extra,
    const char *password, int as_stored)
{
	const char *was = getenv("PGCLIENTENCODING");
	char *cs, *saved = was ? xstrdup(was) : NULL;
	SQLRETURN rc;

	if (password != NULL)
		cs = xasprintf("%s%s;PWD={%s}", dsn, extra, password);
	else
		cs = xasprintf("%s%s", dsn, extra);
	setenv("PGCLIENTENCODING", as_stored ? "SQL_ASCII" : "UTF8", 1);
	rc = SQLDriverConnect(o->dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0,
	    NULL, SQL_DRIVER_NOPROMPT);
	if (saved != NULL)
		setenv("PGCLIENTENCODING", saved, 1);
	else
		unsetenv("PGCLIENTENCODING");
	free(saved);
	explicit_bzero(cs, strlen(cs));
	free(cs);
	return rc;
}

static int
odbc_connect(struct source *s, const char *dsn, const char *password,
    char *err, size_t errlen)
{
	struct odbc *o;
	char *extra;

	o = xcalloc(1, sizeof(*o));
	s->drv = o;
	s->numbered = SOURCE_QMARK;
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE,
	    &o->env)))
		return seterr(err, errlen, "cannot allocate an ODBC environment");
	SQLSetEnvAttr(o->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, o->env, &o->dbc)))
		return odbc_err(err, errlen, "connect", SQL_HANDLE_ENV, o->env);
	if (!SQL_SUCCEEDED(driver_connect(o, dsn, "", password, s->raw_text)))
		return odbc_err(err, errlen, "connect", SQL_HANDLE_DBC, o->dbc);
	o->connected = 1;
	/* the driver is known once connected: again with its options */
	if ((extra = driver_options(s, dsn)) != NULL) {
		SQLDisconnect(o->dbc);
		o->connected = 0;
		if (!SQL_SUCCEEDED(driver_connect(o, dsn, extra, password,
		    s->raw_text || o->as_stored))) {
			free(extra);
			return odbc_err(err, errlen, "connect", SQL_HANDLE_DBC,
			    o->dbc);
		}
		free(extra);
		o->connected = 1;
	}
	/* a read-only extraction: ask for it, ignore drivers that cannot */
	SQLSetConnectAttr(o->dbc, SQL_ATTR_ACCESS_MODE,
	    (SQLPOINTER)SQL_MODE_READ_ONLY, 0);
	if (!SQL_SUCCEEDED(SQLGetInfo(o->dbc, SQL_GETDATA_EXTENSIONS,
	    &o->getdata, sizeof(o->getdata), NULL)))
		o->getdata = 0;
	return 0;
}

/* The fetch buffers of the current query. */
static void
free_buffers(struct odbc *o)
{
	size_t i;

	for (i = 0; o->data != NULL && i < o->ncols; i++) {
		free(o->data[i]);
		free(o->ind[i]);
		o->data[i] = NULL;
		o->ind[i] = NULL;
	}
	free(o->status);
	o->status = NULL;
	o->bound = 0;
}

static void fetcher_stop(struct odbc *);

static void
odbc_free_result(struct odbc *o)
{
	fetcher_stop(o);
	if (o->stmt != SQL_NULL_HSTMT) {
		SQLFreeHandle(SQL_HANDLE_STMT, o->stmt);
		o->stmt = SQL_NULL_HSTMT;
	}
	free_buffers(o);
	buf_free(&o->pk[0].b);
	buf_free(&o->pk[1].b);
	o->cur = NULL;
	o->started = 0;
	free(o->data);
	free(o->ind);
	free(o->limit);
	free(o->width);
	free(o->wanted);
	free(o->plen);
	o->data = NULL;
	o->ind = NULL;
	o->limit = o->width = o->wanted = NULL;
	o->plen = NULL;
	o->ncols = 0;
}

/*
 * The bytes (with the NUL) that any value of a column of the type and
 * size takes as text, in UTF-8 (up to 4 bytes a character); 0 when the
 * size bounds nothing: the long types (psqlODBC gives text its
 * MaxLongVarcharSize, the SQLite driver 65536) and unknown sizes.
 */
static SQLLEN
type_bytes(SQLSMALLINT type, SQLULEN size)
{
	if (type == SQL_LONGVARCHAR || type == SQL_WLONGVARCHAR ||
	    type == SQL_LONGVARBINARY || size == 0 || size > WIDTH_MAX / 4)
		return 0;
	return size * 4 + 1;
}

/* The result's columns: their names and what their types hold. */
static int
odbc_describe(struct source *s, char *err, size_t errlen)
{
	struct odbc *o = s->drv;
	SQLSMALLINT n, namelen, type, digits, nullable;
	SQLCHAR name[256];
	SQLULEN size;
	size_t i;

	if (!SQL_SUCCEEDED(SQLNumResultCols(o->stmt, &n)))
		return odbc_err(err, errlen, "columns", SQL_HANDLE_STMT, o->stmt);
	if (n <= 0)
		return seterr(err, errlen, "the query returns no columns");
	source_set_columns(s, n);
	o->ncols = n;
	o->data = xcalloc(n, sizeof(*o->data));
	o->ind = xcalloc(n, sizeof(*o->ind));
	o->limit = xcalloc(n, sizeof(*o->limit));
	o->width = xcalloc(n, sizeof(*o->width));
	o->wanted = xcalloc(n, sizeof(*o->wanted));
	for (i = 0; i < (size_t)n; i++) {
		if (!SQL_SUCCEEDED(SQLDescribeCol(o->stmt, i + 1, name,
		    sizeof(name), &namelen, &type, &size, &digits, &nullable)))
			return odbc_err(err, errlen, "columns", SQL_HANDLE_STMT,
			    o->stmt);
		s->colname[i] = xstrdup((char *)name);
		o->limit[i] = type_bytes(type, size);
	}
	return 0;
}

/*
 * The first width of column i: what the caller expects of its values
 * (source_expect()), or what its type holds when that is less; a value
 * longer than the width is still read whole (read_whole()).
 */
static SQLLEN
first_width(const struct source *s, size_t i)
{
	const struct odbc *o = s->drv;
	SQLLEN w = WIDTH_DEFAULT, lim = o->limit[i];

	if (s->expect[i] > 0 && s->expect[i] < WIDTH_MAX)
		w = s->expect[i] + 1;
	if (lim > 0 && lim < w)
		w = lim;
	if (w < WIDTH_MIN && (lim == 0 || lim >= WIDTH_MIN))
		w = WIDTH_MIN;
	return w;
}

/*
 * Binds one buffer per column for a block of rows (column-wise array
 * fetch), at the columns' widths: before the first fetch, and again
 * between blocks when a column had a value longer than its width. A
 * driver that cannot SQLGetData a row of a block (the SQLite driver
 * with StepAPI gives the last row's value) fetches one row at a time:
 * a long value is then in the row SQLGetData reads.
 */
static int
odbc_layout(struct source *s, char *err, size_t errlen)
{
	struct odbc *o = s->drv;
	size_t i, total = 0;

	free_buffers(o);
	for (i = 0; i < o->ncols; i++) {
		if (o->width[i] == 0)
			o->width[i] = first_width(s, i);
		if (o->wanted[i] > o->width[i])
			o->width[i] = o->wanted[i];
		o->wanted[i] = 0;
		total += o->width[i];
	}
	o->rows = (o->getdata & SQL_GD_BLOCK) ? s->fetch_size : 1;
	while (o->rows > 1 && o->rows * total > BLOCK_BYTES)
		o->rows /= 2;
	o->status = xcalloc(o->rows, sizeof(*o->status));
	SQLSetStmtAttr(o->stmt, SQL_ATTR_ROW_BIND_TYPE,
	    (SQLPOINTER)SQL_BIND_BY_COLUMN, 0);
	if (!SQL_SUCCEEDED(SQLSetStmtAttr(o->stmt, SQL_ATTR_ROW_ARRAY_SIZE,
	    (SQLPOINTER)o->rows, 0)))
		return odbc_err(err, errlen, "row array size", SQL_HANDLE_STMT,
		    o->stmt);
	SQLSetStmtAttr(o->stmt, SQL_ATTR_ROW_STATUS_PTR, o->status, 0);
	SQLSetStmtAttr(o->stmt, SQL_ATTR_ROWS_FETCHED_PTR, &o->fetched, 0);
	for (i = 0; i < o->ncols; i++) {
		o->data[i] = xmalloc(o->rows * o->width[i]);
		o->ind[i] = xcalloc(o->rows, sizeof(SQLLEN));
		if (!SQL_SUCCEEDED(SQLBindCol(o->stmt, i + 1, SQL_C_CHAR,
		    o->data[i], o->width[i], o->ind[i])))
			return odbc_err(err, errlen, "bind", SQL_HANDLE_STMT,
			    o->stmt);
	}
	o->bound = 1;
	return 0;
}

/* Runs sql on a statement of its own; 0 or -1. */
static int
odbc_exec(struct odbc *o, const char *sql, char *err, size_t errlen)
{
	SQLHSTMT st;
	SQLRETURN rc;

	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, o->dbc, &st)))
		return odbc_err(err, errlen, "statement", SQL_HANDLE_DBC, o->dbc);
	rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
	if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
		odbc_err(err, errlen, "parameters", SQL_HANDLE_STMT, st);
		SQLFreeHandle(SQL_HANDLE_STMT, st);
		return -1;
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return 0;
}

/*
 * SOURCE_PARAM_TABLE: the values, in slot order, into temp.hdx_param,
 * bound as parameters of an INSERT (so the query itself has none).
 */
static int
fill_param_table(struct odbc *o, const char *const *values, size_t nvalues,
    char *err, size_t errlen)
{
	SQLHSTMT st;
	SQLINTEGER slot;
	SQLLEN len, slotlen = 0;
	size_t i;
	int rc = 0;

	if (odbc_exec(o, "CREATE TEMP TABLE IF NOT EXISTS hdx_param "
	    "(slot INTEGER PRIMARY KEY, value TEXT)", err, errlen) == -1 ||
	    odbc_exec(o, "DELETE FROM temp.hdx_param", err, errlen) == -1)
		return -1;
	if (nvalues == 0)
		return 0;
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, o->dbc, &st)))
		return odbc_err(err, errlen, "statement", SQL_HANDLE_DBC, o->dbc);
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)"INSERT INTO "
	    "temp.hdx_param (slot, value) VALUES (?, ?)", SQL_NTS)))
		rc = odbc_err(err, errlen, "parameters", SQL_HANDLE_STMT, st);
	for (i = 0; rc == 0 && i < nvalues; i++) {
		slot = i + 1;
		len = strlen(values[i]);
		if (!SQL_SUCCEEDED(SQLBindParameter(st, 1, SQL_PARAM_INPUT,
		    SQL_C_SLONG, SQL_INTEGER, 0, 0, &slot, 0, &slotlen)) ||
		    !SQL_SUCCEEDED(SQLBindParameter(st, 2, SQL_PARAM_INPUT,
		    SQL_C_CHAR, SQL_VARCHAR, len ? len : 1, 0,
		    (SQLPOINTER)values[i], len + 1, &len)) ||
		    !SQL_SUCCEEDED(SQLExecute(st)))
			rc = odbc_err(err, errlen, "parameters", SQL_HANDLE_STMT,
			    st);
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return rc;
}

static int
odbc_query(struct source *s, const char *sql, const char *const *values,
    size_t nvalues, char *err, size_t errlen)
{
	struct odbc *o = s->drv;
	SQLRETURN rc;
	size_t i;

	odbc_free_result(o);
	if (s->numbered == SOURCE_PARAM_TABLE) {
		if (fill_param_table(o, values, nvalues, err, errlen) == -1)
			return -1;
		nvalues = 0;
	}
	o->fetched = o->at = 0;
	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, o->dbc, &o->stmt)))
		return odbc_err(err, errlen, "statement", SQL_HANDLE_DBC, o->dbc);
	if (!SQL_SUCCEEDED(SQLPrepare(o->stmt, (SQLCHAR *)sql, SQL_NTS)))
		return odbc_err(err, errlen, "prepare", SQL_HANDLE_STMT, o->stmt);
	o->plen = xcalloc(nvalues ? nvalues : 1, sizeof(*o->plen));
	for (i = 0; i < nvalues; i++) {
		o->plen[i] = strlen(values[i]);
		if (!SQL_SUCCEEDED(SQLBindParameter(o->stmt, i + 1,
		    SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR,
		    o->plen[i] ? o->plen[i] : 1, 0, (SQLPOINTER)values[i],
		    o->plen[i] + 1, &o->plen[i])))
			return odbc_err(err, errlen, "bind parameter",
			    SQL_HANDLE_STMT, o->stmt);
	}
	rc = SQLExecute(o->stmt);
	if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA)
		return odbc_err(err, errlen, "execute", SQL_HANDLE_STMT, o->stmt);
	return odbc_describe(s, err, errlen);
}

/* The bytes a value of len takes in a pack after its SQLLEN. */
static size_t
padded(SQLLEN len)
{
	return len < 0 ? 0 : ((size_t)len + 8) & ~(size_t)7;
}

/* Appends a value (len -1: NULL) to the pack. */
static void
pack_put(struct buf *b, const char *v, SQLLEN len)
{
	size_t at, n = padded(len);

	buf_reserve(b, sizeof(len) + n);
	memcpy(b->data + b->len, &len, sizeof(len));
	at = b->len + sizeof(len);
	if (len >= 0) {	/* the padding is never read */
		memcpy(b->data + at, v, len);
		b->data[at + len] = '\0';
	}
	b->len = at + n;
}

/* Column c of long values is bound wider from the next block. */
static void
widen(struct odbc *o, size_t c, size_t len)
{
	SQLLEN w;

	if ((SQLLEN)len < o->width[c] || o->width[c] >= WIDTH_MAX)
		return;
	w = 2 * o->width[c] > (SQLLEN)len + 1 ? 2 * o->width[c] :
	    (SQLLEN)len + 1;
	if (w > WIDTH_MAX)
		w = WIDTH_MAX;
	if (w > o->wanted[c]) {
		o->wanted[c] = w;
		o->bound = 0;
	}
}

/*
 * Column c of the block's row o->at, longer than its buffer: read whole
 * by SQLGetData (from its row of the block, SQLSetPos), piece by piece,
 * into the pack, so that a long value is neither cut nor the end of the
 * extraction (and hdx-check sees it as it is); the column is bound
 * wider for the blocks that follow.
 */
static int
read_whole(struct source *s, struct buf *b, size_t c, SQLLEN ind,
    char *err, size_t errlen)
{
	struct odbc *o = s->drv;
	SQLLEN got, avail, len;
	SQLRETURN rc;
	size_t hdr = b->len, start = hdr + sizeof(len);

	if (!(o->getdata & SQL_GD_BOUND))
		return seterr(err, errlen, "column %s: a value longer than %ld "
		    "bytes, and the driver cannot read it again",
		    s->colname[c], (long)o->width[c] - 1);
	if (o->rows > 1 && o->positioned != o->at + 1) {
		if (!SQL_SUCCEEDED(SQLSetPos(o->stmt, o->at + 1, SQL_POSITION,
		    SQL_LOCK_NO_CHANGE)))
			return odbc_err(err, errlen, "a long value",
			    SQL_HANDLE_STMT, o->stmt);
		o->positioned = o->at + 1;
	}
	buf_reserve(b, sizeof(len) +
	    (size_t)(ind > o->width[c] ? ind : 2 * o->width[c]));
	b->len = start;
	for (;;) {
		avail = b->cap - b->len;
		rc = SQLGetData(o->stmt, c + 1, SQL_C_CHAR, b->data + b->len,
		    avail, &got);
		if (rc == SQL_NO_DATA)
			break;
		if (!SQL_SUCCEEDED(rc))
			return odbc_err(err, errlen, "a long value",
			    SQL_HANDLE_STMT, o->stmt);
		if (got == SQL_NULL_DATA) {
			b->len = hdr;
			pack_put(b, NULL, -1);
			return 0;
		}
		if (got != SQL_NO_TOTAL && got < avail) {
			b->len += got;
			break;
		}
		/* full: the driver may stop short of a character it splits */
		b->len += strnlen(b->data + b->len, avail - 1);
		buf_reserve(b, got != SQL_NO_TOTAL && got > avail ?
		    (size_t)(got - avail) + 1 : b->cap);
	}
	len = b->len - start;
	buf_reserve(b, padded(len));
	memcpy(b->data + hdr, &len, sizeof(len));
	b->data[b->len] = '\0';
	b->len = start + padded(len);
	widen(o, c, len);
	return 0;
}

/* The block's row o->at into the pack. */
static int
pack_row(struct source *s, struct pack *p)
{
	struct odbc *o = s->drv;
	SQLLEN ind;
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		ind = o->ind[i][o->at];
		if (ind == SQL_NULL_DATA)
			pack_put(&p->b, NULL, -1);
		else if (ind == SQL_NO_TOTAL || ind >= o->width[i]) {
			if (read_whole(s, &p->b, i, ind, p->err,
			    sizeof(p->err)) == -1)
				return -1;
		} else
			pack_put(&p->b, o->data[i] + o->at * o->width[i], ind);
	}
	p->rows++;
	return 0;
}

/*
 * The next block of rows, fetched and packed: 1 with more to come, 0
 * at the end, -1 on error (in p->err, after the rows before it). A row
 * the driver did not fill (SQL_ROW_NOROW) ends its block.
 */
static int
pack_block(struct source *s, struct pack *p)
{
	struct odbc *o = s->drv;
	SQLRETURN rc;

	if (!o->bound && odbc_layout(s, p->err, sizeof(p->err)) == -1)
		return -1;
	o->at = o->fetched = o->positioned = 0;
	rc = SQLFetch(o->stmt);
	if (rc == SQL_NO_DATA)
		return 0;
	if (!SQL_SUCCEEDED(rc))
		return odbc_err(p->err, sizeof(p->err), "fetch",
		    SQL_HANDLE_STMT, o->stmt);
	for (; o->at < o->fetched; o->at++) {
		if (o->status[o->at] == SQL_ROW_NOROW)
			break;
		if (o->status[o->at] == SQL_ROW_ERROR)
			return odbc_err(p->err, sizeof(p->err), "fetch",
			    SQL_HANDLE_STMT, o->stmt);
		if (pack_row(s, p) == -1)
			return -1;
	}
	return 1;
}

/* Blocks into the pack until it holds PACK_BYTES, or the end. */
static void
fill_pack(struct source *s, struct pack *p)
{
	int rc;

	buf_reset(&p->b);
	p->rows = 0;
	do
		rc = pack_block(s, p);
	while (rc == 1 && p->b.len < PACK_BYTES);
	p->rc = rc;
}

/* The fetching thread: fills the packs in turn, each once it is free. */
static void *
fetcher(void *arg)
{
	struct source *s = arg;
	struct odbc *o = s->drv;
	int k = 0, stop;

	for (;;) {
		pthread_mutex_lock(&o->mu);
		while (o->full[k] && !o->stop)
			pthread_cond_wait(&o->cv, &o->mu);
		stop = o->stop;
		pthread_mutex_unlock(&o->mu);
		if (stop)
			break;
		fill_pack(s, &o->pk[k]);
		pthread_mutex_lock(&o->mu);
		o->full[k] = 1;
		pthread_cond_broadcast(&o->cv);
		pthread_mutex_unlock(&o->mu);
		if (o->pk[k].rc != 1)
			break;
		k ^= 1;
	}
	return NULL;
}

/*
 * Starts the fetching thread for a driver that fetches blocks (the
 * SQLite driver gets one row a block: a hand-over per row would cost
 * more than it saves). Signals stay with the main thread. Without a
 * thread, the caller fills the packs itself.
 */
static void
fetcher_start(struct source *s)
{
	struct odbc *o = s->drv;
	sigset_t all, was;

	o->threaded = 0;
	if (!(o->getdata & SQL_GD_BLOCK) || s->fetch_size < 2)
		return;
	o->stop = o->full[0] = o->full[1] = 0;
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	if (pthread_create(&o->thread, NULL, fetcher, s) == 0)
		o->threaded = 1;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (!o->threaded) {
		pthread_cond_destroy(&o->cv);
		pthread_mutex_destroy(&o->mu);
	}
}

/* Before the statement goes: the thread ends after its current pack. */
static void
fetcher_stop(struct odbc *o)
{
	if (!o->threaded)
		return;
	pthread_mutex_lock(&o->mu);
	o->stop = 1;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
	pthread_join(o->thread, NULL);
	pthread_cond_destroy(&o->cv);
	pthread_mutex_destroy(&o->mu);
	o->threaded = 0;
}

/* The caller is done with its pack: the next one, once it is filled. */
static struct pack *
next_pack(struct source *s)
{
	struct odbc *o = s->drv;
	int k = o->cur == NULL ? 0 : (int)(o->cur - o->pk) ^ 1;

	if (!o->started) {
		o->started = 1;
		fetcher_start(s);
	}
	if (!o->threaded) {
		fill_pack(s, &o->pk[0]);
		return &o->pk[0];
	}
	pthread_mutex_lock(&o->mu);
	if (o->cur != NULL)
		o->full[k ^ 1] = 0;
	pthread_cond_broadcast(&o->cv);
	while (!o->full[k])
		pthread_cond_wait(&o->cv, &o->mu);
	pthread_mutex_unlock(&o->mu);
	return &o->pk[k];
}

/* The pack's next row as the current row. */
static void
unpack_row(struct source *s, struct pack *p)
{
	struct odbc *o = s->drv;
	SQLLEN len;
	size_t i;

	for (i = 0; i < s->ncols; i++) {
		memcpy(&len, p->b.data + o->pos, sizeof(len));
		o->pos += sizeof(len);
		if (len < 0) {
			s->val[i] = NULL;
			s->len[i] = 0;
			continue;
		}
		s->val[i] = p->b.data + o->pos;
		s->len[i] = len;
		o->pos += padded(len);
	}
}

static int
odbc_fetch(struct source *s, char *err, size_t errlen)
{
	struct odbc *o = s->drv;
	struct pack *p;

	while ((p = o->cur) == NULL || o->next >= p->rows) {
		if (p != NULL && p->rc != 1)
			fetcher_stop(o);	/* it ended after this pack */
		if (p != NULL && p->rc == 0)
			return 0;
		if (p != NULL && p->rc == -1)
			return seterr(err, errlen, "%s", p->err);
		o->cur = next_pack(s);
		o->next = o->pos = 0;
	}
	unpack_row(s, p);
	o->next++;
	return 1;
}

static void
odbc_close(struct source *s)
{
	struct odbc *o = s->drv;

	if (o == NULL)
		return;
	odbc_free_result(o);
	if (o->connected)
		SQLDisconnect(o->dbc);
	if (o->dbc != SQL_NULL_HDBC)
		SQLFreeHandle(SQL_HANDLE_DBC, o->dbc);
	if (o->env != SQL_NULL_HENV)
		SQLFreeHandle(SQL_HANDLE_ENV, o->env);
	free(o);
	s->drv = NULL;
}

const struct source_ops source_odbc_ops = {
	.name = "odbc",
	.connect = odbc_connect,
	.query = odbc_query,
	.fetch = odbc_fetch,
	.close = odbc_close,
};
