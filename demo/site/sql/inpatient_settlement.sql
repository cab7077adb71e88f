-- inpatient_settlement (住院结算记录) from the demo HIS table ip_balance.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	js_hm AS settlement_no,
	zy_no AS inpatient_id,
	pat_no AS patient_id,
	settle_dt AS settle_time,
	js_lb AS settlement_type,
	bill_start_rq AS bill_start_date,
	bill_end_rq AS bill_end_date,
	c_payment_method AS payment_method,
	zje_je AS total_amount,
	c_fund_pay AS fund_pay,
	c_account_pay AS account_pay,
	c_self_pay AS self_pay,
	c_other_pay AS other_pay,
	c_deposit_offset AS deposit_offset,
	invoice_hm AS invoice_no,
	insurance_settle_no AS insurance_settle_id,
	cashier_cd AS cashier_code,
	original_js_hm AS original_settlement_no,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM ip_balance
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, js_hm;
