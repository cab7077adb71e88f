/*
 * check.h - one QC run over one submission: the record rules, then
 * unique, ref and sum across every input of the run (README 6.3).
 *
 * The check owns every FILE handed to it and closes them in qc_run();
 * an output that could not be written makes qc_run() fail. An input may
 * be a pipe: the few that are read twice (qc.c) are copied to a
 * temporary file first.
 */
#ifndef HDX_QC_H
#define HDX_QC_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

struct standard;
struct std_table;
struct qc;

enum qc_policy {
	POLICY_HOLD,	/* hold a record with any error-level finding */
	POLICY_SEND,	/* hold only what the channel cannot carry */
};

struct qc_stats {
	unsigned long	 records;
	unsigned long	 held;
	unsigned long	 errors;	/* error-level findings */
	unsigned long	 warnings;
};

struct qc *qc_new(const struct standard *, const char *today,
	    enum qc_policy);
void	 qc_free(struct qc *);
/* Any may be NULL. Names are for messages. The output streams stay the
 * caller's: qc_run() flushes them, the caller closes (outfile_commit()).
 * The inputs become the qc's, closed by qc_run(). */
void	 qc_set_outputs(struct qc *, FILE *rejects, FILE *findings,
	    FILE *per_record, const char *rejects_name,
	    const char *findings_name, const char *per_record_name);
void	 qc_add_input(struct qc *, const struct std_table *,
	    const char *name, FILE *in, FILE *valid, const char *valid_name);
/* 0; -1 malformed input; QC_EWRITE an output not written (full disk). */
#define QC_EWRITE	(-2)
int	 qc_run(struct qc *, char *err, size_t errlen);
/* Totals over all inputs, and per input i (0-based, order added). */
void	 qc_totals(const struct qc *, struct qc_stats *);
size_t	 qc_ninputs(const struct qc *);
const struct std_table *qc_input_table(const struct qc *, size_t i,
	    struct qc_stats *);
/* Keys delivered earlier (hdx-upload's ledger, borrowed): they satisfy
 * ref, and a record older than its delivered version is stale (R12). */
struct ledger;
void	 qc_set_ledger(struct qc *, struct ledger *);
/* After upload, on what was sent: timeliness from when the ledger says
 * the platform received each record's version (README 7.1). */
void	 qc_set_delivered(struct qc *);
/* The report's period (YYYY-MM-DD, inclusive); default: the span of the
 * business dates present, future ones left out. Before qc_run(). */
void	 qc_set_period(struct qc *, const char *from, const char *to);
/* The QC report of the run (README 7) as JSON, after qc_run(); the caller
 * owns it. NULL with a reason when the standard cannot score. */
json_t	*qc_report(struct qc *, int top, char *err, size_t errlen);

/* The header of a rejects file (hdx-check(5)). */
extern const char *const qc_rejects_header[];
#define QC_REJECTS_COLUMNS 8

#endif
