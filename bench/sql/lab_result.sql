-- lab_result: the columns of the standard, from a table of the same name
-- (loaded by bench/run-bench from the generated CSV, every column text).
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT org_code,
	result_id,
	report_no,
	patient_id,
	item_seq,
	item_code,
	item_name,
	loinc_code,
	result_type,
	result_value,
	result_unit,
	reference_range,
	ref_low,
	ref_high,
	result_flag,
	report_time,
	valid_flag,
	update_time
FROM lab_result
WHERE update_time >= :since AND update_time < :until;
