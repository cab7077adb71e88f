/*
 * payload.h - the canonical payload of a batch and its payload_sm3
 * (api.md 2.3): the records ordered by primary key, each field's
 * canonical text in seq order joined by 0x1F, every record ended by 0x1E.
 * Both the front-end database channel and the platform compute it from
 * the rows alone, so a batch written is a batch verified.
 *
 * Records are handed as values in the table's field order, "" for NULL.
 * Nothing here keeps a pointer to them after the call returns; text is
 * appended to a caller's struct buf.
 */
#ifndef HDX_PAYLOAD_H
#define HDX_PAYLOAD_H

#include <stddef.h>

struct buf;
struct sm3_ctx;
struct std_field;
struct std_table;

struct payload_rec {
	char	*const *v;	/* nfields values */
	const size_t *len;
};

/* Appends the canonical text of a value of f: I without leading zeros
 * or sign, N with exactly scale decimals (half-up), -0 as 0; S, D, DT
 * and any value not of its type's form as given. */
void	 payload_canon(struct buf *, const struct std_field *, const char *v,
	    size_t len);
/* Appends the key's canonical texts joined by NUL: a byte string whose
 * memcmp order is the order of 2.3 (values never hold NUL). */
void	 payload_sort_key(struct buf *, const struct std_table *,
	    char *const *v, const size_t *len);
/* Sorts records in the order of 2.3, in place. */
void	 payload_sort(const struct std_table *, struct payload_rec *, size_t n);
/* Appends one record of the payload (its fields, 0x1F, ..., 0x1E). */
void	 payload_record(struct buf *, const struct std_table *,
	    char *const *v, const size_t *len);
/* payload_sm3 of records already in the order of payload_sort(). */
int	 payload_sm3_sorted(const struct std_table *, const struct payload_rec *,
	    size_t n, char hex[65], char *err, size_t errlen);
/* payload_sm3 of records in any order (sorts a copy of the pointers). */
int	 payload_sm3(const struct std_table *, const struct payload_rec *,
	    size_t n, char hex[65], char *err, size_t errlen);
/* Appends the key's canonical texts joined by 0x1F: what the key
 * digest digests. */
void	 payload_key_text(struct buf *, const struct std_table *,
	    char *const *v, const size_t *len);
/* The key digest of api.md 6: SM3 of the canonical key texts joined by
 * 0x1F, 64 lowercase hex digits; the only form of a key kept for long. */
int	 payload_key_digest(const struct std_table *, char *const *v,
	    const size_t *len, char hex[65], char *err, size_t errlen);
/* The same digest as 32 bytes, for a digest per record: through a
 * context the caller keeps (reset here; see sm3_reset) and a buffer of
 * its own for the key's text. */
int	 payload_key_sm3(struct sm3_ctx *, struct buf *scratch,
	    const struct std_table *, char *const *v, const size_t *len,
	    unsigned char out[32], char *err, size_t errlen);

#endif
