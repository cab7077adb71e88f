-- exam_report (检查报告) from the demo HIS table ris_report.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	bg_hm AS report_no,
	pat_no AS patient_id,
	jz_lb AS visit_type,
	jz_no AS visit_id,
	zy_no AS inpatient_id,
	sq_dt AS apply_time,
	sq_ks_cd AS apply_dept_code,
	sq_ys_cd AS apply_doctor_code,
	c_modality AS modality,
	jc_xm_nm AS exam_item_name,
	c_body_part AS body_part,
	jc_dt AS exam_time,
	bg_dt AS report_time,
	c_findings AS findings,
	c_impression AS impression,
	positive_bz AS positive_flag,
	critical_bz AS critical_flag,
	c_study_uid AS study_uid,
	jc_ks_cd AS exam_dept_code,
	reporter_cd AS reporter_code,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM ris_report
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, bg_hm;
