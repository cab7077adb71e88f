-- surgery (手术记录) from the demo HIS table or_operation.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	surgery_no AS surgery_id,
	zy_no AS inpatient_id,
	pat_no AS patient_id,
	surgery_xh AS surgery_seq,
	ss_cd AS operation_code,
	ss_nm AS operation_name,
	c_surgery_level AS surgery_level,
	c_incision_class AS incision_class,
	c_healing_grade AS healing_grade,
	c_anesthesia_method AS anesthesia_method,
	c_asa_grade AS asa_grade,
	start_dt AS start_time,
	end_dt AS end_time,
	surgeon_cd AS surgeon_code,
	assistant_cd AS assistant_code,
	anesthetist_cd AS anesthetist_code,
	preop_zd_cd AS preop_diag_code,
	postop_zd_cd AS postop_diag_code,
	c_blood_loss_ml AS blood_loss_ml,
	emergency_bz AS emergency_flag,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM or_operation
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, surgery_no;
