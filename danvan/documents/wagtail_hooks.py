"""The document library in Wagtail's admin: documents, and the kinds, issuers and fields they use."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from danvan.core.hooks import register
from danvan.core.viewsets import ModelViewSet

from .models import DocumentFile, DocumentType, Field, Issuer, LegalDocument


class LegalDocumentViewSet(ModelViewSet):
    model = LegalDocument
    name = "van_ban"
    url_prefix = "van-ban"
    icon = "doc-full"
    menu_label = _("Văn bản")
    add_to_admin_menu = False
    list_display = ["symbol", "title", "issued_on", "status"]
    list_filter = ["type", "issuer", "status", "field"]
    search_fields = ["symbol", "title"]
    form_fields = [
        "type",
        "number",
        "year_in_symbol",
        "issuer",
        "title",
        "signer",
        "issued_on",
        "effective_on",
        "status",
        "field",
        "abstract",
        "replaces",
        "amends",
        "related_articles",
    ]


class DocumentTypeViewSet(ModelViewSet):
    model = DocumentType
    name = "loai_van_ban"
    url_prefix = "loai-van-ban"
    icon = "tag"
    menu_label = _("Loại văn bản")
    list_display = ["name", "code", "system"]
    form_fields = ["name", "code", "system"]


class IssuerViewSet(ModelViewSet):
    model = Issuer
    name = "co_quan_ban_hanh"
    url_prefix = "co-quan-ban-hanh"
    icon = "site"
    menu_label = _("Cơ quan ban hành")
    list_display = ["name", "code"]
    form_fields = ["name", "code"]


class FieldViewSet(ModelViewSet):
    model = Field
    name = "linh_vuc"
    url_prefix = "linh-vuc"
    icon = "folder-open-inverse"
    menu_label = _("Lĩnh vực")
    form_fields = ["name"]


class DocumentFileViewSet(ModelViewSet):
    model = DocumentFile
    name = "tep_van_ban"
    url_prefix = "tep-van-ban"
    icon = "doc-empty"
    menu_label = _("Tệp văn bản")
    list_display = ["original_name", "document", "kind", "uploaded_at"]
    form_fields = ["document", "file"]


class DocumentsGroup(ViewSetGroup):
    menu_label = _("Văn bản")
    menu_icon = "doc-full"
    menu_order = 250
    items = (LegalDocumentViewSet, DocumentFileViewSet, DocumentTypeViewSet, IssuerViewSet, FieldViewSet)


@register("register_admin_viewset")
def register_documents() -> DocumentsGroup:
    return DocumentsGroup()
