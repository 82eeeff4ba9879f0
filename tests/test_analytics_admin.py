"""The admin report "Thống kê truy cập": numbers, date ranges, CSV, permissions and escaping."""

import csv
import datetime as dt
import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from wagtail.admin.menu import admin_menu

from danvan.analytics.admin_views import resolve_range
from danvan.analytics.models import DailyBreakdown, DailyPageViews, DailyTotals
from danvan.core.dates import today_in_vietnam

URL = "/admin/thong-ke-truy-cap/"
DAILY_CAPTION = "Lượt truy cập, người truy cập và lượt xem trang theo ngày"
BAD_DATE = "Ngày không hợp lệ"
STILL_DEFAULT = "Đang hiển thị 30 ngày gần nhất."


class Tables(HTMLParser):
    """Every <table> of a page as (caption, rows of cell texts), tags inside cells dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._caption: list[str] | None = None
        self._caption_text = ""
        self._cell: list[str] | None = None
        self._rows: list[list[str]] = []
        self._row: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self._rows, self._caption_text = [], ""
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self._caption_text = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._rows.append(self._row)
        elif tag == "table":
            self.tables.append((self._caption_text, self._rows))

    def handle_data(self, data: str) -> None:
        for part in (self._caption, self._cell):
            if part is not None:
                part.append(data)


def table(response: Any, caption_start: str) -> list[list[str]]:
    parser = Tables()
    parser.feed(response.content.decode())
    found = [rows for caption, rows in parser.tables if caption.startswith(caption_start)]
    assert len(found) == 1, [caption for caption, _ in parser.tables]
    return found[0]


def dmy(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


@pytest.fixture
def today() -> dt.date:
    return today_in_vietnam()


@pytest.fixture
def days(db: Any, today: dt.date) -> list[dt.date]:
    """Three days in range, with known numbers, and a day just outside it on each side."""
    first = today - dt.timedelta(days=10)
    inside = [first, first + dt.timedelta(days=1), first + dt.timedelta(days=2)]
    before, after = first - dt.timedelta(days=1), inside[-1] + dt.timedelta(days=1)
    DailyTotals.objects.create(day=before, visits=4321, visitors=4300, page_views=5432)
    DailyTotals.objects.create(day=inside[0], visits=3, visitors=2, page_views=10)
    # inside[1] has no row: the report shows it as zeros
    DailyTotals.objects.create(day=inside[2], visits=1200, visitors=9, page_views=1231)
    DailyTotals.objects.create(day=after, visits=8765, visitors=8700, page_views=9876)
    for day, path, views in [
        (inside[0], "/tin-tuc/", 4),
        (inside[2], "/tin-tuc/", 5),
        (inside[2], "/gioi-thieu/", 7),
        (before, "/ngoai-khoang/", 999),
        (after, "/ngoai-khoang/", 999),
    ]:
        DailyPageViews.objects.create(day=day, path=path, views=views)
    for day, dimension, value, visits in [
        (inside[0], "referrer", "google.com", 2),
        (inside[2], "referrer", "google.com", 3),
        (inside[2], "referrer", "<script>x</script>", 1),
        (before, "referrer", "ngoai-khoang.vn", 50),
        (inside[0], "device", "desktop", 2),
        (inside[2], "device", "mobile", 5),
        (inside[2], "device", "tablet", 1),
        (after, "device", "desktop", 40),
    ]:
        DailyBreakdown.objects.create(day=day, dimension=dimension, value=value, visits=visits)
    return inside


def query(inside: list[dt.date], **extra: str) -> dict[str, str]:
    return {"from": inside[0].isoformat(), "to": inside[-1].isoformat(), **extra}


class TestReportPage:
    def test_daily_table_shows_each_day_and_the_totals_of_the_range_only(
        self, admin_client: Client, days: list[dt.date]
    ) -> None:
        response = admin_client.get(URL, query(days))
        assert response.status_code == 200
        rows = table(response, DAILY_CAPTION)
        assert rows[0] == ["Ngày", "Lượt truy cập", "Người truy cập", "Lượt xem trang"]
        body = [row[1:] for row in rows[1:-1]]
        assert body == [["3", "2", "10"], ["0", "0", "0"], ["1.200", "9", "1.231"]]
        assert [dmy(day) in row[0] for row, day in zip(rows[1:-1], days, strict=True)] == [True] * 3
        assert rows[-1] == ["Tổng cộng", "1.203", "11", "1.241"]
        content = response.content.decode()
        for outside in ("4.321", "4.300", "5.432", "8.765", "8.700", "9.876"):  # the days either side
            assert outside not in content

    def test_rankings_sum_the_range_and_translate_devices(
        self, admin_client: Client, days: list[dt.date]
    ) -> None:
        response = admin_client.get(URL, query(days))
        assert table(response, "Trang được xem nhiều nhất")[1:] == [["/tin-tuc/", "9"], ["/gioi-thieu/", "7"]]
        assert table(response, "Nguồn truy cập")[1:] == [["google.com", "5"], ["<script>x</script>", "1"]]
        assert table(response, "Loại thiết bị")[1:] == [
            ["Điện thoại", "5"],
            ["Máy tính", "2"],
            ["Máy tính bảng", "1"],
        ]
        assert "/ngoai-khoang/" not in response.content.decode()

    def test_referrer_is_escaped(self, admin_client: Client, days: list[dt.date]) -> None:
        content = admin_client.get(URL, query(days)).content.decode()
        assert "&lt;script&gt;x&lt;/script&gt;" in content
        assert "<script>x</script>" not in content

    def test_chart_is_inline_svg_with_a_summary_and_one_bar_per_day(
        self, admin_client: Client, days: list[dt.date]
    ) -> None:
        content = admin_client.get(URL, query(days)).content.decode()
        svg = content[content.index('<svg xmlns="http://www.w3.org/2000/svg"') :]
        svg = svg[: svg.index("</svg>")]
        assert 'role="img"' in svg and 'aria-labelledby="analytics-chart-visits-title"' in svg
        assert 'viewBox="0 0 320 180"' in svg
        assert f"lượt truy cập theo ngày, từ {dmy(days[0])} đến {dmy(days[-1])}: tổng 1.203," in svg
        assert f"nhiều nhất 1.200 vào ngày {dmy(days[2])}" in svg
        assert svg.count("<rect") == 3
        assert f"<title>{dmy(days[1])}: 0 lượt truy cập</title>" in svg
        assert content.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2, "visits, then page views"
        assert 'aria-labelledby="analytics-chart-page_views-title"' in content

    def test_defaults_to_the_last_30_days_ending_today(self, admin_client: Client, today: dt.date) -> None:
        DailyTotals.objects.create(day=today, visits=5, visitors=4, page_views=6)
        response = admin_client.get(URL)
        assert response.status_code == 200
        rows = table(response, DAILY_CAPTION)[1:-1]
        assert len(rows) == 30
        assert dmy(today - dt.timedelta(days=29)) in rows[0][0] and dmy(today) in rows[-1][0]
        assert rows[-1][1:] == ["5", "4", "6"]
        content = response.content.decode()
        assert f'value="{today.isoformat()}"' in content
        assert "help-critical" not in content

    def test_csv_link_keeps_the_range(self, admin_client: Client, days: list[dt.date]) -> None:
        content = admin_client.get(URL, query(days)).content.decode()
        assert f'href="?from={days[0].isoformat()}&amp;to={days[-1].isoformat()}&amp;format=csv"' in content

    def test_a_range_of_366_days_is_accepted(self, admin_client: Client, today: dt.date) -> None:
        start = today - dt.timedelta(days=365)
        response = admin_client.get(URL, {"from": start.isoformat(), "to": today.isoformat()})
        assert response.status_code == 200
        assert len(table(response, DAILY_CAPTION)) == 366 + 2  # header and totals
        assert "help-critical" not in response.content.decode()


@pytest.mark.django_db
class TestBadDates:
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"from": "hôm qua"}, BAD_DATE),
            ({"from": "2025-02-30", "to": "2025-03-01"}, BAD_DATE),
            ({"from": "20250101"}, BAD_DATE),
            ({"to": "２０２５-01-01"}, BAD_DATE),
            ({"from": "9999-12-31", "to": "9999-12-31"}, "Ngày phải nằm trong khoảng"),
            ({"to": "0001-01-01"}, "Ngày phải nằm trong khoảng"),
            ({"from": "1999-12-31"}, "Ngày phải nằm trong khoảng"),
            (
                {"from": "2025-03-02", "to": "2025-03-01"},
                "Ngày bắt đầu phải trước hoặc trùng với ngày kết thúc.",
            ),
            ({"from": "2024-01-01", "to": "2025-01-01"}, "Mỗi lần chỉ xem được tối đa 366 ngày."),
        ],
    )
    def test_error_in_vietnamese_and_the_default_range(
        self, admin_client: Client, today: dt.date, params: dict[str, str], message: str
    ) -> None:
        response = admin_client.get(URL, params)
        assert response.status_code == 200
        content = response.content.decode()
        assert message in content
        assert STILL_DEFAULT in content
        rows = table(response, DAILY_CAPTION)[1:-1]
        assert len(rows) == 30 and dmy(today) in rows[-1][0]

    def test_a_start_in_the_future_is_refused(self, admin_client: Client, today: dt.date) -> None:
        tomorrow = today + dt.timedelta(days=1)
        response = admin_client.get(URL, {"from": tomorrow.isoformat()})
        assert response.status_code == 200
        assert "Ngày phải nằm trong khoảng" in response.content.decode()

    def test_only_to_means_the_30_days_ending_there(self, today: dt.date) -> None:
        end = today - dt.timedelta(days=100)
        period = resolve_range(None, end.isoformat(), today)
        assert (period.start, period.end, period.error) == (end - dt.timedelta(days=29), end, "")

    def test_csv_with_bad_dates_is_refused_rather_than_other_days(self, admin_client: Client) -> None:
        response = admin_client.get(URL, {"from": "xyz", "format": "csv"})
        assert response.status_code == 400
        assert BAD_DATE in response.content.decode()


class TestCsv:
    def test_bom_header_and_one_row_per_day(self, admin_client: Client, days: list[dt.date]) -> None:
        response = admin_client.get(URL, query(days, format="csv"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        first, last = days[0].isoformat(), days[-1].isoformat()
        assert (
            response["Content-Disposition"] == f'attachment; filename="thong-ke-truy-cap-{first}-{last}.csv"'
        )
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == [
            ["ngay", "luot_truy_cap", "nguoi_truy_cap", "luot_xem_trang"],
            [days[0].isoformat(), "3", "2", "10"],
            [days[1].isoformat(), "0", "0", "0"],
            [days[2].isoformat(), "1200", "9", "1231"],
        ]


@pytest.fixture
def perm() -> Any:
    def get(app_label: str, codename: str) -> Permission:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    return get


@pytest.mark.django_db
class TestAccess:
    def test_anonymous_goes_to_the_admin_login(self, client: Client) -> None:
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={URL}"

    @pytest.mark.parametrize("is_staff", [False, True])
    def test_without_admin_access_goes_to_the_login(
        self, client: Client, django_user_model: Any, is_staff: bool
    ) -> None:
        # Wagtail's admin looks at the "wagtailadmin.access_admin" permission, not at is_staff.
        user = django_user_model.objects.create_user("ban-doc", password="x", is_staff=is_staff)
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={URL}"

    def test_editor_without_the_permission_gets_403(
        self, client: Client, django_user_model: Any, perm: Any
    ) -> None:
        user = django_user_model.objects.create_user("bien-tap", password="x", is_staff=True)
        user.user_permissions.add(perm("wagtailadmin", "access_admin"))
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 403
        assert "Bạn không có quyền xem thống kê truy cập" in response.content.decode()
        assert client.get(URL, {"format": "csv"}).status_code == 403

    def test_editor_with_the_permission_sees_the_report(
        self, client: Client, django_user_model: Any, perm: Any
    ) -> None:
        user = django_user_model.objects.create_user("thong-ke", password="x")
        user.user_permissions.add(perm("wagtailadmin", "access_admin"), perm("analytics", "view_dailytotals"))
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200
        assert "<title>Thống kê truy cập" in response.content.decode()

    def test_menu_item_only_for_those_who_may_read(
        self, django_user_model: Any, admin_user: Any, perm: Any
    ) -> None:
        editor = django_user_model.objects.create_user("bien-tap", password="x")
        editor.user_permissions.add(perm("wagtailadmin", "access_admin"))
        reader = django_user_model.objects.create_user("thong-ke", password="x")
        reader.user_permissions.add(
            perm("wagtailadmin", "access_admin"), perm("analytics", "view_dailytotals")
        )

        def shown(user: Any) -> bool:
            request = RequestFactory().get("/admin/")
            request.user = user
            return "thong-ke-truy-cap" in {item.name for item in admin_menu.menu_items_for_request(request)}

        assert (shown(admin_user), shown(reader), shown(editor)) == (True, True, False)
