/*
 * hmap.c - open-addressing hash map with FNV-1a hashes; grows at 50% load
 * so probes stay short.
 */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "util.h"

struct hmap_slot {
	char	*key;		/* NULL: empty */
	size_t	 len;
	uint64_t hash;
	void	*value;
};

struct hmap {
	struct hmap_slot *slot;
	size_t	 cap;		/* power of two */
	size_t	 count;
};

uint64_t
hmap_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
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
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slot[i].key);
	free(m->slot);
	free(m);
}

static struct hmap_slot *
find_slot(struct hmap_slot *slot, size_t cap, const char *key, size_t len,
    uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	for (;;) {
		struct hmap_slot *s = &slot[i];

		if (s->key == NULL || (s->hash == h && s->len == len &&
		    memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & (cap - 1);
	}
}

static void
grow(struct hmap *m)
{
	size_t ncap = m->cap * 2, i;
	struct hmap_slot *ns = xcalloc(ncap, sizeof(*ns));

	for (i = 0; i < m->cap; i++) {
		struct hmap_slot *o = &m->slot[i];

		if (o->key)
			*find_slot(ns, ncap, o->key, o->len, o->hash) = *o;
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
		s->key = xstrndup(key, len);
		s->len = len;
		s->hash = h;
		s->value = NULL;
		m->count++;
	}
	return &s->value;
}

void **
hmap_get(const struct hmap *m, const char *key, size_t len)
{
	struct hmap_slot *s = find_slot(m->slot, m->cap, key, len,
	    hmap_hash(key, len));

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
