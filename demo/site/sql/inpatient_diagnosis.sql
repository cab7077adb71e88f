-- inpatient_diagnosis (住院诊断记录) from the demo HIS table ip_diag.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	zd_no AS diag_id,
	zy_no AS inpatient_id,
	pat_no AS patient_id,
	zd_stage AS diag_stage,
	zd_xh AS diag_seq,
	diagnosis_lb AS diagnosis_type,
	zd_cd AS diag_code,
	zd_nm AS diag_name,
	ry_illness AS admission_illness,
	zd_dt AS diag_time,
	ys_cd AS doctor_code,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM ip_diag
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, zd_no;
