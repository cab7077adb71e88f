-- outpatient_fee_detail: the columns of the standard, from a table of the same name
-- (loaded by bench/run-bench from the generated CSV, every column text).
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT org_code,
	fee_detail_id,
	visit_id,
	patient_id,
	settlement_no,
	charge_time,
	item_type,
	drug_code,
	item_code,
	item_name,
	fee_category,
	quantity,
	unit_price,
	amount,
	order_dept_code,
	order_doctor_code,
	exec_dept_code,
	rx_no,
	insurance_class,
	refund_flag,
	valid_flag,
	update_time
FROM outpatient_fee_detail
WHERE update_time >= :since AND update_time < :until;
