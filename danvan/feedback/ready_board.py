"""What the board part registers when the app is ready (issue 15): the public pages of published
answers and dialogue sessions (visit counter, sitemap) and the answers' place in the site search."""

from typing import Any


def register() -> None:
    from danvan.core import registry

    from . import selectors, services
    from .sitemaps_board import AnswerSitemap, DialogueSitemap

    registry.add_public_view("answer_list")
    registry.add_public_view("answer_detail", lambda kwargs: selectors.answer_is_public(str(kwargs["code"])))
    registry.add_public_view("dialogue_list")
    registry.add_public_view("dialogue_detail", _dialogue_exists)
    registry.add_sitemap("answers", AnswerSitemap)
    registry.add_sitemap("dialogues", DialogueSitemap)
    registry.add_sitemap_view("answer_list")
    registry.add_sitemap_view("dialogue_list")
    registry.add_search_source("trả lời công dân", services.reindex_answers)


def _dialogue_exists(kwargs: dict[str, Any]) -> bool:
    from . import selectors

    try:
        return selectors.dialogue_is_public(int(kwargs["pk"]))
    except (TypeError, ValueError):
        return False
