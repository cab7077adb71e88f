/*
 * channel.h - the ways a batch reaches the platform, behind one table of
 * functions: the front-end database through libpq (chan_pg.c) or through
 * ODBC (chan_odbc.c, the SQLite front-end database), and the HTTP API.
 * The tool calls ch->ops->send(); it never asks which channel it has.
 * channel.c chooses a table's channel and holds what the channels share.
 *
 * channel_open() connects, each channel taking its settings from the
 * site's [upload] section (hdx-site(5)); send() delivers one sealed batch
 * and says what became of it and of its records; close() frees
 * everything. A result's strings belong to the channel until the next
 * send().
 */
#ifndef HDX_CHANNEL_H
#define HDX_CHANNEL_H

#include <stddef.h>

struct batch;
struct channel;
struct site;
struct std_table;

enum send_status {
	SEND_DELIVERED,		/* stored now */
	SEND_DUPLICATE,		/* this batch_id was stored before */
	SEND_TRANSIENT,		/* not stored; try again later */
	SEND_REFUSED,		/* not stored and never will be as it is */
};

/* A record of the batch that was not stored (stale), or that the platform
 * rejected (an HTTP receipt): by its index in the batch. */
struct send_reject {
	size_t		 index;
	const char	*field;
	const char	*rule;
	const char	*level;
	const char	*message;
};

struct send_result {
	enum send_status status;
	struct send_reject *reject;
	size_t		 nreject;
	size_t		 capreject;
	const char	*receipt;	/* JSON, NULL when the channel has none */
	size_t		 accepted;	/* records stored */
	char		 reason[512];	/* TRANSIENT, REFUSED: why (no values) */
};

struct channel_ops {
	const char	*name;		/* "frontdb", "http" */
	int	(*open)(struct channel *, const struct site *, char *err,
		    size_t errlen);
	/* 0 with *res filled (whatever the status), -1 only on a bug */
	int	(*send)(struct channel *, const struct batch *,
		    struct send_result *res);
	void	(*close)(struct channel *);
	/* Distinct keys of the site's org held for t on business date
	 * (YYYY-MM-DD): reconciliation (api.md 4.9); 0, or -1 with err. */
	int	(*count)(struct channel *, const struct std_table *,
		    const char *org, const char *date, long *n, char *err,
		    size_t errlen);
	/* Optional: send() in two halves, so that the caller reads and
	 * seals the next batch while the database works on this one.
	 * start() returns 1 when the batch is under way, to be ended by
	 * finish() before anything else is asked of the channel; 0 when it
	 * ended already (*res filled); -1 only on a bug, as send(). */
	int	(*start)(struct channel *, const struct batch *,
		    struct send_result *res);
	int	(*finish)(struct channel *, const struct batch *,
		    struct send_result *res);
	/* Optional: the work on the next batch that needs no round trip,
	 * done while the batch before is still under way. */
	void	(*prepare)(struct channel *, const struct batch *);
};

struct channel {
	const struct channel_ops *ops;
	void		*state;		/* the channel's own */
};

extern const struct channel_ops chan_pg_ops;
extern const struct channel_ops chan_odbc_ops;
extern const struct channel_ops chan_http_ops;

/* The channel of a table ([table T] channel, else [upload] channel; the
 * front-end database by libpq, or by ODBC for "odbc:..."); NULL with err
 * when it is not set. table may be NULL. */
const struct channel_ops *channel_for(const struct site *, const char *table,
	    char *err, size_t errlen);
/* Connects; NULL with err on failure. */
struct channel *channel_open(const struct channel_ops *, const struct site *,
	    char *err, size_t errlen);
void	 channel_close(struct channel *);

/* Helpers of the channels: the result's rejects array, reset per send
 * (send_result_free releases it once the result is no longer used). */
void	 send_result_reset(struct send_result *);
struct send_reject *send_result_add(struct send_result *);
void	 send_result_free(struct send_result *);
/* The front-end database password ([upload] frontdb_password), NULL when
 * unset; freed (and cleared) with channel_secret_free. */
int	 channel_frontdb_password(const struct site *, char **, char *err,
	    size_t errlen);
void	 channel_secret_free(char *);

#endif
