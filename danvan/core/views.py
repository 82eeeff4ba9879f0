from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import static as static_views
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .datasets import datasets
from .datasets_api import dataset_row


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database here: the error may be the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


# How long a browser or proxy may keep an upload (seconds). Image renditions (images/) are
# regenerated under a new name when their source changes: long. Original images may be replaced by
# an editor: a day. Anything else (documents, drafts' files) can be corrected or withdrawn: an hour.
MEDIA_MAX_AGE = {"images/": 30 * 24 * 3600, "original_images/": 24 * 3600}
# Uploads only staff may read (citizens' attachments): stored under MEDIA_ROOT so that backups hold
# them, but never served from /media/ — apps hand them out through permission-checked views, and a
# web server in front must refuse /media/rieng/ too (README, production).
PRIVATE_MEDIA_PREFIX = "rieng/"
MEDIA_DEFAULT_MAX_AGE = 3600


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    if path.lstrip("/").startswith(PRIVATE_MEDIA_PREFIX) or "/../" in f"/{path}/":
        raise Http404
    # MEDIA_ROOT is read per request so that a changed setting (tests, a moved volume) is honoured.
    response = static_views.serve(request, path, document_root=str(settings.MEDIA_ROOT))
    if response.status_code == 200:
        max_age = next(
            (age for prefix, age in MEDIA_MAX_AGE.items() if path.startswith(prefix)), MEDIA_DEFAULT_MAX_AGE
        )
        patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))


@require_safe
def privacy_policy(request: HttpRequest) -> HttpResponse:
    """What personal data the system keeps, why and how long (Luật Bảo vệ dữ liệu cá nhân 2025).
    The same for every visitor, so the page cache keeps it; the agency's contacts come from
    SiteIdentity through the base template."""
    audit_days = int(getattr(settings, "DANVAN_AUDIT_RETENTION_DAYS", 365))
    context = {
        "audit_period": (
            _("%(n)s năm") % {"n": audit_days // 365}
            if audit_days % 365 == 0
            else _("%(n)s ngày") % {"n": audit_days}
        ),
        "visitor_hours": 48,
    }
    return render(request, "privacy.html", context)


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The open-data catalogue (issue 18): each public dataset the apps registered (core.datasets),
    as ``/api/v1/datasets/`` answers it. The same for every visitor, so the page cache keeps it."""
    rows = []
    for found in datasets():
        when = found.last_modified()
        row = dataset_row(request, found, when)
        row["last_modified"] = when  # a datetime, for the template's date filters
        row["csv"] = [request.build_absolute_uri(path) + "?format=csv" for path in found.csv_paths()]
        row["detail"] = request.build_absolute_uri(reverse("api:dataset_api_detail", args=[found.key]))
        rows.append(row)
    return render(
        request,
        "open_data.html",
        {
            "datasets": rows,
            "catalogue_url": request.build_absolute_uri(reverse("api:dataset_api")),
            # Said once above the list when every dataset has the same one (each row says its own).
            "licence": rows[0]["licence"] if len({r["licence"]["url"] for r in rows}) == 1 else None,
        },
    )
