/*
 * util.h - allocation that dies on exhaustion, growable byte buffers, and
 * small string helpers shared by every module.
 *
 * Ownership: x* allocators return memory the caller frees with free(3);
 * a struct buf owns its bytes until buf_free() or buf_steal().
 */
#ifndef HDX_UTIL_H
#define HDX_UTIL_H

#include <stddef.h>
#include <stdarg.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xcalloc_table(size_t, size_t);	/* probed at random: huge pages */
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

struct buf {
	char	*data;		/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_reserve(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addc(struct buf *, int);
void	 buf_adds(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*buf_steal(struct buf *);

/* Sets err (size errlen) to a formatted message; returns -1 for tail calls. */
int	 seterr(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Splits s at every sep into a NULL-terminated vector of fresh strings. */
char	**strsplit(const char *s, int sep, size_t *n);
void	 strvec_free(char **);

/* Number of Unicode code points of valid UTF-8 s of len bytes. */
size_t	 utf8_len(const char *s, size_t len);
/* Offset of the first invalid UTF-8 byte, or len when all valid. */
size_t	 utf8_invalid_at(const char *s, size_t len);

/* Joins dir and name with one '/'; the result is freshly allocated. */
/* 1 when path names something that exists and is not a regular file (a
 * device such as /dev/null, a FIFO): written in place, never replaced by
 * a renamed temporary. */
int	 path_is_special(const char *path);
char	*path_join(const char *dir, const char *name);

/* Today's date in Beijing time (UTC+8) as YYYY-MM-DD into out[11]. */
void	 beijing_today(char out[11]);
/* A datetime YYYY-MM-DD HH:MM:SS moved by secs seconds, into out[20]. */
void	 datetime_add(const char *ts, long secs, char out[20]);

#endif
