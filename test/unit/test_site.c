/*
 * test_site.c - hdx-site(5): every load error by its exact text, the
 * getters on a full file, path resolution, durations and secrets.
 *
 * Each test gets a fresh directory (mkdtemp under $TMPDIR or /tmp) in
 * which it writes site.conf and, for the secrets tests, secrets.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "site.h"
#include "unit.h"
#include "util.h"

#define ORG	"124115004170483179"
#define SITE	"[site]\norg_code = " ORG "\n"	/* lines 1 and 2 */
#define LEAK	"hunter2"		/* a secret that must never show */

static char dir[PATH_MAX];
static char *sitefile;

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/test_site.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	sitefile = path_join(dir, "site.conf");
}

static void
teardown(void)
{
	struct dirent *de;
	DIR *d;
	char *p;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			p = path_join(dir, de->d_name);
			if (unlink(p) == -1)
				rmdir(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
	free(sitefile);
}

/* Writes name in the test directory; returns its path (caller frees). */
static char *
put(const char *name, const char *text, size_t len, mode_t mode)
{
	char *path = path_join(dir, name);
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

static struct site *
load_len(const char *text, size_t len, char *err, size_t errlen)
{
	free(put("site.conf", text, len, 0644));
	err[0] = '\0';
	return site_load(sitefile, err, errlen);
}

static struct site *
load(const char *text, char *err, size_t errlen)
{
	return load_len(text, strlen(text), err, errlen);
}

/* The error of text must be sitefile followed by want. */
static void
expect_err_len(const char *text, size_t len, const char *want)
{
	char err[1024], *full;
	struct site *s;

	s = load_len(text, len, err, sizeof(err));
	ck_assert_msg(s == NULL, "loaded: %s", text);
	full = xasprintf("%s%s", sitefile, want);
	ck_assert_str_eq(err, full);
	ck_assert_msg(strstr(err, LEAK) == NULL, "secret in: %s", err);
	free(full);
}

static void
expect_err(const char *text, const char *want)
{
	expect_err_len(text, strlen(text), want);
}

static const struct errcase {
	const char	*text;
	const char	*want;	/* after the site file's path */
} errcases[] = {
	/* structure */
	{ "name = x\n" SITE, ":1: name: key outside any section" },
	{ SITE "[tables t]\n", ":3: unknown section kind tables; expected "
	    "one of site, source, table, upload, map" },
	{ SITE "[patient_info]\n", ":3: unknown section kind patient_info; "
	    "expected one of site, source, table, upload, map" },
	{ SITE "passwd = x\n", ":3: passwd: unknown key in [site]" },
	{ SITE "[source his]\ndriver = odbc\nuser = x\n",
	    ":5: user: unknown key in [source his]" },
	{ SITE "[table t]\nmap. = x.csv\n",
	    ":4: map.: unknown key in [table t]" },
	{ SITE "[table t]\nmap.a.b = x.csv\n",
	    ":4: map.a.b: unknown key in [table t]" },
	{ SITE "[map sex]\nmap.sex = x.csv\n",
	    ":4: map.sex: unknown key in [map sex]" },
	{ SITE "name = a\nname = b\n",
	    ":4: name: duplicate key in [site] (first at line 3)" },
	{ SITE "[map sex]\nfold = yes\n\n# again\nfold = yes\n",
	    ":7: fold: duplicate key in [map sex] (first at line 4)" },
	{ SITE "[table t]\n[table t]\n",
	    ":4: duplicate section [table t] (first at line 3)" },
	{ SITE "[table   t ]\n[ table t]\n",
	    ":4: duplicate section [table t] (first at line 3)" },
	{ SITE "[upload]\n[site]\n",
	    ":4: duplicate section [site] (first at line 1)" },
	{ SITE "just some words\n", ":3: expected [section] or key = value" },
	{ SITE "name = caf\xc3\n", ":3: invalid UTF-8 at byte 11" },
	{ SITE "\xed\xa0\x80 = x\n", ":3: invalid UTF-8 at byte 1" },
	{ SITE "[table t\n",
	    ":3: expected ] at the end of the section header" },
	{ SITE "[site] # main\n",
	    ":3: expected ] at the end of the section header" },
	{ SITE "[ ]\n", ":3: empty section header" },
	{ SITE "[table]\n", ":3: [table] needs a name: [table NAME]" },
	{ SITE "[upload main]\n", ":3: [upload] takes no name" },
	{ SITE "[table a/b]\n",
	    ":3: [table a/b]: a name is letters, digits, _, . and -" },
	{ SITE "[table patient info]\n",
	    ":3: [table patient info]: a name is letters, digits, _, . and -" },
	{ SITE " = x\n", ":3: missing key before =" },
	{ SITE "na me = x\n",
	    ":3: invalid key; a key is letters, digits, _ and ." },
	/* required keys and references */
	{ "", ": no [site] section" },
	{ "# only a comment\n[upload]\n", ": no [site] section" },
	{ "[site]\nname = x\n", ":1: [site]: org_code is required" },
	{ SITE "[source his]\ndsn = x\n",
	    ":3: [source his]: driver is required" },
	{ SITE "[table t]\nsource = his\n[source db]\ndriver = pg\n",
	    ":4: source: no [source his] section" },
	{ SITE "[table t]\nsource = a b\n",
	    ":4: source: expected the NAME of a [source NAME]" },
	/* enumerations */
	{ SITE "[source his]\ndriver = mysql\n",
	    ":4: driver: expected one of odbc, pg" },
	{ SITE "[source his]\ndriver = ODBC\n",
	    ":4: driver: expected one of odbc, pg" },
	{ SITE "[table t]\nchannel = ftp\n",
	    ":4: channel: expected one of frontdb, http" },
	{ SITE "[upload]\nchannel = https\n",
	    ":4: channel: expected one of frontdb, http" },
	{ SITE "policy = maybe\n", ":3: policy: expected one of hold, send" },
	{ SITE "[map sex]\npassthrough = true\n",
	    ":4: passthrough: expected one of yes, no" },
	{ SITE "[map sex]\nfold = 1\n", ":4: fold: expected one of yes, no" },
	{ SITE "[map sex]\nunmapped = ignore\n",
	    ":4: unmapped: expected one of reject, default:CODE" },
	{ SITE "[map sex]\nunmapped = default:\n",
	    ":4: unmapped: expected one of reject, default:CODE" },
	/* typed values */
	{ "[site]\norg_code = 12411500417048317\n", ":2: org_code: expected "
	    "18 digits and capital letters (the unified social credit code)" },
	{ "[site]\norg_code = 12411500417048317x\n", ":2: org_code: expected "
	    "18 digits and capital letters (the unified social credit code)" },
	{ SITE "state_dir =\n", ":3: state_dir: empty value" },
	{ SITE "[source s]\ndriver = \"\"\n", ":4: driver: empty value" },
	{ SITE "lookback = 10d\n", ":3: lookback: expected a duration: N or "
	    "Ns (seconds), Nm (minutes), Nh (hours)" },
	{ SITE "lookback = 10 m\n", ":3: lookback: expected a duration: N or "
	    "Ns (seconds), Nm (minutes), Nh (hours)" },
	{ SITE "lookback = 99999999999999999h\n", ":3: lookback: expected a "
	    "duration: N or Ns (seconds), Nm (minutes), Nh (hours)" },
	{ SITE "[upload]\ntimeout = -5\n", ":4: timeout: expected a duration: "
	    "N or Ns (seconds), Nm (minutes), Nh (hours)" },
	{ SITE "[upload]\nconnect_timeout = 1.5s\n", ":4: connect_timeout: "
	    "expected a duration: N or Ns (seconds), Nm (minutes), "
	    "Nh (hours)" },
	{ SITE "retention_days = 1x\n", ":3: retention_days: expected a whole "
	    "number" },
	{ SITE "[source s]\ndriver = pg\nfetch_size = -1\n",
	    ":5: fetch_size: expected a whole number" },
	{ SITE "[upload]\nparallel = 99999999999999999999\n",
	    ":4: parallel: expected a whole number" },
	{ SITE "[upload]\ngive_up = 24:00\n",
	    ":4: give_up: expected HH:MM, 00:00 to 23:59" },
	{ SITE "[upload]\ngive_up = 7:45\n",
	    ":4: give_up: expected HH:MM, 00:00 to 23:59" },
	{ SITE "[upload]\ngive_up = 07:60\n",
	    ":4: give_up: expected HH:MM, 00:00 to 23:59" },
	{ SITE "[upload]\ngive_up = 07:4x\n",
	    ":4: give_up: expected HH:MM, 00:00 to 23:59" },
	{ SITE "[upload]\nurl = ftp://platform\n",
	    ":4: url: expected http://HOST... or https://HOST..." },
	{ SITE "[upload]\nfrontdb = odbc:\n",
	    ":4: frontdb: odbc: needs an ODBC connection string" },
	/* quoting */
	{ SITE "name = \"abc\n", ":3: name: unterminated quoted value" },
	{ SITE "name = \"abc\\\"\n", ":3: name: unterminated quoted value" },
	{ SITE "name = \"a\\nb\"\n", ":3: name: unknown escape in quoted "
	    "value (only \\\" and \\\\)" },
	{ SITE "name = \"a\" b\n", ":3: name: text after the closing quote" },
	/* secrets */
	{ SITE "[source his]\ndriver = pg\npassword = " LEAK "\n",
	    ":5: password: secrets are not written in the site file; "
	    "use secret:NAME (hdx-site(5))" },
	{ SITE "[source his]\ndriver = pg\npassword = \"" LEAK " x\"\n",
	    ":5: password: secrets are not written in the site file; "
	    "use secret:NAME (hdx-site(5))" },
	{ SITE "[upload]\nfrontdb_password = " LEAK "\n",
	    ":4: frontdb_password: secrets are not written in the site file; "
	    "use secret:NAME (hdx-site(5))" },
	{ SITE "[upload]\nsecret = " LEAK "\n",
	    ":4: secret: secrets are not written in the site file; "
	    "use secret:NAME (hdx-site(5))" },
	{ SITE "[upload]\nsm4_key = 0123456789abcdef" LEAK "\n",
	    ":4: sm4_key: secrets are not written in the site file; "
	    "use secret:NAME (hdx-site(5))" },
	{ SITE "[upload]\nsm4_key = secret:sm4-key\n",
	    ":4: sm4_key: the NAME of secret:NAME is letters, digits and _" },
	{ SITE "[upload]\nsecret = secret:\n",
	    ":4: secret: the NAME of secret:NAME is letters, digits and _" },
	{ SITE "[source his]\ndriver = odbc\n"
	    "dsn = Driver=SQLite3;UID=u;PWD=" LEAK "\n",
	    ":5: dsn: secrets are not written in the site file; "
	    "use password = secret:NAME (hdx-site(5))" },
	{ SITE "[source his]\ndriver = odbc\n"
	    "dsn = Driver={SQL Server}; Password = " LEAK "\n",
	    ":5: dsn: secrets are not written in the site file; "
	    "use password = secret:NAME (hdx-site(5))" },
	{ SITE "[source his]\ndriver = pg\n"
	    "dsn = host=db user=hdx password=" LEAK "\n",
	    ":5: dsn: secrets are not written in the site file; "
	    "use password = secret:NAME (hdx-site(5))" },
	{ SITE "[upload]\nfrontdb = postgresql://hdx:" LEAK "@db/front\n",
	    ":4: frontdb: secrets are not written in the site file; "
	    "use frontdb_password = secret:NAME (hdx-site(5))" },
	{ SITE "[upload]\nfrontdb = postgresql://db/front?sslmode=require"
	    "&password=" LEAK "\n",
	    ":4: frontdb: secrets are not written in the site file; "
	    "use frontdb_password = secret:NAME (hdx-site(5))" },
	{ SITE "[upload]\nfrontdb = odbc:DSN=front;PWD=" LEAK "\n",
	    ":4: frontdb: secrets are not written in the site file; "
	    "use frontdb_password = secret:NAME (hdx-site(5))" },
	{ SITE "[upload]\nurl = https://hdx:" LEAK "@platform/\n",
	    ":4: url: secrets are not written in the site file; "
	    "use a URL without user:password@ (hdx-site(5))" },
	/* a secret where something else was expected is not echoed either */
	{ SITE "[source his]\npasswd = " LEAK "\n",
	    ":4: passwd: unknown key in [source his]" },
	{ SITE "[source his]\ndriver = " LEAK "\n",
	    ":4: driver: expected one of odbc, pg" },
	{ SITE LEAK "\n", ":3: expected [section] or key = value" },
	{ "password = " LEAK "\n", ":1: password: key outside any section" },
	{ SITE "[source his]\ndriver = pg\npassword = secret:db\n"
	    "password = " LEAK "\n",
	    ":6: password: duplicate key in [source his] (first at line 5)" },
	{ SITE "[source his]\ndriver = pg\npassword = \"" LEAK "\\q\"\n",
	    ":5: password: unknown escape in quoted value "
	    "(only \\\" and \\\\)" },
	{ SITE "[source his]\ndriver = pg\npassword = \"" LEAK "\n",
	    ":5: password: unterminated quoted value" },
	{ SITE "[source his]\ndriver = pg\npassword = " LEAK "\xff\n",
	    ":5: invalid UTF-8 at byte 19" },
};

START_TEST(test_errors)
{
	expect_err(errcases[_i].text, errcases[_i].want);
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char text[] = SITE "name = a\0b\n";

	expect_err_len(text, sizeof(text) - 1, ":3: NUL byte in line");
}
END_TEST

START_TEST(test_missing_file)
{
	char err[256], *want;

	ck_assert_ptr_null(site_load(sitefile, err, sizeof(err)));
	want = xasprintf("%s: No such file or directory", sitefile);
	ck_assert_str_eq(err, want);
	free(want);
}
END_TEST

START_TEST(test_free_null)
{
	site_free(NULL);
}
END_TEST

/* The example of hdx-site(5), EXAMPLES. */
static const char example[] =
	"# site.conf - the embedded demo hospital\n"
	"[site]\n"
	"org_code = 124115004170483179\n"
	"name = \"Demo County People's Hospital\"\n"
	"standard = /usr/local/share/hdx/dict\n"
	"state_dir = /var/lib/hdx/demo/state\n"
	"staging_dir = /var/lib/hdx/demo/staging\n"
	"log_dir = /var/log/hdx/demo\n"
	"mapping_dir = mappings\n"
	"sql_dir = sql\n"
	"secrets = secrets\n"
	"policy = hold\n"
	"lookback = 10m\n"
	"retention_days = 15\n"
	"\n"
	"[source his]\n"
	"driver = odbc\n"
	"dsn = Driver=SQLite3;Database=/var/lib/hdx/demo/hospital.db\n"
	"fetch_size = 1000\n"
	"\n"
	"[table dept_info]\n"
	"source = his\n"
	"sql = sql/dept_info.sql\n"
	"\n"
	"[table patient_info]\n"
	"source = his\n"
	"sql = sql/patient_info.sql\n"
	"map.sex = mappings/patient_sex.csv\n"
	"\n"
	"[table outpatient_visit]\n"
	"source = his\n"
	"sql = sql/outpatient_visit.sql\n"
	"channel = http\n"
	"\n"
	"[upload]\n"
	"channel = frontdb\n"
	"frontdb = host=127.0.0.1 port=5432 dbname=frontdb user=hdx\n"
	"frontdb_password = secret:frontdb\n"
	"url = https://platform.example.org\n"
	"cacert = platform-ca.pem\n"
	"secret = secret:hmac\n"
	"sm4_key = secret:sm4\n"
	"connect_timeout = 30s\n"
	"timeout = 2m\n"
	"give_up = 07:45\n"
	"max_attempts = 10\n"
	"batch_records = 5000\n"
	"parallel = 4\n"
	"\n"
	"[map sex]\n"
	"file = mappings/sex.csv\n"
	"unmapped = reject\n"
	"passthrough = no\n"
	"fold = yes\n"
	"\n"
	"[map marital_status]\n"
	"file = mappings/marital_status.csv\n"
	"unmapped = default:90\n"
	"passthrough = yes\n";

START_TEST(test_example)
{
	const char **names;
	char err[256];
	struct site *s;

	s = load(example, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_str_eq(site_org(s), ORG);
	ck_assert_str_eq(site_file(s), sitefile);
	ck_assert_str_eq(site_get(s, "site", "name"),
	    "Demo County People's Hospital");
	ck_assert_str_eq(site_get(s, "site", "policy"), "hold");
	ck_assert_str_eq(site_get(s, "source his", "driver"), "odbc");
	ck_assert_str_eq(site_get(s, "source his", "dsn"),
	    "Driver=SQLite3;Database=/var/lib/hdx/demo/hospital.db");
	ck_assert_str_eq(site_get(s, "table patient_info", "map.sex"),
	    "mappings/patient_sex.csv");
	ck_assert_str_eq(site_get(s, "table outpatient_visit", "channel"),
	    "http");
	ck_assert_ptr_null(site_get(s, "table dept_info", "channel"));
	ck_assert_str_eq(site_get(s, "upload", "frontdb"),
	    "host=127.0.0.1 port=5432 dbname=frontdb user=hdx");
	ck_assert_str_eq(site_get(s, "upload", "give_up"), "07:45");
	ck_assert_str_eq(site_get(s, "map marital_status", "unmapped"),
	    "default:90");
	ck_assert_ptr_null(site_get(s, "map marital_status", "fold"));
	ck_assert_ptr_null(site_get(s, "table nosuch", "sql"));
	ck_assert_ptr_null(site_get(s, "nosuch", "sql"));
	ck_assert_ptr_null(site_get(s, "site", "nosuch"));

	ck_assert_uint_eq(site_line(s, "site", "org_code"), 3);
	ck_assert_uint_eq(site_line(s, "table patient_info", "map.sex"), 28);
	ck_assert_uint_eq(site_line(s, "map sex", "fold"), 54);
	ck_assert_uint_eq(site_line(s, "upload", "nosuch"), 0);

	ck_assert_uint_eq(site_sections(s, "table", &names), 3);
	ck_assert_str_eq(names[0], "dept_info");
	ck_assert_str_eq(names[1], "patient_info");
	ck_assert_str_eq(names[2], "outpatient_visit");
	ck_assert_ptr_null(names[3]);
	ck_assert_uint_eq(site_sections(s, "source", &names), 1);
	ck_assert_str_eq(names[0], "his");
	ck_assert_uint_eq(site_sections(s, "map", &names), 2);
	ck_assert_str_eq(names[1], "marital_status");
	ck_assert_uint_eq(site_sections(s, "upload", &names), 0);
	ck_assert_uint_eq(site_sections(s, "nosuch", &names), 0);
	ck_assert_ptr_null(names[0]);

	ck_assert_int_eq(site_seconds(s, "upload", "connect_timeout", 1), 30);
	ck_assert_int_eq(site_seconds(s, "upload", "timeout", 1), 120);
	ck_assert_int_eq(site_seconds(s, "upload", "max_attempts", 1), 10);
	site_free(s);
}
END_TEST

/* Comments, blank lines, a BOM, CRLF, tabs and quoting. */
START_TEST(test_syntax)
{
	static const char text[] =
	    "\xef\xbb\xbf; written on Windows\r\n"
	    "  # indented comment\r\n"
	    "\t[ site ]\r\n"
	    "\torg_code\t=\t" ORG "  \r\n"
	    "\r\n"
	    "name = \"  two  spaces  \"\r\n"
	    "log_dir = \"a \\\"quoted\\\" \\\\ dir\"\r\n"
	    "state_dir = state # not a comment\r\n"
	    "[source h.1-x]\n"
	    "driver=pg\n"
	    "dsn = \"host=db  dbname=his \"\n"
	    "[map 性别]\n";
	static const char named[] = SITE
	    "name = 第一人民医院 # 县\n"
	    "mapping_dir = \"\"\n"
	    "[table t]\n"
	    "map.sex_code = a.csv\n";
	char err[256];
	struct site *s;

	s = load(text, err, sizeof(err));
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, ":12: [map 性别]: a name is") != NULL, "%s",
	    err);

	s = load_len(text, sizeof(text) - 1 - strlen("[map 性别]\n"), err,
	    sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_str_eq(site_org(s), ORG);
	ck_assert_str_eq(site_get(s, "site", "name"), "  two  spaces  ");
	ck_assert_str_eq(site_get(s, "site", "log_dir"),
	    "a \"quoted\" \\ dir");
	ck_assert_str_eq(site_get(s, "site", "state_dir"),
	    "state # not a comment");
	ck_assert_str_eq(site_get(s, "source h.1-x", "driver"), "pg");
	ck_assert_str_eq(site_get(s, "source h.1-x", "dsn"),
	    "host=db  dbname=his ");
	ck_assert_uint_eq(site_line(s, "site", "org_code"), 4);
	site_free(s);

	/* an empty quoted path is still empty */
	s = load(named, err, sizeof(err));
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, ":4: mapping_dir: empty value") != NULL,
	    "%s", err);
	s = load_len(named, strlen(named) - strlen("mapping_dir = \"\"\n"
	    "[table t]\nmap.sex_code = a.csv\n"), err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_str_eq(site_get(s, "site", "name"), "第一人民医院 # 县");
	site_free(s);
}
END_TEST

START_TEST(test_defaults)
{
	char err[256];
	struct site *s;

	s = load(SITE "[upload]\n", err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_str_eq(site_get(s, "site", "lookback"), "10m");
	ck_assert_uint_eq(site_line(s, "site", "lookback"), 0);
	ck_assert_int_eq(site_seconds(s, "site", "lookback", 5), 600);
	ck_assert_str_eq(site_get(s, "site", "retention_days"), "15");
	ck_assert_int_eq(site_seconds(s, "site", "retention_days", 5), 15);
	ck_assert_ptr_null(site_get(s, "site", "policy"));
	ck_assert_int_eq(site_seconds(s, "upload", "timeout", 120), 120);
	ck_assert_int_eq(site_seconds(s, "upload", "parallel", 4), 4);
	ck_assert_int_eq(site_seconds(s, "nosuch", "timeout", 7), 7);
	site_free(s);
}
END_TEST

static const struct durcase {
	const char	*text;
	long		 secs;
} durcases[] = {
	{ "90", 90 }, { "90s", 90 }, { "10m", 600 }, { "2h", 7200 },
	{ "0", 0 }, { "0h", 0 }, { "007s", 7 },
};

START_TEST(test_durations)
{
	char *text, err[256];
	struct site *s;

	text = xasprintf(SITE "lookback = %s\n[upload]\ntimeout = %s\n",
	    durcases[_i].text, durcases[_i].text);
	s = load(text, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(site_seconds(s, "site", "lookback", -1),
	    durcases[_i].secs);
	ck_assert_int_eq(site_seconds(s, "upload", "timeout", -1),
	    durcases[_i].secs);
	site_free(s);
	free(text);
}
END_TEST

START_TEST(test_seconds_unvalidated)
{
	char err[256];
	struct site *s;

	/* a key the schema does not time gives def when it is no number */
	s = load(SITE "name = 10 minutes\nlog_dir = 45\n", err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(site_seconds(s, "site", "name", -1), -1);
	ck_assert_int_eq(site_seconds(s, "site", "log_dir", -1), 45);
	site_free(s);
}
END_TEST

START_TEST(test_paths)
{
	char err[256], *p, *want, cwd[PATH_MAX];
	struct site *s;

	s = load(SITE "state_dir = state\nlog_dir = /var/log/hdx\n"
	    "sql_dir = ../sql/\n[table t]\nmap.sex = maps/sex.csv\n",
	    err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);

	p = site_path(s, "site", "state_dir");
	want = xasprintf("%s/state", dir);
	ck_assert_str_eq(p, want);
	free(p);
	free(want);

	p = site_path(s, "site", "log_dir");
	ck_assert_str_eq(p, "/var/log/hdx");
	free(p);

	p = site_path(s, "site", "sql_dir");
	want = xasprintf("%s/../sql/", dir);
	ck_assert_str_eq(p, want);
	free(p);
	free(want);

	p = site_path(s, "table t", "map.sex");
	want = xasprintf("%s/maps/sex.csv", dir);
	ck_assert_str_eq(p, want);
	free(p);
	free(want);

	ck_assert_ptr_null(site_path(s, "site", "staging_dir"));
	ck_assert_ptr_null(site_path(s, "table x", "sql"));
	site_free(s);

	/* a site file named without a directory: relative to "." */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(dir), 0);
	s = site_load("site.conf", err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	p = site_path(s, "site", "state_dir");
	ck_assert_str_eq(p, "./state");
	free(p);
	site_free(s);
	ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

/* A site file whose secrets come from secrets (mode 0600 unless said). */
static const char secret_site[] =
	SITE
	"secrets = secrets\n"
	"[source his]\n"
	"driver = pg\n"
	"password = secret:his_db\n"		/* line 6 */
	"dsn = host=db\n"
	"[upload]\n"
	"secret = secret:HMAC\n"		/* line 9 */
	"sm4_key = secret:sm4\n";		/* line 10 */

static const char secret_file[] =
	"# secrets of the demo\n"
	"\n"
	"his_db = " LEAK "-db\n"
	"HMAC=\"" LEAK " with \\\"spaces\\\" \"\n"
	"  ; indented comment\n"
	"sm4 = 0123456789abcdeffedcba9876543210\n";

static struct site *
secret_setup(const char *site, const char *secrets, mode_t mode)
{
	char err[256];
	struct site *s;

	if (secrets != NULL)
		free(put("secrets", secrets, strlen(secrets), mode));
	s = load(site, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	return s;
}

/* site_secret must fail with sitefile? + want, and leak nothing. */
static void
expect_secret_err(const struct site *s, const char *section, const char *key,
    const char *want)
{
	char err[512], *out = (char *)"untouched";

	ck_assert_int_eq(site_secret(s, section, key, &out, err, sizeof(err)),
	    -1);
	ck_assert_ptr_null(out);
	ck_assert_str_eq(err, want);
	ck_assert_msg(strstr(err, LEAK) == NULL, "secret in: %s", err);
}

/* The n-th (from 0) ".Bd -literal" display of the manual, as text. */
static char *
manual_display(int n)
{
	char *path, *line = NULL;
	size_t cap = 0;
	struct buf b;
	FILE *fp;
	int in = 0;

	path = path_join(unit_srcdir(), "man/hdx-site.5");
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "%s", path);
	buf_init(&b);
	while (getline(&line, &cap, fp) != -1) {
		if (strncmp(line, ".Bd -literal", 12) == 0)
			in = n-- == 0;
		else if (strcmp(line, ".Ed\n") == 0)
			in = 0;
		else if (in)
			buf_adds(&b, line);
	}
	free(line);
	fclose(fp);
	free(path);
	return buf_steal(&b);
}

/* The manual's example is the one above, and its secrets resolve. */
START_TEST(test_manual_example)
{
	char *site, *secrets, *out, err[256];
	struct site *s;

	site = manual_display(0);
	secrets = manual_display(1);
	ck_assert_str_eq(site, example);
	s = secret_setup(site, secrets, 0600);
	ck_assert_int_eq(site_secret(s, "upload", "frontdb_password", &out,
	    err, sizeof(err)), 0);
	ck_assert_str_eq(out, "demo front-end password");
	free(out);
	ck_assert_int_eq(site_secret(s, "upload", "secret", &out, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, "change-me");
	free(out);
	ck_assert_int_eq(site_secret(s, "upload", "sm4_key", &out, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, "0123456789abcdeffedcba9876543210");
	free(out);
	site_free(s);
	free(site);
	free(secrets);
}
END_TEST

START_TEST(test_secret_file)
{
	char err[256], *out;
	struct site *s;

	s = secret_setup(secret_site, secret_file, 0600);
	ck_assert_int_eq(site_secret(s, "source his", "password", &out, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, LEAK "-db");
	free(out);
	ck_assert_int_eq(site_secret(s, "upload", "secret", &out, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, LEAK " with \"spaces\" ");
	free(out);
	ck_assert_int_eq(site_secret(s, "upload", "sm4_key", &out, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, "0123456789abcdeffedcba9876543210");
	free(out);
	site_free(s);
}
END_TEST

START_TEST(test_secret_env)
{
	char *want, err[256], *out;
	struct site *s;

	/*
	 * The environment is never read: every child of the chain would
	 * inherit the secret. The file's value, not the variable's.
	 */
	ck_assert_int_eq(setenv("HDX_SECRET_HIS_DB", "from-env", 1), 0);
	s = secret_setup(secret_site, secret_file, 0600);
	ck_assert_int_eq(site_secret(s, "source his", "password", &out, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, LEAK "-db");
	free(out);
	site_free(s);

	/* no secrets file: the variable does not stand in for it */
	ck_assert_int_eq(setenv("HDX_SECRET_HMAC", "env-hmac", 1), 0);
	s = secret_setup(SITE "[upload]\nsecret = secret:hmac\n", NULL, 0);
	want = xasprintf("%s:4: secret: secret:hmac: [site] names no "
	    "secrets file", sitefile);
	expect_secret_err(s, "upload", "secret", want);
	free(want);
	site_free(s);
	unsetenv("HDX_SECRET_HIS_DB");
	unsetenv("HDX_SECRET_HMAC");
}
END_TEST

static const struct modecase {
	mode_t		 mode;
	const char	*problem;
} modecases[] = {
	{ 0644, "mode 0644 is readable by others" },
	{ 0604, "mode 0604 is readable by others" },
	{ 0640, "mode 0640 is readable by its group" },
	{ 0620, "mode 0620 is writable by its group" },
	{ 0602, "mode 0602 is writable by others" },
	{ 0610, "mode 0610 is executable by its group" },
	{ 0666, "mode 0666 is readable by others" },
};

START_TEST(test_secret_mode)
{
	char *want, *file;
	struct site *s;

	s = secret_setup(secret_site, secret_file, modecases[_i].mode);
	file = path_join(dir, "secrets");
	want = xasprintf("secrets file %s: %s; chmod 600 it", file,
	    modecases[_i].problem);
	expect_secret_err(s, "source his", "password", want);
	free(want);
	free(file);
	site_free(s);
}
END_TEST

START_TEST(test_secret_owner)
{
	char *want, *file;
	struct site *s;

	if (geteuid() != 0)
		return;		/* only root can give a file away */
	s = secret_setup(secret_site, secret_file, 0600);
	file = path_join(dir, "secrets");
	ck_assert_int_eq(chown(file, 1, (gid_t)-1), 0);
	want = xasprintf("secrets file %s: owned by uid 1, not by uid 0 "
	    "running hdx; chown it", file);
	expect_secret_err(s, "source his", "password", want);
	free(want);
	free(file);
	site_free(s);
}
END_TEST

START_TEST(test_secret_not_found)
{
	char *want, *file;
	struct site *s;

	s = secret_setup(SITE "secrets = secrets\n[source his]\ndriver = pg\n"
	    "password = secret:nope\n", secret_file, 0600);
	file = path_join(dir, "secrets");
	want = xasprintf("%s:6: password: secret:nope is not in secrets "
	    "file %s", sitefile, file);
	expect_secret_err(s, "source his", "password", want);
	free(want);
	free(file);
	site_free(s);

	s = secret_setup(SITE "[upload]\nsm4_key = secret:nope\n", NULL, 0);
	want = xasprintf("%s:4: sm4_key: secret:nope: [site] names no "
	    "secrets file", sitefile);
	expect_secret_err(s, "upload", "sm4_key", want);
	free(want);
	site_free(s);
}
END_TEST

START_TEST(test_secret_bad_file)
{
	char *want, *file;
	struct site *s;

	/* missing */
	s = secret_setup(secret_site, NULL, 0);
	file = path_join(dir, "secrets");
	want = xasprintf("secrets file %s: No such file or directory", file);
	expect_secret_err(s, "source his", "password", want);
	free(want);

	/* a directory */
	ck_assert_int_eq(mkdir(file, 0700), 0);
	want = xasprintf("secrets file %s: not a regular file", file);
	expect_secret_err(s, "source his", "password", want);
	free(want);
	ck_assert_int_eq(rmdir(file), 0);

	/* malformed lines, never quoted back */
	free(put("secrets", "his_db " LEAK "\n", strlen("his_db " LEAK "\n"),
	    0600));
	want = xasprintf("%s:1: expected NAME = value", file);
	expect_secret_err(s, "source his", "password", want);
	free(want);

	free(put("secrets", "sm4 = x\n" LEAK "-x = y\n",
	    strlen("sm4 = x\n" LEAK "-x = y\n"), 0600));
	want = xasprintf("%s:2: expected NAME = value", file);
	expect_secret_err(s, "source his", "password", want);
	free(want);

	free(put("secrets", "his_db = \"" LEAK "\n",
	    strlen("his_db = \"" LEAK "\n"), 0600));
	want = xasprintf("%s:1: unterminated quoted value", file);
	expect_secret_err(s, "source his", "password", want);
	free(want);

	free(put("secrets", "his_db =\n", strlen("his_db =\n"), 0600));
	want = xasprintf("%s:1: empty value", file);
	expect_secret_err(s, "source his", "password", want);
	free(want);

	free(put("secrets", "his_db = " LEAK "\n\nhis_db = " LEAK "2\n",
	    strlen("his_db = " LEAK "\n\nhis_db = " LEAK "2\n"), 0600));
	want = xasprintf("%s:3: his_db: defined again (first at line 1)", file);
	expect_secret_err(s, "source his", "password", want);
	free(want);

	free(file);
	site_free(s);
}
END_TEST

START_TEST(test_secret_misuse)
{
	char *want;
	struct site *s;

	s = secret_setup(secret_site, secret_file, 0600);
	want = xasprintf("%s: [upload]: frontdb_password is not set", sitefile);
	expect_secret_err(s, "upload", "frontdb_password", want);
	free(want);
	want = xasprintf("%s:7: dsn: not a secret:NAME value", sitefile);
	expect_secret_err(s, "source his", "dsn", want);
	free(want);
	site_free(s);
}
END_TEST

START_TEST(test_keys_and_charset)
{
	char err[256];
	const char **keys;
	struct site *s;

	s = load(SITE "[source his]\ndriver = odbc\ncharset = GBK\n"
	    "[table patient_info]\nmap.sex = sex.csv\nsql = p.sql\n"
	    "count_sql = c.sql\n", err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_str_eq(site_get(s, "source his", "charset"), "GBK");
	ck_assert_uint_eq(site_keys(s, "table patient_info", &keys), 3);
	ck_assert_str_eq(keys[0], "map.sex");
	ck_assert_str_eq(keys[1], "sql");
	ck_assert_str_eq(keys[2], "count_sql");
	ck_assert_ptr_null(keys[3]);
	free(keys);
	ck_assert_uint_eq(site_keys(s, "table nosuch", &keys), 0);
	free(keys);
	site_free(s);
	s = load(SITE "[source his]\ndriver = odbc\n", err, sizeof(err));
	ck_assert_str_eq(site_get(s, "source his", "charset"), "UTF-8");
	site_free(s);
	expect_err(SITE "[source his]\ndriver = odbc\ncharset = latin1\n",
	    ":5: charset: expected one of UTF-8, GBK, GB18030");
}
END_TEST

static Suite *
site_suite(void)
{
	Suite *su = suite_create("site");
	TCase *tc = tcase_create("site");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_errors, 0,
	    sizeof(errcases) / sizeof(errcases[0]));
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_free_null);
	tcase_add_test(tc, test_example);
	tcase_add_test(tc, test_syntax);
	tcase_add_test(tc, test_defaults);
	tcase_add_loop_test(tc, test_durations, 0,
	    sizeof(durcases) / sizeof(durcases[0]));
	tcase_add_test(tc, test_seconds_unvalidated);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_manual_example);
	tcase_add_test(tc, test_secret_file);
	tcase_add_test(tc, test_secret_env);
	tcase_add_loop_test(tc, test_secret_mode, 0,
	    sizeof(modecases) / sizeof(modecases[0]));
	tcase_add_test(tc, test_secret_owner);
	tcase_add_test(tc, test_secret_not_found);
	tcase_add_test(tc, test_secret_bad_file);
	tcase_add_test(tc, test_secret_misuse);
	tcase_add_test(tc, test_keys_and_charset);
	suite_add_tcase(su, tc);
	return su;
}

UNIT_MAIN(site_suite)
