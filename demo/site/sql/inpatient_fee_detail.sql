-- inpatient_fee_detail (住院费用明细) from the demo HIS table ip_fee_item.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	fy_detail_no AS fee_detail_id,
	zy_no AS inpatient_id,
	pat_no AS patient_id,
	js_hm AS settlement_no,
	yz_no AS order_id,
	charge_dt AS charge_time,
	xm_lb AS item_type,
	yp_cd AS drug_code,
	xm_cd AS item_code,
	xm_nm AS item_name,
	fy_category AS fee_category,
	sl AS quantity,
	dw_dj AS unit_price,
	je AS amount,
	yz_ks_cd AS order_dept_code,
	exec_ks_cd AS exec_dept_code,
	c_insurance_class AS insurance_class,
	refund_bz AS refund_flag,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM ip_fee_item
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, fy_detail_no;
