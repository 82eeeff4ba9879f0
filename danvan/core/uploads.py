"""Wagtail's image and document upload forms, refusing SVG, HTML and XML by content (issue 14).

Named by ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and ``WAGTAILDOCS_DOCUMENT_FORM_BASE``: every upload
path of the admin (the add page, the multiple upload, the choosers) builds its form on them. A
document's content must also match its name's kind: a ".pdf" starts as a PDF, an Office or
OpenDocument file is a zip; the extensions themselves are limited in the settings.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .files import refuse_markup

ZIP_MAGIC = b"PK\x03\x04"
DOCUMENT_MAGIC = {"pdf": b"%PDF-", "docx": ZIP_MAGIC, "xlsx": ZIP_MAGIC, "odt": ZIP_MAGIC, "ods": ZIP_MAGIC}


def _checked(upload: Any) -> Any:
    if upload and hasattr(upload, "read"):
        refuse_markup(upload)
    return upload


class SafeImageForm(BaseImageForm):
    def clean_file(self) -> Any:
        return _checked(self.cleaned_data.get("file"))


class SafeDocumentForm(BaseDocumentForm):
    def clean_file(self) -> Any:
        upload = _checked(self.cleaned_data.get("file"))
        if upload and hasattr(upload, "read"):
            extension = (upload.name or "").rpartition(".")[2].lower()
            magic = DOCUMENT_MAGIC.get(extension)
            upload.seek(0)
            head = upload.read(len(magic or b""))
            upload.seek(0)
            if magic is not None and head != magic:
                raise ValidationError(
                    _("Nội dung tệp không phải %(kind)s như đuôi tên tệp cho biết.")
                    % {"kind": extension.upper()},
                    code="mismatch",
                )
        return upload
