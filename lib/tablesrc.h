/*
 * tablesrc.h - one table of the standard read through the site's own
 * query, as hdx-extract(1) reads it: the query is [table T] sql, else
 * sql_dir/T.sql of the site; it runs on the [source] of [table T]
 * source, else on the site's only source, over a window of update_time
 * bound as :since and :until; its columns are matched by name (ASCII
 * case folded) to the table's fields, and every value is normalised to
 * its field's type (normalize.h) and handed out in the table's field
 * order. A source with a charset (GBK, GB18030) has its values converted
 * to UTF-8 first (charset.h).
 *
 * hdx-extract writes these rows as CSV; hdx-purge --shared reads the
 * hospital's own records through them (api.md 8.6). Rows stream: a
 * tablesrc holds one row, and the source one fetch block.
 *
 * Errors are "FILE: problem" or "source NAME: problem" in the caller's
 * buffer, never a value, with the exit status of hdx(7) that fits:
 * HDX_EXIT_DATA for the site's configuration, the query's file or its
 * columns, HDX_EXIT_IO for the database.
 */
#ifndef HDX_TABLESRC_H
#define HDX_TABLESRC_H

#include <stddef.h>

/* The window of --full: everything. */
#define TABLESRC_FULL_SINCE	"0001-01-01 00:00:00"
#define TABLESRC_FULL_UNTIL	"9999-12-31 23:59:59"

struct site;
struct source;
struct std_table;
struct tablesrc;

/* The table's query and source as the site gives them; NULL with
 * *status and err set. The query is read now, not run. */
struct tablesrc *tablesrc_new(const struct site *, const struct std_table *,
	    int *status, char *err, size_t errlen);
void	 tablesrc_free(struct tablesrc *);

const char *tablesrc_sqlfile(const struct tablesrc *);
const char *tablesrc_sql(const struct tablesrc *);	/* no trailing ';' */
const char *tablesrc_source(const struct tablesrc *);	/* [source NAME] */

/* The source's charset when its text is converted to UTF-8, else NULL. */
const char *tablesrc_charset(const struct tablesrc *);
/* Of the last row fetched: per field, the 1-based offset of the first
 * byte not of the charset (0: none; such bytes became CHARSET_SUB), and
 * in *nfields how many fields had one. */
const size_t *tablesrc_unconverted(const struct tablesrc *, size_t *nfields);

/* Runs the query on src (the tablesrc's source, opened by the caller)
 * over [since, until) and matches its columns: 0, or an exit status. */
int	 tablesrc_run(struct tablesrc *, struct source *src, const char *since,
	    const char *until, char *err, size_t errlen);
/* 1 with the next row normalised, in field order, in *v and *len (valid
 * until the next call); 0 at the end; -1 on a database error. */
int	 tablesrc_fetch(struct tablesrc *, char ***v, size_t **len,
	    char *err, size_t errlen);

#endif
