-- outpatient_diagnosis (门急诊诊断记录) from the demo HIS table op_diag.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	zd_no AS diag_id,
	jz_no AS visit_id,
	pat_no AS patient_id,
	zd_xh AS diag_seq,
	diagnosis_lb AS diagnosis_type,
	zd_cd AS diag_code,
	zd_nm AS diag_name,
	tcm_disease_cd AS tcm_disease_code,
	tcm_disease_nm AS tcm_disease_name,
	tcm_syndrome_cd AS tcm_syndrome_code,
	tcm_syndrome_nm AS tcm_syndrome_name,
	zd_dt AS diag_time,
	ys_cd AS doctor_code,
	infectious_bz AS infectious_flag,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM op_diag
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, zd_no;
