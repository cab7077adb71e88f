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

#include "replay.h"
