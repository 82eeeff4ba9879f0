"""What the board part registers when the app is ready (issue 15): the public pages of published
answers and dialogue sessions (visit counter, sitemap), the answers' place in the site search, and the
board's Excel built in the task queue."""

from typing import Any


def register() -> None:
    from danvan.core import registry

    from . import board_file, selectors, services
    from .sitemaps_board import AnswerSitemap, DialogueSitemap

    registry.add_exporter(board_file.EXPORTER)  # the board's Excel, built in the task queue (decision 0024)
    registry.add_public_view("answer_list")
    registry.add_public_view("answer_detail", lambda kwargs: selectors.answer_is_public(str(kwargs["ref"])))
    registry.add_public_view("dialogue_list")
    registry.add_public_view("dialogue_detail", _dialogue_exists)
    registry.add_sitemap("answers", AnswerSitemap)
    registry.add_sitemap("dialogues", DialogueSitemap)
    registry.add_sitemap_view("answer_list")
    registry.add_sitemap_view("dialogue_list")
    registry.add_search_source("trả lời công dân", services.reindex_answers)
    _connect_signals()


def _connect_signals() -> None:
    """Retire cached public pages when what they show changes: a published answer's case, a dialogue
    session or its questions (a new case from the public form publishes nothing, so empties nothing)."""
    from django.db.models.signals import post_delete, post_save

    from .models import Case, DialogueQuestion, DialogueSession

    for model in (DialogueSession, DialogueQuestion):
        post_save.connect(_retire_pages, sender=model, dispatch_uid=f"board-retire-{model.__name__}-save")
        post_delete.connect(_retire_pages, sender=model, dispatch_uid=f"board-retire-{model.__name__}-delete")
    post_save.connect(_published_case_saved, sender=Case, dispatch_uid="board-retire-case-save")
    post_delete.connect(_published_case_deleted, sender=Case, dispatch_uid="board-retire-case-delete")


def _retire_pages(sender: Any, instance: Any, **kwargs: Any) -> None:
    from danvan.core import page_cache

    page_cache.invalidate()


def _published_case_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.publish_answer:
        _retire_pages(sender, instance)


def _dialogue_exists(kwargs: dict[str, Any]) -> bool:
    from . import selectors

    try:
        return selectors.dialogue_is_public(int(kwargs["pk"]))
    except (TypeError, ValueError):
        return False


def _published_case_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from . import services

    if instance.publish_answer:
        instance.publish_answer = False
        services.index_answer(instance)  # out of the search, and the cached pages retired
