/*
 * ledger.c - the batches sent, the outbox and the key index, in SQLite.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ledger.h"
#include "util.h"

struct ledger {
	sqlite3		*db;
	sqlite3_stmt	*known;		/* ledger_key_known's, prepared once */
	sqlite3_stmt	*put;		/* ledger_key_put's, likewise */
	sqlite3_stmt	*reject;	/* ledger_key_rejected's */
	sqlite3_stmt	*received[2];	/* ledger_key_received's */
	char		*path;
	char		 err[512];
};

static const char schema[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    /* the outbox holds records: what is deleted is overwritten (api.md 6) */
    "PRAGMA secure_delete = ON;"
    "CREATE TABLE IF NOT EXISTS batches ("
    " batch_id TEXT PRIMARY KEY, table_name TEXT NOT NULL,"
    " org_code TEXT NOT NULL, record_count INTEGER NOT NULL,"
    " channel TEXT NOT NULL, status TEXT NOT NULL, payload_sm3 TEXT,"
    " receipt TEXT, reason TEXT, attempts INTEGER NOT NULL DEFAULT 0,"
    " first_at TEXT NOT NULL, last_at TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS ix_batches_last_at ON batches (last_at);"
    "CREATE TABLE IF NOT EXISTS outbox ("
    " batch_id TEXT PRIMARY KEY, table_name TEXT NOT NULL,"
    " org_code TEXT NOT NULL, generation INTEGER NOT NULL,"
    " records BLOB NOT NULL, queued_at TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS keys ("
    " table_name TEXT NOT NULL, org_code TEXT NOT NULL,"
    " key_sm3 TEXT NOT NULL, business_date TEXT, update_time TEXT,"
    " PRIMARY KEY (table_name, org_code, key_sm3)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS rejected_keys ("
    " table_name TEXT NOT NULL, org_code TEXT NOT NULL,"
    " key_sm3 TEXT NOT NULL, update_time TEXT, received_at TEXT NOT NULL,"
    " PRIMARY KEY (table_name, org_code, key_sm3)) WITHOUT ROWID;"
    /* the keys of the batches of a run, appended, merged at its end */
    "CREATE TABLE IF NOT EXISTS keys_new ("
    " table_name TEXT NOT NULL, org_code TEXT NOT NULL,"
    " key_sm3 TEXT NOT NULL, business_date TEXT, update_time TEXT,"
    " received_at TEXT NOT NULL);";

/* keys.received_at came later: a ledger.db made before gets it added. */
static const char add_received[] =
    "ALTER TABLE keys ADD COLUMN received_at TEXT";

static const char *const status_names[] = {
	"none", "delivered", "duplicate", "transient", "refused", "quarantined",
	"expired"
};

#define NOW_BJ	"strftime('%Y-%m-%d %H:%M:%S', 'now', '+8 hours')"

const char *
ledger_status_name(enum ledger_status s)
{
	return s <= LEDGER_EXPIRED ? status_names[s] : "?";
}

static int
dberr(struct ledger *l, char *err, size_t errlen, const char *what)
{
	return seterr(err, errlen, "%s: %s: %s", l->path, what,
	    sqlite3_errmsg(l->db));
}

static int
has_column(struct ledger *l, const char *table, const char *column)
{
	sqlite3_stmt *st;
	char *sql = xasprintf("PRAGMA table_info(%s)", table);
	int found = 0;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) == SQLITE_OK) {
		while (!found && sqlite3_step(st) == SQLITE_ROW)
			found = strcmp((const char *)sqlite3_column_text(st, 1),
			    column) == 0;
		sqlite3_finalize(st);
	}
	free(sql);
	return found;
}

struct ledger *
ledger_open(const char *state_dir, char *err, size_t errlen)
{
	struct ledger *l;
	char *msg = NULL;
	int fd;

	l = xcalloc(1, sizeof(*l));
	l->path = path_join(state_dir, "ledger.db");
	/* created 0600 before SQLite sees it; its -wal and -shm follow */
	if ((fd = open(l->path, O_RDWR | O_CREAT, 0600)) == -1) {
		seterr(err, errlen, "%s: %s", l->path, strerror(errno));
		goto fail;
	}
	close(fd);
	if (sqlite3_open_v2(l->path, &l->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		dberr(l, err, errlen, "open");
		goto fail;
	}
	/* a merge of a night's keys by another process may take a while */
	sqlite3_busy_timeout(l->db, 60000);
	if (sqlite3_exec(l->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
		seterr(err, errlen, "%s: %s", l->path, msg ? msg : "schema");
		sqlite3_free(msg);
		goto fail;
	}
	if (!has_column(l, "keys", "received_at") &&
	    sqlite3_exec(l->db, add_received, NULL, NULL, NULL) != SQLITE_OK) {
		dberr(l, err, errlen, "schema");
		goto fail;
	}
	/* the keys of a run that ended before it merged them */
	if (ledger_keys_merge(l, err, errlen) == -1)
		goto fail;
	return l;
fail:
	ledger_close(l);
	return NULL;
}

void
ledger_close(struct ledger *l)
{
	if (l == NULL)
		return;
	sqlite3_finalize(l->known);
	sqlite3_finalize(l->put);
	sqlite3_finalize(l->reject);
	sqlite3_finalize(l->received[0]);
	sqlite3_finalize(l->received[1]);
	sqlite3_close(l->db);
	free(l->path);
	free(l);
}

const char *
ledger_error(const struct ledger *l)
{
	return l->err;
}

static sqlite3_stmt *
prep(struct ledger *l, const char *sql, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		dberr(l, err, errlen, "prepare");
		return NULL;
	}
	return st;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a statement that returns no rows, and finalises it. */
static int
run(struct ledger *l, sqlite3_stmt *st, char *err, size_t errlen)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return dberr(l, err, errlen, "write");
	return 0;
}

int
ledger_begin(struct ledger *l, char *err, size_t errlen)
{
	if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return dberr(l, err, errlen, "BEGIN");
	return 0;
}

int
ledger_commit(struct ledger *l, char *err, size_t errlen)
{
	if (sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return dberr(l, err, errlen, "COMMIT");
	return 0;
}

int
ledger_batch_status(struct ledger *l, const char *id, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	const char *s;
	int rc, i, status = LEDGER_NONE;

	if ((st = prep(l, "SELECT status FROM batches WHERE batch_id = ?",
	    err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s = (const char *)sqlite3_column_text(st, 0);
		for (i = 1; i <= LEDGER_EXPIRED; i++)
			if (s && strcmp(s, status_names[i]) == 0)
				status = i;
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return dberr(l, err, errlen, "read");
	}
	sqlite3_finalize(st);
	return status;
}

int
ledger_batch_record(struct ledger *l, const struct ledger_batch *b,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if ((st = prep(l, "INSERT INTO batches (batch_id, table_name, "
	    "org_code, record_count, channel, status, payload_sm3, receipt, "
	    "reason, attempts, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, 1, " NOW_BJ ", " NOW_BJ ") ON CONFLICT (batch_id) DO "
	    "UPDATE SET status = excluded.status, channel = excluded.channel, "
	    "receipt = coalesce(excluded.receipt, receipt), "
	    "reason = excluded.reason, attempts = attempts + 1, "
	    "last_at = excluded.last_at", err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, b->id);
	bind_text(st, 2, b->table);
	bind_text(st, 3, b->org);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)b->records);
	bind_text(st, 5, b->channel);
	bind_text(st, 6, ledger_status_name(b->status));
	bind_text(st, 7, b->payload_sm3);
	bind_text(st, 8, b->receipt);
	bind_text(st, 9, b->reason);
	return run(l, st, err, errlen);
}

int
ledger_batch_expire(struct ledger *l, const char *id, const char *reason,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if ((st = prep(l, "UPDATE batches SET status = 'expired', reason = ?, "
	    "last_at = " NOW_BJ " WHERE batch_id = ?", err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, reason);
	bind_text(st, 2, id);
	return run(l, st, err, errlen);
}

int
ledger_scrub(struct ledger *l, char *err, size_t errlen)
{
	/* busy (a reader holds old pages): an error, the purge said "done" */
	if (sqlite3_wal_checkpoint_v2(l->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL) != SQLITE_OK)
		return dberr(l, err, errlen, "checkpoint");
	return 0;
}

int
ledger_outbox_put(struct ledger *l, const char *id, const char *table,
    const char *org, unsigned generation, const char *csv, size_t len,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if ((st = prep(l, "INSERT INTO outbox (batch_id, table_name, "
	    "org_code, generation, records, queued_at) VALUES (?, ?, ?, ?, ?, "
	    NOW_BJ ") ON CONFLICT (batch_id) DO NOTHING", err, errlen)) ==
	    NULL)
		return -1;
	bind_text(st, 1, id);
	bind_text(st, 2, table);
	bind_text(st, 3, org);
	sqlite3_bind_int64(st, 4, generation);
	sqlite3_bind_blob64(st, 5, csv, len, SQLITE_TRANSIENT);
	return run(l, st, err, errlen);
}

int
ledger_outbox_delete(struct ledger *l, const char *id, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;

	if ((st = prep(l, "DELETE FROM outbox WHERE batch_id = ?", err,
	    errlen)) == NULL)
		return -1;
	bind_text(st, 1, id);
	return run(l, st, err, errlen);
}

int
ledger_outbox_each(struct ledger *l, const char *table, ledger_outbox_fn *fn,
    void *arg, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char **ids = NULL;
	size_t n = 0, i;
	int rc = 0, s;

	/* the ids first: fn may delete what it has sent */
	if ((st = prep(l, "SELECT batch_id FROM outbox WHERE ?1 IS NULL OR "
	    "table_name = ?1 ORDER BY queued_at, rowid", err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, table);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof(char *));
		ids[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		rc = dberr(l, err, errlen, "read");
	for (i = 0; i < n && rc == 0; i++) {
		struct ledger_outbox o;

		if ((st = prep(l, "SELECT batch_id, table_name, org_code, "
		    "generation, records, queued_at FROM outbox WHERE "
		    "batch_id = ?", err, errlen)) == NULL) {
			rc = -1;
			break;
		}
		bind_text(st, 1, ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			o.id = (const char *)sqlite3_column_text(st, 0);
			o.table = (const char *)sqlite3_column_text(st, 1);
			o.org = (const char *)sqlite3_column_text(st, 2);
			o.generation = (unsigned)sqlite3_column_int64(st, 3);
			o.csv = sqlite3_column_blob(st, 4);
			o.len = (size_t)sqlite3_column_bytes(st, 4);
			o.queued_at = (const char *)sqlite3_column_text(st, 5);
			rc = fn(arg, &o);
		}
		sqlite3_finalize(st);
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

/* A prepared per-key statement, reset, with its first three parameters
 * bound: table, org_code, key digest. */
static sqlite3_stmt *
key_statement(sqlite3_stmt *st, const char *table, const char *org,
    const char *key_digest)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	bind_text(st, 3, key_digest);
	return st;
}

/* Runs a prepared write and resets it for the next use. */
static int
step_write(struct ledger *l, sqlite3_stmt *st, char *err, size_t errlen)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return dberr(l, err, errlen, "write");
	return 0;
}

/*
 * A key delivered is appended to keys_new, in the transaction of its
 * batch: the digests are random, and inserted one by one into the index
 * they would dirty a page of it each, written again at every commit.
 * ledger_keys_merge() puts them into the index in its order, once.
 */
int
ledger_key_put(struct ledger *l, const char *table, const char *org,
    const char *key_digest, const char *business_date,
    const char *update_time, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	/* once per record delivered: prepared once, then reset */
	/* received_at: the platform holds this version since about now */
	if (l->put == NULL && (l->put = prep(l, "INSERT INTO keys_new "
	    "(table_name, org_code, key_sm3, business_date, update_time, "
	    "received_at) VALUES (?, ?, ?, ?, ?, " NOW_BJ ")", err, errlen)) ==
	    NULL)
		return -1;
	st = key_statement(l->put, table, org, key_digest);
	bind_text(st, 4, business_date && *business_date ? business_date :
	    NULL);
	bind_text(st, 5, update_time && *update_time ? update_time : NULL);
	return step_write(l, st, err, errlen);
}

int
ledger_key_rejected(struct ledger *l, const char *table, const char *org,
    const char *key_digest, const char *update_time, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if (l->reject == NULL && (l->reject = prep(l, "INSERT OR REPLACE INTO "
	    "rejected_keys (table_name, org_code, key_sm3, update_time, "
	    "received_at) VALUES (?, ?, ?, ?, " NOW_BJ ")", err, errlen)) ==
	    NULL)
		return -1;
	st = key_statement(l->reject, table, org, key_digest);
	bind_text(st, 4, update_time && *update_time ? update_time : NULL);
	return step_write(l, st, err, errlen);
}

/* The held version first: a rejected one counts only for a key of
 * which none was accepted (README 7.2). */
int
ledger_key_received(struct ledger *l, const char *table, const char *org,
    const char *key_digest, char received[20], char update_time[20])
{
	static const char *const sql[2] = {
		"SELECT received_at, update_time FROM keys WHERE table_name = ? "
		"AND org_code = ? AND key_sm3 = ?",
		"SELECT received_at, update_time FROM rejected_keys WHERE "
		"table_name = ? AND org_code = ? AND key_sm3 = ?",
	};
	const char *r, *u;
	int i, rc, found = 0;

	for (i = 0; i < 2 && !found; i++) {
		if (l->received[i] == NULL && (l->received[i] = prep(l, sql[i],
		    l->err, sizeof(l->err))) == NULL)
			return -1;
		rc = sqlite3_step(key_statement(l->received[i], table, org,
		    key_digest));
		if (rc == SQLITE_ROW) {
			r = (const char *)sqlite3_column_text(l->received[i], 0);
			u = (const char *)sqlite3_column_text(l->received[i], 1);
			snprintf(received, 20, "%s", r ? r : "");
			snprintf(update_time, 20, "%s", u ? u : "");
			found = i + 1;
		} else if (rc != SQLITE_DONE) {
			sqlite3_reset(l->received[i]);
			return dberr(l, l->err, sizeof(l->err), "read");
		}
		sqlite3_reset(l->received[i]);
	}
	return found;
}

int
ledger_keys_merge(struct ledger *l, char *err, size_t errlen)
{
	static const char merge[] =
	    "INSERT INTO keys (table_name, org_code, key_sm3, business_date, "
	    "update_time, received_at) SELECT table_name, org_code, key_sm3, "
	    "business_date, update_time, received_at FROM keys_new WHERE true "
	    "ORDER BY table_name, org_code, key_sm3, update_time, received_at "
	    "ON CONFLICT DO UPDATE SET business_date = excluded.business_date, "
	    "update_time = excluded.update_time, received_at = "
	    "excluded.received_at WHERE update_time IS NULL OR "
	    "excluded.update_time >= update_time;"
	    /* digests only: no need to overwrite what is deleted */
	    "PRAGMA secure_delete = OFF;"
	    "DELETE FROM keys_new;"
	    "PRAGMA secure_delete = ON;";
	sqlite3_stmt *st;
	int rc;

	if ((st = prep(l, "SELECT 1 FROM keys_new LIMIT 1", err, errlen)) ==
	    NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return dberr(l, err, errlen, "read");
	if (ledger_begin(l, err, errlen) == -1)
		return -1;
	if (sqlite3_exec(l->db, merge, NULL, NULL, NULL) != SQLITE_OK) {
		dberr(l, err, errlen, "merge of the keys");
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return ledger_commit(l, err, errlen);
}

int
ledger_key_known(struct ledger *l, const char *table, const char *org,
    const char *key_digest, const char *update_time)
{
	sqlite3_stmt *st;
	const char *have;
	int rc, c, known = LEDGER_KEY_UNKNOWN;

	/* asked once per record by hdx-check: prepared once, then reset */
	if (l->known == NULL && (l->known = prep(l, "SELECT update_time FROM "
	    "keys WHERE table_name = ? AND org_code = ? AND key_sm3 = ?",
	    l->err, sizeof(l->err))) == NULL)
		return -1;
	st = l->known;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	bind_text(st, 3, key_digest);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		have = (const char *)sqlite3_column_text(st, 0);
		known = LEDGER_KEY_SAME;
		if (update_time && *update_time) {
			c = strcmp(have ? have : "", update_time);
			known = c == 0 ? LEDGER_KEY_SAME : c < 0 ?
			    LEDGER_KEY_OLDER : LEDGER_KEY_NEWER;
		}
	} else if (rc != SQLITE_DONE)
		known = dberr(l, l->err, sizeof(l->err), "read");
	sqlite3_reset(st);
	return known;
}

/* Steps a prepared count(*) into *n, and finalises it. */
static int
step_count(struct ledger *l, sqlite3_stmt *st, long *n, char *err,
    size_t errlen)
{
	int rc = sqlite3_step(st);

	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return dberr(l, err, errlen, "read");
	return 0;
}

int
ledger_key_count(struct ledger *l, const char *table, const char *org,
    const char *date, long *n, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if ((st = prep(l, "SELECT count(*) FROM keys WHERE table_name = ? AND "
	    "org_code = ? AND business_date = ?", err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	bind_text(st, 3, date);
	return step_count(l, st, n, err, errlen);
}

int
ledger_reading(struct ledger *l, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return dberr(l, err, errlen, "BEGIN");
	/* a deferred transaction takes its snapshot at its first read */
	if ((st = prep(l, "SELECT count(*) FROM batches WHERE 0", err,
	    errlen)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return dberr(l, err, errlen, "read");
	return 0;
}

int
ledger_key_total(struct ledger *l, const char *table, const char *org,
    long limit, long *n, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if ((st = prep(l, "SELECT count(*) FROM (SELECT 1 FROM keys WHERE "
	    "table_name = ? AND org_code = ? LIMIT ?)", err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	sqlite3_bind_int64(st, 3, limit);
	return step_count(l, st, n, err, errlen);
}

int
ledger_key_each(struct ledger *l, const char *table, const char *org,
    ledger_key_fn *fn, void *arg, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int s = SQLITE_DONE, rc = 0;

	/* the primary key's order: a walk of its index, no sort */
	if ((st = prep(l, "SELECT key_sm3, update_time FROM keys WHERE "
	    "table_name = ? AND org_code = ? ORDER BY key_sm3", err,
	    errlen)) == NULL)
		return -1;
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	/* as blobs: a text would be copied to end it with a NUL */
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(arg, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0),
		    sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
	if (rc == 0 && s != SQLITE_DONE)
		rc = dberr(l, err, errlen, "read");
	sqlite3_finalize(st);
	return rc;
}

int
ledger_report(struct ledger *l, size_t n, ledger_line_fn *fn, void *arg,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	struct buf line;
	int s;

	buf_init(&line);
	if ((st = prep(l, "SELECT o.batch_id, o.table_name, o.queued_at, "
	    "coalesce(b.status, 'queued'), coalesce(b.attempts, 0), "
	    "coalesce(b.reason, '') FROM outbox o LEFT JOIN batches b USING "
	    "(batch_id) ORDER BY o.queued_at, o.rowid", err, errlen)) == NULL)
		return -1;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		buf_reset(&line);
		buf_printf(&line, "outbox %s %s queued %s %s attempts %d%s%s",
		    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
		    sqlite3_column_int(st, 4),
		    *sqlite3_column_text(st, 5) ? ": " : "",
		    sqlite3_column_text(st, 5));
		fn(arg, line.data);
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		buf_free(&line);
		return dberr(l, err, errlen, "read");
	}
	if ((st = prep(l, "SELECT * FROM (SELECT batch_id, table_name, "
	    "record_count, channel, status, last_at, attempts, "
	    "coalesce(reason, ''), rowid FROM batches ORDER BY last_at DESC, "
	    "rowid DESC LIMIT ?) ORDER BY last_at, rowid", err, errlen)) ==
	    NULL) {
		buf_free(&line);
		return -1;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)n);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		buf_reset(&line);
		buf_printf(&line, "batch %s %s %d records %s %s %s "
		    "attempts %d%s%s", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1), sqlite3_column_int(st, 2),
		    sqlite3_column_text(st, 3), sqlite3_column_text(st, 4),
		    sqlite3_column_text(st, 5), sqlite3_column_int(st, 6),
		    *sqlite3_column_text(st, 7) ? ": " : "",
		    sqlite3_column_text(st, 7));
		fn(arg, line.data);
	}
	sqlite3_finalize(st);
	buf_free(&line);
	if (s != SQLITE_DONE)
		return dberr(l, err, errlen, "read");
	return 0;
}
