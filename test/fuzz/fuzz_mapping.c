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

#include "replay.h"
