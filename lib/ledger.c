/*
 * ledger.c - the batches sent, the outbox and the key index, in SQLite.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ledger.h"
#include "sm.h"
#include "util.h"

/* A key put, until its run is written: the digest, and where its
 * business date and update_time are in the run's text. */
struct run_key {
	unsigned char	 digest[SM3_LEN];
	const char	*text;		/* set when the run is sorted */
	size_t		 off;
	unsigned char	 bdlen, utlen;
};

/* The keys put in the transaction under way, of one table and org: one
 * row of keys_runs when it commits (ledger_commit). */
struct key_run {
	char		*table, *org;
	struct run_key	*key;
	size_t		 n, cap;
	struct buf	 text;		/* business dates and update_times */
	struct buf	 packed;	/* the row's blob, made at the flush */
};

struct ledger {
	sqlite3		*db;
	sqlite3_stmt	*known;		/* ledger_key_known's, prepared once */
	sqlite3_stmt	*put;		/* the INSERT of a run, likewise */
	struct key_run	 run;
	struct merging	*merging;	/* the rows of hdx_merged, while read */
	sqlite3_stmt	*reject;	/* ledger_key_rejected's */
	sqlite3_stmt	*received[2];	/* ledger_key_received's */
	char		*path;
	char		 err[512];
};

/* hdx_merged, the virtual table of the merge (below) */
static const sqlite3_module merged_module;

static sqlite3_stmt *prep(struct ledger *, const char *, char *, size_t);

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
    /* the key index: a scope per table and org_code, and per key of a
     * scope its digest's 32 bytes; a business date, update_time and
     * received_at in their usual form as the number of their digits
     * (YYYYMMDD, YYYYMMDDHHMMSS: the order of the text), any other
     * text as it came (no affinity: nothing converted). About half the
     * size of the text rows of the table keys it replaced. */
    "CREATE TABLE IF NOT EXISTS key_scopes ("
    " scope INTEGER PRIMARY KEY, table_name TEXT NOT NULL,"
    " org_code TEXT NOT NULL, UNIQUE (table_name, org_code));"
    "CREATE TABLE IF NOT EXISTS key_index ("
    " scope INTEGER NOT NULL, digest BLOB NOT NULL, business_date,"
    " update_time, received_at,"
    " PRIMARY KEY (scope, digest)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS rejected_keys ("
    " table_name TEXT NOT NULL, org_code TEXT NOT NULL,"
    " key_sm3 TEXT NOT NULL, update_time TEXT, received_at TEXT NOT NULL,"
    " PRIMARY KEY (table_name, org_code, key_sm3)) WITHOUT ROWID;"
    /* the keys of a run's batches, merged into keys at its end: one row
     * per batch (its keys packed, in key order; see pack_run) */
    "CREATE TABLE IF NOT EXISTS keys_runs ("
    " table_name TEXT NOT NULL, org_code TEXT NOT NULL,"
    " received_at TEXT NOT NULL, nkeys INTEGER NOT NULL,"
    " packed BLOB NOT NULL);"
    /* one row per key: where a ledger of an earlier version left them */
    "CREATE TABLE IF NOT EXISTS keys_new ("
    " table_name TEXT NOT NULL, org_code TEXT NOT NULL,"
    " key_sm3 TEXT NOT NULL, business_date TEXT, update_time TEXT,"
    " received_at TEXT NOT NULL);";

/* The text of a date or time of key_index, as the table keys held it. */
#define DATE_TEXT(x) "CASE typeof(" x ") WHEN 'integer' THEN " \
    "printf('%04d-%02d-%02d', " x " / 10000, " x " / 100 % 100, " \
    x " % 100) ELSE " x " END"
#define TIME_TEXT(x) "CASE typeof(" x ") WHEN 'integer' THEN " \
    "printf('%04d-%02d-%02d %02d:%02d:%02d', " x " / 10000000000, " \
    x " / 100000000 % 100, " x " / 1000000 % 100, " x " / 10000 % 100, " \
    x " / 100 % 100, " x " % 100) ELSE " x " END"
/* keys, as it was a table: for the readers in SQL (scripts, tests). */
static const char keys_view[] =
    "CREATE VIEW IF NOT EXISTS keys (table_name, org_code, key_sm3,"
    " business_date, update_time, received_at) AS SELECT s.table_name,"
    " s.org_code, CASE typeof(k.digest) WHEN 'blob' THEN lower(hex(k.digest))"
    " ELSE k.digest END, " DATE_TEXT("k.business_date") ", "
    TIME_TEXT("k.update_time") ", " TIME_TEXT("k.received_at")
    " FROM key_index k JOIN key_scopes s USING (scope)";

/* The versions of a key of key_index, the later update_time winning
 * (in the text's order, as when it was text: a number and a text apart
 * are compared as texts); none never wins over one. */
#define KEY_UPSERT "ON CONFLICT DO UPDATE SET business_date = " \
    "excluded.business_date, update_time = excluded.update_time, " \
    "received_at = excluded.received_at WHERE update_time IS NULL OR " \
    "CASE WHEN typeof(excluded.update_time) = typeof(update_time) THEN " \
    "excluded.update_time >= update_time ELSE " \
    "(" TIME_TEXT("excluded.update_time") ") >= (" TIME_TEXT("update_time") \
    ") END"

/* The scope of a key of key_index, its table and org_code bound first. */
#define SCOPE_OF "(SELECT scope FROM key_scopes WHERE table_name = ? AND " \
    "org_code = ?)"

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

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/*
 * The dates and times of key_index: "YYYY-MM-DD" (FORM_DATE) and
 * "YYYY-MM-DD HH:MM:SS" (FORM_TIME) as the number of their digits, in
 * the order of the text; any other text as it is.
 */
#define FORM_DATE	"dddd-dd-dd"
#define FORM_TIME	"dddd-dd-dd dd:dd:dd"

/* 1 with the digits of s in *v when s (n bytes) has the form form. */
static int
pack_form(const char *s, size_t n, const char *form, sqlite3_int64 *v)
{
	size_t i;

	*v = 0;
	if (s == NULL || n != strlen(form))
		return 0;
	for (i = 0; i < n; i++) {
		if (form[i] != 'd') {
			if (s[i] != form[i])
				return 0;
		} else if (s[i] < '0' || s[i] > '9')
			return 0;
		else
			*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* Binds a date or time (n bytes; NULL: none) as key_index holds it. */
static void
bind_when(sqlite3_stmt *st, int i, const char *s, size_t n,
    const char *form)
{
	sqlite3_int64 v;

	if (s == NULL)
		sqlite3_bind_null(st, i);
	else if (pack_form(s, n, form, &v))
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_text(st, i, s, (int)n, SQLITE_TRANSIENT);
}

/* Column i, a date or time of key_index, as its text ("" for none);
 * buf holds it when it is a number. */
static const char *
column_when(sqlite3_stmt *st, int i, const char *form, char buf[32])
{
	sqlite3_int64 v;
	const char *t;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return "";
	case SQLITE_INTEGER:
		v = sqlite3_column_int64(st, i);
		if (strcmp(form, FORM_DATE) == 0)
			snprintf(buf, 32, "%04lld-%02lld-%02lld", v / 10000,
			    v / 100 % 100, v % 100);
		else
			snprintf(buf, 32, "%04lld-%02lld-%02lld %02lld:%02lld:"
			    "%02lld", v / 10000000000LL, v / 100000000 % 100,
			    v / 1000000 % 100, v / 10000 % 100, v / 100 % 100,
			    v % 100);
		return buf;
	}
	t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

/* A key digest given as hex: its 32 bytes when it is a digest of ours
 * (64 lowercase hex digits), -1 for any other text. */
static int
digest_of_hex(unsigned char d[SM3_LEN], const char *hex)
{
	char back[SM3_HEXLEN + 1];

	if (hex == NULL || hex_decode(d, SM3_LEN, hex) == -1)
		return -1;
	hex_encode(back, d, SM3_LEN);
	return strcmp(back, hex) == 0 ? 0 : -1;
}

/* Binds a key digest given as hex as key_index holds it: its bytes, or
 * a text that is no digest of ours as it is (an older ledger's row). */
static void
bind_digest_hex(sqlite3_stmt *st, int i, const char *hex)
{
	unsigned char d[SM3_LEN];

	if (digest_of_hex(d, hex) == 0)
		sqlite3_bind_blob(st, i, d, SM3_LEN, SQLITE_TRANSIENT);
	else
		bind_text(st, i, hex);
}

/* hdx_digest(key_sm3), in SQL, for the rows of an older ledger: the
 * same as bind_digest_hex(). */
static void
sql_digest(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	unsigned char d[SM3_LEN];
	const char *hex;

	(void)argc;
	hex = sqlite3_value_type(argv[0]) == SQLITE_TEXT ?
	    (const char *)sqlite3_value_text(argv[0]) : NULL;
	if (hex && digest_of_hex(d, hex) == 0)
		sqlite3_result_blob(cx, d, SM3_LEN, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(cx, argv[0]);
}

/* hdx_when(text, form), in SQL, for the rows of an older ledger: the
 * number of a date or time of form FORM_DATE or FORM_TIME, any other
 * value as it is (as bind_when()). */
static void
sql_when(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *t, *form;
	sqlite3_int64 v;

	(void)argc;
	form = (const char *)sqlite3_value_text(argv[1]);
	t = sqlite3_value_type(argv[0]) == SQLITE_TEXT ?
	    (const char *)sqlite3_value_text(argv[0]) : NULL;
	if (t && form && pack_form(t, (size_t)sqlite3_value_bytes(argv[0]),
	    form, &v))
		sqlite3_result_int64(cx, v);
	else
		sqlite3_result_value(cx, argv[0]);
}

/* 1 when keys is a table (the key index of an older ledger), 0 when
 * not, -1 on error. */
static int
keys_is_table(struct ledger *l, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(l->db, "SELECT 1 FROM sqlite_master WHERE "
	    "type = 'table' AND name = 'keys'", -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, errlen, "schema");
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(l, err, errlen, "schema");
	return rc == SQLITE_ROW;
}

/*
 * The table keys of an older ledger (text: table, org_code, hex digest,
 * dates; received_at, when it has it) into key_scopes and key_index, and
 * the view keys in its place, in one transaction: another process may
 * have done it meanwhile, so it looks again once it holds the lock.
 */
static int
migrate_keys(struct ledger *l, char *err, size_t errlen)
{
	static const char drop[] =
	    "PRAGMA secure_delete = OFF;"	/* digests only */
	    "DROP TABLE keys;"
	    "PRAGMA secure_delete = ON;";
	char *sql;
	int rc;

	if ((rc = keys_is_table(l, err, errlen)) != 1)
		return rc;
	if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return dberr(l, err, errlen, "BEGIN");
	if ((rc = keys_is_table(l, err, errlen)) != 1) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	sql = xasprintf("INSERT INTO key_scopes (table_name, org_code) "
	    "SELECT DISTINCT table_name, org_code FROM keys WHERE true "
	    "ON CONFLICT DO NOTHING;"
	    "INSERT INTO key_index (scope, digest, business_date, update_time, "
	    "received_at) SELECT s.scope, hdx_digest(k.key_sm3), %s, %s, %s "
	    "FROM keys k JOIN key_scopes s USING (table_name, org_code) "
	    "WHERE true %s;", "hdx_when(k.business_date, '" FORM_DATE "')",
	    "hdx_when(k.update_time, '" FORM_TIME "')", has_column(l, "keys",
	    "received_at") ? "hdx_when(k.received_at, '" FORM_TIME "')" :
	    "NULL", KEY_UPSERT);
	rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_exec(l->db, drop, NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_exec(l->db, keys_view, NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 :
	    dberr(l, err, errlen, "migration of the keys");
	free(sql);
	if (rc == -1)
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* tmp and the -wal and -shm SQLite may have left beside it */
static void
remove_db_files(const char *tmp)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char *p = xasprintf("%s%s", tmp, suffix[i]);

		unlink(p);
		free(p);
	}
}

/*
 * A new ledger appears at path only whole: made under a temporary name
 * (0600: its -wal and -shm follow its mode) with the schema and in WAL
 * mode, which SQLite keeps in the file, then linked into place. The
 * tools of a pipe start together, and hdx-extract and hdx-check open an
 * existing ledger to read it through the run: one that saw the file
 * before the WAL switch held a read lock the uploader's first write
 * waited on for the whole busy timeout, while the reader waited on the
 * pipe ("database is locked"). 0, or -1 with err; another process that
 * placed its ledger first wins, and this one is dropped.
 */
static int
create_whole(const char *path, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmpXXXXXX", path), *msg = NULL;
	sqlite3 *db = NULL;
	int fd, rc = -1;

	if ((fd = mkstemp(tmp)) == -1) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK || sqlite3_exec(db, schema, NULL, NULL, &msg) !=
	    SQLITE_OK) {
		seterr(err, errlen, "%s: %s", path, msg ? msg : db ?
		    sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	if (sqlite3_close(db) != SQLITE_OK) {
		seterr(err, errlen, "%s: close: %s", path, sqlite3_errmsg(db));
		goto done;
	}
	db = NULL;
	if (link(tmp, path) == -1 && errno != EEXIST) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	sqlite3_free(msg);
	sqlite3_close(db);
	remove_db_files(tmp);
	free(tmp);
	return rc;
}

/* The journal mode of the open ledger is WAL: 0, or -1 with err. */
static int
check_wal(struct ledger *l, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int wal;

	if ((st = prep(l, "PRAGMA journal_mode", err, errlen)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return dberr(l, err, errlen, "journal mode");
	}
	wal = strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	if (!wal)
		seterr(err, errlen, "%s: the journal mode is %s, not wal: the "
		    "ledger needs a local file system (readers and the writer "
		    "share it)", l->path, sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return wal ? 0 : -1;
}

struct ledger *
ledger_open(const char *state_dir, char *err, size_t errlen)
{
	struct ledger *l;
	char *msg = NULL;

	l = xcalloc(1, sizeof(*l));
	l->path = path_join(state_dir, "ledger.db");
	if (access(l->path, F_OK) == -1) {
		if (errno != ENOENT) {
			seterr(err, errlen, "%s: %s", l->path,
			    strerror(errno));
			goto fail;
		}
		if (create_whole(l->path, err, errlen) == -1)
			goto fail;
	}
	/* one thread uses a ledger (hdx-upload's HTTP thread never does):
	 * without SQLite's mutex, taken and released by every call, a walk
	 * of a million keys costs 17% less */
	if (sqlite3_open_v2(l->path, &l->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
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
	if (check_wal(l, err, errlen) == -1)
		goto fail;
	if (sqlite3_create_function(l->db, "hdx_digest", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_digest, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(l->db, "hdx_when", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_when, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_module(l->db, "hdx_merged", &merged_module, l) !=
	    SQLITE_OK) {
		dberr(l, err, errlen, "open");
		goto fail;
	}
	if (migrate_keys(l, err, errlen) == -1)
		goto fail;
	if (sqlite3_exec(l->db, keys_view, NULL, NULL, NULL) != SQLITE_OK) {
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
	/* keys of a transaction never committed: rolled back with it */
	free(l->run.table);
	free(l->run.org);
	free(l->run.key);
	buf_free(&l->run.text);
	buf_free(&l->run.packed);
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

static int run_flush(struct ledger *, char *, size_t);

/* The keys put in the transaction go into it as their run's row. */
int
ledger_commit(struct ledger *l, char *err, size_t errlen)
{
	if (run_flush(l, err, errlen) == -1)
		return -1;
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
 * A key delivered is kept in memory with the others of its transaction
 * (a batch's), and written with them as one row of keys_runs, sorted, when
 * the transaction commits: a row per key cost an insert per key, and the
 * merge a sort of them all. The digests are random: inserted one by one
 * into the index they would dirty a page of it each, written again at
 * every commit. ledger_keys_merge() merges the runs into the index in its
 * order, once.
 */
#define RUN_TEXT_MAX	255	/* a business date or update_time, packed */
#define RUN_KEY_MAX	(SM3_LEN + 2 + 2 * RUN_TEXT_MAX)

static int
run_key_cmp(const void *a, const void *b)
{
	const struct run_key *x = a, *y = b;
	size_t n = x->utlen < y->utlen ? x->utlen : y->utlen;
	int c = memcmp(x->digest, y->digest, SM3_LEN);

	if (c == 0)
		c = memcmp(x->text + x->bdlen, y->text + y->bdlen, n);
	if (c == 0)
		c = (x->utlen > y->utlen) - (x->utlen < y->utlen);
	return c;
}

/* The run's blob: per key, in key order, the digest, then the business
 * date and the update_time each after a byte of its length (0: NULL). */
static void
pack_run(struct key_run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		r->key[i].text = r->text.data + r->key[i].off;
	qsort(r->key, r->n, sizeof(*r->key), run_key_cmp);
	buf_reset(&r->packed);
	buf_reserve(&r->packed, r->n * (SM3_LEN + 2) + r->text.len);
	for (i = 0; i < r->n; i++) {
		const struct run_key *k = &r->key[i];

		buf_add(&r->packed, k->digest, SM3_LEN);
		buf_addc(&r->packed, (char)k->bdlen);
		buf_add(&r->packed, k->text, k->bdlen);
		buf_addc(&r->packed, (char)k->utlen);
		buf_add(&r->packed, k->text + k->bdlen, k->utlen);
	}
}

/* Writes the keys put since the last flush as a row of keys_runs. */
static int
run_flush(struct ledger *l, char *err, size_t errlen)
{
	struct key_run *r = &l->run;
	sqlite3_stmt *st;
	int rc;

	if (r->n == 0)
		return 0;
	if (l->put == NULL && (l->put = prep(l, "INSERT INTO keys_runs "
	    "(table_name, org_code, received_at, nkeys, packed) VALUES (?, ?, "
	    /* received_at: the platform holds these versions since about now */
	    NOW_BJ ", ?, ?)", err, errlen)) == NULL)
		return -1;
	pack_run(r);
	st = l->put;
	sqlite3_reset(st);
	bind_text(st, 1, r->table);
	bind_text(st, 2, r->org);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)r->n);
	sqlite3_bind_blob64(st, 4, r->packed.data, r->packed.len,
	    SQLITE_STATIC);
	rc = step_write(l, st, err, errlen);
	sqlite3_clear_bindings(st);
	r->n = 0;
	buf_reset(&r->text);
	return rc;
}

int
ledger_key_add(struct ledger *l, const char *table, const char *org,
    const unsigned char digest[SM3_LEN], const char *business_date,
    const char *update_time, char *err, size_t errlen)
{
	struct key_run *r = &l->run;
	struct run_key *k;
	size_t bd = business_date ? strlen(business_date) : 0;
	size_t ut = update_time ? strlen(update_time) : 0;

	if (bd > RUN_TEXT_MAX || ut > RUN_TEXT_MAX)
		return seterr(err, errlen, "%s: a business date or update_time "
		    "of more than %d bytes", l->path, RUN_TEXT_MAX);
	/* a run is of one table and org */
	if (r->n > 0 && (strcmp(r->table, table) != 0 ||
	    strcmp(r->org, org) != 0) && run_flush(l, err, errlen) == -1)
		return -1;
	if (r->n == 0 && (r->table == NULL || strcmp(r->table, table) != 0 ||
	    strcmp(r->org, org) != 0)) {
		free(r->table);
		free(r->org);
		r->table = xstrdup(table);
		r->org = xstrdup(org);
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->key = xreallocarray(r->key, r->cap, sizeof(*r->key));
	}
	k = &r->key[r->n++];
	memcpy(k->digest, digest, SM3_LEN);
	k->off = r->text.len;
	k->bdlen = (unsigned char)bd;
	k->utlen = (unsigned char)ut;
	buf_add(&r->text, business_date ? business_date : "", bd);
	buf_add(&r->text, update_time ? update_time : "", ut);
	/* outside a transaction a key is written at once, as it was */
	return sqlite3_get_autocommit(l->db) ? run_flush(l, err, errlen) : 0;
}

int
ledger_key_put(struct ledger *l, const char *table, const char *org,
    const char *key_digest, const char *business_date,
    const char *update_time, char *err, size_t errlen)
{
	unsigned char digest[SM3_LEN];

	if (hex_decode(digest, sizeof(digest), key_digest) == -1)
		return seterr(err, errlen, "%s: %s: not a key digest", l->path,
		    key_digest);
	return ledger_key_add(l, table, org, digest, business_date,
	    update_time, err, errlen);
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
		"SELECT received_at, update_time FROM key_index WHERE scope = "
		SCOPE_OF " AND digest = ?",
		"SELECT received_at, update_time FROM rejected_keys WHERE "
		"table_name = ? AND org_code = ? AND key_sm3 = ?",
	};
	char rb[32], ub[32];
	sqlite3_stmt *st;
	int i, rc, found = 0;

	for (i = 0; i < 2 && !found; i++) {
		if (l->received[i] == NULL && (l->received[i] = prep(l, sql[i],
		    l->err, sizeof(l->err))) == NULL)
			return -1;
		st = key_statement(l->received[i], table, org, key_digest);
		if (i == 0)
			bind_digest_hex(st, 3, key_digest);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			snprintf(received, 20, "%s", column_when(st, 0,
			    FORM_TIME, rb));
			snprintf(update_time, 20, "%s", column_when(st, 1,
			    FORM_TIME, ub));
			found = i + 1;
		} else if (rc != SQLITE_DONE) {
			sqlite3_reset(st);
			return dberr(l, l->err, sizeof(l->err), "read");
		}
		sqlite3_reset(st);
	}
	return found;
}

/* ---- the merge of the runs into the index */

/* Runs merged at once at the most, and the memory their reads share
 * (at least 4 KiB a run, with its blob handle: about 20 MiB for 2048).
 * Every pass past the first reads and writes the index again wherever
 * its keys fall, all of it: 2048 runs of 5000 keys, a 10M-row night of
 * a table in one pass (with 512, four: 18.4 s CPU instead of 12.4). */
#define MERGE_FANIN	2048
#define MERGE_BUDGET	(4 << 20)

struct run_meta {
	sqlite3_int64	 rowid;
	char		*table, *org, *received_at;
	int		 size;
};

/* A run being read: its blob in chunks, and its current key. */
struct run_cursor {
	const struct run_meta *m;
	sqlite3_blob	*blob;
	unsigned char	*buf;
	int		 cap, len, pos, off;
	const unsigned char *digest;
	uint64_t	 head;		/* the digest's first 8 bytes, in order */
	const char	*bd, *ut;
	int		 bdlen, utlen;
};

/* The order of the merge: the index's (the digest), then the versions
 * of a key by update_time (none first) and by when they were received,
 * so that the upsert keeps the latest, as the merge of keys_new did. */
static int
cursor_cmp(const struct run_cursor *a, const struct run_cursor *b)
{
	int n = a->utlen < b->utlen ? a->utlen : b->utlen;
	int c;

	/* the digests are random: their heads nearly always differ */
	if (a->head != b->head)
		return a->head < b->head ? -1 : 1;
	c = memcmp(a->digest, b->digest, SM3_LEN);
	if (c == 0 && (c = memcmp(a->ut, b->ut, (size_t)n)) == 0)
		c = (a->utlen > b->utlen) - (a->utlen < b->utlen);
	if (c == 0)
		c = strcmp(a->m->received_at, b->m->received_at);
	if (c == 0)
		c = (a->m->rowid > b->m->rowid) - (a->m->rowid < b->m->rowid);
	return c;
}

/* The next key of a run: 1, 0 at its end, -1 when it cannot be read. */
static int
cursor_next(struct run_cursor *c)
{
	const unsigned char *p;
	int left, n, avail, need;

	if (c->pos + RUN_KEY_MAX > c->len && c->off < c->m->size) {
		left = c->len - c->pos;
		memmove(c->buf, c->buf + c->pos, (size_t)left);
		n = c->cap - left;
		if (n > c->m->size - c->off)
			n = c->m->size - c->off;
		if (sqlite3_blob_read(c->blob, c->buf + left, n, c->off) !=
		    SQLITE_OK)
			return -1;
		c->off += n;
		c->len = left + n;
		c->pos = 0;
	}
	if (c->pos == c->len)
		return 0;
	p = c->buf + c->pos;
	avail = c->len - c->pos;
	if (avail < SM3_LEN + 2 || avail < SM3_LEN + 2 + p[SM3_LEN])
		return -1;
	c->bdlen = p[SM3_LEN];
	c->utlen = p[SM3_LEN + 1 + c->bdlen];
	need = SM3_LEN + 2 + c->bdlen + c->utlen;
	if (avail < need)
		return -1;
	c->digest = p;
	c->head = sm3_head64(p);
	c->bd = (const char *)p + SM3_LEN + 1;
	c->ut = (const char *)p + SM3_LEN + 2 + c->bdlen;
	c->pos += need;
	return 1;
}

static int
damaged(struct ledger *l, const struct run_cursor *c, char *err,
    size_t errlen)
{
	return seterr(err, errlen, "%s: keys_runs row %lld: cannot be read",
	    l->path, (long long)c->m->rowid);
}

/* Into the heap h with its first key, unless the run is empty. */
static int
cursor_first(struct ledger *l, struct run_cursor *c, struct run_cursor **h,
    size_t *nh, char *err, size_t errlen)
{
	switch (cursor_next(c)) {
	case 1:
		h[(*nh)++] = c;
		return 0;
	case 0:
		return 0;
	}
	return damaged(l, c, err, errlen);
}

/* The top of the heap to its next key, or out at its end. */
static int
cursor_step(struct ledger *l, struct run_cursor **h, size_t *nh, char *err,
    size_t errlen)
{
	switch (cursor_next(h[0])) {
	case 1:
		return 0;
	case 0:
		h[0] = h[--*nh];
		return 0;
	}
	return damaged(l, h[0], err, errlen);
}

static void
sift_down(struct run_cursor **h, size_t n, size_t i)
{
	struct run_cursor *t;
	size_t m;

	for (;;) {
		m = i;
		if (2 * i + 1 < n && cursor_cmp(h[2 * i + 1], h[m]) < 0)
			m = 2 * i + 1;
		if (2 * i + 2 < n && cursor_cmp(h[2 * i + 2], h[m]) < 0)
			m = 2 * i + 2;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/*
 * The top of the heap moved to its next key: the hole it leaves is sunk
 * to a leaf along the smaller children, a comparison a level, and the
 * top put back from there up; a random key belongs near the bottom, so
 * that this costs about half the comparisons of sift_down().
 */
static void
heap_replace_top(struct run_cursor **h, size_t n)
{
	struct run_cursor *t = h[0];
	size_t i = 0, c, p;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && cursor_cmp(h[c + 1], h[c]) < 0)
			c++;
		h[i] = h[c];
		i = c;
	}
	while (i > 0 && cursor_cmp(t, h[p = (i - 1) / 2]) < 0) {
		h[i] = h[p];
		i = p;
	}
	h[i] = t;
}

/*
 * The merge as one INSERT ... SELECT over the virtual table hdx_merged:
 * its rows are the keys of the runs merge_pass() opened (l->merging), in
 * the order of the merge, so that SQLite upserts them in one statement
 * instead of a step, a reset and the binding of each key.
 */
struct merging {
	struct ledger	*l;
	struct run_cursor **h;
	size_t		 nh;
	char		*err;		/* merge_pass()'s, for a damaged run */
	size_t		 errlen;
	int		 damaged;
};

struct merged_vtab {
	sqlite3_vtab	 base;
	struct ledger	*l;
};

struct merged_cursor {
	sqlite3_vtab_cursor base;
	struct merging	*g;
};

static int
merged_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
    sqlite3_vtab **vt, char **msg)
{
	struct merged_vtab *v;
	int rc;

	(void)argc;
	(void)argv;
	(void)msg;
	if ((rc = sqlite3_declare_vtab(db, "CREATE TABLE x(digest, "
	    "business_date, update_time, received_at)")) != SQLITE_OK)
		return rc;
	if ((v = sqlite3_malloc(sizeof(*v))) == NULL)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof(*v));
	v->l = aux;
	*vt = &v->base;
	return SQLITE_OK;
}

static int
merged_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

static int
merged_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	(void)vt;
	info->estimatedCost = 1e6;
	return SQLITE_OK;
}

static int
merged_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **cur)
{
	struct merged_cursor *c;
	struct ledger *l = ((struct merged_vtab *)vt)->l;

	/* read by merge_pass()'s statement only */
	if (l->merging == NULL)
		return SQLITE_MISUSE;
	if ((c = sqlite3_malloc(sizeof(*c))) == NULL)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	c->g = l->merging;
	*cur = &c->base;
	return SQLITE_OK;
}

static int
merged_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

/* The heap is made: its top is the first row. */
static int
merged_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr,
    int argc, sqlite3_value **argv)
{
	(void)cur;
	(void)idx;
	(void)idxstr;
	(void)argc;
	(void)argv;
	return SQLITE_OK;
}

static int
merged_next(sqlite3_vtab_cursor *cur)
{
	struct merging *g = ((struct merged_cursor *)cur)->g;

	if (cursor_step(g->l, g->h, &g->nh, g->err, g->errlen) == -1) {
		g->damaged = 1;
		return SQLITE_ERROR;
	}
	heap_replace_top(g->h, g->nh);
	return SQLITE_OK;
}

static int
merged_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct merged_cursor *)cur)->g->nh == 0;
}

/* A date or time of a run (n bytes, 0: none) as key_index holds it. */
static void
result_when(sqlite3_context *cx, const char *s, size_t n, const char *form)
{
	sqlite3_int64 v;

	if (n == 0)
		sqlite3_result_null(cx);
	else if (pack_form(s, n, form, &v))
		sqlite3_result_int64(cx, v);
	else
		sqlite3_result_text(cx, s, (int)n, SQLITE_TRANSIENT);
}

static int
merged_column(sqlite3_vtab_cursor *cur, sqlite3_context *cx, int i)
{
	const struct run_cursor *c = ((struct merged_cursor *)cur)->g->h[0];

	switch (i) {
	case 0:
		sqlite3_result_blob(cx, c->digest, SM3_LEN, SQLITE_TRANSIENT);
		break;
	case 1:
		result_when(cx, c->bd, (size_t)c->bdlen, FORM_DATE);
		break;
	case 2:
		result_when(cx, c->ut, (size_t)c->utlen, FORM_TIME);
		break;
	default:	/* the run's */
		result_when(cx, c->m->received_at, strlen(c->m->received_at),
		    FORM_TIME);
	}
	return SQLITE_OK;
}

static int
merged_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	(void)cur;
	*rowid = 0;
	return SQLITE_OK;
}

/* Eponymous only (no xCreate): the table hdx_merged exists as such. */
static const sqlite3_module merged_module = {
	.xConnect = merged_connect,
	.xBestIndex = merged_best_index,
	.xDisconnect = merged_disconnect,
	.xDestroy = merged_disconnect,
	.xOpen = merged_open,
	.xClose = merged_close,
	.xFilter = merged_filter,
	.xNext = merged_next,
	.xEof = merged_eof,
	.xColumn = merged_column,
	.xRowid = merged_rowid,
};

/* The scope of table and org, made when it has none. */
static int
scope_of(struct ledger *l, const char *table, const char *org,
    sqlite3_int64 *scope, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = prep(l, "INSERT INTO key_scopes (table_name, org_code) "
	    "VALUES (?, ?) ON CONFLICT DO NOTHING", err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	if (run(l, st, err, errlen) == -1 || (st = prep(l, "SELECT " SCOPE_OF,
	    err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	rc = sqlite3_step(st);
	*scope = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : dberr(l, err, errlen, "read");
}

/* Merges n runs of one table and org into the index, in its order. */
static int
merge_pass(struct ledger *l, sqlite3_stmt *st, const struct run_meta *m,
    size_t n, char *err, size_t errlen)
{
	struct run_cursor *c = xcalloc(n, sizeof(*c)), **h;
	struct merging g;
	sqlite3_int64 scope = 0;
	size_t i, nh = 0;
	int cap = MERGE_BUDGET / (int)n, rc;

	cap = cap < 4096 ? 4096 : cap > 65536 ? 65536 : cap;
	h = xcalloc(n, sizeof(*h));
	rc = scope_of(l, m[0].table, m[0].org, &scope, err, errlen);
	sqlite3_bind_int64(st, 1, scope);
	for (i = 0; i < n && rc == 0; i++) {
		c[i].m = &m[i];
		c[i].cap = cap;
		c[i].buf = xmalloc((size_t)cap);
		if (sqlite3_blob_open(l->db, "main", "keys_runs", "packed",
		    m[i].rowid, 0, &c[i].blob) != SQLITE_OK)
			rc = dberr(l, err, errlen, "read of the keys");
		else
			rc = cursor_first(l, &c[i], h, &nh, err, errlen);
	}
	for (i = nh / 2; i-- > 0;)
		sift_down(h, nh, i);
	if (rc == 0 && nh > 0) {
		g = (struct merging){ l, h, nh, err, errlen, 0 };
		l->merging = &g;
		if (sqlite3_step(st) != SQLITE_DONE && !g.damaged)
			rc = dberr(l, err, errlen, "merge of the keys");
		else if (g.damaged)
			rc = -1;
		sqlite3_reset(st);
		l->merging = NULL;
	}
	for (i = 0; i < n; i++) {
		sqlite3_blob_close(c[i].blob);
		free(c[i].buf);
	}
	free(h);
	free(c);
	return rc;
}

static int
merge_runs(struct ledger *l, char *err, size_t errlen)
{
	struct run_meta *m = NULL;
	sqlite3_stmt *st, *up = NULL;
	size_t n = 0, i, j;
	int s, rc = 0;

	if ((st = prep(l, "SELECT rowid, table_name, org_code, received_at, "
	    "length(packed) FROM keys_runs ORDER BY table_name, org_code, "
	    "rowid", err, errlen)) == NULL)
		return -1;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		m = xreallocarray(m, n + 1, sizeof(*m));
		m[n].rowid = sqlite3_column_int64(st, 0);
		m[n].table = xstrdup((const char *)sqlite3_column_text(st, 1));
		m[n].org = xstrdup((const char *)sqlite3_column_text(st, 2));
		m[n].received_at = xstrdup((const char *)
		    sqlite3_column_text(st, 3));
		m[n].size = sqlite3_column_int(st, 4);
		n++;
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		rc = dberr(l, err, errlen, "read");
	if (rc == 0 && (up = prep(l, "INSERT INTO key_index (scope, digest, "
	    "business_date, update_time, received_at) SELECT ?, digest, "
	    "business_date, update_time, received_at FROM hdx_merged WHERE "
	    "true " KEY_UPSERT, err, errlen)) == NULL)
		rc = -1;
	/* the runs of a table and org, MERGE_FANIN at a time */
	for (i = 0; i < n && rc == 0; i = j) {
		for (j = i + 1; j < n && j - i < MERGE_FANIN &&
		    strcmp(m[j].table, m[i].table) == 0 &&
		    strcmp(m[j].org, m[i].org) == 0; j++)
			continue;
		rc = merge_pass(l, up, m + i, j - i, err, errlen);
	}
	sqlite3_finalize(up);
	for (i = 0; i < n; i++) {
		free(m[i].table);
		free(m[i].org);
		free(m[i].received_at);
	}
	free(m);
	return rc;
}

/* 1 when table has a row, 0 when not, -1 on error. */
static int
has_rows(struct ledger *l, const char *table, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char *sql = xasprintf("SELECT 1 FROM %s LIMIT 1", table);
	int rc;

	st = prep(l, sql, err, errlen);
	free(sql);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(l, err, errlen, "read");
	return rc == SQLITE_ROW;
}

int
ledger_keys_merge(struct ledger *l, char *err, size_t errlen)
{
	/* the keys an earlier version left, a row each */
	static const char legacy[] =
	    "INSERT INTO key_scopes (table_name, org_code) SELECT DISTINCT "
	    "table_name, org_code FROM keys_new WHERE true ON CONFLICT DO "
	    "NOTHING;"
	    "INSERT INTO key_index (scope, digest, business_date, update_time, "
	    "received_at) SELECT s.scope, hdx_digest(n.key_sm3), "
	    "hdx_when(n.business_date, '" FORM_DATE "'), hdx_when("
	    "n.update_time, '" FORM_TIME "'), hdx_when(n.received_at, '"
	    FORM_TIME "') FROM keys_new n JOIN key_scopes s "
	    "USING (table_name, org_code) WHERE true ORDER BY n.table_name, "
	    "n.org_code, n.key_sm3, n.update_time, n.received_at " KEY_UPSERT
	    ";"
	    "PRAGMA secure_delete = OFF;"
	    "DELETE FROM keys_new;"
	    "PRAGMA secure_delete = ON;";
	/* digests only: no need to overwrite what is deleted */
	static const char done[] =
	    "PRAGMA secure_delete = OFF;"
	    "DELETE FROM keys_runs;"
	    "PRAGMA secure_delete = ON;";
	int old, runs, rc = 0;

	if ((old = has_rows(l, "keys_new", err, errlen)) == -1 ||
	    (runs = has_rows(l, "keys_runs", err, errlen)) == -1)
		return -1;
	if (!old && !runs)
		return 0;
	if (ledger_begin(l, err, errlen) == -1)
		return -1;
	if (old && sqlite3_exec(l->db, legacy, NULL, NULL, NULL) != SQLITE_OK)
		rc = dberr(l, err, errlen, "merge of the keys");
	if (rc == 0 && runs && (merge_runs(l, err, errlen) == -1 ||
	    (sqlite3_exec(l->db, done, NULL, NULL, NULL) != SQLITE_OK &&
	    dberr(l, err, errlen, "merge of the keys"))))
		rc = -1;
	if (rc == -1) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return ledger_commit(l, err, errlen);
}

/* ledger_key_known()'s statement, reset, with table and org bound. */
static sqlite3_stmt *
known_statement(struct ledger *l, const char *table, const char *org)
{
	/* asked once per record by hdx-check: prepared once, then reset */
	if (l->known == NULL && (l->known = prep(l, "SELECT update_time FROM "
	    "key_index WHERE scope = " SCOPE_OF " AND digest = ?", l->err,
	    sizeof(l->err))) == NULL)
		return NULL;
	sqlite3_reset(l->known);
	sqlite3_clear_bindings(l->known);
	bind_text(l->known, 1, table);
	bind_text(l->known, 2, org);
	return l->known;
}

/* update_time against the version held, in the order of their text. */
static int
cmp_held(sqlite3_stmt *st, const char *update_time)
{
	sqlite3_int64 have, want;
	char buf[32];

	if (sqlite3_column_type(st, 0) == SQLITE_INTEGER &&
	    pack_form(update_time, strlen(update_time), FORM_TIME, &want)) {
		have = sqlite3_column_int64(st, 0);
		return (have > want) - (have < want);
	}
	return strcmp(column_when(st, 0, FORM_TIME, buf), update_time);
}

/* The answer of ledger_key_known*(), its key bound. */
static int
known_step(struct ledger *l, sqlite3_stmt *st, const char *update_time)
{
	int rc, c, known = LEDGER_KEY_UNKNOWN;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		known = LEDGER_KEY_SAME;
		if (update_time && *update_time) {
			c = cmp_held(st, update_time);
			known = c == 0 ? LEDGER_KEY_SAME : c < 0 ?
			    LEDGER_KEY_OLDER : LEDGER_KEY_NEWER;
		}
	} else if (rc != SQLITE_DONE)
		known = dberr(l, l->err, sizeof(l->err), "read");
	sqlite3_reset(st);
	return known;
}

int
ledger_key_known(struct ledger *l, const char *table, const char *org,
    const char *key_digest, const char *update_time)
{
	sqlite3_stmt *st;

	if ((st = known_statement(l, table, org)) == NULL)
		return -1;
	bind_digest_hex(st, 3, key_digest);
	return known_step(l, st, update_time);
}

int
ledger_key_known_digest(struct ledger *l, const char *table,
    const char *org, const unsigned char digest[SM3_LEN],
    const char *update_time)
{
	sqlite3_stmt *st;

	if ((st = known_statement(l, table, org)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 3, digest, SM3_LEN, SQLITE_STATIC);
	return known_step(l, st, update_time);
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

	if ((st = prep(l, "SELECT count(*) FROM key_index WHERE scope = "
	    SCOPE_OF " AND business_date = ?", err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	bind_when(st, 3, date, date ? strlen(date) : 0, FORM_DATE);
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
ledger_key_each(struct ledger *l, const char *table, const char *org,
    ledger_key_fn *fn, void *arg, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int s = SQLITE_DONE, rc = 0;

	struct ledger_keyver k;

	/* the primary key's order: a walk of its index, no sort */
	if ((st = prep(l, "SELECT digest, update_time FROM key_index WHERE "
	    "scope = " SCOPE_OF " ORDER BY digest", err, errlen)) == NULL)
		return -1;
	bind_text(st, 1, table);
	bind_text(st, 2, org);
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		/* a text of an older ledger is no digest: nothing asks it */
		if (sqlite3_column_type(st, 0) != SQLITE_BLOB ||
		    sqlite3_column_bytes(st, 0) != SM3_LEN)
			continue;
		k.digest = sqlite3_column_blob(st, 0);
		k.text = NULL;
		k.len = 0;
		switch (sqlite3_column_type(st, 1)) {
		case SQLITE_NULL:
			k.upd = LEDGER_UPD_NONE;
			break;
		case SQLITE_INTEGER:
			k.upd = sqlite3_column_int64(st, 1);
			break;
		default:	/* as a blob: a text would be copied */
			k.upd = LEDGER_UPD_TEXT;
			k.text = sqlite3_column_blob(st, 1);
			k.len = (size_t)sqlite3_column_bytes(st, 1);
		}
		rc = fn(arg, &k);
	}
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
