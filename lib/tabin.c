/*
 * tabin.c - header matching and value placement for standard tables.
 */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "standard.h"
#include "tabin.h"
#include "util.h"

struct tabin {
	struct csv_reader	*r;
	const struct std_table	*t;
	int			*col_field;	/* per column: field, -1 ignored */
	size_t			 ncols;
	int			 in_order;	/* column i is field i, all there */
	char			**v;		/* values placed, when not */
	size_t			*len;
	struct tabin_record	 rec;
	char			 err[512];
};

static int
map_header(struct tabin *ti, const char *name, struct csv_record *hdr,
    char *err, size_t errlen)
{
	const struct std_table *t = ti->t;
	struct buf missing;
	char *seen = xcalloc(t->nfields ? t->nfields : 1, 1);
	size_t i;
	int f, rc = 0;

	ti->ncols = hdr->nfields;
	ti->col_field = xcalloc(hdr->nfields, sizeof(int));
	for (i = 0; i < hdr->nfields && rc == 0; i++) {
		f = std_field_index(t, hdr->field[i]);
		ti->col_field[i] = f;
		if (f < 0)
			rc = seterr(err, errlen, "%s:%lu: column '%s' is not a "
			    "field of %s", name, hdr->line, hdr->field[i],
			    t->name);
		else if (seen[f]++)
			rc = seterr(err, errlen, "%s:%lu: column '%s' appears "
			    "twice", name, hdr->line, hdr->field[i]);
	}
	buf_init(&missing);
	for (i = 0; i < t->nfields && rc == 0; i++)
		if (!seen[i])
			buf_printf(&missing, "%s%s", missing.len ? ", " : "",
			    t->field[i].name);
	if (rc == 0 && missing.len)
		rc = seterr(err, errlen, "%s:%lu: header lacks field%s of %s: %s",
		    name, hdr->line, strchr(missing.data, ',') ? "s" : "",
		    t->name, missing.data);
	buf_free(&missing);
	free(seen);
	return rc;
}

struct tabin *
tabin_open(FILE *fp, const char *name, const struct std_table *t, char *err,
    size_t errlen)
{
	struct tabin *ti = xcalloc(1, sizeof(*ti));
	struct csv_record *hdr;
	int rc;

	ti->t = t;
	ti->r = csvr_new(fp, name);
	/* a record cut short must never pass as a whole, shorter one */
	csvr_require_line_end(ti->r);
	rc = csvr_next(ti->r, &hdr);
	if (rc == -1)
		seterr(err, errlen, "%s", csvr_error(ti->r));
	else if (rc == 0)
		seterr(err, errlen, "%s: empty input: no header", name);
	if (rc != 1 || map_header(ti, name, hdr, err, errlen) == -1) {
		tabin_free(ti);
		return NULL;
	}
	ti->v = xcalloc(t->nfields ? t->nfields : 1, sizeof(char *));
	ti->len = xcalloc(t->nfields ? t->nfields : 1, sizeof(size_t));
	ti->in_order = ti->ncols == t->nfields;
	for (size_t i = 0; i < ti->ncols && ti->in_order; i++)
		ti->in_order = ti->col_field[i] == (int)i;
	return ti;
}

void
tabin_free(struct tabin *ti)
{
	if (ti == NULL)
		return;
	csvr_free(ti->r);
	free(ti->col_field);
	free(ti->v);
	free(ti->len);
	free(ti);
}

int
tabin_next(struct tabin *ti, struct tabin_record **out)
{
	struct csv_record *cr;
	size_t i;
	int rc;

	if ((rc = csvr_next(ti->r, &cr)) != 1) {
		if (rc == -1)
			snprintf(ti->err, sizeof(ti->err), "%s", csvr_error(ti->r));
		return rc;
	}
	/* Columns in the table's order: the record's values are the
	 * reader's, not copied. */
	if (ti->in_order && cr->nfields == ti->ncols) {
		ti->rec.v = cr->field;
		ti->rec.len = cr->len;
	} else {
		ti->rec.v = ti->v;
		ti->rec.len = ti->len;
	}
	/* A ragged record leaves fields without a column: empty. */
	if (cr->nfields != ti->ncols)
		for (i = 0; i < ti->t->nfields; i++) {
			ti->v[i] = "";
			ti->len[i] = 0;
		}
	for (i = 0; ti->rec.v == ti->v && i < cr->nfields && i < ti->ncols;
	    i++) {
		ti->v[ti->col_field[i]] = cr->field[i];
		ti->len[ti->col_field[i]] = cr->len[i];
	}
	ti->rec.line = cr->line;
	ti->rec.row++;
	ti->rec.ncols = cr->nfields;
	ti->rec.ragged = cr->nfields != ti->ncols;
	ti->rec.plain = cr->plain;
	*out = &ti->rec;
	return 1;
}

const char *
tabin_error(const struct tabin *ti)
{
	return ti->err;
}

size_t
tabin_columns(const struct tabin *ti)
{
	return ti->ncols;
}
