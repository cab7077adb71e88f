/*
 * csvio.c - streaming CSV reader over libcsv, and a buffered CSV writer.
 *
 * The reader reads fixed chunks. A line with no quote and no CR but its
 * CRLF end, starting where libcsv holds nothing, is split on its commas
 * in place (the fast path: most lines of most files): libcsv would give
 * exactly those fields, since only a quote, CR or LF is special to it
 * without quotes (it trims no spaces here). Everything else goes to
 * libcsv, a line at a time, until a line end leaves it between records
 * again. libcsv calls back once per field and once per row end; its
 * complete records are queued in one arena and handed out one by one,
 * and the arena is emptied (keeping only a record still in progress)
 * before more is parsed. Memory thus follows the longest record plus one
 * chunk, never the file.
 *
 * Line numbers: with CSV_REPALL_NL libcsv reports every unquoted CR and LF
 * to the row callback, blank lines included, and a quoted LF stays in its
 * field. Counting the LFs seen there gives the line each record starts on
 * without knowing where inside a chunk libcsv is.
 *
 * UTF-8 is checked on the raw bytes before libcsv sees them. The bytes
 * that make up the CSV syntax (quote, comma, CR, LF) are ASCII, which can
 * neither start nor continue a multibyte sequence, so the input is valid
 * exactly when every field is; and the raw offset of a bad byte gives its
 * exact line and column even inside a multi-line record.
 */
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "util.h"

/* Bytes per fread; a fuzzing build makes it tiny to cut everything. */
#ifndef CSVIO_CHUNK
#define CSVIO_CHUNK	(64 * 1024)
#endif
#define CHUNK		CSVIO_CHUNK
#define CARRY_MAX	3		/* a cut UTF-8 sequence or BOM */
#define WBUFSZ		(256 * 1024)
#define DEFAULT_LIMIT	((size_t)64 * 1024 * 1024)

static const char bom[3] = { '\xef', '\xbb', '\xbf' };

struct qrec {			/* a complete record waiting in the queue */
	size_t		 first;		/* index of its first field */
	size_t		 n;
	unsigned long	 line;
};

struct csv_reader {
	FILE		*fp;
	char		*name;
	struct csv_parser parser;
	char		*chunk;		/* CHUNK + CARRY_MAX bytes */
	size_t		 carry;		/* bytes kept at its front */
	int		 bom;		/* a BOM may still come */
	int		 eof;		/* input done: only the queue is left */
	int		 failed;	/* err set, for when the queue drains */
	int		 need_end;	/* a last record must end in a line end */

	/*
	 * The chunk's bytes not parsed yet: [pos, good) is valid UTF-8,
	 * [good, end) starts with a bad or cut sequence; tail: that end
	 * is still to be dealt with once pos reaches good.
	 */
	char		*pos, *good, *end;
	int		 tail;
	const char	*nextq;		/* first quote from pos, or good */
	const char	*nextcr;	/* first CR from pos, or good */
	int		 idle;		/* libcsv holds no record */
	int		 fast;		/* the fast path is allowed */

	/* Fields of the queued records, then of the record in progress. */
	struct buf	 text;		/* each field followed by a NUL */
	size_t		*off;		/* of each field in text */
	size_t		*len;
	size_t		 nf, capf;
	struct qrec	*q;
	size_t		 nq, capq, head;

	/* The record in progress. */
	size_t		 first;		/* its first field */
	size_t		 bytes;		/* its size, as counted by the limit */
	unsigned long	 line;		/* where it starts */
	unsigned long	 inlf;		/* LFs inside its fields so far */

	/* Where the first raw byte not yet parsed is, for messages. */
	unsigned long	 rline;
	size_t		 rcol;		/* bytes since the last LF */

	struct csv_record rec;		/* the record last handed out */
	char		**ptr;
	size_t		*flen;		/* field lengths of a fast record */
	size_t		 capp;
	size_t		 limit;
	unsigned long	 count;
	char		 err[PATH_MAX + 128];
};

struct csv_writer {
	FILE		*fp;
	char		*buf;		/* WBUFSZ bytes */
	size_t		 len;
	size_t		 nfields;	/* in the record being written */
	int		 first_empty;	/* its first field was empty */
	int		 started;	/* some byte has been written */
	int		 err;		/* errno of the first failed write */
};

/* RFC 4180: spaces are data, so libcsv must not trim any. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

struct csv_reader *
csvr_new(FILE *fp, const char *name)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));

	/*
	 * STRICT_FINI makes an unterminated quote at end of input an
	 * error instead of a silently truncated field.
	 */
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_REPALL_NL) != 0) {
		free(r);
		return NULL;
	}
	csv_set_space_func(&r->parser, no_space);
	/* The library's policy on exhaustion, instead of CSV_ENOMEM. */
	csv_set_realloc_func(&r->parser, xrealloc);
	r->fp = fp;
	r->name = xstrdup(name ? name : "-");
	r->chunk = xmalloc(CHUNK + CARRY_MAX);
	r->pos = r->good = r->end = r->chunk;
	r->idle = r->fast = 1;
	r->bom = 1;
	r->line = r->rline = 1;
	r->limit = DEFAULT_LIMIT;
	buf_init(&r->text);
	return r;
}

void
csvr_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	csv_free(&r->parser);
	buf_free(&r->text);
	free(r->off);
	free(r->len);
	free(r->q);
	free(r->ptr);
	free(r->flen);
	free(r->chunk);
	free(r->name);
	free(r);
}

const char *
csvr_error(const struct csv_reader *r)
{
	return r->err;
}

unsigned long
csvr_count(const struct csv_reader *r)
{
	return r->count;
}

void
csvr_set_limit(struct csv_reader *r, size_t max)
{
	r->limit = max;
}

void
csvr_set_fast(struct csv_reader *r, int on)
{
	r->fast = on;
}

void
csvr_require_line_end(struct csv_reader *r)
{
	r->need_end = 1;
}

static unsigned long
count_lf(const char *s, size_t n)
{
	const char *end = s + n;
	unsigned long c = 0;

	if (n == 0)
		return 0;
	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		c++;
		s++;
	}
	return c;
}

/* Moves the raw position over n bytes that libcsv has consumed. */
static void
advance(struct csv_reader *r, const char *p, size_t n)
{
	const char *end = p + n, *nl;

	if (n == 0)
		return;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		r->rline++;
		r->rcol = 0;
		p = nl + 1;
	}
	r->rcol += (size_t)(end - p);
}

/*
 * A record's size is that of its unquoted fields each followed by one
 * byte (a comma or the line end): the raw size for simple records, and a
 * bound on the bytes and the field slots a record can make us hold.
 */
static void
too_long(struct csv_reader *r)
{
	seterr(r->err, sizeof(r->err), "%s:%lu: record longer than %zu bytes",
	    r->name, r->line, r->limit);
	r->failed = 1;
}

static void
on_field(void *s, size_t n, void *arg)
{
	struct csv_reader *r = arg;

	r->idle = 0;
	if (r->failed)
		return;
	if (r->bytes > r->limit || n >= r->limit - r->bytes) {
		too_long(r);
		return;
	}
	r->bytes += n + 1;
	if (r->nf == r->capf) {
		r->capf = r->capf ? r->capf * 2 : 64;
		r->off = xreallocarray(r->off, r->capf, sizeof(*r->off));
		r->len = xreallocarray(r->len, r->capf, sizeof(*r->len));
	}
	r->off[r->nf] = r->text.len;
	r->len[r->nf] = n;
	r->nf++;
	buf_add(&r->text, s, n);
	buf_addc(&r->text, '\0');
	r->inlf += count_lf(s, n);
}

static void
on_row(int c, void *arg)
{
	struct csv_reader *r = arg;

	/* Only an LF that ends a row leaves libcsv between records. */
	r->idle = c == '\n';
	if (r->failed)
		return;
	/* csv_fini() ends a record the input left without a line end */
	if (c == -1 && r->need_end && r->nf > r->first) {
		seterr(r->err, sizeof(r->err), "%s:%lu: the last record has "
		    "no line end: the file is cut short", r->name, r->line);
		r->failed = 1;
		return;
	}
	/* Blank lines come as rows without fields. */
	if (r->nf > r->first) {
		if (r->nq == r->capq) {
			r->capq = r->capq ? r->capq * 2 : 64;
			r->q = xreallocarray(r->q, r->capq, sizeof(*r->q));
		}
		r->q[r->nq].first = r->first;
		r->q[r->nq].n = r->nf - r->first;
		r->q[r->nq].line = r->line;
		r->nq++;
	}
	r->line += r->inlf + (c == '\n');
	r->inlf = 0;
	r->bytes = 0;
	r->first = r->nf;
}

/* Every queued record has been handed out: keep the one in progress. */
static void
compact(struct csv_reader *r)
{
	size_t n = r->nf - r->first, base, i;

	r->nq = r->head = 0;
	/* Nothing before it: a record spanning many chunks costs nothing. */
	if (r->first == 0)
		return;
	base = n ? r->off[r->first] : r->text.len;
	if (base > 0) {
		memmove(r->text.data, r->text.data + base, r->text.len - base);
		r->text.len -= base;
		r->text.data[r->text.len] = '\0';
	}
	for (i = 0; i < n; i++) {
		r->off[i] = r->off[r->first + i] - base;
		r->len[i] = r->len[r->first + i];
	}
	r->nf = n;
	r->first = 0;
}

static void
parse_fail(struct csv_reader *r, unsigned long line)
{
	seterr(r->err, sizeof(r->err), "%s:%lu: malformed CSV: %s", r->name,
	    line, csv_strerror(csv_error(&r->parser)));
	r->failed = 1;
}

/*
 * Parses n bytes at p; 0, or -1 with the reader failed. at_end: they end
 * what the chunk holds of valid UTF-8, where a record may stay open.
 */
static int
parse(struct csv_reader *r, const char *p, size_t n, int at_end)
{
	size_t used, sz;

	/*
	 * libcsv grows its field buffer by a fixed block; growing by at
	 * least its current size keeps a long field linear, and by at least
	 * a chunk means one realloc per call at most.
	 */
	sz = csv_get_buffer_size(&r->parser);
	csv_set_blk_size(&r->parser, sz > CHUNK ? sz : CHUNK);
	used = csv_parse(&r->parser, p, n, on_field, on_row, r);
	if (r->failed)
		return -1;
	if (used < n) {
		/* libcsv stops on the offending byte. */
		advance(r, p, used);
		parse_fail(r, r->rline);
		return -1;
	}
	advance(r, p, n);
	/* The field in progress counts too, or it could grow unbounded. */
	if (at_end && (r->bytes > r->limit ||
	    r->parser.entry_pos > r->limit - r->bytes)) {
		too_long(r);
		return -1;
	}
	return 0;
}

static void
finish(struct csv_reader *r)
{
	r->eof = 1;
	if (csv_fini(&r->parser, on_field, on_row, r) != 0) {
		/*
		 * An open quote at the end: its field starts after the last
		 * LF seen. So ends the stream of a writer that failed
		 * (OUTFILE_CUT, outfile.h).
		 */
		seterr(r->err, sizeof(r->err), "%s:%lu: the last record has "
		    "an open quote and no line end: the file is cut short",
		    r->name, r->line + r->inlf);
		r->failed = 1;
	}
}

/* Reads the next chunk; its bytes are then parsed from r->pos. */
static void
feed(struct csv_reader *r)
{
	char *p = r->chunk;
	size_t got, n;

	r->pos = r->good = r->end = r->chunk;
	r->nextq = r->nextcr = NULL;
	got = fread(r->chunk + r->carry, 1, CHUNK, r->fp);
	n = r->carry + got;
	r->carry = 0;
	if (got < CHUNK) {
		if (ferror(r->fp)) {
			seterr(r->err, sizeof(r->err), "%s: read error: %s",
			    r->name, strerror(errno));
			r->failed = 1;
			return;
		}
		r->eof = 1;
	}
	if (r->bom) {
		/* Only a chunk smaller than a BOM can cut one. */
		if (n < sizeof(bom) && !r->eof && memcmp(p, bom, n) == 0) {
			r->carry = n;
			return;
		}
		r->bom = 0;
		if (n >= sizeof(bom) && memcmp(p, bom, sizeof(bom)) == 0) {
			p += sizeof(bom);
			n -= sizeof(bom);
		}
	}
	r->pos = p;
	r->good = p + utf8_invalid_at(p, n);
	r->end = p + n;
	r->tail = 1;
}

/* Once [pos, good) is parsed: a cut sequence is kept, a bad one fails. */
static void
finish_chunk(struct csv_reader *r)
{
	size_t rest = (size_t)(r->end - r->good);

	r->tail = 0;
	if (rest > 0) {
		/* A sequence cut by the chunk end is finished next time. */
		if (rest <= CARRY_MAX && !r->eof) {
			memmove(r->chunk, r->good, rest);
			r->carry = rest;
		} else {
			seterr(r->err, sizeof(r->err), "%s:%lu:%zu: invalid "
			    "UTF-8", r->name, r->rline, r->rcol + 1);
			r->failed = 1;
		}
	} else if (r->eof)
		finish(r);
	r->pos = r->good = r->end = r->chunk;
}

/* libcsv parses up to the next LF: it may leave it between records. */
static void
parse_line(struct csv_reader *r)
{
	char *nl = memchr(r->pos, '\n', (size_t)(r->good - r->pos));
	char *e = nl ? nl + 1 : r->good;

	r->idle = 0;
	parse(r, r->pos, (size_t)(e - r->pos), e == r->good);
	r->pos = e;
	if (nl == NULL)
		r->idle = 0;
}

/* The first c in [s, r->good), or r->good. */
static const char *
next_of(const struct csv_reader *r, const char *s, int c)
{
	const char *p = memchr(s, c, (size_t)(r->good - s));

	return p ? p : r->good;
}

/* A word with the high bit of each byte of w that is c, and only those. */
static inline uint64_t
bytes_eq(uint64_t w, unsigned char c)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t x = w ^ (0x0101010101010101ULL * c);

	return ~(((x & low7) + low7) | x | low7);
}

/* Eight bytes at s as a word whose lowest byte is s[0]: a bytes_eq()
 * mask then gives them in memory order, lowest bit first. */
static inline uint64_t
load_le(const char *s)
{
	uint64_t w;

	memcpy(&w, s, sizeof(w));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

static void
grow_fields(struct csv_reader *r, size_t n)
{
	if (n <= r->capp)
		return;
	n = n > 2 * r->capp ? n : 2 * r->capp;
	r->ptr = xreallocarray(r->ptr, n, sizeof(*r->ptr));
	r->flen = xreallocarray(r->flen, n, sizeof(*r->flen));
	r->capp = n;
}

/*
 * Splits [s, end) on its commas, which become NULs: the fields in
 * r->ptr and r->flen, their number returned. Fields are short (a few
 * bytes each), so a memchr() per comma costs more in calls than in
 * looking: the commas are found eight bytes at a time, every comma of
 * a word from its one mask.
 */
static size_t
split_commas(struct csv_reader *r, char *s, char *end)
{
	char *field = s, *c;
	size_t n = 0;
	uint64_t hit;

	for (; end - s >= 8; s += 8)
		for (hit = bytes_eq(load_le(s), ','); hit; hit &= hit - 1) {
			c = s + __builtin_ctzll(hit) / 8;
			grow_fields(r, n + 1);
			r->ptr[n] = field;
			r->flen[n++] = (size_t)(c - field);
			*c = '\0';
			field = c + 1;
		}
	for (; s < end; s++)
		if (*s == ',') {
			grow_fields(r, n + 1);
			r->ptr[n] = field;
			r->flen[n++] = (size_t)(s - field);
			*s = '\0';
			field = s + 1;
		}
	grow_fields(r, n + 1);
	r->ptr[n] = field;
	r->flen[n++] = (size_t)(end - field);
	return n;
}

/*
 * The fast path: the line at r->pos, when libcsv holds nothing and the
 * line is whole, has no quote and no CR but before its LF. Its commas
 * and its end become NULs in place. Returns 1 with *rec set, 2 for a
 * blank line skipped, 0 when the line is libcsv's, -1 when too long.
 */
static int
fast_line(struct csv_reader *r, struct csv_record **rec)
{
	char *s = r->pos, *nl, *end;
	size_t n;

	if ((nl = memchr(s, '\n', (size_t)(r->good - s))) == NULL)
		return 0;
	if (r->nextq == NULL || r->nextq < s)
		r->nextq = next_of(r, s, '"');
	if (r->nextq < nl)
		return 0;
	if (r->nextcr == NULL || r->nextcr < s)
		r->nextcr = next_of(r, s, '\r');
	end = nl;
	if (r->nextcr < nl) {
		if (r->nextcr != nl - 1)
			return 0;
		end = nl - 1;
	}
	/*
	 * Its size as on_field() counts it, each field and a separator; a
	 * blank line has no field, so no size.
	 */
	if (end > s && (size_t)(end - s) >= r->limit) {
		too_long(r);
		return -1;
	}
	r->pos = nl + 1;
	r->rline++;
	r->rcol = 0;
	if (end == s) {
		r->line++;
		return 2;
	}
	*end = '\0';
	n = split_commas(r, s, end);
	r->rec.nfields = n;
	r->rec.field = r->ptr;
	r->rec.len = r->flen;
	r->rec.line = r->line++;
	r->rec.plain = 1;
	r->count++;
	*rec = &r->rec;
	return 1;
}

static void
emit(struct csv_reader *r, struct csv_record **rec)
{
	const struct qrec *q = &r->q[r->head++];
	size_t i;

	grow_fields(r, q->n);
	for (i = 0; i < q->n; i++)
		r->ptr[i] = r->text.data + r->off[q->first + i];
	r->rec.nfields = q->n;
	r->rec.field = r->ptr;
	r->rec.len = r->len + q->first;
	r->rec.line = q->line;
	r->rec.plain = 0;
	r->count++;
	*rec = &r->rec;
}

int
csvr_next(struct csv_reader *r, struct csv_record **rec)
{
	int rc;

	for (;;) {
		if (r->head < r->nq) {
			emit(r, rec);
			return 1;
		}
		if (r->failed)
			return -1;
		if (r->pos < r->good) {
			if (r->idle && r->fast &&
			    (rc = fast_line(r, rec)) != 0) {
				if (rc == 1)
					return 1;
				continue;
			}
			compact(r);
			parse_line(r);
		} else if (r->tail)
			finish_chunk(r);
		else if (r->eof)
			return 0;
		else {
			compact(r);
			feed(r);
		}
	}
}

struct csv_writer *
csvw_new(FILE *fp)
{
	struct csv_writer *w = xcalloc(1, sizeof(*w));

	w->fp = fp;
	w->buf = xmalloc(WBUFSZ);
	return w;
}

/* Writes out the buffer; after a failure output is dropped, the error kept. */
static void
drain(struct csv_writer *w)
{
	if (w->len > 0 && w->err == 0) {
		errno = 0;
		if (fwrite(w->buf, 1, w->len, w->fp) != w->len)
			w->err = errno ? errno : EIO;
	}
	w->len = 0;
}

static void
put(struct csv_writer *w, const char *s, size_t n)
{
	size_t k;

	w->started = 1;
	while (n > 0) {
		if (w->len == WBUFSZ)
			drain(w);
		k = WBUFSZ - w->len;
		if (k > n)
			k = n;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
	}
}

static void
putc_w(struct csv_writer *w, char c)
{
	if (w->len == WBUFSZ)
		drain(w);
	w->buf[w->len++] = c;
	w->started = 1;
}

/* Whether s holds a byte that makes a field quoted: eight at a time. */
static int
has_special(const char *s, size_t n)
{
	uint64_t w, hit = 0;
	size_t i;

	for (i = 0; i + sizeof(w) <= n; i += sizeof(w)) {
		memcpy(&w, s + i, sizeof(w));
		hit |= bytes_eq(w, ',') | bytes_eq(w, '"') |
		    bytes_eq(w, '\r') | bytes_eq(w, '\n');
	}
	for (; i < n; i++)
		hit |= s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	return hit != 0;
}

static int
needs_quotes(const struct csv_writer *w, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return 1;
	/* Unquoted, a leading BOM would be taken for the file's own. */
	if (!w->started && n >= sizeof(bom) && memcmp(s, bom, sizeof(bom)) == 0)
		return 1;
	return has_special(s, n);
}

void
csvw_field(struct csv_writer *w, const char *s, size_t n)
{
	const char *q, *end;

	if (w->nfields++ > 0)
		putc_w(w, ',');
	else
		w->first_empty = n == 0;
	/* Most fields: plain, and room for them (a BOM matters first only). */
	if (n > 0 && n <= WBUFSZ - w->len && w->started && s[0] != ' ' &&
	    s[n - 1] != ' ' && !has_special(s, n)) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
		return;
	}
	if (!needs_quotes(w, s, n)) {
		if (n > 0)
			put(w, s, n);
		return;
	}
	end = s + n;
	putc_w(w, '"');
	while ((q = memchr(s, '"', (size_t)(end - s))) != NULL) {
		put(w, s, (size_t)(q - s) + 1);
		putc_w(w, '"');
		s = q + 1;
	}
	put(w, s, (size_t)(end - s));
	putc_w(w, '"');
}

void
csvw_plain(struct csv_writer *w, const char *s, size_t n)
{
	/* Spaces at an end, the file's first bytes, a full buffer: as ever. */
	if (n == 0 || n >= WBUFSZ - w->len || !w->started || s[0] == ' ' ||
	    s[n - 1] == ' ') {
		csvw_field(w, s, n);
		return;
	}
	if (w->nfields++ > 0)
		w->buf[w->len++] = ',';
	else
		w->first_empty = 0;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

/*
 * The fields of a plain record as they lie in the reader's chunk: one
 * after another, each followed by the one byte that was its comma (the
 * fast path's NUL). Then the line is the bytes from the first field to
 * the end of the last, those bytes put back to commas: one copy instead
 * of a call per field. Only fields that csvw_plain() writes bare may go
 * so; any other record, or one not laid out so, goes field by field.
 */
static int
joinable(const struct csv_writer *w, char *const *v, const size_t *len,
    size_t n)
{
	size_t i;

	if (n < 2 || !w->started || w->nfields)
		return 0;
	for (i = 0; i < n; i++) {
		if (len[i] && (v[i][0] == ' ' || v[i][len[i] - 1] == ' '))
			return 0;
		if (i + 1 < n && v[i + 1] != v[i] + len[i] + 1)
			return 0;
	}
	return 1;
}

void
csvw_plain_record(struct csv_writer *w, char *const *v, const size_t *len,
    size_t n)
{
	size_t i, span;
	char *p;

	if (!joinable(w, v, len, n) ||
	    (span = (size_t)(v[n - 1] + len[n - 1] - v[0])) >= WBUFSZ - w->len) {
		for (i = 0; i < n; i++)
			csvw_plain(w, v[i], len[i]);
		csvw_end(w);
		return;
	}
	p = w->buf + w->len;
	memcpy(p, v[0], span);
	for (i = 0; i + 1 < n; i++)
		p[v[i] + len[i] - v[0]] = ',';
	p[span] = '\n';
	w->len += span + 1;
}

void
csvw_end(struct csv_writer *w)
{
	/* A lone empty field written bare would be a blank line, skipped. */
	if (w->nfields == 1 && w->first_empty)
		put(w, "\"\"", 2);
	putc_w(w, '\n');
	w->nfields = 0;
}

void
csvw_record(struct csv_writer *w, char *const *fields, const size_t *len,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (fields[i] == NULL)
			csvw_field(w, "", 0);
		else
			csvw_field(w, fields[i],
			    len ? len[i] : strlen(fields[i]));
	}
	csvw_end(w);
}

int
csvw_flush(struct csv_writer *w)
{
	drain(w);
	if (w->err == 0) {
		errno = 0;
		if (fflush(w->fp) == EOF)
			w->err = errno ? errno : EIO;
	}
	if (w->err) {
		errno = w->err;
		return -1;
	}
	return 0;
}

int
csvw_free(struct csv_writer *w)
{
	int rc, saved;

	if (w == NULL)
		return 0;
	rc = csvw_flush(w);
	saved = errno;
	free(w->buf);
	free(w);
	errno = saved;
	return rc;
}
