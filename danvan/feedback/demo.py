"""Demo citizens' cases (issue 15): every kind and every status across today's communes of the demo,
built in the order a real case goes, each step recorded (services.record_event) and the clocks asked
to follow (services.sync_deadlines). Received dates count back from today, so the old open complaints
stay overdue whenever the demo is loaded. Some answers are published, two dialogue sessions hold
questions and the cases raised there, and each kind has a response template or two.

Every title, text and answer here was written for the demo; the people and places are invented.
Idempotent: the demo cases carry codes "PA-MAU-…", and a second load creates nothing.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from danvan.core.dates import VIETNAM, today_in_vietnam
from danvan.core.text import fold
from danvan.orgunits import permissions
from danvan.orgunits import services as orgunit_services

from . import services
from .models import (
    Case,
    CaseKind,
    CaseStatus,
    Channel,
    ClockPause,
    DialogueQuestion,
    DialogueSession,
    ResponseTemplate,
)

CODE_PREFIX = "PA-MAU-"
S = CaseStatus

# The steps that lead to each status, after "received" (status, event for the clocks).
PATHS: dict[str, list[CaseStatus]] = {
    S.RECEIVED: [],
    S.ACCEPTED: [S.ACCEPTED],
    S.REFUSED: [S.REFUSED],
    S.FORWARDED: [S.FORWARDED],
    S.ASSIGNED: [S.ACCEPTED, S.ASSIGNED],
    S.IN_PROGRESS: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS],
    S.SUSPENDED: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.SUSPENDED],
    S.ANSWERED: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.ANSWERED],
    S.CLOSED: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED],
    S.WITHDRAWN: [S.ACCEPTED, S.WITHDRAWN],
    S.MERGED: [S.MERGED],
}
# The action word of each step (CaseEvent.action) and the clocks' event.
EVENTS: dict[str, str] = {
    S.ACCEPTED: "accepted",
    S.REFUSED: "refused",
    S.FORWARDED: "forwarded",
    S.ASSIGNED: "assigned",
    S.IN_PROGRESS: "in_progress",
    S.SUSPENDED: "suspended",
    S.ANSWERED: "answered",
    S.CLOSED: "closed",
    S.WITHDRAWN: "withdrawn",
    S.MERGED: "merged",
}


@dataclass
class Spec:
    number: int
    kind: str
    unit: str
    days_ago: int  # received this many days before today
    status: str
    title: str
    content: str
    took: int = 0  # days from receipt to the last step (answered: to the answer)
    answer: str = ""
    reason: str = ""  # of a refusal, a forwarding, a suspension, a withdrawal
    forward_to: str = ""
    merge_into: int = 0
    dialogue: str = ""  # the title of the session where it was raised
    publish: tuple[str, str, str] | None = None  # public title, question, answer
    citizen: dict[str, str] = field(default_factory=dict)


PEOPLE = [
    {"citizen_name": "Lê Thị Mận", "phone": "0912000101", "address": "Ấp 1, xã Phú Lý"},
    {"citizen_name": "Phạm Văn Sấu", "email": "pvsau@example.org", "address": "Ấp Bàu Trâm, xã Trị An"},
    {"citizen_name": "Đỗ Thanh Lựu", "phone": "0987000202", "address": "Khu phố 4, phường Trảng Dài"},
    {"citizen_name": "Hồ Văn Gấc", "email": "hovangac@example.org", "address": "Ấp 5, xã Tân An"},
]

SPECS = [
    Spec(
        1,
        CaseKind.KIEN_NGHI,
        "DN-PHULY",
        3,
        S.RECEIVED,
        "Đề nghị lắp thêm đèn đường tổ 7 ấp 1",
        "Đoạn đường từ tổ 7 ra tỉnh lộ dài gần 400 mét, tối không có đèn, học sinh đi học thêm về rất nguy hiểm.",
    ),
    Spec(
        2,
        CaseKind.PHAN_ANH,
        "DN-TRIAN",
        12,
        S.ACCEPTED,
        "Bãi rác tự phát cạnh kênh N2",
        "Người qua đường đổ rác thành đống cạnh kênh N2, bốc mùi và tràn xuống nước tưới ruộng.",
        took=2,
    ),
    Spec(
        3,
        CaseKind.CAU_HOI,
        "DN-TANAN",
        20,
        S.REFUSED,
        "Hỏi về thủ tục cấp đổi sổ đỏ",
        "Gia đình muốn hỏi cách cấp đổi giấy chứng nhận quyền sử dụng đất bị rách.",
        took=3,
        reason="Nội dung thuộc thẩm quyền hướng dẫn của Văn phòng đăng ký đất đai; đã chỉ dẫn người hỏi liên hệ.",
    ),
    Spec(
        4,
        CaseKind.KHIEU_NAI,
        "DN-TANTRIEU",
        9,
        S.FORWARDED,
        "Khiếu nại quyết định xử phạt vi phạm xây dựng",
        "Tôi không đồng ý với quyết định xử phạt vì phần mái che đã có trước khi ban hành quy hoạch.",
        took=2,
        reason="Quyết định do UBND phường Trảng Dài ban hành: chuyển đơn để giải quyết theo thẩm quyền.",
        forward_to="DN-TRANGDAI",
    ),
    Spec(
        5,
        CaseKind.TO_CAO,
        "DN-TRANGDAI",
        6,
        S.ASSIGNED,
        "Tố cáo việc thu tiền sai quy định tại chợ",
        "Người trông giữ xe ở chợ thu của tiểu thương cao hơn mức giá niêm yết, không đưa vé.",
        took=3,
    ),
    Spec(
        6,
        CaseKind.KHIEU_NAI,
        "DN-PHULY",
        75,
        S.IN_PROGRESS,
        "Khiếu nại về mức bồi thường khi mở rộng đường",
        "Gia đình bị thu hồi 120 m² đất vườn nhưng đơn giá bồi thường thấp hơn các hộ liền kề.",
        took=8,
    ),
    Spec(
        7,
        CaseKind.PHAN_ANH,
        "DN-TANAN",
        28,
        S.IN_PROGRESS,
        "Cống thoát nước ấp 5 bị sụt",
        "Nắp cống trước nhà văn hóa ấp 5 bị sụt, xe máy đã té hai lần trong tuần.",
        took=4,
        dialogue="Đối thoại về hạ tầng giao thông và thoát nước xã Tân An",
    ),
    Spec(
        8,
        CaseKind.KHIEU_NAI,
        "DN-TRIAN",
        50,
        S.SUSPENDED,
        "Khiếu nại việc cấp phép khai thác cát",
        "Việc khai thác cát làm sạt bờ sông phía sau nhà, xin xem xét lại giấy phép đã cấp.",
        took=30,
        reason="Chờ kết quả đo đạc, đánh giá của cơ quan chuyên môn về sạt lở bờ sông.",
    ),
    Spec(
        9,
        CaseKind.KHIEU_NAI,
        "DN-PHULY",
        45,
        S.ANSWERED,
        "Khiếu nại về việc xét hộ cận nghèo",
        "Gia đình đủ điều kiện nhưng không có tên trong danh sách hộ cận nghèo năm nay.",
        took=20,
        answer="Sau khi rà soát lại thu nhập, Ban chỉ đạo xã bổ sung gia đình vào danh sách hộ cận nghèo từ tháng này.",
        publish=(
            "Bổ sung hộ cận nghèo sau khi rà soát lại",
            "Một hộ dân khiếu nại việc không có tên trong danh sách hộ cận nghèo dù thu nhập bình quân thấp.",
            "Ban chỉ đạo giảm nghèo của xã đã rà soát lại thu nhập của hộ, xác định hộ đủ chuẩn cận nghèo và "
            "bổ sung vào danh sách; hộ được hưởng chính sách hỗ trợ bảo hiểm y tế từ tháng kế tiếp.",
        ),
    ),
    Spec(
        10,
        CaseKind.TO_CAO,
        "DN-TANTRIEU",
        110,
        S.CLOSED,
        "Tố cáo cán bộ ấp nhận tiền làm hồ sơ",
        "Cán bộ ấp yêu cầu nộp tiền mới chứng nhận hồ sơ vay vốn ưu đãi.",
        took=70,
        answer="Kết quả xác minh: nội dung tố cáo đúng một phần; cán bộ đã bị kiểm điểm và hoàn trả tiền cho người dân.",
    ),
    Spec(
        11,
        CaseKind.KIEN_NGHI,
        "DN-TANAN",
        28,
        S.ANSWERED,
        "Kiến nghị sửa cầu khỉ qua rạch Cây Sung",
        "Cầu gỗ qua rạch Cây Sung đã mục, nhiều hộ và học sinh qua lại hằng ngày.",
        took=9,
        answer="Xã đưa cầu rạch Cây Sung vào kế hoạch làm cầu bê tông năm tới; trước mắt đã gia cố tay vịn.",
        dialogue="Đối thoại về hạ tầng giao thông và thoát nước xã Tân An",
        publish=(
            "Sửa cầu qua rạch Cây Sung",
            "Người dân kiến nghị sửa cây cầu gỗ đã xuống cấp qua rạch Cây Sung.",
            "Ủy ban nhân dân xã đã gia cố tay vịn và mặt cầu để đi lại an toàn, đồng thời đưa công trình cầu "
            "bê tông vào danh mục đầu tư năm tới theo hình thức Nhà nước và nhân dân cùng làm.",
        ),
    ),
    Spec(
        12,
        CaseKind.CAU_HOI,
        "DN-TRANGDAI",
        15,
        S.CLOSED,
        "Hỏi về hỗ trợ học phí cho con thương binh",
        "Con tôi là con thương binh, năm nay vào lớp 10 thì được miễn học phí thế nào?",
        took=4,
        answer="Học sinh là con thương binh được miễn học phí; gia đình nộp đơn kèm giấy chứng nhận tại trường.",
        publish=(
            "Miễn học phí cho học sinh là con thương binh",
            "Phụ huynh hỏi chế độ miễn học phí khi con là con thương binh vào học lớp 10.",
            "Học sinh là con của thương binh thuộc diện được miễn học phí. Phụ huynh nộp đơn đề nghị kèm bản sao "
            "giấy chứng nhận thương binh cho nhà trường ngay đầu năm học; nhà trường lập danh sách gửi phòng "
            "chuyên môn để thực hiện.",
        ),
    ),
    Spec(
        13,
        CaseKind.PHAN_ANH,
        "DN-PHULY",
        25,
        S.WITHDRAWN,
        "Tiếng ồn từ xưởng gỗ ban đêm",
        "Xưởng cưa gỗ gần khu dân cư chạy máy đến khuya.",
        took=5,
        reason="Người phản ánh rút đơn vì chủ xưởng đã cam kết không chạy máy sau 21 giờ.",
    ),
    Spec(
        14,
        CaseKind.KIEN_NGHI,
        "DN-PHULY",
        2,
        S.MERGED,
        "Xin lắp đèn chiếu sáng đường ra tỉnh lộ ở ấp 1",
        "Đường từ xóm trong ra tỉnh lộ không có đèn, buổi tối rất tối; nhiều hộ cùng ký tên đề nghị.",
        took=1,
        merge_into=1,
    ),
    Spec(
        15,
        CaseKind.KIEN_NGHI,
        "DN-TRIAN",
        58,
        S.CLOSED,
        "Kiến nghị nạo vét kênh tiêu nước",
        "Kênh tiêu nước ấp 3 bị bồi lấp, mùa mưa ruộng ngập kéo dài.",
        took=50,
        answer="Xã đã phối hợp với hợp tác xã nạo vét 1,2 km kênh tiêu trước mùa mưa.",
        dialogue="Đối thoại về sản xuất nông nghiệp và thủy lợi xã Trị An",
    ),
    Spec(
        16,
        CaseKind.TO_CAO,
        "DN-TANAN",
        55,
        S.IN_PROGRESS,
        "Tố cáo việc san lấp đất nông nghiệp trái phép",
        "Một hộ đang san lấp ruộng lúa để làm bãi chứa vật liệu xây dựng.",
        took=6,
    ),
    Spec(
        17,
        CaseKind.CAU_HOI,
        "DN-TANTRIEU",
        2,
        S.RECEIVED,
        "Hỏi lịch tiếp công dân của lãnh đạo phường",
        "Xin hỏi lãnh đạo phường tiếp công dân vào ngày nào trong tuần?",
    ),
    Spec(
        18,
        CaseKind.KHIEU_NAI,
        "DN-TRANGDAI",
        70,
        S.CLOSED,
        "Khiếu nại việc thu hồi giấy phép kinh doanh",
        "Cửa hàng bị thu hồi giấy phép mà không được thông báo trước.",
        took=58,
        answer="Giữ nguyên quyết định thu hồi vì cửa hàng kinh doanh sai ngành nghề đã đăng ký.",
    ),
]

SESSIONS: list[dict[str, Any]] = [
    {
        "title": "Đối thoại về hạ tầng giao thông và thoát nước xã Tân An",
        "unit": "DN-TANAN",
        "days_ago": 28,
        "leader": "Bí thư Đảng ủy xã Tân An",
        "location": "Hội trường Ủy ban nhân dân xã",
        "topics": "Đường giao thông nông thôn; cầu qua rạch; cống thoát nước trong khu dân cư.",
        "attendance": 64,
        "minutes": "Hội nghị ghi nhận 9 ý kiến; lãnh đạo xã trả lời trực tiếp 6 ý kiến, 3 ý kiến giao bộ phận "
        "chuyên môn xem xét và trả lời bằng văn bản trong 15 ngày.",
        "questions": [
            (
                "Người dân ấp 5",
                "Cống trước nhà văn hóa ấp 5 sụt lún, khi nào sửa?",
                "Xã giao tổ công trình khảo sát ngay trong tuần và sửa bằng nguồn duy tu thường xuyên.",
                "Phó Chủ tịch UBND xã",
            ),
            (
                "Người dân ấp 2",
                "Cầu qua rạch Cây Sung có được làm lại không?",
                "Cầu được đưa vào danh mục đầu tư năm tới; trước mắt gia cố để đi lại an toàn.",
                "Chủ tịch UBND xã",
            ),
        ],
    },
    {
        "title": "Đối thoại về sản xuất nông nghiệp và thủy lợi xã Trị An",
        "unit": "DN-TRIAN",
        "days_ago": 58,
        "leader": "Chủ tịch Ủy ban nhân dân xã Trị An",
        "location": "Nhà văn hóa ấp 3",
        "topics": "Nạo vét kênh mương; lịch thời vụ; hỗ trợ giống cây trồng.",
        "attendance": 47,
        "minutes": "Thống nhất nạo vét kênh tiêu ấp 3 trước mùa mưa; hợp tác xã hướng dẫn lịch xuống giống.",
        "questions": [
            (
                "Một hộ trồng lúa",
                "Kênh tiêu ấp 3 bị bồi lấp, xã có kế hoạch nạo vét không?",
                "Xã phối hợp với hợp tác xã nạo vét trong tháng tới, người dân góp ngày công.",
                "Chủ tịch UBND xã",
            ),
            ("Một hộ nuôi cá", "Có hỗ trợ con giống cho hộ bị thiệt hại do ngập không?", "", ""),
        ],
    },
]

TEMPLATES = [
    (
        CaseKind.KIEN_NGHI,
        "accepted",
        "Tiếp nhận kiến nghị",
        "Ủy ban nhân dân đã nhận kiến nghị của Ông/Bà về việc {tiêu đề} và giao bộ phận chuyên môn xem xét. "
        "Kết quả sẽ được thông báo qua mã tra cứu {mã}.",
    ),
    (
        CaseKind.KIEN_NGHI,
        "answered",
        "Trả lời kiến nghị đã đưa vào kế hoạch",
        "Kiến nghị của Ông/Bà là chính đáng; nội dung đã được đưa vào kế hoạch của năm tới. Xin cảm ơn Ông/Bà đã góp ý.",
    ),
    (
        CaseKind.PHAN_ANH,
        "answered",
        "Trả lời phản ánh đã xử lý",
        "Nội dung Ông/Bà phản ánh đã được kiểm tra tại chỗ và xử lý. Nếu sự việc tái diễn, xin tiếp tục báo cho chúng tôi.",
    ),
    (
        CaseKind.KHIEU_NAI,
        "accepted",
        "Thông báo thụ lý khiếu nại",
        "Căn cứ Luật Khiếu nại, đơn khiếu nại của Ông/Bà đủ điều kiện thụ lý. Thời hạn giải quyết được tính từ ngày thụ lý.",
    ),
    (
        CaseKind.KHIEU_NAI,
        "refused",
        "Thông báo không thụ lý khiếu nại",
        "Đơn của Ông/Bà không đủ điều kiện thụ lý vì lý do sau: {lý do}. Ông/Bà có thể bổ sung hồ sơ và gửi lại.",
    ),
    (
        CaseKind.TO_CAO,
        "accepted",
        "Thông báo thụ lý tố cáo",
        "Tố cáo của Ông/Bà đã được thụ lý. Thông tin về người tố cáo được giữ bí mật theo quy định của pháp luật.",
    ),
    (
        CaseKind.TO_CAO,
        "forwarded",
        "Chuyển tố cáo đến cơ quan có thẩm quyền",
        "Nội dung tố cáo không thuộc thẩm quyền của đơn vị; đơn đã được chuyển đến cơ quan có thẩm quyền giải quyết.",
    ),
    (
        CaseKind.CAU_HOI,
        "answered",
        "Trả lời câu hỏi",
        "Cảm ơn câu hỏi của Ông/Bà. Về nội dung này, xin trả lời như sau: {nội dung trả lời}.",
    ),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VIETNAM)


def _step_days(received: dt.date, took: int, steps: int) -> list[dt.date]:
    """The day of each step: spread over ``took`` days after receipt, the last one on day ``took``."""
    if not steps:
        return []
    return [received + dt.timedelta(days=max(1, round(took * (i + 1) / steps))) for i in range(steps)]


def _templates() -> int:
    created = 0
    for kind, action, title, body in TEMPLATES:
        _row, new = ResponseTemplate.objects.get_or_create(
            title=title, defaults={"kind": kind, "action": action, "body": body}
        )
        created += new
    return created


def _sessions(units: dict[str, Any], today: dt.date) -> tuple[dict[str, DialogueSession], int]:
    sessions: dict[str, DialogueSession] = {}
    created = 0
    for spec in SESSIONS:
        session, new = DialogueSession.objects.get_or_create(
            title=spec["title"],
            unit=units[spec["unit"]],
            defaults={
                "held_on": today - dt.timedelta(days=spec["days_ago"]),
                "leader": spec["leader"],
                "location": spec["location"],
                "topics": spec["topics"],
                "attendance": spec["attendance"],
                "minutes": spec["minutes"],
                "published": True,
            },
        )
        if new:
            created += 1
            for position, (asked_by, question, answer, answered_by) in enumerate(spec["questions"], start=1):
                DialogueQuestion.objects.create(
                    session=session,
                    position=position,
                    asked_by=asked_by,
                    question=question,
                    answer=answer,
                    answered_by=answered_by,
                )
        sessions[spec["title"]] = session
    return sessions, created


def _build(
    spec: Spec,
    units: dict[str, Any],
    staff: list[Any],
    sessions: dict[str, DialogueSession],
    built: dict[int, Case],
    today: dt.date,
) -> Case:
    received = today - dt.timedelta(days=spec.days_ago)
    person = PEOPLE[spec.number % len(PEOPLE)]
    case = Case.objects.create(
        code=f"{CODE_PREFIX}{spec.number:04d}",
        kind=spec.kind,
        title=spec.title,
        content=spec.content,
        unit=units[spec.unit],
        channel=Channel.DIALOGUE if spec.dialogue else Channel.WEB,
        received_at=_at(received, 8),
        dialogue=sessions.get(spec.dialogue),
        folded_text=fold(f"{spec.title} {spec.content}"),
        **person,
    )
    services.record_event(case, action="received", to_status=S.RECEIVED, at=case.received_at)
    services.sync_deadlines(case, event="received", on=received)
    path = PATHS[spec.status]
    assignee = staff[spec.number % len(staff)] if staff else None
    for status, day in zip(path, _step_days(received, spec.took, len(path)), strict=True):
        day = min(day, today)
        before = case.status
        case.status = status
        reason = ""
        if status == S.ACCEPTED:
            case.accepted_on = day
        elif status == S.ASSIGNED:
            case.assignee = assignee
        elif status in (S.REFUSED, S.WITHDRAWN, S.SUSPENDED):
            reason = spec.reason
        elif status == S.FORWARDED:
            reason = spec.reason
            case.unit = units[spec.forward_to]
        elif status == S.MERGED:
            case.merged_into = built[spec.merge_into]
            reason = f"Trùng nội dung với đơn {case.merged_into.code}."
        elif status == S.ANSWERED:
            case.answer = spec.answer
            case.answered_at = _at(day, 15)
        elif status == S.CLOSED:
            case.closed_at = _at(day, 16)
        case.save()
        if status == S.SUSPENDED:
            ClockPause.objects.create(case=case, starts_on=day, reason=spec.reason)
        services.record_event(
            case,
            action=EVENTS[status],
            from_status=before,
            to_status=status,
            reason=reason,
            public_note=spec.answer if status == S.ANSWERED else "",
            at=_at(day, 14),
        )
        services.sync_deadlines(case, event=EVENTS[status], on=day)
    if spec.publish:
        title, question, answer = spec.publish
        services.publish_answer(case, by=None, title=title, question=question, answer=answer)
    return case


# Since 1/7/2025 the cases go to today's communes: the demo's staff, whose memberships name the
# former units, also work for their successors (Phú Lý's clerk for the new Phú Lý; the former
# district's office for the five communes that replaced Vĩnh Cửu), so that they see and handle them.
TODAY_MEMBERSHIPS = {
    "xa.phuly": (permissions.DATA_ENTRY, ["DN-PHULY"]),
    "huyen.vinhcuu": (
        permissions.APPROVER,
        ["DN-PHULY", "DN-TRIAN", "DN-TANAN", "DN-TANTRIEU", "DN-TRANGDAI"],
    ),
}


def _today_units_for_staff(staff: list[Any], units: dict[str, Any]) -> None:
    for user in staff:
        role, codes = TODAY_MEMBERSHIPS.get(user.username, ("", []))
        for code in codes:
            if code in units:
                orgunit_services.grant_role(user, units[code], role)


@transaction.atomic
def load_feedback(*, units: dict[str, Any], today: dt.date | None = None) -> dict[str, int]:
    """Create what is missing of the demo's cases, dialogue sessions and response templates; returns
    how many of each were created (all zero on a second load)."""
    today = today or today_in_vietnam()
    created = {"cases": 0, "sessions": 0, "templates": _templates()}
    sessions, created["sessions"] = _sessions(units, today)
    staff = list(
        get_user_model().objects.filter(username__in=["xa.phuly", "huyen.vinhcuu"]).order_by("username")
    )
    handlers = services.ensure_handlers_group()
    for user in staff:  # the demo's commune clerk and former district office handle cases
        user.groups.add(handlers)
    _today_units_for_staff(staff, units)
    if Case.objects.filter(code__startswith=CODE_PREFIX).exists():
        return created
    built: dict[int, Case] = {}
    for spec in SPECS:
        built[spec.number] = _build(spec, units, staff, sessions, built, today)
        created["cases"] += 1
    return created
