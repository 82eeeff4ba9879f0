"""Evidence files of “Dân vận khéo” models, checked by their content (not their name): PDF, DOCX,
XLSX, JPEG or PNG, at most 10 MB; no markup (HTML, SVG, XML) whatever the name says. A model holds
at most MAX_EVIDENCE_FILES evidence files and MAX_PHOTOS photos."""

import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.files import refuse_markup, sniff

MAX_BYTES = 10 * 2**20
MAX_EVIDENCE_FILES = 10  # per model, however many times files are added
MAX_PHOTOS = 12

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def _office_kind(upload: IO[bytes]) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def check_evidence(upload: IO[bytes], *, size: int) -> str:
    """The kind of the file ("pdf", "docx", "xlsx", "jpeg", "png"); ValidationError (Vietnamese)
    when it is too large or none of them."""
    if size > MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": f"{size / 2**20:.1f}", "limit": MAX_BYTES // 2**20}
        )
    if size == 0:
        raise ValidationError(_("Tệp rỗng."))
    refuse_markup(upload)
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    kind = sniff(head)
    if kind in ("pdf", "jpeg", "png"):
        return kind
    if head.startswith(b"PK"):
        kind = _office_kind(upload)
        if kind:
            return kind
    raise ValidationError(
        _(
            "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG; nội dung tệp này không phải các loại đó."
        )
    )
