"""The public API, ``/api/v1/`` (issue 18, decision 0030): every app's router, one OpenAPI document.

The apps declare their endpoints in their own ``api.py`` (a ``ninja.Router``); this module, on the
site's floor beside ``danvan.urls``, mounts them and serves ``/api/v1/openapi.json``. What all endpoints
share (errors, pages, CSV, conditional GETs, CORS, limits) is in ``danvan.core.api``.
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from danvan.analytics import api as analytics_api
from danvan.core import csp, datasets_api
from danvan.core.api import VietnameseJSONRenderer, install_error_handlers
from danvan.documents import api as documents_api
from danvan.emulation import api as emulation_api
from danvan.feedback import api as feedback_api
from danvan.orgunits import api as orgunits_api
from danvan.programmes import api as programmes_api
from danvan.search import api as search_api

DESCRIPTION = """Dữ liệu công khai của cổng thông tin: văn bản, đơn vị, chương trình và kết quả, thống kê
truy cập, đơn thư của công dân (theo cách đặt tên Open311 GeoReport v2), mô hình “Dân vận khéo”.

Mọi danh sách có cùng dạng (`count`, `next`, `previous`, `results`, `page`, `page_size`) và nhận
`?format=csv`; mọi lỗi có dạng `{"error": "…", "fields": {"tên": "…"}}`. Trang /api/v1/docs/ trình bày
chính sách phiên bản, phân trang, giới hạn tần suất và ví dụ với curl."""


class DescribedAPI(NinjaAPI):
    """ninja builds the OpenAPI document again on every call (~0.1 s); it changes only with the code,
    so each process keeps the one it built."""

    _document: OpenAPISchema | None = None

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is not None or path_params:
            return super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        if self._document is None:
            self._document = super().get_openapi_schema()
        return self._document


api = DescribedAPI(
    title="API dữ liệu mở danvan",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    renderer=VietnameseJSONRenderer(),
)
install_error_handlers(api)
api.add_router("", orgunits_api.router)
api.add_router("", documents_api.router)
api.add_router("", emulation_api.router)
api.add_router("", programmes_api.router)
api.add_router("", feedback_api.router)
api.add_router("", datasets_api.router)
api.add_router("", search_api.router)
api.add_router("", analytics_api.router)
api.add_router("", csp.router)
