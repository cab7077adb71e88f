-- patient_info (患者基本信息) from the demo HIS table his_patient.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	pat_no AS patient_id,
	nm AS name,
	xb AS sex,
	CASE WHEN length(cs_rq) = 8 THEN substr(cs_rq, 1, 4) || '-' || substr(cs_rq, 5, 2) || '-' || substr(cs_rq, 7, 2) ELSE cs_rq END AS birth_date,
	no_lb AS id_type,
	no_hm AS id_no,
	no_kh_hm AS id_card_no,
	c_nationality AS nationality,
	c_ethnicity AS ethnicity,
	marital_zt AS marital_status,
	c_occupation AS occupation,
	tel AS phone,
	dz AS address,
	dz_division AS address_division,
	contact_nm AS contact_name,
	c_contact_relation AS contact_relation,
	contact_tel AS contact_phone,
	c_abo_blood AS abo_blood,
	c_rh_blood AS rh_blood,
	insurance_kh_hm AS insurance_card_no,
	health_kh_hm AS health_card_no,
	create_dt AS create_time,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM his_patient
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, pat_no;
