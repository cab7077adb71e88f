/*
 * watermark.c - per-table watermarks in the state directory.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "value.h"
#include "watermark.h"

char *
wm_path(const char *state_dir, const char *table)
{
	char *name, *p;

	name = xasprintf("%s.watermark", table);
	p = path_join(state_dir, name);
	free(name);
	return p;
}

int
wm_read(const char *state_dir, const char *table, char ts[20], char *err,
    size_t errlen)
{
	char line[64], *path = wm_path(state_dir, table);
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT) {
			free(path);
			return 0;
		}
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	n = fread(line, 1, sizeof(line) - 1, f);
	fclose(f);
	line[n] = '\0';
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n != 19 || !datetime_valid(line, n)) {
		seterr(err, errlen, "%s:1: not a watermark "
		    "(expected YYYY-MM-DD HH:MM:SS)", path);
		free(path);
		return -1;
	}
	memcpy(ts, line, 20);
	free(path);
	return 1;
}

int
wm_write(const char *state_dir, const char *table, const char *ts, char *err,
    size_t errlen)
{
	char *path, *tmp;
	int fd, rc = -1;
	FILE *f;

	if (strlen(ts) != 19 || !datetime_valid(ts, 19))
		return seterr(err, errlen, "watermark %s: expected "
		    "YYYY-MM-DD HH:MM:SS", ts);
	if (mkdir(state_dir, 0700) == -1 && errno != EEXIST)
		return seterr(err, errlen, "%s: %s", state_dir, strerror(errno));
	path = wm_path(state_dir, table);
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		seterr(err, errlen, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		seterr(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (fprintf(f, "%s\n", ts) < 0 || fflush(f) == EOF ||
	    fsync(fileno(f)) == -1) {
		seterr(err, errlen, "%s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		goto out;
	}
	if (fclose(f) == EOF || rename(tmp, path) == -1) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	free(path);
	return rc;
}
