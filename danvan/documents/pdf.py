"""A legal document written out as an A4 PDF in the Vietnamese administrative layout (WeasyPrint).

State documents follow Nghị định 30/2020/NĐ-CP, Party documents Hướng dẫn 36-HD/VPTW: the heading
block (issuing body and number on the left, the national or Party title and the place and date on
the right), the kind of document and its title, the text, and the signer on the bottom right.

Rendering reads only the template and the system's fonts: there is no base URL and the URL fetcher
refuses everything, so a document's text can never make WeasyPrint fetch from the network or disk.
Importing this module raises ImportError or OSError where WeasyPrint or its system libraries
(Pango, HarfBuzz) are missing; callers that can do without PDF files catch that.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string

from danvan.core.dates import written_date
from danvan.core.pdf import font_family, html_to_pdf

from .models import LegalDocument, System

TEMPLATE = "documents/pdf/legal_document.html"

# "Huyện ủy Vĩnh Cửu": the committee's level and its place; the level names the Party organisation
# above it ("Đảng bộ huyện Vĩnh Cửu").
PARTY_COMMITTEE = re.compile(r"^(huyện|tỉnh|thành|quận|thị) ủy (.+)$", re.IGNORECASE)
PARTY_LEVEL = {"huyện": "huyện", "tỉnh": "tỉnh", "thành": "thành phố", "quận": "quận", "thị": "thị xã"}
# "Ủy ban nhân dân huyện Vĩnh Cửu": the body, the level and the place.
STATE_BODY = re.compile(r"^(.+?) (huyện|tỉnh|thành phố|quận|thị xã|thị trấn|xã|phường) (.+)$", re.IGNORECASE)
COLLEGIAL = ("ủy ban nhân dân", "hội đồng nhân dân")  # bodies that sign "T/M" (on behalf of) as a whole


@dataclass(frozen=True)
class Heading:
    superior: str  # the organisation above the issuing body ("ĐẢNG BỘ HUYỆN VĨNH CỬU"), or ""
    body: list[str]  # the issuing body, one string per line ("ỦY BAN NHÂN DÂN", "HUYỆN VĨNH CỬU")
    place: str  # where it sits, before the date ("Vĩnh Cửu")
    signs_as: str  # the line above the signature ("T/M BAN THƯỜNG VỤ"), or ""


def _plain(name: str) -> str:
    # "uỷ" and "ủy" are the same word in the two accent placements in use; match one spelling.
    return " ".join(name.replace("uỷ", "ủy").replace("Uỷ", "Ủy").split())


def heading(issuer_name: str, system: str) -> Heading:
    """The heading block's parts, read from the issuer's name ("Huyện ủy Vĩnh Cửu")."""
    name = _plain(issuer_name)
    if system == System.PARTY:
        match = PARTY_COMMITTEE.match(name)
        if match:
            level, place = match.group(1).lower(), match.group(2)
            superior = f"Đảng bộ {PARTY_LEVEL[level]} {place}"
            committee = f"{level} ủy"
            return Heading(superior.upper(), [committee.upper()], place, "T/M BAN THƯỜNG VỤ")
        return Heading("", [name.upper()], "", "T/M BAN THƯỜNG VỤ")
    match = STATE_BODY.match(name)
    body = [match.group(1).upper(), f"{match.group(2)} {match.group(3)}".upper()] if match else [name.upper()]
    signs_as = f"T/M {body[0]}" if name.lower().startswith(COLLEGIAL) else ""
    return Heading("", body, match.group(3) if match else "", signs_as)


def document_html(document: LegalDocument, *, paragraphs: Sequence[str] = ()) -> str:
    """The page to print: the document's abstract, then ``paragraphs``, as its text."""
    system = document.type.system
    head = heading(document.issuer.name, system)
    is_letter = document.type.code.upper() == "CV"  # a công văn has "V/v …" under its number, no kind line
    context = {
        "document": document,
        "party": system == System.PARTY,
        "heading": head,
        "number_line": f"Số {document.symbol}" if system == System.PARTY else f"Số: {document.symbol}",
        "place_and_date": ", ".join(p for p in (head.place, written_date(document.issued_on)) if p),
        "kind": "" if is_letter else document.type.name.upper(),
        "regarding": f"V/v {document.title}" if is_letter else "",
        "paragraphs": [p for p in (document.abstract, *paragraphs) if p.strip()],
        "font_family": font_family(),
    }
    return render_to_string(TEMPLATE, context)


def render_document_pdf(document: LegalDocument, *, paragraphs: Sequence[str] = ()) -> bytes:
    """The document as the bytes of an A4 PDF: its abstract, then ``paragraphs``, as its text."""
    return html_to_pdf(document_html(document, paragraphs=paragraphs))
