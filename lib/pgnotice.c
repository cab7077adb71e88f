/*
 * pgnotice.c - the notices of a PostgreSQL server dropped (pgnotice.h).
 */
#include "pgnotice.h"

static void
drop_notice(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

void
pgnotice_quiet(PGconn *conn)
{
	if (conn)
		PQsetNoticeReceiver(conn, drop_notice, NULL);
}
