-- admission (入院登记) from the demo HIS table ip_inhos.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	zy_no AS inpatient_id,
	pat_no AS patient_id,
	zy_hm AS inpatient_no,
	ry_cs AS admission_count,
	ry_dt AS admit_time,
	ry_ks_cd AS admit_dept_code,
	ward_cd AS ward_code,
	bed_hm AS bed_no,
	ry_route AS admission_route,
	ry_condition AS admit_condition,
	mz_hm AS outpatient_no,
	ry_zd_cd AS admit_diag_code,
	ry_zd_nm AS admit_diag_name,
	attending_ys_cd AS attending_doctor_code,
	c_payment_method AS payment_method,
	deposit_je AS deposit_amount,
	cy_dt AS discharge_time,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM ip_inhos
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, zy_no;
