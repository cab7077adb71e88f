/*
 * pgnotice.h - the notices of a PostgreSQL server kept off stderr.
 *
 * libpq prints every NOTICE and WARNING the server sends to stderr as
 * it comes ("WARNING:  terminating connection due to immediate shutdown
 * command" when the server restarts): a line without the tool's name,
 * and the text of a notice raised by the database's own code may quote
 * values. What matters comes back as an error of the statement, which
 * the tools report their way; the notices are dropped.
 */
#ifndef HDX_PGNOTICE_H
#define HDX_PGNOTICE_H

#include <libpq-fe.h>

/* Drops the notices of conn (a no-op on NULL). */
void	 pgnotice_quiet(PGconn *conn);

#endif
