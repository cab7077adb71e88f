/*
 * log.c - the tools' stderr diagnostics. The state is the program's own
 * options (its name and -q/-v), set once by main().
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "log.h"

static const char *log_prog = "hdx";
static int log_level_set = 1;
static int log_progress_open;

void
log_init(const char *progname, int verbosity)
{
	log_prog = progname;
	log_level_set = verbosity;
}

int
log_verbosity(void)
{
	return log_level_set;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	/* the verbosity each level needs, and its label */
	static const int need[] = { 0, 1, 1, 2, 3 };
	static const char *label[] = { "error: ", "warning: ", "", "", "debug: " };
	va_list ap;

	if (need[level] > log_level_set)
		return;
	log_progress_end();
	fprintf(stderr, "%s: ", log_prog);
	fputs(label[level], stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
log_progress_wanted(void)
{
	if (log_level_set == 0)
		return 0;
	return log_level_set >= 2 || isatty(STDERR_FILENO);	/* -v */
}

void
log_progress(const char *fmt, ...)
{
	int tty = isatty(STDERR_FILENO);
	va_list ap;

	if (!log_progress_wanted())
		return;
	fprintf(stderr, "%s%s: ", tty ? "\r" : "", log_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (tty) {
		fputs("\033[K", stderr);
		log_progress_open = 1;
	} else
		fputc('\n', stderr);
}

void
log_progress_end(void)
{
	if (log_progress_open) {
		fputc('\n', stderr);
		log_progress_open = 0;
	}
}
