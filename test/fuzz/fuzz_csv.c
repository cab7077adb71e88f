/*
 * fuzz_csv.c - libFuzzer harness for csvio. Each input is read record by
 * record and written back with the writer; that output is read again and
 * must give the same records, cleanly: a reader/writer mismatch aborts,
 * as do the sanitizers on any memory error. Each input is also read with
 * the reader's fast path off (every byte through libcsv): the records,
 * the end and the error text must be the same as with it on.
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

/*
 * Reads all of fp into b, copying every record to w when non-NULL; with
 * fast 0, through libcsv only. The error text, "" if none, goes to err.
 */
static int
read_all(FILE *fp, struct buf *b, struct csv_writer *w, int fast,
    struct buf *err)
{
	struct csv_reader *r = csvr_new(fp, "fuzz");
	struct csv_record *rec;
	unsigned long n = 0;
	int rc;

	if (r == NULL)
		abort();
	csvr_set_fast(r, fast);
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
	buf_reset(err);
	buf_adds(err, csvr_error(r));
	csvr_free(r);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf first, second, slow, err1, err2;
	struct csv_writer *w;
	char *out = NULL;
	size_t outlen = 0;
	FILE *in, *wfp;
	int rc;

	buf_init(&first);
	buf_init(&second);
	buf_init(&slow);
	buf_init(&err1);
	buf_init(&err2);
	if ((in = fmemopen((void *)data, size, "r")) == NULL ||
	    (wfp = open_memstream(&out, &outlen)) == NULL)
		abort();
	w = csvw_new(wfp);
	rc = read_all(in, &first, w, 1, &err1);
	fclose(in);

	/* libcsv alone gives the same records, end and error. */
	if ((in = fmemopen((void *)data, size, "r")) == NULL)
		abort();
	if (read_all(in, &slow, NULL, 0, &err2) != rc ||
	    slow.len != first.len || strcmp(err1.data, err2.data) != 0 ||
	    (first.len && memcmp(first.data, slow.data, first.len) != 0))
		abort();
	fclose(in);
	if (csvw_free(w) != 0 || fclose(wfp) != 0)
		abort();

	/* What the writer wrote reads back as the same records. */
	if ((in = fmemopen(out, outlen, "r")) == NULL)
		abort();
	if (read_all(in, &second, NULL, 1, &err2) != 0)
		abort();
	fclose(in);
	if (first.len != second.len ||
	    (first.len && memcmp(first.data, second.data, first.len) != 0))
		abort();
	free(out);
	buf_free(&first);
	buf_free(&second);
	buf_free(&slow);
	buf_free(&err1);
	buf_free(&err2);
	return 0;
}

#include "replay.h"
