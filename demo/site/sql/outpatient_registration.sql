-- outpatient_registration (门急诊挂号记录) from the demo HIS table op_register.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	reg_no AS reg_id,
	pat_no AS patient_id,
	mz_hm AS outpatient_no,
	appointment_no AS appointment_id,
	reg_dt AS reg_time,
	jz_lb AS visit_type,
	reg_lb AS reg_type,
	ks_cd AS dept_code,
	emp_cd AS staff_code,
	reg_fy AS reg_fee,
	zd_fy AS diag_fee,
	c_payment_method AS payment_method,
	first_jz_bz AS first_visit_flag,
	reg_zt AS reg_status,
	return_dt AS return_time,
	operator_cd AS operator_code,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM op_register
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, reg_no;
