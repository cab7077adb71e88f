/*
 * normalize.c - values to the standard's type forms (normalize.h).
 */
#include <string.h>

#include "normalize.h"
#include "util.h"
#include "value.h"

static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
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

/*
 * A date at the start of s: "YYYYMMDD" or "YYYY?MM?DD" with ? one of
 * "-/.". Returns the bytes used (8 or 10) with y, m, d, else 0.
 */
static size_t
parse_date(const char *s, size_t n, int *y, int *m, int *d)
{
	if (n >= 10 && digits(s, 4) && (s[4] == '-' || s[4] == '/' ||
	    s[4] == '.') && s[7] == s[4] && digits(s + 5, 2) &&
	    digits(s + 8, 2)) {
		*y = num(s, 4);
		*m = num(s + 5, 2);
		*d = num(s + 8, 2);
	} else if (n >= 8 && digits(s, 8) && (n == 8 || !(s[8] >= '0' &&
	    s[8] <= '9') || n == 14)) {
		*y = num(s, 4);
		*m = num(s + 4, 2);
		*d = num(s + 6, 2);
		return ymd_valid(*y, *m, *d) ? 8 : 0;
	} else
		return 0;
	return ymd_valid(*y, *m, *d) ? 10 : 0;
}

/*
 * A time "HH:MM[:SS[.fff]]" or "HHMMSS" filling all of s; 1 with the
 * parts, else 0.
 */
static int
parse_time(const char *s, size_t n, int *h, int *mi, int *sec)
{
	size_t used;

	*sec = 0;
	if (n >= 5 && digits(s, 2) && s[2] == ':' && digits(s + 3, 2)) {
		used = 5;
		if (n >= 8 && s[5] == ':' && digits(s + 6, 2)) {
			*sec = num(s + 6, 2);
			used = 8;
		}
		*h = num(s, 2);
		*mi = num(s + 3, 2);
	} else if (n >= 6 && digits(s, 6)) {
		*h = num(s, 2);
		*mi = num(s + 2, 2);
		*sec = num(s + 4, 2);
		used = 6;
	} else
		return 0;
	if (used < n) {		/* fractions of a second only */
		if (s[used] != '.' || used + 1 == n ||
		    !digits(s + used + 1, n - used - 1))
			return 0;
	}
	return *h <= 23 && *mi <= 59 && *sec <= 59;
}

/* v (0 <= v < 10^width) as width digits; printf is the extraction's
 * hot spot at two datetimes a row. */
static void
put_digits(struct buf *out, int v, int width)
{
	char d[4];
	int i;

	for (i = width - 1; i >= 0; i--) {
		d[i] = '0' + v % 10;
		v /= 10;
	}
	buf_add(out, d, width);
}

static int
norm_datetime(const char *s, size_t n, int want_time, struct buf *out)
{
	int y, m, d, h = 0, mi = 0, sec = 0;
	size_t used;

	if ((used = parse_date(s, n, &y, &m, &d)) == 0)
		return 0;
	if (used < n) {
		if (used == 8 && n == 14) {	/* YYYYMMDDHHMMSS */
			if (!parse_time(s + 8, 6, &h, &mi, &sec))
				return 0;
		} else if ((s[used] != ' ' && s[used] != 'T') ||
		    !parse_time(s + used + 1, n - used - 1, &h, &mi, &sec))
			return 0;
	}
	if (!want_time && (h || mi || sec))
		return 0;	/* a date with a time of day is not a date */
	buf_reset(out);
	put_digits(out, y, 4);
	buf_addc(out, '-');
	put_digits(out, m, 2);
	buf_addc(out, '-');
	put_digits(out, d, 2);
	if (want_time) {
		buf_addc(out, ' ');
		put_digits(out, h, 2);
		buf_addc(out, ':');
		put_digits(out, mi, 2);
		buf_addc(out, ':');
		put_digits(out, sec, 2);
	}
	return 1;
}

/* The integer and fraction digits of a plain decimal, sign apart. */
static int
split_decimal(const char *s, size_t n, int *neg, const char **ip,
    size_t *il, const char **fp, size_t *fl)
{
	const char *dot;

	*neg = 0;
	if (n > 0 && (*s == '+' || *s == '-')) {
		*neg = *s == '-';
		s++;
		n--;
	}
	dot = memchr(s, '.', n);
	*ip = s;
	*il = dot ? (size_t)(dot - s) : n;
	*fp = dot ? dot + 1 : s + n;
	*fl = dot ? n - *il - 1 : 0;
	if (*il + *fl == 0 || (dot && *fl == 0 && *il == 0))
		return 0;
	if (!digits(*ip, *il) || !digits(*fp, *fl))
		return 0;
	return !(dot && *fl == 0);	/* "12." is not a decimal */
}

static int
norm_decimal(const char *s, size_t n, int scale, struct buf *out)
{
	const char *ip, *fp;
	size_t il, fl, i, start;
	char *b;
	int neg, carry, zero;

	if (!split_decimal(s, n, &neg, &ip, &il, &fp, &fl))
		return 0;
	while (il > 1 && *ip == '0') {
		ip++;
		il--;
	}
	buf_reset(out);
	buf_addc(out, '0');		/* room for a carry */
	if (il == 0)
		buf_addc(out, '0');
	else
		buf_add(out, ip, il);
	if (scale > 0) {
		buf_addc(out, '.');
		for (i = 0; i < (size_t)scale; i++)
			buf_addc(out, i < fl ? fp[i] : '0');
	}
	if (fl > (size_t)scale && fp[scale] >= '5') {
		b = out->data;
		carry = 1;
		for (i = out->len; carry && i-- > 0;) {
			if (b[i] == '.')
				continue;
			if (b[i] == '9')
				b[i] = '0';
			else {
				b[i]++;
				carry = 0;
			}
		}
	}
	start = out->data[0] == '0' ? 1 : 0;
	zero = 1;
	for (i = start; i < out->len; i++)
		if (out->data[i] >= '1' && out->data[i] <= '9')
			zero = 0;
	if (neg && !zero) {
		if (start == 1)
			out->data[0] = '-';
		else {
			buf_addc(out, ' ');
			memmove(out->data + 1, out->data, out->len - 1);
			out->data[0] = '-';
		}
		start = 0;
	}
	if (start) {
		memmove(out->data, out->data + 1, out->len);
		out->len--;
	}
	return 1;
}

static int
norm_integer(const char *s, size_t n, struct buf *out)
{
	const char *ip, *fp;
	size_t il, fl, i;
	int neg;

	if (!split_decimal(s, n, &neg, &ip, &il, &fp, &fl) || il == 0)
		return 0;
	for (i = 0; i < fl; i++)
		if (fp[i] != '0')
			return 0;
	while (il > 1 && *ip == '0') {
		ip++;
		il--;
	}
	buf_reset(out);
	if (neg && !(il == 1 && *ip == '0'))
		buf_addc(out, '-');
	buf_add(out, ip, il);
	return 1;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Whether s (trimmed) is already what its type's normaliser would write:
 * most sources give dates, times and numbers in that form, and then the
 * value is kept in place (no parse into a copy). Exactly the inputs the
 * normalisers give back unchanged: "YYYY-MM-DD[ HH:MM:SS]" valid,
 * numbers with an optional '-', no leading zero, no "-0", and a decimal
 * with exactly scale fraction digits. Anything else takes the full path.
 */
static int
canonical_number(const char *s, size_t n, int scale)
{
	size_t il, i;
	int nonzero = 0;

	if (n > 0 && *s == '-') {
		s++;
		n--;
		nonzero = -1;	/* a sign wants a digit that is not 0 */
	}
	il = scale > 0 ? n - (size_t)scale - 1 : n;
	if (n == 0 || (scale > 0 && (n < (size_t)scale + 2 || s[il] != '.')))
		return 0;
	if (!digits(s, il) || (il > 1 && s[0] == '0') ||
	    (scale > 0 && !digits(s + il + 1, scale)))
		return 0;
	if (nonzero == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (s[i] >= '1' && s[i] <= '9')
			return 1;
	return 0;
}

static int
canonical_datetime(const char *s, size_t n, int want_time)
{
	if (n != (want_time ? 19u : 10u) || !digits(s, 4) || s[4] != '-' ||
	    !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
	    !ymd_valid(num(s, 4), num(s + 5, 2), num(s + 8, 2)))
		return 0;
	if (!want_time)
		return 1;
	return s[10] == ' ' && digits(s + 11, 2) && s[13] == ':' &&
	    digits(s + 14, 2) && s[16] == ':' && digits(s + 17, 2) &&
	    num(s + 11, 2) <= 23 && num(s + 14, 2) <= 59 &&
	    num(s + 17, 2) <= 59;
}

static int
canonical(enum std_type type, int scale, const char *s, size_t n)
{
	switch (type) {
	case STD_D:
		return canonical_datetime(s, n, 0);
	case STD_DT:
		return canonical_datetime(s, n, 1);
	case STD_N:
		return canonical_number(s, n, scale);
	case STD_I:
		return canonical_number(s, n, 0);
	case STD_S:
		break;
	}
	return 1;
}

const char *
norm_value_ref(enum std_type type, int scale, const char *s, size_t len,
    struct buf *out, size_t *outlen, int *ok)
{
	*ok = 1;
	*outlen = 0;
	if (s == NULL)
		return "";
	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	*outlen = len;
	if (len == 0 || canonical(type, scale, s, len))
		return s;
	switch (type) {
	case STD_D:
		*ok = norm_datetime(s, len, 0, out);
		break;
	case STD_DT:
		*ok = norm_datetime(s, len, 1, out);
		break;
	case STD_N:
		*ok = norm_decimal(s, len, scale, out);
		break;
	case STD_I:
		*ok = norm_integer(s, len, out);
		break;
	case STD_S:
		break;
	}
	if (!*ok)
		return s;
	*outlen = out->len;
	return out->data;
}

int
norm_value(enum std_type type, int scale, const char *s, size_t len,
    struct buf *out)
{
	const char *v;
	size_t n;
	int ok;

	v = norm_value_ref(type, scale, s, len, out, &n, &ok);
	if (v != out->data) {
		buf_reset(out);
		buf_add(out, v, n);
	}
	return ok;
}
