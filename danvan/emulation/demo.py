"""Demo “Dân vận khéo” models (issue 16): every field and status across the demo communes.

2023: one model per former commune of Vĩnh Cửu; those the programme demo counts as skilful
(danvan.programmes.demo: all but “VT” and “TB”, and Phú Lý, whose report is still open) are
recognised, Vĩnh Tân's was not recognised, Tân Bình's recognition was revoked and Phú Lý's is still
under review, so the models agree with the 2023 figure (decision 0020: the figure follows the
recognitions). Today's communes hold
models registered, under review (scored by two council members) and recognised. Idempotent: a second
load creates nothing. Written straight to the tables (no rights to check, dates in the past).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from danvan.core.slugs import vietnamese_slugify
from danvan.core.text import fold

from .models import CouncilScore, Criterion, ModelEvent, ModelField, ModelStatus, SkilfulModel

F = ModelField
S = ModelStatus
NOT_SKILFUL_2023 = {"VT", "TB"}  # as danvan.programmes.demo.NOT_SKILFUL
UNDER_REVIEW_2023 = "PL"  # as danvan.programmes.demo.OPEN_COMMUNE: its report is open, no decision yet
# The demo's district approvers also decide on the models of the units below them (decision 0020).
DECIDERS_GROUP = "Xét công nhận “Dân vận khéo”"
DECIDERS_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("emulation", "view_skilfulmodel"),
    ("emulation", "change_skilfulmodel"),
]

CRITERIA = [
    ("Kết quả đo đếm được", "Số liệu trước và sau khi làm mô hình, có nguồn kiểm chứng.", Decimal(3), 10),
    (
        "Mức độ người dân tham gia",
        "Bao nhiêu hộ, bao nhiêu người cùng làm, tự nguyện đến đâu.",
        Decimal(2),
        10,
    ),
    ("Khả năng nhân rộng", "Nơi khác học theo được không, tốn kém bao nhiêu.", Decimal(2), 10),
    ("Duy trì lâu dài", "Mô hình tự vận hành được khi không còn hỗ trợ.", Decimal(1), 10),
]

# (former commune code, field, title, description, results)
MODELS_2023 = [
    (
        "VA",
        F.CULTURE_SOCIETY,
        "Tủ sách khu phố mở cửa buổi tối",
        "Thanh niên thị trấn góp sách cũ, mượn phòng sinh hoạt khu phố làm chỗ đọc cho học sinh sau giờ học.",
        "Gom 1.450 đầu sách; trung bình 60 lượt em nhỏ đến đọc mỗi tuần.",
    ),
    (
        "MD",
        F.DEFENCE_SECURITY,
        "Tổ tuần tra ven rừng phòng hộ",
        "Các hộ nhận khoán rừng chia ca đi tuần, báo ngay cho kiểm lâm khi thấy cháy hoặc chặt phá.",
        "Cả mùa khô không có vụ cháy rừng; phát hiện 4 vụ khai thác trái phép.",
    ),
    (
        "TA",
        F.ECONOMY,
        "Hợp tác nuôi cá lồng trên hồ",
        "Hội Nông dân đứng ra liên kết các hộ nuôi cá lồng, cùng mua giống và thức ăn, bán chung đầu mối.",
        "Giá vốn thức ăn giảm 12%; thu nhập hộ tham gia tăng bình quân 18 triệu đồng/năm.",
    ),
    (
        "TAN",
        F.POLITICAL_SYSTEM,
        "Ngày thứ Bảy lắng nghe dân",
        "Lãnh đạo xã ngồi tại nhà văn hóa ấp mỗi sáng thứ Bảy cuối tháng để nghe người dân góp ý trực tiếp.",
        "Tiếp 212 lượt người; 95% ý kiến được trả lời trong tháng.",
    ),
    (
        "VT",
        F.ECONOMY,
        "Chợ phiên nông sản sạch cuối tuần",
        "Các hộ trồng rau bày bán chung một điểm vào sáng Chủ nhật, tự cam kết không dùng thuốc cấm.",
        "Mới họp được 5 phiên, chưa có số liệu kiểm nghiệm mẫu rau.",
    ),
    (
        "PL",
        F.CULTURE_SOCIETY,
        "Bếp ăn chung cho người già neo đơn",
        "Hội Phụ nữ xã vận động mạnh thường quân, nấu bữa trưa mang tới tận nhà cho người già sống một mình.",
        "Phục vụ 38 cụ, hơn 9.000 suất ăn trong năm.",
    ),
    (
        "TT",
        F.ECONOMY,
        "Đổi đất lấy đường vào khu sản xuất",
        "Các hộ hiến một dải đất dọc ranh vườn để mở rộng đường nội đồng cho xe tải vào được.",
        "Mở rộng 3,2 km đường; 74 hộ hiến đất, không phải bồi thường.",
    ),
    (
        "THP",
        F.POLITICAL_SYSTEM,
        "Chi đoàn doanh nghiệp đồng hành cùng công nhân",
        "Chi đoàn công ty tổ chức tư vấn pháp luật lao động và trông trẻ ca đêm cho công nhân.",
        "Giảm tỷ lệ nghỉ việc từ 21% xuống 9%; 120 công nhân được tư vấn.",
    ),
    (
        "BL",
        F.DEFENCE_SECURITY,
        "Camera an ninh do dân góp",
        "Mỗi tổ dân cư góp tiền lắp camera ở các ngã ba, nối về nhà trưởng ấp và công an xã.",
        "Lắp 46 camera; số vụ trộm tài sản giảm từ 17 xuống 5.",
    ),
    (
        "TB",
        F.CULTURE_SOCIETY,
        "Sân chơi thiếu nhi ở ấp",
        "Thanh niên ấp tận dụng bãi đất trống dựng xích đu, cầu tuột từ vật liệu cũ.",
        "Dựng 1 sân chơi; sau vài tháng thiết bị hư hỏng, không ai bảo trì.",
    ),
    (
        "BH",
        F.ECONOMY,
        "Vườn mẫu trồng bưởi theo quy trình an toàn",
        "Nông dân giỏi mở vườn của mình cho bà con tới học cách bón phân, tỉa cành, ghi nhật ký canh tác.",
        "32 hộ áp dụng; sản lượng bưởi tăng khoảng 15%.",
    ),
    (
        "TTR",
        F.POLITICAL_SYSTEM,
        "Hộp thư góp ý đặt tại chợ",
        "Mặt trận xã đặt hộp thư ở chợ, mỗi tuần mở hộp và trả lời trên loa truyền thanh.",
        "Nhận 164 ý kiến; sửa xong 3 tuyến đường hư và 2 đèn chiếu sáng.",
    ),
]

# Today's communes: (unit code, field, status, title, description, results)
MODELS_TODAY = [
    (
        "DN-PHULY",
        F.DEFENCE_SECURITY,
        S.UNDER_REVIEW,
        "Nhóm Zalo an toàn giao thông ấp",
        "Phụ huynh và tài xế trong ấp lập nhóm nhắn tin báo chỗ đường xấu, nhắc nhau đón con đúng giờ.",
        "Trên 300 thành viên; 11 ổ gà được báo và vá trong quý.",
    ),
    (
        "DN-TRIAN",
        F.ECONOMY,
        S.REGISTERED,
        "Tổ liên kết du lịch sinh thái lòng hồ",
        "Các hộ ven hồ cùng làm dịch vụ đón khách: chèo thuyền, ăn cá, nghỉ nhà dân, chia nhau lượt khách.",
        "Đón 2.100 lượt khách trong 6 tháng đầu năm; 15 hộ có thêm thu nhập.",
    ),
    (
        "DN-TANAN",
        F.CULTURE_SOCIETY,
        S.RECOGNISED,
        "Lớp học bơi miễn phí mùa hè",
        "Đoàn xã mượn hồ bơi của trường, mời huấn luyện viên tình nguyện dạy bơi cho trẻ em nông thôn.",
        "Dạy 260 em biết bơi; hai mùa hè liền không có trẻ đuối nước.",
    ),
    (
        "DN-TANTRIEU",
        F.POLITICAL_SYSTEM,
        S.UNDER_REVIEW,
        "Cán bộ phường đi bộ cùng dân",
        "Mỗi tuần cán bộ phường đi bộ qua một khu phố, ghi lại ngay những việc người dân chỉ ra.",
        "Ghi nhận 89 việc, xử lý xong 71 việc trong tháng.",
    ),
    (
        "DN-TRANGDAI",
        F.ECONOMY,
        S.NOT_RECOGNISED,
        "Điểm thu gom phế liệu gây quỹ",
        "Hội Cựu chiến binh phường nhận phế liệu người dân cho để bán, lấy tiền giúp hộ khó khăn.",
        "Chưa có sổ sách thu chi rõ ràng để đối chiếu.",
    ),
]


def _criteria() -> list[Criterion]:
    rows = []
    for position, (name, description, weight, max_score) in enumerate(CRITERIA):
        row, _ = Criterion.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "weight": weight,
                "max_score": max_score,
                "position": position,
            },
        )
        rows.append(row)
    return rows


def _council() -> list[Any]:
    users = []
    for username, first, last in (("hoidong.mot", "Hà", "Nguyễn Thị"), ("hoidong.hai", "Khôi", "Lê Minh")):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "is_staff": False}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


def _create(
    unit: Any, level: Any, year: int, field: str, status: str, title: str, description: str, results: str
) -> SkilfulModel:
    model = SkilfulModel(
        title=title,
        slug=vietnamese_slugify(title)[:70].strip("-"),
        unit=unit,
        level=level,
        field=field,
        year=year,
        description=description,
        results=results,
        status=status,
    )
    model.folded_text = fold(" ".join([title, description, results, unit.name]))
    model.save()
    return model


def _history(model: SkilfulModel, steps: list[tuple[str, str, Any, dt.date, str]]) -> None:
    for action, before, after, day, reason in steps:
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        ModelEvent.objects.create(
            model=model, at=at, action=action, from_status=before, to_status=after, reason=reason
        )


def _score(
    model: SkilfulModel, members: list[Any], criteria: list[Criterion], offsets: tuple[int, int]
) -> None:
    base = [8, 7, 6, 9]
    for member, offset in zip(members, offsets, strict=True):
        for criterion, value in zip(criteria, base, strict=True):
            CouncilScore.objects.create(
                model=model,
                member=member,
                criterion=criterion,
                score=Decimal(max(0, min(10, value + offset))),
            )
    total_weight = sum(c.weight for c in criteria)
    acc = Decimal(0)
    for criterion, value in zip(criteria, base, strict=True):
        mean = Decimal(sum(max(0, min(10, value + o)) for o in offsets)) / len(offsets)
        acc += criterion.weight * mean / criterion.max_score
    model.score = (acc / total_weight * 100).quantize(Decimal("0.01"))
    model.save(update_fields=["score"])


@transaction.atomic
def load_models(*, units: dict[str, Any], decisions: dict[int, Any] | None = None) -> int:
    """Create the demo models if none exists yet; returns how many were created (0 on a reload).
    ``decisions``: the library's recognition decision of each year (danvan.demo passes them), linked
    to the models recognised that year (a revoked one was recognised by it too)."""
    decisions = decisions or {}
    criteria = _criteria()
    members = _council()
    if SkilfulModel.objects.filter(title=MODELS_2023[0][2]).exists():
        return 0
    created = 0
    district_level = getattr(units.get("VC"), "level", None)
    for code, field, title, description, results in MODELS_2023:
        unit = units.get(f"VC-{code}")
        if unit is None:
            continue
        if code == "VT":
            status = S.NOT_RECOGNISED
        elif code == "TB":
            status = S.REVOKED
        elif code == UNDER_REVIEW_2023:
            status = S.UNDER_REVIEW
        else:
            status = S.RECOGNISED
        model = _create(unit, district_level, 2023, field, status, title, description, results)
        _score(model, members, criteria, (0, 1) if status != S.NOT_RECOGNISED else (-3, -4))
        steps: list[tuple[str, str, Any, dt.date, str]] = [
            ("register", "", S.REGISTERED, dt.date(2023, 6, 5), ""),
            ("review", S.REGISTERED, S.UNDER_REVIEW, dt.date(2023, 9, 12), ""),
        ]
        if status == S.NOT_RECOGNISED:
            steps.append(
                (
                    "refuse",
                    S.UNDER_REVIEW,
                    status,
                    dt.date(2023, 12, 8),
                    "Chưa chứng minh được kết quả bằng số liệu.",
                )
            )
            model.decided_on = dt.date(2023, 12, 8)
        elif status != S.UNDER_REVIEW:
            steps.append(("recognise", S.UNDER_REVIEW, S.RECOGNISED, dt.date(2023, 12, 8), ""))
            model.decided_on, model.decision = dt.date(2023, 12, 8), decisions.get(2023)
        if status == S.REVOKED:
            reason = "Sân chơi xuống cấp, không còn hoạt động như hồ sơ đăng ký."
            steps.append(("revoke", S.RECOGNISED, S.REVOKED, dt.date(2024, 5, 20), reason))
            model.revoked_on, model.revoked_reason = dt.date(2024, 5, 20), reason
        model.save(update_fields=["decided_on", "decision", "revoked_on", "revoked_reason"])
        _history(model, steps)
        created += 1
    province_level = getattr(units.get("DN"), "level", None)
    for code, field, status, title, description, results in MODELS_TODAY:
        unit = units.get(code)
        if unit is None:
            continue
        model = _create(unit, province_level, 2025, field, status, title, description, results)
        steps = [("register", "", S.REGISTERED, dt.date(2025, 8, 4), "")]
        if status != S.REGISTERED:
            steps.append(("review", S.REGISTERED, S.UNDER_REVIEW, dt.date(2025, 9, 15), ""))
            _score(model, members, criteria, (1, -1) if status != S.NOT_RECOGNISED else (-4, -5))
        if status == S.RECOGNISED:
            steps.append(("recognise", S.UNDER_REVIEW, status, dt.date(2025, 11, 25), ""))
            model.decided_on, model.decision = dt.date(2025, 11, 25), decisions.get(2025)
        if status == S.NOT_RECOGNISED:
            steps.append(
                (
                    "refuse",
                    S.UNDER_REVIEW,
                    status,
                    dt.date(2025, 11, 25),
                    "Thiếu sổ sách thu chi để kiểm chứng kết quả.",
                )
            )
            model.decided_on = dt.date(2025, 11, 25)
        model.save(update_fields=["decided_on", "decision"])
        _history(model, steps)
        created += 1
    return created


@transaction.atomic
def load_deciders(*, usernames: list[str]) -> None:
    """Give the users named (the demo's district approvers, when they exist) the right to start the
    review of, recognise, refuse and revoke models (``emulation.change_skilfulmodel``) through a
    group; ``orgunits.permissions.can_decide_model`` still asks for a membership above the model's
    unit. Idempotent."""
    group, _ = Group.objects.get_or_create(name=DECIDERS_GROUP)
    for app_label, codename in DECIDERS_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)
    for user in get_user_model().objects.filter(username__in=usernames):
        user.groups.add(group)
