"""The demo site (`manage.py load_demo`, run by `make run`): composed here, on top of the apps, from
each app's own demo builder — the apps' builders never call one another. Idempotent: a second run
creates nothing. Tests and benchmarks build their data with factories instead (tests/factories.py).
"""

from danvan.core.demo import Report


class DemoRefused(RuntimeError):
    """The settings forbid the demo (danvan.settings.production): nothing was created."""


def load_demo() -> Report:
    """Create what is missing of the demo site, in one transaction; returns what was created.
    Raises DemoRefused, creating nothing, where the settings forbid the demo (production)."""
    from django.conf import settings
    from django.db import transaction
    from django.utils.translation import gettext

    if not settings.DANVAN_DEMO_ALLOWED:
        raise DemoRefused(
            gettext(
                "Cấu hình này (production) không cho nạp dữ liệu mẫu: dữ liệu mẫu tạo tài khoản và nội dung"
                " thử nghiệm, không dùng trên hệ thống thật."
            )
        )

    from danvan.consultations.demo import load_consultations
    from danvan.documents import selectors as documents
    from danvan.documents.demo import load_documents
    from danvan.emulation.demo import load_deciders, load_models
    from danvan.feedback.demo import load_feedback
    from danvan.orgunits import selectors as orgunits
    from danvan.orgunits.demo import load_units
    from danvan.orgunits.permissions import APPROVER
    from danvan.portal import selectors as portal
    from danvan.portal.demo import load_portal
    from danvan.programmes.demo import load_programmes
    from danvan.programmes.demo_tasks import load_task_reports
    from danvan.programmes.demo_users import USERS as FIGURES_USERS
    from danvan.programmes.demo_users import configured_password, load_demo_users, new_demo_password

    report = Report()
    with transaction.atomic():
        load_portal(report)
        for _ in range(load_documents(articles_by_slug=portal.articles_by_slug)):
            report.add("văn bản")
        for _ in range(load_consultations(issuer=documents.issuer_by_code("UBND"))):
            report.add("dự thảo")
        units = load_units()
        if load_programmes(
            units=units,
            org_types=orgunits.org_types_by_code(),
            document=documents.document_by_symbol("42-CTr/HU"),
        ):
            report.add("chương trình 42-CTr/HU năm 2023 (số liệu)")
        for _ in range(load_task_reports()):
            report.add("báo cáo tiến độ nhiệm vụ")
        password = new_demo_password()
        if created := load_demo_users(password=password):
            # Shown once, when the users are created, as ensure_admin shows the admin's.
            shown = (
                "từ DANVAN_DEMO_PASSWORD"
                if configured_password()
                else f"mật khẩu: {password} — chỉ hiện một lần"
            )
            for _ in created:
                report.add("người dùng mẫu")
            report.notes.append(
                f"Người dùng mẫu {', '.join(created)} — xa.phuly nhập số liệu xã Phú Lý, huyen.vinhcuu duyệt"
                f" ({shown})"
            )
        # After the units and the users: the cases sit in today's communes, assigned to the demo staff.
        feedback = load_feedback(units=units)
        for kind, label in (
            ("cases", "đơn thư"),
            ("sessions", "buổi đối thoại"),
            ("templates", "mẫu trả lời"),
        ):
            for _ in range(feedback[kind]):
                report.add(label)
        # After the units: “Dân vận khéo” models in the former communes (2023) and today's.
        # The recognitions cite the library's decisions (danvan.documents.demo: 86-QĐ/HU, 318-QĐ/TU).
        decisions = {
            2023: documents.document_by_symbol("86-QĐ/HU"),
            2025: documents.document_by_symbol("318-QĐ/TU"),
        }
        for _ in range(load_models(units=units, decisions=decisions)):
            report.add("mô hình “Dân vận khéo”")
        # The district's approver also decides on the models of its communes (decision 0020).
        load_deciders(usernames=[name for name, _full, _unit, role in FIGURES_USERS if role == APPROVER])
    return report
