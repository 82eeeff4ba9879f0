"""The citizens' pages of cases: the form to send one, the lookup by tracking code, a case's status.

Every page here holds a form (CSRF) or one case's data, so none is kept by the anonymous page cache.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from danvan.core.dates import today_in_vietnam
from danvan.core.ratelimit import exceeded, rate_limited, too_many_requests

from . import selectors, services
from .forms import KIND_NOTES, CaseWebForm
from .intake import normalise_code
from .models import Channel

NEW_FLAG = "moi"
QUERY_MAX = 100


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303  # after a POST: the browser follows with a GET, and Back does not resend


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("case", methods=("POST",))  # per address; the honeypot and fill time alone do not stop a script
def case_submit(request: HttpRequest) -> HttpResponse:
    today = today_in_vietnam()
    query = " ".join(request.GET.get("tim", "").split())[:QUERY_MAX] if request.method == "GET" else ""
    units = selectors.units_for_picker(today, query)
    no_match = bool(query) and not units
    if no_match:
        units = selectors.units_for_picker(today)
    if request.method == "POST":
        form = CaseWebForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            try:
                case = services.submit_case(
                    **form.case_data(), attachments=form.checked_files, channel=Channel.WEB
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                url = reverse("case_status", kwargs={"code": case.code})
                return HttpResponseSeeOther(f"{url}?{NEW_FLAG}=1")
    else:
        # One unit found: chosen already, the citizen only checks it.
        form = CaseWebForm(
            units=units, initial={"unit": units[0].code} if query and len(units) == 1 else None
        )
    kind_field = form["kind"]
    kinds = [(choice, KIND_NOTES[choice.data["value"]]) for choice in kind_field]
    return render(
        request,
        "feedback/public/case_form.html",
        {
            "form": form,
            "kinds": kinds,
            "query": query,
            "no_match": no_match,
            "unit_count": len(units),
            "started": form.token_for_page(),
            "files_dropped": bool(form.is_bound and request.FILES),
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_safe
def case_lookup(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("ma", "")[:QUERY_MAX]
    error = ""
    status = 200
    if raw.strip():
        wait = exceeded(request, "case_lookup")
        if wait is not None:
            return too_many_requests(request, wait)
        code = normalise_code(raw)
        if code and selectors.public_case(code) is not None:
            return redirect("case_status", code=code)
        error = "format" if not code else "unknown"
        status = 400 if not code else 404
    return render(request, "feedback/public/case_lookup.html", {"raw": raw, "error": error}, status=status)


@never_cache
@require_safe
@rate_limited("case_lookup")  # against guessing codes
def case_status(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.public_case(code)
    if found is None:
        return render(request, "feedback/public/case_not_found.html", {"code": code[:40]}, status=404)
    if found.code != code:
        return redirect("case_status", code=found.code)
    return render(
        request,
        "feedback/public/case_status.html",
        {"case": found, "new": request.GET.get(NEW_FLAG) == "1"},
    )


urlpatterns = [
    path("gui-don/", case_submit, name="case_submit"),
    path("tra-cuu-don/", case_lookup, name="case_lookup"),
    path("tra-cuu-don/<str:code>/", case_status, name="case_status"),
]
