"""HTML to PDF with WeasyPrint, for every generated file (legal documents, programme reports).

Rendering reads only the given HTML and the system's fonts: there is no base URL and the URL fetcher
refuses everything, so a text typed by a user can never make WeasyPrint fetch from the network or
disk. Importing this module raises ImportError or OSError where WeasyPrint or its system libraries
(Pango, HarfBuzz) are missing; callers that can do without PDF files catch that.
"""

import functools
import shutil
import subprocess
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher

TIMES_LIKE = ("Times New Roman", "Liberation Serif")  # the decree's font, or one with its metrics
ALWAYS_VIETNAMESE = "DejaVu Serif Condensed"  # on every Debian with Pango; condensed is closest to Times


class RefuseEveryURL(URLFetcher):
    """The template needs no resource: any URL (in a title, say) is refused, not fetched."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        raise ValueError(f"URL fetching is disabled for generated documents: {url}")


@functools.cache
def font_family() -> str:
    """The CSS font-family: the Times-like fonts that have every Vietnamese letter, then DejaVu's.

    A font lacking some letters gets them from another font, one letter in a different face
    ("CHƯƠNG" with a foreign Ư and Ơ): Debian 12's Liberation Serif 1.07 has no ư, ơ or ả; 2.x has.
    """
    fc_list = shutil.which("fc-list")
    usable: tuple[str, ...]
    if fc_list is None:  # fontconfig's tools are absent: cannot tell, so trust the usual names
        usable = TIMES_LIKE
    else:
        listed = subprocess.run(  # noqa: S603 - a fixed command, no user input
            [fc_list, ":lang=vi", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
        families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
        usable = tuple(name for name in TIMES_LIKE if name in families)
    return ", ".join((*usable, ALWAYS_VIETNAMESE, "serif"))  # unquoted: names of plain words are valid CSS


def html_to_pdf(html: str) -> bytes:
    return bytes(HTML(string=html, base_url=None, url_fetcher=RefuseEveryURL()).write_pdf())
