-- outpatient_settlement (门急诊结算记录) from the demo HIS table op_balance.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	js_hm AS settlement_no,
	jz_no AS visit_id,
	pat_no AS patient_id,
	settle_dt AS settle_time,
	js_lb AS settlement_type,
	c_payment_method AS payment_method,
	zje_je AS total_amount,
	c_fund_pay AS fund_pay,
	c_account_pay AS account_pay,
	c_self_pay AS self_pay,
	c_other_pay AS other_pay,
	invoice_hm AS invoice_no,
	insurance_settle_no AS insurance_settle_id,
	cashier_cd AS cashier_code,
	original_js_hm AS original_settlement_no,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM op_balance
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, js_hm;
