-- outpatient_visit (门急诊就诊记录) from the demo HIS table op_encounter.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	jz_no AS visit_id,
	reg_no AS reg_id,
	pat_no AS patient_id,
	mz_hm AS outpatient_no,
	jz_lb AS visit_type,
	jz_dt AS visit_time,
	ks_cd AS dept_code,
	ys_cd AS doctor_code,
	ys_nm AS doctor_name,
	c_age_years AS age_years,
	c_chief_complaint AS chief_complaint,
	c_present_illness AS present_illness,
	c_past_history AS past_history,
	c_allergy_history AS allergy_history,
	main_zd_cd AS main_diag_code,
	main_zd_nm AS main_diag_name,
	c_payment_method AS payment_method,
	end_dt AS end_time,
	referral_bz AS referral_flag,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM op_encounter
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, jz_no;
