/*
 * test_receipt.c - receipts as the platform writes them parse to the
 * exact values; every malformed or mistyped receipt is refused with its
 * exact message; receipt_check() compares a receipt with its batch.
 */
#include <string.h>

#include "receipt.h"
#include "unit.h"

#define IN(s)	s, sizeof(s) - 1

START_TEST(platform_receipt)
{
	struct receipt r;
	char err[256];
	const char *j = "{\"code\": 0, \"batch_id\": \"124115004170483179-"
	    "patient_info-20261027-0001\", \"accepted\": 25, \"rejected\": "
	    "[{\"index\": 6, \"field\": \"id_card_no\", \"rule\": \"idcard\", "
	    "\"message\": \"check digit mismatch (MOD 11-2)\"}, {\"index\": 10, "
	    "\"field\": \"name\", \"rule\": \"required\", \"message\": \"name "
	    "is required\"}, {\"index\": 10, \"field\": \"sex\", \"rule\": "
	    "\"domain\", \"message\": \"\\u4e0d\"}]}";

	ck_assert_int_eq(receipt_parse(j, strlen(j), &r, err, sizeof(err)), 0);
	ck_assert_int_eq(r.code, 0);
	ck_assert_str_eq(r.batch_id,
	    "124115004170483179-patient_info-20261027-0001");
	ck_assert_int_eq(r.accepted, 25);
	ck_assert_uint_eq(r.nrejected, 3);
	ck_assert_int_eq(r.rejected[0].index, 6);
	ck_assert_str_eq(r.rejected[0].field, "id_card_no");
	ck_assert_str_eq(r.rejected[0].rule, "idcard");
	ck_assert_str_eq(r.rejected[0].message,
	    "check digit mismatch (MOD 11-2)");
	ck_assert_str_eq(r.rejected[2].message, "不");
	ck_assert_int_eq(r.duplicate, 0);
	ck_assert_uint_eq(receipt_rejected_records(&r), 2);
	ck_assert_int_eq(receipt_check(&r,
	    "124115004170483179-patient_info-20261027-0001", 27, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(receipt_check(&r,
	    "124115004170483179-patient_info-20261027-0001", 28, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "receipt: 25 accepted and 2 rejected records, "
	    "but 28 were sent");
	ck_assert_int_eq(receipt_check(&r, "other", 27, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "receipt: for another batch_id than other");
	ck_assert_int_eq(receipt_check(&r,
	    "124115004170483179-patient_info-20261027-0001", 10, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "receipt: rejected[1]: index 10 beyond the 10 "
	    "records");
	receipt_free(&r);
	receipt_free(&r);
	ck_assert_ptr_null(r.batch_id);
}
END_TEST

START_TEST(duplicate_receipt)
{
	struct receipt r;
	char err[256];

	ck_assert_int_eq(receipt_parse(IN("{\"code\":0,\"batch_id\":\"b\","
	    "\"accepted\":0,\"rejected\":[],\"duplicate\":true,\"extra\":[1]}"),
	    &r, err, sizeof(err)), 0);
	ck_assert_int_eq(r.duplicate, 1);
	ck_assert_uint_eq(r.nrejected, 0);
	ck_assert_int_eq(receipt_check(&r, "b", 0, err, sizeof(err)), 0);
	receipt_free(&r);
	ck_assert_int_eq(receipt_parse(IN("{\"code\":0,\"batch_id\":\"b\","
	    "\"accepted\":1,\"rejected\":[],\"duplicate\":false}"), &r, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(r.duplicate, 0);
	receipt_free(&r);
}
END_TEST

static const struct {
	const char *json, *err;
} bad[] = {
	{ "", "receipt: malformed JSON at line 1, column 0: '[' or '{' "
	    "expected near end of file" },
	{ "{\"code\":0", "receipt: malformed JSON at line 1, column 9: '}' "
	    "expected near end of file" },
	{ "[]", "receipt: an array, not an object" },
	{ "{}", "receipt: no \"code\"" },
	{ "{\"code\":\"0\"}", "receipt: \"code\" is a string, not "
	    "an integer" },
	{ "{\"code\":0.0}", "receipt: \"code\" is a real number, "
	    "not an integer" },
	{ "{\"code\":401,\"message\":\"x\"}", "receipt: \"code\" is 401, "
	    "not 0" },
	{ "{\"code\":0,\"batch_id\":1}", "receipt: \"batch_id\" is "
	    "an integer, not a string" },
	{ "{\"code\":0,\"batch_id\":\"b\",\"accepted\":-1}", "receipt: "
	    "\"accepted\" -1 out of range" },
	{ "{\"code\":0,\"batch_id\":\"b\",\"accepted\":true}", "receipt: "
	    "\"accepted\" is a boolean, not an integer" },
	{ "{\"code\":0,\"batch_id\":\"b\",\"accepted\":1}", "receipt: no "
	    "\"rejected\"" },
	{ "{\"code\":0,\"batch_id\":\"b\",\"accepted\":1,\"rejected\":{}}",
	    "receipt: \"rejected\" is an object, not an array" },
	{ "{\"code\":0,\"batch_id\":\"b\",\"accepted\":1,\"rejected\":[null]}",
	    "receipt: rejected[0] is null, not an object" },
	{ "{\"code\":0,\"batch_id\":\"b\",\"accepted\":1,\"rejected\":"
	    "[{\"index\":0,\"field\":\"f\",\"rule\":\"r\",\"message\":\"m\"},"
	    "{\"index\":1,\"field\":\"f\",\"rule\":\"r\"}]}",
	    "receipt: rejected[1]: no \"message\"" },
	{ "{\"code\":0,\"batch_id\":\"b\",\"accepted\":1,\"rejected\":"
	    "[{\"index\":\"0\",\"field\":\"f\",\"rule\":\"r\",\"message\":\"m\"}]}",
	    "receipt: rejected[0]: \"index\" is a string, not an integer" },
	{ "{\"code\":0,\"batch_id\":\"b\",\"accepted\":1,\"rejected\":[],"
	    "\"duplicate\":1}", "receipt: \"duplicate\" is an integer, not "
	    "a boolean" },
	{ "{\"code\":0,\"code\":0}", "receipt: malformed JSON at line 1, "
	    "column 16: duplicate object key near '\"code\"'" },
	{ "{\"code\":0,\"batch_id\":\"a\\u0000b\"}", "receipt: malformed JSON "
	    "at line 1, column 31: \\u0000 is not allowed without "
	    "JSON_ALLOW_NUL near '\"a\\u0000b\"'" },
	{ "{\"code\":0} x", "receipt: malformed JSON at line 1, column 12: "
	    "end of file expected near 'x'" },
};

START_TEST(malformed)
{
	struct receipt r;
	char err[256];

	ck_assert_int_eq(receipt_parse(bad[_i].json, strlen(bad[_i].json), &r,
	    err, sizeof(err)), -1);
	ck_assert_str_eq(err, bad[_i].err);
	ck_assert_ptr_null(r.batch_id);
	ck_assert_ptr_null(r.rejected);
	receipt_free(&r);
}
END_TEST

static Suite *
receipt_suite(void)
{
	Suite *s = suite_create("receipt");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, platform_receipt);
	tcase_add_test(tc, duplicate_receipt);
	tcase_add_loop_test(tc, malformed, 0, sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(receipt_suite)
