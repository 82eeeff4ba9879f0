"""Writes on “Dân vận khéo” models (issue 16). Sections: registry (register, review, score,
recognise, revoke) · gallery."""

from django.urls import reverse
from django.utils.text import slugify

from danvan.core import page_cache
from danvan.core.text import fold
from danvan.search import services as search

from . import selectors
from .models import SkilfulModel

# ─── registry (helper "registry") ───────────────────────────────────────────────────────────────


# ─── gallery (helper "gallery") ─────────────────────────────────────────────────────────────────
SEARCH_KIND = "skilful_model"  # search.models.SearchDocument.Kind.SKILFUL_MODEL


def model_slug(model: SkilfulModel) -> str:
    """The model's address word: its own slug, else one made from the title (đ → d by table)."""
    return model.slug or slugify(fold(model.title))[:80].strip("-") or "mo-hinh"


def model_url(model: SkilfulModel) -> str:
    return reverse("skilful_model_detail", kwargs={"pk": model.pk, "slug": model_slug(model)})


def _url_prefix(model_id: int) -> str:
    return reverse("skilful_model_list") + f"{model_id}-"


def index_model(model: SkilfulModel) -> None:
    """Put a public model into the site search (title, description, results), or take it out; the
    cached public pages (the gallery, the search results) are retired either way."""
    page_cache.invalidate()
    search.remove_items_under(kind=SEARCH_KIND, url_prefix=_url_prefix(model.pk))  # an old slug too
    is_public = model.published and model.status in selectors.PUBLIC_STATUSES
    if not is_public:
        return
    search.index_item(
        kind=SEARCH_KIND,
        url=model_url(model),
        title=model.title,
        lead=model.description,
        body=f"{model.results} {model.unit.name} {model.get_field_display()}",
        date=model.updated_at,
    )


def unindex_model(model_id: int) -> None:
    page_cache.invalidate()
    search.remove_items_under(kind=SEARCH_KIND, url_prefix=_url_prefix(model_id))


def reindex_models() -> int:
    """Every public model into the search index again (``rebuild_search_index``)."""
    count = 0
    for model in selectors.models_to_index():
        index_model(model)
        count += 1
    return count
