/*
 * chan_http.c - the HTTP API channel (api.md 3, 4) behind channel.h: the
 * batch's JSON body (lib/http.h's builder), one signed POST with the
 * retries of api.md 4.4 over a kept-alive connection, and the receipt's
 * rejected records handed back as the batch's rejects.
 *
 * start() sends a batch from a thread of its own and finish() waits for
 * it: the receiver stores batch N while hdx-upload reads and seals batch
 * N+1 and records N-1. The thread has the client to itself (hdx-upload
 * asks nothing else of the channel until finish); the answers alternate
 * between two slots, since N-1's receipt is still being recorded while
 * N's comes in. prepare() builds the body of N+1 and its SM3 while N is
 * under way, so that the receiver waits for none of it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "batch.h"
#include "channel.h"
#include "http.h"
#include "receipt.h"
#include "site.h"
#include "sm.h"
#include "standard.h"
#include "util.h"

/* A batch's body, built before it is sent; hb's memory is kept. */
struct body {
	struct http_batch hb;
	int		  built;	/* hb holds the batch id's body */
	int		  rc;		/* of http_batch_add: 0, 1 or -1 */
	char		  id[BATCH_ID_MAX + 1];	/* the batch it is of */
	char		  sm3[SM3_HEXLEN + 1];	/* "" when not computed */
	char		  reason[512];		/* why not, when rc != 0 */
};

/* An answer: its strings are a send_result's until the next but one. */
struct slot {
	struct http_result  res;
	struct receipt	    receipt;
};

struct httpchan {
	struct http_client *client;
	struct slot	    slot[2];
	int		    cur;	/* the slot of the last batch sent */
	int		    sm4;
	/* the batch under way in the thread, and its result */
	pthread_t	    thread;
	int		    running;
	const struct batch *tb;
	struct body	    tbody;	/* tb's, the thread's */
	struct send_result  tr;
	struct body	    next;	/* prepare()'s */
};

static void
body_free(struct body *y)
{
	http_batch_free(&y->hb);
	y->built = 0;
}

/* The next HH:MM of Beijing time after now, as a time_t. */
static time_t
next_clock(const char *hhmm)
{
	time_t now = time(NULL), day, at;
	int h, m;

	if (hhmm == NULL || sscanf(hhmm, "%d:%d", &h, &m) != 2)
		return 0;
	/* Beijing is UTC+8 all year */
	day = (now + 8 * 3600) / 86400 * 86400 - 8 * 3600;
	at = day + h * 3600 + m * 60;
	return at > now ? at : at + 86400;
}

static int
http_open_site(struct channel *ch, const struct site *site, char *err,
    size_t errlen)
{
	struct http_config cfg;
	struct httpchan *hc;
	unsigned char key[16];
	char *secret = NULL, *sm4 = NULL, *cacert;
	const char *s;

	memset(&cfg, 0, sizeof(cfg));
	if ((cfg.base_url = site_get(site, "upload", "url")) == NULL)
		return seterr(err, errlen, "%s: [upload] url is not set",
		    site_file(site));
	if (site_secret(site, "upload", "secret", &secret, err, errlen) == -1)
		return -1;
	if (site_get(site, "upload", "sm4_key") &&
	    site_secret(site, "upload", "sm4_key", &sm4, err, errlen) == -1) {
		channel_secret_free(secret);
		return -1;
	}
	if (sm4 && (strlen(sm4) != 32 || hex_decode(key, 16, sm4) == -1)) {
		channel_secret_free(secret);
		channel_secret_free(sm4);
		return seterr(err, errlen, "%s:%lu: sm4_key: expected 32 "
		    "hexadecimal digits", site_file(site),
		    site_line(site, "upload", "sm4_key"));
	}
	cfg.org_code = site_org(site);
	cfg.secret = secret;
	cfg.secretlen = strlen(secret);
	cfg.sm4_key = sm4 ? key : NULL;
	cacert = site_path(site, "upload", "cacert");
	cfg.cacert = cacert;
	cfg.connect_timeout = site_seconds(site, "upload", "connect_timeout",
	    30);
	cfg.total_timeout = site_seconds(site, "upload", "timeout", 120);
	if ((s = site_get(site, "upload", "max_attempts")) != NULL)
		cfg.max_attempts = (int)strtol(s, NULL, 10);
	cfg.deadline = next_clock(site_get(site, "upload", "give_up"));
	/* tests shorten the backoff of api.md 4.4 */
	if ((s = getenv("HDX_UPLOAD_BACKOFF")) != NULL && *s) {
		cfg.backoff_base = strtod(s, NULL);
		cfg.backoff_cap = cfg.backoff_base * 4;
	}
	hc = xcalloc(1, sizeof(*hc));
	hc->client = http_new(&cfg, err, errlen);
	hc->sm4 = sm4 != NULL;
	explicit_bzero(key, sizeof(key));
	channel_secret_free(secret);
	channel_secret_free(sm4);
	free(cacert);
	if (hc->client == NULL) {
		free(hc);
		return -1;
	}
	http_result_init(&hc->slot[0].res);
	http_result_init(&hc->slot[1].res);
	ch->state = hc;
	return 0;
}

static void
http_close_chan(struct channel *ch)
{
	struct httpchan *hc = ch->state;
	int i;

	if (hc == NULL)
		return;
	if (hc->running)
		pthread_join(hc->thread, NULL);
	http_free(hc->client);
	for (i = 0; i < 2; i++) {
		http_result_free(&hc->slot[i].res);
		receipt_free(&hc->slot[i].receipt);
	}
	send_result_free(&hc->tr);
	body_free(&hc->tbody);
	body_free(&hc->next);
	free(hc);
	ch->state = NULL;
}

/* b's JSON body and, unless it is to be sealed with SM4, its SM3. */
static void
body_build(const struct httpchan *hc, const struct batch *b, struct body *y)
{
	size_t i;

	snprintf(y->id, sizeof(y->id), "%s", b->id);
	y->sm3[0] = '\0';
	y->reason[0] = '\0';
	y->rc = 0;
	y->built = 1;
	http_batch_restart(&y->hb, b->org, b->t, hc->sm4, 0);
	for (i = 0; i < b->n && y->rc == 0; i++)
		y->rc = http_batch_add(&y->hb, b->rec[i].v, b->rec[i].len,
		    y->reason, sizeof(y->reason));
	if (y->rc == 1)
		snprintf(y->reason, sizeof(y->reason), "the batch is larger "
		    "than a request may be");
	if (y->rc != 0)
		return;
	http_batch_finish(&y->hb, b->id);
	if (!hc->sm4 && sm3_hex(y->hb.body.data, y->hb.body.len, y->sm3,
	    y->reason, sizeof(y->reason)) == -1)
		y->sm3[0] = '\0';	/* http_upload computes it, or says why */
}

/*
 * b's body into *y: the one prepare() built when it is b's (the same id
 * is the same records: the id is their digest), else built now.
 */
static void
body_take(struct httpchan *hc, const struct batch *b, struct body *y)
{
	struct body t;

	if (hc->next.built && strcmp(hc->next.id, b->id) == 0) {
		t = *y;		/* the two swap, y's memory for the next */
		*y = hc->next;
		hc->next = t;
		hc->next.built = 0;
		return;
	}
	hc->next.built = 0;
	body_build(hc, b, y);
}

/* One batch, its body in y, its answer into slot s. */
static void
send_into(struct httpchan *hc, struct slot *s, const struct batch *b,
    struct body *y, struct send_result *r)
{
	struct send_reject *sr;
	size_t i;
	int rc;

	send_result_reset(r);
	receipt_free(&s->receipt);
	y->built = 0;
	if (y->rc != 0) {
		snprintf(r->reason, sizeof(r->reason), "%s", y->reason);
		r->status = SEND_REFUSED;
		return;
	}
	rc = http_upload_digest(hc->client, b->t->name, y->hb.body.data,
	    y->hb.body.len, y->sm3[0] != '\0' ? y->sm3 : NULL, &s->res);
	if (rc == -1) {
		r->status = s->res.class == HTTP_REFUSED ? SEND_REFUSED :
		    SEND_TRANSIENT;
		snprintf(r->reason, sizeof(r->reason), "%s", s->res.error);
		return;
	}
	r->receipt = s->res.body;
	if (receipt_parse(s->res.body, s->res.bodylen, &s->receipt,
	    r->reason, sizeof(r->reason)) == -1 ||
	    receipt_check(&s->receipt, b->id, b->n, r->reason,
	    sizeof(r->reason)) == -1) {
		/* stored, but the answer cannot be read: ask again later */
		r->status = SEND_TRANSIENT;
		return;
	}
	for (i = 0; i < s->receipt.nrejected; i++) {
		const struct receipt_reject *rj = &s->receipt.rejected[i];

		sr = send_result_add(r);
		sr->index = (size_t)rj->index;
		sr->field = rj->field;
		sr->rule = rj->rule;
		sr->level = "error";
		sr->message = rj->message;
	}
	r->accepted = (size_t)s->receipt.accepted;
	r->status = s->receipt.duplicate ? SEND_DUPLICATE : SEND_DELIVERED;
}

static int
http_send_batch(struct channel *ch, const struct batch *b,
    struct send_result *r)
{
	struct httpchan *hc = ch->state;

	hc->cur ^= 1;
	body_take(hc, b, &hc->tbody);
	send_into(hc, &hc->slot[hc->cur], b, &hc->tbody, r);
	return 0;
}

static void *
send_thread(void *arg)
{
	struct httpchan *hc = arg;

	send_into(hc, &hc->slot[hc->cur], hc->tb, &hc->tbody, &hc->tr);
	return NULL;
}

/* The batch to the thread (1); sent here when no thread can be made. */
static int
http_start(struct channel *ch, const struct batch *b, struct send_result *r)
{
	struct httpchan *hc = ch->state;

	send_result_reset(r);
	hc->cur ^= 1;
	hc->tb = b;
	/* taken here, not in the thread: prepare() may run meanwhile */
	body_take(hc, b, &hc->tbody);
	if (pthread_create(&hc->thread, NULL, send_thread, hc) != 0) {
		send_into(hc, &hc->slot[hc->cur], b, &hc->tbody, r);
		return 0;
	}
	hc->running = 1;
	return 1;
}

/* The thread's result becomes the caller's (the two swap their arrays). */
static int
http_finish(struct channel *ch, const struct batch *b, struct send_result *r)
{
	struct httpchan *hc = ch->state;
	struct send_result t;

	(void)b;
	if (hc->running)
		pthread_join(hc->thread, NULL);
	hc->running = 0;
	t = *r;
	*r = hc->tr;
	hc->tr = t;
	return 0;
}


static int
http_count(struct channel *ch, const struct std_table *t, const char *org,
    const char *date, long *n, char *err, size_t errlen)
{
	struct httpchan *hc = ch->state;
	struct http_result *res = &hc->slot[hc->cur].res;
	json_error_t je;
	json_t *root, *rec;
	int rc = 0;

	(void)org;	/* the platform counts the signing institution's */
	if (http_get_stats(hc->client, t->name, date, res) == -1)
		return seterr(err, errlen, "%s", res->error);
	if ((root = json_loadb(res->body, res->bodylen, 0, &je)) ==
	    NULL || !json_is_integer(rec = json_object_get(root, "records")))
		rc = seterr(err, errlen, "http: stats of %s: not the answer "
		    "of api.md 4.9", t->name);
	else
		*n = (long)json_integer_value(rec);
	json_decref(root);
	return rc;
}

/* The next batch's body, built while the one before is under way. */
static void
http_prepare(struct channel *ch, const struct batch *b)
{
	struct httpchan *hc = ch->state;

	body_build(hc, b, &hc->next);
}

const struct channel_ops chan_http_ops = {
	"http", http_open_site, http_send_batch, http_close_chan, http_count,
	http_start, http_finish, http_prepare
};
