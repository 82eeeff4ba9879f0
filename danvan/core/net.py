"""Where a request comes from: the client's address, trusting X-Forwarded-For only from the proxies
named in ``DANVAN_TRUSTED_PROXIES`` (the visit counter, the audit log and the rate limits share it)."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=1)
def _trusted_networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _trusted_networks(tuple(settings.DANVAN_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless it is a trusted proxy: then the nearest untrusted X-Forwarded-For hop."""
    remote: str = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(remote):
        return remote
    hops: list[str] = [
        h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
    ]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            return hop
    return remote
