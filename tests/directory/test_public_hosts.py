"""check-links contacts public addresses only (bot/directory/public_hosts.py), at every hop,
after the name is resolved; validation refuses links to plainly internal hosts.

Regression: a website that redirected to http://127.0.0.1:<port>/..., to a private address or
to the metadata address 169.254.169.254 was followed, and the internal URL printed (SSRF).
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from urllib.parse import quote

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from bot.directory.link_check import (
    CheckOptions,
    LinkStatus,
    StaticResolver,
    check_links,
    link_findings,
    link_targets,
)
from bot.directory.link_resolvers import resolved
from bot.directory.load import load_directory
from bot.directory.public_hosts import internal_host_problem, is_public
from tests.helpers.link_server import HOST, LinkServer
from tests.helpers.yaml_directory import entry, write_directory

FAST = CheckOptions(timeout=1, overall_timeout=10)


class FakeDns(AbstractResolver):
    """Answers like a DNS server would (not an operator's pin): names to given addresses."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [resolved(host, ipaddress.ip_address(self.answers[host]), port)]

    async def close(self) -> None:
        pass


class PinnedThenDns(StaticResolver):
    """links.test pinned to 127.0.0.1 by the operator (--resolve); other names through DNS."""

    def __init__(self, dns: dict[str, str]) -> None:
        super().__init__({HOST: "127.0.0.1"}, fallback=FakeDns(dns))


@pytest.fixture
async def server(link_server: LinkServer) -> LinkServer:
    return link_server


def redirect(server: LinkServer, target: str) -> str:
    return server.url(f"/redirect?to={quote(target, safe='')}")


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/ok",
        "http://[::1]:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/admin",
        "http://100.100.100.200/latest/meta-data/",  # a cloud's metadata, in shared space
        "http://0.0.0.0:{port}/ok",
    ],
)
async def test_a_redirect_to_an_address_that_is_not_public_is_not_followed(
    server: LinkServer, target: str
) -> None:
    url = redirect(server, target.format(port=server.port))
    results = await check_links([url], FAST, resolver=PinnedThenDns({}))
    assert results[url].status is LinkStatus.BROKEN
    assert results[url].detail.startswith("refused: it redirects to an address that is not")
    assert URL(results[url].final_url or "") == URL(url)  # never the internal address
    assert [r.path for r in server.requests] == ["/redirect"]  # nothing else was requested


async def test_names_are_judged_by_the_address_they_resolve_to(server: LinkServer) -> None:
    dns = {"inside.example.org": "127.0.0.1", "metadata.example.org": "169.254.169.254"}
    first = server.url("/ok", host="inside.example.org")
    hop = redirect(server, f"http://metadata.example.org:{server.port}/ok")
    results = await check_links([first, hop], FAST, resolver=PinnedThenDns(dns))
    assert results[first].detail.startswith("refused: it leads to an address that is not")
    assert results[hop].detail.startswith("refused: it redirects to an address that is not")
    assert {r.host for r in server.requests} == {HOST}  # only the pinned name got through


async def test_a_link_naming_a_private_address_is_not_requested(server: LinkServer) -> None:
    url = f"http://127.0.0.1:{server.port}/ok"
    results = await check_links([url], FAST, resolver=FakeDns({}))
    assert results[url].status is LinkStatus.BROKEN
    assert server.requests == []


async def test_the_report_names_the_directory_s_link_only(
    tmp_path: Path, server: LinkServer
) -> None:
    secret_place = "http://169.254.169.254/latest/meta-data/iam/"
    link = redirect(server, secret_place)
    root = write_directory(tmp_path, [entry("sneaky", website=link)])
    loaded = load_directory(root)
    assert loaded.directory is not None
    targets = link_targets(loaded.directory)
    results = await check_links([t.url for t in targets], FAST, resolver=PinnedThenDns({}))
    (finding,) = link_findings(targets, results)
    assert secret_place not in finding.action
    assert "after redirects, at" not in finding.action
    assert "redirects to an address that is not public" in finding.action


async def test_an_operator_s_pin_to_a_private_address_is_respected(server: LinkServer) -> None:
    """--resolve links.test:127.0.0.1 is the operator's own choice (a site on a new server)."""
    url = server.url("/ok")
    results = await check_links([url], FAST, resolver=PinnedThenDns({}))
    assert results[url].status is LinkStatus.OK


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00:ec2::254", False),  # AWS's IPv6 metadata address
        ("::ffff:10.0.0.1", False),
        ("::ffff:93.184.215.14", True),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    ("host", "refused"),
    [
        ("metadata.google.internal", True),
        ("localhost", True),
        ("app.localhost", True),
        ("printer.local", True),
        ("nas.home.arpa", True),
        ("127.0.0.1.nip.io", True),
        ("10-0-0-1.sslip.io", True),
        ("www.localtest.me", True),
        ("169.254.169.254", True),
        ("www.warn-trafficking.org", False),
        ("93.184.215.14.nip.io", False),
        ("www.internal-affairs.example.org", False),
        ("local.example.org", False),
    ],
)
def test_plainly_internal_hosts_are_named(host: str, refused: bool) -> None:
    assert (internal_host_problem(host) is not None) is refused


@pytest.mark.parametrize(
    "website",
    [
        "http://metadata.google.internal/computeMetadata/v1/",
        "https://127.0.0.1.nip.io/",
        "https://www.localtest.me/admin",
        "http://printer.local/",
    ],
)
def test_validation_refuses_a_website_on_an_internal_host(tmp_path: Path, website: str) -> None:
    root = write_directory(tmp_path, [entry("inside", website=website)])
    errors = load_directory(root).report.errors
    assert len(errors) == 1, errors
    assert "website" in errors[0].message
    assert "is not a public site" in errors[0].message
