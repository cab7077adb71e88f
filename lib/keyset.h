/*
 * keyset.h - a set of byte strings that holds millions of keys in little
 * memory: the keys of one submission for unique (R12), one per record.
 *
 * Exact, not probabilistic: every key is kept whole, packed one after the
 * other in one arena with its length, and the table holds an 8-byte slot
 * per key (its arena offset and 16 bits of its hash). About 14 bytes of
 * table and the key's own bytes plus one per key; no allocation per key.
 */
#ifndef HDX_KEYSET_H
#define HDX_KEYSET_H

#include <stddef.h>
#include <stdint.h>

struct keyset;

struct keyset *keyset_new(void);
void	 keyset_free(struct keyset *);
/* Adds key; 1 when it was new, 0 when it was there already. */
int	 keyset_add(struct keyset *, const char *key, size_t len);
/*
 * The same in two steps, for a caller with other work to do meanwhile: a
 * set of millions of keys is far bigger than the caches, and a probe
 * waits for memory. keyset_prefetch() asks for the key's slot and returns
 * its hash; keyset_add_hashed() then takes the key with that hash.
 */
uint64_t keyset_prefetch(const struct keyset *, const char *key, size_t len);
int	 keyset_add_hashed(struct keyset *, const char *key, size_t len,
	    uint64_t hash);
size_t	 keyset_count(const struct keyset *);
/* Empties the set, keeping its memory for the next keys. */
void	 keyset_clear(struct keyset *);

#endif
