-- transfer (转科记录) from the demo HIS table ip_transfer_log.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	transfer_no AS transfer_id,
	zy_no AS inpatient_id,
	pat_no AS patient_id,
	transfer_lb AS transfer_type,
	from_ks_cd AS from_dept_code,
	to_ks_cd AS to_dept_code,
	from_ward_cd AS from_ward_code,
	to_ward_cd AS to_ward_code,
	out_dt AS out_time,
	in_dt AS in_time,
	c_reason AS reason,
	operator_cd AS operator_code,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM ip_transfer_log
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, transfer_no;
