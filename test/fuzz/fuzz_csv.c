/*
 * fuzz_csv.c - libFuzzer harness for csvio. Each input is read record by
 * record and written back with the writer; that output is read again and
 * must give the same records, cleanly: a reader/writer mismatch aborts,
 * as do the sanitizers on any memory error.
 *
 *   clang -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Ilib \
 *	test/fuzz/fuzz_csv.c lib/csvio.c lib/util.c -lcsv -o fuzz_csv
 *
 * Built with -DFUZZ_REPLAY instead (any compiler, no libFuzzer) it is a
 * program that runs the harness once over every file named on its command
 * line, or in the directories named there: the seeds in test/fuzz/csv/,
 * or crash files to reproduce.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Appends a record to b in a form that compares with memcmp. */
static void
serialize(struct buf *b, const struct csv_record *rec)
{
	size_t i;

	buf_add(b, &rec->nfields, sizeof(rec->nfields));
	for (i = 0; i < rec->nfields; i++) {
		if (rec->field[i][rec->len[i]] != '\0')
			abort();
		buf_add(b, &rec->len[i], sizeof(rec->len[i]));
		buf_add(b, rec->field[i], rec->len[i]);
	}
}

/* Reads all of fp into b, copying every record to w when non-NULL. */
static int
read_all(FILE *fp, struct buf *b, struct csv_writer *w)
{
	struct csv_reader *r = csvr_new(fp, "fuzz");
	struct csv_record *rec;
	unsigned long n = 0;
	int rc;

	if (r == NULL)
		abort();
	while ((rc = csvr_next(r, &rec)) == 1) {
		if (rec->nfields == 0 || rec->line == 0)
			abort();
		serialize(b, rec);
		if (w != NULL)
			csvw_record(w, rec->field, rec->len, rec->nfields);
		n++;
	}
	if (csvr_count(r) != n || csvr_next(r, &rec) != rc)
		abort();
	/* An error is always explained, and names the input. */
	if ((rc == -1) != (strncmp(csvr_error(r), "fuzz:", 5) == 0))
		abort();
	csvr_free(r);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf first, second;
	struct csv_writer *w;
	char *out = NULL;
	size_t outlen = 0;
	FILE *in, *wfp;

	buf_init(&first);
	buf_init(&second);
	if ((in = fmemopen((void *)data, size, "r")) == NULL ||
	    (wfp = open_memstream(&out, &outlen)) == NULL)
		abort();
	w = csvw_new(wfp);
	read_all(in, &first, w);
	fclose(in);
	if (csvw_free(w) != 0 || fclose(wfp) != 0)
		abort();

	/* What the writer wrote reads back as the same records. */
	if ((in = fmemopen(out, outlen, "r")) == NULL)
		abort();
	if (read_all(in, &second, NULL) != 0)
		abort();
	fclose(in);
	if (first.len != second.len ||
	    (first.len && memcmp(first.data, second.data, first.len) != 0))
		abort();
	free(out);
	buf_free(&first);
	buf_free(&second);
	return 0;
}

#ifdef FUZZ_REPLAY
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static unsigned long nrun;

static int
run_file(const char *path)
{
	struct buf b;
	char tmp[8192];
	size_t n;
	FILE *fp;
	int rc = 0;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		buf_add(&b, tmp, n);
	if (ferror(fp)) {
		fprintf(stderr, "%s: read error\n", path);
		rc = -1;
	} else {
		LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""),
		    b.len);
		nrun++;
	}
	fclose(fp);
	buf_free(&b);
	return rc;
}

static int
run_dir(const char *dir)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	char *path;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = path_join(dir, de->d_name);
		/* One level only, as libFuzzer reads a corpus. */
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    run_file(path) == -1)
			rc = -1;
		free(path);
	}
	closedir(d);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct stat st;
	int i, rc = 0;

	if (argc < 2) {
		fputs("usage: fuzz_csv file|dir ...\n", stderr);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode) ? run_dir(argv[i]) == -1 :
		    run_file(argv[i]) == -1)
			rc = 1;
	}
	fprintf(stderr, "fuzz_csv: %lu inputs run\n", nrun);
	return rc;
}
#endif
