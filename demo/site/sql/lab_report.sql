-- lab_report (检验报告) from the demo HIS table lis_report.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	bg_hm AS report_no,
	pat_no AS patient_id,
	jz_lb AS visit_type,
	jz_no AS visit_id,
	zy_no AS inpatient_id,
	sq_hm AS apply_no,
	sq_dt AS apply_time,
	sq_ks_cd AS apply_dept_code,
	sq_ys_cd AS apply_doctor_code,
	bg_title AS report_title,
	specimen_lb AS specimen_type,
	collect_dt AS collect_time,
	receive_dt AS receive_time,
	bg_dt AS report_time,
	lab_ks_cd AS lab_dept_code,
	tester_cd AS tester_code,
	reviewer_cd AS reviewer_code,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM lis_report
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, bg_hm;
