/*
 * hmap.h - a string-keyed hash map (open addressing, linear probing).
 * Keys are copied in and owned by the map; values are the caller's and
 * are never freed by the map. Keys are byte strings: they may hold NUL.
 */
#ifndef HDX_HMAP_H
#define HDX_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap;

struct hmap *hmap_new(void);
void	 hmap_free(struct hmap *);
/* Returns a pointer to the value slot of key, inserting NULL if absent;
 * *added (may be NULL) tells whether the key is new. */
void	**hmap_put(struct hmap *, const char *key, size_t len, int *added);
/* The value slot of key, or NULL when absent. */
void	**hmap_get(const struct hmap *, const char *key, size_t len);
/* hmap_get() in two steps, for a caller with other work meanwhile: the
 * slot of a key of hash h (hmap_hash()) is fetched ahead, then asked. */
void	 hmap_prefetch(const struct hmap *, uint64_t h);
/* A third step between them, once the slot has arrived: the key it
 * will be compared with is fetched ahead too. */
void	 hmap_prefetch_key(const struct hmap *, uint64_t h);
void	**hmap_get_hashed(const struct hmap *, const char *key, size_t len,
	    uint64_t h);
size_t	 hmap_count(const struct hmap *);
/* Iterates: start with *pos = 0; returns 0 at the end. */
int	 hmap_next(const struct hmap *, size_t *pos, const char **key,
	    size_t *len, void **value);
uint64_t hmap_hash(const char *, size_t);

#endif
