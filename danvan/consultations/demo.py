"""Demo consultations: one draft open now (its dates follow today) and one closed with its outcome.

Every title, summary and comment here is invented for the demo and written for it.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from danvan.core.dates import VIETNAM, today_in_vietnam

from .models import Comment, Draft

OPEN_TITLE = "Dự thảo Quy chế thực hiện dân chủ ở cơ sở tại xã Thạnh Phú (văn bản mẫu)"
CLOSED_TITLE = "Dự thảo Kế hoạch tiếp công dân trực tuyến của Ủy ban nhân dân huyện (văn bản mẫu)"

OPEN_DRAFT: dict[str, Any] = {
    "title": OPEN_TITLE,
    "drafting_unit": "Ủy ban nhân dân xã Thạnh Phú",
    "summary": (
        "Dự thảo quy định những việc xã phải công khai để người dân biết, những việc người dân được bàn "
        "và quyết định, những việc được tham gia ý kiến trước khi chính quyền quyết định, và cách người "
        "dân giám sát. Văn bản mẫu, soạn cho bản demo của cổng thông tin."
    ),
    "body": (
        "Chương I. Quy định chung\n\n"
        "Điều 1. Phạm vi điều chỉnh: Quy chế áp dụng cho Ủy ban nhân dân xã, các ấp và cán bộ, công chức "
        "xã khi tổ chức để Nhân dân thực hiện quyền làm chủ ở cơ sở.\n\n"
        "Điều 2. Nguyên tắc: công khai, minh bạch; tôn trọng ý kiến đa số; không làm thay, không áp đặt; "
        "bảo đảm mọi người dân, nhất là người cao tuổi và người khuyết tật, tiếp cận được thông tin.\n\n"
        "Chương II. Những nội dung công khai\n\n"
        "Điều 3. Ủy ban nhân dân xã niêm yết tại trụ sở, nhà văn hóa các ấp và đăng trên trang thông tin "
        "điện tử: dự toán và quyết toán ngân sách xã; các khoản đóng góp của Nhân dân; kế hoạch sử dụng "
        "đất; danh sách hộ được hỗ trợ; thủ tục hành chính giải quyết tại xã.\n\n"
        "Điều 4. Thời gian niêm yết ít nhất 30 ngày; trường hợp thay đổi phải niêm yết lại.\n\n"
        "Chương III. Nhân dân bàn và quyết định\n\n"
        "Điều 5. Hội nghị ấp bàn chủ trương và mức đóng góp xây dựng đường giao thông nông thôn, "
        "đèn chiếu sáng, nhà văn hóa; bầu, miễn nhiệm trưởng ấp; hương ước, quy ước của ấp.\n\n"
        "Chương IV. Tổ chức thực hiện\n\n"
        "Điều 6. Ban Thanh tra nhân dân và Ban Giám sát đầu tư của cộng đồng giám sát việc thực hiện "
        "Quy chế; hằng năm Ủy ban nhân dân xã báo cáo kết quả với Hội đồng nhân dân xã."
    ),
}
OPEN_COMMENTS: list[dict[str, Any]] = [
    {
        "author_name": "Trần Văn Lộc",
        "organisation": "Ấp 3, xã Thạnh Phú",
        "body": "Đề nghị ghi rõ ở Điều 3 là danh sách hộ được hỗ trợ phải có cả mức hỗ trợ của từng hộ, "
        "để bà con dễ theo dõi và góp ý khi thấy chưa đúng.",
        "status": Comment.Status.PUBLISHED,
        "days_ago": 8,
        "response": "Ban soạn thảo tiếp thu, sẽ bổ sung mức hỗ trợ vào danh sách niêm yết ở Điều 3.",
    },
    {
        "author_name": "Nguyễn Thị Hạnh",
        "organisation": "Chi hội Phụ nữ ấp 1",
        "body": "Thời gian niêm yết 30 ngày là hợp lý. Xin đề nghị thêm việc đọc thông báo trên loa "
        "truyền thanh của ấp, vì nhiều người lớn tuổi không xem điện thoại.",
        "status": Comment.Status.PUBLISHED,
        "days_ago": 6,
    },
    {
        "author_name": "Lê Minh Tâm",
        "organisation": "",
        "body": "Ở Điều 5 nên quy định hội nghị ấp chỉ quyết định mức đóng góp khi có trên một nửa số hộ "
        "dự họp hoặc cho ý kiến bằng phiếu.",
        "status": Comment.Status.PUBLISHED,
        "days_ago": 3,
    },
    {
        "author_name": "Phạm Quốc Bảo",
        "organisation": "Ấp 4",
        "body": "Đề nghị xã công khai thêm tiến độ các công trình đang làm trên địa bàn.",
        "status": Comment.Status.PENDING,
        "days_ago": 1,
    },
]

CLOSED_DRAFT: dict[str, Any] = {
    "title": CLOSED_TITLE,
    "drafting_unit": "Ban Tiếp công dân huyện",
    "opens_on": dt.date(2024, 3, 4),
    "closes_on": dt.date(2024, 4, 3),
    "summary": (
        "Dự thảo đặt lịch một buổi tiếp công dân qua video mỗi tháng, cách đăng ký trước qua điện thoại "
        "hoặc trang thông tin điện tử, và việc ghi biên bản, trả lời sau buổi tiếp. Văn bản mẫu, soạn cho "
        "bản demo."
    ),
    "body": (
        "1. Mỗi tháng một buổi tiếp công dân trực tuyến vào sáng thứ Năm tuần thứ hai.\n\n"
        "2. Công dân đăng ký trước ít nhất 3 ngày làm việc; người không dùng được thiết bị có thể đến "
        "điểm cầu tại Ủy ban nhân dân xã.\n\n"
        "3. Mọi buổi tiếp đều có biên bản; trả lời bằng văn bản trong 15 ngày."
    ),
    "outcome": (
        "Cơ quan soạn thảo nhận được 2 ý kiến. Tiếp thu ý kiến về điểm cầu tại xã: bổ sung cán bộ xã hỗ "
        "trợ người dân kết nối. Giải trình về thời hạn trả lời: giữ 15 ngày theo quy định hiện hành, "
        "trường hợp phức tạp sẽ thông báo gia hạn. Kế hoạch đã được ban hành sau khi hoàn thiện."
    ),
}
CLOSED_COMMENTS: list[dict[str, Any]] = [
    {
        "author_name": "Võ Thị Mai",
        "organisation": "Xã Tân An",
        "body": "Nên có cán bộ xã ngồi cùng người dân tại điểm cầu để giúp kết nối và ghi lại nội dung.",
        "status": Comment.Status.PUBLISHED,
        "created": dt.datetime(2024, 3, 12, 9, 30, tzinfo=VIETNAM),
        "response": "Tiếp thu: mỗi điểm cầu có một công chức xã hỗ trợ.",
    },
    {
        "author_name": "Đặng Hữu Nghĩa",
        "organisation": "",
        "body": "Đề nghị rút thời hạn trả lời xuống 10 ngày.",
        "status": Comment.Status.PUBLISHED,
        "created": dt.datetime(2024, 3, 20, 14, 0, tzinfo=VIETNAM),
        "response": "Giải trình: giữ 15 ngày theo quy định; việc đơn giản sẽ trả lời sớm hơn.",
    },
]


def _add_comments(draft: Draft, specs: list[dict[str, Any]], *, now: dt.datetime) -> None:
    for spec in specs:
        created = spec.get("created") or now - dt.timedelta(days=spec["days_ago"])
        comment = Comment(
            draft=draft,
            author_name=spec["author_name"],
            organisation=spec["organisation"],
            body=spec["body"],
            status=spec["status"],
            response=spec.get("response", ""),
        )
        if spec["status"] == Comment.Status.PUBLISHED:
            comment.moderated_at = created + dt.timedelta(days=1)
        comment.full_clean()
        comment.save()
        Comment.objects.filter(pk=comment.pk).update(created_at=created)  # auto_now_add ignores a value


def load_consultations(*, issuer: Any = None) -> int:
    """Create what is missing; returns how many drafts were created. ``issuer`` (an Issuer of the
    document library, or none) issues the closed draft: danvan.demo passes the commune's committee."""
    now = timezone.now()
    today = today_in_vietnam(now)
    created = 0
    if not Draft.objects.filter(title=OPEN_TITLE).exists():
        # Computed from today, so that the demo always has a draft open for comment.
        draft = Draft(
            **OPEN_DRAFT,
            opens_on=today - dt.timedelta(days=10),
            closes_on=today + dt.timedelta(days=20),
            published=True,
        )
        draft.full_clean()
        draft.save()
        _add_comments(draft, OPEN_COMMENTS, now=now)
        created += 1
    if not Draft.objects.filter(title=CLOSED_TITLE).exists():
        draft = Draft(**CLOSED_DRAFT, issuer=issuer, published=True)
        draft.full_clean()
        draft.save()
        _add_comments(draft, CLOSED_COMMENTS, now=now)
        created += 1
    return created
