/*
 * http.h - the HTTP channel of the upload protocol (api.md 3, 4): signed
 * requests over one reused libcurl handle, the optional SM4 envelope,
 * retries with backoff, and the JSON body of a batch.
 *
 * An http_client copies its configuration (the secret and the key too) and
 * owns one CURL easy handle, so consecutive requests reuse the connection;
 * it is not for use by two threads at once. TLS is verified unless the
 * configuration says insecure, which the library never mentions: the
 * caller must warn about it. The library prints nothing, and no message
 * it makes holds the secret, a record value or a request body.
 *
 * An http_result owns the response body; zero it (or http_result_init) once,
 * every request frees what the previous one left, http_result_free at end.
 */
#ifndef HDX_HTTP_H
#define HDX_HTTP_H

#include <stddef.h>
#include <time.h>

#include "util.h"

struct std_table;
struct http_client;

#define HTTP_MAX_BODY		8388608	/* bytes as sent (api.md 5) */
#define HTTP_MAX_RECORDS	5000

/* Called before each wait between attempts; why never holds data. */
typedef void http_retry_fn(void *arg, int attempt, long status,
    const char *why, double wait_seconds);

struct http_config {
	const char	*base_url;	/* scheme://host[:port][/prefix] */
	const char	*org_code;
	const void	*secret;	/* HMAC key bytes */
	size_t		 secretlen;
	const unsigned char *sm4_key;	/* 16 bytes: encrypt bodies; or NULL */
	const char	*cacert;	/* PEM CA bundle; NULL: the system's */
	long		 connect_timeout; /* seconds; 0: 30 */
	long		 total_timeout;	/* seconds per attempt; 0: 120 */
	int		 max_attempts;	/* 0: 10 */
	time_t		 deadline;	/* give up at this time; 0: never */
	double		 backoff_base;	/* seconds; 0: 1 */
	double		 backoff_cap;	/* seconds; 0: 300 */
	int		 insecure;	/* no TLS verification: caller warns */
	http_retry_fn	*on_retry;	/* optional, for the caller's log */
	void		*retry_arg;
};

enum http_class {
	HTTP_DELIVERED,		/* 200 */
	HTTP_REFUSED,		/* 4xx other than 429 (or another final answer) */
	HTTP_TRANSIENT		/* gave up retrying, or could not send at all */
};

struct http_result {
	long		 status;	/* final HTTP status; 0: no response */
	int		 attempts;
	int		 connects;	/* new connections opened (keep-alive: 0) */
	enum http_class	 class;
	char		*body;		/* response body, NUL-terminated; owned */
	size_t		 bodylen;
	char		 error[512];	/* why, when not delivered; else "" */
};

/* NULL with "http: problem" in err for a bad configuration. */
struct http_client *http_new(const struct http_config *, char *err,
	    size_t errlen);
void	 http_free(struct http_client *);

/*
 * The requests. Each returns 0 when answered 200 (res->class is
 * HTTP_DELIVERED), else -1 with res->class, res->status and res->error
 * saying why. A REFUSED answer is never retried.
 */
int	 http_upload(struct http_client *, const char *table, const char *body,
	    size_t len, struct http_result *);
/*
 * The same, given body_sm3, the SM3 hex of body computed beforehand (while
 * the request before was under way); NULL computes it here. Unused when the
 * client seals bodies with SM4: the envelope is new for every attempt.
 */
int	 http_upload_digest(struct http_client *, const char *table,
	    const char *body, size_t len, const char *body_sm3,
	    struct http_result *);
int	 http_get_receipt(struct http_client *, const char *batch_id,
	    struct http_result *);
/* date "YYYY-MM-DD" or NULL for every date. */
int	 http_get_stats(struct http_client *, const char *table,
	    const char *date, struct http_result *);

void	 http_result_init(struct http_result *);
void	 http_result_free(struct http_result *);
const char *http_class_name(enum http_class);

/*
 * The pieces of a request, exposed for tests and for tools that pre-sign
 * (api.md 7): the signature of one request, and the SM4 envelope of a body
 * under a given IV. Both return 0, or -1 with err set.
 */
int	 http_sign(const void *secret, size_t secretlen, const char *method,
	    const char *path, const char *timestamp, const char *nonce,
	    const void *body, size_t len, char sig[65], char *err,
	    size_t errlen);
/* The signature given the SM3 hex of the body instead of the body. */
int	 http_sign_digest(const void *secret, size_t secretlen,
	    const char *method, const char *path, const char *timestamp,
	    const char *nonce, const char *body_sm3, char sig[65], char *err,
	    size_t errlen);
int	 http_envelope(const unsigned char key[16], const unsigned char iv[16],
	    const void *body, size_t len, struct buf *out, char *err,
	    size_t errlen);
/* Size of the envelope of a plain body of len bytes. */
size_t	 http_envelope_size(size_t len);

/*
 * A batch body (api.md 3.3), built one record at a time:
 *
 *	{"org_code":ORG,"table":TABLE,"records":[{...},...],
 *	 "record_count":N,"batch_id":ID}
 *
 * (members in this order: the batch_id comes last so that it may be derived
 * from the records). Every field of the table is written in field order,
 * every value a JSON string ("" for NULL), control characters as \u00XX,
 * UTF-8 raw. The body, or its envelope when sm4 is set, stays within
 * max_bytes (0: HTTP_MAX_BODY) and HTTP_MAX_RECORDS records.
 */
struct http_batch {
	struct buf	 body;
	const struct std_table *table;
	size_t		 nrecords;
	size_t		 records_at;	/* offset of the first record's '{' */
	size_t		 max_bytes;
	int		 sm4;
	int		 finished;
	struct buf	 scratch;
	/* per field, ["," for all but the first] "name": once per batch, not
	 * escaped again for every record; field i's at name_at[i] */
	struct buf	 names;
	size_t		*name_at;
};

void	 http_batch_begin(struct http_batch *, const char *org_code,
	    const struct std_table *, int sm4, size_t max_bytes);
/*
 * Begins again a batch begun before (or zeroed), keeping its memory: the
 * next body is written over the last one's pages instead of new ones.
 */
void	 http_batch_restart(struct http_batch *, const char *org_code,
	    const struct std_table *, int sm4, size_t max_bytes);
/*
 * Appends a record: v[i] (len[i] bytes, or NUL-terminated when len is NULL)
 * is the value of field i. Returns 0 when added, 1 when the batch is full
 * (the record is not added: finish this batch and add it to the next), or
 * -1 with err set when the record can never be sent: its value is not
 * valid UTF-8, or the record alone is larger than a batch.
 */
int	 http_batch_add(struct http_batch *, char *const *v, const size_t *len,
	    char *err, size_t errlen);
/* True when no further record may be added (count or size). */
int	 http_batch_full(const struct http_batch *);
/* SM3 hex of the records' bytes so far, e.g. to derive the batch_id. */
int	 http_batch_digest(const struct http_batch *, char hex[65], char *err,
	    size_t errlen);
/* Closes the body with record_count and batch_id; b->body is the body. */
void	 http_batch_finish(struct http_batch *, const char *batch_id);
void	 http_batch_free(struct http_batch *);

/* Appends s as a JSON string with its quotes. */
void	 json_add_string(struct buf *, const char *s, size_t len);

#endif
