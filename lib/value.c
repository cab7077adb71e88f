/*
 * value.c - type forms and exact decimal comparison. Decimals are
 * compared as digit strings, never through floating point, so 12.495 and
 * 12.4950001 stay different as the standard requires.
 */
#include <stdint.h>
#include <string.h>

#include "value.h"

static int
digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
int_valid(const char *s, size_t n)
{
	if (n && (s[0] == '+' || s[0] == '-'))
		s++, n--;
	return digits(s, n);
}

int
dec_valid(const char *s, size_t n)
{
	const char *dot;

	if (n && (s[0] == '+' || s[0] == '-'))
		s++, n--;
	dot = memchr(s, '.', n);
	if (dot == NULL)
		return digits(s, n);
	return digits(s, (size_t)(dot - s)) &&
	    digits(dot + 1, n - (size_t)(dot - s) - 1);
}

static int
num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int
ymd_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int
date_valid(const char *s, size_t n)
{
	if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
	    !digits(s + 5, 2) || !digits(s + 8, 2))
		return 0;
	return ymd_valid(num(s, 4), num(s + 5, 2), num(s + 8, 2));
}

int
datetime_valid(const char *s, size_t n)
{
	if (n != 19 || s[10] != ' ' || !date_valid(s, 10) || s[13] != ':' ||
	    s[16] != ':' || !digits(s + 11, 2) || !digits(s + 14, 2) ||
	    !digits(s + 17, 2))
		return 0;
	return num(s + 11, 2) <= 23 && num(s + 14, 2) <= 59 &&
	    num(s + 17, 2) <= 59;
}

int
text_valid(const char *s, size_t n)
{
	return text_scan(s, n) != (size_t)-1;
}

/* Bytes of a word: all below 0x80 and none below 0x20 (SWAR). */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
static int
plain_ascii(uint64_t w)
{
	return ((w | ((w - ONES * 0x20) & ~w)) & HIGHS) == 0;
}

size_t
text_scan(const char *s, size_t n)
{
	size_t i = 0, chars = 0;
	uint64_t w;

	/* most text of a record is printable ASCII: 8 bytes at a time */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (!plain_ascii(w))
			break;
		chars += 8;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return (size_t)-1;
		chars += (c & 0xc0) != 0x80;
	}
	return chars;
}

/* Splits a valid decimal into sign, integer digits without leading
 * zeros, and fraction digits without trailing zeros. */
struct dec {
	int		 neg;
	const char	*ip, *fp;
	size_t		 ni, nf;
};

static void
dec_split(const char *s, size_t n, struct dec *d)
{
	const char *dot;

	d->neg = 0;
	if (n && (s[0] == '+' || s[0] == '-')) {
		d->neg = s[0] == '-';
		s++, n--;
	}
	dot = memchr(s, '.', n);
	d->ip = s;
	d->ni = dot ? (size_t)(dot - s) : n;
	d->fp = dot ? dot + 1 : s + n;
	d->nf = dot ? n - d->ni - 1 : 0;
	while (d->ni && d->ip[0] == '0')
		d->ip++, d->ni--;
	while (d->nf && d->fp[d->nf - 1] == '0')
		d->nf--;
	if (d->ni == 0 && d->nf == 0)
		d->neg = 0;	/* -0 is 0 */
}

static int
mag_cmp(const struct dec *a, const struct dec *b)
{
	size_t i, n;
	int c;

	if (a->ni != b->ni)
		return a->ni < b->ni ? -1 : 1;
	if ((c = memcmp(a->ip, b->ip, a->ni)) != 0)
		return c < 0 ? -1 : 1;
	n = a->nf > b->nf ? a->nf : b->nf;
	for (i = 0; i < n; i++) {
		char x = i < a->nf ? a->fp[i] : '0';
		char y = i < b->nf ? b->fp[i] : '0';

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

int
dec_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	struct dec x, y;
	int c;

	dec_split(a, na, &x);
	dec_split(b, nb, &y);
	if (x.neg != y.neg)
		return x.neg ? -1 : 1;
	c = mag_cmp(&x, &y);
	return x.neg ? -c : c;
}
