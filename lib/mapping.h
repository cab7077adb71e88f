/*
 * mapping.h - code mapping (数据对码): a hospital's local codes turned into
 * the codes of the standard's value domains (hdx-map(1), hdx-site(5)).
 *
 * A mapping file is CSV with the header local_code,std_code[,local_name];
 * mapping_read() loads it once, for one domain, into a hash table that
 * the struct mapping owns. A mapper binds every field of one table that
 * has a domain to its mapping file and policy, as the site file says, and
 * maps records in place: the values it puts in a record point into the
 * mapper and stay valid until the next mapper_record() call. Nothing is
 * allocated per record. Loading stops at the first problem, returned as
 * "FILE:LINE: problem" in the caller's buffer with MAP_EDATA (malformed)
 * or MAP_EIO (a file that could not be read).
 */
#ifndef HDX_MAPPING_H
#define HDX_MAPPING_H

#include <stddef.h>
#include <stdio.h>

#include "mapreport.h"

struct buf;
struct site;
struct std_domain;
struct std_table;

enum { MAP_OK = 0, MAP_EDATA = -1, MAP_EIO = -2 };

/*
 * The key a value is matched by. With fold, full-width ASCII forms
 * (U+FF01..U+FF5E) become ASCII, U+3000 a space, and spaces, tabs, CR
 * and LF around the value are removed; without, the value as it is.
 * Returns s itself when nothing changes, else scratch's bytes.
 */
const char *mapping_key(struct buf *scratch, const char *s, size_t len,
	    int fold, size_t *keylen);

struct mapping;

/* name is for messages. Every std_code must be a code of d. */
struct mapping *mapping_read(FILE *, const char *name,
	    const struct std_domain *d, int fold, char *err, size_t errlen);
/* As mapping_read on a file; *status MAP_EDATA or MAP_EIO on failure. */
struct mapping *mapping_load(const char *path, const struct std_domain *d,
	    int fold, int *status, char *err, size_t errlen);
void	 mapping_free(struct mapping *);
/* The standard code of a key (from mapping_key()), or NULL. */
const char *mapping_get(const struct mapping *, const char *key, size_t len,
	    size_t *stdlen);
size_t	 mapping_count(const struct mapping *);
/* Iterates the rows: start with *pos = 0; returns 0 at the end. */
int	 mapping_next(const struct mapping *, size_t *pos, const char **key,
	    size_t *keylen, const char **std);

/* One domain of the table being mapped: its policy, files and counts. */
struct map_domain {
	const struct std_domain *domain;
	int		 fold;		/* [map D] fold, default yes */
	int		 passthrough;	/* [map D] passthrough, default yes */
	const char	*def;		/* unmapped = default:CODE, else NULL */
	const char	**field;	/* names of the fields of this domain */
	size_t		 nfield;
	char		**file;		/* mapping files used, NULL: none */
	size_t		 nfile;
	struct map_stats st;
};

struct mapper;

/* *out NULL and err set unless MAP_OK. */
int	 mapper_open(struct mapper **out, const struct site *,
	    const struct std_table *, char *err, size_t errlen);
void	 mapper_free(struct mapper *);
/* Maps the table's values in place; returns how many values were left
 * unmapped under the reject policy. */
unsigned long mapper_record(struct mapper *, char **v, size_t *len);
/* The domains the mapper handles, in the order of their first field. */
size_t	 mapper_domains(const struct mapper *, const struct map_domain **);

/* The mapping file of a domain itself, without a table: [map D] file,
 * else mapping_dir/D.csv when it exists; NULL when there is none. */
char	*mapping_domain_file(const struct site *, const char *domain);

/*
 * suggest: for each row of a local dictionary (local_code,local_name)
 * whose code (its key, with fold) m (may be NULL) does not map, the
 * code of d whose name_zh is most like local_name, written as CSV to
 * out sorted by score: 1 the same name, 0.95 the same once normalised,
 * 0.5-0.9 one name containing the other, else 0.8 x the Dice
 * coefficient of their character bigrams; below 0.3, no proposal.
 * Returns 0, or -1 with "NAME:LINE: problem" in err.
 */
int	 mapping_suggest(FILE *dict, const char *name,
	    const struct std_domain *d, const struct mapping *m, int fold,
	    FILE *out, char *err, size_t errlen);
double	 mapping_similarity(const char *a, const char *b);

#endif
