/*
 * ledger.h - what hdx-upload has sent, kept in an SQLite database in the
 * site's state directory (ledger.db, mode 0600):
 *
 *   batches  every batch: id, table, org, records, channel, status,
 *            payload_sm3, receipt JSON, reason, attempts, first and last
 *            attempt (Beijing time)
 *   outbox   the batches still to be sent, with their records (CSV), so
 *            a failed run loses nothing and `hdx-upload --resend` sends
 *            them; a batch leaves the outbox once delivered
 *   key_index  per (scope, key digest): the business date, the
 *            update_time of the version delivered and when its receipt
 *            came (received_at, Beijing time: the platform received it
 *            a moment before, README 7.1). Only what api.md 6 allows to
 *            keep: no record values. The digest is its 32 bytes, the
 *            dates and times the numbers of their digits; key_scopes
 *            numbers the (table, org_code) pairs. The view keys shows
 *            them as the table keys of earlier versions held them (text:
 *            table_name, org_code, key_sm3 in hex, business_date,
 *            update_time, received_at); ledger_open() turns such a table
 *            into key_index, in one transaction. (keys_runs: the keys of
 *            the run, a row per batch, merged at its end; keys_new: the
 *            same, a row per key, as a ledger of an earlier version may
 *            hold them.)
 *   rejected_keys  the same for the latest version the platform rejected
 *            (update_time, received_at): the platform assesses it while
 *            no version of the key is accepted (README 7.2).
 *
 * Functions return 0 (or a count or status as said), -1 with
 * "ledger.db: problem" in err.
 */
#ifndef HDX_LEDGER_H
#define HDX_LEDGER_H

#include <stddef.h>

struct ledger;

enum ledger_status {
	LEDGER_NONE = 0,	/* not in the ledger */
	LEDGER_DELIVERED,
	LEDGER_DUPLICATE,
	LEDGER_TRANSIENT,	/* failed for now: in the outbox */
	LEDGER_REFUSED,
	LEDGER_QUARANTINED,	/* refused for good: out of the outbox */
	LEDGER_EXPIRED,		/* purged undelivered from the outbox (api.md 6) */
};

struct ledger_batch {
	const char	*id, *table, *org, *channel;
	size_t		 records;
	const char	*payload_sm3;
	enum ledger_status status;
	const char	*receipt;	/* may be NULL */
	const char	*reason;	/* may be NULL */
};

/* Opens DIR/ledger.db, in WAL mode; a new one appears whole (0600, its
 * schema made and WAL on), so that readers starting with its writer, as
 * the stages of a pipe do, never see it half made. */
struct ledger *ledger_open(const char *state_dir, char *err, size_t errlen);
void	 ledger_close(struct ledger *);
const char *ledger_status_name(enum ledger_status);

/* The recorded status of a batch, LEDGER_NONE when unknown; -1 error. */
int	 ledger_batch_status(struct ledger *, const char *id, char *err,
	    size_t errlen);
/* Records an attempt (inserting or updating the batch's row). */
int	 ledger_batch_record(struct ledger *, const struct ledger_batch *,
	    char *err, size_t errlen);

/* Marks a batch purged from the outbox (reason: counts, no values). */
int	 ledger_batch_expire(struct ledger *, const char *id, const char *reason,
	    char *err, size_t errlen);

/* Transactions around many calls (one per batch keeps it fast). */
int	 ledger_begin(struct ledger *, char *err, size_t errlen);
int	 ledger_commit(struct ledger *, char *err, size_t errlen);

/* The outbox: a batch's records as CSV with a header line. */
int	 ledger_outbox_put(struct ledger *, const char *id, const char *table,
	    const char *org, unsigned generation, const char *csv, size_t len,
	    char *err, size_t errlen);
int	 ledger_outbox_delete(struct ledger *, const char *id, char *err,
	    size_t errlen);
struct ledger_outbox {
	const char	*id, *table, *org;
	unsigned	 generation;
	const char	*csv;
	size_t		 len;
	const char	*queued_at;
};
typedef int ledger_outbox_fn(void *arg, const struct ledger_outbox *);
/* Calls fn for each batch of table (NULL: all) in the order queued; stops
 * at the first non-zero return of fn, which it returns. The entries are
 * read first, so fn may delete from the outbox. */
int	 ledger_outbox_each(struct ledger *, const char *table,
	    ledger_outbox_fn *, void *arg, char *err, size_t errlen);

/* Records the delivered version of a key (the later update_time wins),
 * pending until ledger_keys_merge(): the writer merges at the end of its
 * run, and ledger_open() merges what a run left pending. Inside a
 * transaction the keys are kept in memory until ledger_commit() writes
 * them, in one row; key_digest is the 64 hex digits of api.md 6. */
int	 ledger_key_put(struct ledger *, const char *table, const char *org,
	    const char *key_digest, const char *business_date,
	    const char *update_time, char *err, size_t errlen);
/* The same with the digest's 32 bytes (payload_key_sm3). */
int	 ledger_key_add(struct ledger *, const char *table, const char *org,
	    const unsigned char digest[32], const char *business_date,
	    const char *update_time, char *err, size_t errlen);
int	 ledger_keys_merge(struct ledger *, char *err, size_t errlen);
enum ledger_key {
	LEDGER_KEY_UNKNOWN = 0,	/* never delivered */
	LEDGER_KEY_SAME,	/* delivered with this update_time: unchanged */
	LEDGER_KEY_OLDER,	/* delivered, older than update_time: changed */
	LEDGER_KEY_NEWER,	/* delivered, newer: update_time would be stale */
};
/* How key_digest stands against update_time (NULL or "": only whether
 * known, LEDGER_KEY_SAME); -1 on error. */
int	 ledger_key_known(struct ledger *, const char *table, const char *org,
	    const char *key_digest, const char *update_time);
/* The same with the digest's 32 bytes. */
int	 ledger_key_known_digest(struct ledger *, const char *table,
	    const char *org, const unsigned char digest[32],
	    const char *update_time);
/* Records a version the platform's receipt rejected. */
int	 ledger_key_rejected(struct ledger *, const char *table, const char *org,
	    const char *key_digest, const char *update_time, char *err,
	    size_t errlen);
/* When the platform received the version of a key it assesses, and that
 * version's update_time: 1 the version it holds, 2 a rejected one (none
 * accepted), 0 never delivered, -1 error (ledger_error()). received is ""
 * for a key delivered by a ledger that did not record the time. */
int	 ledger_key_received(struct ledger *, const char *table,
	    const char *org, const char *key_digest, char received[20],
	    char update_time[20]);
/* Number of keys delivered for table and org on business date date. */
int	 ledger_key_count(struct ledger *, const char *table, const char *org,
	    const char *date, long *n, char *err, size_t errlen);
/* For a reader of many keys (hdx-check): one read transaction until
 * ledger_close() instead of one per question (the answers then come
 * from one state of the ledger; an hdx-upload meanwhile still writes). */
int	 ledger_reading(struct ledger *, char *err, size_t errlen);
/* A key of ledger_key_each(): its digest's 32 bytes, and the update_time
 * of the version delivered: the number of its 14 digits when it is
 * "YYYY-MM-DD HH:MM:SS" (their order is the text's), LEDGER_UPD_NONE
 * when none was recorded, LEDGER_UPD_TEXT for another text, then in
 * text (len bytes, not NUL-terminated). */
#define LEDGER_UPD_NONE	(-1LL)
#define LEDGER_UPD_TEXT	(-2LL)
struct ledger_keyver {
	const unsigned char *digest;
	long long	 upd;
	const char	*text;
	size_t		 len;
};
/* Calls fn with each key delivered for table and org, in the order of
 * its digest; stops at fn's first non-zero return and returns it. For a
 * reader that takes the keys once instead of asking key by key. (A key
 * an older ledger held that is no digest of ours is not given.) */
typedef int ledger_key_fn(void *arg, const struct ledger_keyver *);
int	 ledger_key_each(struct ledger *, const char *table, const char *org,
	    ledger_key_fn *, void *arg, char *err, size_t errlen);
/* The error of the last ledger_key_known() that returned -1. */
const char *ledger_error(const struct ledger *);

/* After a purge: the WAL checkpointed into the database and truncated,
 * so that no page of a deleted record is left in ledger.db-wal (deleted
 * content in ledger.db itself is zeroed: secure_delete is on). */
int	 ledger_scrub(struct ledger *, char *err, size_t errlen);

/* Prints the outbox and the last n batches (hdx-upload --status). */
typedef void ledger_line_fn(void *arg, const char *line);
int	 ledger_report(struct ledger *, size_t n, ledger_line_fn *, void *arg,
	    char *err, size_t errlen);

#endif
