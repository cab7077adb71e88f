/*
 * hmap.c - open-addressing hash map, linear probing, grown at 50% load
 * so probes stay short.
 *
 * The checker and the mapper probe maps several times per record, so the
 * layout is for that: keys are copied into large blocks (one allocation
 * per 64 KiB of keys, not one per key, and freeing the map is cheap), a
 * slot is 24 bytes with 32 bits of the hash to turn away most non-matches
 * without touching the key, and the hash reads 8 bytes at a time.
 */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "util.h"

#define BLOCK	(64 * 1024)

struct hmap_slot {
	const char *key;	/* NULL: empty */
	uint32_t len;
	uint32_t tag;		/* the hash's high half */
	void	*value;
};

struct block {
	struct block *next;
	size_t	 used, size;
	char	 data[];
};

struct hmap {
	struct hmap_slot *slot;
	size_t	 cap;		/* power of two */
	size_t	 count;
	struct block *blocks;	/* the first has room */
};

static inline uint64_t
mix(uint64_t a, uint64_t b)
{
	unsigned __int128 r = (unsigned __int128)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t
load64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* The tail of fewer than 8 bytes, in the low bytes of a word. */
static inline uint64_t
load_tail(const char *p, size_t n)
{
	uint64_t w = 0;

	memcpy(&w, p, n);
	return w;
}

/*
 * A multiply-fold hash over 64-bit words (the construction of wyhash):
 * each word is folded into the state through a 128-bit product, and the
 * length seeds the state so that keys differing only in trailing NULs
 * differ. Both halves of the result are well mixed: the low bits place a
 * key, the high bits are its tag.
 */
uint64_t
hmap_hash(const char *s, size_t n)
{
	const uint64_t p0 = 0xa0761d6478bd642fULL, p1 = 0xe7037ed1a0b428dbULL;
	uint64_t h = mix((uint64_t)n ^ p0, p1);

	for (; n >= 8; s += 8, n -= 8)
		h = mix(load64(s) ^ p0, h ^ p1);
	if (n)
		h = mix(load_tail(s, n) ^ p1, h ^ p0);
	return mix(h ^ p0, p1 ^ (h >> 29));
}

struct hmap *
hmap_new(void)
{
	struct hmap *m = xcalloc(1, sizeof(*m));

	m->cap = 16;
	m->slot = xcalloc(m->cap, sizeof(*m->slot));
	return m;
}

void
hmap_free(struct hmap *m)
{
	struct block *b, *next;

	if (m == NULL)
		return;
	for (b = m->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(m->slot);
	free(m);
}

/* A NUL-terminated copy of key in the map's blocks. */
static const char *
copy_key(struct hmap *m, const char *key, size_t len)
{
	struct block *b = m->blocks;
	size_t size;
	char *p;

	if (b == NULL || b->size - b->used < len + 1) {
		size = len + 1 > BLOCK / 4 ? len + 1 : BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		if (size == BLOCK || m->blocks == NULL) {
			b->next = m->blocks;
			m->blocks = b;
		} else {	/* a big key's own block: keep the current one */
			b->next = m->blocks->next;
			m->blocks->next = b;
		}
	}
	p = b->data + b->used;
	memcpy(p, key, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

static struct hmap_slot *
find_slot(struct hmap_slot *slot, size_t cap, const char *key, size_t len,
    uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	uint32_t tag = (uint32_t)(h >> 32);

	for (;;) {
		struct hmap_slot *s = &slot[i];

		if (s->key == NULL || (s->tag == tag && s->len == len &&
		    memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & (cap - 1);
	}
}

/* Only the tag is kept: the keys are hashed again to place them. */
static void
grow(struct hmap *m)
{
	size_t ncap = m->cap * 2, i, j;
	struct hmap_slot *ns = xcalloc_table(ncap, sizeof(*ns));

	for (i = 0; i < m->cap; i++) {
		struct hmap_slot *o = &m->slot[i];

		if (o->key == NULL)
			continue;
		j = (size_t)hmap_hash(o->key, o->len) & (ncap - 1);
		while (ns[j].key)
			j = (j + 1) & (ncap - 1);
		ns[j] = *o;
	}
	free(m->slot);
	m->slot = ns;
	m->cap = ncap;
}

void **
hmap_put(struct hmap *m, const char *key, size_t len, int *added)
{
	uint64_t h = hmap_hash(key, len);
	struct hmap_slot *s;

	if ((m->count + 1) * 2 > m->cap)
		grow(m);
	s = find_slot(m->slot, m->cap, key, len, h);
	if (added)
		*added = s->key == NULL;
	if (s->key == NULL) {
		if (len > UINT32_MAX)
			abort();	/* no key of the standard comes near */
		s->key = copy_key(m, key, len);
		s->len = (uint32_t)len;
		s->tag = (uint32_t)(h >> 32);
		s->value = NULL;
		m->count++;
	}
	return &s->value;
}

void **
hmap_get(const struct hmap *m, const char *key, size_t len)
{
	return hmap_get_hashed(m, key, len, hmap_hash(key, len));
}

void
hmap_prefetch(const struct hmap *m, uint64_t h)
{
	const struct hmap_slot *s = &m->slot[(size_t)h & (m->cap - 1)];

	__builtin_prefetch(s);
	__builtin_prefetch((const char *)(s + 1) - 1);	/* may straddle */
}

/* The first few slots from h's: a key of h's tag there is fetched. */
#define KEY_AHEAD	4

void
hmap_prefetch_key(const struct hmap *m, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1), n;
	uint32_t tag = (uint32_t)(h >> 32);

	for (n = 0; n < KEY_AHEAD; n++, i = (i + 1) & (m->cap - 1)) {
		if (m->slot[i].key == NULL)
			return;
		if (m->slot[i].tag == tag) {
			__builtin_prefetch(m->slot[i].key);
			return;
		}
	}
}

void **
hmap_get_hashed(const struct hmap *m, const char *key, size_t len,
    uint64_t h)
{
	struct hmap_slot *s;

	if (m->count == 0)
		return NULL;
	s = find_slot(m->slot, m->cap, key, len, h);
	return s->key ? &s->value : NULL;
}

size_t
hmap_count(const struct hmap *m)
{
	return m->count;
}

int
hmap_next(const struct hmap *m, size_t *pos, const char **key, size_t *len,
    void **value)
{
	while (*pos < m->cap) {
		struct hmap_slot *s = &m->slot[(*pos)++];

		if (s->key) {
			if (key)
				*key = s->key;
			if (len)
				*len = s->len;
			if (value)
				*value = s->value;
			return 1;
		}
	}
	return 0;
}
