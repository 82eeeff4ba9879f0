"""The demo data does not contradict itself."""

import datetime as dt
from typing import Any

import pytest
from wagtail.models import Site

from danvan.core.dates import VIETNAM
from danvan.core.models import SiteIdentity
from danvan.disclosure.selectors import catalogue
from danvan.documents.models import LegalDocument
from danvan.portal.models import AgencyPage

pytestmark = pytest.mark.django_db


def test_identity_and_agency_page_agree(demo: Any) -> None:
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    assert identity.fax and identity.fax != identity.phone
    agency = AgencyPage.objects.get(locale__language_code="vi")
    leaders = {leader.name: leader.position for leader in agency.leaders.all()}
    person = identity.responsible_person.removeprefix("Bà ").removeprefix("Ông ")
    assert identity.responsible_title.startswith("Phó Chủ tịch UBND huyện")
    vice_chairs = [
        name for name, position in leaders.items() if position.startswith("Phó Chủ tịch UBND huyện")
    ]
    # The person responsible for the portal is the agency page's vice-chair, not a second one.
    assert vice_chairs == [person]


def test_catalogue_dates_documents_by_their_issue_day_not_the_install_day(demo: Any) -> None:
    entries = {entry.key: entry for entry in catalogue(home=demo)}
    documents = entries["documents"]
    newest = LegalDocument.objects.order_by("-issued_on", "-id").first()
    assert newest is not None and documents.last_published is not None
    assert documents.last_published.astimezone(VIETNAM).date() == newest.issued_on
    by_url = {d.get_absolute_url(): d for d in LegalDocument.objects.all()}
    for item in documents.items + entries["plans"].items + entries["reports"].items:
        assert isinstance(item.published, dt.datetime)
        assert item.published.astimezone(VIETNAM).date() == by_url[item.url].issued_on, item.title
