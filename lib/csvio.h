/*
 * csvio.h - streaming UTF-8 CSV (RFC 4180) over libcsv.
 *
 * A csv_reader reads a FILE it does not own, in fixed-size chunks, and
 * hands out one record at a time: memory is bounded by the longest record,
 * never by the file. The record returned by csvr_next() belongs to the
 * reader and is valid until the next call. A leading UTF-8 BOM is skipped;
 * CRLF and LF line ends are both accepted; quoted fields may hold commas,
 * quotes ("") and line breaks. Every field is checked to be valid UTF-8.
 *
 * A csv_writer owns a large output buffer and writes to a FILE it does not
 * own; fields are quoted only when they hold a comma, quote, CR or LF (or a
 * leading/trailing space, to survive spreadsheet round-trips).
 */
#ifndef HDX_CSVIO_H
#define HDX_CSVIO_H

#include <stddef.h>
#include <stdio.h>

struct csv_record {
	size_t		  nfields;
	char		**field;	/* NUL-terminated; may hold NUL bytes */
	size_t		 *len;		/* byte length of each field */
	unsigned long	  line;		/* physical line the record starts on, 1-based */
	int		  plain;	/* no field holds a comma, quote, CR or LF */
};

struct csv_reader;

/* name is used in error messages only ("-" for stdin). */
struct csv_reader *csvr_new(FILE *, const char *name);
void	 csvr_free(struct csv_reader *);

/*
 * Returns 1 with *rec set, 0 at end of input, -1 on error: malformed CSV
 * (a quote inside an unquoted field, an unterminated quoted field at end of
 * file), invalid UTF-8, a record longer than the limit, or a read error.
 * The message, "NAME:LINE:COL: problem", is in csvr_error().
 * Blank lines are skipped.
 */
int	 csvr_next(struct csv_reader *, struct csv_record **rec);
const char *csvr_error(const struct csv_reader *);
/* Number of records returned so far (the header included). */
unsigned long csvr_count(const struct csv_reader *);
/* Largest record accepted, in bytes (default 64 MiB). */
void	 csvr_set_limit(struct csv_reader *, size_t max_record_bytes);
/*
 * on 0: every byte through libcsv, none through the fast path that splits
 * plain lines (no quote, no CR but a CRLF end) itself. The records and
 * errors are the same either way; the tests compare the two.
 */
void	 csvr_set_fast(struct csv_reader *, int on);
/*
 * A last record without a line end is an error ("NAME:LINE: the last
 * record has no line end: the file is cut short") instead of a record:
 * for files that a writer always ends with one, where its absence means
 * the file was truncated (a full disk, a copy cut off).
 */
void	 csvr_require_line_end(struct csv_reader *);

struct csv_writer;

struct csv_writer *csvw_new(FILE *);
/* Flushes; returns 0, or -1 with errno set when a write failed. */
int	 csvw_free(struct csv_writer *);
void	 csvw_field(struct csv_writer *, const char *s, size_t len);
void	 csvw_end(struct csv_writer *);
/*
 * A field the caller knows holds no comma, quote, CR or LF (one of a
 * plain record): the same bytes as csvw_field(), without looking for them.
 */
void	 csvw_plain(struct csv_writer *, const char *s, size_t len);
/*
 * A whole record of fields the caller knows are plain (csvw_plain()),
 * ended: the same bytes as csvw_plain() of each and csvw_end(). Fields
 * of a csv_record that is plain, in its order, are copied as one line.
 */
void	 csvw_plain_record(struct csv_writer *, char *const *fields,
	    const size_t *len, size_t n);
/* A whole record; len may be NULL for NUL-terminated fields. */
void	 csvw_record(struct csv_writer *, char *const *fields,
	    const size_t *len, size_t n);
/* Returns 0, or -1 with errno set when a write failed. */
int	 csvw_flush(struct csv_writer *);

#endif
