"""Public pages of published answers to citizens and of direct dialogue sessions (issue 15).

Identical for every anonymous visitor (the page cache keeps them); they show only what staff wrote
for the public — never the citizen's name or contacts, nor who asked at a dialogue. The search box
of the answers sends the words to the site search, limited to answers: its index holds the public
texts only, whereas the case's own folded text holds the citizen's.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from danvan.core.pagination import paginate

from . import selectors
from .models import CaseKind

PAGE_SIZE = 20


@require_safe
def answer_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in CaseKind.values else ""
    units = selectors.answer_units()
    unit = request.GET.get("unit", "")
    unit = unit if any(code == unit for code, _name in units) else ""
    page = paginate(request, selectors.published_answers(kind=kind, unit_code=unit), per_page=PAGE_SIZE)
    filters = {k: v for k, v in (("kind", kind), ("unit", unit)) if v}
    return render(
        request,
        "feedback/answers/answer_list.html",
        {
            "page_obj": page,
            "base_query": urlencode(filters),
            "kinds": CaseKind.choices,
            "kind": kind,
            "units": units,
            "unit": unit,
        },
    )


@require_safe
def answer_detail(request: HttpRequest, ref: str) -> HttpResponse:
    """A published answer by its public reference: the tracking code finds nothing here (a 404, not a
    redirect, which would confirm the code)."""
    case = selectors.published_answer(ref)
    if case is None:
        raise Http404
    return render(request, "feedback/answers/answer_detail.html", {"case": case})


@require_safe
def dialogue_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.published_dialogues(), per_page=PAGE_SIZE)
    return render(request, "feedback/dialogue/dialogue_list.html", {"page_obj": page, "base_query": ""})


@require_safe
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.published_dialogue(pk)
    if session is None:
        raise Http404
    return render(
        request,
        "feedback/dialogue/dialogue_detail.html",
        {
            "session": session,
            "questions": selectors.dialogue_questions(session),
            "answers": selectors.dialogue_public_cases(session),
        },
    )


urlpatterns: list[URLPattern] = [
    path("tra-loi-cong-dan/", answer_list, name="answer_list"),
    path("tra-loi-cong-dan/<str:ref>/", answer_detail, name="answer_detail"),
    path("doi-thoai/", dialogue_list, name="dialogue_list"),
    path("doi-thoai/<int:pk>/", dialogue_detail, name="dialogue_detail"),
]
