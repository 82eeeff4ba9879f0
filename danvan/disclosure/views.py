from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from wagtail.models import Site

from . import selectors


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    entries = selectors.catalogue(home=site.root_page)
    return render(request, "disclosure/catalogue.html", {"entries": entries})
