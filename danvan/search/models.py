from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One searchable item: its original text (for results and snippets) and its words for matching.

    ``folded_*`` hold the words without tones, đ→d, lower case, between single spaces
    (``folding.token_string``); ``exact_*`` the same words with their accents. The full-text index
    over the folded words is database-specific and created by migration 0002: an FTS5 table kept in
    step by triggers on SQLite, generated ``tsvector`` columns with the ``vi_unaccent`` configuration
    and GIN indexes on PostgreSQL.

    Column order matters on SQLite: the short columns read for every candidate come before the long
    ones, so ranking never walks a row's overflow pages.

    Kept in step with publishing by signals (services.index_page / remove_page); rebuilt with
    ``manage.py rebuild_search_index``.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Bài viết")
        PAGE = "page", _("Trang")
        DOCUMENT = "document", _("Văn bản")
        ANSWER = "answer", _("Trả lời công dân")
        SKILFUL_MODEL = "skilful_model", _("Mô hình Dân vận khéo")

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_document", null=True
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, db_index=True)
    path = models.CharField(max_length=255, db_index=True)  # tree path, to search within one Site
    category = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date = models.DateTimeField(_("ngày"), null=True, db_index=True)
    folded_title = models.CharField(max_length=1000)
    exact_title = models.CharField(max_length=1000)
    folded_lead = models.TextField(blank=True)
    exact_lead = models.TextField(blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500)
    lead = models.TextField(_("sapô"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    folded_body = models.TextField(blank=True)
    # Items that are not pages (legal documents): their own link. Nullable without a default, so
    # that adding them kept the table (on SQLite a re-created table would lose the FTS triggers).
    document = models.OneToOneField(
        "documents.LegalDocument", on_delete=models.CASCADE, null=True, related_name="search_document"
    )
    url = models.CharField(max_length=300, null=True)

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("mục tìm kiếm")

    def __str__(self) -> str:
        return self.title
