-- charge_item_catalog (收费项目目录) from the demo HIS table fin_item_price.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	xm_cd AS item_code,
	xm_nm AS item_name,
	xm_lb AS item_type,
	fy_category AS fee_category,
	national_xm_cd AS national_item_code,
	dj_dw AS price_unit,
	dw_dj AS unit_price,
	insurance_cd AS insurance_code,
	c_insurance_class AS insurance_class,
	start_rq AS start_date,
	end_rq AS end_date,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM fin_item_price
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, xm_cd;
