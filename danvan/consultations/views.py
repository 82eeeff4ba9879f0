"""Public pages of the consultations: the list of drafts, a draft, its file, and the comment form.

The list and a draft's page are the same for every visitor, so the anonymous page cache may keep
them; the form sets the CSRF cookie and lives on its own never-cached page for that reason.
"""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from danvan.core import files
from danvan.core.dates import today_in_vietnam
from danvan.core.pagination import paginate
from danvan.core.ratelimit import rate_limited

from . import selectors, services
from .forms import CommentForm
from .models import Draft

PAGE_SIZE = 20
SUBMITTED_FLAG = "da-gui"
# 403 rather than 409 for a draft outside its comment period: 409 invites the client to resolve a
# conflict and resend, but nothing a citizen changes in the request makes the agency take it.
NOT_OPEN_STATUS = 403


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303  # after a POST: the browser follows with a GET, and Back does not resend


@require_safe
def draft_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.public_drafts(today=today_in_vietnam()), per_page=PAGE_SIZE)
    return render(request, "consultations/draft_list.html", {"page_obj": page, "base_query": ""})


@require_safe
def draft_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    found = selectors.draft_page(pk, today=today_in_vietnam())
    if found is None:
        raise Http404
    if slug != found.draft.slug:
        return redirect(found.draft, permanent=True)
    return render(
        request,
        "consultations/draft_detail.html",
        {
            "draft": found.draft,
            "state": found.state,
            "comments": found.comments,
            "comment_count": found.comment_count,
            # Another URL, so another cached copy: the page stays the same for everybody who asks for it.
            "submitted": request.GET.get(SUBMITTED_FLAG) == "1",
        },
    )


@require_safe
def draft_file(request: HttpRequest, pk: int) -> FileResponse:
    """The draft's file under its original Vietnamese name (Django writes filename*=UTF-8''… per
    RFC 5987, and an ASCII fallback), as documents.views.document_file does."""
    draft = selectors.public_draft(pk)
    if draft is None:
        raise Http404
    return files.download(draft.file, kind=draft.file_kind, name=draft.file_name)


def _not_open(request: HttpRequest, draft: Draft, reason: str) -> HttpResponse:
    return render(
        request,
        "consultations/comment_closed.html",
        {"draft": draft, "reason": reason},
        status=NOT_OPEN_STATUS,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("comment", methods=("POST",))  # per address; a honeypot alone does not stop a script
def draft_comment(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.public_draft(pk)
    if draft is None:
        raise Http404
    reason = services.refusal(draft, today=today_in_vietnam())
    if reason:
        return _not_open(request, draft, reason)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.submit_comment(draft, form.comment_data())
        except ValidationError as error:
            if getattr(error, "code", None) == "closed":  # the period ended between the check above and now
                return _not_open(request, draft, " ".join(error.messages))
            form.add_error(None, error)
        else:
            return HttpResponseSeeOther(f"{draft.get_absolute_url()}?{SUBMITTED_FLAG}=1")
    return render(
        request,
        "consultations/comment_form.html",
        {"draft": draft, "form": form},
        status=400 if form.is_bound else 200,
    )
