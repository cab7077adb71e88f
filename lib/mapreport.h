/*
 * mapreport.h - what a mapping run did, per value domain: values seen,
 * mapped, passed through and unmapped, with the unmapped local codes and
 * their counts, so that the engineer fills the biggest holes first; and
 * the JSON report of hdx-map(1) --report.
 *
 * A struct map_stats owns its table of unmapped codes. At most
 * MAPSTATS_CODES distinct codes are kept per domain (memory stays bounded
 * whatever the data); further ones are only counted, as untracked. The
 * values of fields marked sensitive are never kept, only counted.
 */
#ifndef HDX_MAPREPORT_H
#define HDX_MAPREPORT_H

#include <stddef.h>

struct hmap;
struct map_domain;

#define MAPSTATS_CODES	10000

struct map_stats {
	unsigned long	 seen;		/* non-empty values */
	unsigned long	 mapped;	/* found in the mapping file */
	unsigned long	 passed;	/* already a code of the domain */
	unsigned long	 unmapped;	/* neither */
	unsigned long	 defaulted;	/* of those, set to the default code */
	unsigned long	 untracked;	/* unmapped beyond MAPSTATS_CODES */
	unsigned long	 hidden;	/* unmapped of sensitive fields */
	struct hmap	*codes;		/* unmapped code -> count */
};

struct map_top {
	const char	*code;		/* belongs to the stats */
	size_t		 len;
	unsigned long	 count;
};

void	 mapstats_init(struct map_stats *);
void	 mapstats_free(struct map_stats *);
/* Counts one unmapped value; a sensitive one is counted, not kept. */
void	 mapstats_unmapped(struct map_stats *, const char *code, size_t len,
	    int sensitive);
/* The n (at most) most frequent unmapped codes, by count then code;
 * returns how many were written to top. */
size_t	 mapstats_top(const struct map_stats *, struct map_top *top, size_t n);
/* Number of distinct unmapped codes kept. */
size_t	 mapstats_distinct(const struct map_stats *);

/* Writes the JSON report (mode 0600); -1 with "PATH: reason" in err. */
int	 mapreport_write(const char *path, const char *table,
	    const char *input, unsigned long records, unsigned long ragged,
	    const struct map_domain *, size_t n, char *err, size_t errlen);

#endif
