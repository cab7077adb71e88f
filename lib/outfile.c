/*
 * outfile.c - an output file renamed into place when whole (outfile.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "sealfile.h"
#include "util.h"

struct outfile {
	FILE	*fp;		/* written by the caller */
	FILE	*raw;		/* the file: fp, or under fp when sealed */
	char	*path;		/* NULL for standard output */
	char	*tmp;		/* NULL when written in place */
	struct outfile *prev, *next;	/* the outputs not yet done */
};

/*
 * The outputs of this process not yet committed or discarded, for the
 * exit handler: a tool that stops with err(3) anywhere between the open
 * and the commit leaves no temporary behind, and no stream that looks
 * whole. The one state of the module, as an exit handler takes no
 * argument.
 */
static struct outfile *live;

/*
 * A stream (standard output, a FIFO) given up before its commit: the
 * next stage of a pipe, or the file the shell redirected it to, must not
 * take what was written as all there is. What stdio still holds may end
 * at a line end (often just the header), so a fragment with an open
 * quote and no line end follows it; every CSV reader refuses that (the
 * tools: "cut short"). Written before exit(3) flushes the buffers.
 */
static void
cut_stream(struct outfile *of)
{
	if (of->fp == NULL)
		return;
	fprintf(of->fp, "%s", OUTFILE_CUT);
	fflush(of->fp);
}

static void
abandon_live(void)
{
	struct outfile *of;

	for (of = live; of != NULL; of = of->next)
		if (of->tmp)
			unlink(of->tmp);
		else
			cut_stream(of);
}

static void
track(struct outfile *of)
{
	static int registered;

	if (!registered && atexit(abandon_live) == 0)
		registered = 1;
	of->next = live;
	if (live)
		live->prev = of;
	live = of;
}

static void
untrack(struct outfile *of)
{
	/* in the list: its head, or after another */
	if (of->prev == NULL && live != of)
		return;
	if (of->prev)
		of->prev->next = of->next;
	else
		live = of->next;
	if (of->next)
		of->next->prev = of->prev;
	of->prev = of->next = NULL;
}

static void
outfile_free(struct outfile *of)
{
	untrack(of);
	free(of->tmp);
	free(of->path);
	free(of);
}

struct outfile *
outfile_open(const char *path, char *err, size_t errlen)
{
	return outfile_open_sealed(path, NULL, err, errlen);
}

/* The temporary beside path; -1 with err. */
static int
open_tmp(struct outfile *of, char *err, size_t errlen)
{
	int fd;

	of->tmp = xasprintf("%s.tmpXXXXXX", of->path);
	if ((fd = mkstemp(of->tmp)) == -1 || fchmod(fd, 0600) == -1 ||
	    (of->raw = fdopen(fd, "w")) == NULL) {
		seterr(err, errlen, "%s: %s", of->path, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(of->tmp);
		}
		free(of->tmp);
		of->tmp = NULL;
		return -1;
	}
	track(of);
	return 0;
}

struct outfile *
outfile_open_sealed(const char *path, const struct sealkey *key, char *err,
    size_t errlen)
{
	struct outfile *of = xcalloc(1, sizeof(*of));
	char msg[512];

	if (path == NULL || strcmp(path, "-") == 0) {
		of->fp = of->raw = stdout;
		track(of);
		return of;
	}
	of->path = xstrdup(path);
	if (path_is_special(path)) {
		/* a stream, not a file at rest: never sealed */
		if ((of->fp = of->raw = fopen(path, "w")) != NULL) {
			track(of);
			return of;
		}
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		outfile_free(of);
		return NULL;
	}
	if (open_tmp(of, err, errlen) == -1) {
		outfile_free(of);
		return NULL;
	}
	if (key == NULL)
		of->fp = of->raw;
	else if ((of->fp = seal_writer(of->raw, key, msg, sizeof(msg))) ==
	    NULL) {
		seterr(err, errlen, "%s: %s", path, msg);
		fclose(of->raw);
		of->raw = NULL;
		outfile_discard(of);
		return NULL;
	}
	return of;
}

FILE *
outfile_fp(const struct outfile *of)
{
	return of->fp;
}

const char *
outfile_name(const struct outfile *of)
{
	return of->path ? of->path : "stdout";
}

/* The stream flushed without an error then or before; 0 or -1. */
static int
flushed(FILE *fp)
{
	if (fflush(fp) == EOF)
		return -1;
	if (ferror(fp)) {
		/* an earlier write failed; its errno is long gone */
		errno = EIO;
		return -1;
	}
	return 0;
}

/* The sealing stream closed (its tag written), and nothing else. */
static int
close_seal(struct outfile *of)
{
	int failed = 0;

	if (of->fp != of->raw) {
		failed = flushed(of->fp) == -1;
		if (fclose(of->fp) == EOF)
			failed = 1;
		of->fp = of->raw;
	}
	return failed ? -1 : 0;
}

/* Everything written is on the disk and the file closed; 0 or -1. */
static int
finish(struct outfile *of)
{
	int failed;

	failed = close_seal(of) == -1 || flushed(of->raw) == -1 ||
	    (of->tmp && fsync(fileno(of->raw)) == -1);
	if (of->path && !failed)
		failed = fclose(of->raw) == EOF;
	else if (of->path)
		fclose(of->raw);
	if (of->path)
		of->fp = of->raw = NULL;
	return failed ? -1 : 0;
}

/* Renamed into place (when there is a temporary); 0 or -1. */
static int
place(struct outfile *of)
{
	return of->tmp && rename(of->tmp, of->path) == -1 ? -1 : 0;
}

static int
failure(struct outfile *of, char *err, size_t errlen)
{
	seterr(err, errlen, "%s: %s", outfile_name(of), strerror(errno));
	return -1;
}

int
outfile_commit(struct outfile *of, char *err, size_t errlen)
{
	return outfile_commit_all(&of, 1, err, errlen);
}

int
outfile_commit_all(struct outfile **of, size_t n, char *err, size_t errlen)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (finish(of[i]) == -1 && rc == 0)
			rc = failure(of[i], err, errlen);
	for (i = 0; i < n && rc == 0; i++)
		if (place(of[i]) == -1)
			rc = failure(of[i], err, errlen);
	for (i = 0; i < n; i++) {
		/* the ones renamed before a failure stay: they are whole */
		if (rc == -1 && of[i]->tmp)
			unlink(of[i]->tmp);
		outfile_free(of[i]);
	}
	return rc;
}

void
outfile_discard(struct outfile *of)
{
	int e = errno;

	if (of->tmp == NULL)
		cut_stream(of);
	if (of->path && of->raw) {
		close_seal(of);
		fclose(of->raw);
	}
	if (of->tmp)
		unlink(of->tmp);
	outfile_free(of);
	errno = e;
}
