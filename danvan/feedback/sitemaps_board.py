"""Published answers and dialogue sessions in /sitemap.xml (registered in ready_board)."""

from typing import Any

from django.urls import reverse

from danvan.core.sitemaps import OnSiteAddress

from . import selectors


class AnswerSitemap(OnSiteAddress):
    def items(self) -> Any:
        return selectors.published_answers()

    def location(self, item: Any) -> str:
        return reverse("answer_detail", kwargs={"ref": item.answer_ref})

    def lastmod(self, item: Any) -> Any:
        return item.published_at


class DialogueSitemap(OnSiteAddress):
    def items(self) -> Any:
        return selectors.published_dialogues().order_by("-held_on", "-pk")

    def location(self, item: Any) -> str:
        return reverse("dialogue_detail", kwargs={"pk": item.pk})

    def lastmod(self, item: Any) -> Any:
        return item.updated_at
