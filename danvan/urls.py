from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from danvan import api_docs
from danvan.analytics import views as analytics_views
from danvan.api import api
from danvan.consultations import views as consultation_views
from danvan.core import csp as core_csp
from danvan.core import views as core_views
from danvan.core import wagtail_reports
from danvan.core.sitemaps import all_sitemaps
from danvan.disclosure import views as disclosure_views
from danvan.documents import views as document_views
from danvan.search import views as search_views

handler404 = "danvan.core.views.page_not_found"
handler500 = "danvan.core.views.server_error"

urlpatterns = [
    # Wagtail's reports with their exports in the task queue (decision 0024), at Wagtail's addresses:
    # before Wagtail's admin, so these answer first.
    path("admin/reports/", include((wagtail_reports.urlpatterns, "bao_cao_wagtail"))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": all_sitemaps()}, name="sitemap"),
    # The API's documentation (issue 18): before the API's own include, which would answer a JSON 404.
    path("api/v1/docs/", api_docs.reference, name="api_docs"),
    path("api/v1/docs/thu/", api_docs.console, name="api_console"),
    path("api/v1/", api.urls),
    path("api/v1/search/", search_views.search_api, name="search_api"),
    path("api/v1/search/suggest/", search_views.suggest_api, name="search_suggest_api"),
    path("api/v1/csp-reports/", core_csp.csp_report, name="csp_report"),
    path("api/v1/hits/", analytics_views.hit, name="analytics_hit"),
    path("api/v1/hits/pixel.gif", analytics_views.pixel, name="analytics_pixel"),
    path("api/v1/stats/visits/", analytics_views.visit_counts, name="analytics_visits"),
    path("thong-ke-truy-cap/", analytics_views.about, name="analytics_about"),
    path("van-ban/", document_views.document_list, name="document_list"),
    path("van-ban/<int:pk>-<slug:slug>/", document_views.document_detail, name="document_detail"),
    path("van-ban/tep/<int:pk>/", document_views.document_file, name="document_file"),
    path("", include("danvan.feedback.urls")),
    path("", include("danvan.emulation.urls")),
    path("bao-ve-du-lieu-ca-nhan/", core_views.privacy_policy, name="privacy_policy"),
    path("cong-khai-thong-tin/", disclosure_views.catalogue, name="disclosure_catalogue"),
    path("du-thao/", consultation_views.draft_list, name="draft_list"),
    path("du-thao/<int:pk>-<slug:slug>/", consultation_views.draft_detail, name="draft_detail"),
    path("du-thao/<int:pk>/gop-y/", consultation_views.draft_comment, name="draft_comment"),
    path("du-thao/tep/<int:pk>/", consultation_views.draft_file, name="draft_file"),
]

if settings.DEBUG or getattr(settings, "DANVAN_SERVE_MEDIA", True):
    # Embedded installs serve uploads themselves; production puts a web server in front.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", core_views.serve_media)]

# Pages: Vietnamese at /…, English translations at /en/… (Wagtail's built-in internationalisation).
# The search page too (/search/, /en/search/): its words follow the language of the address.
urlpatterns += i18n_patterns(
    path("search/", search_views.search_page, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
