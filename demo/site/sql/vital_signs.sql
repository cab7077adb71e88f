-- vital_signs (生命体征记录) from the demo HIS table nis_vital.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	record_no AS record_id,
	pat_no AS patient_id,
	jz_lb AS visit_type,
	jz_no AS visit_id,
	zy_no AS inpatient_id,
	measure_dt AS measure_time,
	c_temperature AS temperature,
	c_pulse AS pulse,
	c_respiration AS respiration,
	c_systolic_bp AS systolic_bp,
	c_diastolic_bp AS diastolic_bp,
	c_spo2 AS spo2,
	c_height_cm AS height_cm,
	c_weight_kg AS weight_kg,
	ks_cd AS dept_code,
	nurse_cd AS nurse_code,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM nis_vital
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, record_no;
