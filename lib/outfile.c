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
#include "util.h"

struct outfile {
	FILE	*fp;
	char	*path;		/* NULL for standard output */
	char	*tmp;
};

static void
outfile_free(struct outfile *of)
{
	free(of->tmp);
	free(of->path);
	free(of);
}

struct outfile *
outfile_open(const char *path, char *err, size_t errlen)
{
	struct outfile *of = xcalloc(1, sizeof(*of));
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		of->fp = stdout;
		return of;
	}
	of->path = xstrdup(path);
	if (path_is_special(path)) {
		if ((of->fp = fopen(path, "w")) != NULL)
			return of;
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		outfile_free(of);
		return NULL;
	}
	of->tmp = xasprintf("%s.tmpXXXXXX", path);
	if ((fd = mkstemp(of->tmp)) == -1 || fchmod(fd, 0600) == -1 ||
	    (of->fp = fdopen(fd, "w")) == NULL) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(of->tmp);
		}
		free(of->tmp);
		free(of->path);
		free(of);
		return NULL;
	}
	return of;
}

FILE *
outfile_fp(const struct outfile *of)
{
	return of->fp;
}


int
outfile_commit(struct outfile *of, char *err, size_t errlen)
{
	const char *name = of->path ? of->path : "stdout";
	int failed;

	if (fflush(of->fp) == EOF)
		failed = 1;
	else if (ferror(of->fp)) {
		/* an earlier write failed; its errno is long gone */
		errno = EIO;
		failed = 1;
	} else
		failed = of->tmp && fsync(fileno(of->fp)) == -1;
	if (of->path && !failed)
		failed = fclose(of->fp) == EOF || (of->tmp &&
		    rename(of->tmp, of->path) == -1);
	else if (of->path)
		fclose(of->fp);
	if (failed) {
		seterr(err, errlen, "%s: %s", name, strerror(errno));
		if (of->path)
			unlink(of->tmp);
	}
	outfile_free(of);
	return failed ? -1 : 0;
}

void
outfile_discard(struct outfile *of)
{
	int e = errno;

	if (of->path) {
		fclose(of->fp);
		if (of->tmp)
			unlink(of->tmp);
	}
	outfile_free(of);
	errno = e;
}
