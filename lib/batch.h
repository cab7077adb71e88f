/*
 * batch.h - checked records of one table cut into batches (api.md 1, 2.2,
 * 5): at most max_records records of one org_code each, and at most
 * max_bytes of JSON body when the channel is HTTP; a key given twice
 * within a batch keeps its latest version (the later update_time, the
 * later line when equal). A sealed batch is in the key order of api.md
 * 2.3 and carries its payload_sm3 and a batch_id derived from its
 * content alone:
 *
 *   ORG-TABLE-YYYYMMDD-H   H = the first 12 hex digits of
 *                          SM3(org "|" table "|" generation "|" payload_sm3)
 *
 * YYYYMMDD is the latest business date of the batch (update_time when
 * the business date is empty), so the same records always give the same
 * id and a deliberate re-send takes another generation. The batcher
 * copies every record it is given; a batch it hands out belongs to the
 * caller (batch_free).
 */
#ifndef HDX_BATCH_H
#define HDX_BATCH_H

#include <stddef.h>

#include "payload.h"

struct buf;
struct std_table;
struct batcher;

#define BATCH_MAX_RECORDS	5000
#define BATCH_MAX_BODY		8388608	/* api.md 5: 8 MiB as sent */
#define BATCH_ID_MAX		64

struct batch_rec {
	char		**v;		/* nfields values, owned */
	size_t		 *len;
	unsigned long	  line;		/* of the input, for rejects */
};

struct batch {
	const struct std_table *t;
	char		 *org;
	unsigned	  generation;
	char		  id[BATCH_ID_MAX + 1];
	char		  payload_sm3[65];
	struct batch_rec *rec;		/* in key order */
	struct payload_rec *view;	/* the same records for payload.h */
	size_t		  n;
	size_t		  json_bytes;	/* estimate of the JSON body (0 when
					   cut by a batcher without a size
					   limit: not counted) */
};

/* A version of a key dropped because a later one is in the same batch. */
struct batch_dropped {
	unsigned long	  line;		/* the dropped version's line */
	unsigned long	  kept_line;
};

/* max_bytes 0: no size limit (the front-end database channel). */
struct batcher *batcher_new(const struct std_table *, size_t max_records,
	    size_t max_bytes, unsigned generation);
void	 batcher_free(struct batcher *);
/*
 * Adds a copy of a record. Returns 1 when a batch became full and is in
 * *out (sealed, the caller's), 0 otherwise, -1 with err on failure.
 * When the record or an earlier version of its key was dropped, 1 is put
 * in *dropped and its lines in *d.
 */
int	 batcher_add(struct batcher *, char *const *v, const size_t *len,
	    unsigned long line, struct batch **out, int *dropped,
	    struct batch_dropped *d, char *err, size_t errlen);
/* The next batch still open, sealed; 0 with *out NULL when none is left. */
int	 batcher_flush(struct batcher *, struct batch **out, char *err,
	    size_t errlen);

/* A batch of given records, sealed (e.g. read back from the outbox);
 * the records are copied. Keys must be distinct. */
struct batch *batch_make(const struct std_table *, const char *org,
	    unsigned generation, struct batch_rec *, size_t n, char *err,
	    size_t errlen);
void	 batch_free(struct batch *);
/* The records of a batch as CSV with a header (the outbox's form), and
 * a batch read back from it, sealed again (its id is then recomputed:
 * compare it with the one it was kept under). name names the CSV in
 * errors; NULL with err when it does not read. */
int	 batch_to_csv(const struct batch *, struct buf *out, char *err,
	    size_t errlen);
struct batch *batch_from_csv(const struct std_table *, const char *org,
	    unsigned generation, const char *csv, size_t len, const char *name,
	    char *err, size_t errlen);
/* Largest JSON body whose envelope fits limit (SM4: base64 of CBC). */
size_t	 batch_json_limit(size_t limit, int sm4);
/* JSON bytes of one record as a member of "records" (an upper bound). */
size_t	 batch_json_record_bytes(const struct std_table *, char *const *v,
	    const size_t *len);
/* 1 when s is a valid batch_id (1-64 of A-Z a-z 0-9 . _ : -). */
int	 batch_id_valid(const char *s);

#endif
