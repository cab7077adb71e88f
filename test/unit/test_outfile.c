/*
 * test_outfile.c - lib/outfile.c: what a writer leaves when it commits,
 * discards, or exits before either, on standard output (a pipe), on a
 * FIFO and on a regular file. Each writer is a child process, for its
 * exit handler.
 */
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "outfile.h"
#include "util.h"

#define DATA	"a,b\n1,2\n"

enum end { COMMIT, DISCARD, EXIT };

UNIT_SCRATCH("/tmp/test_outfile.XXXXXX")

/* The child: DATA to path ("-": stdout), then the end; exits 0 or 3. */
static void
writer(const char *path, enum end end)
{
	struct outfile *of;
	char err[256];

	if ((of = outfile_open(path, err, sizeof(err))) == NULL)
		_exit(10);
	if (fputs(DATA, outfile_fp(of)) == EOF)
		_exit(11);
	switch (end) {
	case COMMIT:
		exit(outfile_commit(of, err, sizeof(err)) == 0 ? 0 : 12);
	case DISCARD:
		outfile_discard(of);
		exit(3);
	case EXIT:
		/* as errx(3) does, the output open */
		exit(3);
	}
}

/* Everything fd gives until its end (owned, NUL-terminated). */
static char *
slurp(int fd)
{
	struct buf b;
	char chunk[512];
	ssize_t n;

	buf_init(&b);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	ck_assert_int_eq(n, 0);
	buf_addc(&b, '\0');
	return b.data;
}

static int
reap(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* What a writer to stdout, a pipe, leaves the reader; its status in *st. */
static char *
through_pipe(enum end end, int *st)
{
	int p[2];
	pid_t pid;
	char *got;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		close(p[0]);
		if (dup2(p[1], STDOUT_FILENO) == -1)
			_exit(13);
		close(p[1]);
		writer("-", end);
	}
	close(p[1]);
	got = slurp(p[0]);
	close(p[0]);
	*st = reap(pid);
	return got;
}

/* A writer to stdout, a pipe, ending so, leaves the reader want. */
static void
assert_through_pipe(enum end end, int status, const char *want)
{
	int st;
	char *got = through_pipe(end, &st);

	ck_assert_int_eq(st, status);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_stdout_commit)
{
	assert_through_pipe(COMMIT, 0, DATA);
}
END_TEST

START_TEST(test_stdout_exit_cut)
{
	assert_through_pipe(EXIT, 3, DATA OUTFILE_CUT);
}
END_TEST

START_TEST(test_stdout_discard_cut)
{
	/* once: discarded, the stream is no longer the exit handler's */
	assert_through_pipe(DISCARD, 3, DATA OUTFILE_CUT);
}
END_TEST

START_TEST(test_fifo_exit_cut)
{
	char *fifo = path_join(dir, "out.fifo"), *got;
	pid_t pid;
	int fd;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0)
		writer(fifo, EXIT);
	ck_assert_int_ne(fd = open(fifo, O_RDONLY), -1);
	got = slurp(fd);
	close(fd);
	ck_assert_int_eq(reap(pid), 3);
	ck_assert_str_eq(got, DATA OUTFILE_CUT);
	free(got);
	free(fifo);
}
END_TEST

/* A child's DATA to path, ended so; its exit status. */
static int
by_child(const char *path, enum end end)
{
	pid_t pid;

	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0)
		writer(path, end);
	return reap(pid);
}

START_TEST(test_file_exit_leaves_nothing)
{
	char *path = path_join(dir, "out.csv"), *got;

	ck_assert_int_eq(by_child(path, EXIT), 3);
	got = unit_listing(dir);
	ck_assert_str_eq(got, "");
	free(got);
	free(path);
}
END_TEST

START_TEST(test_file_commit_whole)
{
	char *path = path_join(dir, "out.csv"), *got;
	struct stat sb;
	int fd;

	ck_assert_int_eq(by_child(path, COMMIT), 0);
	got = unit_listing(dir);
	ck_assert_str_eq(got, "out.csv\n");
	free(got);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_ne(fd = open(path, O_RDONLY), -1);
	got = slurp(fd);
	close(fd);
	ck_assert_str_eq(got, DATA);
	free(got);
	free(path);
}
END_TEST

static Suite *
outfile_suite(void)
{
	Suite *s = suite_create("outfile");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_stdout_commit);
	tcase_add_test(tc, test_stdout_exit_cut);
	tcase_add_test(tc, test_stdout_discard_cut);
	tcase_add_test(tc, test_fifo_exit_cut);
	tcase_add_test(tc, test_file_exit_leaves_nothing);
	tcase_add_test(tc, test_file_commit_whole);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(outfile_suite)
