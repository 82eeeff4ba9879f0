from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One searchable item, with its text folded (no tones, đ→d, lower case) for matching.

    Kept in step with publishing by signals (services.index_page / remove_page); rebuilt with
    ``manage.py rebuild_search_index``.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Bài viết")
        PAGE = "page", _("Trang")

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_document", null=True
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, db_index=True)
    path = models.CharField(max_length=255, db_index=True)  # tree path, to search within one Site
    category = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("tiêu đề"), max_length=500)
    lead = models.TextField(_("sapô"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    date = models.DateTimeField(_("ngày"), null=True, db_index=True)
    folded_title = models.CharField(max_length=500)
    folded_lead = models.TextField(blank=True)
    folded_body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("mục tìm kiếm")

    def __str__(self) -> str:
        return self.title
