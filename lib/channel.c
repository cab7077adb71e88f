/*
 * channel.c - what every channel shares (channel.h): the choice of a
 * table's channel from the site file, opening and closing through the
 * table of functions, the send result's rejects, the front-end database
 * password.
 */
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "site.h"
#include "util.h"

const struct channel_ops *
channel_for(const struct site *site, const char *table, char *err,
    size_t errlen)
{
	const char *kind = NULL, *target;
	char *sec;

	if (table) {
		sec = xasprintf("table %s", table);
		kind = site_get(site, sec, "channel");
		free(sec);
	}
	if (kind == NULL)
		kind = site_get(site, "upload", "channel");
	if (kind && strcmp(kind, "http") == 0)
		return &chan_http_ops;
	if (kind == NULL || strcmp(kind, "frontdb") != 0) {
		seterr(err, errlen, "%s: [upload] channel is not set",
		    site_file(site));
		return NULL;
	}
	if ((target = site_get(site, "upload", "frontdb")) == NULL) {
		seterr(err, errlen, "%s: [upload] frontdb is not set",
		    site_file(site));
		return NULL;
	}
	return strncmp(target, "odbc:", 5) == 0 ? &chan_odbc_ops :
	    &chan_pg_ops;
}

/* The [upload] frontdb_password, when set; 0 or -1 with err. */
int
channel_frontdb_password(const struct site *site, char **out, char *err,
    size_t errlen)
{
	*out = NULL;
	if (site_get(site, "upload", "frontdb_password") == NULL)
		return 0;
	return site_secret(site, "upload", "frontdb_password", out, err,
	    errlen);
}

void
channel_secret_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

struct channel *
channel_open(const struct channel_ops *ops, const struct site *site,
    char *err, size_t errlen)
{
	struct channel *ch = xcalloc(1, sizeof(*ch));

	ch->ops = ops;
	if (ops->open(ch, site, err, errlen) == -1) {
		free(ch);
		return NULL;
	}
	return ch;
}

void
channel_close(struct channel *ch)
{
	if (ch == NULL)
		return;
	ch->ops->close(ch);
	free(ch);
}

void
send_result_reset(struct send_result *r)
{
	r->status = SEND_DELIVERED;
	r->nreject = 0;
	r->accepted = 0;
	r->receipt = NULL;
	r->reason[0] = '\0';
}

struct send_reject *
send_result_add(struct send_result *r)
{
	if (r->nreject == r->capreject) {
		r->capreject = r->capreject ? r->capreject * 2 : 16;
		r->reject = xreallocarray(r->reject, r->capreject,
		    sizeof(*r->reject));
	}
	memset(&r->reject[r->nreject], 0, sizeof(r->reject[0]));
	return &r->reject[r->nreject++];
}

void
send_result_free(struct send_result *r)
{
	free(r->reject);
	r->reject = NULL;
	r->nreject = r->capreject = 0;
}
