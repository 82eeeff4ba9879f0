"""The page that explains the counter's numbers (the beacon, the pixel and the numbers: api.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import services


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(
        request, "analytics/about.html", {"visit_gap_minutes": int(services.VISIT_GAP.total_seconds() // 60)}
    )
