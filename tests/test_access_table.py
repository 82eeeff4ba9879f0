"""Every admin and API URL of danvan × every role: who gets figures, who is refused (issue 12).

WHICH PATTERNS: qualifying_patterns() walks the root resolver recursively and keeps
- every pattern under ``api/``;
- every pattern under ``admin/`` whose view is danvan's: its callable's (or its ``view_class``'s)
  module is a ``danvan.`` module, OR the pattern lies in the URL namespace of a viewset registered
  through Wagtail's ``register_admin_viewset`` hook whose class is defined in a ``danvan.`` module.
  The second rule is what catches the views Wagtail's generic ModelViewSet builds for our models
  (their classes live in wagtail.admin.views.generic); asking the viewset registry rather than
  matching URL prefixes means a new viewset is picked up wherever it is mounted.
Wagtail's own admin (pages, images, documents, users, groups, settings, …) is left out: Wagtail's
permissions govern it, and it shows no figure.

THE TABLE: one entry per URL name (``TABLE``), each a tuple of cases (kwargs, query, who gets 200).
Everybody else must be refused: 302 (the admin's login page, or the admin home when Wagtail refuses a
permission), 403 or 404 — never 200, never 500. A case with ``secret`` names a figure (or a unit code
in a data file) that only ``sees`` may find in the body: it must be absent from every other role's
response, refused or not, and present in at least one allowed response (else the check proves
nothing). The figure is Vĩnh An's youth-union membership, set to a number no other figure has.

POST-ONLY ENDPOINTS (the analytics beacon): a GET must be answered 405 for everybody (``only=405``);
their POST behaviour is tested with their app.

test_every_pattern_has_a_row fails listing each pattern without a row and each row whose pattern
is gone.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets

from danvan.audit.models import AuditEntry
from danvan.core.exports import start_export
from danvan.reports import jobs as report_jobs

from .access_world import (
    CLERK,
    COMMUNE_APPROVER,
    DISTRICT_APPROVER,
    EDITOR,
    FILE_SECRET,
    INTAKE_CASE_CODE,
    INTAKE_CASE_SENDER,
    ROLES,
    SITE_EDITOR,
    SUPERUSER,
    VINH_AN_CASE,
    VINH_AN_FILE_TEXT,
    VINH_AN_MEMBERS,
    VINH_AN_MODEL,
    VINH_AN_TASK,
    VINH_AN_TASK_FILE,
    World,
    build_world,
)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield prefix + str(entry.pattern), name, entry.callback


def _danvan_viewset_namespaces() -> set[str]:
    get_resolver().url_patterns  # noqa: B018 - building the admin's URLs registers the viewsets
    return {vs.url_namespace for vs in viewsets.viewsets if type(vs).__module__.startswith("danvan.")}


def qualifying_patterns() -> dict[str, str]:
    """URL name → route of every pattern the table must cover (see the module's docstring)."""
    ours = _danvan_viewset_namespaces()
    found: dict[str, str] = {}
    for route, name, callback in _walk(get_resolver()):
        view_class = getattr(callback, "view_class", None)
        module = (view_class or callback).__module__
        if route.startswith("api/"):
            pass
        elif route.startswith("admin/"):
            if not (module.startswith("danvan.") or name.split(":")[0] in ours):
                continue
        else:
            continue
        assert name, f"{route}: every admin and API pattern needs a name to have a row"
        found[name] = route
    return found


PUBLIC = frozenset(ROLES)
STAFF = frozenset(ROLES[1:])  # everyone with access to the admin
NOBODY: frozenset[str] = frozenset()
SUPERUSER_ONLY = frozenset({SUPERUSER})
EDITORS = frozenset({EDITOR, SUPERUSER})
EDITORS_OF_PAGES = frozenset({EDITOR, SITE_EDITOR, SUPERUSER})  # Wagtail page rights
# Holders of the figures group's view_* rights on programme definitions (no figure on those pages).
READERS = frozenset({CLERK, COMMUNE_APPROVER, DISTRICT_APPROVER, EDITOR, SUPERUSER})
UNIT_MEMBERS = frozenset({CLERK, COMMUNE_APPROVER, DISTRICT_APPROVER, SUPERUSER})  # all see Phú Lý
SEES_VINH_AN = frozenset({DISTRICT_APPROVER, SUPERUSER})
CASE_HANDLERS = frozenset(
    {COMMUNE_APPROVER, DISTRICT_APPROVER, SUPERUSER}
)  # feedback.handle_case on Phú Lý  # the other commune: its district, a superuser
VINH_AN_FIGURE = (str(VINH_AN_MEMBERS), f"{VINH_AN_MEMBERS:,}".replace(",", "."))


@dataclass(frozen=True)
class Case:
    """``allow``: the roles answered 200; ``kwargs``: URL kwargs naming World objects (or literal
    slugs); ``secret``: texts only the roles in ``sees`` may find in the body; ``only``: the one status
    every role gets (405 for a POST-only endpoint asked with GET)."""

    allow: frozenset[str]
    kwargs: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    secret: tuple[str, ...] = ()
    sees: frozenset[str] = NOBODY
    only: int | None = None


PHU_LY, VINH_AN = {"unit": "VC-PL"}, {"unit": "VC-VA"}
YEAR = {"period": "2023"}
XLSX = {"period": "2023", "format": "xlsx"}

TABLE: dict[str, tuple[Case, ...]] = {
    # --- figures: the unit rule of danvan/orgunits/permissions.py ---
    "programmes_index": (Case(UNIT_MEMBERS),),
    "programmes_dashboard": (
        # At the district, Vĩnh An shows as a rate, not its count: nobody sees the number here.
        Case(UNIT_MEMBERS, {"pk": "programme"}, YEAR, VINH_AN_FIGURE, NOBODY),
        Case(UNIT_MEMBERS, {"pk": "programme"}, YEAR | PHU_LY, VINH_AN_FIGURE, NOBODY),
        Case(SEES_VINH_AN, {"pk": "programme"}, YEAR | VINH_AN, VINH_AN_FIGURE, SEES_VINH_AN),
    ),
    # The report's button (decision 0024): a GET shows what will be built (no figure), under the unit
    # rule; the file comes from the job, which only its requester may open or download.
    "programmes_export": (
        Case(UNIT_MEMBERS, {"programme_id": "programme"}, XLSX, VINH_AN_FIGURE, NOBODY),
        Case(UNIT_MEMBERS, {"programme_id": "programme"}, XLSX | PHU_LY, VINH_AN_FIGURE, NOBODY),
        Case(SEES_VINH_AN, {"programme_id": "programme"}, XLSX | VINH_AN, VINH_AN_FIGURE, NOBODY),
    ),
    "export_jobs": (Case(STAFF),),  # each user's own jobs
    "export_job": (Case(SUPERUSER_ONLY, {"pk": "export_job"}),),  # the superuser's Vĩnh An report
    "export_job_download": (
        # The district's approver sees Vĩnh An too, but did not ask for this file: 404.
        Case(SUPERUSER_ONLY, {"pk": "export_job"}, secret=VINH_AN_FIGURE, sees=SUPERUSER_ONLY),
    ),
    "programmes_entry": (Case(UNIT_MEMBERS, secret=("Vĩnh An",), sees=SEES_VINH_AN),),
    "programmes_entry_report": (
        Case(UNIT_MEMBERS, {"pk": "report_phu_ly"}, secret=VINH_AN_FIGURE),
        Case(SEES_VINH_AN, {"pk": "report_vinh_an"}, secret=VINH_AN_FIGURE, sees=SEES_VINH_AN),
    ),
    "programmes_exchange": (Case(UNIT_MEMBERS),),  # the import form, no figure
    "programmes_exchange_export": (
        Case(UNIT_MEMBERS, query={"file_format": "csv"}, secret=("VC-VA",), sees=SEES_VINH_AN),
        Case(UNIT_MEMBERS, query={"file_format": "csv"}, secret=("VC-PL-DOAN",), sees=UNIT_MEMBERS),
    ),
    "api:programme_results_api": (
        # Phú Lý's figures wait for an approver: its members see them, the public does not.
        Case(PUBLIC, {"pk": "programme"}, YEAR | PHU_LY, ('"VC-PL-DOAN"',), UNIT_MEMBERS),
        # Vĩnh An's are locked, public; only who sees the unit gets every figure ("all").
        Case(PUBLIC, {"pk": "programme"}, YEAR | VINH_AN, ('"figures": "all"',), SEES_VINH_AN),
    ),
    # --- other danvan admin screens ---
    "analytics_report": (Case(SUPERUSER_ONLY),),  # visit statistics: nobody here holds the right
    # sign-in security (decision 0012): nobody here holds accounts.unlock_account or auth.change_user
    "accounts_lockouts": (Case(SUPERUSER_ONLY),),
    "accounts_end_sessions": (Case(SUPERUSER_ONLY, {"pk": "account"}),),
    "don_vi_csv:index": (Case(SUPERUSER_ONLY),),
    "don_vi_csv:download": (Case(SUPERUSER_ONLY, {"what": "don-vi"}),),
    # The second factor (decision 0013). Every client here has passed it, so its two pages send
    # everybody on (to the dashboard, or the login); removing a user's second factor: superusers only.
    "otp_verify": (Case(NOBODY),),
    "otp_enrol": (Case(NOBODY),),
    "otp_reset": (Case(SUPERUSER_ONLY, {"user_id": "staff_account"}),),
    # --- public APIs: no figure of a report (the results API above is the one with figures) ---
    "api:programme_api": (Case(PUBLIC),),
    "api:data_element_api": (Case(PUBLIC),),
    "api:org_unit_api": (Case(PUBLIC),),
    # the open-data catalogue (issue 18): the registered datasets, no figure
    "api:dataset_api": (Case(PUBLIC),),
    "api:dataset_api_detail": (Case(PUBLIC, {"key": "documents"}),),
    # the API's description (decision 0030); /api/v1/ itself names no endpoint: a JSON 404
    "api:openapi-json": (Case(PUBLIC),),
    "api:api-root": (Case(NOBODY),),
    "api:document_api": (Case(PUBLIC),),
    "api:skilful_model_api": (Case(PUBLIC), Case(PUBLIC, query={"year": "2023", "field": "kinh_te"})),
    # its documentation, in the portal's look, and Swagger UI on the same document (issue 18)
    "api_docs": (Case(PUBLIC),),
    "api_console": (Case(PUBLIC),),
    "api:search_api": (Case(PUBLIC, query={"q": "dân vận"}),),
    "api:search_suggest_api": (Case(PUBLIC, query={"q": "dân"}),),
    "api:analytics_visits": (Case(PUBLIC),),
    "api:analytics_pixel": (Case(PUBLIC, query={"path": "/"}),),
    "api:analytics_hit": (Case(NOBODY, only=405),),  # POST-only beacon
    "api:csp_report": (Case(NOBODY, only=405),),  # POST-only: browsers' CSP reports (tests/test_ratelimit.py)
    # citizens' cases (issue 15): sending is POST-only; a case by its code, to anybody, without its sender
    "api:case_api": (Case(NOBODY, only=405),),
    "api:case_api_detail": (Case(PUBLIC, {"code": INTAKE_CASE_CODE}, secret=(INTAKE_CASE_SENDER,)),),
    # Open311 names (issue 18): the kinds; the published answers only (none of the world's cases is
    # published: no case's title or sender may show); one published answer by its public reference
    # (the tracking code finds nothing there: it is the sender's secret, looked up under /cases/ only)
    "api:services_api": (Case(PUBLIC),),
    "api:requests_api": (
        Case(PUBLIC, secret=(VINH_AN_CASE, INTAKE_CASE_SENDER)),
        Case(PUBLIC, query={"format": "csv"}, secret=(VINH_AN_CASE, INTAKE_CASE_SENDER)),
    ),
    "api:request_api_detail": (Case(NOBODY, {"service_request_id": INTAKE_CASE_CODE}),),
    # --- the admin API's images and documents, narrowed to the user's collections (decision 0015) ---
    "wagtailadmin_api:images:listing": (Case(STAFF, secret=(FILE_SECRET,), sees=SUPERUSER_ONLY),),
    "wagtailadmin_api:images:detail": (
        Case(SUPERUSER_ONLY, {"pk": "wagtail_image"}, secret=(FILE_SECRET,), sees=SUPERUSER_ONLY),
    ),
    "wagtailadmin_api:images:find": (Case(NOBODY),),  # without ?id=, 404 for everybody
    "wagtailadmin_api:documents:listing": (Case(STAFF, secret=(FILE_SECRET,), sees=SUPERUSER_ONLY),),
    "wagtailadmin_api:documents:detail": (
        Case(SUPERUSER_ONLY, {"pk": "wagtail_document"}, secret=(FILE_SECRET,), sees=SUPERUSER_ONLY),
    ),
    "wagtailadmin_api:documents:find": (Case(NOBODY),),
    # --- Wagtail's generic views for danvan's viewsets ---
    # documents: portal editors' work (Wagtail model permissions)
    "van_ban:index": (Case(EDITORS),),
    "van_ban:index_results": (Case(EDITORS),),
    "van_ban:add": (Case(EDITORS),),
    "van_ban:edit": (Case(EDITORS, {"pk": "document"}),),
    "van_ban:delete": (Case(EDITORS, {"pk": "document"}),),
    "van_ban:history": (Case(EDITORS, {"pk": "document"}),),
    "van_ban:history_results": (Case(EDITORS, {"pk": "document"}),),
    "van_ban:usage": (Case(EDITORS, {"pk": "document"}),),
    "van_ban:copy": (Case(EDITORS, {"pk": "document"}),),
    "tep_van_ban:index": (Case(EDITORS),),
    "tep_van_ban:index_results": (Case(EDITORS),),
    "tep_van_ban:add": (Case(EDITORS),),
    "tep_van_ban:edit": (Case(EDITORS, {"pk": "document_file"}),),
    "tep_van_ban:delete": (Case(EDITORS, {"pk": "document_file"}),),
    "tep_van_ban:history": (Case(EDITORS, {"pk": "document_file"}),),
    "tep_van_ban:history_results": (Case(EDITORS, {"pk": "document_file"}),),
    "tep_van_ban:usage": (Case(EDITORS, {"pk": "document_file"}),),
    "tep_van_ban:copy": (Case(EDITORS, {"pk": "document_file"}),),
    "loai_van_ban:index": (Case(EDITORS),),
    "loai_van_ban:index_results": (Case(EDITORS),),
    "loai_van_ban:add": (Case(EDITORS),),
    "loai_van_ban:edit": (Case(EDITORS, {"pk": "doc_type"}),),
    "loai_van_ban:delete": (Case(EDITORS, {"pk": "doc_type"}),),
    "loai_van_ban:history": (Case(EDITORS, {"pk": "doc_type"}),),
    "loai_van_ban:history_results": (Case(EDITORS, {"pk": "doc_type"}),),
    "loai_van_ban:usage": (Case(EDITORS, {"pk": "doc_type"}),),
    "loai_van_ban:copy": (Case(EDITORS, {"pk": "doc_type"}),),
    "co_quan_ban_hanh:index": (Case(EDITORS),),
    "co_quan_ban_hanh:index_results": (Case(EDITORS),),
    "co_quan_ban_hanh:add": (Case(EDITORS),),
    "co_quan_ban_hanh:edit": (Case(EDITORS, {"pk": "issuer"}),),
    "co_quan_ban_hanh:delete": (Case(EDITORS, {"pk": "issuer"}),),
    "co_quan_ban_hanh:history": (Case(EDITORS, {"pk": "issuer"}),),
    "co_quan_ban_hanh:history_results": (Case(EDITORS, {"pk": "issuer"}),),
    "co_quan_ban_hanh:usage": (Case(EDITORS, {"pk": "issuer"}),),
    "co_quan_ban_hanh:copy": (Case(EDITORS, {"pk": "issuer"}),),
    "linh_vuc:index": (Case(EDITORS),),
    "linh_vuc:index_results": (Case(EDITORS),),
    "linh_vuc:add": (Case(EDITORS),),
    "linh_vuc:edit": (Case(EDITORS, {"pk": "field"}),),
    "linh_vuc:delete": (Case(EDITORS, {"pk": "field"}),),
    "linh_vuc:history": (Case(EDITORS, {"pk": "field"}),),
    "linh_vuc:history_results": (Case(EDITORS, {"pk": "field"}),),
    "linh_vuc:usage": (Case(EDITORS, {"pk": "field"}),),
    "linh_vuc:copy": (Case(EDITORS, {"pk": "field"}),),
    # unit tree and rights: nobody but a superuser holds the orgunits permissions
    "don_vi:index": (Case(SUPERUSER_ONLY),),
    "don_vi:index_results": (Case(SUPERUSER_ONLY),),
    "don_vi:add": (Case(SUPERUSER_ONLY),),
    "don_vi:edit": (Case(SUPERUSER_ONLY, {"pk": "phu_ly"}),),
    "don_vi:delete": (Case(SUPERUSER_ONLY, {"pk": "phu_ly"}),),
    "don_vi:history": (Case(SUPERUSER_ONLY, {"pk": "phu_ly"}),),
    "don_vi:history_results": (Case(SUPERUSER_ONLY, {"pk": "phu_ly"}),),
    "don_vi:usage": (Case(SUPERUSER_ONLY, {"pk": "phu_ly"}),),
    "don_vi:copy": (Case(SUPERUSER_ONLY, {"pk": "phu_ly"}),),
    "cap_don_vi:index": (Case(SUPERUSER_ONLY),),
    "cap_don_vi:index_results": (Case(SUPERUSER_ONLY),),
    "cap_don_vi:add": (Case(SUPERUSER_ONLY),),
    "cap_don_vi:edit": (Case(SUPERUSER_ONLY, {"pk": "level"}),),
    "cap_don_vi:delete": (Case(SUPERUSER_ONLY, {"pk": "level"}),),
    "cap_don_vi:history": (Case(SUPERUSER_ONLY, {"pk": "level"}),),
    "cap_don_vi:history_results": (Case(SUPERUSER_ONLY, {"pk": "level"}),),
    "cap_don_vi:usage": (Case(SUPERUSER_ONLY, {"pk": "level"}),),
    "cap_don_vi:copy": (Case(SUPERUSER_ONLY, {"pk": "level"}),),
    "loai_to_chuc:index": (Case(SUPERUSER_ONLY),),
    "loai_to_chuc:index_results": (Case(SUPERUSER_ONLY),),
    "loai_to_chuc:add": (Case(SUPERUSER_ONLY),),
    "loai_to_chuc:edit": (Case(SUPERUSER_ONLY, {"pk": "org_type"}),),
    "loai_to_chuc:delete": (Case(SUPERUSER_ONLY, {"pk": "org_type"}),),
    "loai_to_chuc:history": (Case(SUPERUSER_ONLY, {"pk": "org_type"}),),
    "loai_to_chuc:history_results": (Case(SUPERUSER_ONLY, {"pk": "org_type"}),),
    "loai_to_chuc:usage": (Case(SUPERUSER_ONLY, {"pk": "org_type"}),),
    "loai_to_chuc:copy": (Case(SUPERUSER_ONLY, {"pk": "org_type"}),),
    "ke_thua_don_vi:index": (Case(SUPERUSER_ONLY),),
    "ke_thua_don_vi:index_results": (Case(SUPERUSER_ONLY),),
    "ke_thua_don_vi:add": (Case(SUPERUSER_ONLY),),
    "ke_thua_don_vi:edit": (Case(SUPERUSER_ONLY, {"pk": "succession"}),),
    "ke_thua_don_vi:delete": (Case(SUPERUSER_ONLY, {"pk": "succession"}),),
    "ke_thua_don_vi:history": (Case(SUPERUSER_ONLY, {"pk": "succession"}),),
    "ke_thua_don_vi:history_results": (Case(SUPERUSER_ONLY, {"pk": "succession"}),),
    "ke_thua_don_vi:usage": (Case(SUPERUSER_ONLY, {"pk": "succession"}),),
    "ke_thua_don_vi:copy": (Case(SUPERUSER_ONLY, {"pk": "succession"}),),
    "phan_quyen_don_vi:index": (Case(SUPERUSER_ONLY),),
    "phan_quyen_don_vi:index_results": (Case(SUPERUSER_ONLY),),
    "phan_quyen_don_vi:add": (Case(SUPERUSER_ONLY),),
    "phan_quyen_don_vi:edit": (Case(SUPERUSER_ONLY, {"pk": "membership"}),),
    "phan_quyen_don_vi:delete": (Case(SUPERUSER_ONLY, {"pk": "membership"}),),
    "phan_quyen_don_vi:history": (Case(SUPERUSER_ONLY, {"pk": "membership"}),),
    "phan_quyen_don_vi:history_results": (Case(SUPERUSER_ONLY, {"pk": "membership"}),),
    "phan_quyen_don_vi:usage": (Case(SUPERUSER_ONLY, {"pk": "membership"}),),
    "phan_quyen_don_vi:copy": (Case(SUPERUSER_ONLY, {"pk": "membership"}),),
    # programme definitions, no figure: viewing needs the figures group's view_* rights, changing a superuser
    "chuong_trinh:index": (Case(READERS),),
    "chuong_trinh:index_results": (Case(READERS),),
    "chuong_trinh:add": (Case(SUPERUSER_ONLY),),
    "chuong_trinh:edit": (Case(SUPERUSER_ONLY, {"pk": "programme"}),),
    "chuong_trinh:delete": (Case(SUPERUSER_ONLY, {"pk": "programme"}),),
    "chuong_trinh:history": (Case(SUPERUSER_ONLY, {"pk": "programme"}),),
    "chuong_trinh:history_results": (Case(SUPERUSER_ONLY, {"pk": "programme"}),),
    "chuong_trinh:usage": (Case(SUPERUSER_ONLY, {"pk": "programme"}),),
    "chuong_trinh:copy": (Case(SUPERUSER_ONLY, {"pk": "programme"}),),
    "chi_tieu:index": (Case(READERS),),
    "chi_tieu:index_results": (Case(READERS),),
    "chi_tieu:add": (Case(SUPERUSER_ONLY),),
    "chi_tieu:edit": (Case(SUPERUSER_ONLY, {"pk": "indicator"}),),
    "chi_tieu:delete": (Case(SUPERUSER_ONLY, {"pk": "indicator"}),),
    "chi_tieu:history": (Case(SUPERUSER_ONLY, {"pk": "indicator"}),),
    "chi_tieu:history_results": (Case(SUPERUSER_ONLY, {"pk": "indicator"}),),
    "chi_tieu:usage": (Case(SUPERUSER_ONLY, {"pk": "indicator"}),),
    "chi_tieu:copy": (Case(SUPERUSER_ONLY, {"pk": "indicator"}),),
    "chi_so:index": (Case(READERS),),
    "chi_so:index_results": (Case(READERS),),
    "chi_so:add": (Case(SUPERUSER_ONLY),),
    "chi_so:edit": (Case(SUPERUSER_ONLY, {"pk": "data_element"}),),
    "chi_so:delete": (Case(SUPERUSER_ONLY, {"pk": "data_element"}),),
    "chi_so:history": (Case(SUPERUSER_ONLY, {"pk": "data_element"}),),
    "chi_so:history_results": (Case(SUPERUSER_ONLY, {"pk": "data_element"}),),
    "chi_so:usage": (Case(SUPERUSER_ONLY, {"pk": "data_element"}),),
    "chi_so:copy": (Case(SUPERUSER_ONLY, {"pk": "data_element"}),),
    "quy_tac:index": (Case(SUPERUSER_ONLY),),
    "quy_tac:index_results": (Case(SUPERUSER_ONLY),),
    "quy_tac:add": (Case(SUPERUSER_ONLY),),
    "quy_tac:edit": (Case(SUPERUSER_ONLY, {"pk": "element_rule"}),),
    "quy_tac:delete": (Case(SUPERUSER_ONLY, {"pk": "element_rule"}),),
    "quy_tac:history": (Case(SUPERUSER_ONLY, {"pk": "element_rule"}),),
    "quy_tac:history_results": (Case(SUPERUSER_ONLY, {"pk": "element_rule"}),),
    "quy_tac:usage": (Case(SUPERUSER_ONLY, {"pk": "element_rule"}),),
    "quy_tac:copy": (Case(SUPERUSER_ONLY, {"pk": "element_rule"}),),
    "ky_bao_cao:index": (Case(READERS),),
    "ky_bao_cao:index_results": (Case(READERS),),
    "ky_bao_cao:add": (Case(SUPERUSER_ONLY),),
    "ky_bao_cao:edit": (Case(SUPERUSER_ONLY, {"pk": "period"}),),
    "ky_bao_cao:delete": (Case(SUPERUSER_ONLY, {"pk": "period"}),),
    "ky_bao_cao:history": (Case(SUPERUSER_ONLY, {"pk": "period"}),),
    "ky_bao_cao:history_results": (Case(SUPERUSER_ONLY, {"pk": "period"}),),
    "ky_bao_cao:usage": (Case(SUPERUSER_ONLY, {"pk": "period"}),),
    "ky_bao_cao:copy": (Case(SUPERUSER_ONLY, {"pk": "period"}),),
    "bieu_mau:index": (Case(READERS),),
    "bieu_mau:index_results": (Case(READERS),),
    "bieu_mau:add": (Case(SUPERUSER_ONLY),),
    "bieu_mau:edit": (Case(SUPERUSER_ONLY, {"pk": "data_set"}),),
    "bieu_mau:delete": (Case(SUPERUSER_ONLY, {"pk": "data_set"}),),
    "bieu_mau:history": (Case(SUPERUSER_ONLY, {"pk": "data_set"}),),
    "bieu_mau:history_results": (Case(SUPERUSER_ONLY, {"pk": "data_set"}),),
    "bieu_mau:usage": (Case(SUPERUSER_ONLY, {"pk": "data_set"}),),
    "bieu_mau:copy": (Case(SUPERUSER_ONLY, {"pk": "data_set"}),),
    # programme definitions the figures group may not even view
    "muc_tieu:index": (Case(SUPERUSER_ONLY),),
    "muc_tieu:index_results": (Case(SUPERUSER_ONLY),),
    "muc_tieu:add": (Case(SUPERUSER_ONLY),),
    "muc_tieu:edit": (Case(SUPERUSER_ONLY, {"pk": "target"}),),
    "muc_tieu:delete": (Case(SUPERUSER_ONLY, {"pk": "target"}),),
    "muc_tieu:history": (Case(SUPERUSER_ONLY, {"pk": "target"}),),
    "muc_tieu:history_results": (Case(SUPERUSER_ONLY, {"pk": "target"}),),
    "muc_tieu:usage": (Case(SUPERUSER_ONLY, {"pk": "target"}),),
    "muc_tieu:copy": (Case(SUPERUSER_ONLY, {"pk": "target"}),),
    "nhom_nhiem_vu:index": (Case(SUPERUSER_ONLY),),
    "nhom_nhiem_vu:index_results": (Case(SUPERUSER_ONLY),),
    "nhom_nhiem_vu:add": (Case(SUPERUSER_ONLY),),
    "nhom_nhiem_vu:edit": (Case(SUPERUSER_ONLY, {"pk": "task_group"}),),
    "nhom_nhiem_vu:delete": (Case(SUPERUSER_ONLY, {"pk": "task_group"}),),
    "nhom_nhiem_vu:history": (Case(SUPERUSER_ONLY, {"pk": "task_group"}),),
    "nhom_nhiem_vu:history_results": (Case(SUPERUSER_ONLY, {"pk": "task_group"}),),
    "nhom_nhiem_vu:usage": (Case(SUPERUSER_ONLY, {"pk": "task_group"}),),
    "nhom_nhiem_vu:copy": (Case(SUPERUSER_ONLY, {"pk": "task_group"}),),
    # issue 16 (progress): the task groups' measurable items
    "hang_muc_nhiem_vu:index": (Case(SUPERUSER_ONLY),),
    "hang_muc_nhiem_vu:index_results": (Case(SUPERUSER_ONLY),),
    "hang_muc_nhiem_vu:add": (Case(SUPERUSER_ONLY),),
    "hang_muc_nhiem_vu:edit": (Case(SUPERUSER_ONLY, {"pk": "task_item"}),),
    "hang_muc_nhiem_vu:delete": (Case(SUPERUSER_ONLY, {"pk": "task_item"}),),
    "hang_muc_nhiem_vu:history": (Case(SUPERUSER_ONLY, {"pk": "task_item"}),),
    "hang_muc_nhiem_vu:history_results": (Case(SUPERUSER_ONLY, {"pk": "task_item"}),),
    "hang_muc_nhiem_vu:usage": (Case(SUPERUSER_ONLY, {"pk": "task_item"}),),
    "hang_muc_nhiem_vu:copy": (Case(SUPERUSER_ONLY, {"pk": "task_item"}),),
    "thoi_han:index": (Case(SUPERUSER_ONLY),),
    "thoi_han:index_results": (Case(SUPERUSER_ONLY),),
    "thoi_han:add": (Case(SUPERUSER_ONLY),),
    "thoi_han:edit": (Case(SUPERUSER_ONLY, {"pk": "window"}),),
    "thoi_han:delete": (Case(SUPERUSER_ONLY, {"pk": "window"}),),
    "thoi_han:history": (Case(SUPERUSER_ONLY, {"pk": "window"}),),
    "thoi_han:history_results": (Case(SUPERUSER_ONLY, {"pk": "window"}),),
    "thoi_han:usage": (Case(SUPERUSER_ONLY, {"pk": "window"}),),
    "thoi_han:copy": (Case(SUPERUSER_ONLY, {"pk": "window"}),),
    # consultations: portal editors' work; comments come from the public form, never added here
    "du_thao:index": (Case(EDITORS),),
    "du_thao:index_results": (Case(EDITORS),),
    "du_thao:add": (Case(EDITORS),),
    "du_thao:edit": (Case(EDITORS, {"pk": "draft"}),),
    "du_thao:delete": (Case(EDITORS, {"pk": "draft"}),),
    "du_thao:history": (Case(EDITORS, {"pk": "draft"}),),
    "du_thao:history_results": (Case(EDITORS, {"pk": "draft"}),),
    "du_thao:usage": (Case(EDITORS, {"pk": "draft"}),),
    "y_kien_gop_y:index": (Case(EDITORS),),
    "y_kien_gop_y:index_results": (Case(EDITORS),),
    "y_kien_gop_y:add": (Case(NOBODY),),
    "y_kien_gop_y:edit": (Case(EDITORS, {"pk": "comment"}),),
    "y_kien_gop_y:delete": (Case(EDITORS, {"pk": "comment"}),),
    "y_kien_gop_y:history": (Case(EDITORS, {"pk": "comment"}),),
    "y_kien_gop_y:history_results": (Case(EDITORS, {"pk": "comment"}),),
    "y_kien_gop_y:usage": (Case(EDITORS, {"pk": "comment"}),),
    "y_kien_gop_y:inspect": (Case(EDITORS, {"pk": "comment"}),),
    # citizens' cases (issue 15): the figures rule; other units' cases are 404, never named
    "feedback_case_list": (
        Case(UNIT_MEMBERS, secret=(VINH_AN_CASE,), sees=SEES_VINH_AN),
        Case(UNIT_MEMBERS, query=PHU_LY, secret=(VINH_AN_CASE,)),
        Case(SEES_VINH_AN, query=VINH_AN, secret=(VINH_AN_CASE,), sees=SEES_VINH_AN),
        Case(UNIT_MEMBERS, query={"q": "vinh an dat ray"}, secret=(VINH_AN_CASE,), sees=SEES_VINH_AN),
    ),
    "feedback_case": (
        Case(UNIT_MEMBERS, {"pk": "case_phu_ly"}, secret=(VINH_AN_CASE,)),
        Case(SEES_VINH_AN, {"pk": "case_vinh_an"}, secret=(VINH_AN_CASE,), sees=SEES_VINH_AN),
    ),
    "feedback_case_action": (Case(NOBODY, {"pk": "case_phu_ly"}),),  # POST only: a GET is a 404
    "feedback_case_attachment": (
        Case(
            UNIT_MEMBERS,
            {"pk": "case_phu_ly", "attachment_id": "attachment_phu_ly"},
            secret=(VINH_AN_FILE_TEXT,),
        ),
        Case(
            SEES_VINH_AN,
            {"pk": "case_vinh_an", "attachment_id": "attachment_vinh_an"},
            secret=(VINH_AN_FILE_TEXT,),
            sees=SEES_VINH_AN,
        ),
        # Vĩnh An's file asked for through Phú Lý's case: nobody gets it that way.
        Case(
            NOBODY, {"pk": "case_phu_ly", "attachment_id": "attachment_vinh_an"}, secret=(VINH_AN_FILE_TEXT,)
        ),
    ),
    # response templates: Wagtail model permissions (nobody here holds them but a superuser)
    "mau_tra_loi:index": (Case(SUPERUSER_ONLY),),
    "mau_tra_loi:index_results": (Case(SUPERUSER_ONLY),),
    "mau_tra_loi:add": (Case(SUPERUSER_ONLY),),
    "mau_tra_loi:edit": (Case(SUPERUSER_ONLY, {"pk": "response_template"}),),
    "mau_tra_loi:delete": (Case(SUPERUSER_ONLY, {"pk": "response_template"}),),
    "mau_tra_loi:history": (Case(SUPERUSER_ONLY, {"pk": "response_template"}),),
    "mau_tra_loi:history_results": (Case(SUPERUSER_ONLY, {"pk": "response_template"}),),
    "mau_tra_loi:usage": (Case(SUPERUSER_ONLY, {"pk": "response_template"}),),
    "mau_tra_loi:copy": (Case(SUPERUSER_ONLY, {"pk": "response_template"}),),
    # the audit log (issue 14): read-only, superusers (and holders of audit.view_auditentry: nobody here)
    # Its export (decision 0024): ``?export=`` answered at once below DIRECT_ROWS, else a button whose
    # POST queues a job; a refusal is the same either way.
    "nhat_ky:index": (Case(SUPERUSER_ONLY), Case(SUPERUSER_ONLY, query={"export": "csv"})),
    # --- Wagtail's own reports, served by danvan.core.wagtail_reports at Wagtail's addresses for their
    # exports in the task queue (decision 0024): Wagtail's permissions, unchanged ---
    "bao_cao_wagtail:aging_pages": (Case(EDITORS_OF_PAGES), Case(EDITORS_OF_PAGES, query={"export": "csv"})),
    "bao_cao_wagtail:aging_pages_results": (Case(EDITORS_OF_PAGES),),
    "bao_cao_wagtail:locked_pages": (
        Case(SUPERUSER_ONLY),
        Case(SUPERUSER_ONLY, query={"export": "csv"}),
    ),  # unlock
    "bao_cao_wagtail:locked_pages_results": (Case(SUPERUSER_ONLY),),
    "bao_cao_wagtail:site_history": (Case(STAFF), Case(STAFF, query={"export": "csv"})),
    "bao_cao_wagtail:site_history_results": (Case(STAFF),),
    "bao_cao_wagtail:workflow": (Case(EDITORS_OF_PAGES), Case(EDITORS_OF_PAGES, query={"export": "csv"})),
    "bao_cao_wagtail:workflow_results": (Case(EDITORS_OF_PAGES),),
    "bao_cao_wagtail:workflow_tasks": (
        Case(EDITORS_OF_PAGES),
        Case(EDITORS_OF_PAGES, query={"export": "csv"}),
    ),
    "bao_cao_wagtail:workflow_tasks_results": (Case(EDITORS_OF_PAGES),),
    "nhat_ky:index_results": (Case(SUPERUSER_ONLY),),
    "nhat_ky:inspect": (Case(SUPERUSER_ONLY, {"pk": "audit_entry"}),),
    # --- the working-day calendar and the clocks' rules (issue 15): superusers, or whoever holds the
    # workdays/feedback model rights; pk 1 is the first row migrations 0002 (and post_migrate) write ---
    "lich_ngay_nghi:index": (Case(SUPERUSER_ONLY),),
    "lich_ngay_nghi:index_results": (Case(SUPERUSER_ONLY),),
    "lich_ngay_nghi:add": (Case(SUPERUSER_ONLY),),
    "lich_ngay_nghi:edit": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_ngay_nghi:history": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_ngay_nghi:history_results": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_ngay_nghi:usage": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_ngay_nghi:delete": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_nam:index": (Case(SUPERUSER_ONLY),),
    "lich_nam:index_results": (Case(SUPERUSER_ONLY),),
    "lich_nam:add": (Case(SUPERUSER_ONLY),),
    "lich_nam:edit": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_nam:history": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_nam:history_results": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_nam:usage": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_nam:delete": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "lich_nhap_tep:index": (Case(SUPERUSER_ONLY),),
    "quy_tac_thoi_han:index": (Case(SUPERUSER_ONLY),),
    "quy_tac_thoi_han:index_results": (Case(SUPERUSER_ONLY),),
    "quy_tac_thoi_han:add": (Case(SUPERUSER_ONLY),),
    "quy_tac_thoi_han:edit": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "quy_tac_thoi_han:history": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "quy_tac_thoi_han:history_results": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "quy_tac_thoi_han:usage": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    "quy_tac_thoi_han:delete": (Case(SUPERUSER_ONLY, {"pk": "1"}),),
    # citizens' cases, part "board" (issue 15): the workload board, publishing an answer, dialogue
    # sessions and their questions. The board follows the case list (unit members, their subtrees);
    # publishing needs handling rights (the approvers hold feedback.handle_case here, the clerk not)
    "feedback_board": (Case(UNIT_MEMBERS), Case(SEES_VINH_AN, query={"unit": "VC-VA"})),
    "feedback_board_export": (Case(UNIT_MEMBERS),),
    # "Dân vận khéo" models, registry (issue 16): the unit rule; council steps need rights above
    "emulation_model_list": (
        Case(UNIT_MEMBERS, secret=(VINH_AN_MODEL,), sees=SEES_VINH_AN),
        Case(SEES_VINH_AN, query=VINH_AN, secret=(VINH_AN_MODEL,), sees=SEES_VINH_AN),
    ),
    "emulation_model_register": (Case(frozenset({CLERK, SUPERUSER})),),
    "emulation_model": (
        Case(UNIT_MEMBERS, {"pk": "model_phu_ly"}, secret=(VINH_AN_MODEL,)),
        Case(SEES_VINH_AN, {"pk": "model_vinh_an"}, secret=(VINH_AN_MODEL,), sees=SEES_VINH_AN),
    ),
    "emulation_model_action": (Case(NOBODY, {"pk": "model_phu_ly"}),),  # POST only: a GET is a 404
    "emulation_model_score": (Case(SUPERUSER_ONLY, {"pk": "model_phu_ly"}),),
    "emulation_model_evidence": (
        Case(UNIT_MEMBERS, {"pk": "model_phu_ly", "evidence_id": "evidence_phu_ly"}),
    ),
    # editing a model (issue 16): registered, whoever registers for its unit or a decider above it;
    # under review (Phú Lý's), a decider only. Adding files and removing evidence are POST only.
    "emulation_model_edit": (
        Case(SUPERUSER_ONLY, {"pk": "model_phu_ly"}),
        Case(SUPERUSER_ONLY, {"pk": "model_vinh_an"}, secret=(VINH_AN_MODEL,), sees=SEES_VINH_AN),
    ),
    "emulation_model_add_files": (Case(NOBODY, {"pk": "model_phu_ly"}),),
    "emulation_model_remove_evidence": (
        Case(NOBODY, {"pk": "model_phu_ly", "evidence_id": "evidence_phu_ly"}),
    ),
    "tieu_chi_tham_dinh:index": (Case(SUPERUSER_ONLY),),
    "tieu_chi_tham_dinh:index_results": (Case(SUPERUSER_ONLY),),
    "tieu_chi_tham_dinh:add": (Case(SUPERUSER_ONLY),),
    "tieu_chi_tham_dinh:edit": (Case(SUPERUSER_ONLY, {"pk": "criterion"}),),
    "tieu_chi_tham_dinh:delete": (Case(SUPERUSER_ONLY, {"pk": "criterion"}),),
    "tieu_chi_tham_dinh:history": (Case(SUPERUSER_ONLY, {"pk": "criterion"}),),
    "tieu_chi_tham_dinh:history_results": (Case(SUPERUSER_ONLY, {"pk": "criterion"}),),
    "tieu_chi_tham_dinh:usage": (Case(SUPERUSER_ONLY, {"pk": "criterion"}),),
    "tieu_chi_tham_dinh:copy": (Case(SUPERUSER_ONLY, {"pk": "criterion"}),),
    "feedback_case_publish": (Case(CASE_HANDLERS, {"pk": "board_case"}),),
    "feedback_dialogue_cases": (Case(SUPERUSER_ONLY, {"pk": "dialogue_session"}),),
    "doi_thoai_truc_tiep:index": (Case(SUPERUSER_ONLY),),
    "doi_thoai_truc_tiep:index_results": (Case(SUPERUSER_ONLY),),
    "doi_thoai_truc_tiep:add": (Case(SUPERUSER_ONLY),),
    "doi_thoai_truc_tiep:edit": (Case(SUPERUSER_ONLY, {"pk": "dialogue_session"}),),
    "doi_thoai_truc_tiep:delete": (Case(SUPERUSER_ONLY, {"pk": "dialogue_session"}),),
    "doi_thoai_truc_tiep:history": (Case(SUPERUSER_ONLY, {"pk": "dialogue_session"}),),
    "doi_thoai_truc_tiep:history_results": (Case(SUPERUSER_ONLY, {"pk": "dialogue_session"}),),
    "doi_thoai_truc_tiep:usage": (Case(SUPERUSER_ONLY, {"pk": "dialogue_session"}),),
    "cau_hoi_doi_thoai:index": (Case(SUPERUSER_ONLY),),
    "cau_hoi_doi_thoai:index_results": (Case(SUPERUSER_ONLY),),
    "cau_hoi_doi_thoai:add": (Case(SUPERUSER_ONLY),),
    "cau_hoi_doi_thoai:edit": (Case(SUPERUSER_ONLY, {"pk": "dialogue_question"}),),
    "cau_hoi_doi_thoai:delete": (Case(SUPERUSER_ONLY, {"pk": "dialogue_question"}),),
    "cau_hoi_doi_thoai:history": (Case(SUPERUSER_ONLY, {"pk": "dialogue_question"}),),
    "cau_hoi_doi_thoai:history_results": (Case(SUPERUSER_ONLY, {"pk": "dialogue_question"}),),
    "cau_hoi_doi_thoai:usage": (Case(SUPERUSER_ONLY, {"pk": "dialogue_question"}),),
    # task groups' narrative progress (issue 16, part "tasks"): the unit rule; a unit one may not see,
    # or that does not report on the task group, is a 404, never named
    "programmes_task_reports": (
        Case(UNIT_MEMBERS, {"pk": "programme"}, YEAR, secret=("Vĩnh An",), sees=SEES_VINH_AN),
    ),
    "programmes_task_report": (
        Case(
            UNIT_MEMBERS,
            {"pk": "programme", "group_id": "task_group", "unit": "VC-PL", "period": "2023"},
            secret=(VINH_AN_TASK,),
        ),
        Case(
            SEES_VINH_AN,
            {"pk": "programme", "group_id": "task_group", "unit": "VC-VA", "period": "2023"},
            secret=(VINH_AN_TASK,),
            sees=SEES_VINH_AN,
        ),
        # the district carries out none of the groups (its communes do): nobody's page, a 404
        Case(NOBODY, {"pk": "programme", "group_id": "task_group", "unit": "VC", "period": "2023"}),
    ),
    "programmes_task_evidence": (
        Case(UNIT_MEMBERS, {"pk": "task_evidence_phu_ly"}, secret=(VINH_AN_TASK_FILE,)),
        Case(SEES_VINH_AN, {"pk": "task_evidence_vinh_an"}, secret=(VINH_AN_TASK_FILE,), sees=SEES_VINH_AN),
    ),
}


def test_every_pattern_has_a_row() -> None:
    patterns = qualifying_patterns()
    missing = sorted(f"{name} ({route})" for name, route in patterns.items() if name not in TABLE)
    gone = sorted(name for name in TABLE if name not in patterns)
    assert not missing and not gone, f"patterns without a row: {missing}; rows without a pattern: {gone}"


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(response: Any) -> str:
    """The body as text; a workbook by its cells' values (a zip would hide any number)."""
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if response.get("Content-Type", "").startswith(XLSX_TYPE):
        workbook = load_workbook(io.BytesIO(body))
        return " ".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return body.decode("utf-8", errors="replace")


def _clients(world: World) -> dict[str, Client]:
    """One client per role, logged in once (every request of the table is a GET)."""
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        if world.users[role] is not None:
            clients[role].force_login(world.users[role])
    return clients


def _problems(
    world: World, client: Client, role: str, name: str, number: int, case: Case
) -> tuple[list[str], bool]:
    """What is wrong with this role's answer to the case, and whether the secret was shown."""
    kwargs = {
        key: (world.objects[value].pk if value in world.objects else value)
        for key, value in case.kwargs.items()
    }
    url = reverse(name, kwargs=kwargs)
    response = client.get(url, case.query)
    where = f"{name}#{number} {url}?{urlencode(case.query)} as {role}"
    status = response.status_code
    if case.only is not None:
        return ([] if status == case.only else [f"{where}: {status}, expected {case.only}"]), False
    problems = []
    if role in case.allow and status != 200:
        problems.append(f"{where}: {status}, expected 200")
    elif role not in case.allow:
        if status not in (302, 403, 404):
            problems.append(f"{where}: {status}, expected a refusal (302/403/404)")
        elif status == 302 and not ("/login/" in response["Location"] or response["Location"] == "/admin/"):
            problems.append(f"{where}: redirected to {response['Location']}")
    text = _text(response) if status == 200 or status >= 400 else ""
    shown = [secret for secret in case.secret if secret in text]
    if shown and role not in case.sees:
        problems.append(f"{where}: shows {shown}, which only {sorted(case.sees)} may see")
    return problems, bool(shown) and role in case.sees


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    # An entry of the audit log to open (building the world recorded group changes; this one is sure).
    from danvan.core.events import announce

    announce("auth.unlock", target=world.users[CLERK])
    world.objects["audit_entry"] = AuditEntry.objects.filter(action="auth.unlock").get()
    # A report built in the task queue for the superuser: Vĩnh An's figures (decision 0024).
    world.objects["export_job"] = start_export(
        user=world.users[SUPERUSER],
        kind=report_jobs.KIND,
        title="Vĩnh An",
        parameters=report_jobs.parameters(
            programme_id=world.objects["programme"].pk, period="2023", unit="VC-VA", file_format="xlsx"
        ),
    )
    return world


def test_every_role_gets_what_the_table_says(world: World) -> None:
    """One world, every row × every role; all mismatches listed at once."""
    problems: list[str] = []
    shown: dict[tuple[str, int], bool] = {}
    clients = _clients(world)
    for name, cases in TABLE.items():
        for number, case in enumerate(cases):
            for role in ROLES:
                found, seen = _problems(world, clients[role], role, name, number, case)
                problems += found
                shown[(name, number)] = shown.get((name, number), False) or seen
    vacuous = [
        f"{name}#{number}: no role in {sorted(case.sees)} was shown {case.secret}: the check proves nothing"
        for name, cases in TABLE.items()
        for number, case in enumerate(cases)
        if case.secret and case.sees and not shown[(name, number)]
    ]
    problems += vacuous + _menu_links_to_refusals(world)
    assert not problems, "\n".join(problems)


def _menu_links_to_refusals(world: World) -> list[str]:
    """The admin's menu (its sidebar's JSON) must not link a role to a page the table refuses it."""
    routes = qualifying_patterns()
    pages = {
        reverse(name): cases[0].allow
        for name, cases in TABLE.items()
        if routes[name].startswith("admin/") and not cases[0].kwargs
    }
    wrong = []
    for role in ROLES[1:]:
        client = Client()
        client.force_login(world.users[role])
        html = client.get("/admin/").content.decode()
        wrong += [
            f"the menu links {role} to {url}, which refuses them"
            for url, allow in pages.items()
            if f'"{url}"' in html and role not in allow
        ]
        if role == SUPERUSER:  # else the check proves nothing
            assert f'"{reverse("programmes_index")}"' in html and f'"{reverse("don_vi_csv:index")}"' in html
    return wrong
