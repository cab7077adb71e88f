-- staff_info (医护人员信息) from the demo HIS table his_employee.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	emp_cd AS staff_code,
	nm AS name,
	xb AS sex,
	CASE WHEN length(cs_rq) = 8 THEN substr(cs_rq, 1, 4) || '-' || substr(cs_rq, 5, 2) || '-' || substr(cs_rq, 7, 2) ELSE cs_rq END AS birth_date,
	no_kh_hm AS id_card_no,
	tel AS phone,
	dz AS address,
	ks_cd AS dept_code,
	emp_lb AS staff_type,
	title_cd AS title_code,
	practice_cert_hm AS practice_cert_no,
	qualification_cert_hm AS qualification_cert_no,
	c_practice_scope AS practice_scope,
	hire_rq AS hire_date,
	c_prescribe_right AS prescribe_right,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM his_employee
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, emp_cd;
