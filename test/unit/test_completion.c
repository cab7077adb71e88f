/*
 * test_completion.c - the completion date C of api.md 8.6 from records
 * in memory, for every step: no appointment, a cancellation (with and
 * without cancel_time), no registration (the no-show), a registration
 * without a visit (returned or not), a settled visit (a revoked
 * settlement left out, a refund counted), an unsettled one (end_time,
 * visit_time), an admission within 24 h (in hospital, discharged and
 * settled later), one 25 h later that is not the visit's; only linked
 * valid records of the same org_code kept; and the problems of
 * shared_completion.csv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "completion.h"
#include "standard.h"
#include "unit.h"
#include "util.h"

#define H	"124115004170483179"
#define OTHER	"12411500417051225K"

static struct standard *std;
static struct compl_spec *spec;
static struct completion *c;

static void
setup(void)
{
	char err[512], *dir = path_join(unit_srcdir(), "dict");

	std = std_load(dir, err, sizeof(err));
	free(dir);
	ck_assert_msg(std != NULL, "%s", err);
	spec = compl_spec_load(std, err, sizeof(err));
	ck_assert_msg(spec != NULL, "%s", err);
	c = compl_new(spec);
}

static void
teardown(void)
{
	compl_free(c);
	compl_spec_free(spec);
	std_free(std);
}

/* A row of kind k: "field=value;..." over empty fields; 1 when kept. */
static int
add(enum compl_kind k, const char *assign)
{
	const struct std_table *t = compl_spec_table(spec, k);
	char **v = xcalloc(t->nfields, sizeof(*v)), **kv, *eq;
	size_t *len = xcalloc(t->nfields, sizeof(*len)), i;
	int f, kept;

	for (i = 0; i < t->nfields; i++)
		v[i] = "";
	kv = strsplit(assign, ';', NULL);
	for (i = 0; kv[i]; i++) {
		eq = strchr(kv[i], '=');
		ck_assert_ptr_nonnull(eq);
		*eq = '\0';
		f = std_field_index(t, kv[i]);
		ck_assert_msg(f >= 0, "%s: no field %s", t->name, kv[i]);
		v[f] = eq + 1;
	}
	for (i = 0; i < t->nfields; i++)
		len[i] = strlen(v[i]);
	kept = compl_add(c, k, v, len);
	strvec_free(kv);
	free(v);
	free(len);
	return kept;
}

static const char *
date_of(const char *appt)
{
	static char d[11];

	if (!compl_date(c, H, appt, "2026-10-01", d))
		ck_assert_str_eq(d, "");
	return d;
}

#define APPT(id, extra) add(COMPL_APPOINTMENT, "org_code=" H \
	";appointment_id=" id ";valid_flag=1;status=2;appoint_date=2026-10-20;" \
	"update_time=2026-10-19 07:00:00" extra)
#define REG(id, appt, extra) add(COMPL_REGISTRATION, "org_code=" H \
	";reg_id=" id ";appointment_id=" appt ";valid_flag=1;" \
	"reg_time=2026-10-20 08:00:00" extra)
#define VISIT(id, reg, opno, extra) add(COMPL_VISIT, "org_code=" H \
	";visit_id=" id ";reg_id=" reg ";outpatient_no=" opno ";valid_flag=1;" \
	"visit_time=2026-10-20 09:00:00" extra)

START_TEST(test_steps)
{
	const char *appts[] = { "A1", "A2", "A3", "A4", "A5", "A6", "A7",
	    "A8", "A9", "A10", "A11", "A12", "A13", NULL };
	size_t i;

	for (i = 0; appts[i]; i++)
		compl_want(c, H, appts[i]);
	/* appointments; A0 is nobody's, A12 is not valid */
	ck_assert_int_eq(APPT("A0", ""), 0);
	ck_assert_int_eq(APPT("A1", ";status=3;cancel_time=2026-10-18 10:00:00"), 1);
	ck_assert_int_eq(APPT("A2", ";status=5"), 1);
	ck_assert_int_eq(APPT("A3", ";status=4"), 1);
	ck_assert_int_eq(APPT("A4", ""), 1);
	ck_assert_int_eq(APPT("A5", ""), 1);
	ck_assert_int_eq(APPT("A6", ""), 1);
	ck_assert_int_eq(APPT("A7", ""), 1);
	ck_assert_int_eq(APPT("A8", ""), 1);
	ck_assert_int_eq(APPT("A9", ""), 1);
	ck_assert_int_eq(APPT("A10", ""), 1);
	ck_assert_int_eq(APPT("A11", ""), 1);
	ck_assert_int_eq(add(COMPL_APPOINTMENT, "org_code=" H
	    ";appointment_id=A12;valid_flag=0;status=2;appoint_date=2026-10-30"), 0);
	ck_assert_int_eq(add(COMPL_APPOINTMENT, "org_code=" OTHER
	    ";appointment_id=A13;valid_flag=1;status=2;appoint_date=2026-10-30"), 0);
	/* registrations */
	ck_assert_int_eq(REG("R4", "A4", ";return_time=2026-10-21 09:00:00"), 1);
	ck_assert_int_eq(REG("R5", "A5", ""), 1);
	ck_assert_int_eq(REG("R6", "A6", ""), 1);
	ck_assert_int_eq(REG("R7", "A7", ""), 1);
	ck_assert_int_eq(REG("R8", "A8", ""), 1);
	ck_assert_int_eq(REG("R9", "A9", ""), 1);
	ck_assert_int_eq(REG("R10", "A10", ""), 1);
	ck_assert_int_eq(REG("R11", "A11", ""), 1);
	ck_assert_int_eq(REG("R11b", "A11", ";reg_time=2026-10-25 08:00:00"), 1);
	ck_assert_int_eq(REG("R0", "A0", ""), 0);
	ck_assert_int_eq(REG("R3x", "A3", ";valid_flag=0"), 0);
	/* visits */
	ck_assert_int_eq(VISIT("V6", "R6", "MZ6", ""), 1);
	ck_assert_int_eq(VISIT("V7", "R7", "MZ7", ";end_time=2026-10-20 09:30:00"), 1);
	ck_assert_int_eq(VISIT("V8", "R8", "MZ8", ";end_time=2026-10-20 09:30:00"), 1);
	ck_assert_int_eq(VISIT("V9", "R9", "MZ9", ""), 1);
	ck_assert_int_eq(VISIT("V10", "R10", "MZ10", ""), 1);
	ck_assert_int_eq(VISIT("V11", "R11", "MZ11", ""), 1);
	ck_assert_int_eq(VISIT("V11b", "R11b", "MZ11b", ";visit_time=2026-10-25 09:00:00"), 1);
	ck_assert_int_eq(VISIT("V0", "R0", "MZ0", ""), 0);
	/* settlements: V8's latest valid one is a refund on 11-02 */
	ck_assert_int_eq(add(COMPL_OP_SETTLEMENT, "org_code=" H ";visit_id=V8;"
	    "valid_flag=1;settle_time=2026-10-20 10:00:00"), 1);
	ck_assert_int_eq(add(COMPL_OP_SETTLEMENT, "org_code=" H ";visit_id=V8;"
	    "valid_flag=1;settlement_type=4;settle_time=2026-11-02 15:00:00"), 1);
	ck_assert_int_eq(add(COMPL_OP_SETTLEMENT, "org_code=" H ";visit_id=V8;"
	    "valid_flag=0;settle_time=2026-11-15 15:00:00"), 0);
	ck_assert_int_eq(add(COMPL_OP_SETTLEMENT, "org_code=" H ";visit_id=V0;"
	    "valid_flag=1;settle_time=2026-11-15 15:00:00"), 0);
	/* admissions: V9 in hospital; V10 discharged 11-03, settled 11-05;
	 * V11 admitted 25 h later (not its own), V11b discharged 10-28 */
	ck_assert_int_eq(add(COMPL_ADMISSION, "org_code=" H ";inpatient_id=I9;"
	    "outpatient_no=MZ9;valid_flag=1;admit_time=2026-10-21 09:00:00"), 1);
	ck_assert_int_eq(add(COMPL_ADMISSION, "org_code=" H ";inpatient_id=I10;"
	    "outpatient_no=MZ10;valid_flag=1;admit_time=2026-10-20 20:00:00;"
	    "discharge_time=2026-11-03 10:00:00"), 1);
	ck_assert_int_eq(add(COMPL_ADMISSION, "org_code=" H ";inpatient_id=I11;"
	    "outpatient_no=MZ11;valid_flag=1;admit_time=2026-10-21 10:00:00"), 1);
	ck_assert_int_eq(add(COMPL_ADMISSION, "org_code=" H ";inpatient_id=I11b;"
	    "outpatient_no=MZ11b;valid_flag=1;admit_time=2026-10-25 12:00:00;"
	    "discharge_time=2026-10-28 10:00:00"), 1);
	ck_assert_int_eq(add(COMPL_IP_SETTLEMENT, "org_code=" H ";inpatient_id=I10;"
	    "valid_flag=1;settle_time=2026-11-01 09:00:00"), 1);
	ck_assert_int_eq(add(COMPL_IP_SETTLEMENT, "org_code=" H ";inpatient_id=I10;"
	    "valid_flag=1;settle_time=2026-11-05 09:00:00"), 1);
	ck_assert_int_eq(add(COMPL_IP_SETTLEMENT, "org_code=" H ";inpatient_id=I9;"
	    "valid_flag=1;settle_time=2026-11-05 09:00:00"), 1);

	ck_assert_str_eq(date_of("A1"), "2026-10-18");	/* cancel_time */
	ck_assert_str_eq(date_of("A2"), "2026-10-19");	/* update_time */
	ck_assert_str_eq(date_of("A3"), "2026-10-20");	/* no-show */
	ck_assert_str_eq(date_of("A4"), "2026-10-21");	/* returned */
	ck_assert_str_eq(date_of("A5"), "2026-10-20");	/* reg_time */
	ck_assert_str_eq(date_of("A6"), "2026-10-20");	/* visit_time */
	ck_assert_str_eq(date_of("A7"), "2026-10-20");	/* end_time */
	ck_assert_str_eq(date_of("A8"), "2026-11-02");	/* the refund */
	ck_assert_str_eq(date_of("A9"), "");		/* in hospital */
	ck_assert_str_eq(date_of("A10"), "2026-11-05");	/* settled later */
	ck_assert_str_eq(date_of("A11"), "2026-10-28");	/* latest reg. */
	ck_assert_str_eq(date_of("A12"), "2026-10-01");	/* not valid */
	ck_assert_str_eq(date_of("A13"), "2026-10-01");	/* another org */
	ck_assert_str_eq(date_of("A99"), "2026-10-01");	/* not wanted */
	ck_assert_uint_eq(compl_kept(c, COMPL_APPOINTMENT), 11);
	ck_assert_uint_eq(compl_kept(c, COMPL_REGISTRATION), 9);
	ck_assert_uint_eq(compl_kept(c, COMPL_OP_SETTLEMENT), 2);
}
END_TEST

/* The spec of a file with these lines after the header, and its error. */
static const char *
spec_error(const char *lines)
{
	static char err[512];
	char dir[] = "/tmp/test_completion.XXXXXX", *path, *save;
	struct compl_spec *s;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	path = path_join(dir, COMPL_FILE);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "role,table,field,value,note\n%s", lines);
	fclose(f);
	save = std->dir;
	std->dir = dir;
	s = compl_spec_load(std, err, sizeof(err));
	std->dir = save;
	ck_assert_ptr_null(s);
	unlink(path);
	rmdir(dir);
	free(path);
	/* the file's path is the temporary directory's: leave it out */
	return strstr(err, COMPL_FILE) + strlen(COMPL_FILE);
}

START_TEST(test_spec_errors)
{
	char err[512], *save = std->dir;

	std->dir = "/nonexistent";
	ck_assert_ptr_null(compl_spec_load(std, err, sizeof(err)));
	std->dir = save;
	ck_assert_str_eq(err, "/nonexistent/shared_completion.csv: cannot "
	    "open: the completion date of api.md 8.6 needs it");
	ck_assert_str_eq(spec_error("appointment.when,appointment,book_time,,\n"),
	    ":2: role 'appointment.when' is not a role of api.md 8.6 "
	    "(hdx-standard(5))");
	ck_assert_str_eq(spec_error("appointment.org,appointment,org_code,,\n"
	    "appointment.org,appointment,org_code,,\n"),
	    ":3: role 'appointment.org' is given twice");
	ck_assert_str_eq(spec_error("appointment.org,appointmnt,org_code,,\n"),
	    ":2: role 'appointment.org' table 'appointmnt' is not in tables.csv");
	ck_assert_str_eq(spec_error("appointment.org,appointment,org,,\n"),
	    ":2: role 'appointment.org' field 'org' is not a field of "
	    "appointment");
	ck_assert_str_eq(spec_error("appointment.org,appointment,org_code,,\n"
	    "appointment.id,admission,inpatient_id,,\n"),
	    ":3: role 'appointment.id' names another table than the kind's "
	    "other roles");
	ck_assert_str_eq(spec_error("appointment.cancel_time,appointment,"
	    "appoint_date,,\n"), ":2: role 'appointment.cancel_time' field "
	    "'appoint_date' of appointment is not of type DT");
	ck_assert_str_eq(spec_error("appointment.status,appointment,status,,\n"),
	    ":2: role 'appointment.status' needs its codes in value (C1|C2...)");
	ck_assert_str_eq(spec_error("admission.admit_time,admission,admit_time,"
	    "a day,\n"), ":2: role 'admission.admit_time' needs a number of "
	    "hours in value");
	ck_assert_str_eq(spec_error("appointment.org,appointment,org_code,1,\n"),
	    ":2: role 'appointment.org' takes no value");
	ck_assert_str_eq(spec_error("appointment.org,appointment,org_code,,\n"),
	    ": no line for the role 'appointment.id'");
}
END_TEST

static Suite *
completion_suite(void)
{
	Suite *s = suite_create("completion");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_steps);
	tcase_add_test(tc, test_spec_errors);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(completion_suite)
