/*
 * fuzz_receipt.c - libFuzzer harness for lib/receipt.c. Every input is
 * parsed as a receipt: it either parses, and then every string is there,
 * the counts are within range and receipt_check() agrees with the
 * receipt's own arithmetic, or it fails with a message that starts with
 * "receipt: " and leaves the receipt empty. The sanitizers catch the rest.
 *
 *   clang -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Ilib \
 *	test/fuzz/fuzz_receipt.c lib/receipt.c lib/util.c -ljansson \
 *	-o fuzz_receipt
 *
 * Built with -DFUZZ_REPLAY instead it replays the files named on its
 * command line, or the files of the directories named there (the seeds
 * in test/fuzz/receipt/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "receipt.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct receipt r;
	char err[512];
	size_t i, nrej;

	err[0] = '\0';
	if (receipt_parse((const char *)data, size, &r, err,
	    sizeof(err)) == -1) {
		if (strncmp(err, "receipt: ", 9) != 0 || r.batch_id != NULL ||
		    r.rejected != NULL || r.nrejected != 0)
			abort();
		return 0;
	}
	if (r.batch_id == NULL || r.code != 0 || r.accepted < 0 ||
	    (r.nrejected > 0 && r.rejected == NULL))
		abort();
	for (i = 0; i < r.nrejected; i++)
		if (r.rejected[i].index < 0 || r.rejected[i].field == NULL ||
		    r.rejected[i].rule == NULL || r.rejected[i].message == NULL)
			abort();
	nrej = receipt_rejected_records(&r);
	if (nrej > r.nrejected)
		abort();
	/* The count the receipt implies passes unless an index is beyond it. */
	if (receipt_check(&r, r.batch_id, (size_t)r.accepted + nrej, err,
	    sizeof(err)) == -1 && strstr(err, "beyond") == NULL)
		abort();
	if (receipt_check(&r, r.batch_id, (size_t)r.accepted + nrej + 1, err,
	    sizeof(err)) != -1)
		abort();
	receipt_free(&r);
	if (r.batch_id != NULL || r.rejected != NULL)
		abort();
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
		fputs("usage: fuzz_receipt file|dir ...\n", stderr);
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
	fprintf(stderr, "fuzz_receipt: %lu inputs run\n", nrun);
	return rc;
}
#endif
