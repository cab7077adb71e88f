/*
 * http.c - signed requests to the platform over libcurl (api.md 3, 4).
 *
 * One CURL easy handle per client, reused for every request so the
 * connection stays open between batches. Every curl_easy_setopt and
 * curl_easy_getinfo is checked. Each attempt is signed afresh (timestamp,
 * nonce, and the IV of an SM4 envelope), here and nowhere else: libcurl is
 * not let re-send a request on its own (on_prereq); 429, 5xx and requests
 * that got no complete answer are retried with exponential backoff and
 * jitter, or after Retry-After; every other answer is final.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "http.h"
#include "sm.h"
#include "standard.h"
#include "util.h"

#define RESP_MAX	(64UL * 1024 * 1024)	/* largest response kept */
#define RETRY_AFTER_MAX	86400L

struct http_client {
	CURL		*curl;
	char		*origin;	/* scheme://host[:port] */
	char		*prefix;	/* path of the base URL, "" or "/x" */
	char		*org;
	unsigned char	*secret;
	size_t		 secretlen;
	unsigned char	 sm4[16];
	int		 has_sm4;
	long		 total_timeout;
	int		 max_attempts;
	time_t		 deadline;
	double		 backoff_base, backoff_cap;
	http_retry_fn	*on_retry;
	void		*retry_arg;
	char		 curlerr[CURL_ERROR_SIZE];
	struct buf	 resp;
	struct buf	 env;		/* the SM4 envelope being sent */
	long		 retry_after;	/* of the last response; -1 none */
	int		 overflow;
	int		 sends;		/* requests libcurl began in this attempt */
	curl_socket_t	 sock;		/* the connection's, or CURL_SOCKET_BAD */
};

static int curl_ready;

#define SETOPT(c, opt, val, err, errlen) do {				\
	CURLcode cc_ = curl_easy_setopt((c)->curl, opt, val);		\
	if (cc_ != CURLE_OK)						\
		return seterr(err, errlen, "http: %s: %s", #opt,	\
		    curl_easy_strerror(cc_));				\
} while (0)

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_client *c = arg;

	if (c->resp.len + n > RESP_MAX) {
		c->overflow = 1;
		return 0;
	}
	buf_add(&c->resp, p, n);
	(void)size;	/* always 1 */
	return n;
}

/*
 * The receiver writes an answer's headers and its body in two sends, with
 * Nagle's algorithm on: the body waits for our ACK of the headers, and we,
 * having sent the request a moment ago, delay that ACK (40 ms on Linux).
 * That is 40 ms of nothing per batch. So at the end of the headers the ACK
 * goes out at once. Linux only; elsewhere, or if it fails, the ACK is just
 * late, so a failure is not an error.
 */
static void
ack_now(struct http_client *c)
{
#ifdef TCP_QUICKACK
	int one = 1;

	if (c->sock != CURL_SOCKET_BAD)
		(void)setsockopt(c->sock, IPPROTO_TCP, TCP_QUICKACK, &one,
		    sizeof(one));
#else
	(void)c;
#endif
}

/*
 * The connection's socket, for ack_now(): CURLINFO_ACTIVESOCKET only
 * names it once a transfer is done, too late for the headers' callback.
 */
static int
on_sockopt(void *arg, curl_socket_t s, curlsocktype purpose)
{
	struct http_client *c = arg;

	if (purpose == CURLSOCKTYPE_IPCXN)
		c->sock = s;
	return CURL_SOCKOPT_OK;
}

static int
on_closesocket(void *arg, curl_socket_t s)
{
	struct http_client *c = arg;

	if (c->sock == s)
		c->sock = CURL_SOCKET_BAD;
	return close(s);
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_client *c = arg;
	const char *name = "retry-after:";
	size_t i, nl = strlen(name);
	long v = 0;

	(void)size;
	if ((n == 2 && p[0] == '\r') || (n == 1 && p[0] == '\n')) {
		ack_now(c);
		return n;
	}
	/* A status line starts a response (a 100 Continue may come first). */
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		c->retry_after = -1;
		return n;
	}
	if (n <= nl || strncasecmp(p, name, nl) != 0)
		return n;
	for (i = nl; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		continue;
	if (i == n || p[i] < '0' || p[i] > '9')
		return n;	/* an HTTP-date: the backoff decides */
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		if ((v = v * 10 + (p[i] - '0')) > RETRY_AFTER_MAX)
			v = RETRY_AFTER_MAX;
	c->retry_after = v;
	return n;
}

/*
 * libcurl calls this before it sends a request on a connection: once per
 * attempt, unless a kept-alive connection turns out to be dead, when it
 * sends the same request again on a new connection by itself, with the
 * signature and nonce of the first. If the receiver had read the first
 * one, that nonce is used (api.md 3.2) and the answer is 401. So the
 * second send is stopped here; attempt_once() sees why and signs the
 * next attempt afresh (api.md 4.4).
 */
static int
on_prereq(void *arg, char *primary_ip, char *local_ip, int primary_port,
    int local_port)
{
	struct http_client *c = arg;

	(void)primary_ip;
	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	return c->sends++ == 0 ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}

static int
is_loopback(const char *host, size_t len)
{
	static const char *const names[] = { "127.0.0.1", "localhost",
	    "[::1]" };
	size_t i, hl = len;
	const char *colon;

	/* Strip a port. */
	if ((colon = memchr(host, ']', len)) != NULL)
		hl = (size_t)(colon - host) + 1;
	else if ((colon = memchr(host, ':', len)) != NULL)
		hl = (size_t)(colon - host);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (hl == strlen(names[i]) &&
		    strncasecmp(host, names[i], hl) == 0)
			return 1;
	return 0;
}

/* Splits the base URL into origin and path prefix; refuses what is odd. */
static int
parse_base(struct http_client *c, const char *url, char *err, size_t errlen)
{
	const char *host, *path, *p;
	size_t plen;
	int https;

	if (url == NULL || *url == '\0')
		return seterr(err, errlen, "http: no base URL");
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    *p == '?' || *p == '#' || *p == '@' || *p == '\\')
			return seterr(err, errlen, "http: base URL %s: only "
			    "scheme://host[:port][/path] without spaces, "
			    "query, fragment or user", url);
	if (strncasecmp(url, "https://", 8) == 0)
		https = 1, host = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		https = 0, host = url + 7;
	else
		return seterr(err, errlen, "http: base URL %s: not http:// "
		    "or https://", url);
	path = strchr(host, '/');
	if (path == NULL)
		path = host + strlen(host);
	if (path == host)
		return seterr(err, errlen, "http: base URL %s: no host", url);
	if (!https && !is_loopback(host, (size_t)(path - host)))
		return seterr(err, errlen, "http: base URL %s: plain HTTP "
		    "is only for a receiver on the loopback interface; use "
		    "https://", url);
	plen = strlen(path);
	while (plen > 0 && path[plen - 1] == '/')
		plen--;
	c->origin = xstrndup(url, (size_t)(path - url));
	c->prefix = xstrndup(path, plen);
	return 0;
}

static int
setup_curl(struct http_client *c, const struct http_config *cfg, char *err,
    size_t errlen)
{
	long ct = cfg->connect_timeout > 0 ? cfg->connect_timeout : 30;

	if ((c->curl = curl_easy_init()) == NULL)
		return seterr(err, errlen, "http: curl_easy_init failed");
	SETOPT(c, CURLOPT_ERRORBUFFER, c->curlerr, err, errlen);
	SETOPT(c, CURLOPT_NOSIGNAL, 1L, err, errlen);
	SETOPT(c, CURLOPT_NOPROGRESS, 1L, err, errlen);
	SETOPT(c, CURLOPT_PROTOCOLS_STR, "http,https", err, errlen);
	SETOPT(c, CURLOPT_FOLLOWLOCATION, 0L, err, errlen);
	SETOPT(c, CURLOPT_PATH_AS_IS, 1L, err, errlen);
	SETOPT(c, CURLOPT_CONNECTTIMEOUT, ct, err, errlen);
	SETOPT(c, CURLOPT_TCP_KEEPALIVE, 1L, err, errlen);
	SETOPT(c, CURLOPT_USERAGENT, "hdx-upload/1", err, errlen);
	SETOPT(c, CURLOPT_WRITEFUNCTION, on_body, err, errlen);
	SETOPT(c, CURLOPT_WRITEDATA, c, err, errlen);
	SETOPT(c, CURLOPT_HEADERFUNCTION, on_header, err, errlen);
	SETOPT(c, CURLOPT_HEADERDATA, c, err, errlen);
	SETOPT(c, CURLOPT_PREREQFUNCTION, on_prereq, err, errlen);
	SETOPT(c, CURLOPT_PREREQDATA, c, err, errlen);
	SETOPT(c, CURLOPT_SOCKOPTFUNCTION, on_sockopt, err, errlen);
	SETOPT(c, CURLOPT_SOCKOPTDATA, c, err, errlen);
	SETOPT(c, CURLOPT_CLOSESOCKETFUNCTION, on_closesocket, err, errlen);
	SETOPT(c, CURLOPT_CLOSESOCKETDATA, c, err, errlen);
	SETOPT(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2, err,
	    errlen);
	SETOPT(c, CURLOPT_SSL_VERIFYPEER, cfg->insecure ? 0L : 1L, err,
	    errlen);
	SETOPT(c, CURLOPT_SSL_VERIFYHOST, cfg->insecure ? 0L : 2L, err,
	    errlen);
	if (cfg->cacert != NULL)
		SETOPT(c, CURLOPT_CAINFO, cfg->cacert, err, errlen);
	return 0;
}

struct http_client *
http_new(const struct http_config *cfg, char *err, size_t errlen)
{
	struct http_client *c;
	CURLcode cc;

	if (cfg->org_code == NULL || *cfg->org_code == '\0') {
		seterr(err, errlen, "http: no org_code");
		return NULL;
	}
	if (cfg->secret == NULL || cfg->secretlen == 0) {
		seterr(err, errlen, "http: no secret");
		return NULL;
	}
	if (cfg->max_attempts < 0 || cfg->connect_timeout < 0 ||
	    cfg->total_timeout < 0 || !(cfg->backoff_base >= 0) ||
	    !(cfg->backoff_cap >= 0)) {
		seterr(err, errlen, "http: negative timeout, attempts or "
		    "backoff");
		return NULL;
	}
	if (!curl_ready) {
		if ((cc = curl_global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK) {
			seterr(err, errlen, "http: curl_global_init: %s",
			    curl_easy_strerror(cc));
			return NULL;
		}
		curl_ready = 1;
	}
	c = xcalloc(1, sizeof(*c));
	c->sock = CURL_SOCKET_BAD;
	buf_init(&c->resp);
	buf_init(&c->env);
	if (parse_base(c, cfg->base_url, err, errlen) == -1 ||
	    setup_curl(c, cfg, err, errlen) == -1) {
		http_free(c);
		return NULL;
	}
	c->org = xstrdup(cfg->org_code);
	c->secret = xmalloc(cfg->secretlen);
	memcpy(c->secret, cfg->secret, cfg->secretlen);
	c->secretlen = cfg->secretlen;
	if (cfg->sm4_key != NULL) {
		memcpy(c->sm4, cfg->sm4_key, sizeof(c->sm4));
		c->has_sm4 = 1;
	}
	c->total_timeout = cfg->total_timeout > 0 ? cfg->total_timeout : 120;
	c->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : 10;
	c->deadline = cfg->deadline;
	c->backoff_base = cfg->backoff_base > 0 ? cfg->backoff_base : 1;
	c->backoff_cap = cfg->backoff_cap > 0 ? cfg->backoff_cap : 300;
	c->on_retry = cfg->on_retry;
	c->retry_arg = cfg->retry_arg;
	return c;
}

void
http_free(struct http_client *c)
{
	if (c == NULL)
		return;
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	free(c->origin);
	free(c->prefix);
	free(c->org);
	if (c->secret != NULL) {
		explicit_bzero(c->secret, c->secretlen);
		free(c->secret);
	}
	explicit_bzero(c->sm4, sizeof(c->sm4));
	buf_free(&c->resp);
	buf_free(&c->env);
	free(c);
}

void
http_result_init(struct http_result *r)
{
	memset(r, 0, sizeof(*r));
}

void
http_result_free(struct http_result *r)
{
	free(r->body);
	http_result_init(r);
}

const char *
http_class_name(enum http_class k)
{
	switch (k) {
	case HTTP_DELIVERED:
		return "DELIVERED";
	case HTTP_REFUSED:
		return "REFUSED";
	case HTTP_TRANSIENT:
		return "TRANSIENT";
	}
	return "?";
}

int
http_sign(const void *secret, size_t secretlen, const char *method,
    const char *path, const char *timestamp, const char *nonce,
    const void *body, size_t len, char sig[65], char *err, size_t errlen)
{
	char bodyhex[SM3_HEXLEN + 1];

	if (sm3_hex(body, len, bodyhex, err, errlen) == -1)
		return -1;
	return http_sign_digest(secret, secretlen, method, path, timestamp,
	    nonce, bodyhex, sig, err, errlen);
}

int
http_sign_digest(const void *secret, size_t secretlen, const char *method,
    const char *path, const char *timestamp, const char *nonce,
    const char *body_sm3, char sig[65], char *err, size_t errlen)
{
	struct buf s;
	int rc;

	buf_init(&s);
	buf_printf(&s, "%s\n%s\n%s\n%s\n%s", method, path, timestamp, nonce,
	    body_sm3);
	rc = hmac_sm3_hex(secret, secretlen, s.data, s.len, sig, err, errlen);
	buf_free(&s);
	return rc;
}

size_t
http_envelope_size(size_t len)
{
	size_t padded = (len / SM4_BLOCK + 1) * SM4_BLOCK;

	return sizeof("{\"encrypted\":\"") - 1 + (padded + 2) / 3 * 4 +
	    sizeof("\",\"iv\":\"") - 1 + 2 * SM4_BLOCK + sizeof("\"}") - 1;
}

int
http_envelope(const unsigned char key[16], const unsigned char iv[16],
    const void *body, size_t len, struct buf *out, char *err, size_t errlen)
{
	struct buf ct;
	char ivhex[2 * SM4_BLOCK + 1];

	buf_init(&ct);
	if (sm4_cbc_encrypt(key, iv, body, len, &ct, err, errlen) == -1) {
		buf_free(&ct);
		return -1;
	}
	hex_encode(ivhex, iv, SM4_BLOCK);
	buf_reserve(out, http_envelope_size(len));
	buf_adds(out, "{\"encrypted\":\"");
	base64_encode(out, ct.data, ct.len);
	buf_adds(out, "\",\"iv\":\"");
	buf_adds(out, ivhex);
	buf_adds(out, "\"}");
	buf_free(&ct);
	return 0;
}

/* Appends s percent-encoded but for RFC 3986's unreserved characters. */
static void
add_escaped(struct buf *b, const char *s)
{
	static const char digits[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~')
			buf_addc(b, *p);
		else {
			buf_addc(b, '%');
			buf_addc(b, digits[*p >> 4]);
			buf_addc(b, digits[*p & 15]);
		}
	}
}

/* The platform's error message (never a value), made printable. */
static void
answer_message(const char *body, size_t len, char *out, size_t outlen)
{
	json_error_t je;
	json_t *root, *m;
	const char *s = NULL;
	size_t i, n = 0;

	root = json_loadb(body, len, 0, &je);
	if (root != NULL && json_is_object(root) &&
	    (m = json_object_get(root, "message")) != NULL && json_is_string(m))
		s = json_string_value(m);
	if (s == NULL)
		s = "no message";
	for (i = 0; s[i] != '\0' && n + 1 < outlen && i < 200; i++)
		out[n++] = (unsigned char)s[i] < ' ' ? '?' : s[i];
	out[n] = '\0';
	json_decref(root);
}

/* Whether a transport failure is worth another attempt. */
static int
retryable(CURLcode cc)
{
	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static double
backoff(const struct http_client *c, int attempt)
{
	uint32_t u;
	double d = c->backoff_base;
	int i;

	for (i = 1; i < attempt && d < c->backoff_cap; i++)
		d *= 2;
	if (d > c->backoff_cap)
		d = c->backoff_cap;
	/* ±20% jitter; without randomness the plain delay is still right. */
	if (sm_random(&u, sizeof(u), NULL, 0) == 0)
		d *= 0.8 + 0.4 * ((double)u / 4294967296.0);
	return d;
}

static void
pause_for(double seconds)
{
	struct timespec ts;

	if (!(seconds > 0))
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/*
 * One attempt: sign and send. Returns 0 with *status set when an answer
 * came, 1 when none did and another attempt may help, 2 when the kept-
 * alive connection was found closed (another attempt at once, on a new
 * one), -1 when none did and retrying cannot help (a local failure, TLS
 * verification); why says why.
 */
static int
attempt_once(struct http_client *c, const char *method, const char *path,
    const char *body, size_t len, const char *body_sm3, const char *ctype,
    long *status, int *connects, char *why, size_t whylen)
{
	struct curl_slist *h = NULL, *nh;
	struct buf url, hdr;
	char nonce[33], ts[32], sig[65];
	const char *sent = body;
	unsigned char iv[16];
	size_t sentlen = len;
	long timeout = c->total_timeout, nconn = 0;
	time_t now;
	CURLcode cc;
	int rc = -1;

	buf_init(&url);
	buf_init(&hdr);
	if (ctype != NULL && c->has_sm4) {
		buf_reset(&c->env);
		if (sm_random(iv, sizeof(iv), why, whylen) == -1 ||
		    http_envelope(c->sm4, iv, body, len, &c->env, why,
		    whylen) == -1)
			goto done;
		sent = c->env.data;
		sentlen = c->env.len;
		ctype = "application/sm4+json";
		body_sm3 = NULL;	/* the body's, not the envelope's */
	}
	if (sentlen > HTTP_MAX_BODY) {
		seterr(why, whylen, "body of %zu bytes is over the limit of "
		    "%d", sentlen, HTTP_MAX_BODY);
		goto done;
	}
	now = time(NULL);
	if (c->deadline != 0 && c->deadline - now < timeout)
		timeout = c->deadline - now > 1 ? (long)(c->deadline - now) : 1;
	snprintf(ts, sizeof(ts), "%lld", (long long)now);
	if (sm_random_hex(nonce, 16, why, whylen) == -1)
		goto done;
	if (body_sm3 != NULL ? http_sign_digest(c->secret, c->secretlen,
	    method, path, ts, nonce, body_sm3, sig, why, whylen) == -1 :
	    http_sign(c->secret, c->secretlen, method, path, ts, nonce, sent,
	    sentlen, sig, why, whylen) == -1)
		goto done;

	buf_printf(&url, "%s%s", c->origin, path);
#define ADDH(...) do {							\
	buf_reset(&hdr);						\
	buf_printf(&hdr, __VA_ARGS__);					\
	if ((nh = curl_slist_append(h, hdr.data)) == NULL) {		\
		seterr(why, whylen, "curl_slist_append failed");	\
		goto done;						\
	}								\
	h = nh;								\
} while (0)
	ADDH("X-Org-Code: %s", c->org);
	ADDH("X-Timestamp: %s", ts);
	ADDH("X-Nonce: %s", nonce);
	ADDH("X-Signature: %s", sig);
	ADDH("Accept: application/json");
	if (ctype != NULL) {
		ADDH("Content-Type: %s", ctype);
		ADDH("Expect:");	/* no 100-continue round trip */
	}
#undef ADDH
#define OPT(opt, val) do {						\
	if ((cc = curl_easy_setopt(c->curl, opt, val)) != CURLE_OK) {	\
		seterr(why, whylen, "%s: %s", #opt,			\
		    curl_easy_strerror(cc));				\
		goto done;						\
	}								\
} while (0)
	OPT(CURLOPT_URL, url.data);
	OPT(CURLOPT_HTTPHEADER, h);
	OPT(CURLOPT_TIMEOUT, timeout);
	if (ctype != NULL) {
		OPT(CURLOPT_POST, 1L);
		OPT(CURLOPT_POSTFIELDS, sent);
		OPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)sentlen);
	} else
		OPT(CURLOPT_HTTPGET, 1L);
#undef OPT
	buf_reset(&c->resp);
	c->retry_after = -1;
	c->overflow = 0;
	c->curlerr[0] = '\0';
	c->sends = 0;
	cc = curl_easy_perform(c->curl);
	if (curl_easy_getinfo(c->curl, CURLINFO_NUM_CONNECTS, &nconn) ==
	    CURLE_OK)
		*connects += (int)nconn;
	if (cc == CURLE_OK) {
		if ((cc = curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE,
		    status)) != CURLE_OK) {
			seterr(why, whylen, "CURLINFO_RESPONSE_CODE: %s",
			    curl_easy_strerror(cc));
			goto done;
		}
		rc = 0;
	} else if (cc == CURLE_ABORTED_BY_CALLBACK && c->sends > 1) {
		seterr(why, whylen, "the kept-alive connection was closed");
		rc = 2;
	} else if (c->overflow) {
		seterr(why, whylen, "response longer than %lu bytes",
		    RESP_MAX);
	} else {
		seterr(why, whylen, "%s", c->curlerr[0] != '\0' ? c->curlerr :
		    curl_easy_strerror(cc));
		rc = retryable(cc) ? 1 : -1;
	}
done:
	/* Drop the header list now: the handle must not point at it. */
	if (h != NULL && curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER,
	    (struct curl_slist *)NULL) != CURLE_OK && rc != -1) {
		seterr(why, whylen, "CURLOPT_HTTPHEADER reset failed");
		rc = -1;
	}
	curl_slist_free_all(h);
	buf_free(&url);
	buf_free(&hdr);
	return rc;
}

static int
request(struct http_client *c, const char *method, const char *path,
    const char *body, size_t len, const char *body_sm3, const char *ctype,
    struct http_result *res)
{
	char why[384], msg[256];
	double wait;
	long status;
	int rc;

	free(res->body);
	http_result_init(res);
	for (;;) {
		status = 0;
		res->attempts++;
		why[0] = '\0';
		rc = attempt_once(c, method, path, body, len, body_sm3, ctype,
		    &status, &res->connects, why, sizeof(why));
		res->status = rc == 0 ? status : 0;
		if (rc == -1) {
			res->class = HTTP_TRANSIENT;
			seterr(res->error, sizeof(res->error), "http: %s %s: "
			    "%s", method, path, why);
			return -1;
		}
		if (rc == 0) {
			res->body = buf_steal(&c->resp);
			if (res->body == NULL)
				res->body = xstrdup("");
			res->bodylen = strlen(res->body);
			if (status == 200) {
				res->class = HTTP_DELIVERED;
				return 0;
			}
			answer_message(res->body, res->bodylen, msg,
			    sizeof(msg));
			seterr(why, sizeof(why), "HTTP %ld: %s", status, msg);
			if (status != 429 && status < 500) {
				res->class = HTTP_REFUSED;
				seterr(res->error, sizeof(res->error),
				    "http: %s %s: %s", method, path, why);
				return -1;
			}
		}
		res->class = HTTP_TRANSIENT;
		if (res->attempts >= c->max_attempts) {
			seterr(res->error, sizeof(res->error), "http: %s %s: "
			    "gave up after %d attempts: %s", method, path,
			    res->attempts, why);
			return -1;
		}
		if (rc == 2)
			wait = 0;	/* what libcurl would have done */
		else
			wait = rc == 0 && c->retry_after >= 0 ?
			    (double)c->retry_after : backoff(c, res->attempts);
		if (c->deadline != 0 &&
		    (double)time(NULL) + wait >= (double)c->deadline) {
			seterr(res->error, sizeof(res->error), "http: %s %s: "
			    "gave up at the deadline after %d attempts: %s",
			    method, path, res->attempts, why);
			return -1;
		}
		if (c->on_retry != NULL)
			c->on_retry(c->retry_arg, res->attempts, res->status,
			    why, wait);
		free(res->body);
		res->body = NULL;
		res->bodylen = 0;
		pause_for(wait);
	}
}

int
http_upload(struct http_client *c, const char *table, const char *body,
    size_t len, struct http_result *res)
{
	return http_upload_digest(c, table, body, len, NULL, res);
}

int
http_upload_digest(struct http_client *c, const char *table,
    const char *body, size_t len, const char *body_sm3,
    struct http_result *res)
{
	struct buf path;
	int rc;

	buf_init(&path);
	buf_printf(&path, "%s/api/v1/upload/", c->prefix);
	add_escaped(&path, table);
	rc = request(c, "POST", path.data, body, len, body_sm3,
	    "application/json", res);
	buf_free(&path);
	return rc;
}

int
http_get_receipt(struct http_client *c, const char *batch_id,
    struct http_result *res)
{
	struct buf path;
	int rc;

	buf_init(&path);
	buf_printf(&path, "%s/api/v1/receipt/", c->prefix);
	add_escaped(&path, batch_id);
	rc = request(c, "GET", path.data, "", 0, NULL, NULL, res);
	buf_free(&path);
	return rc;
}

int
http_get_stats(struct http_client *c, const char *table, const char *date,
    struct http_result *res)
{
	struct buf path;
	int rc;

	buf_init(&path);
	buf_printf(&path, "%s/api/v1/stats?table=", c->prefix);
	add_escaped(&path, table);
	if (date != NULL) {
		buf_adds(&path, "&date=");
		add_escaped(&path, date);
	}
	rc = request(c, "GET", path.data, "", 0, NULL, NULL, res);
	buf_free(&path);
	return rc;
}

/* The batch body. */

void
json_add_string(struct buf *b, const char *s, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const unsigned char *run;
	char esc[6] = { '\\', 'u', '0', '0', 0, 0 };

	buf_reserve(b, len + 2);
	buf_addc(b, '"');
	while (p < end) {
		for (run = p; p < end && *p >= 0x20 && *p != '"' &&
		    *p != '\\'; p++)
			continue;
		if (p > run)
			buf_add(b, run, (size_t)(p - run));
		if (p == end)
			break;
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, *p);
		} else {
			esc[4] = digits[*p >> 4];
			esc[5] = digits[*p & 15];
			buf_add(b, esc, sizeof(esc));
		}
		p++;
	}
	buf_addc(b, '"');
}

/* Room kept for "],"record_count":N,"batch_id":"ID"}". */
#define BATCH_TAIL	(sizeof("],\"record_count\":5000,\"batch_id\":\"\"}") \
	+ 2 * 6 * 64)

static size_t
sent_size(const struct http_batch *b, size_t plain)
{
	return b->sm4 ? http_envelope_size(plain) : plain;
}

/* The body up to the first record. */
static void
batch_head(struct http_batch *b, const char *org_code)
{
	buf_adds(&b->body, "{\"org_code\":");
	json_add_string(&b->body, org_code, strlen(org_code));
	buf_adds(&b->body, ",\"table\":");
	json_add_string(&b->body, b->table->name, strlen(b->table->name));
	buf_adds(&b->body, ",\"records\":[");
	b->records_at = b->body.len;
}

static void
batch_limits(struct http_batch *b, int sm4, size_t max_bytes)
{
	b->sm4 = sm4;
	b->max_bytes = max_bytes > 0 && max_bytes < HTTP_MAX_BODY ? max_bytes :
	    HTTP_MAX_BODY;
}

void
http_batch_begin(struct http_batch *b, const char *org_code,
    const struct std_table *t, int sm4, size_t max_bytes)
{
	size_t i;

	memset(b, 0, sizeof(*b));
	buf_init(&b->body);
	buf_init(&b->scratch);
	b->table = t;
	batch_limits(b, sm4, max_bytes);
	batch_head(b, org_code);
	buf_init(&b->names);
	b->name_at = xcalloc(t->nfields + 1, sizeof(*b->name_at));
	for (i = 0; i < t->nfields; i++) {
		b->name_at[i] = b->names.len;
		if (i > 0)
			buf_addc(&b->names, ',');
		json_add_string(&b->names, t->field[i].name,
		    strlen(t->field[i].name));
		buf_addc(&b->names, ':');
	}
	b->name_at[t->nfields] = b->names.len;
}

void
http_batch_restart(struct http_batch *b, const char *org_code,
    const struct std_table *t, int sm4, size_t max_bytes)
{
	if (b->table != t || b->name_at == NULL) {
		http_batch_free(b);
		http_batch_begin(b, org_code, t, sm4, max_bytes);
		return;
	}
	buf_reset(&b->body);
	buf_reset(&b->scratch);
	b->nrecords = 0;
	b->finished = 0;
	batch_limits(b, sm4, max_bytes);
	batch_head(b, org_code);
}

int
http_batch_add(struct http_batch *b, char *const *v, const size_t *len,
    char *err, size_t errlen)
{
	const struct std_table *t = b->table;
	struct buf *r = &b->scratch;
	size_t i, n, bad;

	if (b->finished)
		return seterr(err, errlen, "http: batch already finished");
	if (b->nrecords >= HTTP_MAX_RECORDS)
		return 1;
	buf_reset(r);
	if (b->nrecords > 0)
		buf_addc(r, ',');
	buf_addc(r, '{');
	for (i = 0; i < t->nfields; i++) {
		n = len != NULL ? len[i] : strlen(v[i]);
		if ((bad = utf8_invalid_at(v[i], n)) != n)
			return seterr(err, errlen, "http: %s: field %s: "
			    "invalid UTF-8 at byte %zu", t->name,
			    t->field[i].name, bad + 1);
		buf_add(r, b->names.data + b->name_at[i], b->name_at[i + 1] -
		    b->name_at[i]);
		json_add_string(r, v[i], n);
	}
	buf_addc(r, '}');
	if (sent_size(b, b->body.len + r->len + BATCH_TAIL) > b->max_bytes) {
		if (b->nrecords == 0 ||
		    sent_size(b, b->records_at + r->len + BATCH_TAIL) >
		    b->max_bytes)
			return seterr(err, errlen, "http: %s: a record of %zu "
			    "bytes does not fit in a batch of %zu bytes",
			    t->name, r->len, b->max_bytes);
		return 1;
	}
	buf_add(&b->body, r->data, r->len);
	b->nrecords++;
	return 0;
}

int
http_batch_full(const struct http_batch *b)
{
	size_t i, least = 2 + (b->nrecords > 0);

	if (b->finished || b->nrecords >= HTTP_MAX_RECORDS)
		return 1;
	/* The smallest record: every field "". */
	for (i = 0; i < b->table->nfields; i++)
		least += strlen(b->table->field[i].name) + 5 + (i > 0);
	return sent_size(b, b->body.len + least + BATCH_TAIL) > b->max_bytes;
}

int
http_batch_digest(const struct http_batch *b, char hex[65], char *err,
    size_t errlen)
{
	return sm3_hex(b->body.data + b->records_at,
	    b->body.len - b->records_at, hex, err, errlen);
}

void
http_batch_finish(struct http_batch *b, const char *batch_id)
{
	if (b->finished)
		return;
	buf_printf(&b->body, "],\"record_count\":%zu,\"batch_id\":",
	    b->nrecords);
	json_add_string(&b->body, batch_id, strlen(batch_id));
	buf_addc(&b->body, '}');
	b->finished = 1;
}

void
http_batch_free(struct http_batch *b)
{
	buf_free(&b->body);
	buf_free(&b->scratch);
	buf_free(&b->names);
	free(b->name_at);
	memset(b, 0, sizeof(*b));
}
