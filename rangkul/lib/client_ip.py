"""The client's address, taken from a proxy's X-Forwarded-For only when that proxy is trusted.

Behind a reverse proxy `REMOTE_ADDR` is the proxy's address. Each proxy appends the address
it received the request from to `X-Forwarded-For`, so the list is read from the right:
entries added by trusted proxies are skipped, and the first address no trusted proxy
vouches for is the client. A client can write anything at the left of the header; with no
trusted proxy configured, the header is ignored entirely.
"""

import ipaddress
from collections.abc import Iterable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The current request's client address, for code that has no request (audit records,
# rate limits). Set by the audit context middleware.
current_client_ip: ContextVar[str | None] = ContextVar("current_client_ip", default=None)


def parse_networks(values: Iterable[str]) -> list[Network]:
    """'10.0.0.1' or '10.0.0.0/8' per entry; raises ValueError on anything else."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:443"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address: object, networks: list[Network]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks: list[Network] = settings.TRUSTED_PROXY_NETWORKS
    if not networks or not _trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [_address(part) for part in forwarded.split(",")] if forwarded else []
    client = remote
    for hop in reversed(hops):
        if hop is None:
            break  # garbage in the header: stop at the last address a proxy vouched for
        client = hop
        if not _trusted(hop, networks):
            break
    return str(client)


def axes_client_ip(request: HttpRequest) -> str:
    """django-axes keys lockouts on this address (AXES_CLIENT_IP_CALLABLE)."""
    return client_ip(request) or ""
