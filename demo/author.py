#!/usr/bin/env python3
# author.py - writes the demo hospital's committed files from the standard:
#   demo/hospital.sql        the vendor schema and its deterministic data
#                            (recursive CTEs, run by the sqlite3 CLI)
#   demo/site/sql/TABLE.sql  the 27 extraction queries
#   demo/site/mapping/*.csv  the local code lists
# It is run by hand when the standard changes (python3 demo/author.py
# STANDARD_DIR); the tools and the tests only use its output.
#
#   author.py [STANDARD_DIR] [--days N --hospital FILE]
#
# --days N spreads the data over N business days from 2026-10-26
# instead of the demo's three; --hospital FILE writes the hospital's
# SQL alone, to FILE (the queries and code lists do not depend on the
# days), for tests that want a longer hospital than the committed one.
import argparse
import csv
import datetime
import os

# The arguments are read by main(), not on import: test/e2e/map_demo.sh
# imports the plan (LOCAL, UNMAPPABLE, PREFIX) with arguments of its own.
AP = argparse.ArgumentParser(description="writes the demo hospital's files")
AP.add_argument("standard", nargs="?", default=os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", "dict"))
AP.add_argument("--days", type=int, default=3, help="business days of data (default 3)")
AP.add_argument("--hospital", metavar="FILE", help="write only the hospital's SQL, to FILE")
HERE = os.path.dirname(os.path.abspath(__file__))
ORG = "124115004170483179"


def business_days(n):
    return [(datetime.date(2026, 10, 26) + datetime.timedelta(days=i)).isoformat()
            for i in range(n)]


STD = AP.get_default("standard")
DAYS = business_days(AP.get_default("days"))

# The vendor's table names and rows per business day (masters: in all).
VENDOR = {
    "org_info": ("sys_hospital", 1), "dept_info": ("his_dept_dict", 30),
    "staff_info": ("his_employee", 120), "drug_catalog": ("pha_drug_dict", 200),
    "charge_item_catalog": ("fin_item_price", 150),
    "patient_info": ("his_patient", 200), "appointment": ("reg_booking", 150),
    "outpatient_registration": ("op_register", 300),
    "outpatient_visit": ("op_encounter", 300), "outpatient_diagnosis": ("op_diag", 300),
    "prescription": ("op_recipe", 200), "prescription_item": ("op_recipe_detail", 400),
    "outpatient_fee_detail": ("op_fee_item", 600),
    "outpatient_settlement": ("op_balance", 300), "admission": ("ip_inhos", 30),
    "inpatient_diagnosis": ("ip_diag", 60), "inpatient_order": ("ip_advice", 150),
    "inpatient_fee_detail": ("ip_fee_item", 300), "inpatient_settlement": ("ip_balance", 30),
    "transfer": ("ip_transfer_log", 12), "discharge_summary": ("emr_discharge_note", 25),
    "medical_record_front": ("mr_homepage", 25), "surgery": ("or_operation", 12),
    "lab_report": ("lis_report", 200), "lab_result": ("lis_result_item", 600),
    "exam_report": ("ris_report", 100), "vital_signs": ("nis_vital", 300),
}
MASTER = {"org_info", "dept_info", "staff_info", "drug_catalog", "charge_item_catalog"}
# The key's prefix per table (the vendor's numbering).
PREFIX = {
    "dept_info": "", "staff_info": "E", "drug_catalog": "Y", "charge_item_catalog": "F",
    "patient_info": "P", "appointment": "YY", "outpatient_registration": "GH",
    "outpatient_visit": "MZ", "outpatient_diagnosis": "MZD", "prescription": "CF",
    "prescription_item": "CFM", "outpatient_fee_detail": "MF", "outpatient_settlement": "MJ",
    "admission": "ZY", "inpatient_diagnosis": "ZYD", "inpatient_order": "YZ",
    "inpatient_fee_detail": "ZF", "inpatient_settlement": "ZJ", "transfer": "ZK",
    "discharge_summary": "CY", "surgery": "SS",
    "lab_report": "LIS", "lab_result": "LR", "exam_report": "RIS", "vital_signs": "TZ",
}
WORDS = {
    "patient": "pat", "id": "no", "code": "cd", "time": "dt", "date": "rq",
    "name": "nm", "doctor": "ys", "amount": "je", "inpatient": "zy",
    "outpatient": "mz", "visit": "jz", "diag": "zd", "order": "yz", "fee": "fy",
    "settlement": "js", "item": "xm", "drug": "yp", "report": "bg", "type": "lb",
    "flag": "bz", "dept": "ks", "staff": "emp", "phone": "tel", "no": "hm",
    "admission": "ry", "admit": "ry", "discharge": "cy", "price": "dj",
    "quantity": "sl", "unit": "dw", "status": "zt", "seq": "xh", "count": "cs",
    "total": "zje", "card": "kh", "address": "dz", "birth": "cs", "sex": "xb",
    "apply": "sq", "result": "jg", "exam": "jc", "operation": "ss",
}
# Local code lists: domain -> [(local, std, local name)].
LOCAL = {
    "sex": [("M", "1", "男"), ("F", "2", "女"), ("U", "0", "未知"), ("X", "9", "未说明")],
    "marital_status": [("WH", "10", "未婚"), ("YH", "20", "已婚"), ("SO", "30", "丧偶"),
                       ("LY", "40", "离婚"), ("QT", "90", "其他")],
    "payment_method": [("01", "07", "自费"), ("02", "01", "职工医保"), ("03", "02", "居民医保"),
                       ("04", "03", "新农合"), ("05", "06", "公费"), ("06", "05", "商业保险"),
                       ("99", "99", "其他")],
    "fee_category": [("01", "09", "西药"), ("02", "11", "中成药"), ("03", "10", "中草药"),
                     ("04", "03", "检查"), ("05", "04", "化验"), ("06", "05", "治疗"),
                     ("07", "06", "手术"), ("08", "01", "床位"), ("09", "07", "护理"),
                     ("10", "08", "材料"), ("11", "02", "诊察"), ("12", "13", "挂号")],
    "visit_type": [("MZ", "1", "门诊"), ("JZ", "2", "急诊"), ("ZY", "3", "住院"),
                   ("TJ", "4", "体检")],
    "id_type": [("SFZ", "01", "身份证"), ("HKB", "02", "户口簿"), ("HZ", "03", "护照"),
                ("QT", "99", "其他")],
}
# Deliberately unmappable: local codes the HIS uses that the mapping files
# above lack (the holes an engineer finds at onboarding), none of them a
# code of its domain, so that hdx-map reports them and hdx-check rejects
# their records: domain -> (local code, local name, {table: every Nth
# row}). test/e2e/map_demo.sh derives hdx-map's expected report from
# this plan and LOCAL.
UNMAPPABLE = {
    "fee_category": ("15", "其他费", {"outpatient_fee_detail": 41}),
    "payment_method": ("09", "异地医保", {"outpatient_registration": 37,
                                       "inpatient_settlement": 11}),
    "marital_status": ("WZ", "未知", {"patient_info": 29}),
}
# The stays: an admission of row k of its day whose k is below the day's
# count of record fronts is discharged STAY_MIN minutes after it was
# admitted, the same day; its front sheet (病案首页, keyed by the stay)
# and discharge summary are written at the discharge, of its patient and
# with its times. The others are still in hospital (no discharge_time).
STAY = ("medical_record_front", "discharge_summary")
STAY_MIN = 40
DISCHARGED = VENDOR["medical_record_front"][1]
assert VENDOR["discharge_summary"][1] <= DISCHARGED <= VENDOR["admission"][1]
# Dates of birth: from FROM over SPAN days; staff are of working age (born
# before their hire date, 2015-07-01), patients of any age.
BIRTH = {"staff_info": ("1960-01-01", 14000)}
BIRTH_ANY = ("1950-01-01", 25000)
DIAG = [("J06.900", "急性上呼吸道感染"), ("I10.x00", "原发性高血压"), ("E11.900", "2型糖尿病"),
        ("K29.700", "胃炎"), ("J18.900", "肺炎"), ("M54.500", "腰痛"),
        ("N39.000", "泌尿道感染"), ("R50.900", "发热")]
OPER = [("47.0901", "腹腔镜下阑尾切除术"), ("51.2301", "腹腔镜胆囊切除术"),
        ("81.5101", "全髋关节置换术"), ("36.0601", "冠状动脉支架置入术")]
SURNAME = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
         "娟", "涛", "明", "超", "秀兰", "霞"]


def load():
    tables = list(csv.DictReader(open(os.path.join(STD, "tables.csv"), encoding="utf-8")))
    fields = {}
    for r in csv.DictReader(open(os.path.join(STD, "fields.csv"), encoding="utf-8")):
        fields.setdefault(r["table"], []).append(r)
    domains = {}
    for f in os.listdir(os.path.join(STD, "domains")):
        rows = list(csv.DictReader(open(os.path.join(STD, "domains", f), encoding="utf-8")))
        domains[f[:-4]] = [r["code"] for r in rows]
    return tables, fields, domains


COLMAP = {}


def vcol(table, field, used):
    if field == "update_time":
        n = "modify_dt"
    elif field == "valid_flag":
        n = "del_flag"
    else:
        n = "_".join(WORDS.get(w, w) for w in field.split("_"))
        if n == field:
            n = "c_" + n
    while n in used:
        n += "x"
    used.add(n)
    return n


def q(s):
    return "'" + s.replace("'", "''") + "'"


def case(idx, values):
    """A CASE choosing values[idx % len]."""
    if len(values) == 1:
        return q(values[0])
    w = " ".join("WHEN %d THEN %s" % (i, q(v)) for i, v in enumerate(values))
    return "(CASE (%s) %% %d %s END)" % (idx, len(values), w)


def key_of(t, idx):
    """The key value of row idx (1-based SQL expression) of table t."""
    if t == "dept_info":
        return "printf('%%04d', 1000 + (%s))" % idx
    return "'%s' || printf('%%08d', %s)" % (PREFIX[t], idx)


def day_of(t):
    """The business day (0-based) of row n of table t: a catalog's rows
    are spread over the days, the others' come perday to a day."""
    return "((n - 1) %% %d)" % len(DAYS) if t in MASTER else "d"


def master_idx(child, spread, pc):
    """Row of a catalog among its first pc rows chosen by spread, taken
    back to one the HIS already holds on the child's day (the catalog's
    rows of day e are those with (row - 1) % days = e), so that no record
    refers to a catalog entry that is only created later."""
    m = "((%s) %% %d)" % (spread, pc)
    return "(%s - max(0, %s %% %d - %s) + 1)" % (m, m, len(DAYS), day_of(child))


def parent_idx(child, parent, counts):
    """Row of parent on the same day as the child's row n."""
    pc = counts[parent]
    if parent in MASTER:
        return master_idx(child, "(n - 1) * 7", pc)
    # the parent's rows of day d are d * perday + 1 .. (d + 1) * perday
    perday = VENDOR[parent][1]
    return "(d * %d + (k %% %d) + 1)" % (perday, perday)


def daily_bt(perday):
    """The business time of row k of day d of a daily table: spread over
    08:00 .. 23:00 of the day."""
    return ("datetime('%s 08:00:00', '+' || d || ' days', '+' || ((k * 86399 / %d) %% 54000) "
            "|| ' seconds')" % (DAYS[0], perday))


def birth(t):
    """The date of birth (YYYYMMDD) of row n of table t."""
    start, span = BIRTH.get(t, BIRTH_ANY)
    return "strftime('%%Y%%m%%d', '%s', '+' || ((n * 211) %% %d) || ' days')" % (start, span)


IDCARD_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def gen(tables, fields, domains):
    counts = {t["table"]: VENDOR[t["table"]][1] * (1 if t["table"] in MASTER else len(DAYS))
              for t in tables}
    schema, data, queries = [], [], {}
    schema.append("-- hospital.sql - the demo hospital's HIS (vendor schema), written by\n"
                  "-- demo/author.py: same bytes every run, no randomness.\n"
                  "PRAGMA synchronous = OFF;\nBEGIN;")
    for t in tables:
        name = t["table"]
        vt, perday = VENDOR[name]
        total = counts[name]
        used = set()
        cols, exprs, sel = [], [], []
        keyset = set(t["primary_key"].split("+"))
        bd = t["business_date"]
        nbad = 0
        for f in fields[name]:
            fn, ty, dom, rule = f["field"], f["type"], f["domain"], f["rule"]
            scale = int(f["length"].split(",")[1]) if ty == "N" and "," in f["length"] else 0
            if fn == "org_code" and name != "org_info":
                sel.append("%s AS org_code" % q(ORG))
                continue
            vc = vcol(name, fn, used)
            COLMAP[(name, fn)] = vc
            cols.append(vc)
            out = vc
            refs = [r[4:] for r in rule.split(";") if r.startswith("ref:")]
            if fn == "org_code":
                e = q(ORG)
            elif fn == "update_time":
                # SQL timestamp text with milliseconds
                e = ("strftime('%Y-%m-%d %H:%M:%f', bt, '+' || ((n * 37) % 3000) || ' seconds')")
                if name == "admission":
                    # a discharged stay last changed at its discharge
                    e = ("strftime('%%Y-%%m-%%d %%H:%%M:%%f', bt, (CASE WHEN k < %d THEN '+%d minutes' "
                         "ELSE '+0 minutes' END), '+' || ((n * 37) %% 3000) || ' seconds')"
                         % (DISCHARGED, STAY_MIN))
            elif fn == "valid_flag":
                e = "(CASE WHEN n % 97 = 0 THEN 'Y' ELSE 'N' END)"
                out = "CASE %s WHEN 'Y' THEN '0' ELSE '1' END" % vc
            elif fn in keyset and not refs:
                e = key_of(name, "n")
            elif refs and refs[0].split(".")[0] in VENDOR and fn not in (
                    "original_settlement_no",):
                pt = refs[0].split(".")[0]
                if pt == name:
                    e = key_of(pt, master_idx(name, "n - 1", 5))
                elif pt == "dept_info":
                    e = key_of(pt, master_idx(name, "n * 3", counts[pt]))
                else:
                    e = key_of(pt, parent_idx(name, pt, counts))
            elif fn == "original_settlement_no":
                e = "NULL"
            elif fn == "patient_id":
                e = key_of("patient_info", parent_idx(name, "patient_info", counts))
            elif fn in ("visit_id",) and name != "outpatient_visit":
                e = key_of("outpatient_visit", parent_idx(name, "outpatient_visit", counts))
            elif fn == "inpatient_id":
                e = key_of("admission", parent_idx(name, "admission", counts))
            elif dom in LOCAL:
                e = case("n * 3 + %d" % len(cols), [c[0] for c in LOCAL[dom]])
                if dom == "visit_type" and name != "outpatient_registration" \
                        and name != "outpatient_visit":
                    e = "(CASE WHEN n % 3 = 0 THEN 'ZY' ELSE 'MZ' END)"
                elif dom == "visit_type":
                    e = "(CASE WHEN n % 5 = 0 THEN 'JZ' ELSE 'MZ' END)"
                hole = UNMAPPABLE.get(dom)
                if hole and name in hole[2]:
                    e = "(CASE WHEN n %% %d = 0 THEN %s ELSE %s END)" % (
                        hole[2][name], q(hole[0]), e)
            elif dom:
                codes = domains[dom]
                if fn == "settlement_type":
                    codes = [c for c in codes if c != "4"]
                if fn == "antibacterial_flag" or dom == "yes_no":
                    codes = ["0", "1"]
                e = case("n * 7 + %d" % len(cols), codes)
            elif ty == "DT":
                off = "+%d minutes" % (5 * len(cols))
                if fn == bd or fn in ("create_time",):
                    e = "strftime('%Y-%m-%d %H:%M:%S', bt)"
                elif name == "admission" and fn == "discharge_time":
                    e = ("(CASE WHEN k < %d THEN strftime('%%Y-%%m-%%d %%H:%%M:%%S', bt, '+%d minutes') END)"
                         % (DISCHARGED, STAY_MIN))
                elif name in STAY and fn == "admit_time":
                    # the stay's admission, STAY_MIN before the discharge (bt)
                    e = "strftime('%%Y%%m%%d%%H%%M%%S', bt, '-%d minutes')" % STAY_MIN
                elif fn == "start_time":
                    # an order starts after it is written (an operation's
                    # start_time is its business time, above)
                    e = "strftime('%Y%m%d%H%M%S', bt, '+10 minutes')"
                elif "stop" in fn or "end" in fn or "return" in fn or "dispense" in fn \
                        or "review" in fn or "sign" in fn or "in_time" == fn:
                    e = "strftime('%%Y/%%m/%%d %%H:%%M:%%S', bt, '%s')" % off
                elif fn in ("apply_time", "collect_time", "receive_time", "exam_time",
                            "admit_time", "cancel_time", "settle_time",
                            "charge_time", "rx_time", "diag_time", "order_time",
                            "report_time", "measure_time", "out_time", "book_time",
                            "discharge_time", "reg_time", "visit_time"):
                    # before the business time, in order of the process
                    order = ["apply_time", "admit_time", "collect_time", "receive_time",
                             "exam_time", "order_time"]
                    mins = (order.index(fn) - 10) * 10 if fn in order else 0
                    if mins:
                        e = "strftime('%%Y%%m%%d%%H%%M%%S', bt, '%d minutes')" % mins
                    else:
                        e = "strftime('%Y-%m-%d %H:%M:%S', bt)"
                else:
                    e = "strftime('%%Y-%%m-%%d %%H:%%M:%%S', bt, '%s')" % off
            elif ty == "D":
                if "birth" in fn:
                    e = birth(name)
                elif fn in ("bill_start_date",):
                    e = "strftime('%Y%m%d', bt, '-3 days')"
                elif fn in ("bill_end_date", "appoint_date"):
                    e = "strftime('%Y%m%d', bt, '+1 days')"
                elif "end" in fn or "valid_to" in fn:
                    e = "'2030/12/31'"
                elif "hire" in fn:
                    e = "'2015-07-01'"
                else:
                    e = "'2010-01-01'"
            elif ty == "N":
                lo = {"temperature": "36", "height_cm": "165", "weight_kg": "60",
                      "quantity": "1", "dose": "1", "ref_low": "3", "ref_high": "10"}.get(fn)
                if lo:
                    e = "printf('%%.%df', %s + (n %% 10) / 10.0)" % (max(scale, 1), lo)
                elif fn in ("fund_pay", "account_pay", "other_pay", "deposit_offset"):
                    e = "'0'"
                else:
                    e = "printf('%.2f', 5 + (n * 13 % 500) / 4.0)"
            elif ty == "I":
                e = {"pulse": "60 + n % 40", "respiration": "16 + n % 6",
                     "systolic_bp": "110 + n % 30", "diastolic_bp": "70 + n % 15",
                     "spo2": "95 + n % 5", "age_years": "1 + n % 90",
                     "inpatient_days": "3 + n % 10", "blood_loss_ml": "50 + n % 200",
                     "approved_beds": "500", "open_beds": "480", "beds": "40",
                     "pack_qty": "10 + n % 20", "days": "1 + n % 7",
                     "herb_doses": "1 + n % 7", "source_no": "1 + n % 50"}.get(fn, "1 + n % 3")
                if fn == "inpatient_days" and name in STAY:
                    e = "1"  # admitted and discharged the same day count as one day
                e = "CAST(%s AS TEXT)" % e
            else:
                e = None
                if "pattern:^[A-Z][0-9]{2}" in rule or fn.endswith("diag_code"):
                    e = case("n", [c for c, _ in DIAG])
                elif fn.endswith("diag_name") or fn == "main_diag_name":
                    e = case("n", [nm for _, nm in DIAG])
                elif "pattern:^[0-9]{2}(" in rule:
                    e = case("n", [c for c, _ in OPER])
                elif fn in ("operation_name", "main_operation_name"):
                    e = case("n", [nm for _, nm in OPER])
                elif "phone" in fn:
                    e = "'13' || printf('%09d', (n * 7919) % 1000000000)"
                elif fn == "id_card_no" or fn == "id_no":
                    e = "IDCARD"
                elif "division" in fn:
                    e = "'110101'"
                elif fn == "postcode":
                    e = "'100000'"
                elif fn == "nationality":
                    e = "'CHN'"
                elif fn == "loinc_code":
                    e = "'2345-7'"
                elif fn == "study_uid":
                    e = "'1.2.840.10008.' || n"
                elif fn == "time_slot":
                    e = "printf('%02d:00-%02d:30', 8 + n % 9, 8 + n % 9)"
                elif fn in ("name", "contact_name", "doctor_name", "it_contact_name"):
                    e = ("substr('%s', 1 + n %% %d, 1) || (CASE n %% %d %s END)"
                         % (SURNAME, len(SURNAME), len(GIVEN),
                            " ".join("WHEN %d THEN %s" % (i, q(g)) for i, g in enumerate(GIVEN))))
                elif fn == "license_no":
                    e = "'PDY00001X110101'"
                elif fn == "result_value":
                    e = "printf('%.1f', 4 + (n % 60) / 10.0)"
                elif fn.endswith("_code") or fn.endswith("_no") or fn.endswith("_id"):
                    e = "'%s' || printf('%%06d', n)" % fn[:2].upper()
                else:
                    e = "%s || n" % q(f["name_zh"])
            # ~1-2% bad records, one kind per table and deterministic.
            if e != "IDCARD" and fn not in keyset and fn not in ("update_time", "valid_flag",
                                                                   "org_code") \
                    and not refs and nbad == 0 and f["required"] == "Y" and ty in ("D", "DT", "S") \
                    and not dom and fn != bd:
                bad = "'2026-13-45'" if ty != "S" else "NULL"
                e = "(CASE WHEN n %% 67 = 0 THEN %s ELSE %s END)" % (bad, e)
                nbad = 1
            exprs.append(e)
            # the query: dates in the forms SQL can convert, the rest as is
            if ty == "D" and "birth" in fn:
                out = ("CASE WHEN length(%s) = 8 THEN substr(%s, 1, 4) || '-' || "
                       "substr(%s, 5, 2) || '-' || substr(%s, 7, 2) ELSE %s END"
                       % (vc, vc, vc, vc, vc))
            sel.append("%s AS %s" % (out, fn) if out != fn else fn)
        # the schema
        schema.append("CREATE TABLE %s (\n\t%s\n);" % (
            vt, ",\n\t".join("%s TEXT" % c for c in cols)))
        if perday == 1 and name == "org_info":
            day0 = "'2026-10-28 07:00:00'"
        else:
            day0 = None
        bt = daily_bt(perday)
        if name in STAY:
            # written at the discharge of the stay, admission row k of the day
            bt = "datetime(%s, '+%d minutes')" % (daily_bt(VENDOR["admission"][1]), STAY_MIN)
        if name in MASTER:
            # catalogs change over the three days too
            bt = ("datetime('%s 06:00:00', '+' || ((n - 1) %% %d) || ' days', '+' || (n * 53 %% 50000) "
                  "|| ' seconds')" % (DAYS[0], len(DAYS)))
        if day0:
            bt = "datetime(%s)" % day0
        ex = []
        for e in exprs:
            if e == "IDCARD":
                e = ("(SELECT b17 || substr('10X98765432', (%s) %% 11 + 1, 1) FROM "
                     "(SELECT '110101' || %s || printf('%%03d', n %% 1000) AS b17))"
                     % (" + ".join("CAST(substr(b17, %d, 1) AS INTEGER) * %d" % (i + 1, w)
                                   for i, w in enumerate(IDCARD_W)), birth(name)))
            ex.append(e)
        data.append(
            "-- %s: %d rows\nWITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq "
            "WHERE n < %d),\nidx(n, d, k) AS (SELECT n, (n - 1) / %d, (n - 1) %% %d FROM seq),\n"
            "row(n, d, k, bt) AS (SELECT n, d, k, %s FROM idx)\n"
            "INSERT INTO %s (%s)\nSELECT %s\nFROM row;" % (
                vt, total, total, perday, perday, bt, vt, ", ".join(cols), ",\n\t".join(ex)))
        where = "" if False else "\nWHERE modify_dt >= :since AND modify_dt < :until"
        queries[name] = ("-- %s (%s) from the demo HIS table %s.\n-- :since and :until are "
                         "the window on update_time (hdx-extract(1)).\nSELECT %s\nFROM %s%s\n"
                         "ORDER BY modify_dt, %s;\n" % (
                             name, t["name_zh"], vt, ",\n\t".join(sel), vt, where,
                             vcol(name, t["primary_key"].split("+")[-1], set())
                             if name != "org_info" else "modify_dt"))
    # the sums the standard checks: totals of the settlements and
    # prescriptions, over their lines not deleted (R14 leaves out the
    # records with valid_flag 0)
    for parent, child, key in (("prescription", "prescription_item", "rx_no"),
                               ("outpatient_settlement", "outpatient_fee_detail", "settlement_no"),
                               ("inpatient_settlement", "inpatient_fee_detail", "settlement_no")):
        pv, cv = VENDOR[parent][0], VENDOR[child][0]
        data.append("UPDATE %s SET %s = (SELECT printf('%%.2f', coalesce(sum(%s), 0)) FROM %s "
                    "WHERE %s.%s = %s.%s AND %s.%s = 'N');" % (
                        pv, COLMAP[(parent, "total_amount")], COLMAP[(child, "amount")], cv,
                        cv, COLMAP[(child, key)], pv, COLMAP[(parent, key)],
                        cv, COLMAP[(child, "valid_flag")]))
    return schema, data, queries


def main():
    global STD, DAYS
    args = AP.parse_args()
    if args.days < 1:
        AP.error("--days: at least 1")
    STD, DAYS = args.standard, business_days(args.days)
    tables, fields, domains = load()
    schema, data, queries = gen(tables, fields, domains)
    with open(args.hospital or os.path.join(HERE, "hospital.sql"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(schema + data) + "\n\nCOMMIT;\n")
    if args.hospital:
        return
    os.makedirs(os.path.join(HERE, "site", "sql"), exist_ok=True)
    for name, text in queries.items():
        with open(os.path.join(HERE, "site", "sql", name + ".sql"), "w", encoding="utf-8") as f:
            f.write(text)
    os.makedirs(os.path.join(HERE, "site", "mapping"), exist_ok=True)
    for dom, rows in LOCAL.items():
        with open(os.path.join(HERE, "site", "mapping", dom + ".csv"), "w", encoding="utf-8") as f:
            f.write("local_code,std_code,local_name\n")
            for r in rows:
                f.write(",".join(r) + "\n")


if __name__ == "__main__":
    main()
