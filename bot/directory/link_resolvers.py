"""Resolving names for the link checker: the operator's pins, and public addresses only.

`PublicOnlyResolver` drops every address that is not public (public_hosts.py) from what a name
resolves to, after the lookup, so a site cannot send the checker to this machine or the private
network by naming it or by redirecting to it. Names the operator pinned with `--resolve`
(`StaticResolver`) are the exception: they chose that address.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping

from aiohttp.abc import AbstractResolver, ResolveResult

from bot.directory.public_hosts import is_public


class RefusedAddressError(OSError):
    """A name resolved only to addresses a link checker must not contact."""

    def __init__(self, host: str, addresses: list[str]) -> None:
        super().__init__(f"{host} resolves only to addresses that are not public")
        self.host = host
        self.addresses = addresses


def resolved(
    host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int
) -> ResolveResult:
    """aiohttp's answer for `host` at `address`."""
    return ResolveResult(
        hostname=host,
        host=str(address),
        port=port,
        family=socket.AF_INET6 if address.version == 6 else socket.AF_INET,
        proto=0,
        flags=socket.AI_NUMERICHOST,
    )


class StaticResolver(AbstractResolver):
    """Fixed addresses for some host names (like curl's --resolve); others go to `fallback`.

    Without a fallback, any other name fails as if it did not exist.
    """

    def __init__(
        self, addresses: Mapping[str, str], fallback: AbstractResolver | None = None
    ) -> None:
        self._addresses = {host.lower(): ipaddress.ip_address(a) for host, a in addresses.items()}
        self._fallback = fallback

    def pins(self, host: str) -> bool:
        """Whether the operator gave this host's address."""
        return host.lower() in self._addresses

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        address = self._addresses.get(host.lower())
        if address is None:
            if self._fallback is None:
                raise socket.gaierror(socket.EAI_NONAME, f"{host}: no such host")
            return await self._fallback.resolve(host, port, family)
        return [resolved(host, address, port)]

    async def close(self) -> None:
        if self._fallback is not None:
            await self._fallback.close()


class PublicOnlyResolver(AbstractResolver):
    """`inner`'s answers, less every address that is not public (pinned names excepted).

    The connection is made to the addresses returned here, so a name that resolves to a
    public address when checked and to a private one a moment later (DNS rebinding) gains
    nothing: there is no second lookup."""

    def __init__(self, inner: AbstractResolver) -> None:
        self._inner = inner

    def pins(self, host: str) -> bool:
        return isinstance(self._inner, StaticResolver) and self._inner.pins(host)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        if self.pins(host):
            return found
        public = [r for r in found if is_public(ipaddress.ip_address(r["host"]))]
        if not public:
            raise RefusedAddressError(host, [r["host"] for r in found])
        return public

    async def close(self) -> None:
        await self._inner.close()
