/*
 * log.h - diagnostics on stderr for the tools, with one -q/-v convention:
 *
 *   -q   errors only        (verbosity 0)
 *        errors, warnings and the closing summary (1, the default)
 *   -v   plus progress and per-stage detail        (2)
 *   -vv  plus debugging detail                     (3)
 *
 * Every line is "PROG: LEVEL: message". Messages name files, lines,
 * fields and rules, never a record's values: patient data stays out of
 * logs (hdx(7), SECURITY). Only tools call this; lib/ modules return
 * their errors in a caller's buffer.
 */
#ifndef HDX_LOG_H
#define HDX_LOG_H

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_VERBOSE, LOG_DEBUG };

void	 log_init(const char *progname, int verbosity);
int	 log_verbosity(void);
void	 log_msg(enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_verbose(...) log_msg(LOG_VERBOSE, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

/* Progress shows only on a terminal or with -v; "\r"-updated on a tty. */
int	 log_progress_wanted(void);
void	 log_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_progress_end(void);

#endif
