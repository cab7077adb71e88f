/*
 * gen.c - a fast deterministic generator of standard CSV for benchmarks.
 *
 *   gen [-n ROWS] [-s SEED] [-b PERMILLE] [-d LASTDAY] [-D DAYS]
 *       [-m DOMAIN=FILE]... [--standard DIR] TABLE
 *
 * Writes TABLE's header and ROWS rows to stdout: every field by its type,
 * length, scale, domain and rule tokens (uscc, idcard, range, ge/le,
 * pattern, unique keys), business dates over the DAYS days up to LASTDAY.
 * A domain given with -m takes its values from the local_code column of
 * FILE (a mapping file, local_code,std_code[,local_name]), so that hdx-map
 * has work to do; other domains take the standard's codes. PERMILLE rows
 * in a thousand (default 15) carry one defect of the kind a HIS produces:
 * a required value missing, an impossible date, an unmapped local code, a
 * wrong ID-card check character, a decimal beyond the field's scale. The
 * same arguments always give the same bytes.
 */
#include <err.h>
#include <getopt.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "standard.h"
#include "util.h"

#define ORG_CODE	"124115004170483179"

enum gkind {
	G_ORG, G_SERIAL, G_REFID, G_IDCARD, G_DOMAIN, G_LOCAL, G_DATE,
	G_DATETIME, G_UPDATE, G_INT, G_DEC, G_NAME, G_CODE, G_TEXT, G_PATTERN,
	G_UNIT, G_REFRANGE, G_RESULT, G_PHONE
};

struct gfield {
	const struct std_field *f;
	enum gkind	 kind;
	char		 prefix[4];
	long		 lo, hi;	/* I, N integer part; S code digits */
	int		 ge;		/* index of a ge: field, -1 */
	int		 le;
	int		 pat;		/* pattern shape, see pattern_shape() */
	char		**codes;	/* G_DOMAIN, G_LOCAL */
	size_t		 ncodes;
};

static uint64_t rng;

static inline uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static inline long
rnd_in(long lo, long hi)
{
	return lo + (long)(rnd() % (uint64_t)(hi - lo + 1));
}

static char	 out[1 << 20];
static size_t	 outlen;

static inline void
emit(const char *s, size_t n)
{
	if (outlen + n > sizeof(out)) {
		if (fwrite(out, 1, outlen, stdout) != outlen)
			err(4, "stdout");
		outlen = 0;
	}
	memcpy(out + outlen, s, n);
	outlen += n;
}

static inline void
emits(const char *s)
{
	emit(s, strlen(s));
}

/* Unsigned decimal, zero-padded to width (0: none); returns length. */
static inline size_t
fmt_u(char *p, unsigned long v, int width)
{
	char t[24];
	size_t n = 0, i;

	do {
		t[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while ((int)n < width)
		t[n++] = '0';
	for (i = 0; i < n; i++)
		p[i] = t[n - 1 - i];
	return n;
}

/* Days since 1970-01-01 to y, m, d (proleptic Gregorian). */
static void
civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static long
days_from(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static size_t
fmt_date(char *p, long day)
{
	int y, m, d;

	civil(day, &y, &m, &d);
	fmt_u(p, y, 4);
	p[4] = '-';
	fmt_u(p + 5, m, 2);
	p[7] = '-';
	fmt_u(p + 8, d, 2);
	return 10;
}

static size_t
fmt_datetime(char *p, long day, long sec)
{
	fmt_date(p, day);
	p[10] = ' ';
	fmt_u(p + 11, sec / 3600, 2);
	p[13] = ':';
	fmt_u(p + 14, sec / 60 % 60, 2);
	p[16] = ':';
	fmt_u(p + 17, sec % 60, 2);
	return 19;
}

static void
read_codes(const char *path, char ***codes, size_t *n)
{
	FILE *fp;
	char line[1024], *c;
	size_t cap = 0;

	if ((fp = fopen(path, "r")) == NULL)
		err(4, "%s", path);
	*codes = NULL;
	*n = 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if ((c = strchr(line, ',')) == NULL)
			continue;
		*c = '\0';
		if (strcmp(line, "local_code") == 0 || *line == '\0')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*codes = xreallocarray(*codes, cap, sizeof(char *));
		}
		(*codes)[(*n)++] = xstrdup(line);
	}
	if (ferror(fp))
		err(4, "%s", path);
	fclose(fp);
	if (*n == 0)
		errx(3, "%s: no local codes", path);
}

static const struct std_token *
token(const struct std_field *f, enum rule_kind k)
{
	size_t i;

	for (i = 0; i < f->ntokens; i++)
		if (f->token[i].rule->kind == k)
			return &f->token[i];
	return NULL;
}

static int
ends(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Sample shapes tried against a pattern: the first that matches wins. */
static size_t
pattern_sample(int shape, char *p)
{
	size_t n = 0;
	int i;

	switch (shape) {
	case 0:		/* LOINC-like 12345-6 */
		n = fmt_u(p, rnd_in(1000, 99999), 0);
		p[n++] = '-';
		p[n++] = '0' + rnd() % 10;
		break;
	case 1:		/* mobile number */
		p[n++] = '1';
		p[n++] = '3' + rnd() % 7;
		n += fmt_u(p + n, rnd() % 1000000000, 9);
		break;
	case 2:		/* postcode */
		n = fmt_u(p, rnd_in(100000, 999999), 0);
		break;
	case 3:		/* ICD-10-like A01.234 */
		p[n++] = 'A' + rnd() % 26;
		n += fmt_u(p + n, rnd() % 100, 2);
		p[n++] = '.';
		n += fmt_u(p + n, rnd() % 1000, 3);
		break;
	default:
		for (i = 0; i < 8; i++)
			p[n++] = '0' + rnd() % 10;
	}
	return n;
}

static int
pattern_shape(const struct std_token *t)
{
	char buf[64];
	size_t n;
	int s, k, ok;

	for (s = 0; s < 5; s++) {
		for (ok = 1, k = 0; k < 8 && ok; k++) {
			n = pattern_sample(s, buf);
			buf[n] = '\0';
			ok = regexec(&t->re, buf, 0, NULL, 0) == 0;
		}
		if (ok)
			return s;
	}
	return -1;
}

static const char *item_names[] = {
	"阿莫西林胶囊", "头孢克肟分散片", "血常规检查", "静脉输液",
	"葡萄糖注射液", "一次性注射器", "普通挂号费", "胸部正位片",
	"布洛芬缓释胶囊", "肝功能十一项", "氯化钠注射液", "彩色多普勒超声",
	"复方甘草片", "尿常规", "心电图检查", "换药（小）",
};
static const char *units[] = {
	"mmol/L", "g/L", "U/L", "10^9/L", "%", "umol/L", "mg/dL", "pg",
};

static void
plan(struct gfield *g, const struct std_table *t, size_t nmap,
    char **mapdom, char **mapfile)
{
	const struct std_field *f;
	const struct std_token *tk;
	const char *n;
	size_t i, j, k;

	for (i = 0; i < t->nfields; i++) {
		f = &t->field[i];
		n = f->name;
		g[i].f = f;
		g[i].ge = g[i].le = -1;
		g[i].lo = 0;
		g[i].hi = 999;
		for (j = k = 0; n[j] && k < 2; j++)
			if (j == 0 || n[j - 1] == '_')
				g[i].prefix[k++] = n[j] & ~0x20;
		g[i].prefix[k] = '\0';
		if ((tk = token(f, RULE_GE)) != NULL)
			g[i].ge = tk->field;
		if ((tk = token(f, RULE_LE)) != NULL)
			g[i].le = tk->field;
		if (token(f, RULE_USCC) != NULL || strcmp(n, "org_code") == 0)
			g[i].kind = G_ORG;
		else if (f->in_key && token(f, RULE_UNIQUE) != NULL)
			g[i].kind = G_SERIAL;
		else if (token(f, RULE_IDCARD) != NULL)
			g[i].kind = G_IDCARD;
		else if (f->domain != NULL) {
			g[i].kind = G_DOMAIN;
			g[i].codes = f->domain->code;
			g[i].ncodes = f->domain->ncodes;
			for (k = 0; k < nmap; k++)
				if (strcmp(mapdom[k], f->domain->name) == 0) {
					g[i].kind = G_LOCAL;
					read_codes(mapfile[k], &g[i].codes,
					    &g[i].ncodes);
				}
		} else if (f->type == STD_D)
			g[i].kind = G_DATE;
		else if (f->type == STD_DT)
			g[i].kind = strcmp(n, "update_time") == 0 ?
			    G_UPDATE : G_DATETIME;
		else if (f->type == STD_I || f->type == STD_N) {
			g[i].kind = f->type == STD_I ? G_INT : G_DEC;
			if ((tk = token(f, RULE_RANGE)) != NULL) {
				if (tk->lo.set)
					g[i].lo = (long)tk->lo.num;
				if (tk->hi.set && tk->hi.num < 1e9)
					g[i].hi = (long)tk->hi.num;
			}
			if (g[i].hi > 9999)
				g[i].hi = 9999;
			if (g[i].lo < 0 || g[i].lo > g[i].hi)
				g[i].lo = 0;
			if (f->type == STD_I && f->length > 0 && f->length < 4)
				g[i].hi = g[i].hi < 99 ? g[i].hi : 99;
		} else if ((tk = token(f, RULE_PATTERN)) != NULL) {
			g[i].kind = G_PATTERN;
			g[i].pat = pattern_shape(tk);
		} else if (ends(n, "_name"))
			g[i].kind = G_NAME;
		else if (ends(n, "_unit") || strcmp(n, "unit") == 0)
			g[i].kind = G_UNIT;
		else if (strstr(n, "reference_range") != NULL)
			g[i].kind = G_REFRANGE;
		else if (strstr(n, "result_value") != NULL)
			g[i].kind = G_RESULT;
		else if (strstr(n, "phone") != NULL)
			g[i].kind = G_PHONE;
		else if (ends(n, "_id") || ends(n, "_no") || ends(n, "_code"))
			g[i].kind = f->in_key ? G_REFID : G_CODE;
		else
			g[i].kind = G_TEXT;
	}
}

/* A GB 11643 number of someone born between 1940 and 2020. */
static size_t
idcard(char *p, int bad)
{
	static const char *areas[] = { "411502", "410105", "110101",
	    "440305", "320102" };
	int y, m, d;

	memcpy(p, areas[rnd() % 5], 6);
	civil(rnd_in(days_from(1940, 1, 1), days_from(2020, 12, 31)), &y, &m,
	    &d);
	fmt_u(p + 6, y, 4);
	fmt_u(p + 10, m, 2);
	fmt_u(p + 12, d, 2);
	fmt_u(p + 14, rnd() % 1000, 3);
	p[17] = idcard_check_char(p);
	if (bad)
		p[17] = p[17] == '0' ? '1' : '0';
	return 18;
}

enum defect { D_NONE, D_EMPTY, D_DATE, D_UNMAPPED, D_IDCARD, D_SCALE };

static size_t
value(char *p, const struct gfield *g, unsigned long row, long day,
    long sec, const long *num, enum defect bad)
{
	const struct std_field *f = g->f;
	const char *s;
	size_t n = 0;
	long v;
	int i;

	switch (g->kind) {
	case G_ORG:
		memcpy(p, ORG_CODE, 18);
		return 18;
	case G_SERIAL:
		memcpy(p, g->prefix, strlen(g->prefix));
		n = strlen(g->prefix);
		return n + fmt_u(p + n, row, 10);
	case G_REFID:
	case G_CODE:
		memcpy(p, g->prefix, strlen(g->prefix));
		n = strlen(g->prefix);
		v = f->length > 0 && f->length - (int)n < 8 ?
		    f->length - (int)n : 8;
		if (v <= 0)
			return fmt_u(p, rnd() % 10, 0);
		return n + fmt_u(p + n, rnd() % (v >= 6 ? 200000 : 10), v >= 6 ?
		    6 : 1);
	case G_IDCARD:
		return idcard(p, bad == D_IDCARD);
	case G_DOMAIN:
	case G_LOCAL:
		if (bad == D_UNMAPPED) {
			memcpy(p, "QQ", 2);
			return f->length == 1 ? 1 : 2;
		}
		if (g->ncodes == 2 && rnd() % 100 < 98)	/* mostly valid, no refund */
			s = g->codes[g->kind == G_DOMAIN &&
			    strcmp(f->domain->name, "valid_flag") == 0];
		else
			s = g->codes[rnd() % g->ncodes];
		n = strlen(s);
		memcpy(p, s, n);
		return n;
	case G_DATE:
		if (bad == D_DATE) {
			memcpy(p, "2026-13-45", 10);
			return 10;
		}
		return fmt_date(p, day - (long)(rnd() % 3));
	case G_DATETIME:
	case G_UPDATE:
		if (bad == D_DATE) {
			memcpy(p, "2026-13-45 10:00:00", 19);
			return 19;
		}
		v = sec + (g->kind == G_UPDATE ? 60 + (long)(rnd() % 600) : 0);
		return fmt_datetime(p, day + v / 86400, v % 86400);
	case G_INT:
		return fmt_u(p, num[0], 0);
	case G_DEC:
		n = fmt_u(p, num[0], 0);
		if (f->scale > 0) {
			p[n++] = '.';
			n += fmt_u(p + n, num[1], f->scale);
			if (bad == D_SCALE)
				p[n++] = '5';
		}
		return n;
	case G_NAME:
		s = item_names[rnd() % (sizeof(item_names) /
		    sizeof(item_names[0]))];
		n = strlen(s);
		if (f->length > 0 && (int)utf8_len(s, n) > f->length)
			n = 0;
		memcpy(p, s, n);
		return n;
	case G_UNIT:
		s = units[rnd() % (sizeof(units) / sizeof(units[0]))];
		memcpy(p, s, strlen(s));
		return strlen(s);
	case G_REFRANGE:
		memcpy(p, "3.50-5.50", 9);
		return 9;
	case G_RESULT:
		n = fmt_u(p, rnd() % 100, 0);
		p[n++] = '.';
		return n + fmt_u(p + n, rnd() % 100, 2);
	case G_PATTERN:
		if (g->pat < 0)
			return 0;
		return pattern_sample(g->pat, p);
	case G_PHONE:
		return pattern_sample(1, p);
	case G_TEXT:
		i = f->length > 0 && f->length < 12 ? f->length : 12;
		for (n = 0; n < (size_t)i; n++)
			p[n] = 'a' + rnd() % 26;
		return n;
	}
	return 0;
}

/* The integer and fractional parts of a number for field i. */
static void
number(const struct gfield *g, const long (*nums)[2], long *num)
{
	const struct std_field *f = g->f;
	long ilim = 1, flim = 1;
	int k;

	for (k = 0; k < f->scale; k++)
		flim *= 10;
	if (f->type == STD_N && f->length > f->scale) {
		for (k = 0; k < f->length - f->scale && ilim < 100000; k++)
			ilim *= 10;
	} else
		ilim = 1000000;
	num[0] = rnd_in(g->lo, g->hi < ilim - 1 ? g->hi : ilim - 1);
	num[1] = f->scale > 0 ? (long)(rnd() % (uint64_t)flim) : 0;
	if (g->ge >= 0) {	/* greater than or equal to the other */
		num[0] = nums[g->ge][0] + rnd() % 50;
		num[1] = nums[g->ge][1];
	} else if (g->le >= 0) {
		num[0] = nums[g->le][0] > 0 ? nums[g->le][0] - 1 : 0;
		num[1] = 0;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen [-n ROWS] [-s SEED] [-b PERMILLE] "
	    "[-d LASTDAY] [-D DAYS]\n"
	    "           [-m DOMAIN=FILE]... [--standard DIR] TABLE\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "standard", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	const char *stddir = NULL, *lastday = "2026-10-28";
	char errbuf[1024], *mapdom[64], *mapfile[64], *e, rec[8192], *p;
	unsigned long rows = 1000, seed = 1, permille = 15, row;
	struct standard *std;
	const struct std_table *t;
	struct gfield *g;
	long (*nums)[2], last, day, sec;
	size_t nmap = 0, i, n, nreq, *req;
	int ch, days = 30, y, m, d;
	enum defect bad, *defects;
	size_t nd;

	while ((ch = getopt_long(argc, argv, "b:D:d:m:n:s:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b': permille = strtoul(optarg, NULL, 10); break;
		case 'D': days = atoi(optarg); break;
		case 'd': lastday = optarg; break;
		case 'm':
			if (nmap == 64 || (e = strchr(optarg, '=')) == NULL)
				usage();
			mapdom[nmap] = xstrndup(optarg, e - optarg);
			mapfile[nmap++] = e + 1;
			break;
		case 'n': rows = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoul(optarg, NULL, 10); break;
		case 'S': stddir = optarg; break;
		default: usage();
		}
	}
	if (argc - optind != 1 || days < 1 ||
	    sscanf(lastday, "%4d-%2d-%2d", &y, &m, &d) != 3)
		usage();
	if (stddir == NULL)
		stddir = std_default_dir();
	if ((std = std_load(stddir, errbuf, sizeof(errbuf))) == NULL)
		errx(3, "%s", errbuf);
	if ((t = std_table(std, argv[optind])) == NULL)
		errx(2, "%s: no such table in the standard", argv[optind]);
	last = days_from(y, m, d);
	g = xcalloc(t->nfields, sizeof(*g));
	nums = xcalloc(t->nfields, sizeof(*nums));
	req = xcalloc(t->nfields, sizeof(*req));
	defects = xcalloc(t->nfields, sizeof(*defects));
	plan(g, t, nmap, mapdom, mapfile);
	for (i = nreq = 0; i < t->nfields; i++)
		if (t->field[i].required == REQ_YES && !t->field[i].in_key)
			req[nreq++] = i;

	for (i = 0; i < t->nfields; i++) {
		if (i)
			emit(",", 1);
		emits(t->field[i].name);
	}
	emit("\n", 1);
	for (row = 1; row <= rows; row++) {
		rng = (seed * 0x9E3779B97F4A7C15ULL) ^ (row * 0xBF58476D1CE4E5B9ULL);
		rng = rng ? rng : 1;
		(void)rnd();
		day = last - (long)((row - 1) * (unsigned long)days / rows);
		sec = 6 * 3600 + (long)(rnd() % (16 * 3600));
		memset(defects, 0, t->nfields * sizeof(*defects));
		if (rnd() % 1000 < permille) {
			/* one defect, in a field it fits */
			for (nd = 0; nd < 8; nd++) {
				i = rnd() % t->nfields;
				bad = D_NONE;
				switch (g[i].kind) {
				case G_DOMAIN: case G_LOCAL:
					bad = D_UNMAPPED; break;
				case G_DATE: case G_DATETIME:
					bad = D_DATE; break;
				case G_IDCARD:
					bad = D_IDCARD; break;
				case G_DEC:
					bad = g[i].f->scale ? D_SCALE : D_NONE;
					break;
				default: break;
				}
				if (bad == D_NONE && nreq > 0) {
					i = req[rnd() % nreq];
					bad = D_EMPTY;
				}
				if (bad != D_NONE) {
					defects[i] = bad;
					break;
				}
			}
		}
		p = rec;
		for (i = 0; i < t->nfields; i++) {
			if (i)
				*p++ = ',';
			if (g[i].kind == G_INT || g[i].kind == G_DEC)
				number(&g[i], (const long (*)[2])nums, nums[i]);
			if (defects[i] == D_EMPTY)
				continue;
			n = value(p, &g[i], row, day, sec, nums[i], defects[i]);
			p += n;
		}
		*p++ = '\n';
		emit(rec, p - rec);
	}
	if (fwrite(out, 1, outlen, stdout) != outlen || fflush(stdout) == EOF)
		err(4, "stdout");
	std_free(std);
	return 0;
}
