from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "danvan.documents"
    label = "documents"
    verbose_name = _("Văn bản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.core.datasets import Dataset

        from . import selectors, signals
        from .sitemaps import DocumentSitemap

        registry.add_sitemap("documents", DocumentSitemap)
        registry.add_sitemap_view("document_list")
        registry.add_public_view("document_list")
        registry.add_public_view("document_detail", lambda kwargs: selectors.document_exists(kwargs["pk"]))
        registry.add_search_source("văn bản", signals.reindex_documents)
        registry.add_dataset(
            Dataset(
                key="documents",
                order=10,
                title=_("Văn bản"),
                description=_(
                    "Văn bản của Đảng và Nhà nước đăng trên cổng thông tin: số, ký hiệu, trích yếu, loại văn bản,"
                    " cơ quan ban hành, người ký, ngày ban hành, ngày có hiệu lực, tình trạng hiệu lực, lĩnh vực,"
                    " văn bản được thay thế, sửa đổi và các tệp đính kèm."
                ),
                api_paths=("/api/v1/documents/",),
                last_modified=selectors.documents_last_modified,
                landing_url_name="document_list",
            )
        )
