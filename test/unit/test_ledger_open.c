/*
 * test_ledger_open.c - a ledger made by ledger_open() (lib/ledger.c):
 * it appears whole, in WAL mode and 0600, and the stages of a pipe that
 * open it together on a site's first run (readers holding it through
 * their run, and the writer) all get through.
 */
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ledger.h"
#include "unit.h"
#include "util.h"

#define ROUNDS	40	/* fresh ledgers opened by a pipe's worth at once */
#define READERS	3

UNIT_SCRATCH("/tmp/test_ledger_open.XXXXXX")

START_TEST(test_created_whole)
{
	char err[512], *path = path_join(dir, "ledger.db"), *got;
	unsigned char hdr[20];
	struct ledger *l;
	struct stat sb;
	sqlite3 *db;
	sqlite3_stmt *st;
	FILE *fp;

	l = ledger_open(dir, err, sizeof(err));
	ck_assert_msg(l != NULL, "%s", err);
	ledger_close(l);
	/* no temporary left beside it, and SQLite's -wal and -shm gone */
	got = unit_listing(dir);
	ck_assert_str_eq(got, "ledger.db\n");
	free(got);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	/* the file format's read and write versions: 2, WAL */
	ck_assert_ptr_nonnull(fp = fopen(path, "rb"));
	ck_assert_uint_eq(fread(hdr, 1, sizeof(hdr), fp), sizeof(hdr));
	fclose(fp);
	ck_assert_int_eq(hdr[18], 2);
	ck_assert_int_eq(hdr[19], 2);
	/* and the schema is there for a reader that opens it read-only */
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM "
	    "sqlite_master WHERE name IN ('batches', 'outbox', 'key_index', "
	    "'key_scopes')", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 4);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(path);
}
END_TEST

/* A reader as hdx-check and hdx-extract are: open the ledger when it
 * exists and hold a read transaction a while. */
static int
reader(void)
{
	char err[512], *path = path_join(dir, "ledger.db");
	struct ledger *l;
	int found = access(path, F_OK) == 0;

	free(path);
	if (!found)
		return 0;
	if ((l = ledger_open(dir, err, sizeof(err))) == NULL ||
	    ledger_reading(l, err, sizeof(err)) == -1) {
		fprintf(stderr, "reader: %s\n", err);
		return 1;
	}
	usleep(20000);
	ledger_close(l);
	return 0;
}

/* The writer, hdx-upload: a batch recorded in a transaction. */
static int
writer(void)
{
	struct ledger_batch b = { 0 };
	char err[512];
	struct ledger *l;

	b.id = "124115004170483179-lab_result-20261028-3d055a530982";
	b.table = "lab_result";
	b.org = "124115004170483179";
	b.records = 5000;
	b.channel = "frontdb";
	b.status = LEDGER_DELIVERED;
	if ((l = ledger_open(dir, err, sizeof(err))) == NULL ||
	    ledger_begin(l, err, sizeof(err)) == -1 ||
	    ledger_batch_record(l, &b, err, sizeof(err)) == -1 ||
	    ledger_commit(l, err, sizeof(err)) == -1) {
		fprintf(stderr, "writer: %s\n", err);
		return 1;
	}
	ledger_close(l);
	return 0;
}

START_TEST(test_pipe_first_run)
{
	int round, i, go[2], st;
	pid_t pid[READERS + 1];
	char *db = path_join(dir, "ledger.db"), *cmd;

	for (round = 0; round < ROUNDS; round++) {
		cmd = xasprintf("rm -f '%s'*", db);
		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
		ck_assert_int_eq(pipe(go), 0);
		for (i = 0; i <= READERS; i++) {
			ck_assert_int_ne(pid[i] = fork(), -1);
			if (pid[i] == 0) {
				char c;

				close(go[1]);
				/* all at once: the pipe's end closed */
				(void)read(go[0], &c, 1);
				/* a writer blocked for good fails the test */
				alarm(20);
				_exit(i == 0 ? writer() : reader());
			}
		}
		close(go[0]);
		close(go[1]);
		for (i = 0; i <= READERS; i++) {
			ck_assert_int_eq(waitpid(pid[i], &st, 0), pid[i]);
			ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
			    "round %d: %s %d ended with status %#x", round,
			    i == 0 ? "the writer" : "reader", i, st);
		}
	}
	free(db);
}
END_TEST

static Suite *
ledger_open_suite(void)
{
	Suite *s = suite_create("ledger_open");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_created_whole);
	tcase_add_test(tc, test_pipe_first_run);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ledger_open_suite)
