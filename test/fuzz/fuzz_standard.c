/*
 * fuzz_standard.c - libFuzzer harness for the standard loader. A small
 * standard is written once to a temporary directory (every rule of
 * rules.csv, two tables, one domain); each input becomes its fields.csv,
 * the file with the rule tokens, types and lengths to parse. A refusal
 * must name the directory and file; a standard that loads is linted and
 * its DDL generated. The sanitizers catch the rest.
 *
 *   make fuzz            (clang -fsanitize=fuzzer, seeds in standard/)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddl.h"
#include "standard.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char dir[4096];

static const char rules_csv[] =
    "rule,level,scope,description,example\n"
    "required,error,record,R01.,\ntype,error,record,R02.,\n"
    "length,error,record,R03.,\ndomain,error,record,R04.,\n"
    "pattern,warning,record,R05.,\nidcard,error,record,R06.,\n"
    "uscc,error,record,R07.,\nrange,error,record,R08.,\n"
    "when,error,record,R09.,\nge,warning,record,R10.,\n"
    "le,warning,record,R11.,\nunique,error,cross-record,R12.,\n"
    "ref,warning,cross-record,R13.,\nsum,warning,cross-record,R14.,\n"
    "volume,warning,table,R15.,\ntimeliness,warning,table,R16.,\n"
    "continuity,warning,table,R17.,\n";
static const char tables_csv[] =
    "table,name_zh,category,primary_key,business_date,daily,description\n"
    "t1,表一,master,org_code+code,update_time,N,one\n"
    "t2,表二,patient,org_code+id,when_at,Y,two\n";
static const char sex_csv[] = "code,name_zh,name_en\n1,男,male\n2,女,female\n";

static void
put(const char *name, const void *data, size_t len)
{
	char *path = path_join(dir, name);
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(data, 1, len, fp) != len || fclose(fp) != 0)
		abort();
	free(path);
}

static void
rm_dir(void)
{
	const char *f[] = { "rules.csv", "tables.csv", "fields.csv",
	    "domains/sex.csv" };
	char *path;
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		path = path_join(dir, f[i]);
		unlink(path);
		free(path);
	}
	path = path_join(dir, "domains");
	rmdir(path);
	free(path);
	rmdir(dir);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char *domains;

	snprintf(dir, sizeof(dir), "%s/fuzz_standard.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	domains = path_join(dir, "domains");
	if (mkdir(domains, 0700) == -1)
		abort();
	free(domains);
	put("rules.csv", rules_csv, sizeof(rules_csv) - 1);
	put("tables.csv", tables_csv, sizeof(tables_csv) - 1);
	put("domains/sex.csv", sex_csv, sizeof(sex_csv) - 1);
	atexit(rm_dir);
}

static void
quiet(void *arg, const char *file, unsigned long line, const char *msg)
{
	(void)arg;
	(void)file;
	(void)line;
	if (msg == NULL || *msg == '\0')
		abort();	/* every problem says what it is */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct standard *std;
	char err[1024];
	struct buf b;

	if (dir[0] == '\0')
		setup();
	put("fields.csv", data, size);
	err[0] = '\0';
	if ((std = std_load(dir, err, sizeof(err))) == NULL) {
		if (strncmp(err, dir, strlen(dir)) != 0)
			abort();
		return 0;
	}
	buf_init(&b);
	ddl_frontdb(&b, std, DDL_POSTGRES, 1);
	ddl_frontdb(&b, std, DDL_SQLITE, 0);
	buf_free(&b);
	std_free(std);
	(void)std_lint(dir, quiet, NULL);
	return 0;
}

#include "replay.h"
