"""Checking every website and chat link in the directory: broken, redirected or slow.

Each address gets a HEAD request, or a GET when the server refuses HEAD (405, 501, or a reset
connection). Redirects are followed one hop at a time up to a limit, so a loop or a long chain is
reported rather than followed forever, and the final address is reported so staff can update the
YAML. Requests are limited per host and overall (by two semaphores, taken before a request's
clock starts, so waiting for a turn is never counted as a slow site; the connection pool itself
is left unlimited), each request has its own timeout, and the whole run has one too.

Only the addresses the directory names (and where they redirect) are contacted, and only when
they are public (public_hosts.py: never this machine, the private network or a cloud's
metadata service, checked after the name is resolved, at every hop): no proxy from the
environment, no cookies kept between sites, nothing sent anywhere else. The User-Agent says what
is asking, so a site's owner can tell.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import errno
import ipaddress
import ssl
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from http import HTTPStatus
from importlib import metadata
from pathlib import Path

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.directory.catalog import Directory
from bot.directory.link_resolvers import PublicOnlyResolver, RefusedAddressError, StaticResolver
from bot.directory.public_hosts import is_public
from bot.directory.review import Finding, Urgency

__all__ = ["CheckOptions", "LinkCheck", "LinkStatus", "StaticResolver", "check_links"]


def _version() -> str:
    try:
        return metadata.version("safe-harbor-bot")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "dev"


USER_AGENT = (
    f"safe-harbor-bot-link-checker/{_version()} "
    "(checks the links in its own resource directory; one request per link)"
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HEAD_REFUSED_STATUSES = frozenset({405, 501})
LINK_FIELDS = ("website", "chat_url")


@dataclass(frozen=True)
class CheckOptions:
    """Limits of one run. Times are in seconds."""

    timeout: float = 10.0  # per request
    overall_timeout: float = 300.0  # the whole run
    concurrency: int = 10  # requests at once, in total
    per_host: int = 2  # requests at once to one host
    slow_after: float = 5.0  # a working link slower than this is reported as slow
    max_redirects: int = 5
    user_agent: str = USER_AGENT


class LinkStatus(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    UNCHECKED = "unchecked"  # the overall timeout ran out before it was checked


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """What happened when one address was checked."""

    url: str
    status: LinkStatus
    detail: str = ""  # why it is broken, e.g. "404 Not Found"
    final_url: str | None = None  # where the redirects ended
    seconds: float = 0.0  # time spent in requests, every hop included
    slow: bool = False


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """A link written in the directory, and where."""

    resource_id: str
    field: str  # "website" or "chat_url"
    url: str
    path: Path | None
    line: int | None
    last_verified: dt.date


def link_targets(directory: Directory) -> list[LinkTarget]:
    """Every website and chat link, in directory order."""
    targets = []
    for resource in directory.resources:
        origin = directory.origin(resource.id)
        for field in LINK_FIELDS:
            url = getattr(resource, field)
            if url:
                targets.append(
                    LinkTarget(
                        resource.id,
                        field,
                        url,
                        origin.path if origin else None,
                        origin.line if origin else None,
                        resource.last_verified,
                    )
                )
    return targets


# --- Checking ----------------------------------------------------------------------------------


async def check_links(
    urls: Iterable[str],
    options: CheckOptions | None = None,
    *,
    resolver: AbstractResolver | None = None,
) -> dict[str, LinkCheck]:
    """Check each distinct address once; every address given gets a result."""
    options = options or CheckOptions()
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    guarded = PublicOnlyResolver(resolver or aiohttp.DefaultResolver())
    # No pool limit: _Checker's semaphores are the limits (a pool limit would count the wait
    # for a free connection in each request's timeout and time).
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0, resolver=guarded)
    async with aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": options.user_agent},
        cookie_jar=aiohttp.DummyCookieJar(),  # nothing one site sets is sent to another
        trust_env=False,  # no proxy from the environment: talk only to the sites themselves
    ) as session:
        checker = _Checker(session, options, guarded)
        tasks = {url: asyncio.create_task(checker.check(url)) for url in unique}
        _, pending = await asyncio.wait(tasks.values(), timeout=options.overall_timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    if resolver is None:
        await guarded.close()  # the caller closes a resolver it gave
    unchecked = f"not checked: the overall limit of {options.overall_timeout:g} s ran out"
    return {
        url: (LinkCheck(url, LinkStatus.UNCHECKED, unchecked) if task in pending else task.result())
        for url, task in tasks.items()
    }


@dataclass(frozen=True, slots=True)
class _Hop:
    status: int
    location: str | None
    seconds: float


class _Broken(Exception):
    """A request that failed in a way staff should hear about."""

    def __init__(self, detail: str, *, refused: bool = False) -> None:
        super().__init__(detail)
        self.refused = refused


_NOT_PUBLIC = (
    "an address that is not public (this machine, a private network or a cloud metadata "
    "service), which the link checker never contacts"
)


def _refused_check(url: str, current: URL, seconds: float) -> LinkCheck:
    """A link that leads somewhere not public: reported with the address the directory names,
    never the internal one a redirect pointed at."""
    if current == URL(url):
        detail = f"refused: it leads to {_NOT_PUBLIC}"
    else:
        detail = f"refused: it redirects to {_NOT_PUBLIC}"
    return LinkCheck(url, LinkStatus.BROKEN, detail, str(URL(url)), seconds)


class _Checker:
    def __init__(
        self, session: aiohttp.ClientSession, options: CheckOptions, resolver: PublicOnlyResolver
    ) -> None:
        self._session = session
        self._options = options
        self._resolver = resolver
        self._all = asyncio.Semaphore(options.concurrency)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(options.per_host)
        )

    async def check(self, url: str) -> LinkCheck:
        """Follow `url` to its final answer and classify it."""
        seconds = 0.0
        current = URL(url)
        seen = {current}
        redirects = 0
        while True:
            if self._refused(current):
                return _refused_check(url, current, seconds)
            try:
                hop = await self._request(current)
            except _Broken as exc:
                if exc.refused:
                    return _refused_check(url, current, seconds)
                return LinkCheck(url, LinkStatus.BROKEN, str(exc), str(current), seconds)
            seconds += hop.seconds
            if hop.status not in REDIRECT_STATUSES or hop.location is None:
                break
            try:
                target = current.join(URL(hop.location))
            except ValueError:
                detail = f"redirects to an address that is not valid: {hop.location!r}"
                return LinkCheck(url, LinkStatus.BROKEN, detail, str(current), seconds)
            if target.scheme not in ("http", "https"):
                detail = f"redirects to something that is not a web page: {str(target)!r}"
                return LinkCheck(url, LinkStatus.BROKEN, detail, str(current), seconds)
            if target in seen or redirects == self._options.max_redirects:
                why = "a loop" if target in seen else f"more than {self._options.max_redirects}"
                detail = f"too many redirects ({why})"
                return LinkCheck(url, LinkStatus.BROKEN, detail, str(target), seconds)
            seen.add(target)
            current = target
            redirects += 1
        slow = seconds > self._options.slow_after
        final = str(current)
        if hop.status >= 400:
            detail = _status_text(hop.status)
            return LinkCheck(url, LinkStatus.BROKEN, detail, final, seconds)
        status = LinkStatus.REDIRECTED if redirects else LinkStatus.OK
        return LinkCheck(url, status, "", final, seconds, slow)

    def _refused(self, url: URL) -> bool:
        """Whether `url`'s host is an address that is not public (aiohttp looks up no
        address, so the resolver never sees it)."""
        host = (url.host or "").strip("[]")
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return not is_public(address) and not self._resolver.pins(host)

    async def _request(self, url: URL) -> _Hop:
        """One hop: HEAD, or GET when HEAD is refused; waits for a free slot first."""
        async with self._hosts[url.host or ""], self._all:
            loop = asyncio.get_running_loop()
            started = loop.time()
            try:
                status, location = await self._send("HEAD", url)
            except _Reset:
                status, location = await self._send("GET", url)
            else:
                if status in HEAD_REFUSED_STATUSES:
                    status, location = await self._send("GET", url)
            return _Hop(status, location, loop.time() - started)

    async def _send(self, method: str, url: URL) -> tuple[int, str | None]:
        """The status and Location of one request; the body is never read."""
        timeout = aiohttp.ClientTimeout(total=self._options.timeout)
        try:
            async with self._session.request(
                method, url, allow_redirects=False, timeout=timeout
            ) as response:
                return response.status, response.headers.get("Location")
        except TimeoutError:
            raise _Broken(f"no answer within {self._options.timeout:g} s") from None
        except aiohttp.ClientConnectorDNSError as exc:
            if isinstance(exc.os_error, RefusedAddressError):
                raise _Broken("refused", refused=True) from None
            raise _Broken("the host name does not exist (DNS lookup failed)") from None
        except (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError, ssl.SSLError):
            raise _Broken("the secure connection failed (certificate or TLS problem)") from None
        except aiohttp.ClientConnectorError as exc:
            raise _Broken(f"cannot connect: {exc.strerror or exc}") from None
        except (aiohttp.ServerDisconnectedError, ConnectionResetError) as exc:
            if method == "HEAD":
                raise _Reset from exc
            raise _Broken("the server closed the connection without answering") from None
        except aiohttp.ClientOSError as exc:
            if method == "HEAD" and exc.errno == errno.ECONNRESET:
                raise _Reset from exc
            raise _Broken(f"the connection failed: {exc.strerror or exc}") from None
        except (aiohttp.ClientError, ValueError) as exc:
            raise _Broken(f"the request failed: {exc}") from None


class _Reset(Exception):
    """The server dropped a HEAD request: try GET."""


def _status_text(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


# --- Reporting ---------------------------------------------------------------------------------


def link_findings(targets: Sequence[LinkTarget], results: Mapping[str, LinkCheck]) -> list[Finding]:
    """One finding per broken, unchecked, redirected or slow link, most urgent first."""
    findings = []
    for target in targets:
        check = results[target.url]
        what = f"{target.field} {target.url}"
        took = f"took {check.seconds:.1f} s"
        if check.status is LinkStatus.BROKEN:
            ended = (
                f" (after redirects, at {check.final_url})"
                if check.final_url and check.final_url != str(URL(target.url))
                else ""
            )
            urgency, kind = Urgency.HIGH, "broken"
            action = (
                f"{what} is broken: {check.detail}{ended}. Find the right address, or remove it."
            )
        elif check.status is LinkStatus.UNCHECKED:
            urgency, kind = Urgency.HIGH, "unchecked"
            action = f"{what} was {check.detail}: run check-links again with more time."
        elif check.status is LinkStatus.REDIRECTED:
            urgency, kind = Urgency.NORMAL, "redirected"
            slow = f" (slow: {took})" if check.slow else ""
            action = (
                f"{what} redirects to {check.final_url}{slow}: check that page is right, "
                "and put its address in the YAML."
            )
        elif check.slow:
            urgency, kind = Urgency.LOW, "slow"
            action = f"{what} {took} to answer: check it opens on a phone, on mobile data."
        else:
            continue
        findings.append(
            Finding(
                urgency,
                kind,
                target.resource_id,
                target.path,
                target.line,
                action,
                target.last_verified,
            )
        )
    return sorted(findings, key=Finding.sort_key)


def failed(results: Mapping[str, LinkCheck]) -> bool:
    """True when a link is broken or could not be checked in time."""
    return any(r.status in (LinkStatus.BROKEN, LinkStatus.UNCHECKED) for r in results.values())
