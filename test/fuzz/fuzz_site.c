/*
 * fuzz_site.c - libFuzzer harness for site_load(). The input is written
 * to a temporary file (the parser reads files, not memory); a refusal
 * must name the file, and a site that loads is walked with every getter.
 * The sanitizers catch the rest.
 *
 *   clang -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Ilib \
 *	test/fuzz/fuzz_site.c lib/site.c lib/hmap.c lib/util.c -o fuzz_site
 *   cp -r test/fuzz/site /tmp/corpus && ./fuzz_site /tmp/corpus
 *
 * Built with -DFUZZ_REPLAY instead (any compiler, no libFuzzer) it runs
 * the harness once over every file named on its command line, or in the
 * directories named there: the seeds in test/fuzz/site/, or a crash.
 *
 * site_secret() is left out: it would open whatever path the input names.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "site.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char tmp_path[4096];
static int tmp_fd = -1;

static void
tmp_remove(void)
{
	unlink(tmp_path);
}

/* One file for the whole run: a fresh one per input is slow. */
static void
tmp_write(const uint8_t *data, size_t size)
{
	const char *dir = getenv("TMPDIR");
	size_t off;
	ssize_t n;

	if (tmp_fd == -1) {
		snprintf(tmp_path, sizeof(tmp_path), "%s/fuzz_site.XXXXXX",
		    dir && *dir ? dir : "/tmp");
		if ((tmp_fd = mkstemp(tmp_path)) == -1)
			abort();
		atexit(tmp_remove);
	}
	if (ftruncate(tmp_fd, 0) == -1)
		abort();
	for (off = 0; off < size; off += (size_t)n)
		if ((n = pwrite(tmp_fd, data + off, size - off,
		    (off_t)off)) <= 0)
			abort();
}

static void
walk_kind(const struct site *s, const char *kind, const char *key)
{
	const char **names;
	char section[512];
	size_t i, n;

	n = site_sections(s, kind, &names);
	for (i = 0; i < n; i++) {
		snprintf(section, sizeof(section), "%s %s", kind, names[i]);
		(void)site_get(s, section, key);
		(void)site_line(s, section, key);
		free(site_path(s, section, key));
		(void)site_seconds(s, section, key, -1);
	}
	if (names[n] != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct site *s;
	char err[512];

	tmp_write(data, size);
	err[0] = '\0';
	if ((s = site_load(tmp_path, err, sizeof(err))) == NULL) {
		/* a refusal always says why, and where */
		if (strncmp(err, tmp_path, strlen(tmp_path)) != 0)
			abort();
		return 0;
	}
	if (site_org(s) == NULL || site_file(s) == NULL)
		abort();
	free(site_path(s, "site", "state_dir"));
	(void)site_seconds(s, "site", "lookback", -1);
	(void)site_seconds(s, "upload", "timeout", -1);
	walk_kind(s, "table", "sql");
	walk_kind(s, "source", "driver");
	walk_kind(s, "map", "unmapped");
	site_free(s);
	return 0;
}

#include "replay.h"
