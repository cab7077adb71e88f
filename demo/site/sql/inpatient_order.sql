-- inpatient_order (住院医嘱) from the demo HIS table ip_advice.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	yz_no AS order_id,
	zy_no AS inpatient_id,
	pat_no AS patient_id,
	group_hm AS group_no,
	yz_lb AS order_type,
	yz_category AS order_category,
	yz_content AS order_content,
	yp_cd AS drug_code,
	xm_cd AS item_code,
	c_dose AS dose,
	dose_dw AS dose_unit,
	c_frequency AS frequency,
	c_route AS route,
	yz_dt AS order_time,
	start_dt AS start_time,
	stop_dt AS stop_time,
	yz_ys_cd AS order_doctor_code,
	exec_ks_cd AS exec_dept_code,
	yz_zt AS order_status,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM ip_advice
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, yz_no;
