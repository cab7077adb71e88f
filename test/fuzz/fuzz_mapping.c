/*
 * fuzz_mapping.c - libFuzzer harness for mapping files (lib/mapping.c).
 * Each input is loaded as a mapping file of a small sex domain, with and
 * without folding: a load either fails with a message naming the input,
 * or every row it holds maps a non-empty, already folded local code to a
 * code of the domain, found again by lookup. The key folding is
 * idempotent and never lengthens a value; the input read as a local
 * dictionary gives suggestions without error or with one naming it; name
 * similarity is symmetric and within 0..1. Sanitizers catch the rest.
 *
 *   clang -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Ilib \
 *	test/fuzz/fuzz_mapping.c lib/mapping.c lib/mapreport.c ... -lcsv \
 *	-ljansson -o fuzz_mapping
 *
 * Built with -DFUZZ_REPLAY it runs the harness once over every file named
 * on its command line, or in the directories named there (the seeds in
 * test/fuzz/mapping/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "mapping.h"
#include "standard.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct std_domain *
sex_domain(void)
{
	static const char *code[] = { "0", "1", "2", "9" };
	static const char *name[] = { "\xe6\x9c\xaa\xe7\x9f\xa5\xe7\x9a\x84"
	    "\xe6\x80\xa7\xe5\x88\xab", "\xe7\x94\xb7\xe6\x80\xa7",
	    "\xe5\xa5\xb3\xe6\x80\xa7", "\xe6\x9c\xaa\xe8\xaf\xb4"
	    "\xe6\x98\x8e\xe7\x9a\x84\xe6\x80\xa7\xe5\x88\xab" };
	static struct std_domain d;
	size_t i;

	if (d.codes != NULL)
		return &d;
	d.name = "sex";
	d.codes = hmap_new();
	d.code = (char **)code;
	d.ncodes = 4;
	for (i = 0; i < 4; i++)
		*hmap_put(d.codes, code[i], 1, NULL) = (void *)name[i];
	return &d;
}

static void
check_mapping(const struct mapping *m, const struct std_domain *d, int fold)
{
	const char *key, *std, *again, *got;
	size_t pos = 0, klen, alen, glen, n = 0;
	struct buf b;

	buf_init(&b);
	while (mapping_next(m, &pos, &key, &klen, &std)) {
		again = mapping_key(&b, key, klen, fold, &alen);
		if (klen == 0 || alen != klen || memcmp(again, key, klen) != 0)
			abort();
		if (!std_domain_has(d, std, strlen(std)))
			abort();
		if ((got = mapping_get(m, key, klen, &glen)) == NULL ||
		    strcmp(got, std) != 0 || glen != strlen(std))
			abort();
		n++;
	}
	if (n != mapping_count(m))
		abort();
	buf_free(&b);
}

static void
check_key(const char *s, size_t len, int fold)
{
	struct buf b, c;
	const char *k, *k2;
	size_t klen, k2len;
	char *copy;

	buf_init(&b);
	buf_init(&c);
	k = mapping_key(&b, s, len, fold, &klen);
	if (klen > len)
		abort();
	copy = xstrndup(k, klen);
	k2 = mapping_key(&c, copy, klen, fold, &k2len);
	if (k2len != klen || memcmp(k2, copy, klen) != 0)
		abort();
	free(copy);
	buf_free(&b);
	buf_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct std_domain *d = sex_domain();
	struct mapping *m;
	char err[1024], *text, *nl, *out = NULL;
	size_t outlen = 0;
	double s1, s2;
	FILE *fp, *ofp;
	int fold;

	for (fold = 0; fold <= 1; fold++) {
		if ((fp = fmemopen((void *)data, size, "r")) == NULL)
			abort();
		err[0] = '\0';
		m = mapping_read(fp, "fuzz", d, fold, err, sizeof(err));
		fclose(fp);
		if (m == NULL && strncmp(err, "fuzz:", 5) != 0)
			abort();
		if (m != NULL)
			check_mapping(m, d, fold);
		if (fold && m != NULL) {
			fp = fmemopen((void *)data, size, "r");
			ofp = open_memstream(&out, &outlen);
			if (fp == NULL || ofp == NULL)
				abort();
			if (mapping_suggest(fp, "fuzz", d, m, 1, ofp, err,
			    sizeof(err)) == -1 && strncmp(err, "fuzz:", 5) != 0)
				abort();
			fclose(fp);
			fclose(ofp);
			free(out);
			out = NULL;
		}
		mapping_free(m);
		check_key((const char *)data, size, fold);
	}
	if ((fp = fmemopen((void *)data, size, "r")) == NULL ||
	    (ofp = open_memstream(&out, &outlen)) == NULL)
		abort();
	if (mapping_suggest(fp, "fuzz", d, NULL, 0, ofp, err,
	    sizeof(err)) == -1 && strncmp(err, "fuzz:", 5) != 0)
		abort();
	fclose(fp);
	fclose(ofp);
	free(out);

	/* two names: the text up to the first newline, and the rest */
	text = xstrndup((const char *)data, size);
	if ((nl = strchr(text, '\n')) != NULL) {
		*nl = '\0';
		s1 = mapping_similarity(text, nl + 1);
		s2 = mapping_similarity(nl + 1, text);
		if (s1 < 0 || s1 > 1 || s1 - s2 > 1e-12 || s2 - s1 > 1e-12)
			abort();
	}
	free(text);
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
		fputs("usage: fuzz_mapping file|dir ...\n", stderr);
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
	fprintf(stderr, "fuzz_mapping: %lu inputs run\n", nrun);
	return rc;
}
#endif
