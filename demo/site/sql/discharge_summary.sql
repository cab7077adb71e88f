-- discharge_summary (出院小结) from the demo HIS table emr_discharge_note.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	summary_no AS summary_id,
	zy_no AS inpatient_id,
	pat_no AS patient_id,
	ry_dt AS admit_time,
	cy_dt AS discharge_time,
	zy_days AS inpatient_days,
	ry_situation AS admit_situation,
	c_treatment_course AS treatment_course,
	cy_situation AS discharge_situation,
	cy_zd_cd AS discharge_diag_code,
	cy_zd_nm AS discharge_diag_name,
	cy_yz AS discharge_order,
	cy_method AS discharge_method,
	attending_ys_cd AS attending_doctor_code,
	sign_dt AS sign_time,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM emr_discharge_note
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, summary_no;
