-- org_info (医疗机构信息) from the demo HIS table sys_hospital.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT org_cd AS org_code,
	org_nm AS org_name,
	org_lb AS org_type,
	c_org_level AS org_level,
	c_org_grade AS org_grade,
	c_admin_division AS admin_division,
	dz AS address,
	c_postcode AS postcode,
	tel AS phone,
	license_hm AS license_no,
	c_license_valid_to AS license_valid_to,
	c_approved_beds AS approved_beds,
	c_open_beds AS open_beds,
	it_contact_nm AS it_contact_name,
	it_contact_tel AS it_contact_phone,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM sys_hospital
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, modify_dt;
