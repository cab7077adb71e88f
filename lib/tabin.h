/*
 * tabin.h - a standard table read from CSV: the header is matched to the
 * table's fields once, then each record is handed out with its values in
 * the table's field order, whatever the column order of the file.
 *
 * The tabin reads a FILE it does not own. A record belongs to the tabin
 * until the next call; the caller may change the values its arrays
 * point to (they are set afresh by the next call). A header naming a column the table lacks, or
 * lacking one of its fields, is an error naming the columns. So is a
 * file whose last record has no line end (csvr_require_line_end()): the
 * tools always end one, so the file was cut short.
 */
#ifndef HDX_TABIN_H
#define HDX_TABIN_H

#include <stddef.h>
#include <stdio.h>

struct std_table;
struct tabin;

struct tabin_record {
	char		**v;		/* nfields values, "" for NULL */
	size_t		 *len;
	unsigned long	  line;		/* physical line of the record */
	unsigned long	  row;		/* 1-based data row */
	size_t		  ncols;	/* columns the record had */
	int		  ragged;	/* ncols differs from the header */
	int		  plain;	/* no value holds a comma, quote, CR or LF */
};

/* NULL with "NAME:1: problem" in err when the header does not fit. */
struct tabin *tabin_open(FILE *, const char *name, const struct std_table *,
	    char *err, size_t errlen);
void	 tabin_free(struct tabin *);
/* 1 a record, 0 end of input, -1 error (tabin_error()). */
int	 tabin_next(struct tabin *, struct tabin_record **);
const char *tabin_error(const struct tabin *);
/* Header columns in file order, for a writer that keeps them. */
size_t	 tabin_columns(const struct tabin *);

#endif
