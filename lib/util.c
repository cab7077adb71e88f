/*
 * util.c - allocation wrappers, growable buffers and UTF-8 helpers.
 * Allocation failure is the one place the library dies: there is nothing
 * sensible a tool can do without memory.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static void
oom(void)
{
	fputs("hdx: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		oom();
	return p;
}

/*
 * A zeroed table probed at random (a hash table of a million keys): its
 * pages asked for as huge pages where the system gives them on request
 * (transparent huge pages in "madvise" mode), so that a probe does not
 * also miss the TLB and walk the page tables. Freed by free().
 */
#define HUGE_PAGE	(2UL << 20)

void *
xcalloc_table(size_t n, size_t sz)
{
	void *p = xcalloc(n, sz);
	uintptr_t a = (uintptr_t)p, lo, hi;

	if (n > 0 && sz > 0 && n <= SIZE_MAX / sz && n * sz >= 2 * HUGE_PAGE) {
		lo = (a + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		hi = (a + n * sz) & ~(HUGE_PAGE - 1);
		if (hi > lo)	/* advice: ignored where unsupported */
			(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz)
		oom();
	return xrealloc(p, n * sz);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	int n;

	buf_init(&b);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_reserve(&b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.data;
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_addc(struct buf *b, int c)
{
	char ch = (char)c;

	/* a byte at a time is the writers' common case: no reserve call */
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = ch;
		b->data[b->len] = '\0';
		return;
	}
	buf_add(b, &ch, 1);
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
buf_steal(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");

	buf_init(b);
	return p;
}

int
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

char **
strsplit(const char *s, int sep, size_t *np)
{
	size_t n = 1, i = 0;
	const char *p, *q;
	char **v;

	for (p = s; *p; p++)
		if (*p == sep)
			n++;
	v = xcalloc(n + 1, sizeof(*v));
	for (p = s; ; p = q + 1) {
		q = strchr(p, sep);
		if (q == NULL) {
			v[i++] = xstrdup(p);
			break;
		}
		v[i++] = xstrndup(p, (size_t)(q - p));
	}
	if (np)
		*np = i;
	return v;
}

void
strvec_free(char **v)
{
	char **p;

	if (v == NULL)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

/* Length of the UTF-8 sequence starting at s, or 0 when it is invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t len)
{
	unsigned int cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * ASCII eight bytes at a time and the three-byte sequences of Chinese
 * text inline: this runs over every byte every tool reads.
 */
size_t
utf8_invalid_at(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint64_t w;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, u + i, sizeof(w));
			if ((w & high) == 0) {
				i += 8;
				continue;
			}
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		/* E1..EC, EE, EF and two continuation bytes: no overlong
		 * form (E0) and no surrogate (ED) possible. */
		if (len - i >= 3 && (u[i] & 0xf0) == 0xe0 && u[i] != 0xe0 &&
		    u[i] != 0xed && (u[i + 1] & 0xc0) == 0x80 &&
		    (u[i + 2] & 0xc0) == 0x80) {
			i += 3;
			continue;
		}
		if ((n = utf8_seq(u + i, len - i)) == 0)
			return i;
		i += n;
	}
	return len;
}

size_t
utf8_len(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (name[0] == '/')
		return xstrdup(name);
	if (n && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

void
beijing_today(char out[11])
{
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void
datetime_add(const char *ts, long secs, char out[20])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	sscanf(ts, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + secs;
	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

int
path_is_special(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}
