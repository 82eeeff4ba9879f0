from typing import Any

import pytest
from django.test import Client

from danvan.core.services import ensure_root_and_site
from danvan.portal.models import CategoryPage, HomePage

from .demo_snapshot import demo_site
from .factories import ArticlePageFactory, CategoryPageFactory, HomePageFactory
from .isolation import clear_caches
from .second_factor import mark_verified


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _forced_logins_pass_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """client.force_login(user) also passes the second factor (tests/second_factor.py says why)."""
    force_login = Client.force_login

    def force_verified_login(self: Client, user: Any, backend: str | None = None) -> None:
        force_login(self, user, backend)
        mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_verified_login)


@pytest.fixture
def site(db: Any) -> Any:
    root, site = ensure_root_and_site()
    home = HomePageFactory.create(parent=root)
    site.root_page = home
    site.save()
    return site


@pytest.fixture
def home(site: Any) -> HomePage:
    return site.root_page.specific


@pytest.fixture
def category(home: HomePage) -> CategoryPage:
    return CategoryPageFactory.create(parent=home, title="Công tác dân vận", slug="cong-tac-dan-van")


@pytest.fixture
def article(category: CategoryPage) -> Any:
    return ArticlePageFactory.create(parent=category, title="Chương trình dân vận năm 2023", slug="ctdv-2023")


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_site()
    return HomePage.objects.get(locale__language_code="vi")


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
