-- hospital.sql - the demo hospital's HIS (vendor schema), written by
-- demo/author.py: same bytes every run, no randomness.
PRAGMA synchronous = OFF;
BEGIN;

CREATE TABLE sys_hospital (
	org_cd TEXT,
	org_nm TEXT,
	org_lb TEXT,
	c_org_level TEXT,
	c_org_grade TEXT,
	c_admin_division TEXT,
	dz TEXT,
	c_postcode TEXT,
	tel TEXT,
	license_hm TEXT,
	c_license_valid_to TEXT,
	c_approved_beds TEXT,
	c_open_beds TEXT,
	it_contact_nm TEXT,
	it_contact_tel TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE his_dept_dict (
	ks_cd TEXT,
	ks_nm TEXT,
	ks_lb TEXT,
	ks_category TEXT,
	parent_ks_cd TEXT,
	mz_bz TEXT,
	zy_bz TEXT,
	c_beds TEXT,
	tel TEXT,
	director_cd TEXT,
	established_rq TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE his_employee (
	emp_cd TEXT,
	nm TEXT,
	xb TEXT,
	cs_rq TEXT,
	no_kh_hm TEXT,
	tel TEXT,
	dz TEXT,
	ks_cd TEXT,
	emp_lb TEXT,
	title_cd TEXT,
	practice_cert_hm TEXT,
	qualification_cert_hm TEXT,
	c_practice_scope TEXT,
	hire_rq TEXT,
	c_prescribe_right TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE pha_drug_dict (
	yp_cd TEXT,
	yp_nm TEXT,
	generic_nm TEXT,
	insurance_yp_cd TEXT,
	yp_category TEXT,
	yp_form TEXT,
	c_spec TEXT,
	pack_dw TEXT,
	min_dw TEXT,
	c_pack_qty TEXT,
	c_manufacturer TEXT,
	essential_bz TEXT,
	antibacterial_bz TEXT,
	c_antibacterial_level TEXT,
	c_control_class TEXT,
	retail_dj TEXT,
	c_insurance_class TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE fin_item_price (
	xm_cd TEXT,
	xm_nm TEXT,
	xm_lb TEXT,
	fy_category TEXT,
	national_xm_cd TEXT,
	dj_dw TEXT,
	dw_dj TEXT,
	insurance_cd TEXT,
	c_insurance_class TEXT,
	start_rq TEXT,
	end_rq TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE his_patient (
	pat_no TEXT,
	nm TEXT,
	xb TEXT,
	cs_rq TEXT,
	no_lb TEXT,
	no_hm TEXT,
	no_kh_hm TEXT,
	c_nationality TEXT,
	c_ethnicity TEXT,
	marital_zt TEXT,
	c_occupation TEXT,
	tel TEXT,
	dz TEXT,
	dz_division TEXT,
	contact_nm TEXT,
	c_contact_relation TEXT,
	contact_tel TEXT,
	c_abo_blood TEXT,
	c_rh_blood TEXT,
	insurance_kh_hm TEXT,
	health_kh_hm TEXT,
	create_dt TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE reg_booking (
	appointment_no TEXT,
	pat_no TEXT,
	c_channel TEXT,
	book_dt TEXT,
	appoint_rq TEXT,
	dt_slot TEXT,
	ks_cd TEXT,
	emp_cd TEXT,
	reg_lb TEXT,
	zt TEXT,
	cancel_dt TEXT,
	c_cancel_reason TEXT,
	source_hm TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE op_register (
	reg_no TEXT,
	pat_no TEXT,
	mz_hm TEXT,
	appointment_no TEXT,
	reg_dt TEXT,
	jz_lb TEXT,
	reg_lb TEXT,
	ks_cd TEXT,
	emp_cd TEXT,
	reg_fy TEXT,
	zd_fy TEXT,
	c_payment_method TEXT,
	first_jz_bz TEXT,
	reg_zt TEXT,
	return_dt TEXT,
	operator_cd TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE op_encounter (
	jz_no TEXT,
	reg_no TEXT,
	pat_no TEXT,
	mz_hm TEXT,
	jz_lb TEXT,
	jz_dt TEXT,
	ks_cd TEXT,
	ys_cd TEXT,
	ys_nm TEXT,
	c_age_years TEXT,
	c_chief_complaint TEXT,
	c_present_illness TEXT,
	c_past_history TEXT,
	c_allergy_history TEXT,
	main_zd_cd TEXT,
	main_zd_nm TEXT,
	c_payment_method TEXT,
	end_dt TEXT,
	referral_bz TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE op_diag (
	zd_no TEXT,
	jz_no TEXT,
	pat_no TEXT,
	zd_xh TEXT,
	diagnosis_lb TEXT,
	zd_cd TEXT,
	zd_nm TEXT,
	tcm_disease_cd TEXT,
	tcm_disease_nm TEXT,
	tcm_syndrome_cd TEXT,
	tcm_syndrome_nm TEXT,
	zd_dt TEXT,
	ys_cd TEXT,
	infectious_bz TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE op_recipe (
	rx_hm TEXT,
	jz_no TEXT,
	pat_no TEXT,
	rx_lb TEXT,
	c_rx_class TEXT,
	rx_dt TEXT,
	ks_cd TEXT,
	ys_cd TEXT,
	zd_cd TEXT,
	zd_nm TEXT,
	c_herb_doses TEXT,
	zje_je TEXT,
	reviewer_cd TEXT,
	review_dt TEXT,
	dispenser_cd TEXT,
	dispense_dt TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE op_recipe_detail (
	rx_xm_no TEXT,
	rx_hm TEXT,
	xm_xh TEXT,
	rx_dt TEXT,
	yp_cd TEXT,
	yp_nm TEXT,
	c_spec TEXT,
	yp_form TEXT,
	c_dose TEXT,
	dose_dw TEXT,
	c_frequency TEXT,
	c_route TEXT,
	c_days TEXT,
	sl TEXT,
	sl_dw TEXT,
	dw_dj TEXT,
	je TEXT,
	group_hm TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE op_fee_item (
	fy_detail_no TEXT,
	jz_no TEXT,
	pat_no TEXT,
	js_hm TEXT,
	charge_dt TEXT,
	xm_lb TEXT,
	yp_cd TEXT,
	xm_cd TEXT,
	xm_nm TEXT,
	fy_category TEXT,
	sl TEXT,
	dw_dj TEXT,
	je TEXT,
	yz_ks_cd TEXT,
	yz_ys_cd TEXT,
	exec_ks_cd TEXT,
	rx_hm TEXT,
	c_insurance_class TEXT,
	refund_bz TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE op_balance (
	js_hm TEXT,
	jz_no TEXT,
	pat_no TEXT,
	settle_dt TEXT,
	js_lb TEXT,
	c_payment_method TEXT,
	zje_je TEXT,
	c_fund_pay TEXT,
	c_account_pay TEXT,
	c_self_pay TEXT,
	c_other_pay TEXT,
	invoice_hm TEXT,
	insurance_settle_no TEXT,
	cashier_cd TEXT,
	original_js_hm TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE ip_inhos (
	zy_no TEXT,
	pat_no TEXT,
	zy_hm TEXT,
	ry_cs TEXT,
	ry_dt TEXT,
	ry_ks_cd TEXT,
	ward_cd TEXT,
	bed_hm TEXT,
	ry_route TEXT,
	ry_condition TEXT,
	mz_hm TEXT,
	ry_zd_cd TEXT,
	ry_zd_nm TEXT,
	attending_ys_cd TEXT,
	c_payment_method TEXT,
	deposit_je TEXT,
	cy_dt TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE ip_diag (
	zd_no TEXT,
	zy_no TEXT,
	pat_no TEXT,
	zd_stage TEXT,
	zd_xh TEXT,
	diagnosis_lb TEXT,
	zd_cd TEXT,
	zd_nm TEXT,
	ry_illness TEXT,
	zd_dt TEXT,
	ys_cd TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE ip_advice (
	yz_no TEXT,
	zy_no TEXT,
	pat_no TEXT,
	group_hm TEXT,
	yz_lb TEXT,
	yz_category TEXT,
	yz_content TEXT,
	yp_cd TEXT,
	xm_cd TEXT,
	c_dose TEXT,
	dose_dw TEXT,
	c_frequency TEXT,
	c_route TEXT,
	yz_dt TEXT,
	start_dt TEXT,
	stop_dt TEXT,
	yz_ys_cd TEXT,
	exec_ks_cd TEXT,
	yz_zt TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE ip_fee_item (
	fy_detail_no TEXT,
	zy_no TEXT,
	pat_no TEXT,
	js_hm TEXT,
	yz_no TEXT,
	charge_dt TEXT,
	xm_lb TEXT,
	yp_cd TEXT,
	xm_cd TEXT,
	xm_nm TEXT,
	fy_category TEXT,
	sl TEXT,
	dw_dj TEXT,
	je TEXT,
	yz_ks_cd TEXT,
	exec_ks_cd TEXT,
	c_insurance_class TEXT,
	refund_bz TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE ip_balance (
	js_hm TEXT,
	zy_no TEXT,
	pat_no TEXT,
	settle_dt TEXT,
	js_lb TEXT,
	bill_start_rq TEXT,
	bill_end_rq TEXT,
	c_payment_method TEXT,
	zje_je TEXT,
	c_fund_pay TEXT,
	c_account_pay TEXT,
	c_self_pay TEXT,
	c_other_pay TEXT,
	c_deposit_offset TEXT,
	invoice_hm TEXT,
	insurance_settle_no TEXT,
	cashier_cd TEXT,
	original_js_hm TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE ip_transfer_log (
	transfer_no TEXT,
	zy_no TEXT,
	pat_no TEXT,
	transfer_lb TEXT,
	from_ks_cd TEXT,
	to_ks_cd TEXT,
	from_ward_cd TEXT,
	to_ward_cd TEXT,
	out_dt TEXT,
	in_dt TEXT,
	c_reason TEXT,
	operator_cd TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE emr_discharge_note (
	summary_no TEXT,
	zy_no TEXT,
	pat_no TEXT,
	ry_dt TEXT,
	cy_dt TEXT,
	zy_days TEXT,
	ry_situation TEXT,
	c_treatment_course TEXT,
	cy_situation TEXT,
	cy_zd_cd TEXT,
	cy_zd_nm TEXT,
	cy_yz TEXT,
	cy_method TEXT,
	attending_ys_cd TEXT,
	sign_dt TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE mr_homepage (
	zy_no TEXT,
	pat_no TEXT,
	medical_record_hm TEXT,
	ry_cs TEXT,
	nm TEXT,
	xb TEXT,
	cs_rq TEXT,
	no_kh_hm TEXT,
	c_payment_method TEXT,
	ry_route TEXT,
	ry_dt TEXT,
	ry_ks_cd TEXT,
	cy_dt TEXT,
	cy_ks_cd TEXT,
	zy_days TEXT,
	main_zd_cd TEXT,
	main_zd_nm TEXT,
	main_ss_cd TEXT,
	main_ss_nm TEXT,
	c_abo_blood TEXT,
	c_rh_blood TEXT,
	cy_method TEXT,
	c_readmission_plan TEXT,
	zje_cost TEXT,
	c_self_pay_cost TEXT,
	attending_cd TEXT,
	c_record_quality TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE or_operation (
	surgery_no TEXT,
	zy_no TEXT,
	pat_no TEXT,
	surgery_xh TEXT,
	ss_cd TEXT,
	ss_nm TEXT,
	c_surgery_level TEXT,
	c_incision_class TEXT,
	c_healing_grade TEXT,
	c_anesthesia_method TEXT,
	c_asa_grade TEXT,
	start_dt TEXT,
	end_dt TEXT,
	surgeon_cd TEXT,
	assistant_cd TEXT,
	anesthetist_cd TEXT,
	preop_zd_cd TEXT,
	postop_zd_cd TEXT,
	c_blood_loss_ml TEXT,
	emergency_bz TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE lis_report (
	bg_hm TEXT,
	pat_no TEXT,
	jz_lb TEXT,
	jz_no TEXT,
	zy_no TEXT,
	sq_hm TEXT,
	sq_dt TEXT,
	sq_ks_cd TEXT,
	sq_ys_cd TEXT,
	bg_title TEXT,
	specimen_lb TEXT,
	collect_dt TEXT,
	receive_dt TEXT,
	bg_dt TEXT,
	lab_ks_cd TEXT,
	tester_cd TEXT,
	reviewer_cd TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE lis_result_item (
	jg_no TEXT,
	bg_hm TEXT,
	pat_no TEXT,
	xm_xh TEXT,
	xm_cd TEXT,
	xm_nm TEXT,
	loinc_cd TEXT,
	jg_lb TEXT,
	jg_value TEXT,
	jg_dw TEXT,
	c_reference_range TEXT,
	c_ref_low TEXT,
	c_ref_high TEXT,
	jg_bz TEXT,
	bg_dt TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE ris_report (
	bg_hm TEXT,
	pat_no TEXT,
	jz_lb TEXT,
	jz_no TEXT,
	zy_no TEXT,
	sq_dt TEXT,
	sq_ks_cd TEXT,
	sq_ys_cd TEXT,
	c_modality TEXT,
	jc_xm_nm TEXT,
	c_body_part TEXT,
	jc_dt TEXT,
	bg_dt TEXT,
	c_findings TEXT,
	c_impression TEXT,
	positive_bz TEXT,
	critical_bz TEXT,
	c_study_uid TEXT,
	jc_ks_cd TEXT,
	reporter_cd TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

CREATE TABLE nis_vital (
	record_no TEXT,
	pat_no TEXT,
	jz_lb TEXT,
	jz_no TEXT,
	zy_no TEXT,
	measure_dt TEXT,
	c_temperature TEXT,
	c_pulse TEXT,
	c_respiration TEXT,
	c_systolic_bp TEXT,
	c_diastolic_bp TEXT,
	c_spo2 TEXT,
	c_height_cm TEXT,
	c_weight_kg TEXT,
	ks_cd TEXT,
	nurse_cd TEXT,
	del_flag TEXT,
	modify_dt TEXT
);

-- sys_hospital: 1 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1),
idx(n, d, k) AS (SELECT n, (n - 1) / 1, (n - 1) % 1 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-28 07:00:00') FROM idx)
INSERT INTO sys_hospital (org_cd, org_nm, org_lb, c_org_level, c_org_grade, c_admin_division, dz, c_postcode, tel, license_hm, c_license_valid_to, c_approved_beds, c_open_beds, it_contact_nm, it_contact_tel, del_flag, modify_dt)
SELECT '124115004170483179',
	(CASE WHEN n % 67 = 0 THEN NULL ELSE '医疗机构名称' || n END),
	(CASE (n * 7 + 3) % 12 WHEN 0 THEN 'A1' WHEN 1 THEN 'A2' WHEN 2 THEN 'A3' WHEN 3 THEN 'A4' WHEN 4 THEN 'A5' WHEN 5 THEN 'A6' WHEN 6 THEN 'B1' WHEN 7 THEN 'B2' WHEN 8 THEN 'C1' WHEN 9 THEN 'C2' WHEN 10 THEN 'D1' WHEN 11 THEN 'D2' END),
	(CASE (n * 7 + 4) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '9' END),
	(CASE (n * 7 + 5) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '9' END),
	'110101',
	'机构地址' || n,
	'100000',
	'13' || printf('%09d', (n * 7919) % 1000000000),
	'PDY00001X110101',
	'2030/12/31',
	CAST(500 AS TEXT),
	CAST(480 AS TEXT),
	substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + n % 20, 1) || (CASE n % 20 WHEN 0 THEN '伟' WHEN 1 THEN '芳' WHEN 2 THEN '娜' WHEN 3 THEN '秀英' WHEN 4 THEN '敏' WHEN 5 THEN '静' WHEN 6 THEN '丽' WHEN 7 THEN '强' WHEN 8 THEN '磊' WHEN 9 THEN '军' WHEN 10 THEN '洋' WHEN 11 THEN '勇' WHEN 12 THEN '艳' WHEN 13 THEN '杰' WHEN 14 THEN '娟' WHEN 15 THEN '涛' WHEN 16 THEN '明' WHEN 17 THEN '超' WHEN 18 THEN '秀兰' WHEN 19 THEN '霞' END),
	'13' || printf('%09d', (n * 7919) % 1000000000),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- his_dept_dict: 30 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 30),
idx(n, d, k) AS (SELECT n, (n - 1) / 30, (n - 1) % 30 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 06:00:00', '+' || ((n - 1) % 3) || ' days', '+' || (n * 53 % 50000) || ' seconds') FROM idx)
INSERT INTO his_dept_dict (ks_cd, ks_nm, ks_lb, ks_category, parent_ks_cd, mz_bz, zy_bz, c_beds, tel, director_cd, established_rq, del_flag, modify_dt)
SELECT printf('%04d', 1000 + (n)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE '科室名称' || n END),
	(CASE (n * 7 + 3) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '9' END),
	(CASE (n * 7 + 4) % 37 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '03.01' WHEN 4 THEN '03.02' WHEN 5 THEN '03.03' WHEN 6 THEN '03.04' WHEN 7 THEN '03.06' WHEN 8 THEN '03.07' WHEN 9 THEN '04' WHEN 10 THEN '04.01' WHEN 11 THEN '04.02' WHEN 12 THEN '04.03' WHEN 13 THEN '04.04' WHEN 14 THEN '04.05' WHEN 15 THEN '05' WHEN 16 THEN '05.01' WHEN 17 THEN '05.02' WHEN 18 THEN '07' WHEN 19 THEN '08' WHEN 20 THEN '10' WHEN 21 THEN '11' WHEN 22 THEN '12' WHEN 23 THEN '13' WHEN 24 THEN '15' WHEN 25 THEN '16' WHEN 26 THEN '19' WHEN 27 THEN '20' WHEN 28 THEN '21' WHEN 29 THEN '26' WHEN 30 THEN '28' WHEN 31 THEN '30' WHEN 32 THEN '31' WHEN 33 THEN '32' WHEN 34 THEN '50' WHEN 35 THEN '52' WHEN 36 THEN '69' END),
	printf('%04d', 1000 + ((((n - 1) % 5) - max(0, ((n - 1) % 5) % 3 - ((n - 1) % 3)) + 1))),
	(CASE (n * 7 + 6) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE (n * 7 + 7) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	CAST(40 AS TEXT),
	'13' || printf('%09d', (n * 7919) % 1000000000),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - ((n - 1) % 3)) + 1)),
	'2010-01-01',
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- his_employee: 120 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 120),
idx(n, d, k) AS (SELECT n, (n - 1) / 120, (n - 1) % 120 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 06:00:00', '+' || ((n - 1) % 3) || ' days', '+' || (n * 53 % 50000) || ' seconds') FROM idx)
INSERT INTO his_employee (emp_cd, nm, xb, cs_rq, no_kh_hm, tel, dz, ks_cd, emp_lb, title_cd, practice_cert_hm, qualification_cert_hm, c_practice_scope, hire_rq, c_prescribe_right, del_flag, modify_dt)
SELECT 'E' || printf('%08d', n),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + n % 20, 1) || (CASE n % 20 WHEN 0 THEN '伟' WHEN 1 THEN '芳' WHEN 2 THEN '娜' WHEN 3 THEN '秀英' WHEN 4 THEN '敏' WHEN 5 THEN '静' WHEN 6 THEN '丽' WHEN 7 THEN '强' WHEN 8 THEN '磊' WHEN 9 THEN '军' WHEN 10 THEN '洋' WHEN 11 THEN '勇' WHEN 12 THEN '艳' WHEN 13 THEN '杰' WHEN 14 THEN '娟' WHEN 15 THEN '涛' WHEN 16 THEN '明' WHEN 17 THEN '超' WHEN 18 THEN '秀兰' WHEN 19 THEN '霞' END) END),
	(CASE (n * 3 + 3) % 4 WHEN 0 THEN 'M' WHEN 1 THEN 'F' WHEN 2 THEN 'U' WHEN 3 THEN 'X' END),
	strftime('%Y%m%d', '1960-01-01', '+' || ((n * 211) % 14000) || ' days'),
	(SELECT b17 || substr('10X98765432', (CAST(substr(b17, 1, 1) AS INTEGER) * 7 + CAST(substr(b17, 2, 1) AS INTEGER) * 9 + CAST(substr(b17, 3, 1) AS INTEGER) * 10 + CAST(substr(b17, 4, 1) AS INTEGER) * 5 + CAST(substr(b17, 5, 1) AS INTEGER) * 8 + CAST(substr(b17, 6, 1) AS INTEGER) * 4 + CAST(substr(b17, 7, 1) AS INTEGER) * 2 + CAST(substr(b17, 8, 1) AS INTEGER) * 1 + CAST(substr(b17, 9, 1) AS INTEGER) * 6 + CAST(substr(b17, 10, 1) AS INTEGER) * 3 + CAST(substr(b17, 11, 1) AS INTEGER) * 7 + CAST(substr(b17, 12, 1) AS INTEGER) * 9 + CAST(substr(b17, 13, 1) AS INTEGER) * 10 + CAST(substr(b17, 14, 1) AS INTEGER) * 5 + CAST(substr(b17, 15, 1) AS INTEGER) * 8 + CAST(substr(b17, 16, 1) AS INTEGER) * 4 + CAST(substr(b17, 17, 1) AS INTEGER) * 2) % 11 + 1, 1) FROM (SELECT '110101' || strftime('%Y%m%d', '1960-01-01', '+' || ((n * 211) % 14000) || ' days') || printf('%03d', n % 1000) AS b17)),
	'13' || printf('%09d', (n * 7919) % 1000000000),
	'现住址' || n,
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - ((n - 1) % 3)) + 1))),
	(CASE (n * 7 + 9) % 7 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '6' WHEN 6 THEN '9' END),
	(CASE (n * 7 + 10) % 20 WHEN 0 THEN '231' WHEN 1 THEN '232' WHEN 2 THEN '233' WHEN 3 THEN '234' WHEN 4 THEN '235' WHEN 5 THEN '241' WHEN 6 THEN '242' WHEN 7 THEN '243' WHEN 8 THEN '244' WHEN 9 THEN '245' WHEN 10 THEN '251' WHEN 11 THEN '252' WHEN 12 THEN '253' WHEN 13 THEN '254' WHEN 14 THEN '255' WHEN 15 THEN '261' WHEN 16 THEN '262' WHEN 17 THEN '263' WHEN 18 THEN '264' WHEN 19 THEN '265' END),
	'PR' || printf('%06d', n),
	'QU' || printf('%06d', n),
	'执业范围' || n,
	'2015-07-01',
	(CASE (n * 7 + 15) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- pha_drug_dict: 200 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 200),
idx(n, d, k) AS (SELECT n, (n - 1) / 200, (n - 1) % 200 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 06:00:00', '+' || ((n - 1) % 3) || ' days', '+' || (n * 53 % 50000) || ' seconds') FROM idx)
INSERT INTO pha_drug_dict (yp_cd, yp_nm, generic_nm, insurance_yp_cd, yp_category, yp_form, c_spec, pack_dw, min_dw, c_pack_qty, c_manufacturer, essential_bz, antibacterial_bz, c_antibacterial_level, c_control_class, retail_dj, c_insurance_class, del_flag, modify_dt)
SELECT 'Y' || printf('%08d', n),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE '药品名称' || n END),
	'通用名' || n,
	'IN' || printf('%06d', n),
	(CASE (n * 7 + 5) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE (n * 7 + 6) % 23 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '10' WHEN 10 THEN '11' WHEN 11 THEN '12' WHEN 12 THEN '13' WHEN 13 THEN '14' WHEN 14 THEN '15' WHEN 15 THEN '16' WHEN 16 THEN '17' WHEN 17 THEN '18' WHEN 18 THEN '19' WHEN 19 THEN '20' WHEN 20 THEN '21' WHEN 21 THEN '22' WHEN 22 THEN '99' END),
	'规格' || n,
	'包装单位' || n,
	'最小单位' || n,
	CAST(10 + n % 20 AS TEXT),
	'生产企业' || n,
	(CASE (n * 7 + 12) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE (n * 7 + 13) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE (n * 7 + 14) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE (n * 7 + 15) % 6 WHEN 0 THEN '0' WHEN 1 THEN '1' WHEN 2 THEN '2' WHEN 3 THEN '3' WHEN 4 THEN '4' WHEN 5 THEN '5' END),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	(CASE (n * 7 + 17) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- fin_item_price: 150 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 150),
idx(n, d, k) AS (SELECT n, (n - 1) / 150, (n - 1) % 150 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 06:00:00', '+' || ((n - 1) % 3) || ' days', '+' || (n * 53 % 50000) || ' seconds') FROM idx)
INSERT INTO fin_item_price (xm_cd, xm_nm, xm_lb, fy_category, national_xm_cd, dj_dw, dw_dj, insurance_cd, c_insurance_class, start_rq, end_rq, del_flag, modify_dt)
SELECT 'F' || printf('%08d', n),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE '收费项目名称' || n END),
	(CASE (n * 7 + 3) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE (n * 3 + 4) % 12 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '10' WHEN 10 THEN '11' WHEN 11 THEN '12' END),
	'NA' || printf('%06d', n),
	'计价单位' || n,
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	'IN' || printf('%06d', n),
	(CASE (n * 7 + 9) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	'2010-01-01',
	'2030/12/31',
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- his_patient: 600 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 600),
idx(n, d, k) AS (SELECT n, (n - 1) / 200, (n - 1) % 200 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 200) % 54000) || ' seconds') FROM idx)
INSERT INTO his_patient (pat_no, nm, xb, cs_rq, no_lb, no_hm, no_kh_hm, c_nationality, c_ethnicity, marital_zt, c_occupation, tel, dz, dz_division, contact_nm, c_contact_relation, contact_tel, c_abo_blood, c_rh_blood, insurance_kh_hm, health_kh_hm, create_dt, del_flag, modify_dt)
SELECT 'P' || printf('%08d', n),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + n % 20, 1) || (CASE n % 20 WHEN 0 THEN '伟' WHEN 1 THEN '芳' WHEN 2 THEN '娜' WHEN 3 THEN '秀英' WHEN 4 THEN '敏' WHEN 5 THEN '静' WHEN 6 THEN '丽' WHEN 7 THEN '强' WHEN 8 THEN '磊' WHEN 9 THEN '军' WHEN 10 THEN '洋' WHEN 11 THEN '勇' WHEN 12 THEN '艳' WHEN 13 THEN '杰' WHEN 14 THEN '娟' WHEN 15 THEN '涛' WHEN 16 THEN '明' WHEN 17 THEN '超' WHEN 18 THEN '秀兰' WHEN 19 THEN '霞' END) END),
	(CASE (n * 3 + 3) % 4 WHEN 0 THEN 'M' WHEN 1 THEN 'F' WHEN 2 THEN 'U' WHEN 3 THEN 'X' END),
	strftime('%Y%m%d', '1950-01-01', '+' || ((n * 211) % 25000) || ' days'),
	(CASE (n * 3 + 5) % 4 WHEN 0 THEN 'SFZ' WHEN 1 THEN 'HKB' WHEN 2 THEN 'HZ' WHEN 3 THEN 'QT' END),
	(SELECT b17 || substr('10X98765432', (CAST(substr(b17, 1, 1) AS INTEGER) * 7 + CAST(substr(b17, 2, 1) AS INTEGER) * 9 + CAST(substr(b17, 3, 1) AS INTEGER) * 10 + CAST(substr(b17, 4, 1) AS INTEGER) * 5 + CAST(substr(b17, 5, 1) AS INTEGER) * 8 + CAST(substr(b17, 6, 1) AS INTEGER) * 4 + CAST(substr(b17, 7, 1) AS INTEGER) * 2 + CAST(substr(b17, 8, 1) AS INTEGER) * 1 + CAST(substr(b17, 9, 1) AS INTEGER) * 6 + CAST(substr(b17, 10, 1) AS INTEGER) * 3 + CAST(substr(b17, 11, 1) AS INTEGER) * 7 + CAST(substr(b17, 12, 1) AS INTEGER) * 9 + CAST(substr(b17, 13, 1) AS INTEGER) * 10 + CAST(substr(b17, 14, 1) AS INTEGER) * 5 + CAST(substr(b17, 15, 1) AS INTEGER) * 8 + CAST(substr(b17, 16, 1) AS INTEGER) * 4 + CAST(substr(b17, 17, 1) AS INTEGER) * 2) % 11 + 1, 1) FROM (SELECT '110101' || strftime('%Y%m%d', '1950-01-01', '+' || ((n * 211) % 25000) || ' days') || printf('%03d', n % 1000) AS b17)),
	(SELECT b17 || substr('10X98765432', (CAST(substr(b17, 1, 1) AS INTEGER) * 7 + CAST(substr(b17, 2, 1) AS INTEGER) * 9 + CAST(substr(b17, 3, 1) AS INTEGER) * 10 + CAST(substr(b17, 4, 1) AS INTEGER) * 5 + CAST(substr(b17, 5, 1) AS INTEGER) * 8 + CAST(substr(b17, 6, 1) AS INTEGER) * 4 + CAST(substr(b17, 7, 1) AS INTEGER) * 2 + CAST(substr(b17, 8, 1) AS INTEGER) * 1 + CAST(substr(b17, 9, 1) AS INTEGER) * 6 + CAST(substr(b17, 10, 1) AS INTEGER) * 3 + CAST(substr(b17, 11, 1) AS INTEGER) * 7 + CAST(substr(b17, 12, 1) AS INTEGER) * 9 + CAST(substr(b17, 13, 1) AS INTEGER) * 10 + CAST(substr(b17, 14, 1) AS INTEGER) * 5 + CAST(substr(b17, 15, 1) AS INTEGER) * 8 + CAST(substr(b17, 16, 1) AS INTEGER) * 4 + CAST(substr(b17, 17, 1) AS INTEGER) * 2) % 11 + 1, 1) FROM (SELECT '110101' || strftime('%Y%m%d', '1950-01-01', '+' || ((n * 211) % 25000) || ' days') || printf('%03d', n % 1000) AS b17)),
	'CHN',
	(CASE (n * 7 + 9) % 58 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '10' WHEN 10 THEN '11' WHEN 11 THEN '12' WHEN 12 THEN '13' WHEN 13 THEN '14' WHEN 14 THEN '15' WHEN 15 THEN '16' WHEN 16 THEN '17' WHEN 17 THEN '18' WHEN 18 THEN '19' WHEN 19 THEN '20' WHEN 20 THEN '21' WHEN 21 THEN '22' WHEN 22 THEN '23' WHEN 23 THEN '24' WHEN 24 THEN '25' WHEN 25 THEN '26' WHEN 26 THEN '27' WHEN 27 THEN '28' WHEN 28 THEN '29' WHEN 29 THEN '30' WHEN 30 THEN '31' WHEN 31 THEN '32' WHEN 32 THEN '33' WHEN 33 THEN '34' WHEN 34 THEN '35' WHEN 35 THEN '36' WHEN 36 THEN '37' WHEN 37 THEN '38' WHEN 38 THEN '39' WHEN 39 THEN '40' WHEN 40 THEN '41' WHEN 41 THEN '42' WHEN 42 THEN '43' WHEN 43 THEN '44' WHEN 44 THEN '45' WHEN 45 THEN '46' WHEN 46 THEN '47' WHEN 47 THEN '48' WHEN 48 THEN '49' WHEN 49 THEN '50' WHEN 50 THEN '51' WHEN 51 THEN '52' WHEN 52 THEN '53' WHEN 53 THEN '54' WHEN 54 THEN '55' WHEN 55 THEN '56' WHEN 56 THEN '97' WHEN 57 THEN '98' END),
	(CASE WHEN n % 29 = 0 THEN 'WZ' ELSE (CASE (n * 3 + 10) % 5 WHEN 0 THEN 'WH' WHEN 1 THEN 'YH' WHEN 2 THEN 'SO' WHEN 3 THEN 'LY' WHEN 4 THEN 'QT' END) END),
	(CASE (n * 7 + 11) % 13 WHEN 0 THEN '11' WHEN 1 THEN '13' WHEN 2 THEN '17' WHEN 3 THEN '21' WHEN 4 THEN '24' WHEN 5 THEN '27' WHEN 6 THEN '31' WHEN 7 THEN '37' WHEN 8 THEN '51' WHEN 9 THEN '54' WHEN 10 THEN '70' WHEN 11 THEN '80' WHEN 12 THEN '90' END),
	'13' || printf('%09d', (n * 7919) % 1000000000),
	'现住址' || n,
	'110101',
	substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + n % 20, 1) || (CASE n % 20 WHEN 0 THEN '伟' WHEN 1 THEN '芳' WHEN 2 THEN '娜' WHEN 3 THEN '秀英' WHEN 4 THEN '敏' WHEN 5 THEN '静' WHEN 6 THEN '丽' WHEN 7 THEN '强' WHEN 8 THEN '磊' WHEN 9 THEN '军' WHEN 10 THEN '洋' WHEN 11 THEN '勇' WHEN 12 THEN '艳' WHEN 13 THEN '杰' WHEN 14 THEN '娟' WHEN 15 THEN '涛' WHEN 16 THEN '明' WHEN 17 THEN '超' WHEN 18 THEN '秀兰' WHEN 19 THEN '霞' END),
	(CASE (n * 7 + 16) % 8 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '6' WHEN 6 THEN '7' WHEN 7 THEN '9' END),
	'13' || printf('%09d', (n * 7919) % 1000000000),
	(CASE (n * 7 + 18) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '6' END),
	(CASE (n * 7 + 19) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' END),
	'IN' || printf('%06d', n),
	'HE' || printf('%06d', n),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- reg_booking: 450 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 450),
idx(n, d, k) AS (SELECT n, (n - 1) / 150, (n - 1) % 150 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 150) % 54000) || ' seconds') FROM idx)
INSERT INTO reg_booking (appointment_no, pat_no, c_channel, book_dt, appoint_rq, dt_slot, ks_cd, emp_cd, reg_lb, zt, cancel_dt, c_cancel_reason, source_hm, del_flag, modify_dt)
SELECT 'YY' || printf('%08d', n),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE (n * 7 + 3) % 10 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '99' END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	(CASE WHEN n % 67 = 0 THEN '2026-13-45' ELSE strftime('%Y%m%d', bt, '+1 days') END),
	printf('%02d:00-%02d:30', 8 + n % 9, 8 + n % 9),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE (n * 7 + 9) % 7 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '6' WHEN 6 THEN '9' END),
	(CASE (n * 7 + 10) % 5 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	'取消原因' || n,
	CAST(1 + n % 50 AS TEXT),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- op_register: 900 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 900),
idx(n, d, k) AS (SELECT n, (n - 1) / 300, (n - 1) % 300 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 300) % 54000) || ' seconds') FROM idx)
INSERT INTO op_register (reg_no, pat_no, mz_hm, appointment_no, reg_dt, jz_lb, reg_lb, ks_cd, emp_cd, reg_fy, zd_fy, c_payment_method, first_jz_bz, reg_zt, return_dt, operator_cd, del_flag, modify_dt)
SELECT 'GH' || printf('%08d', n),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE 'OU' || printf('%06d', n) END),
	'YY' || printf('%08d', (d * 150 + (k % 150) + 1)),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	(CASE WHEN n % 5 = 0 THEN 'JZ' ELSE 'MZ' END),
	(CASE (n * 7 + 7) % 7 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '6' WHEN 6 THEN '9' END),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	(CASE WHEN n % 37 = 0 THEN '09' ELSE (CASE (n * 3 + 12) % 7 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '99' END) END),
	(CASE (n * 7 + 13) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE (n * 7 + 14) % 2 WHEN 0 THEN '1' WHEN 1 THEN '2' END),
	strftime('%Y/%m/%d %H:%M:%S', bt, '+75 minutes'),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- op_encounter: 900 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 900),
idx(n, d, k) AS (SELECT n, (n - 1) / 300, (n - 1) % 300 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 300) % 54000) || ' seconds') FROM idx)
INSERT INTO op_encounter (jz_no, reg_no, pat_no, mz_hm, jz_lb, jz_dt, ks_cd, ys_cd, ys_nm, c_age_years, c_chief_complaint, c_present_illness, c_past_history, c_allergy_history, main_zd_cd, main_zd_nm, c_payment_method, end_dt, referral_bz, del_flag, modify_dt)
SELECT 'MZ' || printf('%08d', n),
	'GH' || printf('%08d', (d * 300 + (k % 300) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE 'OU' || printf('%06d', n) END),
	(CASE WHEN n % 5 = 0 THEN 'JZ' ELSE 'MZ' END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + n % 20, 1) || (CASE n % 20 WHEN 0 THEN '伟' WHEN 1 THEN '芳' WHEN 2 THEN '娜' WHEN 3 THEN '秀英' WHEN 4 THEN '敏' WHEN 5 THEN '静' WHEN 6 THEN '丽' WHEN 7 THEN '强' WHEN 8 THEN '磊' WHEN 9 THEN '军' WHEN 10 THEN '洋' WHEN 11 THEN '勇' WHEN 12 THEN '艳' WHEN 13 THEN '杰' WHEN 14 THEN '娟' WHEN 15 THEN '涛' WHEN 16 THEN '明' WHEN 17 THEN '超' WHEN 18 THEN '秀兰' WHEN 19 THEN '霞' END),
	CAST(1 + n % 90 AS TEXT),
	'主诉' || n,
	'现病史' || n,
	'既往史' || n,
	'过敏史' || n,
	(CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END),
	(CASE (n) % 8 WHEN 0 THEN '急性上呼吸道感染' WHEN 1 THEN '原发性高血压' WHEN 2 THEN '2型糖尿病' WHEN 3 THEN '胃炎' WHEN 4 THEN '肺炎' WHEN 5 THEN '腰痛' WHEN 6 THEN '泌尿道感染' WHEN 7 THEN '发热' END),
	(CASE (n * 3 + 17) % 7 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '99' END),
	strftime('%Y/%m/%d %H:%M:%S', bt, '+90 minutes'),
	(CASE (n * 7 + 19) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- op_diag: 900 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 900),
idx(n, d, k) AS (SELECT n, (n - 1) / 300, (n - 1) % 300 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 300) % 54000) || ' seconds') FROM idx)
INSERT INTO op_diag (zd_no, jz_no, pat_no, zd_xh, diagnosis_lb, zd_cd, zd_nm, tcm_disease_cd, tcm_disease_nm, tcm_syndrome_cd, tcm_syndrome_nm, zd_dt, ys_cd, infectious_bz, del_flag, modify_dt)
SELECT 'MZD' || printf('%08d', n),
	'MZ' || printf('%08d', (d * 300 + (k % 300) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	CAST(1 + n % 3 AS TEXT),
	(CASE (n * 7 + 5) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '9' END),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE (CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END) END),
	(CASE (n) % 8 WHEN 0 THEN '急性上呼吸道感染' WHEN 1 THEN '原发性高血压' WHEN 2 THEN '2型糖尿病' WHEN 3 THEN '胃炎' WHEN 4 THEN '肺炎' WHEN 5 THEN '腰痛' WHEN 6 THEN '泌尿道感染' WHEN 7 THEN '发热' END),
	'TC' || printf('%06d', n),
	'中医病名' || n,
	'TC' || printf('%06d', n),
	'中医证候' || n,
	strftime('%Y-%m-%d %H:%M:%S', bt),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE (n * 7 + 14) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- op_recipe: 600 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 600),
idx(n, d, k) AS (SELECT n, (n - 1) / 200, (n - 1) % 200 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 200) % 54000) || ' seconds') FROM idx)
INSERT INTO op_recipe (rx_hm, jz_no, pat_no, rx_lb, c_rx_class, rx_dt, ks_cd, ys_cd, zd_cd, zd_nm, c_herb_doses, zje_je, reviewer_cd, review_dt, dispenser_cd, dispense_dt, del_flag, modify_dt)
SELECT 'CF' || printf('%08d', n),
	'MZ' || printf('%08d', (d * 300 + (k % 300) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE (n * 7 + 4) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE (n * 7 + 5) % 5 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE (CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END) END),
	(CASE (n) % 8 WHEN 0 THEN '急性上呼吸道感染' WHEN 1 THEN '原发性高血压' WHEN 2 THEN '2型糖尿病' WHEN 3 THEN '胃炎' WHEN 4 THEN '肺炎' WHEN 5 THEN '腰痛' WHEN 6 THEN '泌尿道感染' WHEN 7 THEN '发热' END),
	CAST(1 + n % 7 AS TEXT),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	strftime('%Y/%m/%d %H:%M:%S', bt, '+70 minutes'),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	strftime('%Y/%m/%d %H:%M:%S', bt, '+80 minutes'),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- op_recipe_detail: 1200 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1200),
idx(n, d, k) AS (SELECT n, (n - 1) / 400, (n - 1) % 400 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 400) % 54000) || ' seconds') FROM idx)
INSERT INTO op_recipe_detail (rx_xm_no, rx_hm, xm_xh, rx_dt, yp_cd, yp_nm, c_spec, yp_form, c_dose, dose_dw, c_frequency, c_route, c_days, sl, sl_dw, dw_dj, je, group_hm, del_flag, modify_dt)
SELECT 'CFM' || printf('%08d', n),
	'CF' || printf('%08d', (d * 200 + (k % 200) + 1)),
	CAST(1 + n % 3 AS TEXT),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	'Y' || printf('%08d', ((((n - 1) * 7) % 200) - max(0, (((n - 1) * 7) % 200) % 3 - d) + 1)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE '药品名称' || n END),
	'规格' || n,
	(CASE (n * 7 + 8) % 23 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '10' WHEN 10 THEN '11' WHEN 11 THEN '12' WHEN 12 THEN '13' WHEN 13 THEN '14' WHEN 14 THEN '15' WHEN 15 THEN '16' WHEN 16 THEN '17' WHEN 17 THEN '18' WHEN 18 THEN '19' WHEN 19 THEN '20' WHEN 20 THEN '21' WHEN 21 THEN '22' WHEN 22 THEN '99' END),
	printf('%.3f', 1 + (n % 10) / 10.0),
	'剂量单位' || n,
	(CASE (n * 7 + 11) % 13 WHEN 0 THEN 'QD' WHEN 1 THEN 'BID' WHEN 2 THEN 'TID' WHEN 3 THEN 'QID' WHEN 4 THEN 'Q6H' WHEN 5 THEN 'Q8H' WHEN 6 THEN 'Q12H' WHEN 7 THEN 'QN' WHEN 8 THEN 'QOD' WHEN 9 THEN 'QW' WHEN 10 THEN 'ST' WHEN 11 THEN 'PRN' WHEN 12 THEN 'ONCE' END),
	(CASE (n * 7 + 12) % 17 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '401' WHEN 5 THEN '402' WHEN 6 THEN '403' WHEN 7 THEN '404' WHEN 8 THEN '5' WHEN 9 THEN '6' WHEN 10 THEN '605' WHEN 11 THEN '607' WHEN 12 THEN '608' WHEN 13 THEN '611' WHEN 14 THEN '612' WHEN 15 THEN '699' WHEN 16 THEN '9' END),
	CAST(1 + n % 7 AS TEXT),
	printf('%.2f', 1 + (n % 10) / 10.0),
	'发药单位' || n,
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	'GR' || printf('%06d', n),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- op_fee_item: 1800 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1800),
idx(n, d, k) AS (SELECT n, (n - 1) / 600, (n - 1) % 600 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 600) % 54000) || ' seconds') FROM idx)
INSERT INTO op_fee_item (fy_detail_no, jz_no, pat_no, js_hm, charge_dt, xm_lb, yp_cd, xm_cd, xm_nm, fy_category, sl, dw_dj, je, yz_ks_cd, yz_ys_cd, exec_ks_cd, rx_hm, c_insurance_class, refund_bz, del_flag, modify_dt)
SELECT 'MF' || printf('%08d', n),
	'MZ' || printf('%08d', (d * 300 + (k % 300) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	'MJ' || printf('%08d', (d * 300 + (k % 300) + 1)),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	(CASE (n * 7 + 6) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	'Y' || printf('%08d', ((((n - 1) * 7) % 200) - max(0, (((n - 1) * 7) % 200) % 3 - d) + 1)),
	'F' || printf('%08d', ((((n - 1) * 7) % 150) - max(0, (((n - 1) * 7) % 150) % 3 - d) + 1)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE '项目名称' || n END),
	(CASE WHEN n % 41 = 0 THEN '15' ELSE (CASE (n * 3 + 10) % 12 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '10' WHEN 10 THEN '11' WHEN 11 THEN '12' END) END),
	printf('%.2f', 1 + (n % 10) / 10.0),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'CF' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE (n * 7 + 18) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE (n * 7 + 19) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- op_balance: 900 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 900),
idx(n, d, k) AS (SELECT n, (n - 1) / 300, (n - 1) % 300 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 300) % 54000) || ' seconds') FROM idx)
INSERT INTO op_balance (js_hm, jz_no, pat_no, settle_dt, js_lb, c_payment_method, zje_je, c_fund_pay, c_account_pay, c_self_pay, c_other_pay, invoice_hm, insurance_settle_no, cashier_cd, original_js_hm, del_flag, modify_dt)
SELECT 'MJ' || printf('%08d', n),
	'MZ' || printf('%08d', (d * 300 + (k % 300) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	(CASE (n * 7 + 5) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE (n * 3 + 6) % 7 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '99' END),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	'0',
	'0',
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	'0',
	'IN' || printf('%06d', n),
	'IN' || printf('%06d', n),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	NULL,
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- ip_inhos: 90 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 90),
idx(n, d, k) AS (SELECT n, (n - 1) / 30, (n - 1) % 30 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 30) % 54000) || ' seconds') FROM idx)
INSERT INTO ip_inhos (zy_no, pat_no, zy_hm, ry_cs, ry_dt, ry_ks_cd, ward_cd, bed_hm, ry_route, ry_condition, mz_hm, ry_zd_cd, ry_zd_nm, attending_ys_cd, c_payment_method, deposit_je, cy_dt, del_flag, modify_dt)
SELECT 'ZY' || printf('%08d', n),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE 'IN' || printf('%06d', n) END),
	CAST(1 + n % 3 AS TEXT),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'BE' || printf('%06d', n),
	(CASE (n * 7 + 9) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '9' END),
	(CASE (n * 7 + 10) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	'OU' || printf('%06d', n),
	(CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END),
	(CASE (n) % 8 WHEN 0 THEN '急性上呼吸道感染' WHEN 1 THEN '原发性高血压' WHEN 2 THEN '2型糖尿病' WHEN 3 THEN '胃炎' WHEN 4 THEN '肺炎' WHEN 5 THEN '腰痛' WHEN 6 THEN '泌尿道感染' WHEN 7 THEN '发热' END),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE (n * 3 + 15) % 7 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '99' END),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	(CASE WHEN k < 25 THEN strftime('%Y-%m-%d %H:%M:%S', bt, '+40 minutes') END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, (CASE WHEN k < 25 THEN '+40 minutes' ELSE '+0 minutes' END), '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- ip_diag: 180 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 180),
idx(n, d, k) AS (SELECT n, (n - 1) / 60, (n - 1) % 60 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 60) % 54000) || ' seconds') FROM idx)
INSERT INTO ip_diag (zd_no, zy_no, pat_no, zd_stage, zd_xh, diagnosis_lb, zd_cd, zd_nm, ry_illness, zd_dt, ys_cd, del_flag, modify_dt)
SELECT 'ZYD' || printf('%08d', n),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE (n * 7 + 4) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '9' END),
	CAST(1 + n % 3 AS TEXT),
	(CASE (n * 7 + 6) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '9' END),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE (CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END) END),
	(CASE (n) % 8 WHEN 0 THEN '急性上呼吸道感染' WHEN 1 THEN '原发性高血压' WHEN 2 THEN '2型糖尿病' WHEN 3 THEN '胃炎' WHEN 4 THEN '肺炎' WHEN 5 THEN '腰痛' WHEN 6 THEN '泌尿道感染' WHEN 7 THEN '发热' END),
	(CASE (n * 7 + 9) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- ip_advice: 450 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 450),
idx(n, d, k) AS (SELECT n, (n - 1) / 150, (n - 1) % 150 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 150) % 54000) || ' seconds') FROM idx)
INSERT INTO ip_advice (yz_no, zy_no, pat_no, group_hm, yz_lb, yz_category, yz_content, yp_cd, xm_cd, c_dose, dose_dw, c_frequency, c_route, yz_dt, start_dt, stop_dt, yz_ys_cd, exec_ks_cd, yz_zt, del_flag, modify_dt)
SELECT 'YZ' || printf('%08d', n),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	'GR' || printf('%06d', n),
	(CASE (n * 7 + 5) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '9' END),
	(CASE (n * 7 + 6) % 11 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '10' WHEN 10 THEN '99' END),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE '医嘱内容' || n END),
	'Y' || printf('%08d', ((((n - 1) * 7) % 200) - max(0, (((n - 1) * 7) % 200) % 3 - d) + 1)),
	'F' || printf('%08d', ((((n - 1) * 7) % 150) - max(0, (((n - 1) * 7) % 150) % 3 - d) + 1)),
	printf('%.3f', 1 + (n % 10) / 10.0),
	'剂量单位' || n,
	(CASE (n * 7 + 12) % 13 WHEN 0 THEN 'QD' WHEN 1 THEN 'BID' WHEN 2 THEN 'TID' WHEN 3 THEN 'QID' WHEN 4 THEN 'Q6H' WHEN 5 THEN 'Q8H' WHEN 6 THEN 'Q12H' WHEN 7 THEN 'QN' WHEN 8 THEN 'QOD' WHEN 9 THEN 'QW' WHEN 10 THEN 'ST' WHEN 11 THEN 'PRN' WHEN 12 THEN 'ONCE' END),
	(CASE (n * 7 + 13) % 17 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '401' WHEN 5 THEN '402' WHEN 6 THEN '403' WHEN 7 THEN '404' WHEN 8 THEN '5' WHEN 9 THEN '6' WHEN 10 THEN '605' WHEN 11 THEN '607' WHEN 12 THEN '608' WHEN 13 THEN '611' WHEN 14 THEN '612' WHEN 15 THEN '699' WHEN 16 THEN '9' END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	strftime('%Y%m%d%H%M%S', bt, '+10 minutes'),
	strftime('%Y/%m/%d %H:%M:%S', bt, '+80 minutes'),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	(CASE (n * 7 + 19) % 5 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- ip_fee_item: 900 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 900),
idx(n, d, k) AS (SELECT n, (n - 1) / 300, (n - 1) % 300 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 300) % 54000) || ' seconds') FROM idx)
INSERT INTO ip_fee_item (fy_detail_no, zy_no, pat_no, js_hm, yz_no, charge_dt, xm_lb, yp_cd, xm_cd, xm_nm, fy_category, sl, dw_dj, je, yz_ks_cd, exec_ks_cd, c_insurance_class, refund_bz, del_flag, modify_dt)
SELECT 'ZF' || printf('%08d', n),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	'ZJ' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'YZ' || printf('%08d', (d * 150 + (k % 150) + 1)),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	(CASE (n * 7 + 7) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	'Y' || printf('%08d', ((((n - 1) * 7) % 200) - max(0, (((n - 1) * 7) % 200) % 3 - d) + 1)),
	'F' || printf('%08d', ((((n - 1) * 7) % 150) - max(0, (((n - 1) * 7) % 150) % 3 - d) + 1)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE '项目名称' || n END),
	(CASE (n * 3 + 11) % 12 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '10' WHEN 10 THEN '11' WHEN 11 THEN '12' END),
	printf('%.2f', 1 + (n % 10) / 10.0),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	(CASE (n * 7 + 17) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE (n * 7 + 18) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- ip_balance: 90 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 90),
idx(n, d, k) AS (SELECT n, (n - 1) / 30, (n - 1) % 30 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 30) % 54000) || ' seconds') FROM idx)
INSERT INTO ip_balance (js_hm, zy_no, pat_no, settle_dt, js_lb, bill_start_rq, bill_end_rq, c_payment_method, zje_je, c_fund_pay, c_account_pay, c_self_pay, c_other_pay, c_deposit_offset, invoice_hm, insurance_settle_no, cashier_cd, original_js_hm, del_flag, modify_dt)
SELECT 'ZJ' || printf('%08d', n),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	(CASE (n * 7 + 5) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE WHEN n % 67 = 0 THEN '2026-13-45' ELSE strftime('%Y%m%d', bt, '-3 days') END),
	strftime('%Y%m%d', bt, '+1 days'),
	(CASE WHEN n % 11 = 0 THEN '09' ELSE (CASE (n * 3 + 8) % 7 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '99' END) END),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	'0',
	'0',
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	'0',
	'0',
	'IN' || printf('%06d', n),
	'IN' || printf('%06d', n),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	NULL,
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- ip_transfer_log: 36 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 36),
idx(n, d, k) AS (SELECT n, (n - 1) / 12, (n - 1) % 12 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 12) % 54000) || ' seconds') FROM idx)
INSERT INTO ip_transfer_log (transfer_no, zy_no, pat_no, transfer_lb, from_ks_cd, to_ks_cd, from_ward_cd, to_ward_cd, out_dt, in_dt, c_reason, operator_cd, del_flag, modify_dt)
SELECT 'ZK' || printf('%08d', n),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE (n * 7 + 4) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '9' END),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	strftime('%Y/%m/%d %H:%M:%S', bt, '+50 minutes'),
	'转科原因' || n,
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- emr_discharge_note: 75 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 75),
idx(n, d, k) AS (SELECT n, (n - 1) / 25, (n - 1) % 25 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime(datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 30) % 54000) || ' seconds'), '+40 minutes') FROM idx)
INSERT INTO emr_discharge_note (summary_no, zy_no, pat_no, ry_dt, cy_dt, zy_days, ry_situation, c_treatment_course, cy_situation, cy_zd_cd, cy_zd_nm, cy_yz, cy_method, attending_ys_cd, sign_dt, del_flag, modify_dt)
SELECT 'CY' || printf('%08d', n),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE WHEN n % 67 = 0 THEN '2026-13-45' ELSE strftime('%Y%m%d%H%M%S', bt, '-40 minutes') END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	CAST(1 AS TEXT),
	'入院情况' || n,
	'诊疗经过' || n,
	'出院情况' || n,
	(CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END),
	(CASE (n) % 8 WHEN 0 THEN '急性上呼吸道感染' WHEN 1 THEN '原发性高血压' WHEN 2 THEN '2型糖尿病' WHEN 3 THEN '胃炎' WHEN 4 THEN '肺炎' WHEN 5 THEN '腰痛' WHEN 6 THEN '泌尿道感染' WHEN 7 THEN '发热' END),
	'出院医嘱' || n,
	(CASE (n * 7 + 13) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '9' END),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	strftime('%Y/%m/%d %H:%M:%S', bt, '+75 minutes'),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- mr_homepage: 75 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 75),
idx(n, d, k) AS (SELECT n, (n - 1) / 25, (n - 1) % 25 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime(datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 30) % 54000) || ' seconds'), '+40 minutes') FROM idx)
INSERT INTO mr_homepage (zy_no, pat_no, medical_record_hm, ry_cs, nm, xb, cs_rq, no_kh_hm, c_payment_method, ry_route, ry_dt, ry_ks_cd, cy_dt, cy_ks_cd, zy_days, main_zd_cd, main_zd_nm, main_ss_cd, main_ss_nm, c_abo_blood, c_rh_blood, cy_method, c_readmission_plan, zje_cost, c_self_pay_cost, attending_cd, c_record_quality, del_flag, modify_dt)
SELECT 'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE 'ME' || printf('%06d', n) END),
	CAST(1 + n % 3 AS TEXT),
	substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + n % 20, 1) || (CASE n % 20 WHEN 0 THEN '伟' WHEN 1 THEN '芳' WHEN 2 THEN '娜' WHEN 3 THEN '秀英' WHEN 4 THEN '敏' WHEN 5 THEN '静' WHEN 6 THEN '丽' WHEN 7 THEN '强' WHEN 8 THEN '磊' WHEN 9 THEN '军' WHEN 10 THEN '洋' WHEN 11 THEN '勇' WHEN 12 THEN '艳' WHEN 13 THEN '杰' WHEN 14 THEN '娟' WHEN 15 THEN '涛' WHEN 16 THEN '明' WHEN 17 THEN '超' WHEN 18 THEN '秀兰' WHEN 19 THEN '霞' END),
	(CASE (n * 3 + 6) % 4 WHEN 0 THEN 'M' WHEN 1 THEN 'F' WHEN 2 THEN 'U' WHEN 3 THEN 'X' END),
	strftime('%Y%m%d', '1950-01-01', '+' || ((n * 211) % 25000) || ' days'),
	(SELECT b17 || substr('10X98765432', (CAST(substr(b17, 1, 1) AS INTEGER) * 7 + CAST(substr(b17, 2, 1) AS INTEGER) * 9 + CAST(substr(b17, 3, 1) AS INTEGER) * 10 + CAST(substr(b17, 4, 1) AS INTEGER) * 5 + CAST(substr(b17, 5, 1) AS INTEGER) * 8 + CAST(substr(b17, 6, 1) AS INTEGER) * 4 + CAST(substr(b17, 7, 1) AS INTEGER) * 2 + CAST(substr(b17, 8, 1) AS INTEGER) * 1 + CAST(substr(b17, 9, 1) AS INTEGER) * 6 + CAST(substr(b17, 10, 1) AS INTEGER) * 3 + CAST(substr(b17, 11, 1) AS INTEGER) * 7 + CAST(substr(b17, 12, 1) AS INTEGER) * 9 + CAST(substr(b17, 13, 1) AS INTEGER) * 10 + CAST(substr(b17, 14, 1) AS INTEGER) * 5 + CAST(substr(b17, 15, 1) AS INTEGER) * 8 + CAST(substr(b17, 16, 1) AS INTEGER) * 4 + CAST(substr(b17, 17, 1) AS INTEGER) * 2) % 11 + 1, 1) FROM (SELECT '110101' || strftime('%Y%m%d', '1950-01-01', '+' || ((n * 211) % 25000) || ' days') || printf('%03d', n % 1000) AS b17)),
	(CASE (n * 3 + 9) % 7 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '99' END),
	(CASE (n * 7 + 10) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '9' END),
	strftime('%Y%m%d%H%M%S', bt, '-40 minutes'),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	CAST(1 AS TEXT),
	(CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END),
	(CASE (n) % 8 WHEN 0 THEN '急性上呼吸道感染' WHEN 1 THEN '原发性高血压' WHEN 2 THEN '2型糖尿病' WHEN 3 THEN '胃炎' WHEN 4 THEN '肺炎' WHEN 5 THEN '腰痛' WHEN 6 THEN '泌尿道感染' WHEN 7 THEN '发热' END),
	(CASE (n) % 4 WHEN 0 THEN '47.0901' WHEN 1 THEN '51.2301' WHEN 2 THEN '81.5101' WHEN 3 THEN '36.0601' END),
	(CASE (n) % 4 WHEN 0 THEN '腹腔镜下阑尾切除术' WHEN 1 THEN '腹腔镜胆囊切除术' WHEN 2 THEN '全髋关节置换术' WHEN 3 THEN '冠状动脉支架置入术' END),
	(CASE (n * 7 + 20) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '6' END),
	(CASE (n * 7 + 21) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' END),
	(CASE (n * 7 + 22) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '9' END),
	(CASE (n * 7 + 23) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	printf('%.2f', 5 + (n * 13 % 500) / 4.0),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE (n * 7 + 27) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- or_operation: 36 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 36),
idx(n, d, k) AS (SELECT n, (n - 1) / 12, (n - 1) % 12 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 12) % 54000) || ' seconds') FROM idx)
INSERT INTO or_operation (surgery_no, zy_no, pat_no, surgery_xh, ss_cd, ss_nm, c_surgery_level, c_incision_class, c_healing_grade, c_anesthesia_method, c_asa_grade, start_dt, end_dt, surgeon_cd, assistant_cd, anesthetist_cd, preop_zd_cd, postop_zd_cd, c_blood_loss_ml, emergency_bz, del_flag, modify_dt)
SELECT 'SS' || printf('%08d', n),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	CAST(1 + n % 3 AS TEXT),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE (CASE (n) % 4 WHEN 0 THEN '47.0901' WHEN 1 THEN '51.2301' WHEN 2 THEN '81.5101' WHEN 3 THEN '36.0601' END) END),
	(CASE (n) % 4 WHEN 0 THEN '腹腔镜下阑尾切除术' WHEN 1 THEN '腹腔镜胆囊切除术' WHEN 2 THEN '全髋关节置换术' WHEN 3 THEN '冠状动脉支架置入术' END),
	(CASE (n * 7 + 7) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' END),
	(CASE (n * 7 + 8) % 4 WHEN 0 THEN '0' WHEN 1 THEN '1' WHEN 2 THEN '2' WHEN 3 THEN '3' END),
	(CASE (n * 7 + 9) % 4 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '9' END),
	(CASE (n * 7 + 10) % 12 WHEN 0 THEN '1' WHEN 1 THEN '11' WHEN 2 THEN '12' WHEN 3 THEN '13' WHEN 4 THEN '2' WHEN 5 THEN '21' WHEN 6 THEN '211' WHEN 7 THEN '212' WHEN 8 THEN '22' WHEN 9 THEN '3' WHEN 10 THEN '4' WHEN 11 THEN '9' END),
	(CASE (n * 7 + 11) % 6 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' WHEN 3 THEN '4' WHEN 4 THEN '5' WHEN 5 THEN '6' END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	strftime('%Y/%m/%d %H:%M:%S', bt, '+65 minutes'),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END),
	(CASE (n) % 8 WHEN 0 THEN 'J06.900' WHEN 1 THEN 'I10.x00' WHEN 2 THEN 'E11.900' WHEN 3 THEN 'K29.700' WHEN 4 THEN 'J18.900' WHEN 5 THEN 'M54.500' WHEN 6 THEN 'N39.000' WHEN 7 THEN 'R50.900' END),
	CAST(50 + n % 200 AS TEXT),
	(CASE (n * 7 + 20) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- lis_report: 600 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 600),
idx(n, d, k) AS (SELECT n, (n - 1) / 200, (n - 1) % 200 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 200) % 54000) || ' seconds') FROM idx)
INSERT INTO lis_report (bg_hm, pat_no, jz_lb, jz_no, zy_no, sq_hm, sq_dt, sq_ks_cd, sq_ys_cd, bg_title, specimen_lb, collect_dt, receive_dt, bg_dt, lab_ks_cd, tester_cd, reviewer_cd, del_flag, modify_dt)
SELECT 'LIS' || printf('%08d', n),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE WHEN n % 3 = 0 THEN 'ZY' ELSE 'MZ' END),
	'MZ' || printf('%08d', (d * 300 + (k % 300) + 1)),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	'AP' || printf('%06d', n),
	(CASE WHEN n % 67 = 0 THEN '2026-13-45' ELSE strftime('%Y%m%d%H%M%S', bt, '-100 minutes') END),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	'检验项目名称' || n,
	(CASE (n * 7 + 11) % 12 WHEN 0 THEN '01' WHEN 1 THEN '02' WHEN 2 THEN '03' WHEN 3 THEN '04' WHEN 4 THEN '05' WHEN 5 THEN '06' WHEN 6 THEN '07' WHEN 7 THEN '08' WHEN 8 THEN '09' WHEN 9 THEN '10' WHEN 10 THEN '11' WHEN 11 THEN '99' END),
	strftime('%Y%m%d%H%M%S', bt, '-80 minutes'),
	strftime('%Y%m%d%H%M%S', bt, '-70 minutes'),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- lis_result_item: 1800 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1800),
idx(n, d, k) AS (SELECT n, (n - 1) / 600, (n - 1) % 600 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 600) % 54000) || ' seconds') FROM idx)
INSERT INTO lis_result_item (jg_no, bg_hm, pat_no, xm_xh, xm_cd, xm_nm, loinc_cd, jg_lb, jg_value, jg_dw, c_reference_range, c_ref_low, c_ref_high, jg_bz, bg_dt, del_flag, modify_dt)
SELECT 'LR' || printf('%08d', n),
	'LIS' || printf('%08d', (d * 200 + (k % 200) + 1)),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	CAST(1 + n % 3 AS TEXT),
	(CASE WHEN n % 67 = 0 THEN NULL ELSE 'IT' || printf('%06d', n) END),
	'检验项目名称' || n,
	'2345-7',
	(CASE (n * 7 + 8) % 3 WHEN 0 THEN '1' WHEN 1 THEN '2' WHEN 2 THEN '3' END),
	printf('%.1f', 4 + (n % 60) / 10.0),
	'计量单位' || n,
	'参考范围' || n,
	printf('%.4f', 3 + (n % 10) / 10.0),
	printf('%.4f', 10 + (n % 10) / 10.0),
	(CASE (n * 7 + 14) % 6 WHEN 0 THEN 'N' WHEN 1 THEN 'H' WHEN 2 THEN 'L' WHEN 3 THEN 'HH' WHEN 4 THEN 'LL' WHEN 5 THEN 'A' END),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- ris_report: 300 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 300),
idx(n, d, k) AS (SELECT n, (n - 1) / 100, (n - 1) % 100 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 100) % 54000) || ' seconds') FROM idx)
INSERT INTO ris_report (bg_hm, pat_no, jz_lb, jz_no, zy_no, sq_dt, sq_ks_cd, sq_ys_cd, c_modality, jc_xm_nm, c_body_part, jc_dt, bg_dt, c_findings, c_impression, positive_bz, critical_bz, c_study_uid, jc_ks_cd, reporter_cd, del_flag, modify_dt)
SELECT 'RIS' || printf('%08d', n),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE WHEN n % 3 = 0 THEN 'ZY' ELSE 'MZ' END),
	'MZ' || printf('%08d', (d * 300 + (k % 300) + 1)),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	(CASE WHEN n % 67 = 0 THEN '2026-13-45' ELSE strftime('%Y%m%d%H%M%S', bt, '-100 minutes') END),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE (n * 7 + 9) % 15 WHEN 0 THEN 'CT' WHEN 1 THEN 'MR' WHEN 2 THEN 'DR' WHEN 3 THEN 'CR' WHEN 4 THEN 'RF' WHEN 5 THEN 'MG' WHEN 6 THEN 'XA' WHEN 7 THEN 'US' WHEN 8 THEN 'NM' WHEN 9 THEN 'PT' WHEN 10 THEN 'ES' WHEN 11 THEN 'ECG' WHEN 12 THEN 'EEG' WHEN 13 THEN 'PA' WHEN 14 THEN 'OT' END),
	'检查项目名称' || n,
	'检查部位' || n,
	strftime('%Y%m%d%H%M%S', bt, '-60 minutes'),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	'检查所见' || n,
	'诊断意见' || n,
	(CASE (n * 7 + 16) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	(CASE (n * 7 + 17) % 2 WHEN 0 THEN '0' WHEN 1 THEN '1' END),
	'1.2.840.10008.' || n,
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

-- nis_vital: 900 rows
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 900),
idx(n, d, k) AS (SELECT n, (n - 1) / 300, (n - 1) % 300 FROM seq),
row(n, d, k, bt) AS (SELECT n, d, k, datetime('2026-10-26 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / 300) % 54000) || ' seconds') FROM idx)
INSERT INTO nis_vital (record_no, pat_no, jz_lb, jz_no, zy_no, measure_dt, c_temperature, c_pulse, c_respiration, c_systolic_bp, c_diastolic_bp, c_spo2, c_height_cm, c_weight_kg, ks_cd, nurse_cd, del_flag, modify_dt)
SELECT 'TZ' || printf('%08d', n),
	'P' || printf('%08d', (d * 200 + (k % 200) + 1)),
	(CASE WHEN n % 3 = 0 THEN 'ZY' ELSE 'MZ' END),
	'MZ' || printf('%08d', (d * 300 + (k % 300) + 1)),
	'ZY' || printf('%08d', (d * 30 + (k % 30) + 1)),
	strftime('%Y-%m-%d %H:%M:%S', bt),
	printf('%.1f', 36 + (n % 10) / 10.0),
	CAST(60 + n % 40 AS TEXT),
	CAST(16 + n % 6 AS TEXT),
	CAST(110 + n % 30 AS TEXT),
	CAST(70 + n % 15 AS TEXT),
	CAST(95 + n % 5 AS TEXT),
	printf('%.1f', 165 + (n % 10) / 10.0),
	printf('%.1f', 60 + (n % 10) / 10.0),
	printf('%04d', 1000 + ((((n * 3) % 30) - max(0, ((n * 3) % 30) % 3 - d) + 1))),
	'E' || printf('%08d', ((((n - 1) * 7) % 120) - max(0, (((n - 1) * 7) % 120) % 3 - d) + 1)),
	(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END),
	strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')
FROM row;

UPDATE op_recipe SET zje_je = (SELECT printf('%.2f', coalesce(sum(je), 0)) FROM op_recipe_detail WHERE op_recipe_detail.rx_hm = op_recipe.rx_hm AND op_recipe_detail.del_flag = 'N');

UPDATE op_balance SET zje_je = (SELECT printf('%.2f', coalesce(sum(je), 0)) FROM op_fee_item WHERE op_fee_item.js_hm = op_balance.js_hm AND op_fee_item.del_flag = 'N');

UPDATE ip_balance SET zje_je = (SELECT printf('%.2f', coalesce(sum(je), 0)) FROM ip_fee_item WHERE ip_fee_item.js_hm = ip_balance.js_hm AND ip_fee_item.del_flag = 'N');

COMMIT;
