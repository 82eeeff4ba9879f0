"""The default rules of the legal clocks (issue 15), as data: Luật Khiếu nại 2011 (in force
1/7/2012), Luật Tố cáo 2018 (in force 1/1/2019), and the internal target for kiến nghị, phản ánh,
câu hỏi (off, needs review). Written by migration 0002 and made sure of after every migrate (a test
database's flush empties the table), never over a row an administrator edited."""

import datetime as dt
from typing import Any

COMPLAINT_LAW = dt.date(2012, 7, 1)
DENUNCIATION_LAW = dt.date(2019, 1, 1)
CITIZEN_RECEPTION_LAW = dt.date(2014, 7, 1)

K27 = "Luật Khiếu nại 2011, Điều 27"
K28 = "Luật Khiếu nại 2011, Điều 28"
K37 = "Luật Khiếu nại 2011, Điều 37"
T24 = "Luật Tố cáo 2018, Điều 24 khoản 1, Điều 29"

# key, kind, step, amount, unit, source, valid_from, note
RULES = [
    (
        "complaint_accept",
        "khieu_nai",
        "accept",
        10,
        "days",
        K27,
        COMPLAINT_LAW,
        "Thụ lý hoặc không thụ lý và thông báo bằng văn bản.",
    ),
    (
        "complaint_resolve_first",
        "khieu_nai",
        "resolve",
        30,
        "days",
        K28,
        COMPLAINT_LAW,
        "Giải quyết lần đầu, tính từ ngày thụ lý.",
    ),
    (
        "complaint_resolve_first_complex",
        "khieu_nai",
        "resolve",
        45,
        "days",
        K28,
        COMPLAINT_LAW,
        "Lần đầu, vụ việc phức tạp.",
    ),
    (
        "complaint_resolve_first_remote",
        "khieu_nai",
        "resolve",
        45,
        "days",
        K28,
        COMPLAINT_LAW,
        "Lần đầu, vùng sâu, vùng xa đi lại khó khăn.",
    ),
    (
        "complaint_resolve_first_remote_complex",
        "khieu_nai",
        "resolve",
        60,
        "days",
        K28,
        COMPLAINT_LAW,
        "Lần đầu, vùng sâu, vùng xa, vụ việc phức tạp.",
    ),
    (
        "complaint_resolve_second",
        "khieu_nai",
        "resolve",
        45,
        "days",
        K37,
        COMPLAINT_LAW,
        "Giải quyết lần hai, tính từ ngày thụ lý.",
    ),
    (
        "complaint_resolve_second_complex",
        "khieu_nai",
        "resolve",
        60,
        "days",
        K37,
        COMPLAINT_LAW,
        "Lần hai, vụ việc phức tạp.",
    ),
    (
        "complaint_resolve_second_remote",
        "khieu_nai",
        "resolve",
        60,
        "days",
        K37,
        COMPLAINT_LAW,
        "Lần hai, vùng sâu, vùng xa đi lại khó khăn.",
    ),
    (
        "complaint_resolve_second_remote_complex",
        "khieu_nai",
        "resolve",
        70,
        "days",
        K37,
        COMPLAINT_LAW,
        "Lần hai, vùng sâu, vùng xa, vụ việc phức tạp.",
    ),
    (
        "denunciation_process",
        "to_cao",
        "process",
        7,
        "working_days",
        T24,
        DENUNCIATION_LAW,
        "Xử lý ban đầu, thụ lý tố cáo, tính từ ngày nhận.",
    ),
    (
        "denunciation_process_extended",
        "to_cao",
        "process",
        10,
        "working_days",
        T24,
        DENUNCIATION_LAW,
        "Cần kiểm tra, xác minh tại nhiều địa điểm.",
    ),
    (
        "denunciation_forward",
        "to_cao",
        "forward",
        5,
        "working_days",
        "Luật Tố cáo 2018, Điều 24 khoản 2",
        DENUNCIATION_LAW,
        "Tố cáo không thuộc thẩm quyền: chuyển cơ quan có thẩm quyền, tính từ ngày nhận.",
    ),
    (
        "denunciation_resolve",
        "to_cao",
        "resolve",
        30,
        "days",
        "Luật Tố cáo 2018, Điều 30",
        DENUNCIATION_LAW,
        "Giải quyết tố cáo, tính từ ngày thụ lý.",
    ),
    (
        "denunciation_resolve_extension",
        "to_cao",
        "extension",
        30,
        "days",
        "Luật Tố cáo 2018, Điều 30",
        DENUNCIATION_LAW,
        "Mỗi lần gia hạn không quá 30 ngày; phức tạp: một lần, đặc biệt phức tạp: hai lần.",
    ),
]
FEEDBACK_ANSWER = (
    "feedback_answer",
    "kien_nghi",
    "answer",
    15,
    "working_days",
    "Luật Tiếp công dân 2013 (chưa kiểm chứng thời hạn)",
    CITIZEN_RECEPTION_LAW,
    "Chỉ tiêu nội bộ cho kiến nghị, phản ánh, câu hỏi: chưa có thời hạn luật định đã kiểm chứng. "
    "Mặc định tắt; bật và sửa số ngày khi đơn vị quyết định. Muốn riêng từng loại: thêm quy tắc "
    "feedback_answer_phan_anh hoặc feedback_answer_cau_hoi.",
)


def default_rules() -> list[dict[str, Any]]:
    rows = [
        {
            "key": key,
            "kind": kind,
            "step": step,
            "amount": amount,
            "unit": unit,
            "source": source,
            "valid_from": valid_from,
            "note": note,
        }
        for key, kind, step, amount, unit, source, valid_from, note in RULES
    ]
    key, kind, step, amount, unit, source, valid_from, note = FEEDBACK_ANSWER
    rows.append(
        {
            "key": key,
            "kind": kind,
            "step": step,
            "amount": amount,
            "unit": unit,
            "source": source,
            "valid_from": valid_from,
            "note": note,
            "active": False,
            "needs_review": True,
        }
    )
    return rows


def ensure_default_rules(rule_model: Any) -> int:
    """Create the default rules that are missing (by key and valid_from); how many were created."""
    created = 0
    for row in default_rules():
        lookup = {"key": row["key"], "valid_from": row["valid_from"]}
        defaults = {name: value for name, value in row.items() if name not in lookup}
        created += rule_model.objects.get_or_create(**lookup, defaults=defaults)[1]
    return created
