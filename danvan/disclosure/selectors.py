"""The disclosure catalogue (Luật Tiếp cận thông tin 2016, Điều 17 and 34; Nghị định 13/2018, Điều 6):
the kinds of information the agency must publish, each with what the portal holds and when it was
published — computed from the content on every render, never typed in by hand.

The kinds are fixed by law, so they are code; what each shows is a query over the content.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

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


def _documents(
    codes: tuple[str, ...] | None,
) -> Callable[[Page], tuple[int, dt.datetime | None, list[Item], str]]:
    def collect(home: Page) -> tuple[int, dt.datetime | None, list[Item], str]:
        from danvan.documents.models import LegalDocument

        documents: QuerySet[LegalDocument] = LegalDocument.objects.select_related("type")
        if codes is not None:
            documents = documents.filter(type__code__in=codes)
        count = documents.count()
        last = documents.aggregate(last=Max("published_at"))["last"]
        latest = [
            Item(f"{d.type.name} {d.symbol}: {d.title}", d.get_absolute_url(), d.published_at)
            for d in documents.order_by("-published_at", "-id")[:LATEST]
        ]
        more = reverse("document_list")
        if codes is not None and len(codes) == 1:
            more += f"?type={codes[0]}"
        return count, last, latest, more

    return collect


def _pages(page_type: str) -> Callable[[Page], tuple[int, dt.datetime | None, list[Item], str]]:
    def collect(home: Page) -> tuple[int, dt.datetime | None, list[Item], str]:
        from django.apps import apps

        model = apps.get_model(page_type)
        pages = model.objects.live().public().descendant_of(home)
        count = pages.count()
        last = pages.aggregate(last=Max("last_published_at"))["last"]
        latest = [
            Item(p.title, p.url, p.last_published_at)
            for p in pages.order_by("-last_published_at", "-id")[:LATEST]
        ]
        return count, last, latest, latest[0].url if count == 1 else ""

    return collect


def _articles(home: Page) -> tuple[int, dt.datetime | None, list[Item], str]:
    from danvan.portal.models import ArticlePage

    articles = ArticlePage.objects.live().public().descendant_of(home)
    count = articles.count()
    last = articles.aggregate(last=Max("first_published_at"))["last"]
    latest = [Item(a.title, a.url, a.date) for a in articles.order_by("-date", "-id")[:LATEST]]
    return count, last, latest, home.url


def _drafts(home: Page) -> tuple[int, dt.datetime | None, list[Item], str]:
    from danvan.consultations.models import Draft

    drafts = Draft.objects.filter(published=True)
    count = drafts.count()
    last = drafts.aggregate(last=Max("created_at"))["last"]
    latest = [
        Item(d.title, d.get_absolute_url(), d.created_at)
        for d in drafts.order_by("-created_at", "-id")[:LATEST]
    ]
    return count, last, latest, reverse("draft_list")


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
