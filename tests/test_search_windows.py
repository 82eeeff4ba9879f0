"""The bounded reads that keep search fast over 250,000 articles (decision 0023).

Suggestions read the newest titles first and fall back to the full-text index: the answer must not
depend on that window — with a window of one document, of three, or of more than there are, the
suggestions equal what a plain reading of every stored title gives. Search ranks at most
``RANK_WINDOW`` documents of each tier, its most recently indexed. CI runs this file on SQLite and
on PostgreSQL.
"""

import datetime as dt
from typing import Any

import pytest

from danvan.search import selectors
from danvan.search.models import SearchDocument
from danvan.search.query import parse
from danvan.search.services import text_fields

DAY = dt.datetime(2024, 3, 1, 8, 0, tzinfo=dt.UTC)
# (title, days after DAY or None for no date, in this site or another one); ids do not follow dates.
TITLES: list[tuple[str, int | None, bool]] = [
    ("Khen thưởng hội viên tiêu biểu", 6, True),
    ("Đồng Nai khen thưởng dân vận khéo", 1, True),
    ("Hội nghị sơ kết công tác dân vận", 9, True),
    ("Khánh thành cầu nông thôn mới", 3, True),
    ("Dân vận khéo ở Vĩnh Cửu", 4, False),  # another site's page: never suggested here
    ("Tập huấn kỹ năng dân vận", 0, True),
    ("Khảo sát đường giao thông", None, True),
    ("Đà Lạt đón khách", 8, True),
    ("Tin ngắn buổi sáng", 7, True),
    ("Tin ngắn buổi chiều", 2, True),
    ("Dân vận khéo trong khu dân cư", 5, True),
    ("Tin vắn số một", 10, True),
    ("Tin vắn số hai", 10, True),  # the same moment: the later id first
]


@pytest.fixture
def titles(home: Any) -> None:
    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind="article",
            path=(home.path if here else "0009") + "ZZZZ",
            date=None if days is None else DAY + dt.timedelta(days=days),
            **text_fields(title=title, lead="", body=""),
        )
        for title, days, here in TITLES
    )


def _suggest(raw: str, root_path: str, limit: int = 8) -> list[str]:
    return [r["title"] for r in selectors.suggest(parse(raw), root_path=root_path, limit=limit)]


# Worked out by hand from TITLES: this site's titles with the words, newest first, undated last.
EXPECTED = {
    "kh": [
        "Đà Lạt đón khách",
        "Khen thưởng hội viên tiêu biểu",
        "Dân vận khéo trong khu dân cư",
        "Khánh thành cầu nông thôn mới",
        "Đồng Nai khen thưởng dân vận khéo",
        "Khảo sát đường giao thông",
    ],
    "dan van k": [
        "Hội nghị sơ kết công tác dân vận",
        "Dân vận khéo trong khu dân cư",
        "Đồng Nai khen thưởng dân vận khéo",
        "Tập huấn kỹ năng dân vận",
    ],
    "da": [
        "Hội nghị sơ kết công tác dân vận",
        "Đà Lạt đón khách",
        "Dân vận khéo trong khu dân cư",
        "Đồng Nai khen thưởng dân vận khéo",
        "Tập huấn kỹ năng dân vận",
    ],
    "tin": ["Tin vắn số hai", "Tin vắn số một", "Tin ngắn buổi sáng", "Tin ngắn buổi chiều"],
    "tin v": ["Tin vắn số hai", "Tin vắn số một"],
    "xyz": [],
}


@pytest.mark.django_db
@pytest.mark.parametrize("typed", sorted(EXPECTED))
def test_suggestions_do_not_depend_on_the_window(
    titles: None, home: Any, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    for window in (1, 3, 6, 1_000):
        monkeypatch.setattr(selectors, "SUGGEST_WINDOW", window)
        for limit in (1, 2, 5, 8):
            assert _suggest(typed, home.path, limit) == EXPECTED[typed][:limit], (window, limit)


@pytest.mark.django_db
def test_the_window_answers_when_it_holds_enough(
    titles: None, home: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest six dated documents hold two "kh" titles: no full-text query is needed for two."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(selectors, "SUGGEST_WINDOW", 6)
    with CaptureQueriesContext(connection) as two:
        assert _suggest("kh", home.path, limit=2) == EXPECTED["kh"][:2]
    with CaptureQueriesContext(connection) as three:
        assert _suggest("kh", home.path, limit=3) == EXPECTED["kh"][:3]
    assert len(three.captured_queries) == len(two.captured_queries) + 1


@pytest.mark.django_db
def test_an_unpublished_title_is_no_longer_suggested(client: Any, category: Any) -> None:
    from .factories import ArticlePageFactory

    article = ArticlePageFactory.create(parent=category, title="Khánh thành nhà văn hóa ấp 3", slug="khanh")
    titles = [r["title"] for r in client.get("/api/v1/search/suggest/", {"q": "khanh th"}).json()["results"]]
    assert titles == ["Khánh thành nhà văn hóa ấp 3"]
    article.unpublish()
    assert client.get("/api/v1/search/suggest/", {"q": "khanh th"}).json()["results"] == []


@pytest.fixture
def ranked(home: Any) -> None:
    """Indexed in this order (ids grow): "dân vận" side by side in the title of the oldest only."""
    rows = [
        ("Sơ kết dân vận khéo", "", "", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
        ("Vận động dân làng", "", "", dt.datetime(2024, 2, 1, tzinfo=dt.UTC)),
        ("Dân làng vận động", "", "", dt.datetime(2024, 3, 1, tzinfo=dt.UTC)),
        ("Tin có sapô", "Công tác dân vận", "", dt.datetime(2023, 1, 1, tzinfo=dt.UTC)),
        ("Tin có nội dung", "", "Công tác dân vận", dt.datetime(2025, 1, 1, tzinfo=dt.UTC)),
    ]
    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind="article",
            path=home.path + "ZZZZ",
            date=date,
            **text_fields(title=title, lead=lead, body=body),
        )
        for title, lead, body, date in rows
    )


def _titles(home: Any, raw: str = "dan van") -> list[str]:
    results = selectors.search(parse(raw), root_path=home.path, limit=10)
    return [hit.title for hit in results.hits]


@pytest.mark.django_db
def test_every_match_is_ranked_when_the_tiers_fit_the_window(ranked: None, home: Any) -> None:
    # Title with every word: side by side first, then newest; then the rest: lead before body.
    assert _titles(home) == [
        "Sơ kết dân vận khéo",
        "Dân làng vận động",
        "Vận động dân làng",
        "Tin có sapô",
        "Tin có nội dung",
    ]


@pytest.mark.django_db
def test_each_tier_ranks_only_its_most_recently_indexed(
    ranked: None, home: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    # The oldest title is outside its tier's two newest; both of the other tier fit.
    assert _titles(home) == ["Dân làng vận động", "Vận động dân làng", "Tin có sapô", "Tin có nội dung"]
    monkeypatch.setattr(selectors, "RANK_WINDOW", 1)
    assert _titles(home) == ["Dân làng vận động", "Tin có nội dung"]
    # The window is taken after the filters: the oldest title is the only one of January 2024.
    january = selectors.search(
        parse("dan van"), root_path=home.path, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 1, 31)
    )
    assert [hit.title for hit in january.hits] == ["Sơ kết dân vận khéo"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count_limit", "count", "exact", "titles"),
    [
        # Five matches: three with both words in the title, two others.
        (
            5,
            5,
            True,
            [
                "Sơ kết dân vận khéo",
                "Dân làng vận động",
                "Vận động dân làng",
                "Tin có sapô",
                "Tin có nội dung",
            ],
        ),
        (
            4,
            4,
            False,
            [
                "Sơ kết dân vận khéo",
                "Dân làng vận động",
                "Vận động dân làng",
                "Tin có sapô",
                "Tin có nội dung",
            ],
        ),
        # The title tier alone is over the limit: the other is not read, for the count or the page.
        (2, 2, False, ["Sơ kết dân vận khéo", "Dân làng vận động", "Vận động dân làng"]),
    ],
)
def test_the_count_is_the_windows_sizes(
    ranked: None,
    home: Any,
    monkeypatch: pytest.MonkeyPatch,
    count_limit: int,
    count: int,
    exact: bool,
    titles: list[str],
) -> None:
    monkeypatch.setattr(selectors, "COUNT_LIMIT", count_limit)
    monkeypatch.setattr(selectors, "RANK_WINDOW", count_limit + 1)
    results = selectors.search(parse("dan van"), root_path=home.path, limit=10)
    assert (results.count, results.count_exact) == (count, exact)
    assert [hit.title for hit in results.hits] == titles


@pytest.mark.django_db
def test_date_filters_hold_when_ids_do_not_follow_dates(home: Any) -> None:
    """The ids of a date range narrow the search; an older item indexed later is still left out."""
    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind="article", path=home.path + "ZZZZ", date=date, **text_fields(title=title, lead="", body="")
        )
        for title, date in [
            ("Dân vận tháng sáu", dt.datetime(2024, 6, 1, tzinfo=dt.UTC)),
            ("Dân vận năm 2020", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),  # imported later
            ("Dân vận tháng bảy", dt.datetime(2024, 7, 1, tzinfo=dt.UTC)),
        ]
    )

    def found(year: int) -> tuple[int, list[str]]:
        results = selectors.search(
            parse("dan van"),
            root_path=home.path,
            date_from=dt.date(year, 1, 1),
            date_to=dt.date(year, 12, 31),
        )
        return results.count, [hit.title for hit in results.hits]

    assert found(2024) == (2, ["Dân vận tháng bảy", "Dân vận tháng sáu"])
    assert found(2020) == (1, ["Dân vận năm 2020"])
    assert found(2030) == (0, [])


class _Matches:
    """A cursor over the ids ``matches``: answers _newest_by_id_ranges' queries, keeping their ranges."""

    def __init__(self, matches: set[int]) -> None:
        self.matches = matches
        self.ranges: list[tuple[int | None, int]] = []
        self.rows: list[tuple[int]] = []

    def execute(self, sql: str, params: tuple[int, ...]) -> None:
        if "d.id > %s AND d.id <= %s" in sql:
            low, high, limit = params
        else:
            low, (high, limit) = None, params
        self.ranges.append((low, high))
        inside = sorted((i for i in self.matches if (low is None or i > low) and i <= high), reverse=True)
        self.rows = [(i,) for i in inside[:limit]]

    def fetchall(self) -> list[tuple[int]]:
        return self.rows


@pytest.mark.parametrize(
    ("matches", "window", "first", "newest", "ranges"),
    [
        # Every third id up to 99; ids up to 100. The first 10 ids hold 3 (99, 96, 93): 7 more are
        # wanted at 3 per 10 ids, 23.3 ids, with the margin 35: (55, 90] holds 90 … 57, the newest 7
        # of them complete the window.
        (set(range(3, 100, 3)), 10, 10, [99, 96, 93, 90, 87, 84, 81, 78, 75, 72], [(90, 100), (55, 90)]),
        # A rare word: nothing among the newest 10 ids, then the rest of the table at once.
        ({2, 3, 5, 8, 13, 21, 34, 55, 89}, 4, 10, [89, 55, 34, 21], [(90, 100), (None, 90)]),
        # Fewer matches than the window: all of them, newest first.
        ({7, 70}, 5, 10, [70, 7], [(90, 100), (None, 90)]),
        # The first range holds the window: nothing else is read.
        (set(range(1, 101)), 5, 10, [100, 99, 98, 97, 96], [(90, 100)]),
    ],
)
def test_ranges_of_ids_find_exactly_the_newest_matches(
    monkeypatch: pytest.MonkeyPatch,
    matches: set[int],
    window: int,
    first: int,
    newest: list[int],
    ranges: list[tuple[int | None, int]],
) -> None:
    """Worked out by hand: which ranges are read, and that the answer is the ``window`` largest ids."""
    from danvan.search.engines import Sql

    monkeypatch.setattr(selectors, "RANK_WINDOW", window)
    monkeypatch.setattr(selectors, "FIRST_ID_RANGE", first)
    cursor = _Matches(matches)
    assert selectors._newest_by_id_ranges(cursor, Sql("SELECT d.id FROM t d WHERE 1 = 1"), 100) == newest
    assert cursor.ranges == ranges
    assert newest == sorted(matches, reverse=True)[:window]


@pytest.mark.django_db
@pytest.mark.parametrize("by_ranges", [True, False])
@pytest.mark.parametrize("first", [1, 2, 1_000])
def test_reading_by_ranges_of_ids_ranks_the_same(
    ranked: None, home: Any, monkeypatch: pytest.MonkeyPatch, by_ranges: bool, first: int
) -> None:
    """PostgreSQL reads a tier's newest by ranges of ids, SQLite in one query: either way, on either
    database, the same answers as in the tests above."""
    from danvan.search import engines

    monkeypatch.setattr(engines.engine().__class__, "reads_by_id_ranges", by_ranges)
    monkeypatch.setattr(selectors, "FIRST_ID_RANGE", first)
    assert _titles(home) == [
        "Sơ kết dân vận khéo",
        "Dân làng vận động",
        "Vận động dân làng",
        "Tin có sapô",
        "Tin có nội dung",
    ]
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    assert _titles(home) == ["Dân làng vận động", "Vận động dân làng", "Tin có sapô", "Tin có nội dung"]
    monkeypatch.setattr(selectors, "RANK_WINDOW", 1)
    assert _titles(home) == ["Dân làng vận động", "Tin có nội dung"]
    results = selectors.search(parse("dan van"), root_path=home.path, offset=1, limit=1)
    assert (results.count, [hit.title for hit in results.hits]) == (2, ["Tin có nội dung"])


@pytest.mark.parametrize(
    ("estimate", "first"),
    [
        (None, 16),  # not estimated: FIRST_ID_RANGE
        (1_000, 16),  # 1,000 ids x 10 x 1.5 / 1,000 = 15: never below FIRST_ID_RANGE
        (500, 30),  # 1,000 x 10 x 1.5 / 500: where the estimated density puts the window
        (100, 64),  # 150: at most 4 x FIRST_ID_RANGE, a wrong estimate's rows stay bounded
        (0, 64),
    ],
)
def test_an_estimate_sizes_the_first_range_within_bounds(
    monkeypatch: pytest.MonkeyPatch, estimate: int | None, first: int
) -> None:
    from danvan.search.engines import Engine, Sql

    class Estimating(Engine):
        def estimated_matches(self, cursor: Any, number: int, matches: Sql) -> int | None:
            return estimate

    monkeypatch.setattr(selectors, "RANK_WINDOW", 10)
    monkeypatch.setattr(selectors, "FIRST_ID_RANGE", 16)
    assert selectors._first_id_range(None, Estimating(), 2, Sql("SELECT 1"), 1_000) == first
