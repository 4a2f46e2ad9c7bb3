"""The one outgoing HTTP call of webhooks, with the SSRF guard: the host is resolved once,
every address it resolves to must be public (not private, loopback, link-local, reserved or
multicast) unless listed in ``WEBHOOK_ALLOWED_PRIVATE_ADDRESSES``, and the connection goes to
the checked address (no second lookup, so DNS rebinding cannot swap it). Redirects are not
followed."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_RESPONSE_BYTES = 64 * 1024


class DestinationRefused(Exception):
    """The URL is not one webhooks may call."""


@dataclass(frozen=True)
class Response:
    status: int
    duration_ms: int


def _allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if str(ip) in settings.WEBHOOK_ALLOWED_PRIVATE_ADDRESSES:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of an acceptable URL; an IP literal must be allowed already."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as exc:  # e.g. an unclosed "[" of an IPv6 literal
        raise DestinationRefused(_("Use an http:// or https:// URL with a host name.")) from exc
    if parts.scheme not in ("http", "https") or not hostname:
        raise DestinationRefused(_("Use an http:// or https:// URL with a host name."))
    if parts.username or parts.password:
        raise DestinationRefused(_("The URL must not contain a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise DestinationRefused(_("The port is not valid.")) from exc
    host = hostname
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None and not _allowed(literal):
        raise DestinationRefused(
            _("Private, loopback and link-local addresses cannot receive webhooks.")
        )
    loopback_name = literal is None and (host == "localhost" or host.endswith(".localhost"))
    if loopback_name and "127.0.0.1" not in settings.WEBHOOK_ALLOWED_PRIVATE_ADDRESSES:
        raise DestinationRefused(
            _("Private, loopback and link-local addresses cannot receive webhooks.")
        )
    return parts.scheme, host, port


def resolve(host: str, port: int) -> str:
    """The address to connect to; refused when any address of the host is not allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise DestinationRefused(_("The host name does not resolve.")) from exc
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses or not all(_allowed(a) for a in addresses):
        raise DestinationRefused(
            _("Private, loopback and link-local addresses cannot receive webhooks.")
        )
    return str(addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Response:
    """POST ``body``; raises DestinationRefused, OSError or http.client.HTTPException."""
    scheme, host, port = check_url(url)
    address = resolve(host, port)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = _PinnedHTTPSConnection(host, address, port, timeout)
    else:
        connection = _PinnedHTTPConnection(host, address, port, timeout)
    started = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(MAX_RESPONSE_BYTES)
        return Response(response.status, int((time.monotonic() - started) * 1000))
    finally:
        connection.close()
