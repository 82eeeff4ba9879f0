import subprocess
import sys
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parent.parent


def test_admin_catalogue_is_complete_and_compiled() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/translation_coverage.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_editors_daily_words_are_vietnamese() -> None:
    with translation.override("vi"):
        assert gettext("Publish") == "Xuất bản"
        assert gettext("Save draft") == "Lưu bản nháp"
        assert gettext("Submit for moderation") == "Gửi duyệt"


def _po_entries(path: Path) -> dict[str, str]:
    """Single-line msgid/msgstr pairs of a .po file (enough for the English catalogue's entries)."""
    import re

    text = path.read_text(encoding="utf-8")
    return {msgid: msgstr for msgid, msgstr in re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', text, flags=re.M)}


def test_english_catalogue_is_compiled_and_covers_the_public_chrome() -> None:
    import gettext as gettext_module

    directory = ROOT / "danvan/locale/en/LC_MESSAGES"
    entries = _po_entries(directory / "django.po")
    with (directory / "django.mo").open("rb") as mo:
        compiled = gettext_module.GNUTranslations(mo)
    stale = {msgid for msgid, msgstr in entries.items() if compiled.gettext(msgid) != msgstr}
    assert not stale, f"run `make messages`: {sorted(stale)[:5]}"
    with translation.override("en"):
        assert gettext("Bỏ qua, đến nội dung chính") == "Skip to main content"
        assert gettext("Trang chủ") == "Home"
    with translation.override("vi"):
        assert gettext("Trang chủ") == "Trang chủ"
