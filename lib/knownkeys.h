/*
 * knownkeys.h - the keys delivered on earlier nights, as hdx-check asks
 * about them: is the key a ref value names known (ref), does the ledger
 * hold a newer version of a record's key (a stale re-send, R12)? And as
 * hdx-extract does: was this very version delivered (a re-read row)?
 *
 * The ledger answers one key at a time through SQLite, a few
 * microseconds a question, and a check asks once per record. So the keys
 * of a (table, org_code) asked about often enough are taken into memory
 * in one walk of the ledger's index: each key digest in binary with its
 * update_time packed in 8 bytes, in a table at most 3/4 full: 53 to 107
 * bytes a key (memory of the key store, not of the input; at most
 * KNOWNKEYS_MAX keys in all, past which the ledger is asked key by key).
 * A set in memory also knows the latest update_time of its keys: a
 * record not older than that cannot be stale, and needs no digest.
 *
 * The answers are the ledger's (ledger_key_known()): exact, key digest
 * for key digest. A ledger error reads as "not known", as it did when
 * every key was asked.
 */
#ifndef HDX_KNOWNKEYS_H
#define HDX_KNOWNKEYS_H

#include <stddef.h>

struct ledger;
struct std_table;
struct knownkeys;

#define KNOWNKEYS_MAX	(4L << 20)	/* keys in memory, all sets */

enum knownkeys_answer {
	KNOWNKEYS_NO = 0,	/* not delivered */
	KNOWNKEYS_YES,		/* delivered */
	KNOWNKEYS_NONE,		/* nothing delivered for the table and org */
};

struct knownkeys *knownkeys_new(struct ledger *);
void	 knownkeys_free(struct knownkeys *);

/* About n records are to come (an input's), each a question about its
 * own key and about the values its refs name: a set may then be taken
 * at the first question about it. */
void	 knownkeys_expect(struct knownkeys *, unsigned long n);
/*
 * Whether the key of record (v, len) of t, whose org_code is v[of], was
 * delivered with an update_time later than upd (a DT value), in two
 * steps: knownkeys_start() digests the key and starts fetching where
 * the answer lies (a set of a million keys is far bigger than the
 * caches), knownkeys_newer() then answers, 1 or 0. The values must stay
 * in place between the two.
 */
void	 knownkeys_start(struct knownkeys *, const struct std_table *t,
	    char *const *v, const size_t *len, int of, const char *upd,
	    size_t updlen);
int	 knownkeys_newer(struct knownkeys *);
/* Whether the key of record (v, len) of t, as knownkeys_start() takes
 * it, was delivered with the update_time upd itself (a version sent
 * already: hdx-extract's re-read of the look-back), 1 or 0. */
int	 knownkeys_same(struct knownkeys *, const struct std_table *t,
	    char *const *v, const size_t *len, int of, const char *upd,
	    size_t updlen);
/* Whether the key (org, value) of t was delivered, t's key being its
 * org_code and field (a ref's target). */
enum knownkeys_answer knownkeys_ref(struct knownkeys *,
	    const struct std_table *t, int field, const char *org,
	    size_t orglen, const char *v, size_t len);

#endif
