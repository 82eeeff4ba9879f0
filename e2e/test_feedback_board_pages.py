"""The board, the public answers and a dialogue page in a browser (issue 15, part "board"), at 1280 and
360 px: screenshots for review, no horizontal scrolling of the public pages on a phone, and axe-core
on the board's part of the admin page."""

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import BrowserContext, expect

from danvan.feedback.models import Case, DialogueSession

from .conftest import Portal
from .helpers import ARTIFACTS, give_known_app, goto_ok, pass_second_factor

pytestmark = pytest.mark.e2e
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_board_answers_and_dialogue(new_context: Callable[..., BrowserContext], portal: Portal) -> None:
    get_user_model().objects.create_superuser("quantri", "qt@example.com", "mat-khau-thu")
    give_known_app("quantri")
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    answer = Case.objects.filter(publish_answer=True).order_by("code").first()
    session = DialogueSession.objects.filter(published=True).order_by("pk").first()
    assert answer is not None and session is not None
    public = {
        "answers": "/tra-loi-cong-dan/",
        "answer": f"/tra-loi-cong-dan/{answer.answer_ref}/",
        "dialogue": f"/doi-thoai/{session.pk}/",
    }
    for width in (1280, 360):
        page = new_context(viewport={"width": width, "height": 900}).new_page()
        for name, path in public.items():
            goto_ok(page, path)
            assert page.evaluate(FITS), f"{path} scrolls sideways at {width} px"
            page.screenshot(path=str(shots / f"feedback-{name}-{width}.png"), full_page=True)
        expect(page.locator("main")).not_to_contain_text(answer.citizen_name)
        page.goto("/admin/login/?next=/admin/theo-doi-don-thu/")
        page.fill("input[name=username]", "quantri")
        page.fill("input[name=password]", "mat-khau-thu")
        page.click("button[type=submit]")
        pass_second_factor(page, "quantri")
        expect(page.locator(".dv-board__totals")).to_contain_text("Quá hạn")
        page.screenshot(path=str(shots / f"feedback-board-{width}.png"), full_page=True)
        if width == 1280:
            results: Any = Axe().run(page, context={"include": [".dv-board"]}).response
            blocking = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
            assert blocking == []
