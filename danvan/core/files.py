"""Attached files of documents: checked by their content (not their name), and their text extracted.

Accepted: PDF and DOCX, at most ``settings.DANVAN_DOCUMENT_MAX_BYTES`` (20 MB), not encrypted.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

SNIFF_BYTES = 4096
# A browser renders these as a document that runs scripts (HTML, SVG, XML with XHTML or SVG inside),
# whatever the name says. A file is markup if it starts as one (the WHATWG sniffing patterns), or if
# such a tag appears in its first bytes, as in an image with a page hidden after its header.
MARKUP_START = re.compile(
    rb"^\s*<(?:\?xml|!doctype\s+(?:html|svg)|!--|html|head|body|script|svg|iframe|object|embed|style"
    rb"|title|table|div|font|a|b|br|p|h1)[\s>/]",
    re.IGNORECASE,
)
MARKUP_INSIDE = re.compile(
    rb"<(?:script|svg|html|body|iframe|object|embed|foreignobject)[\s>/]|<!doctype\s+html|<\?xml[\s?]",
    re.IGNORECASE,
)
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # old .doc, and Office files encrypted with a password
MAX_PAGES = 2000
MAX_TEXT = 2_000_000  # characters kept for the search


@dataclass(frozen=True)
class Checked:
    kind: str  # "pdf" | "docx"
    text: str


def safe_name(name: str) -> str:
    """The file's own name for the download: no folders, no control characters, not too long."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    base = base.strip(" .") or "van-ban"
    stem, dot, ext = base.rpartition(".")
    return (stem[:150] + dot + ext[:10]) if dot else base[:160]


def _as_bytes(head: bytes) -> bytes:
    """UTF-16 text (with its byte-order mark) read as single bytes, so the patterns see the tags."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head[2:].replace(b"\x00", b"")
    return head.removeprefix(b"\xef\xbb\xbf")


def is_markup(head: bytes, *, inside: bool = True) -> bool:
    """True if these first bytes of a file are HTML, SVG or XML (or, with ``inside``, hide such a tag
    within the first ``SNIFF_BYTES``)."""
    data = _as_bytes(head[:SNIFF_BYTES])
    return bool(MARKUP_START.match(data) or (inside and MARKUP_INSIDE.search(data)))


MARKUP_REFUSED = _lazy(
    "Không nhận tệp SVG, HTML hoặc XML (kể cả khi đổi đuôi tên tệp): trình duyệt có thể chạy mã ẩn trong đó."
)


def sniff(head: bytes) -> str | None:
    """The kind the first bytes of a file announce — "pdf", "jpeg", "png", "gif" or "webp" — or None.
    Give at least 12 bytes (WebP's mark sits at 8–12)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def refuse_markup(upload: IO[bytes]) -> None:
    """Raise ValidationError (Vietnamese) if the upload is HTML, SVG or XML, whatever its name."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if is_markup(head):
        raise ValidationError(MARKUP_REFUSED, code="markup")


def check(upload: IO[bytes], *, size: int) -> Checked:
    """Raise ValidationError (Vietnamese) unless the content is an unencrypted PDF or DOCX."""
    limit = settings.DANVAN_DOCUMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": f"{size / 2**20:.1f}", "limit": limit // 2**20}
        )
    refuse_markup(upload)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return Checked("pdf", _pdf_text(upload))
    if head.startswith(b"PK"):
        return Checked("docx", _docx_text(upload))
    if head.startswith(OLE_MAGIC):
        raise ValidationError(
            _(
                "Tệp Word này đã đặt mật khẩu hoặc ở định dạng cũ (.doc). Hãy gỡ mật khẩu và lưu lại dạng .docx hoặc PDF."
            )
        )
    raise ValidationError(_("Chỉ nhận tệp PDF hoặc Word (.docx); nội dung tệp này không phải hai loại đó."))


def _pdf_text(upload: IO[bytes]) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(_("Tệp PDF đã đặt mật khẩu; hãy tải lên bản không mật khẩu."))
        parts = []
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES:
                break
            parts.append(page.extract_text() or "")
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(_("Không đọc được tệp PDF (tệp hỏng?).")) from exc
    finally:
        upload.seek(0)
    return " ".join(" ".join(parts).split())[:MAX_TEXT]


def _docx_text(upload: IO[bytes]) -> str:
    import docx

    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise ValidationError(_("Chỉ nhận tệp PDF hoặc Word (.docx); tệp nén này không phải .docx."))
            if sum(i.file_size for i in archive.infolist()) > 20 * settings.DANVAN_DOCUMENT_MAX_BYTES:
                raise ValidationError(_("Tệp .docx giải nén ra quá lớn."))
        upload.seek(0)
        document = docx.Document(io.BytesIO(upload.read()))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError(_("Không đọc được tệp Word (tệp hỏng?).")) from exc
    finally:
        upload.seek(0)
    return " ".join(" ".join(parts).split())[:MAX_TEXT]


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def download(stored: Any, *, kind: str, name: str) -> FileResponse:
    """A checked file (``kind`` "pdf" or "docx") as a download under its original Vietnamese name:
    Django writes filename*=UTF-8''… (RFC 5987) and an ASCII fallback. Http404 when it is gone."""
    return serve_stored(stored, content_type=CONTENT_TYPES[kind], name=name)


def serve_stored(stored: Any, *, content_type: str, name: str) -> FileResponse:
    """A stored file (a FieldFile) as a download named ``name`` with ``content_type``, which the caller
    established when the file was checked; Http404 when the field is empty or the file is gone."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
