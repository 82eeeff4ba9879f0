"""What the intake of citizens' cases needs besides the form: tracking codes, contact keys, the signed
fill-time token, and the check of attached files by their content (issue 15)."""

import re
import secrets
import time
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.files import is_markup, safe_name, sniff

from .models import CaseKind

# Crockford's base 32 without the look-alikes 0/O, 1/I/L (and U): what a citizen reads to a clerk on
# the phone or copies from paper cannot be mistyped into another valid code.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 6
CODE_PREFIX = {
    CaseKind.KIEN_NGHI: "KN",
    CaseKind.PHAN_ANH: "PA",
    CaseKind.KHIEU_NAI: "KH",
    CaseKind.TO_CAO: "TC",
    CaseKind.CAU_HOI: "CH",
}
CODE_SHAPE = re.compile(rf"^(KN|PA|KH|TC|CH)-\d{{4}}-[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code(kind: str, year: int) -> str:
    """A fresh random tracking code such as ``PA-2026-7F3K9Q`` (30⁶ ≈ 729 million per kind and year)."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{CODE_PREFIX[CaseKind(kind)]}-{year}-{body}"


def normalise_code(raw: str) -> str:
    """What a citizen typed ("pa 2026 7f3k9q", " PA-2026-7F3K9Q ") as a code, or "" if it cannot be one."""
    text = re.sub(r"[\s_–—-]+", "-", (raw or "").strip().upper())[:40]
    return text if CODE_SHAPE.match(text) else ""


def contact_key(email: str, phone: str) -> str:
    """The same key for one person's submissions: the e-mail in lower case, else the phone's digits
    with the country code +84/84 written as the leading 0."""
    if email:
        return email.strip().lower()
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84") and len(digits) >= 10:
        digits = "0" + digits[2:]
    return digits


# --- the minimum fill time: a signed timestamp in a hidden field -------------------------------

FILL_SALT = "danvan.feedback.case-form-started"
FILL_MAX_AGE = 24 * 3600  # a form left open longer is filled again


def fill_token(at: float | None = None) -> str:
    return signing.dumps(int(at if at is not None else time.time()), salt=FILL_SALT)


def fill_seconds(token: str) -> float | None:
    """Seconds since the form was served, or None if the token is forged, missing or too old."""
    try:
        started = signing.loads(token or "", salt=FILL_SALT, max_age=FILL_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    seconds = time.time() - started
    return seconds if seconds <= FILL_MAX_AGE else None


def min_fill_seconds() -> int:
    return int(getattr(settings, "DANVAN_CASE_MIN_FILL_SECONDS", 5))


# --- attached files: images and PDF, checked by their content ----------------------------------

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 2**20
ACCEPT = ".jpg,.jpeg,.png,.gif,.webp,.pdf,image/jpeg,image/png,image/gif,image/webp,application/pdf"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    claimed_by: tuple[str, ...]  # the name endings that say this kind


KINDS = (
    FileKind("image/jpeg", "jpg", ("jpg", "jpeg", "jpe", "jfif")),
    FileKind("image/png", "png", ("png",)),
    FileKind("image/gif", "gif", ("gif",)),
    FileKind("image/webp", "webp", ("webp",)),
    FileKind("application/pdf", "pdf", ("pdf",)),
)
KNOWN_ENDINGS = {ending: kind for kind in KINDS for ending in kind.claimed_by}


SNIFFED = {"jpeg": KINDS[0], "png": KINDS[1], "gif": KINDS[2], "webp": KINDS[3], "pdf": KINDS[4]}


def _sniff(head: bytes) -> FileKind | None:
    kind = sniff(head)
    return SNIFFED[kind] if kind else None


@dataclass(frozen=True)
class CheckedFile:
    upload: IO[bytes]
    name: str  # the citizen's own name for it, made safe
    content_type: str
    extension: str
    size: int


def check_attachment(upload: IO[bytes], *, name: str, size: int) -> CheckedFile:
    """Raise ValidationError (Vietnamese) unless the file is a JPEG, PNG, GIF, WebP image or a PDF by
    its content, no larger than 10 MB, and its name does not claim another kind."""
    shown = safe_name(name)
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); mỗi tệp tối đa %(limit)s MB.")
            % {"name": shown, "size": f"{size / 2**20:.1f}", "limit": MAX_FILE_BYTES // 2**20},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": shown}, code="empty")
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    found = None if is_markup(head) else _sniff(head)
    if found is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải ảnh (JPEG, PNG, GIF, WebP) hay PDF: chỉ nhận hai loại đó.")
            % {"name": shown},
            code="kind",
        )
    ending = shown.rpartition(".")[2].lower() if "." in shown else ""
    claimed = KNOWN_ENDINGS.get(ending)
    if claimed is None or claimed.content_type != found.content_type:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không khớp với đuôi tên tệp; hãy gửi đúng tệp ảnh hoặc PDF gốc.")
            % {"name": shown},
            code="mismatch",
        )
    if found.content_type.startswith("image/"):
        _verify_image(upload, shown)
    return CheckedFile(upload, shown, found.content_type, found.extension, size)


def _verify_image(upload: IO[bytes], shown: str) -> None:
    from PIL import Image

    try:
        with Image.open(upload) as image:
            if image.width * image.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise ValidationError(_("Ảnh “%(name)s” quá lớn về số điểm ảnh.") % {"name": shown})
            image.verify()
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many kinds for a broken file; each means "not an image"
        raise ValidationError(
            _("Không đọc được ảnh “%(name)s” (tệp hỏng?).") % {"name": shown}, code="broken"
        ) from exc
    finally:
        upload.seek(0)
