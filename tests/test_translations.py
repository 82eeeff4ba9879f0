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
