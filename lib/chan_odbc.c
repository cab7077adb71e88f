/*
 * chan_odbc.c - the front-end database channel through unixODBC, for
 * the embedded SQLite front-end database (api.md 2.1's second dialect).
 * The semantics of chan_pg.c in SQLite's form, one transaction a batch:
 * the batch goes into a temporary table with one INSERT over parameter
 * arrays (SQL_ATTR_PARAMSET_SIZE), the stale records are those whose
 * stored update_time is later, the upsert takes the rest
 * (ON CONFLICT ... DO UPDATE ... WHERE excluded.update_time >=
 * t.update_time), then the upload_batch row. Values are parameters only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sql.h>
#include <sqlext.h>

#include "batch.h"
#include "channel.h"
#include "ddl.h"
#include "hmap.h"
#include "payload.h"
#include "site.h"
#include "standard.h"
#include "util.h"

struct odbcchan {
	SQLHENV		 env;
	SQLHDBC		 dbc;
	struct buf	 sql, key;
};

/* The first diagnostic of a handle: SQLSTATE and message (one line). */
static void
diag(char *out, size_t n, const char *what, SQLSMALLINT type, SQLHANDLE h,
    char state[6])
{
	SQLCHAR st[6] = "", msg[512] = "";
	SQLINTEGER native = 0;
	SQLSMALLINT len = 0;

	if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, st, &native, msg,
	    sizeof(msg), &len)))
		snprintf((char *)msg, sizeof(msg), "no diagnostic");
	msg[strcspn((char *)msg, "\n")] = '\0';
	snprintf(out, n, "%s: %s (SQLSTATE %s)", what, msg, st);
	if (state)
		memcpy(state, st, 6);
}

static int
odbc_open(struct channel *ch, const struct site *site, char *err,
    size_t errlen)
{
	const char *target = site_get(site, "upload", "frontdb");
	struct odbcchan *oc;
	char *conn, *password;
	SQLRETURN rc;

	if (target == NULL || strncmp(target, "odbc:", 5) != 0)
		return seterr(err, errlen, "%s: [upload] frontdb is not "
		    "odbc:...", site_file(site));
	target += 5;
	if (channel_frontdb_password(site, &password, err, errlen) == -1)
		return -1;
	oc = xcalloc(1, sizeof(*oc));

	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &oc->env);
	SQLSetEnvAttr(oc->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3,
	    0);
	SQLAllocHandle(SQL_HANDLE_DBC, oc->env, &oc->dbc);
	conn = password ? xasprintf("%s;PWD=%s", target, password) :
	    xstrdup(target);
	channel_secret_free(password);
	rc = SQLDriverConnect(oc->dbc, NULL, (SQLCHAR *)conn, SQL_NTS, NULL, 0,
	    NULL, SQL_DRIVER_NOPROMPT);
	explicit_bzero(conn, strlen(conn));
	free(conn);
	if (!SQL_SUCCEEDED(rc)) {
		diag(err, errlen, "front-end database", SQL_HANDLE_DBC,
		    oc->dbc, NULL);
		SQLFreeHandle(SQL_HANDLE_DBC, oc->dbc);
		SQLFreeHandle(SQL_HANDLE_ENV, oc->env);
		free(oc);
		return -1;
	}
	SQLSetConnectAttr(oc->dbc, SQL_ATTR_AUTOCOMMIT,
	    (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0);
	buf_init(&oc->sql);
	buf_init(&oc->key);
	ch->state = oc;
	return 0;
}

static void
odbc_close(struct channel *ch)
{
	struct odbcchan *oc = ch->state;

	if (oc == NULL)
		return;
	SQLEndTran(SQL_HANDLE_DBC, oc->dbc, SQL_ROLLBACK);
	SQLDisconnect(oc->dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, oc->dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, oc->env);
	buf_free(&oc->sql);
	buf_free(&oc->key);
	free(oc);
	ch->state = NULL;
}

/* A failed statement: its diagnostic into res, the transaction undone. */
static int
fail(struct odbcchan *oc, SQLHSTMT st, struct send_result *res,
    const char *what)
{
	char state[6] = "";

	diag(res->reason, sizeof(res->reason), what, SQL_HANDLE_STMT, st,
	    state);
	res->status = strncmp(state, "22", 2) == 0 ||
	    strncmp(state, "23", 2) == 0 ? SEND_REFUSED : SEND_TRANSIENT;
	res->nreject = 0;
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	SQLEndTran(SQL_HANDLE_DBC, oc->dbc, SQL_ROLLBACK);
	return 0;
}

static SQLHSTMT
stmt(struct odbcchan *oc)
{
	SQLHSTMT st = SQL_NULL_HSTMT;

	SQLAllocHandle(SQL_HANDLE_STMT, oc->dbc, &st);
	return st;
}

static SQLRETURN
bind_str(SQLHSTMT st, SQLUSMALLINT i, const char *s, SQLLEN *ind)
{
	*ind = (SQLLEN)strlen(s);
	return SQLBindParameter(st, i, SQL_PARAM_INPUT, SQL_C_CHAR,
	    SQL_VARCHAR, *ind ? (SQLULEN)*ind : 1, 0, (SQLPOINTER)s, *ind, ind);
}

/* INSERT INTO temp.hdx_in VALUES (?, ...) over parameter arrays. */
static int
load_batch(struct odbcchan *oc, const struct batch *b,
    struct send_result *res)
{
	const struct std_table *t = b->t;
	char **col = xcalloc(t->nfields, sizeof(char *));
	SQLLEN **ind = xcalloc(t->nfields, sizeof(SQLLEN *));
	size_t *width = xcalloc(t->nfields, sizeof(size_t));
	SQLUSMALLINT *status = xcalloc(b->n ? b->n : 1, sizeof(*status));
	SQLULEN done = 0;
	SQLHSTMT st = stmt(oc);
	size_t i, j;
	SQLRETURN rc;
	int ret = 0;

	buf_reset(&oc->sql);
	buf_adds(&oc->sql, "INSERT INTO temp.hdx_in (");
	ddl_columns(&oc->sql, t, "");
	buf_adds(&oc->sql, ") VALUES (");
	for (j = 0; j < t->nfields; j++)
		buf_adds(&oc->sql, j ? ", ?" : "?");
	buf_addc(&oc->sql, ')');
	/* column-wise: one buffer of n fixed-width values per column */
	for (j = 0; j < t->nfields; j++) {
		width[j] = 1;
		for (i = 0; i < b->n; i++)
			if (b->rec[i].len[j] + 1 > width[j])
				width[j] = b->rec[i].len[j] + 1;
		col[j] = xcalloc(b->n ? b->n : 1, width[j]);
		ind[j] = xcalloc(b->n ? b->n : 1, sizeof(SQLLEN));
		for (i = 0; i < b->n; i++) {
			memcpy(col[j] + i * width[j], b->rec[i].v[j],
			    b->rec[i].len[j]);
			ind[j][i] = b->rec[i].len[j] ? (SQLLEN)b->rec[i].len[j] :
			    SQL_NULL_DATA;
		}
	}
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE, SQL_PARAM_BIND_BY_COLUMN,
	    0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)b->n, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
	SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &done, 0);
	rc = SQLPrepare(st, (SQLCHAR *)oc->sql.data, SQL_NTS);
	for (j = 0; j < t->nfields && SQL_SUCCEEDED(rc); j++)
		rc = SQLBindParameter(st, (SQLUSMALLINT)(j + 1),
		    SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, width[j], 0,
		    col[j], (SQLLEN)width[j], ind[j]);
	if (SQL_SUCCEEDED(rc))
		rc = SQLExecute(st);
	if (!SQL_SUCCEEDED(rc) || done != b->n)
		ret = fail(oc, st, res, "temporary table") - 1;
	else
		SQLFreeHandle(SQL_HANDLE_STMT, st);
	for (j = 0; j < t->nfields; j++) {
		free(col[j]);
		free(ind[j]);
	}
	free(col);
	free(ind);
	free(width);
	free(status);
	return ret;
}

static void
key_join(struct buf *b, const struct std_table *t, const char *left,
    const char *right)
{
	size_t i;

	for (i = 0; i < t->nkey; i++) {
		buf_adds(b, i ? " AND " : "");
		buf_printf(b, "%s.", left);
		ddl_ident(b, t->field[t->key[i]].name);
		buf_printf(b, " = %s.", right);
		ddl_ident(b, t->field[t->key[i]].name);
	}
}

/* The records whose stored version has a later update_time. */
static int
find_stale(struct odbcchan *oc, const struct batch *b,
    struct send_result *res)
{
	const struct std_table *t = b->t;
	int ut = std_field_index(t, "update_time");
	struct hmap *stale;
	struct send_reject *sr;
	SQLHSTMT st;
	SQLRETURN rc;
	char val[4096];
	SQLLEN got;
	size_t i, k;

	if (ut < 0)
		return 0;
	buf_reset(&oc->sql);
	buf_adds(&oc->sql, "SELECT ");
	for (k = 0; k < t->nkey; k++) {
		buf_adds(&oc->sql, k ? ", i." : "i.");
		ddl_ident(&oc->sql, t->field[t->key[k]].name);
	}
	buf_adds(&oc->sql, " FROM temp.hdx_in i JOIN main.");
	ddl_ident(&oc->sql, t->name);
	buf_adds(&oc->sql, " t ON ");
	key_join(&oc->sql, t, "i", "t");
	buf_adds(&oc->sql, " WHERE NOT coalesce(i.");
	ddl_ident(&oc->sql, t->field[ut].name);
	buf_adds(&oc->sql, " >= t.");
	ddl_ident(&oc->sql, t->field[ut].name);
	buf_adds(&oc->sql, ", 0)");
	st = stmt(oc);
	if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)oc->sql.data,
	    SQL_NTS)))
		return fail(oc, st, res, "stale rows") - 1;
	stale = hmap_new();
	while (SQL_SUCCEEDED(rc = SQLFetch(st))) {
		buf_reset(&oc->key);
		for (k = 0; k < t->nkey; k++) {
			if (k)
				buf_addc(&oc->key, '\0');
			if (SQL_SUCCEEDED(SQLGetData(st, (SQLUSMALLINT)(k + 1),
			    SQL_C_CHAR, val, sizeof(val), &got)) && got > 0)
				payload_canon(&oc->key, &t->field[t->key[k]],
				    val, strlen(val));
		}
		hmap_put(stale, oc->key.data ? oc->key.data : "", oc->key.len,
		    NULL);
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	for (i = 0; i < b->n && hmap_count(stale); i++) {
		buf_reset(&oc->key);
		payload_sort_key(&oc->key, t, b->rec[i].v, b->rec[i].len);
		if (hmap_get(stale, oc->key.data ? oc->key.data : "",
		    oc->key.len) == NULL)
			continue;
		sr = send_result_add(res);
		sr->index = i;
		sr->field = t->field[t->key[t->nkey - 1]].name;
		sr->rule = "unique";
		sr->level = "error";
		sr->message = "stale: the front-end database holds a version "
		    "of the key with a later update_time";
	}
	hmap_free(stale);
	return 0;
}

static void
upsert_sql(struct buf *b, const struct std_table *t)
{
	int ut = std_field_index(t, "update_time");

	buf_reset(b);
	buf_adds(b, "INSERT INTO main.");
	ddl_ident(b, t->name);
	buf_adds(b, " AS t (");
	ddl_columns(b, t, "");
	buf_adds(b, ", batch_id) SELECT ");
	ddl_columns(b, t, "");
	buf_adds(b, ", ? FROM temp.hdx_in WHERE true ON CONFLICT (");
	ddl_key_columns(b, t);
	buf_adds(b, ") DO UPDATE SET ");
	ddl_update_set(b, t);
	buf_adds(b, "batch_id = excluded.batch_id, "
	    "received_at = datetime('now', '+8 hours')");
	if (ut >= 0) {
		buf_adds(b, " WHERE excluded.");
		ddl_ident(b, t->field[ut].name);
		buf_adds(b, " >= t.");
		ddl_ident(b, t->field[ut].name);
	}
}

static int
exec_sql(struct odbcchan *oc, const char *sql, struct send_result *res,
    const char *what)
{
	SQLHSTMT st = stmt(oc);

	if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS)))
		return fail(oc, st, res, what) - 1;
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return 0;
}

static int
odbc_send(struct channel *ch, const struct batch *b, struct send_result *res)
{
	struct odbcchan *oc = ch->state;
	const struct std_table *t = b->t;
	SQLLEN ind[5], got;
	SQLINTEGER known = 0;
	char count[32];
	SQLHSTMT st;

	send_result_reset(res);
	st = stmt(oc);
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)"SELECT count(*) FROM "
	    "upload_batch WHERE batch_id = ?", SQL_NTS)) ||
	    !SQL_SUCCEEDED(bind_str(st, 1, b->id, &ind[0])) ||
	    !SQL_SUCCEEDED(SQLExecute(st)) || !SQL_SUCCEEDED(SQLFetch(st)) ||
	    !SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_SLONG, &known,
	    sizeof(known), &got)))
		return fail(oc, st, res, "upload_batch");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	if (known) {
		SQLEndTran(SQL_HANDLE_DBC, oc->dbc, SQL_ROLLBACK);
		res->status = SEND_DUPLICATE;
		return 0;
	}
	if (exec_sql(oc, "DROP TABLE IF EXISTS temp.hdx_in", res,
	    "temporary table") == -1)
		return 0;
	buf_reset(&oc->sql);
	buf_adds(&oc->sql, "CREATE TEMP TABLE hdx_in AS SELECT ");
	ddl_columns(&oc->sql, t, "");
	buf_adds(&oc->sql, " FROM main.");
	ddl_ident(&oc->sql, t->name);
	buf_adds(&oc->sql, " WHERE 0");
	if (exec_sql(oc, oc->sql.data, res, t->name) == -1 ||
	    load_batch(oc, b, res) == -1 || find_stale(oc, b, res) == -1)
		return 0;
	upsert_sql(&oc->sql, t);
	st = stmt(oc);
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)oc->sql.data, SQL_NTS)) ||
	    !SQL_SUCCEEDED(bind_str(st, 1, b->id, &ind[0])) ||
	    !SQL_SUCCEEDED(SQLExecute(st)))
		return fail(oc, st, res, t->name);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	snprintf(count, sizeof(count), "%zu", b->n);
	st = stmt(oc);
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)"INSERT INTO upload_batch "
	    "(batch_id, org_code, table_name, record_count, payload_sm3) "
	    "VALUES (?, ?, ?, ?, ?)", SQL_NTS)) ||
	    !SQL_SUCCEEDED(bind_str(st, 1, b->id, &ind[0])) ||
	    !SQL_SUCCEEDED(bind_str(st, 2, b->org, &ind[1])) ||
	    !SQL_SUCCEEDED(bind_str(st, 3, t->name, &ind[2])) ||
	    !SQL_SUCCEEDED(bind_str(st, 4, count, &ind[3])) ||
	    !SQL_SUCCEEDED(bind_str(st, 5, b->payload_sm3, &ind[4])) ||
	    !SQL_SUCCEEDED(SQLExecute(st)))
		return fail(oc, st, res, "upload_batch");
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	if (!SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, oc->dbc, SQL_COMMIT))) {
		diag(res->reason, sizeof(res->reason), "COMMIT", SQL_HANDLE_DBC,
		    oc->dbc, NULL);
		res->status = SEND_TRANSIENT;
		res->nreject = 0;
		SQLEndTran(SQL_HANDLE_DBC, oc->dbc, SQL_ROLLBACK);
		return 0;
	}
	res->status = SEND_DELIVERED;
	res->accepted = b->n - res->nreject;
	return 0;
}

static int
odbc_count(struct channel *ch, const struct std_table *t, const char *org,
    const char *date, long *n, char *err, size_t errlen)
{
	struct odbcchan *oc = ch->state;
	SQLLEN ind[2], got;
	SQLINTEGER v = 0;
	SQLHSTMT st;

	if (t->business_date < 0)
		return seterr(err, errlen, "%s: no business date", t->name);
	buf_reset(&oc->sql);
	buf_adds(&oc->sql, "SELECT count(*) FROM main.");
	ddl_ident(&oc->sql, t->name);
	buf_adds(&oc->sql, " WHERE org_code = ? AND substr(");
	ddl_ident(&oc->sql, t->field[t->business_date].name);
	buf_adds(&oc->sql, ", 1, 10) = ?");
	st = stmt(oc);
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *)oc->sql.data, SQL_NTS)) ||
	    !SQL_SUCCEEDED(bind_str(st, 1, org, &ind[0])) ||
	    !SQL_SUCCEEDED(bind_str(st, 2, date, &ind[1])) ||
	    !SQL_SUCCEEDED(SQLExecute(st)) || !SQL_SUCCEEDED(SQLFetch(st)) ||
	    !SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_SLONG, &v, sizeof(v),
	    &got))) {
		diag(err, errlen, t->name, SQL_HANDLE_STMT, st, NULL);
		SQLFreeHandle(SQL_HANDLE_STMT, st);
		SQLEndTran(SQL_HANDLE_DBC, oc->dbc, SQL_ROLLBACK);
		return -1;
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	SQLEndTran(SQL_HANDLE_DBC, oc->dbc, SQL_ROLLBACK);
	*n = v;
	return 0;
}

const struct channel_ops chan_odbc_ops = {
	"frontdb", odbc_open, odbc_send, odbc_close, odbc_count, NULL, NULL,
	NULL
};
