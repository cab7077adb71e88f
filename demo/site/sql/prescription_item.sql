-- prescription_item (处方明细) from the demo HIS table op_recipe_detail.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	rx_xm_no AS rx_item_id,
	rx_hm AS rx_no,
	xm_xh AS item_seq,
	rx_dt AS rx_time,
	yp_cd AS drug_code,
	yp_nm AS drug_name,
	c_spec AS spec,
	yp_form AS drug_form,
	c_dose AS dose,
	dose_dw AS dose_unit,
	c_frequency AS frequency,
	c_route AS route,
	c_days AS days,
	sl AS quantity,
	sl_dw AS quantity_unit,
	dw_dj AS unit_price,
	je AS amount,
	group_hm AS group_no,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM op_recipe_detail
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, rx_xm_no;
