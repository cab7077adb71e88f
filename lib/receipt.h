/*
 * receipt.h - the platform's batch receipt (api.md 4.1, 4.2), parsed
 * strictly from the JSON of a 200 answer:
 *
 *	{"code": 0, "batch_id": "...", "accepted": N,
 *	 "rejected": [{"index": I, "field": "...", "rule": "...",
 *	               "message": "..."}, ...], "duplicate": true}
 *
 * A struct receipt owns its strings; receipt_free() releases them (and is a
 * no-op on a zeroed or already freed receipt). Members not listed are
 * ignored; a listed member of the wrong type is an error, as are a
 * duplicated member name and anything that is not one JSON object.
 */
#ifndef HDX_RECEIPT_H
#define HDX_RECEIPT_H

#include <stddef.h>

struct receipt_reject {
	long		 index;		/* 0-based position in records */
	char		*field;
	char		*rule;
	char		*message;	/* informative only */
};

struct receipt {
	long		 code;		/* 0 */
	char		*batch_id;
	long		 accepted;
	struct receipt_reject *rejected;
	size_t		 nrejected;
	int		 duplicate;	/* "duplicate": true */
};

/* 0, or -1 with "receipt: problem" in err and *r zeroed. */
int	 receipt_parse(const char *json, size_t len, struct receipt *r,
	    char *err, size_t errlen);
/*
 * Checks a receipt against the batch it answers: the batch_id, indexes
 * below record_count, accepted = record_count - distinct rejected indexes.
 * 0, or -1 with err set.
 */
int	 receipt_check(const struct receipt *, const char *batch_id,
	    size_t record_count, char *err, size_t errlen);
/* Number of distinct rejected indexes. */
size_t	 receipt_rejected_records(const struct receipt *);
void	 receipt_free(struct receipt *);

#endif
