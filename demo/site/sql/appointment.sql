-- appointment (预约挂号记录) from the demo HIS table reg_booking.
-- :since and :until are the window on update_time (hdx-extract(1)).
SELECT '124115004170483179' AS org_code,
	appointment_no AS appointment_id,
	pat_no AS patient_id,
	c_channel AS channel,
	book_dt AS book_time,
	appoint_rq AS appoint_date,
	dt_slot AS time_slot,
	ks_cd AS dept_code,
	emp_cd AS staff_code,
	reg_lb AS reg_type,
	zt AS status,
	cancel_dt AS cancel_time,
	c_cancel_reason AS cancel_reason,
	source_hm AS source_no,
	CASE del_flag WHEN 'Y' THEN '0' ELSE '1' END AS valid_flag,
	modify_dt AS update_time
FROM reg_booking
WHERE modify_dt >= :since AND modify_dt < :until
ORDER BY modify_dt, appointment_no;
