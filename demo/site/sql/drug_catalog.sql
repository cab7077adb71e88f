-- drug_catalog (药品目录) from the demo HIS table pha_drug_dict.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	yp_cd AS drug_code,
	yp_nm AS drug_name,
	generic_nm AS generic_name,
	insurance_yp_cd AS insurance_drug_code,
	yp_category AS drug_category,
	yp_form AS drug_form,
	c_spec AS spec,
	pack_dw AS pack_unit,
	min_dw AS min_unit,
	c_pack_qty AS pack_qty,
	c_manufacturer AS manufacturer,
	essential_bz AS essential_flag,
	antibacterial_bz AS antibacterial_flag,
	c_antibacterial_level AS antibacterial_level,
	c_control_class AS control_class,
	retail_dj AS retail_price,
	c_insurance_class AS insurance_class,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM pha_drug_dict
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, yp_cd;
