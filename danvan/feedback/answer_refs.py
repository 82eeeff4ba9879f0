"""Giving the answers published before the public reference existed their own (migration 0004).

Until then an answer's public page was ``/tra-loi-cong-dan/<code>/``: the tracking code, the citizen's
secret for the private lookup, was on public pages. ``fill_answer_refs`` gives every published case
without one a fresh ``answer_ref``, moves its search entry to the new address, drops any answer entry
left under an old one, and retires the cached pages (which may still hold the old links).
"""

from typing import Any

from django.urls import reverse

from .models import new_answer_ref


def fill_answer_refs(case_model: Any, document_model: Any = None) -> int:
    """How many published cases got a reference. ``case_model``: Case (or its historical model);
    ``document_model``: the search's SearchDocument, or None to leave the search alone."""
    published = case_model.objects.filter(publish_answer=True, published_at__isnull=False)
    filled = 0
    for case in published.filter(answer_ref="").only("pk", "code").order_by("pk"):
        ref = new_answer_ref(case_model)
        case_model.objects.filter(pk=case.pk).update(answer_ref=ref)
        if document_model is not None:
            old = reverse("answer_detail", kwargs={"ref": case.code})
            new = reverse("answer_detail", kwargs={"ref": ref})
            _answers(document_model).filter(url=old).update(url=new)
        filled += 1
    if document_model is not None:
        keep = [
            reverse("answer_detail", kwargs={"ref": ref})
            for ref in published.values_list("answer_ref", flat=True)
        ]
        _answers(document_model).exclude(url__in=keep).delete()
    if filled:
        from danvan.core import page_cache

        page_cache.invalidate()
    return filled


def _answers(document_model: Any) -> Any:
    return document_model.objects.filter(kind="answer", page=None, document=None)
