/*
 * site.h - one hospital's configuration (hdx-site(5)): an INI-style file
 * of [sections] holding "key = value" lines.
 *
 *   [site]            org_code, dirs, policy, defaults
 *   [source NAME]     a database of the hospital (driver = odbc | pg)
 *   [table NAME]      per standard table: source, sql, channel, map.FIELD
 *   [upload]          the channel to the platform and its settings
 *   [map DOMAIN]      per value domain: unmapped policy, passthrough, fold
 *
 * site_load() checks every section and key against the schema of the
 * format and returns a struct site that owns all strings. Relative paths
 * are resolved against the directory of the file. Secrets (passwords,
 * the HTTP secret, the SM4 key) are never written in the file itself:
 * a value "secret:NAME" is looked up in the secrets file named by
 * [site] secrets (which must be a regular file readable by its owner
 * only), never in the environment, which every child process inherits.
 */
#ifndef HDX_SITE_H
#define HDX_SITE_H

#include <stddef.h>

struct site;

/* NULL with "PATH:LINE: problem" in err when the file is malformed. */
struct site *site_load(const char *path, char *err, size_t errlen);
void	 site_free(struct site *);

/* The value of key in section ("site", "upload", "table patient_info"),
 * else the format's default for the key (lookback, retention_days), else
 * NULL. */
const char *site_get(const struct site *, const char *section, const char *key);
/* As site_get, a path resolved against the file's directory (owned). */
char	*site_path(const struct site *, const char *section, const char *key);
/* Number of a duration ("90", "90s", "10m", "2h") or integer; def when unset. */
long	 site_seconds(const struct site *, const char *section, const char *key,
	    long def);
/* Line of the key in the file, 0 when absent: for error messages. */
unsigned long site_line(const struct site *, const char *section, const char *key);
const char *site_file(const struct site *);

/* Resolves a secret-valued key; 0 and *out (owned by the caller), or -1
 * with the reason in err (never the secret itself). */
int	 site_secret(const struct site *, const char *section, const char *key,
	    char **out, char *err, size_t errlen);

/* The names of the sections of one kind ("table", "source", "map"), in
 * file order, NULL-terminated; the array and strings belong to the site.
 * Kinds without names ("site", "upload") have none. */
size_t	 site_sections(const struct site *, const char *kind, const char ***names);

/* The keys set in section, in file order, NULL-terminated; the array is
 * the caller's to free, the strings the site's. */
size_t	 site_keys(const struct site *, const char *section, const char ***keys);

const char *site_org(const struct site *);

#endif
