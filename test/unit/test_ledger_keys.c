/*
 * test_ledger_keys.c - the write side of the ledger's key index: keys put
 * in a transaction are one run (a row of keys_runs) when it commits, and
 * ledger_keys_merge() merges the runs into keys, the latest update_time of
 * a key winning, as the merge of a row per key (keys_new, which a ledger of
 * an earlier version may hold) did. Checked against keys itself, in SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ledger.h"
#include "sm.h"
#include "unit.h"
#include "util.h"

static char dir[] = "/tmp/test_ledger_keys.XXXXXX";
static char *dbpath;
static struct ledger *l;
static char err[512];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	dbpath = path_join(dir, "ledger.db");
	l = ledger_open(dir, err, sizeof(err));
	ck_assert_msg(l != NULL, "%s", err);
}

static void
teardown(void)
{
	char *cmd;

	ledger_close(l);
	cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(dbpath);
	strcpy(dir, "/tmp/test_ledger_keys.XXXXXX");
}

/* A digest that is a function of i (its bytes spread: not in order). */
static void
digest_of(unsigned i, unsigned char d[SM3_LEN])
{
	char s[32], hex[SM3_HEXLEN + 1];

	snprintf(s, sizeof(s), "key %u", i);
	ck_assert_int_eq(sm3_hex(s, strlen(s), hex, err, sizeof(err)), 0);
	ck_assert_int_eq(hex_decode(d, SM3_LEN, hex), 0);
}

static void
add(const char *table, unsigned i, const char *bd, const char *ut)
{
	unsigned char d[SM3_LEN];

	digest_of(i, d);
	ck_assert_msg(ledger_key_add(l, table, "ORG", d, bd, ut, err,
	    sizeof(err)) == 0, "%s", err);
}

static void
begin(void)
{
	ck_assert_msg(ledger_begin(l, err, sizeof(err)) == 0, "%s", err);
}

static void
commit(void)
{
	ck_assert_msg(ledger_commit(l, err, sizeof(err)) == 0, "%s", err);
}

static void
merge(void)
{
	ck_assert_msg(ledger_keys_merge(l, err, sizeof(err)) == 0, "%s", err);
}

/* The first column of the first row of sql, as text ("" for NULL). */
static char *
query(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	const unsigned char *v;
	char *out;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_text(st, 0);
	out = xstrdup(v ? (const char *)v : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static void
expect(const char *sql, const char *want)
{
	char *got = query(sql);

	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s', expected '%s'",
	    sql, got, want);
	free(got);
}

/* The update_time the index holds for key i of table t. */
static void
expect_ut(const char *t, unsigned i, const char *want)
{
	unsigned char d[SM3_LEN];
	char hex[SM3_HEXLEN + 1], *sql;

	digest_of(i, d);
	hex_encode(hex, d, SM3_LEN);
	sql = xasprintf("SELECT coalesce(update_time, 'NULL') || ' ' || "
	    "coalesce(business_date, 'NULL') FROM keys WHERE table_name = '%s' "
	    "AND org_code = 'ORG' AND key_sm3 = '%s'", t, hex);
	expect(sql, want);
	free(sql);
}

START_TEST(test_run_per_transaction)
{
	char *key;
	unsigned i;

	begin();
	for (i = 0; i < 100; i++)
		add("t", i, "2026-10-01", "2026-10-01 08:00:00");
	/* nothing is written before the commit */
	expect("SELECT count(*) FROM keys_runs", "0");
	commit();
	expect("SELECT count(*) || ' ' || sum(nkeys) FROM keys_runs", "1 100");
	begin();
	for (i = 100; i < 150; i++)
		add("t", i, "2026-10-02", "2026-10-02 08:00:00");
	commit();
	expect("SELECT count(*) FROM keys", "0");
	merge();
	expect("SELECT count(*) FROM keys", "150");
	expect("SELECT count(*) FROM keys_runs", "0");
	expect("SELECT count(*) FROM keys WHERE received_at IS NULL", "0");
	expect_ut("t", 7, "2026-10-01 08:00:00 2026-10-01");
	expect_ut("t", 120, "2026-10-02 08:00:00 2026-10-02");
	key = query("SELECT key_sm3 FROM keys LIMIT 1");
	ck_assert_int_eq(ledger_key_known(l, "t", "ORG", key, NULL),
	    LEDGER_KEY_SAME);
	free(key);
}
END_TEST

/* The later update_time wins whatever the order of the runs; a version
 * without one never replaces one with it; a later equal one does. */
START_TEST(test_latest_wins)
{
	begin();
	add("t", 1, "2026-10-03", "2026-10-03 09:00:00");
	add("t", 2, "2026-10-01", "2026-10-01 09:00:00");
	add("t", 3, "2026-10-01", NULL);
	add("t", 4, NULL, NULL);
	commit();
	begin();
	add("t", 1, "2026-10-02", "2026-10-02 09:00:00");	/* older */
	add("t", 2, "2026-10-05", "2026-10-05 09:00:00");	/* newer */
	add("t", 3, "2026-10-04", "2026-10-04 09:00:00");	/* one at last */
	add("t", 4, "2026-10-06", "");				/* still none */
	/* twice in one run: the later of the two */
	add("t", 5, "2026-10-07", "2026-10-07 09:00:00");
	add("t", 5, "2026-10-06", "2026-10-06 09:00:00");
	commit();
	merge();
	expect_ut("t", 1, "2026-10-03 09:00:00 2026-10-03");
	expect_ut("t", 2, "2026-10-05 09:00:00 2026-10-05");
	expect_ut("t", 3, "2026-10-04 09:00:00 2026-10-04");
	expect_ut("t", 4, "NULL 2026-10-06");
	expect_ut("t", 5, "2026-10-07 09:00:00 2026-10-07");
	/* a later night's merge against the index */
	begin();
	add("t", 1, "2026-10-08", "2026-10-08 09:00:00");
	add("t", 2, "2026-10-01", "2026-10-01 09:00:00");
	commit();
	merge();
	expect_ut("t", 1, "2026-10-08 09:00:00 2026-10-08");
	expect_ut("t", 2, "2026-10-05 09:00:00 2026-10-05");
	expect("SELECT count(*) FROM keys", "5");
}
END_TEST

/* Tables and orgs apart; a key put outside a transaction is written at
 * once; the hex form of the digest is the same key. */
START_TEST(test_tables_and_autocommit)
{
	unsigned char d[SM3_LEN];
	char hex[SM3_HEXLEN + 1];

	begin();
	add("a", 1, "2026-10-01", "2026-10-01 00:00:01");
	add("b", 1, "2026-10-01", "2026-10-01 00:00:02");
	add("a", 2, "2026-10-01", "2026-10-01 00:00:03");
	commit();
	expect("SELECT count(*) FROM keys_runs", "3");
	add("a", 3, "2026-10-01", "2026-10-01 00:00:04");
	expect("SELECT count(*) FROM keys_runs", "4");
	digest_of(4, d);
	hex_encode(hex, d, SM3_LEN);
	ck_assert_int_eq(ledger_key_put(l, "b", "ORG", hex, "2026-10-01",
	    "2026-10-01 00:00:05", err, sizeof(err)), 0);
	ck_assert_int_eq(ledger_key_put(l, "b", "ORG", "nothex", NULL, NULL,
	    err, sizeof(err)), -1);
	merge();
	expect("SELECT group_concat(table_name || count, ' ') FROM (SELECT "
	    "table_name, count(*) AS count FROM keys GROUP BY table_name "
	    "ORDER BY table_name)", "a3 b2");
	expect_ut("b", 1, "2026-10-01 00:00:02 2026-10-01");
	expect_ut("b", 4, "2026-10-01 00:00:05 2026-10-01");
}
END_TEST

/* More runs than one pass merges (2048), and runs larger than a read of
 * one: every key once, the latest of each, across the passes too. */
START_TEST(test_many_runs)
{
	char ut[32];
	unsigned i, j;

	for (i = 0; i < 2100; i++) {
		begin();
		for (j = 0; j < 3; j++) {
			snprintf(ut, sizeof(ut), "2026-10-01 00:%02u:%02u",
			    i / 60 % 60, i % 60);
			add("t", i * 2 + j, "2026-10-01", ut);
		}
		commit();
	}
	begin();
	for (i = 0; i < 30000; i++)
		add("t", 5000 + i, "2026-10-02", "2026-10-02 00:00:00");
	commit();
	merge();
	/* keys 0..4200: key k came in runs k / 2 and (k - 1) / 2 */
	expect("SELECT count(*) FROM keys", "34201");
	expect_ut("t", 3, "2026-10-01 00:00:01 2026-10-01");
	expect_ut("t", 1399, "2026-10-01 00:11:39 2026-10-01");
	/* in runs 2047 and 2048, the first and the second pass */
	expect_ut("t", 4096, "2026-10-01 00:34:08 2026-10-01");
	expect_ut("t", 4200, "2026-10-01 00:34:59 2026-10-01");
	expect_ut("t", 20000, "2026-10-02 00:00:00 2026-10-02");
}
END_TEST

/* Runs sql on the database of the ledger, closed, as an earlier
 * version would have left it, and opens the ledger again. */
static void
exec_and_open(const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
	    "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	l = ledger_open(dir, err, sizeof(err));
	ck_assert_msg(l != NULL, "%s", err);
}

/* The keys a ledger of the earlier version left a row each in keys_new
 * are merged when the ledger is opened, with the runs. */
START_TEST(test_legacy_rows)
{
	unsigned char d[SM3_LEN];
	char hex[SM3_HEXLEN + 1], *sql;

	begin();
	add("t", 1, "2026-10-01", "2026-10-01 00:00:00");
	commit();
	ledger_close(l);
	digest_of(1, d);
	hex_encode(hex, d, SM3_LEN);
	sql = xasprintf("INSERT INTO keys_new VALUES ('t', 'ORG', '%s', "
	    "'2026-10-09', '2026-10-09 00:00:00', '2026-10-10 00:00:00');"
	    "INSERT INTO keys_new VALUES ('t', 'ORG', 'ab', NULL, NULL, "
	    "'2026-10-10 00:00:00');", hex);
	exec_and_open(sql);
	free(sql);
	expect("SELECT count(*) FROM keys", "2");
	expect("SELECT count(*) FROM keys_new", "0");
	expect("SELECT count(*) FROM keys_runs", "0");
	expect_ut("t", 1, "2026-10-09 00:00:00 2026-10-09");
}
END_TEST

/* A ledger of an earlier version, its keys a text table, made in SQL:
 * 3000 keys in 3 scopes, and the odd ones (no update_time, no business
 * date, other texts, a key that is no digest of ours). */
static const char old_ledger[] =
    "CREATE TABLE keys (table_name TEXT NOT NULL, org_code TEXT NOT NULL,"
    " key_sm3 TEXT NOT NULL, business_date TEXT, update_time TEXT,"
    " PRIMARY KEY (table_name, org_code, key_sm3)) WITHOUT ROWID;"
    "%s"
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
    " WHERE i < 2999) INSERT INTO keys SELECT CASE i %% 3 WHEN 2 THEN 'b'"
    " ELSE 'a' END, CASE i %% 3 WHEN 1 THEN 'ORG2' ELSE 'ORG' END,"
    " printf('%%064x', i * 2654435761), printf('2026-10-%%02d', i %% 28 + 1),"
    " printf('2026-10-%%02d %%02d:%%02d:00', i %% 28 + 1, i %% 24, i %% 60)"
    "%s FROM n;"
    "INSERT INTO keys VALUES ('a', 'ORG', 'ab', NULL, NULL%s),"
    " ('a', 'ORG', '%s', '20261001', '2026-10-01T08:00:00'%s),"
    " ('b', 'ORG', 'AB', '', ''%s);"
    "CREATE TABLE keys_then AS SELECT * FROM keys;";

/* Opens an old ledger (with received_at or not): every key is known as
 * it was, exact counts, the view keys the same rows as the table. */
static void
migrate(int with_received)
{
	const char *ra = with_received ? ", '2026-10-30 01:02:03'" : "";
	const char *cols = with_received ? "*" : "table_name, org_code, "
	    "key_sm3, business_date, update_time";
	unsigned char d[SM3_LEN];
	char hex[SM3_HEXLEN + 1], *sql, *rm;
	long n;

	ledger_close(l);
	rm = xasprintf("rm -f '%s'*", dbpath);
	ck_assert_int_eq(system(rm), 0);
	free(rm);
	digest_of(1, d);
	hex_encode(hex, d, SM3_LEN);
	sql = xasprintf(old_ledger, with_received ? "ALTER TABLE keys ADD "
	    "COLUMN received_at TEXT;" : "", ra, ra, hex, ra, ra);
	exec_and_open(sql);
	free(sql);
	expect("SELECT type FROM sqlite_master WHERE name = 'keys'", "view");
	expect("SELECT count(*) FROM key_index", "3003");
	expect("SELECT count(*) FROM key_scopes", "3");
	expect("SELECT count(*) FROM keys", "3003");
	expect("SELECT count(*) FROM key_index WHERE typeof(digest) = 'blob'",
	    "3001");
	expect("SELECT count(*) FROM key_index WHERE typeof(update_time) = "
	    "'integer' AND typeof(business_date) = 'integer'", "3000");
	/* the rows as they were, both ways */
	sql = xasprintf("SELECT (SELECT count(*) FROM (SELECT %s FROM keys "
	    "EXCEPT SELECT * FROM keys_then)) + (SELECT count(*) FROM (SELECT * "
	    "FROM keys_then EXCEPT SELECT %s FROM keys))", cols, cols);
	expect(sql, "0");
	free(sql);
	expect(with_received ? "SELECT count(*) FROM keys WHERE received_at = "
	    "'2026-10-30 01:02:03'" : "SELECT count(*) FROM keys WHERE "
	    "received_at IS NULL", "3003");
	/* every key known, as it was delivered */
	expect("SELECT count(*) FROM keys_then", "3003");
	ck_assert_int_eq(ledger_key_known(l, "a", "ORG", hex,
	    "2026-10-01T08:00:00"), LEDGER_KEY_SAME);
	ck_assert_int_eq(ledger_key_known(l, "a", "ORG", hex,
	    "2026-10-01 08:00:00"), LEDGER_KEY_NEWER);
	ck_assert_int_eq(ledger_key_known(l, "a", "ORG", "ab", NULL),
	    LEDGER_KEY_SAME);
	ck_assert_int_eq(ledger_key_known(l, "b", "ORG", "AB", "x"),
	    LEDGER_KEY_OLDER);
	ck_assert_int_eq(ledger_key_known(l, "b", "ORG", "ab", NULL),
	    LEDGER_KEY_UNKNOWN);
	ck_assert_int_eq(ledger_key_count(l, "a", "ORG", "2026-10-01", &n, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(n, 36);	/* i = 0 mod 3 and mod 28: 36 */
	ck_assert_int_eq(ledger_key_count(l, "a", "ORG", "20261001", &n, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(n, 1);
}

/* Each key of the old table, asked through the API with its own
 * update_time: all 3003 the same version, none newer or older. */
static void
all_known(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long same = 0, rows = 0;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT table_name, org_code, "
	    "key_sm3, update_time FROM keys_then", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		rows++;
		same += ledger_key_known(l, (const char *)
		    sqlite3_column_text(st, 0), (const char *)
		    sqlite3_column_text(st, 1), (const char *)
		    sqlite3_column_text(st, 2), (const char *)
		    sqlite3_column_text(st, 3)) == LEDGER_KEY_SAME;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	ck_assert_int_eq(rows, 3003);
	ck_assert_int_eq(same, 3003);
}

START_TEST(test_migrate)
{
	migrate(1);
	all_known();
	/* opened again: nothing more to do, the same */
	ledger_close(l);
	l = ledger_open(dir, err, sizeof(err));
	ck_assert_msg(l != NULL, "%s", err);
	expect("SELECT count(*) FROM key_index", "3003");
	all_known();
}
END_TEST

START_TEST(test_migrate_no_received)
{
	migrate(0);
	all_known();
}
END_TEST

static Suite *
ledger_keys_suite(void)
{
	Suite *s = suite_create("ledger_keys");
	TCase *tc = tcase_create("ledger_keys");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_run_per_transaction);
	tcase_add_test(tc, test_latest_wins);
	tcase_add_test(tc, test_tables_and_autocommit);
	tcase_add_test(tc, test_many_runs);
	tcase_add_test(tc, test_legacy_rows);
	tcase_add_test(tc, test_migrate);
	tcase_add_test(tc, test_migrate_no_received);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ledger_keys_suite)
