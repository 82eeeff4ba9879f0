"""The open-data catalogue (issue 18, decision 0030): the public datasets the portal publishes.

Each app describes its dataset with a ``Dataset`` and registers it in its ``AppConfig.ready()``
(``registry.add_dataset``; core names no app). The catalogue is read by the page ``/du-lieu-mo/``
(``core.views.open_data``), by ``GET /api/v1/datasets/`` (``core.datasets_api``) and by the API's
middleware, which gives the answers at a dataset's API paths its ``Last-Modified``
(``core.api.ApiMiddleware``).

``last_modified()`` is the app's selector: the newest change of the dataset's rows, one cheap query,
``None`` when nothing says. It moves when a row is added or changed; a deleted row, or a renamed
lookup value shown beside the rows (an issuer's name), does not move it. A dataset whose answers change
without it moving (counters kept outside the database, "today" rolling over at midnight, rows without a
timestamp) sets ``last_modified_header=False``: the catalogue still shows the date, but no
``Last-Modified`` is sent, so that ``If-Modified-Since`` never answers 304 over a changed answer.
The ETag (from the body) is exact in every case, and wins when a client sends both.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import registry


@dataclass(frozen=True)
class Licence:
    name: Any  # a lazy Vietnamese string
    url: str


# Creative Commons Attribution 4.0 International: anybody may copy, redistribute, adapt and use the data,
# commercially too, on the one condition that the source is named. Viet Nam has no open-data licence of
# its own; CC BY 4.0 is the one most governments use for theirs, it meets the Open Definition, and its
# one condition is what a state agency needs (the source named, so that a citizen can check a figure).
CC_BY_4 = Licence(
    _("Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"), "https://creativecommons.org/licenses/by/4.0/"
)

# How often a dataset changes: a code for programs, a Vietnamese label for people.
FREQUENCIES: dict[str, Any] = {
    "continuous": _("Liên tục"),
    "on_change": _("Khi có thay đổi"),
    "per_period": _("Theo kỳ báo cáo"),
}


@dataclass(frozen=True)
class Dataset:
    """One public dataset. ``api_paths`` are the API's paths that serve it (``{…}`` marks a part of the
    path the caller fills in, e.g. ``/api/v1/programmes/{pk}/results/``); ``landing_url_name`` names
    the public page that shows it, if there is one."""

    key: str
    title: Any  # lazy Vietnamese strings
    description: Any
    api_paths: tuple[str, ...]
    last_modified: Callable[[], dt.datetime | None]
    update_frequency: str = "on_change"
    formats: tuple[str, ...] = ("JSON", "CSV")
    landing_url_name: str | None = None
    licence: Licence = CC_BY_4
    last_modified_header: bool = True
    order: int = 100  # place in the catalogue (then the order registered), whatever the apps' order

    def __post_init__(self) -> None:
        if self.update_frequency not in FREQUENCIES:
            raise ValueError(f"{self.key}: unknown update frequency {self.update_frequency!r}")

    @property
    def update_frequency_label(self) -> str:
        return str(FREQUENCIES[self.update_frequency])

    def landing_path(self) -> str | None:
        if not self.landing_url_name:
            return None
        try:
            return reverse(self.landing_url_name)
        except NoReverseMatch:
            return None

    def csv_paths(self) -> tuple[str, ...]:
        """The API paths a ``?format=csv`` link can be given for (lists, not paths with a ``{…}``)."""
        if "CSV" not in self.formats:
            return ()
        return tuple(path for path in self.api_paths if "{" not in path)


def datasets() -> Iterator[Dataset]:
    """The registered datasets, by ``order``."""
    yield from sorted(registry.datasets.values(), key=lambda d: d.order)


def dataset(key: str) -> Dataset | None:
    found: Dataset | None = registry.datasets.get(key)
    return found


def dated_by_path(path: str) -> Dataset | None:
    """The dataset whose ``Last-Modified`` the answer at ``path`` carries (an exact path: the query
    string aside, since every filter, page and format of a list is a subset of the same rows)."""
    for candidate in datasets():
        if candidate.last_modified_header and path in candidate.api_paths:
            return candidate
    return None
