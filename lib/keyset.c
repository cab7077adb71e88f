/*
 * keyset.c - open addressing over 8-byte slots, linear probing, grown at
 * 3/4 load (8 slots share a cache line and the tag turns away almost
 * every non-match without reading the arena, so a full table costs
 * little). A slot is (arena offset + 1) << 16 | tag; 0 is empty. A key in
 * the arena is its length as a LEB128 varint, then its bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "keyset.h"
#include "util.h"

#define TAG_BITS	16
#define TAG_MASK	((1u << TAG_BITS) - 1)

struct keyset {
	uint64_t	*slot;
	size_t		 cap;		/* power of two */
	size_t		 count;
	char		*arena;
	size_t		 used, size;
};

struct keyset *
keyset_new(void)
{
	struct keyset *s = xcalloc(1, sizeof(*s));

	s->cap = 64;
	s->slot = xcalloc(s->cap, sizeof(*s->slot));
	return s;
}

void
keyset_free(struct keyset *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s->arena);
	free(s);
}

void
keyset_clear(struct keyset *s)
{
	memset(s->slot, 0, s->cap * sizeof(*s->slot));
	s->count = 0;
	s->used = 0;
}

size_t
keyset_count(const struct keyset *s)
{
	return s->count;
}

/* The key at arena offset off: its bytes, and its length in *len. */
static const char *
key_at(const struct keyset *s, size_t off, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s->arena + off;
	size_t n = 0;
	int shift = 0;

	do {
		n |= (size_t)(*p & 0x7f) << shift;
		shift += 7;
	} while (*p++ & 0x80);
	*len = n;
	return (const char *)p;
}

static uint32_t
tag_of(uint64_t h)
{
	return (uint32_t)(h >> (64 - TAG_BITS));
}

static void
place(uint64_t *slot, size_t cap, uint64_t h, uint64_t v)
{
	size_t i = (size_t)h & (cap - 1);

	while (slot[i])
		i = (i + 1) & (cap - 1);
	slot[i] = v;
}

/*
 * The keys are read in arena order, not slot order: one sequential sweep
 * instead of a cache miss per key. Their new slots are asked for AHEAD
 * keys before they are written, so that the misses overlap.
 */
#define AHEAD	8
static void
grow(struct keyset *s)
{
	size_t ncap = s->cap * 2, off, len, n = 0;
	uint64_t *ns = xcalloc_table(ncap, sizeof(*ns)), h[AHEAD], v[AHEAD];
	const char *k;

	for (off = 0; off < s->used; off = (size_t)(k - s->arena) + len) {
		k = key_at(s, off, &len);
		if (n >= AHEAD)
			place(ns, ncap, h[n % AHEAD], v[n % AHEAD]);
		h[n % AHEAD] = hmap_hash(k, len);
		v[n % AHEAD] = (uint64_t)(off + 1) << TAG_BITS |
		    tag_of(h[n % AHEAD]);
		__builtin_prefetch(&ns[h[n % AHEAD] & (ncap - 1)], 1);
		n++;
	}
	for (off = n > AHEAD ? n - AHEAD : 0; off < n; off++)
		place(ns, ncap, h[off % AHEAD], v[off % AHEAD]);
	free(s->slot);
	s->slot = ns;
	s->cap = ncap;
}

/* Appends key to the arena; returns its offset. */
static size_t
store(struct keyset *s, const char *key, size_t len)
{
	size_t off = s->used, n = len;
	unsigned char *p;

	if (s->size - s->used < len + 10) {
		while (s->size - s->used < len + 10)
			s->size = s->size ? s->size * 2 : 64 * 1024;
		s->arena = xrealloc(s->arena, s->size);
	}
	p = (unsigned char *)s->arena + s->used;
	do {
		*p = n & 0x7f;
		n >>= 7;
		*p++ |= n ? 0x80 : 0;
	} while (n);
	memcpy(p, key, len);
	s->used = (size_t)((char *)p - s->arena) + len;
	return off;
}

uint64_t
keyset_prefetch(const struct keyset *s, const char *key, size_t len)
{
	uint64_t h = hmap_hash(key, len);

	__builtin_prefetch(&s->slot[h & (s->cap - 1)]);
	return h;
}

int
keyset_add(struct keyset *s, const char *key, size_t len)
{
	return keyset_add_hashed(s, key, len, hmap_hash(key, len));
}

int
keyset_add_hashed(struct keyset *s, const char *key, size_t len, uint64_t h)
{
	uint64_t v;
	uint32_t tag = tag_of(h);
	size_t i, klen;
	const char *k;

	if ((s->count + 1) * 4 > s->cap * 3)
		grow(s);
	for (i = (size_t)h & (s->cap - 1); (v = s->slot[i]) != 0;
	    i = (i + 1) & (s->cap - 1)) {
		if ((v & TAG_MASK) != tag)
			continue;
		k = key_at(s, (size_t)(v >> TAG_BITS) - 1, &klen);
		if (klen == len && memcmp(k, key, len) == 0)
			return 0;
	}
	s->slot[i] = (uint64_t)(store(s, key, len) + 1) << TAG_BITS | tag;
	s->count++;
	return 1;
}
