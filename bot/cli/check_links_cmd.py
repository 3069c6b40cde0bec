"""`check-links`: find broken, redirected and slow websites and chat links in the directory."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.cli.content_dirs import resources_dir
from bot.cli.review_cmd import add_common_arguments, positive_int

if TYPE_CHECKING:
    from bot.directory.link_check import CheckOptions, LinkCheck


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-links",
        help="check every website and chat link in the directory",
        description="Request every website and chat_url in the directory (HEAD, or GET when "
        "HEAD is refused), follow redirects, and list broken, redirected and slow links with "
        "their file:line. Only the addresses the directory names, and where they redirect, "
        "are contacted. Exit 1 when a link is broken or could not be checked in time.",
    )
    add_common_arguments(parser)
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=10.0,
        metavar="S",
        help="seconds to wait for each request (default 10)",
    )
    parser.add_argument(
        "--overall-timeout",
        type=positive_float,
        default=300.0,
        metavar="S",
        help="seconds for the whole run; links not checked by then are reported (default 300)",
    )
    parser.add_argument(
        "--concurrency",
        type=positive_int,
        default=10,
        metavar="N",
        help="requests at once, in total (default 10)",
    )
    parser.add_argument(
        "--per-host",
        type=positive_int,
        default=2,
        metavar="N",
        help="requests at once to the same host (default 2)",
    )
    parser.add_argument(
        "--slow",
        type=positive_float,
        default=5.0,
        metavar="S",
        help="report working links that take longer than this many seconds (default 5)",
    )
    parser.add_argument(
        "--max-redirects",
        type=non_negative_int,
        default=5,
        metavar="N",
        help="redirects to follow before calling a link broken (default 5)",
    )
    parser.add_argument(
        "--resolve",
        type=host_address,
        action="append",
        default=[],
        metavar="HOST:ADDRESS",
        help="connect to ADDRESS for HOST instead of looking it up, like curl's --resolve "
        "(e.g. to check a site on its new server); may be repeated",
    )
    parser.set_defaults(handler=run_check_links)


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return value


def non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is not zero or more")
    return value


def host_address(text: str) -> tuple[str, str]:
    host, _, address = text.partition(":")
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected HOST:ADDRESS, e.g. example.org:203.0.113.7"
        ) from None
    if not host:
        raise argparse.ArgumentTypeError(f"{text!r}: the host name is missing")
    return host, address


def run_check_links(args: argparse.Namespace) -> int:
    """Print the broken, redirected and slow links; exit 1 when any link is broken."""
    from bot.cli.review_cmd import summary
    from bot.directory.link_check import CheckOptions, failed, link_findings, link_targets
    from bot.directory.load import load_directory
    from bot.directory.review import Format, error_finding, render

    output = Format(args.format)
    loaded = load_directory(resources_dir(args.path))
    if loaded.directory is None:
        print(render([error_finding(p) for p in loaded.report.errors], output), end="")
        return 1
    targets = link_targets(loaded.directory)
    options = CheckOptions(
        timeout=args.timeout,
        overall_timeout=args.overall_timeout,
        concurrency=args.concurrency,
        per_host=args.per_host,
        slow_after=args.slow,
        max_redirects=args.max_redirects,
    )
    results = asyncio.run(_check([t.url for t in targets], options, dict(args.resolve)))
    findings = link_findings(targets, results)
    print(render(findings, output), end="")
    if output is Format.TEXT:
        counts = f"; {summary(f.kind for f in findings)}" if findings else ""
        print(f"{len(targets)} links checked ({len(results)} distinct addresses){counts}")
    return 1 if failed(results) else 0


async def _check(
    urls: list[str], options: CheckOptions, addresses: Mapping[str, str]
) -> dict[str, LinkCheck]:
    from aiohttp import DefaultResolver

    from bot.directory.link_check import StaticResolver, check_links

    if not addresses:
        return await check_links(urls, options)
    resolver = StaticResolver(addresses, fallback=DefaultResolver())
    try:
        return await check_links(urls, options, resolver=resolver)
    finally:
        await resolver.close()
