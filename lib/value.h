/*
 * value.h - the forms of the standard's types (README 4.1), checked on
 * the bytes of a value: no allocation, no locale. Used by the rules, the
 * canonical payload and the extract's type coercion alike.
 */
#ifndef HDX_VALUE_H
#define HDX_VALUE_H

#include <stddef.h>

int	 int_valid(const char *, size_t);	/* ^[+-]?[0-9]+$ */
int	 dec_valid(const char *, size_t);	/* ^[+-]?[0-9]+(\.[0-9]+)?$ */
int	 date_valid(const char *, size_t);	/* YYYY-MM-DD, a real date */
int	 datetime_valid(const char *, size_t);	/* YYYY-MM-DD HH:MM:SS */
/* No C0 control character other than TAB, LF and CR. */
int	 text_valid(const char *, size_t);
/* The same test and the count of characters (code points of UTF-8) in
 * one reading: (size_t)-1 when text_valid() is false. */
size_t	 text_scan(const char *, size_t);
/* Exact comparison of two valid decimals (or integers): -1, 0, 1. */
int	 dec_cmp(const char *, size_t, const char *, size_t);
/* Real calendar date of year y (1..9999), month m, day d. */
int	 ymd_valid(int y, int m, int d);

#endif
