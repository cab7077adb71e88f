/*
 * test_sealfile.c - sealed staging files (lib/sealfile.c) written through
 * lib/outfile.c: the round trip, and every way a file must be refused.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "outfile.h"
#include "sealfile.h"
#include "sm.h"
#include "util.h"

#define KEY1	"00112233445566778899aabbccddeeff"
#define KEY2	"00112233445566778899aabbccddeefe"
#define SECRET_ROW	"330106198001011234,Zhang San,13900001111\n"

static char dir[] = "/tmp/test_sealfile.XXXXXX";
static struct sealkey *k1, *k2;

static void
setup(void)
{
	char err[256];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(k1 = sealkey_new(KEY1, err, sizeof(err)));
	ck_assert_ptr_nonnull(k2 = sealkey_new(KEY2, err, sizeof(err)));
}

static void
teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	sealkey_free(k1);
	sealkey_free(k2);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
}

/* DIR/NAME sealed under key with len bytes of data; the path (owned). */
static char *
seal(const char *name, const struct sealkey *key, const void *data,
    size_t len)
{
	char err[512], *path = path_join(dir, name);
	struct outfile *of;

	of = outfile_open_sealed(path, key, err, sizeof(err));
	ck_assert_msg(of != NULL, "%s", err);
	ck_assert_uint_eq(fwrite(data, 1, len, outfile_fp(of)), len);
	ck_assert_msg(outfile_commit(of, err, sizeof(err)) == 0, "%s", err);
	return path;
}

/* All of a stream; *len its length. */
static char *
slurp(FILE *fp, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	do {
		if (*len == cap)
			buf = xreallocarray(buf, (cap = cap * 2 + 4096), 1);
		n = fread(buf + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0);
	return buf;
}

static off_t
size_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_size;
}

static void
poke(const char *path, off_t at)
{
	unsigned char c;
	int fd = open(path, O_RDWR);

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(pread(fd, &c, 1, at), 1);
	c ^= 0x01;
	ck_assert_int_eq(pwrite(fd, &c, 1, at), 1);
	close(fd);
}

/* seal_open() refuses path under key with "PATH: why". */
static void
refused(const char *path, const struct sealkey *key, const char *why)
{
	char err[512], *want = xasprintf("%s: %s", path, why);

	errno = 0;
	ck_assert_ptr_null(seal_open(path, key, err, sizeof(err)));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_str_eq(err, want);
	free(want);
}

static const char *const broken = "the seal does not hold: the file was "
    "altered or cut short, or sealed under another key ([staging] key)";

START_TEST(test_roundtrip)
{
	const char text[] = "id,name,phone\n" SECRET_ROW;
	char err[512], *path, *got, head[SEAL_MAGICLEN], *raw;
	size_t len, rawlen;
	FILE *fp;

	path = seal("t.csv", k1, text, strlen(text));
	ck_assert_int_eq(size_of(path), SEAL_HEADLEN + strlen(text) +
	    SEAL_TAGLEN);
	fp = fopen(path, "r");
	raw = slurp(fp, &rawlen);
	fclose(fp);
	memcpy(head, raw, sizeof(head));
	ck_assert_int_eq(memcmp(head, "HDXSEAL\001", SEAL_MAGICLEN), 0);
	ck_assert_ptr_null(memmem(raw, rawlen, "Zhang", 5));
	ck_assert_ptr_null(memmem(raw, rawlen, "1390000", 7));
	free(raw);
	fp = seal_open(path, k1, err, sizeof(err));
	ck_assert_msg(fp != NULL, "%s", err);
	got = slurp(fp, &len);
	ck_assert(!ferror(fp));
	ck_assert_uint_eq(len, strlen(text));
	ck_assert_int_eq(memcmp(got, text, len), 0);
	/* a rewind reads it all again, checked again */
	rewind(fp);
	free(got);
	got = slurp(fp, &len);
	ck_assert(!ferror(fp));
	ck_assert_uint_eq(len, strlen(text));
	ck_assert_int_eq(memcmp(got, text, len), 0);
	ck_assert_int_eq(fclose(fp), 0);
	free(got);
	free(path);
}
END_TEST

START_TEST(test_iv_differs)
{
	char *a = seal("a.csv", k1, SECRET_ROW, strlen(SECRET_ROW));
	char *b = seal("b.csv", k1, SECRET_ROW, strlen(SECRET_ROW));
	size_t la, lb;
	char *ra, *rb;
	FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");

	ra = slurp(fa, &la);
	rb = slurp(fb, &lb);
	ck_assert_uint_eq(la, lb);
	/* the same data sealed twice: other IV, other ciphertext */
	ck_assert_int_ne(memcmp(ra + SEAL_MAGICLEN, rb + SEAL_MAGICLEN,
	    SM4_BLOCK), 0);
	ck_assert_int_ne(memcmp(ra + SEAL_HEADLEN, rb + SEAL_HEADLEN,
	    strlen(SECRET_ROW)), 0);
	fclose(fa);
	fclose(fb);
	free(ra);
	free(rb);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_wrong_key)
{
	char *path = seal("t.csv", k1, SECRET_ROW, strlen(SECRET_ROW));

	refused(path, k2, broken);
	free(path);
}
END_TEST

START_TEST(test_truncated)
{
	char *path = seal("t.csv", k1, SECRET_ROW, strlen(SECRET_ROW));
	off_t size = size_of(path);

	ck_assert_int_eq(truncate(path, size - 1), 0);
	refused(path, k1, broken);
	/* the data cut at a block, the tag still whole: the tag is of the
	 * whole file, so it no longer holds */
	ck_assert_int_eq(truncate(path, SEAL_HEADLEN + 16 + SEAL_TAGLEN), 0);
	refused(path, k1, broken);
	ck_assert_int_eq(truncate(path, 30), 0);
	refused(path, k1, "a sealed file cut short (30 bytes)");
	ck_assert_int_eq(truncate(path, 5), 0);
	refused(path, k1, "not a sealed file, and the site seals its staging "
	    "files ([staging] encrypt = sm4)");
	free(path);
}
END_TEST

START_TEST(test_flipped)
{
	static const off_t at[] = { 3, SEAL_MAGICLEN + 2, SEAL_HEADLEN,
	    SEAL_HEADLEN + 20, -1 };
	char name[32], *path;
	size_t i;
	off_t size;

	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		snprintf(name, sizeof(name), "f%zu.csv", i);
		path = seal(name, k1, SECRET_ROW, strlen(SECRET_ROW));
		size = size_of(path);
		/* -1: the last byte of the tag */
		poke(path, at[i] >= 0 ? at[i] : size - 1);
		if (at[i] == 3)
			refused(path, k1, "not a sealed file, and the site "
			    "seals its staging files ([staging] encrypt = "
			    "sm4)");
		else
			refused(path, k1, broken);
		free(path);
	}
}
END_TEST

START_TEST(test_version)
{
	char *path = seal("t.csv", k1, SECRET_ROW, strlen(SECRET_ROW));

	poke(path, SEAL_MAGICLEN - 1);	/* \001 to \000 */
	refused(path, k1, "sealed in a version (0) this hdx does not know");
	free(path);
}
END_TEST

START_TEST(test_empty)
{
	char err[512], *path = seal("e.csv", k1, "", 0), *got;
	size_t len;
	FILE *fp;

	ck_assert_int_eq(size_of(path), SEAL_HEADLEN + SEAL_TAGLEN);
	fp = seal_open(path, k1, err, sizeof(err));
	ck_assert_msg(fp != NULL, "%s", err);
	got = slurp(fp, &len);
	ck_assert_uint_eq(len, 0);
	ck_assert(!ferror(fp));
	ck_assert(feof(fp));
	fclose(fp);
	free(got);
	refused(path, k2, broken);
	free(path);
}
END_TEST

/* A byte stream no buffer holds: xorshift, as the writer and the
 * reader both make it. */
static uint8_t
next_byte(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return (uint8_t)(*x >> 24);
}

START_TEST(test_large)
{
	const size_t total = 12u << 20;	/* 12 MiB, in pieces of any size */
	char err[512], buf[70001], want[sizeof(buf)];
	char *path = path_join(dir, "big.csv");
	struct outfile *of;
	uint32_t wx = 2463534242u, rx = 2463534242u, sx = 2463534242u;
	size_t done, n, i, piece = 1;
	FILE *fp;

	of = outfile_open_sealed(path, k1, err, sizeof(err));
	ck_assert_msg(of != NULL, "%s", err);
	for (done = 0; done < total; done += n) {
		n = piece < total - done ? piece : total - done;
		for (i = 0; i < n; i++)
			buf[i] = (char)next_byte(&wx);
		ck_assert_uint_eq(fwrite(buf, 1, n, outfile_fp(of)), n);
		piece = piece * 7 % sizeof(buf) + 1;
	}
	ck_assert_msg(outfile_commit(of, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(size_of(path), SEAL_HEADLEN + total + SEAL_TAGLEN);
	fp = seal_open(path, k1, err, sizeof(err));
	ck_assert_msg(fp != NULL, "%s", err);
	for (done = 0; (n = fread(buf, 1, piece, fp)) > 0; done += n) {
		for (i = 0; i < n; i++)
			want[i] = (char)next_byte(&rx);
		ck_assert_int_eq(memcmp(buf, want, n), 0);
		piece = piece * 5 % sizeof(buf) + 1;
	}
	ck_assert(!ferror(fp));
	ck_assert_uint_eq(done, total);
	/* a seek into the middle, off a block boundary */
	ck_assert_int_eq(fseeko(fp, 1000003, SEEK_SET), 0);
	for (i = 0; i < 1000003; i++)
		next_byte(&sx);
	ck_assert_uint_eq(fread(buf, 1, 4099, fp), 4099);
	for (i = 0; i < 4099; i++)
		want[i] = (char)next_byte(&sx);
	ck_assert_int_eq(memcmp(buf, want, 4099), 0);
	ck_assert_int_eq(fclose(fp), 0);
	free(path);
}
END_TEST

START_TEST(test_changed_while_read)
{
	char err[512], buf[4096], *path;
	FILE *fp;

	memset(buf, 'x', sizeof(buf));
	path = seal("t.csv", k1, buf, sizeof(buf));
	fp = seal_open(path, k1, err, sizeof(err));
	ck_assert_msg(fp != NULL, "%s", err);
	poke(path, SEAL_HEADLEN + 4000);	/* after the check on opening */
	while (fread(buf, 1, sizeof(buf), fp) > 0)
		;
	ck_assert(ferror(fp));
	ck_assert_int_eq(errno, EBADMSG);
	fclose(fp);
	free(path);
}
END_TEST

START_TEST(test_plain_and_sealed)
{
	char err[512], *plain = path_join(dir, "plain.csv"), *sealed, *got;
	size_t len;
	FILE *fp;

	fp = fopen(plain, "w");
	fputs(SECRET_ROW, fp);
	fclose(fp);
	refused(plain, k1, "not a sealed file, and the site seals its "
	    "staging files ([staging] encrypt = sm4)");
	fp = seal_open(plain, NULL, err, sizeof(err));
	ck_assert_msg(fp != NULL, "%s", err);
	got = slurp(fp, &len);
	ck_assert_uint_eq(len, strlen(SECRET_ROW));
	fclose(fp);
	free(got);
	sealed = seal("s.csv", k1, SECRET_ROW, strlen(SECRET_ROW));
	refused(sealed, NULL, "a sealed staging file, and the site does not "
	    "seal them ([staging] encrypt is not sm4)");
	/* without a key the output is plain */
	free(sealed);
	sealed = seal("p.csv", NULL, SECRET_ROW, strlen(SECRET_ROW));
	ck_assert_int_eq(size_of(sealed), strlen(SECRET_ROW));
	errno = 0;
	ck_assert_ptr_null(seal_open("/nonexistent/x.csv", k1, err,
	    sizeof(err)));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(err, "/nonexistent/x.csv: No such file or directory");
	free(sealed);
	free(plain);
}
END_TEST

START_TEST(test_bad_key)
{
	char err[256];

	ck_assert_ptr_null(sealkey_new("0011", err, sizeof(err)));
	ck_assert_str_eq(err, "not 32 hex digits (a 128-bit key)");
	ck_assert_ptr_null(sealkey_new("00112233445566778899aabbccddeefg",
	    err, sizeof(err)));
	ck_assert_str_eq(err, "not 32 hex digits (a 128-bit key)");
}
END_TEST

static Suite *
sealfile_suite(void)
{
	Suite *s = suite_create("sealfile");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_iv_differs);
	tcase_add_test(tc, test_wrong_key);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_flipped);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_large);
	tcase_add_test(tc, test_changed_while_read);
	tcase_add_test(tc, test_plain_and_sealed);
	tcase_add_test(tc, test_bad_key);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sealfile_suite)
