"""Which hosts and addresses a link may lead to: public ones only.

`check-links` requests what the directory names and wherever that redirects. Left alone, a
staff edit (or a site the directory links to, by redirecting) could make it request the
machine's own services, the private network or a cloud's metadata endpoint, and print what it
found. So only public (globally routable, unicast) addresses are contacted: no loopback,
private, shared (CGNAT), link-local (169.254.169.254, the usual metadata address), multicast or
reserved address, over IPv4 or IPv6 (an IPv4 address written as IPv6 is judged as IPv4). The
check runs after the name is resolved, at every hop (link_resolvers.py).

At validation, without looking anything up (validation runs offline and at every reload), a
website or chat link whose host is plainly internal is refused: `localhost`, names under the
special-use suffixes of private networks (`.internal`, `.local`, `.home.arpa` ...), and names
that spell out a non-public address for a wildcard DNS service (`127.0.0.1.nip.io`). `.test`,
`.example` and `.invalid` resolve nowhere, and stay allowed for tests and examples.
"""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

INTERNAL_SUFFIXES = (
    "localhost",
    "internal",  # metadata.google.internal, and many private zones
    "local",
    "localdomain",
    "home.arpa",
    "arpa",
    "lan",
    "home",
    "corp",
    "intranet",
    "private",
)
_SUFFIX_LABELS = tuple((suffix, suffix.split(".")) for suffix in INTERNAL_SUFFIXES)
_SUFFIX_ENDS = frozenset(parts[-1] for _, parts in _SUFFIX_LABELS)
LOOPBACK_ALIASES = frozenset({"localtest.me", "lvh.me", "vcap.me"})  # public names for 127.0.0.1
_UNDER_LOOPBACK_ALIASES = tuple("." + alias for alias in sorted(LOOPBACK_ALIASES))
_SPELLED_IPV4 = re.compile(r"(?:^|[.-])(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})(?=$|[.-])")


def is_public(address: IPAddress) -> bool:
    """Whether a link checker may connect to `address`."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def internal_host_problem(host: str) -> str | None:
    """Why a link to `host` is refused, judged from the name alone; None when it may be public."""
    name = host.lower().rstrip(".")
    if name[-1:].isdigit() or ":" in name:  # a name's last label is never all digits
        try:
            address = ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            pass
        else:
            return None if is_public(address) else f"{host} is not a public address"
    if name.rpartition(".")[2] in _SUFFIX_ENDS:
        labels = name.split(".")
        for suffix, parts in _SUFFIX_LABELS:
            if labels[-len(parts) :] == parts:
                return f"{host} is a name of a local or private network (.{suffix})"
    if name in LOOPBACK_ALIASES or name.endswith(_UNDER_LOOPBACK_ALIASES):
        return f"{host} is a public name for this machine's own address"
    for spelled in _SPELLED_IPV4.finditer(name):
        try:
            inside = ipaddress.IPv4Address(".".join(spelled.groups()))
        except ValueError:
            continue
        if not is_public(inside):
            return f"{host} spells out the address {inside}, which is not public"
    return None
