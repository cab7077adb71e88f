/*
 * completion.h - the completion date C of an authorisation's visit
 * (api.md 8.6), computed in memory from the hospital's own records.
 *
 * The steps of 8.6 are code; which table and field plays each part in
 * them is data: shared_completion.csv of the standard directory
 * (hdx-standard(5)), hdx's own, binds every role of the vocabulary
 * below to a table of tables.csv and one of its fields, and gives the
 * codes of a valid record, the codes of a cancelled appointment and the
 * hours after a visit within which an admission is the visit's.
 *
 *   appointment    org id valid status cancel_time update_time date
 *   registration   org appointment id valid return_time reg_time
 *   visit          org registration id outpatient_no valid visit_time
 *                  end_time
 *   op_settlement  org visit valid settle_time
 *   admission      org outpatient_no id valid admit_time discharge_time
 *   ip_settlement  org admission valid settle_time
 *
 * A struct completion is fed the authorisations' appointments
 * (compl_want), then the rows of each kind of record in the order above
 * (compl_add, rows in the table's field order, as a tablesrc hands them
 * out). It keeps only the valid records that belong to an appointment
 * it wants, following the links (a registration's appointment, a visit's
 * registration, ...), and of them only the roles' values: memory grows
 * with the authorisations' records, not with the hospital's.
 */
#ifndef HDX_COMPLETION_H
#define HDX_COMPLETION_H

#include <stddef.h>

struct standard;
struct std_table;

enum compl_kind {
	COMPL_APPOINTMENT, COMPL_REGISTRATION, COMPL_VISIT,
	COMPL_OP_SETTLEMENT, COMPL_ADMISSION, COMPL_IP_SETTLEMENT,
	COMPL_NKINDS
};

struct compl_spec;
struct completion;

#define COMPL_FILE	"shared_completion.csv"

/* The standard's shared_completion.csv, resolved against its tables;
 * NULL with "FILE:LINE: problem" (or "FILE: problem") in err. */
struct compl_spec *compl_spec_load(const struct standard *, char *err,
	    size_t errlen);
void	 compl_spec_free(struct compl_spec *);
/* The table of a kind of record; "appointment", ... for a kind. */
const struct std_table *compl_spec_table(const struct compl_spec *,
	    enum compl_kind);
const char *compl_kind_name(enum compl_kind);

struct completion *compl_new(const struct compl_spec *);
void	 compl_free(struct completion *);
/* An appointment whose C is wanted. */
void	 compl_want(struct completion *, const char *org,
	    const char *appointment_id);
/* A row of the kind's table (values normalised as hdx-extract writes
 * them); 1 kept, 0 left out. Kinds must come in their order. */
int	 compl_add(struct completion *, enum compl_kind, char *const *v,
	    const size_t *len);
size_t	 compl_kept(const struct completion *, enum compl_kind);
/*
 * C of an authorisation with this org_code and appointment_id, whose
 * authorized_at has the date authorized (YYYY-MM-DD): 1 with C in c,
 * 0 while C is undefined (c ""). An appointment the hospital does not
 * hold (not wanted, or no valid record) completes on authorized.
 */
int	 compl_date(const struct completion *, const char *org,
	    const char *appointment_id, const char *authorized, char c[11]);

#endif
