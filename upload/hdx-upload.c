/*
 * hdx-upload - checked records to the platform, each batch delivered
 * once in effect (hdx-upload(1)).
 *
 *   hdx-upload [-qv] -c SITE -t TABLE [-i IN] [-r REJECTS] [--generation N]
 *   hdx-upload [-qv] -c SITE --resend [-t TABLE] [-r REJECTS]
 *   hdx-upload [-qv] -c SITE --status
 *
 * The input is cut into batches with ids derived from their content; a
 * batch that could not be delivered is put in the outbox of the ledger
 * and leaves it once delivered, so neither a failure nor a rerun loses or
 * doubles one. The channel is a table of functions (channel.h).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "channel.h"
#include "csvio.h"
#include "exitcode.h"
#include "ledger.h"
#include "log.h"
#include "outfile.h"
#include "payload.h"
#include "qc.h"
#include "rules.h"
#include "sealfile.h"
#include "site.h"
#include "sm.h"
#include "standard.h"
#include "tabin.h"
#include "util.h"
#include "value.h"

struct options {
	const char	*site;
	const char	*table;
	const char	*in;
	const char	*rejects;
	const char	*standard;
	unsigned	 generation;
	int		 resend;
	int		 status;
	int		 verbosity;
};

struct run {
	const struct options *o;
	struct site	*site;
	struct standard	*std;
	struct ledger	*ledger;
	const struct channel_ops *ops;
	struct channel	*ch;
	struct batch	*pending;	/* under way in the channel (its start) */
	int		 ch_failed;	/* could not connect: queue the rest */
	char		 open_err[512];
	char		*rejects_path;
	FILE		*rejects;
	struct outfile	*rejects_of;	/* sealed: the file written anew */
	struct csv_writer *rw;
	struct sealkey	*seal;		/* the staging files', or NULL */
	struct send_result res;		/* of the batch sent now */
	struct send_result pending_res;	/* of the one that was under way */
	const struct send_result *cur;	/* the one being recorded */
	struct sm3_ctx	*sm3;		/* the key digests, one context */
	const char	*org;		/* the site's org_code, its length, */
	size_t		 orglen;	/* and its field in the input's table */
	int		 org_field;	/* (per record: found once) */
	struct rules_plan *plan;	/* the input table's record rules */
	struct buf	 keytext;	/* a key's text, to be digested */
	unsigned long	 records, held, stale, rejected, sent;
	size_t		 batches, duplicates, queued, quarantined;
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-upload [-qv] -c SITE -t TABLE [-i IN] [-r REJECTS] "
	    "[--generation N]\n"
	    "                  [--standard DIR]\n"
	    "       hdx-upload [-qv] -c SITE --resend [-t TABLE] [-r REJECTS]\n"
	    "       hdx-upload [-qv] -c SITE --status\n");
	exit(status);
}

/* ------------------------------------------------------------ rejects */

/*
 * A sealed file cannot be appended to (its tag is of the whole): the
 * rejects file of a site that seals them is written anew, what it held
 * first, and renamed into place at the end of the run.
 */
static int
open_sealed_rejects(struct run *r)
{
	char msg[1024], buf[1 << 16];
	size_t n, held = 0;
	FILE *old, *fp;

	if ((r->rejects_of = outfile_open_sealed(r->rejects_path, r->seal, msg,
	    sizeof(msg))) == NULL)
		errx(HDX_EXIT_IO, "%s", msg);
	fp = outfile_fp(r->rejects_of);
	if ((old = seal_open(r->rejects_path, r->seal, msg, sizeof(msg))) ==
	    NULL) {
		if (errno != ENOENT)
			errx(errno == EINVAL ? HDX_EXIT_DATA : HDX_EXIT_IO, "%s",
			    msg);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), old)) > 0) {
		held += n;
		if (fwrite(buf, 1, n, fp) != n)
			err(HDX_EXIT_IO, "%s", r->rejects_path);
	}
	if (ferror(old))
		err(HDX_EXIT_IO, "%s", r->rejects_path);
	fclose(old);
	return held == 0;
}

/* The rejects file, on the first line for it; created 0600. */
static void
open_rejects(struct run *r)
{
	struct stat sb;
	int fd, empty;

	if (r->seal && strcmp(r->rejects_path, "-") != 0 &&
	    !path_is_special(r->rejects_path)) {
		empty = open_sealed_rejects(r);
		r->rw = csvw_new(outfile_fp(r->rejects_of));
	} else {
		fd = open(r->rejects_path, O_WRONLY | O_APPEND | O_CREAT, 0600);
		if (fd == -1 || (r->rejects = fdopen(fd, "a")) == NULL)
			err(HDX_EXIT_IO, "%s", r->rejects_path);
		r->rw = csvw_new(r->rejects);
		empty = fstat(fd, &sb) == 0 && sb.st_size == 0;
	}
	if (empty)
		csvw_record(r->rw, (char *const *)qc_rejects_header, NULL,
		    QC_REJECTS_COLUMNS);
}

static void
reject_line(struct run *r, const struct std_table *t, unsigned long line,
    char *const *v, const size_t *len, const char *rule, const char *field,
    const char *level, const char *msg)
{
	char lbuf[32];
	struct buf pk;
	size_t i;
	char *col[QC_REJECTS_COLUMNS];

	if (r->rw == NULL)
		open_rejects(r);
	buf_init(&pk);
	for (i = 0; i < t->nkey; i++) {
		if (i)
			buf_addc(&pk, '+');
		buf_add(&pk, v[t->key[i]], len[t->key[i]]);
	}
	snprintf(lbuf, sizeof(lbuf), "%lu", line);
	col[0] = t->name;
	col[1] = lbuf;
	col[2] = pk.data ? pk.data : "";
	col[3] = (char *)rule;
	col[4] = (char *)field;
	col[5] = (char *)level;
	col[6] = (char *)msg;
	col[7] = "upload";
	csvw_record(r->rw, col, NULL, QC_REJECTS_COLUMNS);
	buf_free(&pk);
}

/* ------------------------------------------------- what cannot be sent */

struct hold {
	struct run	*r;
	const struct std_table *t;
	const struct tabin_record *rec;
	int		 n;
};

static void
hold_finding(void *arg, const struct rule_finding *f)
{
	struct hold *h = arg;

	if (f->rule->kind != RULE_TYPE && f->rule->kind != RULE_LENGTH)
		return;
	reject_line(h->r, h->t, h->rec->line, h->rec->v, h->rec->len,
	    f->rule->name, h->t->field[f->field].name, "error", f->why);
	h->n++;
}

/* 0 when the record may be sent; else its rejects lines are written. */
static int
unsendable(struct run *r, const struct std_table *t,
    const struct tabin_record *rec)
{
	struct hold h;
	char today[11];
	size_t i;
	int bad = 0, k;

	if (rec->ragged) {
		reject_line(r, t, rec->line, rec->v, rec->len, "type", "",
		    "error", "as many columns as the header");
		return 1;
	}
	/* a batch is of one institution, the site's (api.md 1) */
	if ((k = r->org_field) >= 0 && rec->len[k] && (rec->len[k] !=
	    r->orglen || memcmp(rec->v[k], r->org, rec->len[k]) != 0)) {
		reject_line(r, t, rec->line, rec->v, rec->len, "org",
		    "org_code", "error", "the org_code of the site");
		return 1;
	}
	for (i = 0; i < t->nkey; i++) {
		k = t->key[i];
		if (rec->len[k] == 0) {
			reject_line(r, t, rec->line, rec->v, rec->len,
			    "required", t->field[k].name, "error",
			    "a value: a primary-key field is never empty");
			bad = 1;
		}
	}
	for (i = 0; i < t->nfields && !bad; i++)
		if (rec->len[i] && (!rules_typed(&t->field[i], rec->v[i],
		    rec->len[i]) || !rules_length_ok(&t->field[i], rec->v[i],
		    rec->len[i])))
			bad = 1;
	if (!bad)
		return 0;
	/* the exact findings, as hdx-check words them */
	h.r = r;
	h.t = t;
	h.rec = rec;
	h.n = 0;
	beijing_today(today);
	rules_check(r->plan, rec->v, rec->len, today, hold_finding, &h);
	return 1;
}

/* ------------------------------------------------------------ batches */

static void
ledger_note(struct run *r, const struct batch *b, enum ledger_status st,
    const char *reason)
{
	struct ledger_batch lb;
	char ebuf[1024];

	lb.id = b->id;
	lb.table = b->t->name;
	lb.org = b->org;
	lb.channel = r->ops->name;
	lb.records = b->n;
	lb.payload_sm3 = b->payload_sm3;
	lb.status = st;
	lb.receipt = r->cur->receipt;
	lb.reason = reason;
	if (ledger_batch_record(r->ledger, &lb, ebuf, sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
}

static void
ledger_try(int rc, const char *msg)
{
	if (rc == -1)
		errx(HDX_EXIT_IO, "%s", msg);
}

static int
channel_ready(struct run *r, char *why, size_t n)
{
	if (r->ch)
		return 1;
	if (!r->ch_failed) {
		r->ch = channel_open(r->ops, r->site, r->open_err,
		    sizeof(r->open_err));
		if (r->ch)
			return 1;
		r->ch_failed = 1;
		log_warn("%s", r->open_err);
	}
	snprintf(why, n, "%s", r->open_err);
	return 0;
}

/* The key digest of a record (api.md 6), 32 bytes. */
static void
key_digest(struct run *r, const struct std_table *t,
    const struct batch_rec *rec, unsigned char md[SM3_LEN])
{
	char ebuf[1024];

	if (r->sm3 == NULL && (r->sm3 = sm3_new(ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_IO, "%s", ebuf);
	ledger_try(payload_key_sm3(r->sm3, &r->keytext, t, rec->v, rec->len,
	    md, ebuf, sizeof(ebuf)), ebuf);
}

/* The records stored: those not stored to the rejects, the rest to keys. */
static void
delivered(struct run *r, const struct batch *b)
{
	const struct std_table *t = b->t;
	char *stale = xcalloc(b->n ? b->n : 1, 1);
	char hex[SM3_HEXLEN + 1], ebuf[1024], date[11];
	unsigned char md[SM3_LEN];
	int bd = t->business_date, ut = std_field_index(t, "update_time");
	size_t i, n;

	for (i = 0; i < r->cur->nreject; i++) {
		const struct send_reject *sr = &r->cur->reject[i];
		const struct batch_rec *rec = &b->rec[sr->index];

		if (sr->index >= b->n)
			continue;	/* receipt_check() keeps this out */
		if (!stale[sr->index]) {
			if (strcmp(sr->rule, "unique") == 0)
				r->stale++;
			else
				r->rejected++;
			/* assessed by the platform while no version is held */
			key_digest(r, t, rec, md);
			hex_encode(hex, md, SM3_LEN);
			ledger_try(ledger_key_rejected(r->ledger, t->name,
			    b->org, hex, ut >= 0 ? rec->v[ut] : NULL, ebuf,
			    sizeof(ebuf)), ebuf);
		}
		stale[sr->index] = 1;
		reject_line(r, t, rec->line, rec->v, rec->len, sr->rule,
		    sr->field ? sr->field : "", sr->level, sr->message);
	}
	for (i = 0; i < b->n; i++) {
		const struct batch_rec *rec = &b->rec[i];

		if (stale[i])
			continue;
		key_digest(r, t, rec, md);
		/* the date of a datetime */
		n = bd < 0 ? 0 : rec->len[bd] < 10 ? rec->len[bd] : 10;
		memcpy(date, n ? rec->v[bd] : "", n);
		date[n] = '\0';
		ledger_try(ledger_key_add(r->ledger, t->name, b->org, md, date,
		    ut >= 0 ? rec->v[ut] : NULL, ebuf, sizeof(ebuf)), ebuf);
	}
	free(stale);
}

/* Puts a batch that could not be delivered into the outbox. */
static void
spool(struct run *r, const struct batch *b)
{
	struct buf csv;
	char ebuf[1024];

	buf_init(&csv);
	if (batch_to_csv(b, &csv, ebuf, sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	ledger_try(ledger_outbox_put(r->ledger, b->id, b->t->name, b->org,
	    b->generation, csv.data, csv.len, ebuf, sizeof(ebuf)), ebuf);
	buf_free(&csv);
}

/* 1 when the ledger has the batch as sent before (or quarantined): so
 * recorded, and not sent again. */
static int
known_before(struct run *r, const struct batch *b)
{
	static const struct send_result nothing_sent;
	char ebuf[1024];
	int st;

	ledger_try(st = ledger_batch_status(r->ledger, b->id, ebuf,
	    sizeof(ebuf)), ebuf);
	if (st != LEDGER_DELIVERED && st != LEDGER_DUPLICATE &&
	    st != LEDGER_QUARANTINED)
		return 0;
	r->cur = &nothing_sent;		/* no receipt of this run */
	ledger_try(ledger_begin(r->ledger, ebuf, sizeof(ebuf)), ebuf);
	if (st != LEDGER_QUARANTINED)
		ledger_note(r, b, LEDGER_DUPLICATE, NULL);
	ledger_try(ledger_outbox_delete(r->ledger, b->id, ebuf,
	    sizeof(ebuf)), ebuf);
	ledger_try(ledger_commit(r->ledger, ebuf, sizeof(ebuf)), ebuf);
	if (st == LEDGER_QUARANTINED) {
		log_warn("%s: quarantined before; not sent", b->id);
		r->quarantined++;
	} else {
		log_verbose("%s: %zu records: sent before", b->id, b->n);
		r->duplicates++;
	}
	return 1;
}

/* What became of a batch, res, into the ledger (and the outbox). */
static void
record_result(struct run *r, const struct batch *b,
    const struct send_result *res, int queued)
{
	char ebuf[1024];

	r->cur = res;
	ledger_try(ledger_begin(r->ledger, ebuf, sizeof(ebuf)), ebuf);
	switch (r->cur->status) {
	case SEND_DELIVERED:
		delivered(r, b);
		ledger_note(r, b, LEDGER_DELIVERED, NULL);
		ledger_try(ledger_outbox_delete(r->ledger, b->id, ebuf,
		    sizeof(ebuf)), ebuf);
		log_verbose("%s: %zu records delivered, %zu stored", b->id,
		    b->n, r->cur->accepted);
		r->sent += r->cur->accepted;
		break;
	case SEND_DUPLICATE:
		/*
		 * A receipt of the first time (HTTP) tells what was kept. A
		 * front-end database commits a batch whole, so it holds each
		 * of its keys (or a newer version): a run killed after that
		 * COMMIT and before the ledger's left them unrecorded.
		 */
		if (r->cur->receipt || r->ops != &chan_http_ops)
			delivered(r, b);
		ledger_note(r, b, LEDGER_DUPLICATE, NULL);
		ledger_try(ledger_outbox_delete(r->ledger, b->id, ebuf,
		    sizeof(ebuf)), ebuf);
		log_verbose("%s: %zu records: stored before", b->id, b->n);
		r->duplicates++;
		break;
	case SEND_TRANSIENT:
		if (!queued)
			spool(r, b);
		ledger_note(r, b, LEDGER_TRANSIENT, r->cur->reason);
		log_warn("%s: kept in the outbox: %s", b->id, r->cur->reason);
		r->queued++;
		break;
	case SEND_REFUSED:
		ledger_note(r, b, LEDGER_QUARANTINED, r->cur->reason);
		ledger_try(ledger_outbox_delete(r->ledger, b->id, ebuf,
		    sizeof(ebuf)), ebuf);
		log_warn("%s: quarantined: %s", b->id, r->cur->reason);
		r->quarantined++;
		break;
	}
	ledger_try(ledger_commit(r->ledger, ebuf, sizeof(ebuf)), ebuf);
}

/* The batch under way ends; recorded, it is freed (see send_batch). */
static struct batch *
finish_pending(struct run *r)
{
	struct batch *b = r->pending;

	if (b == NULL)
		return NULL;
	r->pending = NULL;
	if (r->ch->ops->finish(r->ch, b, &r->pending_res) == -1)
		errx(HDX_EXIT_IO, "%s: channel failed", b->id);
	return b;
}

static void
record_pending(struct run *r, struct batch *b)
{
	if (b == NULL)
		return;
	record_result(r, b, &r->pending_res, 0);
	batch_free(b);
}

/*
 * Sends one sealed batch (already in the outbox when queued is set). A
 * new batch goes to the outbox only when it was not delivered: until
 * then its records are in the input, which a rerun reads again (the
 * staging file of the night), and the same records give the same
 * batch_id, so a batch delivered by a run killed before it recorded so
 * is recognised as a duplicate.
 *
 * With defer, a channel that can may leave the batch under way while
 * the caller reads the next one (r->pending, the run's from then on);
 * 1 is returned then, else 0. The batch under way before ends first, so
 * that the batches of a table stay in order, but is recorded in the
 * ledger once this one is under way: the database works meanwhile.
 */
static int
send_batch(struct run *r, struct batch *b, int queued, int defer)
{
	struct batch *prev;
	char why[512];
	int rc;

	if (defer && r->pending && r->ch->ops->prepare)
		r->ch->ops->prepare(r->ch, b);
	prev = finish_pending(r);

	r->batches++;
	if (known_before(r, b)) {
		record_pending(r, prev);
		return 0;
	}
	if (!channel_ready(r, why, sizeof(why))) {
		send_result_reset(&r->res);
		r->res.status = SEND_TRANSIENT;
		snprintf(r->res.reason, sizeof(r->res.reason), "%s", why);
	} else if (defer && r->ch->ops->start != NULL) {
		if ((rc = r->ch->ops->start(r->ch, b, &r->res)) == -1)
			errx(HDX_EXIT_IO, "%s: channel failed", b->id);
		if (rc == 1) {
			struct send_result t;

			r->pending = b;
			record_pending(r, prev);
			/* finish() ends the result start() began */
			t = r->pending_res;
			r->pending_res = r->res;
			r->res = t;
			return 1;
		}
	} else if (r->ch->ops->send(r->ch, b, &r->res) == -1)
		errx(HDX_EXIT_IO, "%s: channel failed", b->id);
	record_pending(r, prev);
	record_result(r, b, &r->res, queued);
	return 0;
}

/* ------------------------------------------------------------- outbox */

static int
resend_one(void *arg, const struct ledger_outbox *o)
{
	struct run *r = arg;
	const struct std_table *t = std_table(r->std, o->table);
	struct batch *b;
	char ebuf[1024];

	if (t == NULL) {
		log_warn("%s: table %s is not in the standard; left in the "
		    "outbox", o->id, o->table);
		r->queued++;
		return 0;
	}
	if ((b = batch_from_csv(t, o->org, o->generation, o->csv, o->len,
	    o->id, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "outbox: %s", ebuf);
	if (strcmp(b->id, o->id) != 0)
		log_warn("%s: the records give the id %s now", o->id, b->id);
	else {
		r->records += b->n;
		send_batch(r, b, 1, 0);
	}
	batch_free(b);
	return 0;
}

static void
resend(struct run *r, const char *table)
{
	char ebuf[1024];

	ledger_try(ledger_outbox_each(r->ledger, table, resend_one, r, ebuf,
	    sizeof(ebuf)), ebuf);
}

/* -------------------------------------------------------------- input */

static size_t
batch_limit(const struct site *site)
{
	const char *s = site_get(site, "upload", "batch_records");
	long n = s ? strtol(s, NULL, 10) : BATCH_MAX_RECORDS;

	return n > 0 && n < BATCH_MAX_RECORDS ? (size_t)n : BATCH_MAX_RECORDS;
}

/*
 * A regular file whose last byte is not a line end was cut short (the
 * tools end every record with one). The reader meets the cut only at the
 * end, when the batches before it would have gone out: such a file is
 * read through first, for the reader's own message naming the line.
 */
static void
refuse_cut_file(FILE *fp, const char *name, const struct std_table *t)
{
	struct tabin_record *rec;
	struct tabin *ti;
	struct stat sb;
	char last, ebuf[1024];
	int rc;

	if (fstat(fileno(fp), &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size == 0 || pread(fileno(fp), &last, 1, sb.st_size - 1) !=
	    1 || last == '\n')
		return;
	if ((ti = tabin_open(fp, name, t, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	while ((rc = tabin_next(ti, &rec)) == 1)
		;
	if (rc == -1)
		errx(HDX_EXIT_DATA, "%s", tabin_error(ti));
	/* a last line end the reader takes, such as a lone CR */
	tabin_free(ti);
	rewind(fp);
}

static void
upload_input(struct run *r, const struct std_table *t)
{
	const struct options *o = r->o;
	struct tabin_record *rec;
	struct batch_dropped d;
	struct batcher *bt;
	struct batch *b;
	struct tabin *ti;
	const char *name = o->in ? o->in : "-";
	char ebuf[1024];
	FILE *fp;
	int rc, dropped;

	if ((fp = seal_open(o->in, r->seal, ebuf, sizeof(ebuf))) == NULL)
		errx(errno == EINVAL ? HDX_EXIT_DATA : HDX_EXIT_IO, "%s", ebuf);
	refuse_cut_file(fp, name, t);
	r->org = site_org(r->site);
	r->orglen = r->org ? strlen(r->org) : 0;
	r->org_field = r->org ? std_field_index(t, "org_code") : -1;
	r->plan = rules_plan_new(t);
	if ((ti = tabin_open(fp, name, t, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	bt = batcher_new(t, batch_limit(r->site), r->ops == &chan_http_ops ?
	    batch_json_limit(BATCH_MAX_BODY, site_get(r->site, "upload",
	    "sm4_key") != NULL) : 0, o->generation);
	while ((rc = tabin_next(ti, &rec)) == 1) {
		r->records++;
		if (unsendable(r, t, rec)) {
			r->held++;
			continue;
		}
		if (batcher_add(bt, rec->v, rec->len, rec->line, &b, &dropped,
		    &d, ebuf, sizeof(ebuf)) == -1)
			errx(HDX_EXIT_IO, "%s", ebuf);
		if (dropped) {
			char msg[128];

			/* the rejects line names the dropped version's line */
			snprintf(msg, sizeof(msg), "the key occurs again in the "
			    "batch: the version of line %lu is sent",
			    d.kept_line);
			reject_line(r, t, d.line, rec->v, rec->len, "unique",
			    t->field[t->key[t->nkey - 1]].name, "error", msg);
			r->held++;
		}
		if (b && !send_batch(r, b, 0, 1))
			batch_free(b);
	}
	if (rc == -1)
		errx(HDX_EXIT_DATA, "%s", tabin_error(ti));
	while ((rc = batcher_flush(bt, &b, ebuf, sizeof(ebuf))) == 1)
		if (!send_batch(r, b, 0, 1))
			batch_free(b);
	if (rc == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	record_pending(r, finish_pending(r));
	batcher_free(bt);
	tabin_free(ti);
	rules_plan_free(r->plan);
	r->plan = NULL;
	if (fp != stdin)
		fclose(fp);
}

/* -------------------------------------------------------------- setup */

static void
setup_channel(struct run *r, const char *table)
{
	char ebuf[1024];

	if ((r->ops = channel_for(r->site, table, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
}

static char *
state_dir(const struct site *site)
{
	char *dir = site_path(site, "site", "state_dir");

	if (dir == NULL)
		errx(HDX_EXIT_DATA, "%s: [site] state_dir is not set",
		    site_file(site));
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		err(HDX_EXIT_IO, "%s", dir);
	return dir;
}

/* STAGING/DATE/TABLE.rejects.csv of tonight (hdx(7)), unless -r. */
static char *
rejects_path(const struct run *r, const char *table)
{
	char today[11], *staging, *dir, *name, *path;

	if (r->o->rejects)
		return xstrdup(r->o->rejects);
	if ((staging = site_path(r->site, "site", "staging_dir")) == NULL)
		errx(HDX_EXIT_DATA, "%s: [site] staging_dir is not set; give "
		    "-r REJECTS", site_file(r->site));
	beijing_today(today);
	dir = path_join(staging, today);
	if ((mkdir(staging, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST))
		err(HDX_EXIT_IO, "%s", dir);
	name = xasprintf("%s.rejects.csv", table ? table : "upload");
	path = path_join(dir, name);
	free(name);
	free(dir);
	free(staging);
	return path;
}

static void
print_line(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
}

static int
summary(const struct run *r)
{
	log_info("%lu record%s: %lu stored, %lu held, %lu stale, %lu rejected; "
	    "%zu batch%s: %zu sent before, %zu kept in the outbox, %zu "
	    "quarantined", r->records, r->records == 1 ? "" : "s", r->sent,
	    r->held, r->stale, r->rejected, r->batches,
	    r->batches == 1 ? "" : "es", r->duplicates, r->queued,
	    r->quarantined);
	if (r->queued)
		return HDX_EXIT_IO;
	return r->held || r->stale || r->rejected || r->quarantined ?
	    HDX_EXIT_FINDINGS : HDX_EXIT_OK;
}

static int
run(const struct options *o)
{
	struct run r;
	const struct std_table *t = NULL;
	const char *stddir = o->standard;
	char ebuf[1024], *dir;
	int status;

	memset(&r, 0, sizeof(r));
	buf_init(&r.keytext);
	r.o = o;
	if ((r.site = site_load(o->site, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	dir = state_dir(r.site);
	if ((r.ledger = ledger_open(dir, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_IO, "%s", ebuf);
	free(dir);
	if (o->status) {
		ledger_try(ledger_report(r.ledger, 20, print_line, NULL, ebuf,
		    sizeof(ebuf)), ebuf);
		ledger_close(r.ledger);
		site_free(r.site);
		return HDX_EXIT_OK;
	}
	if (stddir == NULL)
		stddir = site_get(r.site, "site", "standard");
	if (stddir == NULL)
		stddir = std_default_dir();
	if ((r.std = std_load(stddir, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	if (o->table && (t = std_table(r.std, o->table)) == NULL)
		errx(HDX_EXIT_USAGE, "-t %s: no table '%s' in %s/tables.csv",
		    o->table, o->table, stddir);
	setup_channel(&r, o->table);
	if (sealkey_site(r.site, &r.seal, ebuf, sizeof(ebuf)) == -1)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	r.rejects_path = rejects_path(&r, o->table);
	/* what an earlier run left in the outbox goes first */
	resend(&r, o->table);
	if (!o->resend)
		upload_input(&r, t);
	if (r.rw && csvw_free(r.rw) == -1)
		err(HDX_EXIT_IO, "%s", r.rejects_path);
	if (r.rejects && fclose(r.rejects) == EOF)
		err(HDX_EXIT_IO, "%s", r.rejects_path);
	if (r.rejects_of && outfile_commit(r.rejects_of, ebuf,
	    sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	status = summary(&r);
	ledger_try(ledger_keys_merge(r.ledger, ebuf, sizeof(ebuf)), ebuf);
	channel_close(r.ch);
	sm3_free(r.sm3);
	buf_free(&r.keytext);
	send_result_free(&r.res);
	send_result_free(&r.pending_res);
	ledger_close(r.ledger);
	sealkey_free(r.seal);
	std_free(r.std);
	site_free(r.site);
	free(r.rejects_path);
	return status;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "generation", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ "resend", no_argument, NULL, 'R' },
		{ "standard", required_argument, NULL, 'S' },
		{ "status", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	unsigned long g;
	int ch;

	memset(o, 0, sizeof(*o));
	o->verbosity = 1;
	while ((ch = getopt_long(argc, argv, "c:hi:qr:t:v", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->site = optarg;
			break;
		case 'G':
			errno = 0;
			g = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end || errno || g > 1000000)
				errx(HDX_EXIT_USAGE, "--generation %s: expected "
				    "a number from 0 to 1000000", optarg);
			o->generation = (unsigned)g;
			break;
		case 'h':
			usage(HDX_EXIT_OK);
		case 'i':
			o->in = optarg;
			break;
		case 'q':
			o->verbosity = 0;
			break;
		case 'R':
			o->resend = 1;
			break;
		case 'r':
			o->rejects = optarg;
			break;
		case 'S':
			o->standard = optarg;
			break;
		case 's':
			o->status = 1;
			break;
		case 't':
			o->table = optarg;
			break;
		case 'v':
			o->verbosity++;
			break;
		default:
			usage(HDX_EXIT_USAGE);
		}
	}
	if (optind != argc || o->site == NULL ||
	    (!o->status && !o->resend && o->table == NULL) ||
	    (o->status && (o->resend || o->table || o->in)) ||
	    (o->resend && o->in))
		usage(HDX_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	struct options o;
	int status;

	parse_options(argc, argv, &o);
	log_init("hdx-upload", o.verbosity);
	status = run(&o);
	if (fclose(stdout) == EOF)
		err(HDX_EXIT_IO, "stdout");
	return status;
}
