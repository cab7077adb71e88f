-- dept_info (科室信息) from the demo HIS table his_dept_dict.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	ks_cd AS dept_code,
	ks_nm AS dept_name,
	ks_lb AS dept_type,
	ks_category AS dept_category,
	parent_ks_cd AS parent_dept_code,
	mz_bz AS outpatient_flag,
	zy_bz AS inpatient_flag,
	c_beds AS beds,
	tel AS phone,
	director_cd AS director_code,
	established_rq AS established_date,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM his_dept_dict
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, ks_cd;
