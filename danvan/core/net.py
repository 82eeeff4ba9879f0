"""Who is asking, by network address: REMOTE_ADDR, or X-Forwarded-For only behind a trusted proxy.

Used by the visit counter (analytics) and the rate limits (``core.ratelimit``); moved here from
``danvan.analytics.client`` so that every app reads the client's address the same way.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=4)
def _trusted_networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    # Keyed by the setting's value: a changed DANVAN_TRUSTED_PROXIES is read afresh.
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _trusted_networks(tuple(settings.DANVAN_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless it is a trusted proxy: then the nearest untrusted X-Forwarded-For hop.

    ``settings.DANVAN_TRUSTED_PROXIES`` lists the proxies' addresses or networks; a client that talks
    to the server directly cannot choose its address by sending the header itself."""
    remote: str = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    hops: list[str] = [
        h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
    ]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            return hop
    return remote
