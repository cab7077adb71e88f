/*
 * chan_pg.c - the front-end database channel through libpq (api.md 2.2).
 * One transaction per batch: COPY the batch into a temporary table with
 * the table's columns (made once per session and table, emptied at each
 * commit), then one statement that upserts from it on the primary key
 * where the stored version is not newer, writes the upload_batch row with
 * the payload_sm3 and returns the keys the upsert skipped (stale), then
 * COMMIT. No value is ever put into the text of a statement: rows go by
 * COPY, the rest as parameters.
 *
 * A round trip is a wake-up of the server and then of hdx-upload, which
 * on a busy machine costs more than the work: a batch takes three. BEGIN
 * goes with the COPY in one query; the statement and COMMIT are sent
 * together in pipeline mode without waiting (pg_start), and their answers
 * read when the caller has the next batch ready (pg_finish). A batch
 * committed before (by a run that did not record it) is found by the
 * upload_batch row's unique violation, which rolls it back whole.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "batch.h"
#include "channel.h"
#include "ddl.h"
#include "hmap.h"
#include "payload.h"
#include "pgnotice.h"
#include "site.h"
#include "standard.h"
#include "util.h"

#define COPY_CHUNK	(8 << 20)	/* bytes of COPY data per message */

struct pgchan {
	PGconn		*conn;
	struct buf	 sql, data, key;
	char		*in_table;	/* the table hdx_in is made for, if any */
	const struct batch *prepared;	/* whose COPY text data holds */
	char		 count[32];	/* a parameter of the batch under way */
	char		 err[512];
	char		 state[6];	/* SQLSTATE of a failed COPY */
};

/*
 * The first line of libpq's message, without the trailing newline. A data
 * exception or integrity violation (SQLSTATE classes 22, 23) may quote the
 * value ("invalid input syntax for type bigint: ..."): then only the
 * SQLSTATE and the column, never the message.
 */
static void
pg_reason(char *out, size_t n, const char *what, PGconn *conn,
    const PGresult *res)
{
	const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) :
	    NULL;
	const char *col = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) :
	    NULL;
	size_t len = strcspn(m, "\n");

	if (state && (strncmp(state, "22", 2) == 0 ||
	    strncmp(state, "23", 2) == 0)) {
		snprintf(out, n, "%s: the database refused a value%s%s "
		    "(SQLSTATE %s)", what, col ? " of column " : "",
		    col ? col : "", state);
		return;
	}
	snprintf(out, n, "%s: %.*s%s%s%s", what, (int)len, m,
	    state ? " (SQLSTATE " : "", state ? state : "", state ? ")" : "");
}

/* TRANSIENT unless the database said the data itself is wrong. */
static enum send_status
pg_failure(PGconn *conn, const PGresult *res)
{
	const char *state;

	if (PQstatus(conn) != CONNECTION_OK || res == NULL)
		return SEND_TRANSIENT;
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state && (strncmp(state, "22", 2) == 0 ||
	    strncmp(state, "23", 2) == 0))
		return SEND_REFUSED;
	return SEND_TRANSIENT;
}

static int
pg_open(struct channel *ch, const struct site *site, char *err,
    size_t errlen)
{
	const char *kw[5], *val[5];
	const char *target = site_get(site, "upload", "frontdb");
	char *password;
	struct pgchan *pc;
	PGresult *res;
	int n = 0;

	if (target == NULL)
		return seterr(err, errlen, "%s: [upload] frontdb is not set",
		    site_file(site));
	if (channel_frontdb_password(site, &password, err, errlen) == -1)
		return -1;

	kw[n] = "dbname", val[n++] = target;
	kw[n] = "client_encoding", val[n++] = "UTF8";
	kw[n] = "application_name", val[n++] = "hdx-upload";
	if (password)
		kw[n] = "password", val[n++] = password;
	kw[n] = NULL, val[n] = NULL;
	pc = xcalloc(1, sizeof(*pc));
	pc->conn = PQconnectdbParams(kw, val, 1);
	pgnotice_quiet(pc->conn);
	channel_secret_free(password);
	if (PQstatus(pc->conn) != CONNECTION_OK) {
		pg_reason(pc->err, sizeof(pc->err), "front-end database",
		    pc->conn, NULL);
		seterr(err, errlen, "%s", pc->err);
		PQfinish(pc->conn);
		free(pc);
		return -1;
	}
	res = PQexec(pc->conn, "SET DateStyle = ISO");
	PQclear(res);
	buf_init(&pc->sql);
	buf_init(&pc->data);
	buf_init(&pc->key);
	ch->state = pc;
	return 0;
}

static void
pg_close(struct channel *ch)
{
	struct pgchan *pc = ch->state;

	if (pc == NULL)
		return;
	PQfinish(pc->conn);
	buf_free(&pc->sql);
	buf_free(&pc->data);
	buf_free(&pc->key);
	free(pc->in_table);
	free(pc);
	ch->state = NULL;
}

/* A key column of t in canonical text (api.md 2.3), as payload.c has it. */
static void
key_text(struct buf *b, const struct std_field *f, const char *alias)
{
	if (f->type == STD_D || f->type == STD_DT)
		buf_adds(b, "to_char(");
	buf_adds(b, alias);
	ddl_ident(b, f->name);
	if (f->type == STD_D)
		buf_adds(b, ", 'YYYY-MM-DD')");
	else if (f->type == STD_DT)
		buf_adds(b, ", 'YYYY-MM-DD HH24:MI:SS')");
	else
		buf_adds(b, "::text");
}

/*
 * The rest of a batch after its COPY, one statement: the upsert on the
 * primary key where the stored version is not newer, the upload_batch
 * row, and as its result the keys of the records the upsert skipped
 * (stale: usually none), in canonical text.
 *
 *   WITH up AS (INSERT INTO t AS t (cols, batch_id) SELECT cols, $1
 *               FROM hdx_in ON CONFLICT (key) DO UPDATE SET ...
 *               WHERE t.update_time <= EXCLUDED.update_time RETURNING key),
 *        ub AS (INSERT INTO upload_batch (...) VALUES ($1, ..., $5))
 *   SELECT key FROM hdx_in i WHERE NOT EXISTS (SELECT 1 FROM up WHERE ...)
 */
static void
batch_sql(struct buf *b, const struct std_table *t)
{
	int ut = std_field_index(t, "update_time");
	size_t i;

	buf_reset(b);
	buf_adds(b, "WITH up AS (INSERT INTO ");
	ddl_ident(b, t->name);
	buf_adds(b, " AS t (");
	ddl_columns(b, t, "");
	buf_adds(b, ", batch_id) SELECT ");
	ddl_columns(b, t, "");
	buf_adds(b, ", $1 FROM hdx_in ON CONFLICT (");
	ddl_key_columns(b, t);
	buf_adds(b, ") DO UPDATE SET ");
	ddl_update_set(b, t);
	buf_adds(b, "batch_id = EXCLUDED.batch_id, received_at = "
	    "(now() AT TIME ZONE 'Asia/Shanghai')");
	if (ut >= 0) {
		buf_adds(b, " WHERE t.");
		ddl_ident(b, t->field[ut].name);
		buf_adds(b, " <= EXCLUDED.");
		ddl_ident(b, t->field[ut].name);
	}
	buf_adds(b, " RETURNING ");
	ddl_key_columns(b, t);
	buf_adds(b, "), ub AS (INSERT INTO upload_batch (batch_id, org_code, "
	    "table_name, record_count, payload_sm3) VALUES ($1, $2, $3, $4, "
	    "$5)) SELECT ");
	for (i = 0; i < t->nkey; i++) {
		if (i)
			buf_adds(b, ", ");
		key_text(b, &t->field[t->key[i]], "i.");
	}
	buf_adds(b, " FROM hdx_in i WHERE NOT EXISTS (SELECT 1 FROM up WHERE ");
	for (i = 0; i < t->nkey; i++) {
		if (i)
			buf_adds(b, " AND ");
		buf_adds(b, "up.");
		ddl_ident(b, t->field[t->key[i]].name);
		buf_adds(b, " = i.");
		ddl_ident(b, t->field[t->key[i]].name);
	}
	buf_adds(b, ")");
}

/*
 * COPY text format: \N for NULL; backslash, TAB, LF, CR escaped. Written
 * straight into the reserved buffer, a byte at a time: a value is short
 * and seldom holds one of the four (buf_add per run cost more).
 */
static void
copy_value(struct buf *b, const char *v, size_t len)
{
	const char *end = v + len;
	char *o, c;

	if (len == 0) {
		buf_add(b, "\\N", 2);
		return;
	}
	buf_reserve(b, 2 * len + 1);
	o = b->data + b->len;
	for (; v < end; v++) {
		c = *v;
		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			*o++ = '\\';
			c = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' :
			    'r';
		}
		*o++ = c;
	}
	b->len = (size_t)(o - b->data);
	b->data[b->len] = '\0';
}

/* The COPY text of the records of b into pc->data. */
static void
copy_text(struct pgchan *pc, const struct batch *b)
{
	size_t i, j, nf = b->t->nfields;

	buf_reset(&pc->data);
	for (i = 0; i < b->n; i++) {
		for (j = 0; j < nf; j++) {
			copy_value(&pc->data, b->rec[i].v[j], b->rec[i].len[j]);
			buf_addc(&pc->data, j + 1 < nf ? '\t' : '\n');
		}
	}
	pc->prepared = b;
}

/*
 * The COPY text of the next batch is made while the one before is still
 * under way (hdx-upload calls this before it ends that one): the server
 * upserts meanwhile, instead of waiting for the text after the COMMIT.
 */
static void
pg_prepare(struct channel *ch, const struct batch *b)
{
	copy_text(ch->state, b);
}

/* The COPY of b; its text is in pc->data already when ready is set. */
static int
copy_batch(struct pgchan *pc, const struct batch *b, int ready)
{
	const struct std_table *t = b->t;
	PGresult *res;
	size_t off, n;
	int ok = 1;

	buf_reset(&pc->sql);
	buf_adds(&pc->sql, "BEGIN; COPY hdx_in (");
	ddl_columns(&pc->sql, t, "");
	buf_adds(&pc->sql, ") FROM STDIN");
	res = PQexec(pc->conn, pc->sql.data);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		pg_reason(pc->err, sizeof(pc->err), "COPY", pc->conn, res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	if (!ready)
		copy_text(pc, b);
	/* a batch is a few MiB: usually one message */
	for (off = 0; ok && off < pc->data.len; off += n) {
		n = pc->data.len - off < COPY_CHUNK ? pc->data.len - off :
		    COPY_CHUNK;
		ok = PQputCopyData(pc->conn, pc->data.data + off, (int)n) == 1;
	}
	if (PQputCopyEnd(pc->conn, ok ? NULL : "hdx-upload: write failed") !=
	    1)
		ok = 0;
	res = PQgetResult(pc->conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		pg_reason(pc->err, sizeof(pc->err), "COPY", pc->conn, res);
		snprintf(pc->state, sizeof(pc->state), "%s", st ? st : "");
		ok = 0;
	}
	PQclear(res);
	while ((res = PQgetResult(pc->conn)) != NULL)
		PQclear(res);
	return ok ? 0 : -1;
}

/* The records of the keys the stale query returned. */
static void
find_stale(struct pgchan *pc, const struct batch *b, PGresult *res,
    struct send_result *r)
{
	const struct std_table *t = b->t;
	struct hmap *stale;
	struct send_reject *sr;
	int row, nrows = PQntuples(res);
	size_t i, k;

	if (nrows == 0)
		return;		/* as usual: no record was stale */
	stale = hmap_new();

	for (row = 0; row < nrows; row++) {
		buf_reset(&pc->key);
		for (k = 0; k < t->nkey; k++) {
			if (k)
				buf_addc(&pc->key, '\0');
			buf_add(&pc->key, PQgetvalue(res, row, (int)k),
			    (size_t)PQgetlength(res, row, (int)k));
		}
		hmap_put(stale, pc->key.data ? pc->key.data : "",
		    pc->key.len, NULL);
	}
	for (i = 0; i < b->n; i++) {
		buf_reset(&pc->key);
		payload_sort_key(&pc->key, t, b->rec[i].v, b->rec[i].len);
		if (hmap_get(stale, pc->key.data ? pc->key.data : "",
		    pc->key.len) == NULL)
			continue;
		sr = send_result_add(r);
		sr->index = i;
		sr->field = t->field[t->key[t->nkey - 1]].name;
		sr->rule = "unique";
		sr->level = "error";
		sr->message = "stale: the front-end database holds a version "
		    "of the key with a later update_time";
	}
	hmap_free(stale);
}

static int
pg_fail(struct pgchan *pc, struct send_result *r, const char *what,
    PGresult *res)
{
	PGresult *rb;

	r->status = pg_failure(pc->conn, res);
	if (what == NULL && PQstatus(pc->conn) == CONNECTION_OK &&
	    (strncmp(pc->state, "22", 2) == 0 ||
	    strncmp(pc->state, "23", 2) == 0))
		r->status = SEND_REFUSED;
	if (what)
		pg_reason(r->reason, sizeof(r->reason), what, pc->conn, res);
	else
		snprintf(r->reason, sizeof(r->reason), "%s", pc->err);
	PQclear(res);
	/* (outside a transaction ROLLBACK would warn on stderr) */
	if (PQstatus(pc->conn) == CONNECTION_OK &&
	    PQtransactionStatus(pc->conn) != PQTRANS_IDLE) {
		rb = PQexec(pc->conn, "ROLLBACK");
		PQclear(rb);
	}
	return 0;
}

static int
pg_cmd(struct pgchan *pc, const char *sql, int n, const char *const *p,
    ExecStatusType want, PGresult **out)
{
	*out = n ? PQexecParams(pc->conn, sql, n, NULL, p, NULL, NULL, 0) :
	    PQexec(pc->conn, sql);
	return PQresultStatus(*out) == want ? 0 : -1;
}

/* hdx_in for t, made outside the batch's transaction so that a rollback
 * keeps it; 0, or -1 with the result of the failure in *res. */
static int
in_table(struct pgchan *pc, const struct std_table *t, PGresult **res)
{
	*res = NULL;
	if (pc->in_table && strcmp(pc->in_table, t->name) == 0)
		return 0;
	buf_reset(&pc->sql);
	if (pc->in_table)
		buf_adds(&pc->sql, "DROP TABLE hdx_in; ");
	free(pc->in_table);
	pc->in_table = NULL;
	buf_adds(&pc->sql, "CREATE TEMP TABLE hdx_in ON COMMIT DELETE ROWS AS "
	    "SELECT ");
	ddl_columns(&pc->sql, t, "");
	buf_adds(&pc->sql, " FROM ");
	ddl_ident(&pc->sql, t->name);
	buf_adds(&pc->sql, " WITH NO DATA");
	if (pg_cmd(pc, pc->sql.data, 0, NULL, PGRES_COMMAND_OK, res) == -1)
		return -1;
	PQclear(*res);
	*res = NULL;
	pc->in_table = xstrdup(t->name);
	return 0;
}

/* The result of the next query of a pipeline (NULL when the connection
 * failed), and the NULL that ends its results. */
static PGresult *
pipe_result(PGconn *conn)
{
	PGresult *res, *more;

	if ((res = PQgetResult(conn)) == NULL)
		return NULL;
	while ((more = PQgetResult(conn)) != NULL)
		PQclear(more);
	return res;
}

/* Out of pipeline mode, what is left of its results (the sync) dropped;
 * a broken connection is left to PQreset, which ends the mode too. */
static void
pipe_end(PGconn *conn)
{
	PGresult *res;
	int i;

	for (i = 0; i < 16 && PQpipelineStatus(conn) != PQ_PIPELINE_OFF; i++) {
		if (PQexitPipelineMode(conn) == 1)
			break;
		if ((res = PQgetResult(conn)) != NULL)
			PQclear(res);
		else if (PQstatus(conn) != CONNECTION_OK)
			break;
	}
}

/* The first half of a batch: BEGIN and its COPY, then the statement of
 * batch_sql() and COMMIT sent without waiting (1); 0 when the batch ended
 * already. */
static int
pg_start(struct channel *ch, const struct batch *b, struct send_result *r)
{
	struct pgchan *pc = ch->state;
	const struct std_table *t = b->t;
	const char *p[5];
	PGresult *res;
	int ready = pc->prepared == b;

	pc->prepared = NULL;	/* whatever becomes of b */
	send_result_reset(r);
	pc->state[0] = '\0';
	if (PQstatus(pc->conn) != CONNECTION_OK) {
		PQreset(pc->conn);
		free(pc->in_table);	/* a new session: no temporary table */
		pc->in_table = NULL;
		if (PQstatus(pc->conn) != CONNECTION_OK)
			return pg_fail(pc, r, "front-end database", NULL);
		PQclear(PQexec(pc->conn, "SET DateStyle = ISO"));
	}
	if (in_table(pc, t, &res) == -1)
		return pg_fail(pc, r, t->name, res);
	if (copy_batch(pc, b, ready) == -1)
		return pg_fail(pc, r, NULL, NULL);
	snprintf(pc->count, sizeof(pc->count), "%zu", b->n);
	p[0] = b->id;
	p[1] = b->org;
	p[2] = t->name;
	p[3] = pc->count;
	p[4] = b->payload_sm3;
	batch_sql(&pc->sql, t);
	if (!PQenterPipelineMode(pc->conn))
		return pg_fail(pc, r, t->name, NULL);
	if (!PQsendQueryParams(pc->conn, pc->sql.data, 5, NULL, p, NULL, NULL,
	    0) || !PQsendQueryParams(pc->conn, "COMMIT", 0, NULL, NULL, NULL,
	    NULL, 0) || !PQpipelineSync(pc->conn)) {
		pipe_end(pc->conn);
		return pg_fail(pc, r, t->name, NULL);
	}
	return 1;
}

/* The second half: the results of the statement and of the COMMIT. */
static int
pg_finish(struct channel *ch, const struct batch *b, struct send_result *r)
{
	struct pgchan *pc = ch->state;
	PGresult *res, *cres;
	const char *state, *table;

	res = pipe_result(pc->conn);
	cres = pipe_result(pc->conn);
	pipe_end(pc->conn);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		/* then the COMMIT was skipped: the transaction is aborted */
		PQclear(cres);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
		if (state && strcmp(state, "23505") == 0 && table &&
		    strcmp(table, "upload_batch") == 0) {
			/* committed before by a run that did not record it */
			PQclear(res);
			PQclear(PQexec(pc->conn, "ROLLBACK"));
			r->status = SEND_DUPLICATE;
			return 0;
		}
		return pg_fail(pc, r, table && strcmp(table, "upload_batch") ==
		    0 ? "upload_batch" : b->t->name, res);
	}
	find_stale(pc, b, res, r);
	PQclear(res);
	if (PQresultStatus(cres) != PGRES_COMMAND_OK) {
		r->nreject = 0;
		return pg_fail(pc, r, "COMMIT", cres);
	}
	PQclear(cres);
	r->status = SEND_DELIVERED;
	r->accepted = b->n - r->nreject;
	return 0;
}

static int
pg_send(struct channel *ch, const struct batch *b, struct send_result *r)
{
	int rc = pg_start(ch, b, r);

	return rc == 1 ? pg_finish(ch, b, r) : rc;
}

static int
pg_count(struct channel *ch, const struct std_table *t, const char *org,
    const char *date, long *n, char *err, size_t errlen)
{
	struct pgchan *pc = ch->state;
	const char *p[2] = { org, date };
	PGresult *res;
	int rc = 0;

	if (t->business_date < 0)
		return seterr(err, errlen, "%s: no business date", t->name);
	buf_reset(&pc->sql);
	buf_adds(&pc->sql, "SELECT count(*) FROM ");
	ddl_ident(&pc->sql, t->name);
	buf_adds(&pc->sql, " WHERE org_code = $1 AND CAST(");
	ddl_ident(&pc->sql, t->field[t->business_date].name);
	buf_adds(&pc->sql, " AS date) = CAST($2 AS date)");
	res = PQexecParams(pc->conn, pc->sql.data, 2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_reason(pc->err, sizeof(pc->err), t->name, pc->conn, res);
		rc = seterr(err, errlen, "%s", pc->err);
	} else
		*n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

const struct channel_ops chan_pg_ops = {
	"frontdb", pg_open, pg_send, pg_close, pg_count, pg_start, pg_finish,
	pg_prepare
};
