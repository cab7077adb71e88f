/*
 * watermark.h - the per-table extraction watermark: the largest
 * update_time uploaded, kept in the site's state_dir as the one-line file
 * TABLE.watermark ("YYYY-MM-DD HH:MM:SS\n", mode 0600), replaced
 * atomically (a temporary file in the same directory, then rename(2)).
 */
#ifndef HDX_WATERMARK_H
#define HDX_WATERMARK_H

#include <stddef.h>

/* 1 with the watermark in ts[20], 0 when there is none, -1 on error. */
int	 wm_read(const char *state_dir, const char *table, char ts[20],
	    char *err, size_t errlen);
/* ts must be a valid datetime; state_dir is created (0700) if missing. */
int	 wm_write(const char *state_dir, const char *table, const char *ts,
	    char *err, size_t errlen);
/* The path of the table's watermark file (owned by the caller). */
char	*wm_path(const char *state_dir, const char *table);

#endif
