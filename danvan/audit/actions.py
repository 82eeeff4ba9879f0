"""The actions the log names, as dotted codes, and their Vietnamese labels.

Codes are ``<kind>.<verb>``: ``auth.login``, ``report.approve``, ``page.publish``, ``object.edit``…
Wagtail's own log actions (``wagtail.<verb>``) are mirrored as ``page.<verb>`` for pages,
``user.<verb>`` and ``group.<verb>`` for accounts and groups, ``object.<verb>`` for anything else.
A code nobody labelled is shown as it is.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KINDS = {
    "page": gettext_lazy("Trang"),
    "user": gettext_lazy("Tài khoản"),
    "group": gettext_lazy("Nhóm quyền"),
    "object": gettext_lazy("Đối tượng"),
}

VERBS = {
    "create": gettext_lazy("tạo mới"),
    "edit": gettext_lazy("sửa"),
    "delete": gettext_lazy("xóa"),
    "publish": gettext_lazy("xuất bản"),
    "publish.scheduled": gettext_lazy("xuất bản theo lịch"),
    "publish.schedule": gettext_lazy("đặt lịch xuất bản"),
    "schedule.cancel": gettext_lazy("hủy lịch xuất bản"),
    "unpublish": gettext_lazy("ngừng xuất bản"),
    "unpublish.scheduled": gettext_lazy("ngừng xuất bản theo lịch"),
    "lock": gettext_lazy("khóa"),
    "unlock": gettext_lazy("mở khóa"),
    "moderation.approve": gettext_lazy("duyệt"),
    "moderation.reject": gettext_lazy("từ chối"),
    "rename": gettext_lazy("đổi tên"),
    "revert": gettext_lazy("khôi phục phiên bản"),
    "copy": gettext_lazy("sao chép"),
    "copy_for_translation": gettext_lazy("sao chép để dịch"),
    "create_alias": gettext_lazy("tạo bí danh"),
    "convert_alias": gettext_lazy("chuyển bí danh thành trang"),
    "move": gettext_lazy("di chuyển"),
    "reorder": gettext_lazy("sắp xếp lại"),
    "view_restriction.create": gettext_lazy("đặt giới hạn xem"),
    "view_restriction.edit": gettext_lazy("sửa giới hạn xem"),
    "view_restriction.delete": gettext_lazy("bỏ giới hạn xem"),
    "workflow.start": gettext_lazy("gửi duyệt"),
    "workflow.approve": gettext_lazy("duyệt (quy trình)"),
    "workflow.reject": gettext_lazy("yêu cầu sửa (quy trình)"),
    "workflow.resume": gettext_lazy("gửi duyệt lại"),
    "workflow.cancel": gettext_lazy("hủy quy trình duyệt"),
    "apitoken.create": gettext_lazy("tạo khóa API"),
    "apitoken.revoke": gettext_lazy("thu hồi khóa API"),
    # changes of rights (receivers.py)
    "groups": gettext_lazy("đổi nhóm quyền"),
    "permissions": gettext_lazy("đổi quyền"),
    "page_permission": gettext_lazy("đổi quyền trên trang"),
    "collection_permission": gettext_lazy("đổi quyền trên thư mục ảnh/tài liệu"),
}

ACTIONS = {
    "auth.login": gettext_lazy("Đăng nhập"),
    "auth.login_failed": gettext_lazy("Đăng nhập thất bại"),
    "auth.logout": gettext_lazy("Đăng xuất"),
    "auth.lockout": gettext_lazy("Khóa đăng nhập (sai nhiều lần)"),
    "auth.unlock": gettext_lazy("Mở khóa đăng nhập"),
    "auth.idle_logout": gettext_lazy("Tự đăng xuất do không hoạt động"),
    "auth.end_sessions": gettext_lazy("Kết thúc mọi phiên đăng nhập"),
    "auth.disable_inactive": gettext_lazy("Vô hiệu hóa tài khoản lâu không dùng"),
    "otp.enrolled": gettext_lazy("Đăng ký xác thực hai bước"),
    "otp.verified": gettext_lazy("Xác thực hai bước"),
    "otp.failed": gettext_lazy("Mã xác thực hai bước sai"),
    "otp.reset": gettext_lazy("Đặt lại xác thực hai bước"),
    "backup.create": gettext_lazy("Sao lưu"),
    "backup.restore": gettext_lazy("Phục hồi từ bản sao lưu"),
    "report.save": gettext_lazy("Báo cáo: nhập số liệu"),
    "report.submit": gettext_lazy("Báo cáo: gửi"),
    "report.approve": gettext_lazy("Báo cáo: duyệt"),
    "report.return": gettext_lazy("Báo cáo: trả lại"),
    "report.lock": gettext_lazy("Báo cáo: khóa sổ"),
    "report.unlock": gettext_lazy("Báo cáo: mở khóa"),
    "data.import": gettext_lazy("Nhập tệp số liệu"),
    "audit.prune": gettext_lazy("Xóa nhật ký quá hạn lưu"),
    "calendar.seed": gettext_lazy("Lịch làm việc: tạo ngày lễ theo luật"),
    "calendar.day_set": gettext_lazy("Lịch làm việc: đặt ngày nghỉ, làm bù"),
    "calendar.day_remove": gettext_lazy("Lịch làm việc: bỏ ngày đặc biệt"),
    "calendar.review": gettext_lazy("Lịch làm việc: xác nhận đã rà soát"),
    "calendar.import": gettext_lazy("Lịch làm việc: nhập từ tệp"),
    "calendar.year_delete": gettext_lazy("Lịch làm việc: xóa lịch một năm"),
    # citizens' cases: handling (issue 15)
    "case.accept": gettext_lazy("Đơn thư: thụ lý"),
    "case.refuse": gettext_lazy("Đơn thư: không thụ lý"),
    "case.forward": gettext_lazy("Đơn thư: chuyển đơn vị có thẩm quyền"),
    "case.assign": gettext_lazy("Đơn thư: giao người xử lý"),
    "case.start": gettext_lazy("Đơn thư: bắt đầu giải quyết"),
    "case.answer": gettext_lazy("Đơn thư: trả lời"),
    "case.close": gettext_lazy("Đơn thư: kết thúc"),
    "case.extend": gettext_lazy("Đơn thư: gia hạn"),
    "case.suspend": gettext_lazy("Đơn thư: tạm đình chỉ"),
    "case.resume": gettext_lazy("Đơn thư: tiếp tục giải quyết"),
    "case.withdraw": gettext_lazy("Đơn thư: ghi nhận rút đơn"),
    "case.merge": gettext_lazy("Đơn thư: gộp đơn"),
    "case.publish": gettext_lazy("Đơn thư: công bố câu trả lời"),
    "case.unpublish": gettext_lazy("Đơn thư: thôi công bố câu trả lời"),
    # "Dân vận khéo" models: registry (issue 16)
    "skilful_model.register": gettext_lazy("Dân vận khéo: đăng ký mô hình"),
    "skilful_model.review": gettext_lazy("Dân vận khéo: đưa ra hội đồng thẩm định"),
    "skilful_model.score": gettext_lazy("Dân vận khéo: chấm điểm mô hình"),
    "skilful_model.recognise": gettext_lazy("Dân vận khéo: công nhận mô hình"),
    "skilful_model.refuse": gettext_lazy("Dân vận khéo: không công nhận mô hình"),
    "skilful_model.revoke": gettext_lazy("Dân vận khéo: thu hồi công nhận"),
    "skilful_model.evidence_download": gettext_lazy("Dân vận khéo: tải tài liệu minh chứng"),
    # a decision writes a figure (issue 16, decision 0020)
    "report.decision": gettext_lazy("Báo cáo: số liệu cập nhật theo quyết định"),
    # "Dân vận khéo" models: editing after registration (issue 16)
    "skilful_model.edit": gettext_lazy("Dân vận khéo: sửa thông tin mô hình"),
    "skilful_model.evidence_add": gettext_lazy("Dân vận khéo: bổ sung tài liệu minh chứng"),
    "skilful_model.evidence_remove": gettext_lazy("Dân vận khéo: gỡ tài liệu minh chứng"),
    "skilful_model.photo_add": gettext_lazy("Dân vận khéo: bổ sung ảnh"),
    # task groups: narrative progress and milestones (issue 16, part "tasks")
    "task_report.save": gettext_lazy("Tiến độ nhiệm vụ: lưu báo cáo"),
    "task_report.evidence_add": gettext_lazy("Tiến độ nhiệm vụ: thêm tài liệu minh chứng"),
    "task_report.evidence_remove": gettext_lazy("Tiến độ nhiệm vụ: xóa tài liệu minh chứng"),
    "task_report.evidence_download": gettext_lazy("Tiến độ nhiệm vụ: tải tài liệu minh chứng"),
    "milestone.done": gettext_lazy("Tiến độ nhiệm vụ: ghi nhận hoàn thành mốc"),
    "milestone.undo": gettext_lazy("Tiến độ nhiệm vụ: bỏ ghi nhận hoàn thành mốc"),
}


def label(action: str) -> str:
    """The Vietnamese label of a code: "Trang: xuất bản", "Đăng nhập"…; the code itself if unknown."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    kind, _dot, verb = action.partition(".")
    if kind in KINDS and verb in VERBS:
        return _("%(kind)s: %(verb)s") % {"kind": KINDS[kind], "verb": VERBS[verb]}
    return action


def choices(codes: list[str]) -> list[tuple[str, str]]:
    """``codes`` with their labels, in the labels' order (the admin's filter lists the codes in use)."""
    return sorted(((code, label(code)) for code in codes), key=lambda pair: pair[1])
