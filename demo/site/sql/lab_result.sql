-- lab_result (检验结果) from the demo HIS table lis_result_item.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	jg_no AS result_id,
	bg_hm AS report_no,
	pat_no AS patient_id,
	xm_xh AS item_seq,
	xm_cd AS item_code,
	xm_nm AS item_name,
	loinc_cd AS loinc_code,
	jg_lb AS result_type,
	jg_value AS result_value,
	jg_dw AS result_unit,
	c_reference_range AS reference_range,
	c_ref_low AS ref_low,
	c_ref_high AS ref_high,
	jg_bz AS result_flag,
	bg_dt AS report_time,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM lis_result_item
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, jg_no;
