/*
 * test_http.c - the JSON body of a batch (exact bytes, escaping, the
 * count and size limits, plain and SM4), the client's refusal of odd
 * configurations, and the retry loop against a port nobody listens on.
 * The protocol against the platform's receiver is test/e2e/http.sh.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <jansson.h>

#include "http.h"
#include "standard.h"
#include "unit.h"
#include "util.h"

static struct standard *std;
static const struct std_table *dept;

static void
setup(void)
{
	char err[512], *dir = path_join(unit_srcdir(), "dict");

	std = std_load(dir, err, sizeof(err));
	free(dir);
	if (std == NULL)
		ck_abort_msg("%s", err);
	dept = std_table(std, "dept_info");
	ck_assert_ptr_nonnull(dept);
}

static void
teardown(void)
{
	std_free(std);
}

/* The first record of the standard's cases/dept_info.csv. */
static char *rec1[] = { "124115004170483179", "D0301", "呼吸内科", "1",
	"03.01", "", "1", "1", "40", "0376-6201301", "S1001", "1998-03-01",
	"1", "2026-10-01 08:30:00" };

static const struct {
	const char *in;
	size_t len;
	const char *out;
} esc[] = {
	{ "", 0, "\"\"" },
	{ "plain", 5, "\"plain\"" },
	{ "a\"b\\c", 5, "\"a\\\"b\\\\c\"" },
	{ "\n\r\t\b\f", 5, "\"\\u000a\\u000d\\u0009\\u0008\\u000c\"" },
	{ "x\0y", 3, "\"x\\u0000y\"" },
	{ "\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"" },
	{ "呼吸/内科", 13, "\"呼吸/内科\"" },
};

START_TEST(json_escape)
{
	struct buf b;

	buf_init(&b);
	json_add_string(&b, esc[_i].in, esc[_i].len);
	ck_assert_str_eq(b.data, esc[_i].out);
	buf_free(&b);
}
END_TEST

START_TEST(batch_exact)
{
	struct http_batch b;
	char err[256], hex[65], hex2[65];

	http_batch_begin(&b, "124115004170483179", dept, 0, 0);
	ck_assert_int_eq(http_batch_full(&b), 0);
	ck_assert_int_eq(http_batch_add(&b, rec1, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(http_batch_digest(&b, hex, err, sizeof(err)), 0);
	ck_assert_int_eq(http_batch_add(&b, rec1, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(http_batch_digest(&b, hex2, err, sizeof(err)), 0);
	ck_assert_str_ne(hex, hex2);
	ck_assert_uint_eq(b.nrecords, 2);
	http_batch_finish(&b, "124115004170483179-dept_info-1");
	ck_assert_str_eq(b.body.data,
	    "{\"org_code\":\"124115004170483179\",\"table\":\"dept_info\","
	    "\"records\":[{\"org_code\":\"124115004170483179\",\"dept_code\":"
	    "\"D0301\",\"dept_name\":\"呼吸内科\",\"dept_type\":\"1\","
	    "\"dept_category\":\"03.01\",\"parent_dept_code\":\"\","
	    "\"outpatient_flag\":\"1\",\"inpatient_flag\":\"1\",\"beds\":\"40\","
	    "\"phone\":\"0376-6201301\",\"director_code\":\"S1001\","
	    "\"established_date\":\"1998-03-01\",\"valid_flag\":\"1\","
	    "\"update_time\":\"2026-10-01 08:30:00\"},{\"org_code\":"
	    "\"124115004170483179\",\"dept_code\":\"D0301\",\"dept_name\":"
	    "\"呼吸内科\",\"dept_type\":\"1\",\"dept_category\":\"03.01\","
	    "\"parent_dept_code\":\"\",\"outpatient_flag\":\"1\","
	    "\"inpatient_flag\":\"1\",\"beds\":\"40\",\"phone\":"
	    "\"0376-6201301\",\"director_code\":\"S1001\",\"established_date\":"
	    "\"1998-03-01\",\"valid_flag\":\"1\",\"update_time\":"
	    "\"2026-10-01 08:30:00\"}],\"record_count\":2,\"batch_id\":"
	    "\"124115004170483179-dept_info-1\"}");
	ck_assert_int_eq(http_batch_full(&b), 1);
	ck_assert_int_eq(http_batch_add(&b, rec1, NULL, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "http: batch already finished");
	http_batch_free(&b);
}
END_TEST

START_TEST(batch_empty_and_values)
{
	struct http_batch b;
	json_error_t je;
	json_t *root, *r;
	char *v[14], err[256];
	size_t len[14], i;

	http_batch_begin(&b, "o\"rg", dept, 0, 0);
	http_batch_finish(&b, "id");
	ck_assert_str_eq(b.body.data, "{\"org_code\":\"o\\\"rg\",\"table\":"
	    "\"dept_info\",\"records\":[],\"record_count\":0,\"batch_id\":"
	    "\"id\"}");
	http_batch_free(&b);

	/* Values with every kind of character survive a JSON parser. */
	for (i = 0; i < 14; i++) {
		v[i] = rec1[i];
		len[i] = strlen(rec1[i]);
	}
	v[2] = "a\0\"\\\n\x1f科";
	len[2] = 9;
	http_batch_begin(&b, "124115004170483179", dept, 0, 0);
	ck_assert_int_eq(http_batch_add(&b, v, len, err, sizeof(err)), 0);
	http_batch_finish(&b, "x");
	root = json_loadb(b.body.data, b.body.len, JSON_REJECT_DUPLICATES |
	    JSON_ALLOW_NUL, &je);
	ck_assert_ptr_nonnull(root);
	ck_assert_int_eq(json_integer_value(json_object_get(root,
	    "record_count")), 1);
	r = json_array_get(json_object_get(root, "records"), 0);
	ck_assert_uint_eq(json_object_size(r), 14);
	ck_assert_uint_eq(json_string_length(json_object_get(r, "dept_name")),
	    9);
	ck_assert_mem_eq(json_string_value(json_object_get(r, "dept_name")),
	    "a\0\"\\\n\x1f科", 9);
	json_decref(root);
	http_batch_free(&b);

	/* Invalid UTF-8 never reaches a body; the message has no value. */
	v[2] = "ab\xff";
	len[2] = 3;
	http_batch_begin(&b, "124115004170483179", dept, 0, 0);
	ck_assert_int_eq(http_batch_add(&b, v, len, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "http: dept_info: field dept_name: invalid "
	    "UTF-8 at byte 3");
	ck_assert_uint_eq(b.nrecords, 0);
	http_batch_free(&b);
}
END_TEST

START_TEST(batch_count_limit)
{
	struct http_batch b;
	char err[256];
	size_t i;

	http_batch_begin(&b, "124115004170483179", dept, 0, 0);
	for (i = 0; i < HTTP_MAX_RECORDS; i++) {
		ck_assert_int_eq(http_batch_full(&b), 0);
		ck_assert_int_eq(http_batch_add(&b, rec1, NULL, err,
		    sizeof(err)), 0);
	}
	ck_assert_int_eq(http_batch_full(&b), 1);
	ck_assert_int_eq(http_batch_add(&b, rec1, NULL, err, sizeof(err)), 1);
	http_batch_finish(&b, "124115004170483179-dept_info-20261027-0001");
	ck_assert_uint_le(b.body.len, HTTP_MAX_BODY);
	ck_assert_ptr_nonnull(strstr(b.body.data, "\"record_count\":5000,"));
	http_batch_free(&b);
}
END_TEST

/* Fills a batch of max bytes; the finished body (or envelope) fits. */
static size_t
fill(int sm4, size_t max, const char *id)
{
	struct http_batch b;
	char err[256];
	size_t n, sent;
	int rc;

	http_batch_begin(&b, "124115004170483179", dept, sm4, max);
	while ((rc = http_batch_add(&b, rec1, NULL, err, sizeof(err))) == 0)
		continue;
	ck_assert_int_eq(rc, 1);
	http_batch_finish(&b, id);
	sent = sm4 ? http_envelope_size(b.body.len) : b.body.len;
	ck_assert_uint_le(sent, max);
	ck_assert_uint_gt(sent, max - 1600);	/* and nearly fills it */
	n = b.nrecords;
	http_batch_free(&b);
	return n;
}

START_TEST(batch_size_limit)
{
	char id[65];
	struct http_batch b;
	char err[256];
	size_t plain, enc;

	memset(id, 'z', 64);
	id[64] = '\0';
	plain = fill(0, 20000, id);
	enc = fill(1, 20000, id);
	ck_assert_uint_gt(plain, enc);	/* base64 takes a third more */
	ck_assert_uint_eq(plain, 20000 / 350);

	/* A record that alone is larger than a batch is an error. */
	http_batch_begin(&b, "124115004170483179", dept, 0, 300);
	ck_assert_int_eq(http_batch_add(&b, rec1, NULL, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "http: dept_info: a record of 329 bytes does "
	    "not fit in a batch of 300 bytes");
	http_batch_free(&b);
}
END_TEST

static const struct {
	const char *base, *err;
} badbase[] = {
	{ "", "http: no base URL" },
	{ "ftp://127.0.0.1/", "http: base URL ftp://127.0.0.1/: not http:// "
	    "or https://" },
	{ "http://example.org", "http: base URL http://example.org: plain "
	    "HTTP is only for a receiver on the loopback interface; use "
	    "https://" },
	{ "http://127.0.0.1.example.org:80", "http: base URL "
	    "http://127.0.0.1.example.org:80: plain HTTP is only for a "
	    "receiver on the loopback interface; use https://" },
	{ "https://h/x?y=1", "http: base URL https://h/x?y=1: only "
	    "scheme://host[:port][/path] without spaces, query, fragment or "
	    "user" },
	{ "https://u:p@h/", "http: base URL https://u:p@h/: only "
	    "scheme://host[:port][/path] without spaces, query, fragment or "
	    "user" },
	{ "https:///x", "http: base URL https:///x: no host" },
};

START_TEST(config_refused)
{
	struct http_config cfg;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = badbase[_i].base;
	cfg.org_code = "o";
	cfg.secret = "s";
	cfg.secretlen = 1;
	ck_assert_ptr_null(http_new(&cfg, err, sizeof(err)));
	ck_assert_str_eq(err, badbase[_i].err);
}
END_TEST

START_TEST(config_missing)
{
	struct http_config cfg;
	struct http_client *c;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = "https://hip.example.gov.cn:8443/prefix/";
	cfg.org_code = "o";
	ck_assert_ptr_null(http_new(&cfg, err, sizeof(err)));
	ck_assert_str_eq(err, "http: no secret");
	cfg.secret = "s";
	cfg.secretlen = 1;
	cfg.max_attempts = -1;
	ck_assert_ptr_null(http_new(&cfg, err, sizeof(err)));
	ck_assert_str_eq(err, "http: negative timeout, attempts or backoff");
	cfg.max_attempts = 0;
	cfg.org_code = NULL;
	ck_assert_ptr_null(http_new(&cfg, err, sizeof(err)));
	ck_assert_str_eq(err, "http: no org_code");
	cfg.org_code = "o";
	c = http_new(&cfg, err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	http_free(c);
	http_free(NULL);
}
END_TEST

static int nretries;
static double waited;

static void
count_retry(void *arg, int attempt, long status, const char *why,
    double wait)
{
	(void)arg;
	ck_assert_int_eq(attempt, nretries + 1);
	ck_assert_int_eq(status, 0);
	ck_assert_ptr_nonnull(strstr(why, "onnect"));
	nretries++;
	waited += wait;
}

/* A loopback port with nothing listening on it. */
static int
closed_port(void)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM, 0), port;

	ck_assert_int_ge(s, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
	port = ntohs(sa.sin_port);
	close(s);
	return port;
}

START_TEST(refused_connection_retried)
{
	struct http_config cfg;
	struct http_client *c;
	struct http_result res;
	char err[256], *base;

	base = xasprintf("http://127.0.0.1:%d/", closed_port());
	memset(&cfg, 0, sizeof(cfg));
	cfg.base_url = base;
	cfg.org_code = "124115004170483179";
	cfg.secret = "s";
	cfg.secretlen = 1;
	cfg.max_attempts = 3;
	cfg.backoff_base = 0.01;
	cfg.backoff_cap = 0.02;
	cfg.on_retry = count_retry;
	c = http_new(&cfg, err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	http_result_init(&res);
	ck_assert_int_eq(http_upload(c, "dept_info", "{}", 2, &res), -1);
	ck_assert_int_eq(res.class, HTTP_TRANSIENT);
	ck_assert_str_eq(http_class_name(res.class), "TRANSIENT");
	ck_assert_int_eq(res.status, 0);
	ck_assert_int_eq(res.attempts, 3);
	ck_assert_int_eq(nretries, 2);
	/* 0.01 then 0.02 (capped), each within ±20%. */
	ck_assert(waited >= 0.8 * 0.03 && waited <= 1.2 * 0.03);
	ck_assert_ptr_nonnull(strstr(res.error, "http: POST "
	    "/api/v1/upload/dept_info: gave up after 3 attempts: "));
	ck_assert_ptr_null(res.body);

	/* A deadline already past: one attempt, then no wait. */
	http_free(c);
	cfg.deadline = time(NULL) - 1;
	cfg.on_retry = NULL;
	c = http_new(&cfg, err, sizeof(err));
	ck_assert_int_eq(http_get_stats(c, "dept_info", "2026-10-01", &res),
	    -1);
	ck_assert_int_eq(res.attempts, 1);
	ck_assert_ptr_nonnull(strstr(res.error, "http: GET "
	    "/api/v1/stats?table=dept_info&date=2026-10-01: gave up at the "
	    "deadline after 1 attempts: "));
	http_result_free(&res);
	http_free(c);
	free(base);
}
END_TEST

static Suite *
http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("body");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, json_escape, 0, sizeof(esc) / sizeof(esc[0]));
	tcase_add_test(tc, batch_exact);
	tcase_add_test(tc, batch_empty_and_values);
	tcase_add_test(tc, batch_count_limit);
	tcase_add_test(tc, batch_size_limit);
	suite_add_tcase(s, tc);
	tc = tcase_create("client");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, config_refused, 0,
	    sizeof(badbase) / sizeof(badbase[0]));
	tcase_add_test(tc, config_missing);
	tcase_add_test(tc, refused_connection_retried);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(http_suite)
