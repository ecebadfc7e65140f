"""The client's address, for login throttling and the audit log.

``REMOTE_ADDR`` is the peer that opened the connection. ``X-Forwarded-For`` is a header anyone can send,
so it is believed only when the peer is one of the operator's reverse proxies, listed in
``KECHUANG_TRUSTED_PROXIES`` (addresses or networks, e.g. ``127.0.0.1,10.0.0.0/8``; default: none, so the
header is ignored). Then the address is the right-most entry of the header that is not itself a trusted
proxy: each proxy appends the address it received the request from, and only the entries the trusted
proxies appended can be believed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    """``["10.0.0.1", "192.168.0.0/16"]`` → networks; a malformed entry is a configuration error."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: list[Network]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: Any) -> str | None:
    """The client's address as the trusted-proxy setting allows it to be known."""
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR") or None
    networks = parse_networks(getattr(settings, "KECHUANG_TRUSTED_PROXIES", []))
    peer = _ip(remote) if remote else None
    if peer is None or not networks or not _trusted(peer, networks):
        return remote
    chain = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for entry in reversed(chain):
        address = _ip(entry)
        if address is None:
            return remote  # a garbled header: fall back to the proxy itself
        if not _trusted(address, networks):
            return str(address)
    return remote
