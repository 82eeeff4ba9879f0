"""Demo: narrative progress reports of a few Vĩnh Cửu communes on the task groups of programme
42-CTr/HU for 2023 (issue 16, part "tasks"). The texts are written for the demo. No milestone is
marked done here (the task items' demo does that). Idempotent: an existing report is left alone.
"""

from django.db import transaction

from danvan.orgunits import selectors as orgunits

from .models import Period, Programme, TaskGroup, TaskReport

# (task group's position in the programme, commune code, text)
REPORTS = [
    (
        0,
        "VC-VA",
        "Thị trấn tổ chức 6 buổi sinh hoạt chuyên đề ở các khu phố để phổ biến nghị quyết và các quy định "
        "mới về đất đai; tổ dân vận nắm ý kiến người dân mỗi tháng một lần và gửi báo cáo nhanh về Ban Dân vận "
        "huyện. Khó khăn: người lao động ở khu công nghiệp ít dự họp buổi tối; quý tới sẽ tuyên truyền qua "
        "nhóm Zalo của từng khu phố.",
    ),
    (
        0,
        "VC-TAN",
        "Xã Tân An lồng ghép tuyên truyền vào các buổi họp ấp, phát 1.200 tờ rơi về phòng chống lừa đảo qua "
        "mạng và chính sách bồi thường khi làm đường liên xã. Đã nắm và báo cáo 3 vụ việc người dân còn băn "
        "khoăn về giá đền bù; Ủy ban xã đã gặp gỡ, giải thích cho các hộ liên quan.",
    ),
    (
        1,
        "VC-MD",
        "Xã Mã Đà duy trì lịch tiếp công dân định kỳ vào thứ Năm hằng tuần; trong năm tổ chức 2 buổi đối thoại "
        "trực tiếp giữa Chủ tịch Ủy ban và nhân dân về nước sinh hoạt và đường nội đồng. Thời gian giải quyết "
        "hồ sơ một cửa trung bình giảm còn 2,5 ngày.",
    ),
    (
        3,
        "VC-VA",
        "Đăng ký 2 mô hình “Dân vận khéo”: “Khu phố sáng – xanh – sạch” và “Tổ tự quản an ninh bến đò”. "
        "Phối hợp Mặt trận tổ chức lễ kỷ niệm ngày truyền thống công tác dân vận, biểu dương 12 cá nhân tiêu biểu.",
    ),
    (
        3,
        "VC-TAN",
        "Các đoàn thể xã chọn phong trào làm đường giao thông nông thôn làm trọng tâm thi đua; người dân hiến "
        "hơn 3.000 m² đất và đóng góp ngày công. Đang hoàn thiện hồ sơ đề nghị công nhận mô hình cấp huyện.",
    ),
]


@transaction.atomic
def load_task_reports() -> int:
    """Create the demo reports that are missing; returns how many were created."""
    programme = Programme.objects.filter(code="42-CTr/HU").first()
    period = Period.objects.filter(code="2023").first()
    if programme is None or period is None:
        return 0
    groups = list(TaskGroup.objects.filter(programme=programme).order_by("sort_order", "pk"))
    units = orgunits.units_by_code()
    created = 0
    for position, code, text in REPORTS:
        if position >= len(groups) or code not in units:
            continue
        _report, new = TaskReport.objects.get_or_create(
            task_group=groups[position], org_unit=units[code], period=period, defaults={"text": text}
        )
        created += new
    return created
