/*
 * test_csvio.c - the CSV reader and writer: a table of small inputs with
 * the records (and line numbers) or the exact error each must give; long
 * inputs that cross the reader's 64 KiB chunks at every offset of a
 * tricky record; bounded reading of a huge field; and the writer's exact
 * bytes, buffering, sticky errors and round trips through the reader.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "csvio.h"
#include "unit.h"
#include "util.h"

#define CHUNK	(64 * 1024)	/* the reader's fread size, in csvio.c */

#define IN(s)	s, sizeof(s) - 1

static FILE *
memfile(const char *s, size_t n)
{
	FILE *fp = fmemopen((void *)s, n, "r");

	ck_assert_ptr_nonnull(fp);
	return fp;
}

static FILE *
tmpcopy(const char *s, size_t n)
{
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(s, 1, n, fp), n);
	rewind(fp);
	return fp;
}

/* "LINE[f1][f2]\n" per record, with CR, LF, NUL and \ escaped. */
static void
render(struct buf *out, const struct csv_record *rec)
{
	size_t i, j;

	buf_printf(out, "%lu", rec->line);
	for (i = 0; i < rec->nfields; i++) {
		ck_assert_int_eq(rec->field[i][rec->len[i]], '\0');
		buf_addc(out, '[');
		for (j = 0; j < rec->len[i]; j++) {
			char c = rec->field[i][j];

			if (c == '\n')
				buf_adds(out, "\\n");
			else if (c == '\r')
				buf_adds(out, "\\r");
			else if (c == '\0')
				buf_adds(out, "\\0");
			else if (c == '\\')
				buf_adds(out, "\\\\");
			else
				buf_addc(out, c);
		}
		buf_addc(out, ']');
	}
	buf_addc(out, '\n');
}

/*
 * Reads all of fp, with the fast path for plain lines or (fast 0) all
 * through libcsv; returns the last csvr_next() result.
 */
static int
read_all_as(FILE *fp, size_t limit, struct buf *out, char **err, int fast)
{
	struct csv_reader *r = csvr_new(fp, "t");
	struct csv_record *rec;
	unsigned long n = 0;
	int rc;

	ck_assert_ptr_nonnull(r);
	csvr_set_fast(r, fast);
	if (limit)
		csvr_set_limit(r, limit);
	while ((rc = csvr_next(r, &rec)) == 1) {
		render(out, rec);
		n++;
	}
	ck_assert_uint_eq(csvr_count(r), n);
	/* The end is sticky. */
	ck_assert_int_eq(csvr_next(r, &rec), rc);
	*err = rc == -1 ? xstrdup(csvr_error(r)) : NULL;
	csvr_free(r);
	return rc;
}

static int
read_all(FILE *fp, size_t limit, struct buf *out, char **err)
{
	return read_all_as(fp, limit, out, err, 1);
}

static const struct {
	const char	*name;
	const char	*in;
	size_t		 len;
	size_t		 limit;		/* 0: the default */
	const char	*want;
	const char	*error;		/* NULL: ends cleanly */
} cases[] = {
	{ "empty", IN(""), 0, "", NULL },
	{ "simple", IN("a,b\nc,d\n"), 0, "1[a][b]\n2[c][d]\n", NULL },
	{ "no final newline", IN("a,b\nc"), 0, "1[a][b]\n2[c]\n", NULL },
	{ "crlf", IN("a,b\r\nc,d\r\n"), 0, "1[a][b]\n2[c][d]\n", NULL },
	{ "crlf, no final", IN("a\r\n\"b\""), 0, "1[a]\n2[b]\n", NULL },
	{ "blank lines", IN("\n\na\n\r\n\nb\n\n"), 0, "3[a]\n6[b]\n", NULL },
	{ "blank only", IN("\n\r\n\n"), 0, "", NULL },
	{ "quoting", IN("\"a,b\",\"c\"\"d\",\"\",\"\"\"\"\n"), 0,
	    "1[a,b][c\"d][][\"]\n", NULL },
	{ "embedded newlines", IN("x,\"l1\nl2\r\nl3\"\ny\n"), 0,
	    "1[x][l1\\nl2\\r\\nl3]\n4[y]\n", NULL },
	{ "newline fields", IN("\"\n\",\"\n\"\nz\n"), 0,
	    "1[\\n][\\n]\n4[z]\n", NULL },
	{ "bom", IN("\xef\xbb\xbf" "a,b\n"), 0, "1[a][b]\n", NULL },
	{ "bom only", IN("\xef\xbb\xbf"), 0, "", NULL },
	{ "bom, blank", IN("\xef\xbb\xbf\n\nx"), 0, "3[x]\n", NULL },
	{ "bom quoted", IN("\xef\xbb\xbf\"a\"\n"), 0, "1[a]\n", NULL },
	{ "second bom kept", IN("\xef\xbb\xbf\xef\xbb\xbf" "a\n"), 0,
	    "1[\xef\xbb\xbf" "a]\n", NULL },
	{ "nul", IN("a\0b,c\n\"\0\"\n"), 0, "1[a\\0b][c]\n2[\\0]\n", NULL },
	{ "spaces kept", IN(" a , b \n\t\n"), 0, "1[ a ][ b ]\n2[\t]\n",
	    NULL },
	{ "empty fields", IN(",\n,,\n"), 0, "1[][]\n2[][][]\n", NULL },
	{ "lone empty quoted", IN("\"\"\n"), 0, "1[]\n", NULL },
	{ "bare cr", IN("a\rb\n\rc"), 0, "1[a]\n1[b]\n2[c]\n", NULL },
	{ "utf-8", IN("\xc3\xa9,\xe4\xb8\xad,\xf0\x9d\x84\x9e\n"), 0,
	    "1[\xc3\xa9][\xe4\xb8\xad][\xf0\x9d\x84\x9e]\n", NULL },
	{ "bad utf-8", IN("a,b\nc,d\xff\n"), 0, "1[a][b]\n",
	    "t:2:4: invalid UTF-8" },
	{ "bad utf-8, multi-line", IN("a\nb,\"x\ny\xc3(\"\n"), 0, "1[a]\n",
	    "t:3:2: invalid UTF-8" },
	{ "bad utf-8 after quotes", IN("\"\"\"\xff\"\n"), 0, "",
	    "t:1:4: invalid UTF-8" },
	{ "bad utf-8 after bom", IN("\xef\xbb\xbf\x80"), 0, "",
	    "t:1:1: invalid UTF-8" },
	{ "cut utf-8 at end", IN("a,\xc3"), 0, "", "t:1:3: invalid UTF-8" },
	{ "cut bom", IN("\xef\xbb"), 0, "", "t:1:1: invalid UTF-8" },
	{ "surrogate", IN("\xed\xa0\x80\n"), 0, "", "t:1:1: invalid UTF-8" },
	{ "overlong", IN("x\n\xc0\xaf\n"), 0, "1[x]\n",
	    "t:2:1: invalid UTF-8" },
	{ "quote in field", IN("a\nb,c\"d\n"), 0, "1[a]\n",
	    "t:2: malformed CSV: error parsing data while strict checking "
	    "enabled" },
	{ "text after quote", IN("\"a\"b\n"), 0, "",
	    "t:1: malformed CSV: error parsing data while strict checking "
	    "enabled" },
	{ "space after quote", IN("\"a\" ,b\n"), 0, "",
	    "t:1: malformed CSV: error parsing data while strict checking "
	    "enabled" },
	{ "space before quote", IN("a, \"b\"\n"), 0, "",
	    "t:1: malformed CSV: error parsing data while strict checking "
	    "enabled" },
	{ "bad quote, multi-line", IN("\"a\nb\"c\n"), 0, "",
	    "t:2: malformed CSV: error parsing data while strict checking "
	    "enabled" },
	{ "unterminated", IN("a\n\"b\nc\n"), 0, "1[a]\n",
	    "t:2: the last record has an open quote and no line end: the "
	    "file is cut short" },
	{ "unterminated later", IN("x,\"a\nb\",\"c\n\n"), 0, "",
	    "t:2: the last record has an open quote and no line end: the "
	    "file is cut short" },
	{ "at limit", IN("abc\nab,c\n"), 5, "1[abc]\n2[ab][c]\n", NULL },
	{ "over limit", IN("aaaa,bbbb\naaaaa,bbbb\nc\n"), 10,
	    "1[aaaa][bbbb]\n", "t:2: record longer than 10 bytes" },
	{ "over limit, fields", IN("a\n,,,,,,,,,,\n"), 10, "1[a]\n",
	    "t:2: record longer than 10 bytes" },
	{ "over limit, open", IN("x\n\n\"aaaaaaaaaaaa"), 10, "1[x]\n",
	    "t:3: record longer than 10 bytes" },
	/* The fast path (plain lines) and its hand-overs to libcsv. */
	{ "plain, quoted, plain", IN("a,b\nc,\"d\"\ne\n"), 0,
	    "1[a][b]\n2[c][d]\n3[e]\n", NULL },
	{ "plain after multi-line", IN("\"x\ny\",z\nw,v\n"), 0,
	    "1[x\\ny][z]\n3[w][v]\n", NULL },
	{ "quote late in line", IN("a,b,c,d,\"e\"\nf\n"), 0,
	    "1[a][b][c][d][e]\n2[f]\n", NULL },
	{ "mixed line ends", IN("a\r\nb\nc\r\n\nd"), 0,
	    "1[a]\n2[b]\n3[c]\n5[d]\n", NULL },
	{ "cr mid line", IN("a,b\rc\nd\n"), 0, "1[a][b]\n1[c]\n2[d]\n",
	    NULL },
	{ "cr cr lf", IN("a\r\r\nb\n"), 0, "1[a]\n2[b]\n", NULL },
	{ "cr then quote", IN("a\r\"b\"\nc\n"), 0, "1[a]\n1[b]\n2[c]\n",
	    NULL },
	{ "edge commas", IN(",a\na,\n,\n"), 0, "1[][a]\n2[a][]\n3[][]\n",
	    NULL },
	{ "lone cr line", IN("a\n\r\nb\n"), 0, "1[a]\n3[b]\n", NULL },
	{ "plain over limit", IN("abcd\nabcde\nx\n"), 5, "1[abcd]\n",
	    "t:2: record longer than 5 bytes" },
	{ "plain over limit, crlf", IN("abcd\r\nabcde\r\n"), 5, "1[abcd]\n",
	    "t:2: record longer than 5 bytes" },
	{ "over limit after quoted", IN("\"a\"\nbbbbbbbbbbbb\n"), 10,
	    "1[a]\n", "t:2: record longer than 10 bytes" },
	{ "bad utf-8 in plain line", IN("a,b\nc,\xff,d\ne\n"), 0,
	    "1[a][b]\n", "t:2:3: invalid UTF-8" },
	{ "bad quote after plain", IN("a\nb\nc\"\n"), 0, "1[a]\n2[b]\n",
	    "t:3: malformed CSV: error parsing data while strict checking "
	    "enabled" },
	/* The fast path's split, eight bytes at a time: commas at every
	 * offset of a word, several in one, none in many, at the ends. */
	{ "commas every offset", IN("a,bc,def,ghij,klmno,pqrstu,vwxyzab,"
	    "cdefghij,k\n"), 0, "1[a][bc][def][ghij][klmno][pqrstu][vwxyzab]"
	    "[cdefghij][k]\n", NULL },
	{ "comma run", IN(",,,,,,,,,,,,,,,,,\r\n"), 0,
	    "1[][][][][][][][][][][][][][][][][][]\n", NULL },
	{ "long field, trailing comma", IN("0123456789abcdefghijklmnopqrstuv"
	    "wxyz0123456789,\n"), 0, "1[0123456789abcdefghijklmnopqrstuvwxyz"
	    "0123456789][]\n", NULL },
	{ "utf-8 words", IN("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97,"
	    "\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e,\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\r\n"), 0, "1[\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97]"
	    "[\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e][\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9]\n", NULL },
	{ "nul in a long plain line", IN("abcdefg\0,hijklmnop,\0\0\0\0\0\0"
	    "\0\0\0,q\n"), 0, "1[abcdefg\\0][hijklmnop][\\0\\0\\0\\0\\0"
	    "\\0\\0\\0\\0][q]\n", NULL },
	{ "unterminated after plain", IN("a\nb\n\"c\nd\n"), 0,
	    "1[a]\n2[b]\n",
	    "t:3: the last record has an open quote and no line end: the "
	    "file is cut short" },
};

static void
table_case(int i, int fast)
{
	struct buf out;
	char *err;
	FILE *fp;
	int rc, _i = i;

	buf_init(&out);
	buf_adds(&out, "");
	fp = memfile(cases[_i].in, cases[_i].len);
	rc = read_all_as(fp, cases[_i].limit, &out, &err, fast);
	fclose(fp);
	ck_assert_msg(strcmp(out.data, cases[_i].want) == 0,
	    "%s: got records\n%s", cases[_i].name, out.data);
	if (cases[_i].error == NULL)
		ck_assert_msg(rc == 0, "%s: error %s", cases[_i].name, err);
	else {
		ck_assert_msg(rc == -1, "%s: no error", cases[_i].name);
		ck_assert_msg(strcmp(err, cases[_i].error) == 0,
		    "%s: error \"%s\"", cases[_i].name, err);
	}
	free(err);
	buf_free(&out);
}

START_TEST(table)
{
	table_case(_i, 1);
}
END_TEST

/* libcsv alone gives the same records and errors. */
START_TEST(table_slow)
{
	table_case(_i, 0);
}
END_TEST

/* n copies of c. */
static void
fill(struct buf *b, int c, size_t n)
{
	buf_reserve(b, n);
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/*
 * A record with a doubled quote, CRLF, a quoted LF and multibyte
 * characters, started at every offset around the first chunk boundary
 * so that each of its bytes is cut from the next once.
 */
static const char tricky[] =
    "\"q\"\"x\r\ny,\xc3\xa9\xf0\x9d\x84\x9e\",z\r\n";
static const char tricky_want[] =
    "2[q\"x\\r\\ny,\xc3\xa9\xf0\x9d\x84\x9e][z]\n4[last]\n";

static void
straddle(const char *prefix)
{
	size_t start, plen = strlen(prefix);

	for (start = CHUNK - sizeof(tricky); start <= CHUNK + 1; start++) {
		struct buf in, out, want;
		char *err;
		FILE *fp;

		buf_init(&in);
		buf_init(&out);
		buf_init(&want);
		buf_adds(&in, prefix);
		fill(&in, 'p', start - plen - 1);
		buf_adds(&in, "\n");
		buf_adds(&in, tricky);
		buf_adds(&in, "last\n");
		fp = tmpcopy(in.data, in.len);
		ck_assert_int_eq(read_all(fp, 0, &out, &err), 0);
		fclose(fp);
		buf_adds(&want, "1[");
		fill(&want, 'p', start - plen - 1);
		buf_adds(&want, "]\n");
		buf_adds(&want, tricky_want);
		ck_assert_msg(strcmp(out.data, want.data) == 0,
		    "record at %zu", start);
		buf_free(&in);
		buf_free(&out);
		buf_free(&want);
	}
}

START_TEST(chunk_straddle)
{
	straddle("");
}
END_TEST

START_TEST(chunk_straddle_bom)
{
	straddle("\xef\xbb\xbf");
}
END_TEST

/* A bad byte in a later chunk is placed by line and column. */
START_TEST(chunk_bad_utf8)
{
	static const struct {
		size_t		 line1;		/* bytes of line 1 */
		const char	*tail;
		const char	*error;
	} t[] = {
		{ 70000, "\xff\n", "t:1:70001: invalid UTF-8" },
		{ 70000, "\nxy\xff\n", "t:2:3: invalid UTF-8" },
		{ CHUNK - 1, "\xc3", "t:1:65536: invalid UTF-8" },
		{ CHUNK - 2, "\xc3(", "t:1:65535: invalid UTF-8" },
		{ 3 * CHUNK, "\n\n\"a\nb\xe4\xb8\"", "t:4:2: invalid UTF-8" },
		{ 100000, "\na\"b", "t:2: malformed CSV: error parsing data "
		    "while strict checking enabled" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct buf in, out;
		char *err;
		FILE *fp;

		buf_init(&in);
		buf_init(&out);
		fill(&in, 'a', t[i].line1);
		buf_adds(&in, t[i].tail);
		fp = tmpcopy(in.data, in.len);
		ck_assert_int_eq(read_all(fp, 0, &out, &err), -1);
		ck_assert_str_eq(err, t[i].error);
		fclose(fp);
		free(err);
		buf_free(&in);
		buf_free(&out);
	}
}
END_TEST

/*
 * Lines of every kind in a pseudo-random mix over several chunks, so that
 * the fast path hands over to libcsv and back at chunk ends too: read both
 * ways, the same records on the same lines.
 */
START_TEST(fast_equals_slow)
{
	static const char *const line[] = {
	    "a,b,c\n", "plain,\xe4\xb8\xad\xe6\x96\x87,x\r\n", "\n", "\r\n",
	    "q,\"quoted, with comma\",z\n", "\"multi\nline\",end\r\n",
	    "bare\rcr,x\n", ",,\n", " sp , ace \n", "\"\"\"\"\n", "n\0ul,y\n",
	    "\"open\r\n\r\nstill\",done\n", "x\r\r\n",
	};
	struct buf in, fast, slow;
	unsigned long seed = 1;
	char *err1, *err2;
	size_t i, n = sizeof(line) / sizeof(line[0]), k;
	FILE *fp;

	buf_init(&in);
	buf_init(&fast);
	buf_init(&slow);
	while (in.len < 5 * CHUNK) {
		seed = seed * 1103515245 + 12345;
		k = (seed >> 16) % n;
		/* line[10] holds a NUL: its length is not strlen's */
		buf_add(&in, line[k], k == 10 ? 7 : strlen(line[k]));
		for (i = 0; i < (seed >> 8) % 40; i++)
			buf_addc(&in, 'p');
		buf_adds(&in, "\n");
	}
	fp = tmpcopy(in.data, in.len);
	ck_assert_int_eq(read_all_as(fp, 0, &fast, &err1, 1), 0);
	rewind(fp);
	ck_assert_int_eq(read_all_as(fp, 0, &slow, &err2, 0), 0);
	fclose(fp);
	ck_assert_uint_eq(fast.len, slow.len);
	ck_assert_int_eq(memcmp(fast.data, slow.data, fast.len), 0);
	buf_free(&in);
	buf_free(&fast);
	buf_free(&slow);
}
END_TEST

/* A limit of 0 refuses any field but lets blank lines by, both ways. */
START_TEST(limit_zero)
{
	static const char in[] = "\n\r\n\n,\n";
	int fast;

	for (fast = 0; fast <= 1; fast++) {
		struct csv_reader *r;
		struct csv_record *rec;
		FILE *fp = memfile(in, sizeof(in) - 1);

		r = csvr_new(fp, "t");
		csvr_set_fast(r, fast);
		csvr_set_limit(r, 0);
		ck_assert_int_eq(csvr_next(r, &rec), -1);
		ck_assert_str_eq(csvr_error(r), "t:4: record longer than 0 bytes");
		csvr_free(r);
		fclose(fp);
	}
}
END_TEST

/* A 1 MB quoted field with quotes and newlines, then more records. */
START_TEST(big_field)
{
	struct csv_reader *r;
	struct csv_record *rec;
	struct buf in;
	size_t i, n = 1024 * 1024;
	unsigned long nlf = 0;
	char *want = xmalloc(n);
	FILE *fp;

	buf_init(&in);
	buf_adds(&in, "\xef\xbb\xbf" "id,\"");
	for (i = 0; i < n; i++) {
		want[i] = i % 1000 == 999 ? '"' : i % 1000 == 500 ? '\n' : 'x';
		if (want[i] == '"')
			buf_addc(&in, '"');
		buf_addc(&in, want[i]);
		nlf += want[i] == '\n';
	}
	buf_adds(&in, "\",end\nnext\n");
	fp = tmpcopy(in.data, in.len);
	r = csvr_new(fp, "t");
	ck_assert_int_eq(csvr_next(r, &rec), 1);
	ck_assert_uint_eq(rec->line, 1);
	ck_assert_uint_eq(rec->nfields, 3);
	ck_assert_str_eq(rec->field[0], "id");
	ck_assert_uint_eq(rec->len[1], n);
	ck_assert_int_eq(memcmp(rec->field[1], want, n), 0);
	ck_assert_int_eq(rec->field[1][n], '\0');
	ck_assert_str_eq(rec->field[2], "end");
	ck_assert_int_eq(csvr_next(r, &rec), 1);
	ck_assert_str_eq(rec->field[0], "next");
	ck_assert_uint_eq(rec->line, 1 + nlf + 1);
	ck_assert_int_eq(csvr_next(r, &rec), 0);
	csvr_free(r);
	fclose(fp);
	buf_free(&in);
	free(want);
}
END_TEST

/* The limit stops a huge field soon, without reading the whole file. */
START_TEST(limit_stops_early)
{
	struct csv_reader *r;
	struct csv_record *rec;
	size_t n = 16 * 1024 * 1024;
	char *s = xmalloc(n);
	FILE *fp;

	memset(s, 'x', n);
	s[0] = '"';
	fp = tmpcopy(s, n);
	r = csvr_new(fp, "big.csv");
	csvr_set_limit(r, 1024 * 1024);
	ck_assert_int_eq(csvr_next(r, &rec), -1);
	ck_assert_str_eq(csvr_error(r),
	    "big.csv:1: record longer than 1048576 bytes");
	ck_assert_int_le(ftell(fp), 1024 * 1024 + 2 * CHUNK);
	csvr_free(r);
	fclose(fp);
	free(s);
}
END_TEST

START_TEST(many_records)
{
	struct csv_reader *r;
	struct csv_record *rec;
	unsigned long i, n = 200000, bad = 0;
	FILE *fp = tmpfile();
	char want[32];
	int rc;

	ck_assert_ptr_nonnull(fp);
	fputs("id,name,note\r\n", fp);
	for (i = 1; i < n; i++)
		fprintf(fp, "%lu,\"name %lu\",%s\r\n", i, i,
		    i % 7 ? "plain" : "\"with, comma\"");
	rewind(fp);
	r = csvr_new(fp, "t");
	/* Counted, not asserted one by one: each assert costs a syscall. */
	for (i = 0; (rc = csvr_next(r, &rec)) == 1; i++) {
		snprintf(want, sizeof(want), "%lu", i);
		if (rec->line != i + 1 || rec->nfields != 3 ||
		    (i > 0 && strcmp(rec->field[0], want) != 0))
			bad++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(i, n);
	ck_assert_uint_eq(csvr_count(r), n);
	csvr_free(r);
	fclose(fp);
}
END_TEST

static ssize_t
failing_read(void *cookie, char *b, size_t n)
{
	(void)cookie;
	(void)b;
	(void)n;
	errno = EIO;
	return -1;
}

START_TEST(read_error)
{
	cookie_io_functions_t io = { .read = failing_read };
	struct csv_reader *r;
	struct csv_record *rec;
	FILE *fp = fopencookie(NULL, "r", io);

	ck_assert_ptr_nonnull(fp);
	r = csvr_new(fp, "-");
	ck_assert_int_eq(csvr_next(r, &rec), -1);
	ck_assert_str_eq(csvr_error(r), "-: read error: Input/output error");
	csvr_free(r);
	fclose(fp);
}
END_TEST

/* Writes the records of fields (NULL ends a record, two NULLs the list). */
static char *
write_records(const char *const *f, size_t *outlen)
{
	struct csv_writer *w;
	char *out;
	FILE *fp = open_memstream(&out, outlen);

	ck_assert_ptr_nonnull(fp);
	w = csvw_new(fp);
	for (; f[0] != NULL || f[1] != NULL; f++) {
		if (*f == NULL)
			csvw_end(w);
		else
			csvw_field(w, *f, strlen(*f));
	}
	csvw_end(w);
	ck_assert_int_eq(csvw_free(w), 0);
	ck_assert_int_eq(fclose(fp), 0);
	return out;
}

static const struct {
	const char	*f[8];
	const char	*want;
} wcases[] = {
	{ { "a", "b,c", "d\"e" }, "a,\"b,c\",\"d\"\"e\"\n" },
	{ { " x", "y ", "z", "a b" }, "\" x\",\"y \",z,a b\n" },
	{ { "l1\nl2", "cr\r", "\"" }, "\"l1\nl2\",\"cr\r\",\"\"\"\"\n" },
	{ { "", "" }, ",\n" },
	{ { "" }, "\"\"\n" },
	{ { "", NULL, "x", "" }, "\"\"\nx,\n" },
	{ { "\xef\xbb\xbfx", NULL, "\xef\xbb\xbfy" },
	    "\"\xef\xbb\xbfx\"\n\xef\xbb\xbfy\n" },
	{ { "\t", "\xe4\xb8\xad" }, "\t,\xe4\xb8\xad\n" },
};

START_TEST(writer_bytes)
{
	size_t n;
	char *out = write_records(wcases[_i].f, &n);

	ck_assert_str_eq(out, wcases[_i].want);
	ck_assert_uint_eq(n, strlen(wcases[_i].want));
	free(out);
}
END_TEST

START_TEST(writer_record)
{
	char *f[] = { "a", "n\0ul", NULL, "q\"" };
	size_t len[] = { 1, 4, 0, 2 };
	struct csv_writer *w;
	char *out;
	size_t n;
	FILE *fp = open_memstream(&out, &n);

	w = csvw_new(fp);
	csvw_record(w, f, len, 4);
	csvw_record(w, f, NULL, 2);
	csvw_record(w, f, NULL, 0);
	ck_assert_int_eq(csvw_flush(w), 0);
	ck_assert_uint_eq(n, 19);
	ck_assert_int_eq(memcmp(out, "a,n\0ul,,\"q\"\"\"\na,n\n\n", 19), 0);
	ck_assert_int_eq(csvw_free(w), 0);
	/* The FILE is still the caller's, and open. */
	ck_assert_int_ge(fputs("more", fp), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_str_eq(out + 19, "more");
	free(out);
}
END_TEST

/*
 * csvw_plain() writes what csvw_field() writes for fields with no comma,
 * quote, CR or LF: the spaces at an end, an empty lone field, a BOM at
 * the start of the output, fields across the buffer's end.
 */
START_TEST(writer_plain)
{
	static const char *const f[] = {
	    "\xef\xbb\xbfx", "", NULL, "", NULL, " lead", "trail ", "a b", NULL,
	    "\t", "\xe4\xb8\xad", "", NULL, "\xef\xbb\xbfy", NULL,
	};
	char *a, *b;
	size_t na, nb, i, k;
	FILE *fa = open_memstream(&a, &na), *fb = open_memstream(&b, &nb);
	struct csv_writer *wa = csvw_new(fa), *wb = csvw_new(fb);

	for (k = 0; k < 20000; k++)
		for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
			if (f[i] == NULL) {
				csvw_end(wa);
				csvw_end(wb);
				continue;
			}
			csvw_field(wa, f[i], strlen(f[i]));
			csvw_plain(wb, f[i], strlen(f[i]));
		}
	ck_assert_int_eq(csvw_free(wa), 0);
	ck_assert_int_eq(csvw_free(wb), 0);
	fclose(fa);
	fclose(fb);
	ck_assert_uint_gt(na, 256 * 1024);
	ck_assert_uint_eq(na, nb);
	ck_assert_int_eq(memcmp(a, b, na), 0);
	ck_assert_int_eq(strncmp(a, "\"\xef\xbb\xbfx\",\n\"\"\n\" lead\",\"trail \",a b\n"
	    "\t,\xe4\xb8\xad,\n\xef\xbb\xbfy\n\xef\xbb\xbfx,\n", 50), 0);
	free(a);
	free(b);
}
END_TEST

/*
 * csvw_plain_record() writes what csvw_plain() of each field and
 * csvw_end() write: for records of the reader's fast path (one copy of
 * the line), for the same fields elsewhere in memory or in another
 * order (field by field), and for those with a space at an end, an
 * empty first field or a line longer than the writer's buffer.
 */
START_TEST(writer_plain_record)
{
	static const char in[] =
	    "a,b,c\r\n"
	    ",x,\n"
	    "\xe4\xb8\xad\xe6\x96\x87,0123456789abcdef,,,,z\n"
	    " lead,trail ,mid dle\n"
	    "\t,y\n"
	    "only\n"
	    "\"q,uoted\",p\n";
	static const char tail[] =
	    "a,b,c\n"
	    ",x,\n"
	    "\xe4\xb8\xad\xe6\x96\x87,0123456789abcdef,,,,z\n"
	    "\" lead\",\"trail \",mid dle\n"
	    "\t,y\n"
	    "only\n"
	    "\"q,uoted\",p\n";
	struct csv_reader *r;
	struct csv_record *rec;
	struct buf big;
	char *a, *b, *c, *rev[8];
	size_t na, nb, nc, rlen[8], i, k;
	FILE *fa = open_memstream(&a, &na), *fb = open_memstream(&b, &nb);
	FILE *fc = open_memstream(&c, &nc), *fp;
	struct csv_writer *wa = csvw_new(fa), *wb = csvw_new(fb);
	struct csv_writer *wc = csvw_new(fc);

	/* started: a BOM first is written as by csvw_field() either way */
	csvw_field(wa, "h", 1);
	csvw_end(wa);
	csvw_field(wb, "h", 1);
	csvw_end(wb);
	buf_init(&big);
	buf_adds(&big, in);
	for (i = 0; i < 300 * 1024; i++)
		buf_addc(&big, i % 9 ? 'l' : ',');
	buf_adds(&big, "\n");
	for (k = 0; k < 3000; k++) {
		fp = memfile(k ? in : big.data, k ? sizeof(in) - 1 : big.len);
		r = csvr_new(fp, "t");
		while (csvr_next(r, &rec) == 1) {
			if (!rec->plain) {
				csvw_record(wa, rec->field, rec->len,
				    rec->nfields);
				csvw_record(wb, rec->field, rec->len,
				    rec->nfields);
				continue;
			}
			for (i = 0; i < rec->nfields; i++)
				csvw_plain(wa, rec->field[i], rec->len[i]);
			csvw_end(wa);
			csvw_plain_record(wb, rec->field, rec->len,
			    rec->nfields);
			if (k != 1 || rec->nfields > 8)
				continue;
			for (i = 0; i < rec->nfields; i++) {
				rev[i] = rec->field[rec->nfields - 1 - i];
				rlen[i] = rec->len[rec->nfields - 1 - i];
			}
			csvw_plain_record(wc, rev, rlen, rec->nfields);
		}
		csvr_free(r);
		fclose(fp);
	}
	ck_assert_int_eq(csvw_free(wa), 0);
	ck_assert_int_eq(csvw_free(wb), 0);
	ck_assert_int_eq(csvw_free(wc), 0);
	fclose(fa);
	fclose(fb);
	fclose(fc);
	ck_assert_uint_gt(na, 256 * 1024);
	ck_assert_uint_eq(na, nb);
	ck_assert_int_eq(memcmp(a, b, na), 0);
	ck_assert_uint_gt(na, sizeof(tail));
	ck_assert_int_eq(memcmp(a + na - (sizeof(tail) - 1), tail,
	    sizeof(tail) - 1), 0);
	ck_assert_int_eq(memcmp(a, "h\na,b,c\n,x,\n", 12), 0);
	ck_assert_str_eq(c, "c,b,a\n,x,\nz,,,,0123456789abcdef,"
	    "\xe4\xb8\xad\xe6\x96\x87\nmid dle,\"trail \",\" lead\"\ny,\t\n"
	    "only\n");
	free(a);
	free(b);
	free(c);
	buf_free(&big);
}
END_TEST

static int nwrites;

static ssize_t
counting_write(void *cookie, const char *b, size_t n)
{
	(void)cookie;
	(void)b;
	nwrites++;
	return (ssize_t)n;
}

/* Small records cost no write until the 256 KiB buffer fills. */
START_TEST(writer_buffers)
{
	cookie_io_functions_t io = { .write = counting_write };
	struct csv_writer *w;
	FILE *fp = fopencookie(NULL, "w", io);
	int i;

	ck_assert_ptr_nonnull(fp);
	setvbuf(fp, NULL, _IONBF, 0);
	w = csvw_new(fp);
	for (i = 0; i < 10000; i++) {
		csvw_field(w, "field", 5);
		csvw_field(w, "x,y", 3);
		csvw_end(w);
	}
	ck_assert_int_eq(nwrites, 0);
	ck_assert_int_eq(csvw_flush(w), 0);
	ck_assert_int_eq(nwrites, 1);
	for (i = 0; i < 30000; i++) {
		csvw_field(w, "0123456789", 10);
		csvw_end(w);
	}
	ck_assert_int_eq(nwrites, 2);
	ck_assert_int_eq(csvw_free(w), 0);
	ck_assert_int_eq(nwrites, 3);
	fclose(fp);
}
END_TEST

START_TEST(writer_sticky_error)
{
	struct csv_writer *w;
	FILE *fp = fopen("/dev/full", "w");
	char *big = xmalloc(300 * 1024);

	if (fp == NULL)
		return;		/* no /dev/full here */
	memset(big, 'x', 300 * 1024);
	w = csvw_new(fp);
	csvw_field(w, big, 300 * 1024);
	csvw_end(w);
	errno = 0;
	ck_assert_int_eq(csvw_flush(w), -1);
	ck_assert_int_eq(errno, ENOSPC);
	csvw_field(w, "x", 1);
	csvw_end(w);
	errno = 0;
	ck_assert_int_eq(csvw_free(w), -1);
	ck_assert_int_eq(errno, ENOSPC);
	fclose(fp);
	free(big);
}
END_TEST

/* Writing what was read and reading it again gives the same records. */
START_TEST(round_trip)
{
	static const char in[] =
	    "\xef\xbb\xbf" "id,\"a,b\",\"q\"\"\"\n"
	    "\" lead\",\"trail \",\"l1\r\nl2\"\n"
	    "\"\"\n"
	    ",\n"
	    "\"\xef\xbb\xbf" "x\",\t,\xe4\xb8\xad\n"
	    "n\0ul,\"cr\r\"\n";
	struct buf first, second;
	struct csv_reader *r;
	struct csv_writer *w;
	struct csv_record *rec;
	char *out, *err;
	size_t n;
	FILE *fp, *wfp;

	buf_init(&first);
	buf_init(&second);
	fp = memfile(in, sizeof(in) - 1);
	wfp = open_memstream(&out, &n);
	r = csvr_new(fp, "t");
	w = csvw_new(wfp);
	while (csvr_next(r, &rec) == 1) {
		render(&first, rec);
		csvw_record(w, rec->field, rec->len, rec->nfields);
	}
	ck_assert_str_eq(csvr_error(r), "");
	ck_assert_uint_eq(csvr_count(r), 6);
	csvr_free(r);
	fclose(fp);
	ck_assert_int_eq(csvw_free(w), 0);
	ck_assert_int_eq(fclose(wfp), 0);
	fp = memfile(out, n);
	ck_assert_int_eq(read_all(fp, 0, &second, &err), 0);
	fclose(fp);
	ck_assert_str_eq(second.data, first.data);
	/* Only the CRLF inside a field stays; the writer ends lines in LF. */
	ck_assert_str_eq(first.data, "1[id][a,b][q\"]\n"
	    "2[ lead][trail ][l1\\r\\nl2]\n4[]\n5[][]\n"
	    "6[\xef\xbb\xbf" "x][\t][\xe4\xb8\xad]\n7[n\\0ul][cr\\r]\n");
	free(out);
	buf_free(&first);
	buf_free(&second);
}
END_TEST

/* A field larger than the writer's buffer, full of quotes. */
START_TEST(round_trip_big)
{
	size_t n = 600 * 1024, i, outlen;
	char *s = xmalloc(n), *out;
	struct csv_reader *r;
	struct csv_writer *w;
	struct csv_record *rec;
	FILE *fp = open_memstream(&out, &outlen);

	for (i = 0; i < n; i++)
		s[i] = i % 3 ? 'y' : '"';
	w = csvw_new(fp);
	csvw_field(w, "k", 1);
	csvw_field(w, s, n);
	csvw_end(w);
	ck_assert_int_eq(csvw_free(w), 0);
	fclose(fp);
	/* "k,", the field quoted with its n / 3 quotes doubled, LF. */
	ck_assert_uint_eq(outlen, 2 + 1 + n + n / 3 + 1 + 1);
	fp = memfile(out, outlen);
	r = csvr_new(fp, "t");
	ck_assert_int_eq(csvr_next(r, &rec), 1);
	ck_assert_uint_eq(rec->nfields, 2);
	ck_assert_uint_eq(rec->len[1], n);
	ck_assert_int_eq(memcmp(rec->field[1], s, n), 0);
	ck_assert_int_eq(csvr_next(r, &rec), 0);
	csvr_free(r);
	fclose(fp);
	free(out);
	free(s);
}
END_TEST

/* csvr_require_line_end(): a last record without one is refused. */
static const struct {
	const char	*in;
	size_t		 n;
	int		 records;	/* handed out before the end */
	const char	*err;		/* NULL: a clean end */
} ecases[] = {
	{ IN("a,b\n1,2\n"), 2, NULL },
	{ IN("a,b\r\n1,2\r\n"), 2, NULL },
	{ IN("a,b\n1,2\n\n"), 2, NULL },
	{ IN("a,b\n1,2"), 1,
	    "t.csv:2: the last record has no line end: the file is cut short" },
	{ IN("a,b\n1,"), 1,
	    "t.csv:2: the last record has no line end: the file is cut short" },
	{ IN("a,b\n1,\"x\ny\"\n3,\"p\nq\""), 2,
	    "t.csv:4: the last record has no line end: the file is cut short" },
	{ IN("a,b"), 0,
	    "t.csv:1: the last record has no line end: the file is cut short" },
};

START_TEST(line_end_required)
{
	FILE *fp = memfile(ecases[_i].in, ecases[_i].n);
	struct csv_reader *r = csvr_new(fp, "t.csv");
	struct csv_record *rec;
	int n = 0, rc;

	csvr_require_line_end(r);
	while ((rc = csvr_next(r, &rec)) == 1)
		n++;
	ck_assert_int_eq(n, ecases[_i].records);
	if (ecases[_i].err) {
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(csvr_error(r), ecases[_i].err);
	} else
		ck_assert_int_eq(rc, 0);
	csvr_free(r);
	fclose(fp);
}
END_TEST

/* Without it the last record is a record, as RFC 4180 allows. */
START_TEST(line_end_optional)
{
	FILE *fp = memfile(IN("a,b\n1,2"));
	struct csv_reader *r = csvr_new(fp, "t.csv");
	struct csv_record *rec;

	ck_assert_int_eq(csvr_next(r, &rec), 1);
	ck_assert_int_eq(csvr_next(r, &rec), 1);
	ck_assert_str_eq(rec->field[1], "2");
	ck_assert_int_eq(csvr_next(r, &rec), 0);
	csvr_free(r);
	fclose(fp);
}
END_TEST

static Suite *
csvio_suite(void)
{
	Suite *s = suite_create("csvio");
	TCase *tc = tcase_create("reader");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, table, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_loop_test(tc, table_slow, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, fast_equals_slow);
	tcase_add_test(tc, limit_zero);
	tcase_add_test(tc, chunk_straddle);
	tcase_add_test(tc, chunk_straddle_bom);
	tcase_add_test(tc, chunk_bad_utf8);
	tcase_add_test(tc, big_field);
	tcase_add_test(tc, limit_stops_early);
	tcase_add_test(tc, many_records);
	tcase_add_test(tc, read_error);
	tcase_add_loop_test(tc, line_end_required, 0,
	    sizeof(ecases) / sizeof(ecases[0]));
	tcase_add_test(tc, line_end_optional);
	suite_add_tcase(s, tc);
	tc = tcase_create("writer");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, writer_bytes, 0,
	    sizeof(wcases) / sizeof(wcases[0]));
	tcase_add_test(tc, writer_record);
	tcase_add_test(tc, writer_plain);
	tcase_add_test(tc, writer_plain_record);
	tcase_add_test(tc, writer_buffers);
	tcase_add_test(tc, writer_sticky_error);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, round_trip_big);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(csvio_suite)
