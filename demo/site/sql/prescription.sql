-- prescription (处方主表) from the demo HIS table op_recipe.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	rx_hm AS rx_no,
	jz_no AS visit_id,
	pat_no AS patient_id,
	rx_lb AS rx_type,
	c_rx_class AS rx_class,
	rx_dt AS rx_time,
	ks_cd AS dept_code,
	ys_cd AS doctor_code,
	zd_cd AS diag_code,
	zd_nm AS diag_name,
	c_herb_doses AS herb_doses,
	zje_je AS total_amount,
	reviewer_cd AS reviewer_code,
	review_dt AS review_time,
	dispenser_cd AS dispenser_code,
	dispense_dt AS dispense_time,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM op_recipe
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, rx_hm;
