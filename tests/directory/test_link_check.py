"""bot/directory/link_check.py against a real local web server: every kind of link, and the limits.

Every URL names a host under `.test`; a `StaticResolver` maps the ones the test means to
127.0.0.1 and fails the rest, so nothing is ever looked up in DNS or sent off this machine.
"""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import pytest
from aiohttp.abc import ResolveResult

from bot.directory.link_check import (
    USER_AGENT,
    CheckOptions,
    LinkCheck,
    LinkStatus,
    StaticResolver,
    check_links,
    failed,
    link_findings,
    link_targets,
)
from bot.directory.load import load_directory
from bot.directory.review import Urgency
from tests.helpers.link_server import HOST, LinkServer
from tests.helpers.yaml_directory import ENTRIES_FILE, entry, entry_line, write_directory

# slow_after leaves a loaded machine 0.2 s for a link that is not slow (/head-reset is three
# requests); /slow takes SLOW (0.3 s), /hang more than the timeout.
FAST = CheckOptions(timeout=0.5, overall_timeout=10, slow_after=0.2, max_redirects=5)


class RecordingResolver(StaticResolver):
    """Maps the given names to 127.0.0.1, fails every other, and remembers what it was asked."""

    def __init__(self, *hosts: str) -> None:
        super().__init__(dict.fromkeys(hosts, "127.0.0.1"))
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        return await super().resolve(host, port, family)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def check(
    link_server: LinkServer, *paths: str, options: CheckOptions = FAST
) -> dict[str, LinkCheck]:
    urls = [link_server.url(p) for p in paths]
    resolver = RecordingResolver(HOST)
    results = await check_links(urls, options, resolver=resolver)
    return {path: results[link_server.url(path)] for path in paths}


async def test_each_kind_of_link_is_classified(link_server: LinkServer) -> None:
    results = await check(
        link_server,
        "/ok",
        "/head-refused",
        "/head-reset",
        "/chain/2",
        "/chain/9",
        "/loop-a",
        "/missing",
        "/error",
        "/slow",
        "/hang",
    )
    summary = {path: (r.status, r.detail, r.slow) for path, r in results.items()}
    assert summary == {
        "/ok": (LinkStatus.OK, "", False),
        "/head-refused": (LinkStatus.OK, "", False),
        "/head-reset": (LinkStatus.OK, "", False),
        "/chain/2": (LinkStatus.REDIRECTED, "", False),
        "/chain/9": (LinkStatus.BROKEN, "too many redirects (more than 5)", False),
        "/loop-a": (LinkStatus.BROKEN, "too many redirects (a loop)", False),
        "/missing": (LinkStatus.BROKEN, "404 Not Found", False),
        "/error": (LinkStatus.BROKEN, "500 Internal Server Error", False),
        "/slow": (LinkStatus.OK, "", True),
        "/hang": (LinkStatus.BROKEN, "no answer within 0.5 s", False),
    }
    assert results["/chain/2"].final_url == link_server.url("/chain/0")
    assert results["/ok"].final_url == link_server.url("/ok")


async def test_head_is_tried_first_and_get_only_when_head_is_refused(
    link_server: LinkServer,
) -> None:
    await check(link_server, "/ok", "/head-refused", "/missing")
    assert link_server.hits("/ok") == ["HEAD"]
    assert link_server.hits("/head-refused") == ["HEAD", "GET"]
    assert link_server.hits("/missing") == ["HEAD"]  # a 404 is an answer: no second request


async def test_a_dropped_head_request_is_tried_again_with_get(link_server: LinkServer) -> None:
    results = await check(link_server, "/head-reset")
    assert results["/head-reset"].status is LinkStatus.OK
    # aiohttp itself sends a dropped HEAD (an idempotent request) once more before giving up.
    assert link_server.hits("/head-reset") == ["HEAD", "HEAD", "GET"]


async def test_redirects_are_followed_hop_by_hop_up_to_the_limit(link_server: LinkServer) -> None:
    await check(link_server, "/chain/9")
    # Followed five times (to /chain/4); the sixth redirect is not followed.
    assert [(r.method, r.path) for r in link_server.requests] == [
        ("HEAD", f"/chain/{n}") for n in range(9, 3, -1)
    ]


async def test_a_redirect_loop_is_seen_at_once(link_server: LinkServer) -> None:
    results = await check(link_server, "/loop-a")
    assert results["/loop-a"].final_url == link_server.url("/loop-a")
    assert [r.path for r in link_server.requests] == ["/loop-a", "/loop-b"]


async def test_a_shorter_redirect_limit_breaks_a_short_chain(link_server: LinkServer) -> None:
    options = CheckOptions(timeout=0.5, max_redirects=1)
    results = await check(link_server, "/chain/1", "/chain/2", options=options)
    assert results["/chain/1"].status is LinkStatus.REDIRECTED
    assert results["/chain/2"].status is LinkStatus.BROKEN


async def test_unknown_hosts_and_closed_ports_are_broken(link_server: LinkServer) -> None:
    refused = f"http://refused.test:{closed_port()}/"
    missing = f"http://nowhere.test:{link_server.port}/"
    resolver = RecordingResolver(HOST, "refused.test")
    results = await check_links([refused, missing], FAST, resolver=resolver)
    assert results[missing].status is LinkStatus.BROKEN
    assert results[missing].detail == "the host name does not exist (DNS lookup failed)"
    assert results[refused].status is LinkStatus.BROKEN
    assert results[refused].detail.startswith("cannot connect")
    assert link_server.requests == []


async def test_nothing_but_the_named_server_is_contacted(link_server: LinkServer) -> None:
    paths = ["/ok", "/head-refused", "/chain/2", "/loop-a", "/missing", "/slow", "/hang"]
    resolver = RecordingResolver(HOST)
    await check_links([link_server.url(p) for p in paths], FAST, resolver=resolver)
    assert set(resolver.asked) == {HOST}
    assert {r.host for r in link_server.requests} == {HOST}
    # One request per hop: ok 1, head-refused 2, chain/2 3, loop 2, missing 1, slow 1, hang 1.
    assert len(link_server.requests) == 11
    assert {r.user_agent for r in link_server.requests} == {USER_AGENT}
    assert "safe-harbor-bot" in USER_AGENT


async def test_each_address_is_checked_once(link_server: LinkServer) -> None:
    url = link_server.url("/ok")
    results = await check_links([url, url, url], FAST, resolver=RecordingResolver(HOST))
    assert list(results) == [url]
    assert link_server.hits("/ok") == ["HEAD"]


async def test_requests_to_one_host_are_limited(link_server: LinkServer) -> None:
    urls = [link_server.url(f"/busy?n={n}", host=f"a.{HOST}") for n in range(6)]
    urls += [link_server.url(f"/busy?n={n}", host=f"b.{HOST}") for n in range(2)]
    options = CheckOptions(timeout=2, per_host=2, concurrency=10)
    resolver = RecordingResolver(f"a.{HOST}", f"b.{HOST}")
    results = await check_links(urls, options, resolver=resolver)
    assert all(r.status is LinkStatus.OK for r in results.values())
    assert link_server.peak[f"a.{HOST}"] == 2
    assert link_server.peak["*"] == 4  # two per host, two hosts


async def test_requests_in_total_are_limited(link_server: LinkServer) -> None:
    hosts = [f"{name}.{HOST}" for name in "abc"]
    urls = [link_server.url(f"/busy?n={n}", host=h) for h in hosts for n in range(3)]
    options = CheckOptions(timeout=2, per_host=3, concurrency=2)
    results = await check_links(urls, options, resolver=RecordingResolver(*hosts))
    assert all(r.status is LinkStatus.OK for r in results.values())
    assert link_server.peak["*"] == 2


async def test_a_host_that_hangs_does_not_make_the_others_time_out(link_server: LinkServer) -> None:
    # Time spent waiting for a free slot is not counted against a request's timeout.
    urls = [link_server.url("/hang"), *(link_server.url(f"/busy?n={n}") for n in range(4))]
    options = CheckOptions(timeout=0.5, per_host=1, concurrency=1)
    results = await check_links(urls, options, resolver=RecordingResolver(HOST))
    assert results[urls[0]].status is LinkStatus.BROKEN
    assert [results[u].status for u in urls[1:]] == [LinkStatus.OK] * 4


async def test_the_overall_timeout_stops_the_run(link_server: LinkServer) -> None:
    urls = [link_server.url(f"/hang?n={n}") for n in range(3)]
    options = CheckOptions(timeout=5, overall_timeout=0.3)
    started = time.monotonic()
    results = await check_links(urls, options, resolver=RecordingResolver(HOST))
    assert time.monotonic() - started < 2
    assert {r.status for r in results.values()} == {LinkStatus.UNCHECKED}
    assert failed(results)


async def test_no_links_means_no_requests() -> None:
    assert await check_links([], FAST) == {}


def test_the_resolver_fails_names_it_does_not_know() -> None:
    async def resolve(host: str) -> list[ResolveResult]:
        return await StaticResolver({"known.test": "127.0.0.1"}).resolve(host, 80)

    assert asyncio.run(resolve("KNOWN.test"))[0]["host"] == "127.0.0.1"
    with pytest.raises(OSError, match="no such host"):
        asyncio.run(resolve("other.test"))


async def test_findings_name_the_resource_file_and_line(
    link_server: LinkServer, tmp_path: Path
) -> None:
    resources = write_directory(
        tmp_path,
        [
            entry("fine", website=link_server.url("/ok")),
            entry("gone", website=link_server.url("/missing"), chat_url=link_server.url("/ok")),
            entry("moved", website=link_server.url("/chain/1")),
            entry("sluggish", website=link_server.url("/slow")),
            entry("stuck", chat_url=link_server.url("/hang"), website=None),
            entry("looping", website=link_server.url("/loop-a")),
            entry("twin", website=link_server.url("/missing")),
        ],
    )
    directory = load_directory(resources).directory
    assert directory is not None
    targets = link_targets(directory)
    assert [(t.resource_id, t.field) for t in targets] == [
        ("fine", "website"),
        ("gone", "website"),
        ("gone", "chat_url"),
        ("moved", "website"),
        ("sluggish", "website"),
        ("stuck", "chat_url"),
        ("looping", "website"),
        ("twin", "website"),
    ]
    results = await check_links([t.url for t in targets], FAST, resolver=RecordingResolver(HOST))
    findings = link_findings(targets, results)
    file = resources / ENTRIES_FILE
    rows = [(f.urgency, f.kind, f.entry_id, f.path, f.line) for f in findings]
    assert rows == [
        (Urgency.HIGH, "broken", rid, file, entry_line(file, rid))
        for rid in ("gone", "looping", "stuck", "twin")
    ] + [
        (Urgency.NORMAL, "redirected", "moved", file, entry_line(file, "moved")),
        (Urgency.LOW, "slow", "sluggish", file, entry_line(file, "sluggish")),
    ]
    actions = {f.entry_id: f.action for f in findings}
    assert actions["gone"] == (
        f"website {link_server.url('/missing')} is broken: 404 Not Found. "
        "Find the right address, or remove it."
    )
    assert actions["moved"] == (
        f"website {link_server.url('/chain/1')} redirects to {link_server.url('/chain/0')}: "
        "check that page is right, and put its address in the YAML."
    )
    assert actions["stuck"].startswith(f"chat_url {link_server.url('/hang')} is broken: no answer")
    assert actions["sluggish"].startswith(f"website {link_server.url('/slow')} took 0.")
    assert link_server.hits("/missing") == ["HEAD"]  # shared by two entries, asked once
    assert failed(results)
