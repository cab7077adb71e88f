/*
 * site.c - the site file of hdx-site(5): its parser, the schema it is
 * checked against, and the resolution of secret:NAME values.
 *
 * The file is read once into a flat array of sections and one of
 * entries; one hash map finds a section by its id ("table patient_info"),
 * another an entry by section id and key. Every value is checked against
 * the schema at load, so the getters trust what they hand out.
 *
 * No message ever quotes a value: a value may be a password typed where
 * it does not belong, and messages end up in logs and mails.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "hmap.h"
#include "site.h"
#include "util.h"

enum vtype {
	V_STR,		/* any text, even empty */
	V_PATH,		/* relative to the site file's directory */
	V_ENUM,		/* one of choices */
	V_INT,		/* a decimal integer >= 0 */
	V_DUR,		/* N, Ns, Nm, Nh */
	V_CLOCK,	/* HH:MM */
	V_ORG,		/* the 18-character unified social credit code */
	V_SECRET,	/* secret:NAME */
	V_DSN,		/* a connection string without a password */
	V_FRONTDB,	/* a libpq conninfo, or odbc: and an ODBC string */
	V_URL,		/* http:// or https:// */
	V_UNMAPPED,	/* reject | default:CODE */
	V_SOURCE	/* the NAME of a [source NAME] */
};

struct keydef {
	const char	*key;		/* "map.*": map. and a field */
	enum vtype	 type;
	const char *const *choices;	/* V_ENUM */
	const char	*def;		/* site_get() when unset */
	const char	*pwkey;		/* V_DSN, V_FRONTDB: its password */
	int		 required;
};

static const char *const drivers[] = { "odbc", "pg", NULL };
static const char *const channels[] = { "frontdb", "http", NULL };
static const char *const policies[] = { "hold", "send", NULL };
static const char *const yesno[] = { "yes", "no", NULL };
static const char *const charsets[] = { "UTF-8", "GBK", "GB18030", NULL };

static const struct keydef site_section_keys[] = {
	{ .key = "org_code", .type = V_ORG, .required = 1 },
	{ .key = "name", .type = V_STR },
	{ .key = "standard", .type = V_PATH },
	{ .key = "state_dir", .type = V_PATH },
	{ .key = "staging_dir", .type = V_PATH },
	{ .key = "log_dir", .type = V_PATH },
	{ .key = "mapping_dir", .type = V_PATH },
	{ .key = "sql_dir", .type = V_PATH },
	{ .key = "secrets", .type = V_PATH },
	{ .key = "policy", .type = V_ENUM, .choices = policies },
	{ .key = "lookback", .type = V_DUR, .def = "10m" },
	{ .key = "retention_days", .type = V_INT, .def = "15" },
	{ .key = "shared_lookback_days", .type = V_INT, .def = "30" },
	{ .key = NULL }
};

static const struct keydef source_keys[] = {
	{ .key = "driver", .type = V_ENUM, .choices = drivers, .required = 1 },
	{ .key = "dsn", .type = V_DSN, .pwkey = "password" },
	{ .key = "password", .type = V_SECRET },
	{ .key = "fetch_size", .type = V_INT },
	{ .key = "charset", .type = V_ENUM, .choices = charsets, .def = "UTF-8" },
	{ .key = NULL }
};

static const struct keydef table_keys[] = {
	{ .key = "source", .type = V_SOURCE },
	{ .key = "sql", .type = V_PATH },
	{ .key = "count_sql", .type = V_PATH },
	{ .key = "channel", .type = V_ENUM, .choices = channels },
	{ .key = "map.*", .type = V_PATH },
	{ .key = NULL }
};

static const struct keydef upload_keys[] = {
	{ .key = "channel", .type = V_ENUM, .choices = channels },
	{ .key = "frontdb", .type = V_FRONTDB, .pwkey = "frontdb_password" },
	{ .key = "frontdb_password", .type = V_SECRET },
	{ .key = "url", .type = V_URL },
	{ .key = "cacert", .type = V_PATH },
	{ .key = "secret", .type = V_SECRET },
	{ .key = "sm4_key", .type = V_SECRET },
	{ .key = "connect_timeout", .type = V_DUR },
	{ .key = "timeout", .type = V_DUR },
	{ .key = "give_up", .type = V_CLOCK },
	{ .key = "max_attempts", .type = V_INT },
	{ .key = "batch_records", .type = V_INT },
	{ .key = "parallel", .type = V_INT },
	{ .key = NULL }
};

static const struct keydef map_keys[] = {
	{ .key = "file", .type = V_PATH },
	{ .key = "unmapped", .type = V_UNMAPPED },
	{ .key = "passthrough", .type = V_ENUM, .choices = yesno },
	{ .key = "fold", .type = V_ENUM, .choices = yesno },
	{ .key = NULL }
};

enum { K_SITE, K_SOURCE, K_TABLE, K_UPLOAD, K_MAP, NKINDS };

struct kinddef {
	const char	*kind;
	int		 named;		/* [kind NAME], not [kind] */
	const struct keydef *keys;
};

static const struct kinddef kinds[NKINDS] = {
	[K_SITE] = { "site", 0, site_section_keys },
	[K_SOURCE] = { "source", 1, source_keys },
	[K_TABLE] = { "table", 1, table_keys },
	[K_UPLOAD] = { "upload", 0, upload_keys },
	[K_MAP] = { "map", 1, map_keys },
};

struct section {
	int		 kind;		/* index into kinds */
	char		*id;		/* "site", "table patient_info" */
	const char	*name;		/* in id after the space, or NULL */
	unsigned long	 line;
};

struct entry {
	const struct keydef *def;
	size_t		 sec;		/* index of its section */
	char		*key;
	char		*value;
	unsigned long	 line;
};

struct site {
	char		*path;
	char		*dir;
	struct section	*sec;
	size_t		 nsec, capsec;
	struct entry	*ent;
	size_t		 nent, capent;
	struct hmap	*sections;	/* id -> index + 1 */
	struct hmap	*entries;	/* id NUL key -> index + 1 */
	const char	**names[NKINDS]; /* NULL-terminated, file order */
	size_t		 nnames[NKINDS];
};

struct parser {
	struct site	*site;
	const char	*path;
	unsigned long	 lineno;
	size_t		 cur;		/* section + 1; 0 before any */
	char		*err;
	size_t		 errlen;
};

#define SECRET_PREFIX	"secret:"
#define SECRET_PLEN	(sizeof(SECRET_PREFIX) - 1)

/* "PATH:LINE: " and the message, for the line being parsed. */
static int __attribute__((format(printf, 2, 3)))
perr(const struct parser *p, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	seterr(p->err, p->errlen, "%s:%lu: %s", p->path, p->lineno, msg);
	return -1;
}

static int
isblank_c(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trims s in place; the result points into s. */
static char *
trim(char *s)
{
	size_t n;

	while (isblank_c((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isblank_c((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int
isalnum_c(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* Whether s is a non-empty run of ASCII letters, digits and extra. */
static int
is_word(const char *s, const char *extra)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isalnum_c((unsigned char)*s) && strchr(extra, *s) == NULL)
			return 0;
	return 1;
}

static int
is_secret_ref(const char *v)
{
	return strncmp(v, SECRET_PREFIX, SECRET_PLEN) == 0 &&
	    is_word(v + SECRET_PLEN, "_");
}

/*
 * Removes the double quotes of v and their escapes, in place. Returns
 * NULL, or what is wrong (never quoting v).
 */
static const char *
unquote(char *v)
{
	size_t i, j = 0;

	if (v[0] != '"')
		return NULL;
	for (i = 1; v[i] != '"'; i++) {
		if (v[i] == '\0')
			return "unterminated quoted value";
		if (v[i] == '\\') {
			i++;
			if (v[i] == '\0')
				return "unterminated quoted value";
			if (v[i] != '"' && v[i] != '\\')
				return "unknown escape in quoted value "
				    "(only \\\" and \\\\)";
		}
		v[j++] = v[i];
	}
	if (v[i + 1] != '\0')
		return "text after the closing quote";
	v[j] = '\0';
	return NULL;
}

/* Reads the digits at *sp into *n, refusing more than max. */
static int
parse_digits(const char **sp, long max, long *n)
{
	const char *s = *sp;

	if (*s < '0' || *s > '9')
		return -1;
	for (*n = 0; *s >= '0' && *s <= '9'; s++) {
		if (*n > (max - (*s - '0')) / 10)
			return -1;
		*n = *n * 10 + (*s - '0');
	}
	*sp = s;
	return 0;
}

static int
parse_int(const char *s, long *n)
{
	return parse_digits(&s, LONG_MAX, n) == -1 || *s != '\0' ? -1 : 0;
}

static int
parse_duration(const char *s, long *n)
{
	long mult;

	if (parse_digits(&s, LONG_MAX, n) == -1)
		return -1;
	if (strcmp(s, "") == 0 || strcmp(s, "s") == 0)
		mult = 1;
	else if (strcmp(s, "m") == 0)
		mult = 60;
	else if (strcmp(s, "h") == 0)
		mult = 3600;
	else
		return -1;
	if (*n > LONG_MAX / mult)
		return -1;
	*n *= mult;
	return 0;
}

static int
parse_clock(const char *s)
{
	long h, m;

	if (strlen(s) != 5 || s[2] != ':' || parse_digits(&s, 99, &h) == -1 ||
	    *s++ != ':' || parse_digits(&s, 99, &m) == -1 || *s != '\0')
		return -1;
	return h < 24 && m < 60 ? 0 : -1;
}

static int
parse_org(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if ((s[i] < '0' || s[i] > '9') && (s[i] < 'A' || s[i] > 'Z'))
			return -1;
	return i == 18 ? 0 : -1;
}

/*
 * Whether a connection string carries a password: an ODBC PWD= or
 * PASSWORD=, a libpq password=, a URI's user:password@ or ?password=.
 * Such a string would put the secret in a file that is copied around
 * and read aloud on the phone.
 */
static int
has_password(const char *s)
{
	const char *p, *q, *at;
	size_t n;

	for (p = s; *p; p++) {
		/* keys start a string or follow ; (ODBC), a blank (libpq)
		 * or ? and & (a URI's parameters) */
		if (p != s && strchr(";?&", p[-1]) == NULL &&
		    !isblank_c((unsigned char)p[-1]))
			continue;
		if (strncasecmp(p, "password", 8) == 0)
			q = p + 8;
		else if (strncasecmp(p, "pwd", 3) == 0)
			q = p + 3;
		else
			continue;
		while (isblank_c((unsigned char)*q))
			q++;
		if (*q == '=')
			return 1;
	}
	if ((p = strstr(s, "://")) == NULL)
		return 0;
	p += 3;
	n = strcspn(p, "/?#");
	if ((at = memchr(p, '@', n)) == NULL)
		return 0;
	return memchr(p, ':', (size_t)(at - p)) != NULL;
}

static int
in_list(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

static int
err_choices(const struct parser *p, const char *key, const char *const *list)
{
	struct buf b;
	int rc;

	buf_init(&b);
	for (; *list; list++)
		buf_printf(&b, "%s%s", b.len ? ", " : "", *list);
	rc = perr(p, "%s: expected one of %s", key, b.data);
	buf_free(&b);
	return rc;
}

static int
err_secret(const struct parser *p, const char *key, const char *where)
{
	return perr(p, "%s: secrets are not written in the site file; "
	    "use %s (hdx-site(5))", key, where);
}

static int
check_conn(const struct parser *p, const struct keydef *def, const char *v)
{
	char where[64];

	if (def->type == V_FRONTDB && strncmp(v, "odbc:", 5) == 0) {
		v += 5;
		if (*v == '\0')
			return perr(p, "%s: odbc: needs an ODBC connection "
			    "string", def->key);
	}
	if (!has_password(v))
		return 0;
	snprintf(where, sizeof(where), "%s = secret:NAME", def->pwkey);
	return err_secret(p, def->key, where);
}

static int
check_url(const struct parser *p, const char *key, const char *v)
{
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		return perr(p, "%s: expected http://HOST... or https://HOST...",
		    key);
	if (has_password(v))
		return err_secret(p, key, "a URL without user:password@");
	return 0;
}

/* Checks a value against its key's type (the V_SOURCE reference waits
 * for the end of the file: sources may follow the tables). */
static int
check_value(const struct parser *p, const struct keydef *def,
    const char *key, const char *v)
{
	long n;

	if (*v == '\0' && def->type != V_STR)
		return perr(p, "%s: empty value", key);
	switch (def->type) {
	case V_STR:
	case V_PATH:
		return 0;
	case V_ENUM:
		return in_list(v, def->choices) ? 0 :
		    err_choices(p, key, def->choices);
	case V_INT:
		return parse_int(v, &n) == 0 ? 0 :
		    perr(p, "%s: expected a whole number", key);
	case V_DUR:
		return parse_duration(v, &n) == 0 ? 0 :
		    perr(p, "%s: expected a duration: N or Ns (seconds), "
		    "Nm (minutes), Nh (hours)", key);
	case V_CLOCK:
		return parse_clock(v) == 0 ? 0 :
		    perr(p, "%s: expected HH:MM, 00:00 to 23:59", key);
	case V_ORG:
		return parse_org(v) == 0 ? 0 :
		    perr(p, "%s: expected 18 digits and capital letters "
		    "(the unified social credit code)", key);
	case V_SECRET:
		if (strncmp(v, SECRET_PREFIX, SECRET_PLEN) != 0)
			return err_secret(p, key, "secret:NAME");
		return is_secret_ref(v) ? 0 : perr(p, "%s: the NAME of "
		    "secret:NAME is letters, digits and _", key);
	case V_DSN:
	case V_FRONTDB:
		return check_conn(p, def, v);
	case V_URL:
		return check_url(p, key, v);
	case V_UNMAPPED:
		if (strcmp(v, "reject") == 0 ||
		    (strncmp(v, "default:", 8) == 0 && v[8] != '\0'))
			return 0;
		return perr(p, "%s: expected one of reject, default:CODE", key);
	case V_SOURCE:
		return is_word(v, "_.-") ? 0 :
		    perr(p, "%s: expected the NAME of a [source NAME]", key);
	}
	return 0;
}

static const struct keydef *
find_key(int kind, const char *key)
{
	const struct keydef *d;
	size_t n;

	for (d = kinds[kind].keys; d->key; d++) {
		n = strlen(d->key);
		if (d->key[n - 1] == '*') {
			if (strncmp(key, d->key, n - 1) == 0 &&
			    is_word(key + n - 1, "_"))
				return d;
		} else if (strcmp(key, d->key) == 0)
			return d;
	}
	return NULL;
}

static int
find_kind(const char *kind)
{
	int k;

	for (k = 0; k < NKINDS; k++)
		if (strcmp(kind, kinds[k].kind) == 0)
			return k;
	return -1;
}

static void *
as_slot(size_t i)
{
	return (void *)(uintptr_t)(i + 1);
}

static const struct section *
find_section(const struct site *s, const char *id)
{
	void **v = hmap_get(s->sections, id, strlen(id));

	return v ? &s->sec[(uintptr_t)*v - 1] : NULL;
}

/* The key of an entry in s->entries: section id, NUL, key. */
static void
entry_key(struct buf *b, const char *id, const char *key)
{
	buf_add(b, id, strlen(id) + 1);
	buf_adds(b, key);
}

static const struct entry *
find_entry(const struct site *s, const char *id, const char *key)
{
	struct buf b;
	void **v;

	buf_init(&b);
	entry_key(&b, id, key);
	v = hmap_get(s->entries, b.data, b.len);
	buf_free(&b);
	return v ? &s->ent[(uintptr_t)*v - 1] : NULL;
}

static void
add_section(struct site *s, int kind, char *id, unsigned long line)
{
	struct section *sec;

	if (s->nsec == s->capsec) {
		s->capsec = s->capsec ? s->capsec * 2 : 8;
		s->sec = xreallocarray(s->sec, s->capsec, sizeof(*s->sec));
	}
	sec = &s->sec[s->nsec++];
	sec->kind = kind;
	sec->id = id;
	sec->name = kinds[kind].named ? id + strlen(kinds[kind].kind) + 1 :
	    NULL;
	sec->line = line;
}

static void
add_entry(struct site *s, size_t sec, const struct keydef *def,
    const char *key, const char *value, unsigned long line)
{
	struct entry *e;

	if (s->nent == s->capent) {
		s->capent = s->capent ? s->capent * 2 : 32;
		s->ent = xreallocarray(s->ent, s->capent, sizeof(*s->ent));
	}
	e = &s->ent[s->nent++];
	e->sec = sec;
	e->def = def;
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	e->line = line;
}

/* Splits "[kind NAME]" (s starts with '[') into kind and name, in place. */
static int
split_header(const struct parser *p, char *s, char **kind, char **name)
{
	size_t n = strlen(s);

	*kind = *name = s;
	if (s[n - 1] != ']')
		return perr(p, "expected ] at the end of the section header");
	s[n - 1] = '\0';
	*kind = trim(s + 1);
	if (**kind == '\0')
		return perr(p, "empty section header");
	*name = *kind + strcspn(*kind, " \t");
	if (**name != '\0') {
		*(*name)++ = '\0';
		*name = trim(*name);
	}
	return 0;
}

static int
parse_header(struct parser *p, char *s)
{
	struct site *st = p->site;
	const struct section *first;
	char *kind, *name, *id;
	int k;

	if (split_header(p, s, &kind, &name) == -1)
		return -1;
	if ((k = find_kind(kind)) == -1)
		return perr(p, "unknown section kind %s; expected one of "
		    "site, source, table, upload, map", kind);
	if (kinds[k].named && *name == '\0')
		return perr(p, "[%s] needs a name: [%s NAME]", kind, kind);
	if (!kinds[k].named && *name != '\0')
		return perr(p, "[%s] takes no name", kind);
	if (kinds[k].named && !is_word(name, "_.-"))
		return perr(p, "[%s %s]: a name is letters, digits, _, . and -",
		    kind, name);
	id = kinds[k].named ? xasprintf("%s %s", kind, name) : xstrdup(kind);
	if ((first = find_section(st, id)) != NULL) {
		free(id);
		return perr(p, "duplicate section [%s] (first at line %lu)",
		    first->id, first->line);
	}
	add_section(st, k, id, p->lineno);
	*hmap_put(st->sections, id, strlen(id), NULL) = as_slot(st->nsec - 1);
	p->cur = st->nsec;
	return 0;
}

/* "key = value" in the current section. */
static int
parse_entry(struct parser *p, char *s)
{
	struct site *st = p->site;
	const struct section *sec;
	const struct keydef *def;
	const struct entry *first;
	const char *msg;
	char *eq, *key, *value;
	struct buf b;

	if ((eq = strchr(s, '=')) == NULL)
		return perr(p, "expected [section] or key = value");
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	if (*key == '\0')
		return perr(p, "missing key before =");
	if (!is_word(key, "_."))
		return perr(p, "invalid key; a key is letters, digits, _ "
		    "and .");
	if (p->cur == 0)
		return perr(p, "%s: key outside any section", key);
	sec = &st->sec[p->cur - 1];
	if ((def = find_key(sec->kind, key)) == NULL)
		return perr(p, "%s: unknown key in [%s]", key, sec->id);
	if ((first = find_entry(st, sec->id, key)) != NULL)
		return perr(p, "%s: duplicate key in [%s] (first at line %lu)",
		    key, sec->id, first->line);
	if ((msg = unquote(value)) != NULL)
		return perr(p, "%s: %s", key, msg);
	if (check_value(p, def, key, value) == -1)
		return -1;
	add_entry(st, p->cur - 1, def, key, value, p->lineno);
	buf_init(&b);
	entry_key(&b, sec->id, key);
	*hmap_put(st->entries, b.data, b.len, NULL) = as_slot(st->nent - 1);
	buf_free(&b);
	return 0;
}

static int
parse_line(struct parser *p, char *line, size_t len)
{
	size_t bad;
	char *s;

	if (memchr(line, '\0', len) != NULL)
		return perr(p, "NUL byte in line");
	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	/* Windows editors start a UTF-8 file with a byte-order mark. */
	if (p->lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		len -= 3;
	}
	if ((bad = utf8_invalid_at(line, len)) != len)
		return perr(p, "invalid UTF-8 at byte %zu", bad + 1);
	s = trim(line);
	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if (*s == '[')
		return parse_header(p, s);
	return parse_entry(p, s);
}

static int
check_required(const struct parser *p)
{
	const struct site *s = p->site;
	const struct keydef *d;
	size_t i;

	if (find_section(s, "site") == NULL)
		return seterr(p->err, p->errlen, "%s: no [site] section",
		    p->path);
	for (i = 0; i < s->nsec; i++)
		for (d = kinds[s->sec[i].kind].keys; d->key; d++)
			if (d->required && !find_entry(s, s->sec[i].id, d->key))
				return seterr(p->err, p->errlen,
				    "%s:%lu: [%s]: %s is required", p->path,
				    s->sec[i].line, s->sec[i].id, d->key);
	return 0;
}

static int
check_sources(const struct parser *p)
{
	const struct site *s = p->site;
	const struct entry *e;
	char *id;
	int found;
	size_t i;

	for (i = 0; i < s->nent; i++) {
		e = &s->ent[i];
		if (e->def->type != V_SOURCE)
			continue;
		id = xasprintf("source %s", e->value);
		found = find_section(s, id) != NULL;
		free(id);
		if (!found)
			return seterr(p->err, p->errlen,
			    "%s:%lu: %s: no [source %s] section", p->path,
			    e->line, e->key, e->value);
	}
	return 0;
}

static void
index_names(struct site *s)
{
	size_t i;
	int k;

	for (k = 0; k < NKINDS; k++)
		s->names[k] = xcalloc(1, sizeof(*s->names[k]));
	for (i = 0; i < s->nsec; i++) {
		if (s->sec[i].name == NULL)
			continue;
		k = s->sec[i].kind;
		s->names[k] = xreallocarray(s->names[k], s->nnames[k] + 2,
		    sizeof(*s->names[k]));
		s->names[k][s->nnames[k]++] = s->sec[i].name;
		s->names[k][s->nnames[k]] = NULL;
	}
}

static struct site *
site_new(const char *path)
{
	struct site *s = xcalloc(1, sizeof(*s));
	const char *slash = strrchr(path, '/');

	s->path = xstrdup(path);
	if (slash == NULL)
		s->dir = xstrdup(".");
	else if (slash == path)
		s->dir = xstrdup("/");
	else
		s->dir = xstrndup(path, (size_t)(slash - path));
	s->sections = hmap_new();
	s->entries = hmap_new();
	return s;
}

static int
parse_file(struct parser *p, FILE *fp)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, fp)) != -1) {
		p->lineno++;
		rc = parse_line(p, line, (size_t)n);
	}
	if (rc == 0 && ferror(fp))
		rc = seterr(p->err, p->errlen, "%s: %s", p->path,
		    strerror(errno));
	free(line);
	return rc;
}

struct site *
site_load(const char *path, char *err, size_t errlen)
{
	struct parser p;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "re")) == NULL) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.site = site_new(path);
	p.path = path;
	p.err = err;
	p.errlen = errlen;
	rc = parse_file(&p, fp);
	fclose(fp);
	if (rc == 0 && (rc = check_required(&p)) == 0)
		rc = check_sources(&p);
	if (rc == -1) {
		site_free(p.site);
		return NULL;
	}
	index_names(p.site);
	return p.site;
}

void
site_free(struct site *s)
{
	size_t i;
	int k;

	if (s == NULL)
		return;
	for (i = 0; i < s->nsec; i++)
		free(s->sec[i].id);
	for (i = 0; i < s->nent; i++) {
		free(s->ent[i].key);
		free(s->ent[i].value);
	}
	for (k = 0; k < NKINDS; k++)
		free(s->names[k]);
	free(s->sec);
	free(s->ent);
	hmap_free(s->sections);
	hmap_free(s->entries);
	free(s->path);
	free(s->dir);
	free(s);
}

const char *
site_get(const struct site *s, const char *section, const char *key)
{
	const struct entry *e;
	const struct section *sec;
	const struct keydef *d;

	if ((e = find_entry(s, section, key)) != NULL)
		return e->value;
	if ((sec = find_section(s, section)) == NULL)
		return NULL;
	d = find_key(sec->kind, key);
	return d ? d->def : NULL;
}

char *
site_path(const struct site *s, const char *section, const char *key)
{
	const char *v = site_get(s, section, key);

	return v ? path_join(s->dir, v) : NULL;
}

long
site_seconds(const struct site *s, const char *section, const char *key,
    long def)
{
	const char *v = site_get(s, section, key);
	long n;

	if (v == NULL || parse_duration(v, &n) == -1)
		return def;
	return n;
}

unsigned long
site_line(const struct site *s, const char *section, const char *key)
{
	const struct entry *e = find_entry(s, section, key);

	return e ? e->line : 0;
}

const char *
site_file(const struct site *s)
{
	return s->path;
}

size_t
site_sections(const struct site *s, const char *kind, const char ***names)
{
	static const char *none[] = { NULL };
	int k;

	if ((k = find_kind(kind)) == -1) {
		*names = none;
		return 0;
	}
	*names = s->names[k];
	return s->nnames[k];
}

size_t
site_keys(const struct site *s, const char *section, const char ***keys)
{
	const struct section *sec = find_section(s, section);
	size_t i, n = 0;

	*keys = xcalloc(s->nent + 1, sizeof(**keys));
	for (i = 0; sec && i < s->nent; i++)
		if (&s->sec[s->ent[i].sec] == sec)
			(*keys)[n++] = s->ent[i].key;
	return n;
}

const char *
site_org(const struct site *s)
{
	return site_get(s, "site", "org_code");
}

/*
 * The secrets file: "NAME = value" lines. Anyone who can read it can
 * sign uploads as the hospital, so it must be its user's alone.
 */
static const char *
mode_problem(mode_t mode, char *buf, size_t len)
{
	int bits = (mode & 007) ? (mode & 007) : (mode >> 3) & 007;

	snprintf(buf, len, "%s by %s",
	    (bits & 4) ? "readable" : (bits & 2) ? "writable" : "executable",
	    (mode & 007) ? "others" : "its group");
	return buf;
}

static FILE *
secrets_open(const char *file, char *err, size_t errlen)
{
	struct stat st;
	char what[64];
	FILE *fp;
	int fd;

	/* O_NONBLOCK: a FIFO named by mistake must not hang the night run. */
	if ((fd = open(file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) ==
	    -1 || fstat(fd, &st) == -1) {
		seterr(err, errlen, "secrets file %s: %s", file,
		    strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, "secrets file %s: not a regular file",
		    file);
		goto fail;
	}
	if (st.st_uid != geteuid()) {
		seterr(err, errlen, "secrets file %s: owned by uid %lu, not by "
		    "uid %lu running hdx; chown it", file,
		    (unsigned long)st.st_uid, (unsigned long)geteuid());
		goto fail;
	}
	if (st.st_mode & 077) {
		seterr(err, errlen, "secrets file %s: mode %04o is %s; "
		    "chmod 600 it", file, (unsigned)(st.st_mode & 07777),
		    mode_problem(st.st_mode, what, sizeof(what)));
		goto fail;
	}
	if ((fp = fdopen(fd, "r")) == NULL) {
		seterr(err, errlen, "secrets file %s: %s", file,
		    strerror(errno));
		goto fail;
	}
	return fp;
fail:
	if (fd != -1)
		close(fd);
	return NULL;
}

/* One line of the secrets file: 1 and *out when it defines name. */
static int
secrets_line(char *line, const char *name, char **out, const char **msg)
{
	char *s, *eq, *k, *v;

	line[strcspn(line, "\n")] = '\0';
	s = trim(line);
	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if ((eq = strchr(s, '=')) == NULL)
		goto bad;
	*eq = '\0';
	k = trim(s);
	v = trim(eq + 1);
	if (!is_word(k, "_"))
		goto bad;
	if (strcmp(k, name) != 0)
		return 0;
	if ((*msg = unquote(v)) != NULL)
		return -1;
	if (*v == '\0') {
		*msg = "empty value";
		return -1;
	}
	*out = xstrdup(v);
	return 1;
bad:
	*msg = "expected NAME = value";
	return -1;
}

static void
secret_free(char *v)
{
	if (v == NULL)
		return;
	explicit_bzero(v, strlen(v));
	free(v);
}

/* 1 and *out when the file defines name, 0 when it does not, -1. */
static int
secrets_find(const char *file, const char *name, char **out, char *err,
    size_t errlen)
{
	char *line = NULL, *v;
	const char *msg;
	unsigned long lineno = 0, first = 0;
	size_t cap = 0;
	FILE *fp;
	int rc = 0;

	if ((fp = secrets_open(file, err, errlen)) == NULL)
		return -1;
	while (rc != -1 && getline(&line, &cap, fp) != -1) {
		lineno++;
		v = NULL;
		if ((rc = secrets_line(line, name, &v, &msg)) == -1)
			seterr(err, errlen, "%s:%lu: %s", file, lineno, msg);
		else if (rc == 1 && first != 0) {
			secret_free(v);
			rc = seterr(err, errlen, "%s:%lu: %s: defined again "
			    "(first at line %lu)", file, lineno, name, first);
		} else if (rc == 1) {
			first = lineno;
			*out = v;
		}
	}
	if (rc != -1 && ferror(fp))
		rc = seterr(err, errlen, "%s: %s", file, strerror(errno));
	fclose(fp);
	/* The buffer held the secret's line. */
	if (line != NULL)
		explicit_bzero(line, cap);
	free(line);
	if (rc == -1) {
		secret_free(*out);
		*out = NULL;
		return -1;
	}
	return first != 0;
}

/*
 * Only the secrets file, never the environment: a variable would be
 * inherited by every child of the chain (hdx-nightly's tools, an
 * --alert-command) and readable in /proc/PID/environ.
 */
int
site_secret(const struct site *s, const char *section, const char *key,
    char **out, char *err, size_t errlen)
{
	const char *v = site_get(s, section, key);
	unsigned long line = site_line(s, section, key);
	char *file;
	int rc = -1;

	*out = NULL;
	if (v == NULL)
		return seterr(err, errlen, "%s: [%s]: %s is not set", s->path,
		    section, key);
	if (!is_secret_ref(v))
		return seterr(err, errlen, "%s:%lu: %s: not a secret:NAME "
		    "value", s->path, line, key);
	v += SECRET_PLEN;
	file = site_path(s, "site", "secrets");
	if (file == NULL)
		seterr(err, errlen, "%s:%lu: %s: secret:%s: [site] names no "
		    "secrets file", s->path, line, key, v);
	else if ((rc = secrets_find(file, v, out, err, errlen)) == 0)
		rc = seterr(err, errlen, "%s:%lu: %s: secret:%s is not in "
		    "secrets file %s", s->path, line, key, v, file);
	free(file);
	return rc == -1 ? -1 : 0;
}
