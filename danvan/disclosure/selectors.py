"""The disclosure catalogue (Luật Tiếp cận thông tin 2016, Điều 17 and 34; Nghị định 13/2018, Điều 6):
the kinds of information the agency must publish, each with what the portal holds and when it was
published — computed from the content on every render, never typed in by hand.

The kinds are fixed by law, so they are code; what each shows is a query over the content.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from danvan.consultations import selectors as consultations
from danvan.documents import selectors as documents
from danvan.portal import selectors as portal

LATEST = 5


@dataclass
class Item:
    title: str
    url: str
    published: dt.datetime | dt.date | None


@dataclass
class Entry:
    key: str
    title: Any
    basis: tuple[Any, ...]
    count: int
    last_published: dt.datetime | None
    items: list[Item] = field(default_factory=list)
    more_url: str = ""


@dataclass
class Kind:
    key: str
    title: Any
    basis: tuple[Any, ...]  # the legal provisions, shown joined by "; "
    collect: Callable[[Page], tuple[int, dt.datetime | None, list[Item], str]]


Summary = tuple[int, dt.datetime | None, list[tuple[str, str, dt.datetime | None]]]


def _items(newest: list[tuple[str, str, dt.datetime | None]]) -> list[Item]:
    return [Item(title, url, published) for title, url, published in newest]


def _documents(
    codes: tuple[str, ...] | None,
) -> Callable[[Page], tuple[int, dt.datetime | None, list[Item], str]]:
    def collect(home: Page) -> tuple[int, dt.datetime | None, list[Item], str]:
        count, last, newest = documents.published_summary(codes, latest=LATEST)
        more = reverse("document_list")
        if codes is not None and len(codes) == 1:
            more += f"?type={codes[0]}"
        return count, last, _items(newest), more

    return collect


def _pages(page_type: str) -> Callable[[Page], tuple[int, dt.datetime | None, list[Item], str]]:
    def collect(home: Page) -> tuple[int, dt.datetime | None, list[Item], str]:
        count, last, newest = portal.published_pages_summary(page_type, home=home, latest=LATEST)
        latest = _items(newest)
        return count, last, latest, latest[0].url if count == 1 else ""

    return collect


def _articles(home: Page) -> tuple[int, dt.datetime | None, list[Item], str]:
    count, last, newest = portal.published_articles_summary(home=home, latest=LATEST)
    return count, last, _items(newest), home.url


def _drafts(home: Page) -> tuple[int, dt.datetime | None, list[Item], str]:
    count, last, newest = consultations.published_summary(latest=LATEST)
    return count, last, _items(newest), reverse("draft_list")


LAW = _("Luật Tiếp cận thông tin 2016, Điều 17")
DECREE = _("Nghị định 42/2022/NĐ-CP, Điều 4")

KINDS = [
    Kind(
        "agency",
        _("Cơ cấu tổ chức, chức năng, nhiệm vụ, lãnh đạo và đầu mối liên hệ"),
        (LAW, DECREE),
        _pages("portal.AgencyPage"),
    ),
    Kind(
        "documents",
        _("Văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành"),
        (LAW, DECREE),
        _documents(None),
    ),
    Kind(
        "plans",
        _("Chương trình, kế hoạch, đề án"),
        (LAW,),
        _documents(("CTr", "KH", "ĐA")),
    ),
    Kind("drafts", _("Dự thảo văn bản lấy ý kiến nhân dân"), (LAW, DECREE), _drafts),
    Kind("reports", _("Báo cáo, số liệu thống kê"), (LAW, DECREE), _documents(("BC",))),
    Kind("news", _("Tin tức về hoạt động của cơ quan"), (DECREE,), _articles),
]


def catalogue(*, home: Page) -> list[Entry]:
    """Each kind of information with what the portal holds, newest first, and when it was last published."""
    entries = []
    for kind in KINDS:
        count, last, items, more = kind.collect(home)
        entries.append(Entry(kind.key, kind.title, kind.basis, count, last, items, more))
    return entries
