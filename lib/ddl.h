/*
 * ddl.h - the front-end database schema (api.md 2.1) and the shared
 * library (api.md 8.2), generated from a loaded standard for PostgreSQL
 * or SQLite. The text is appended to a caller's buffer.
 */
#ifndef HDX_DDL_H
#define HDX_DDL_H

struct buf;
struct standard;
struct std_field;

enum ddl_dialect { DDL_POSTGRES, DDL_SQLITE };

/* "postgres" or "sqlite"; -1 for anything else. */
int	 ddl_dialect_parse(const char *, enum ddl_dialect *);
void	 ddl_frontdb(struct buf *, const struct standard *, enum ddl_dialect,
	    int drop);
void	 ddl_shared(struct buf *, const struct standard *, enum ddl_dialect,
	    int drop);
/* A field's column type in the dialect, e.g. "varchar(18)". */
void	 ddl_column_type(struct buf *, const struct std_field *,
	    enum ddl_dialect);
/* The table's column names in seq order, each after prefix ("t." or
 * ""), joined by ", ": the column lists of the channels' statements. */
struct std_table;
void	 ddl_columns(struct buf *, const struct std_table *, const char *prefix);
/* The primary key's column names, joined by ", ". */
void	 ddl_key_columns(struct buf *, const struct std_table *);
/* "f = excluded.f, " for every non-key column: the upsert's SET list in
 * both dialects (excluded is the same word in PostgreSQL and SQLite). */
void	 ddl_update_set(struct buf *, const struct std_table *);
/* An identifier, quoted only when it must be. */
void	 ddl_ident(struct buf *, const char *);

#endif
