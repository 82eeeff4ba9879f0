"""Writes of the core app: the default Site's public address."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from wagtail.models import Site

# A server bound to every interface has no address a visitor could use: absolute links then name
# the machine itself, and DANVAN_BASE_URL gives the real address.
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]"}  # noqa: S104 - names the wildcard, binds nothing


class InvalidSiteAddress(ValueError):
    pass


@dataclass(frozen=True)
class SiteAddress:
    hostname: str
    port: int


def parse_site_address(base_url: str) -> SiteAddress:
    """``http://portal.example.vn:8080`` → (portal.example.vn, 8080); the default port of the scheme
    when none is given (Wagtail writes http://host for 80 and https://host for 443)."""
    try:
        parts = urlsplit(base_url.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidSiteAddress(
            _("Địa chỉ trang web không hợp lệ: %(url)s (cần dạng http://ten-may:cong).") % {"url": base_url}
        )
    hostname = parts.hostname
    if hostname in WILDCARD_HOSTS or f"[{hostname}]" in WILDCARD_HOSTS:
        hostname = "127.0.0.1"
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    return SiteAddress(hostname=hostname, port=port)


def set_default_site_address(*, base_url: str) -> Site | None:
    """Give the default Site the configured public address; None when there is no Site yet.

    Page URLs (canonical, og:url, feeds, sitemap) are built from the Site's hostname and port.
    """
    address = parse_site_address(base_url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    if (site.hostname, site.port) != (address.hostname, address.port):
        site.hostname, site.port = address.hostname, address.port
        site.full_clean(validate_unique=False)
        site.save()
    return site
