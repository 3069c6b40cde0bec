"""`AiohttpRequest`: python-telegram-bot's Bot API transport, on one aiohttp `ClientSession`.

Why not PTB's own `HTTPXRequest`: the bot handles 64 updates at once, so as many Bot API calls
can be in flight, and httpcore's connection pool does work that grows with the square of its
open connections on every request (encode/httpcore#1035). Measured open-loop
(bench/results/updates.md), that pool alone was a fifth of the bot's CPU, and a bare PTB echo
bot taking 64 updates at once cost 2.4 times one taking them one by one. aiohttp's pool finds
a free connection in constant time, and the project already runs its webhook on aiohttp.

This is a `telegram.request.BaseRequest` (PTB's documented extension point): PTB builds each
call, turns the HTTP status and body into its errors (`RetryAfter` for a 429 with
retry_after, `BadRequest`, `Forbidden`, `InvalidToken`, `NetworkError` for a 5xx) and parses
the answer; this class moves the bytes:

- **Bodies.** A call's parameters go as one JSON body: the very strings PTB would put in a
  form (`RequestData.json_payload`), which Telegram reads as it reads a form and which costs
  a quarter of form-encoding a screen's HTML and keyboard. A call without parameters sends no
  body; a call with files goes as a multipart form, as PTB's own client sends it.
- **Connections.** One session, `connections` kept alive and reused (HTTP/1.1), no cookies.
  A proxy named by HTTPS_PROXY/HTTP_PROXY/ALL_PROXY (and NO_PROXY), as PTB's client honours
  them, is looked up once per Bot API server, not on every call.
- **Timeouts**, each a number of seconds or None (no limit), the constructor's unless a call
  gives its own (PTB's `DEFAULT_NONE`), mapped onto aiohttp's: `pool_timeout` and
  `connect_timeout` together bound getting a connection (waiting for a free one, then opening
  one; aiohttp's `connect`); `connect_timeout` alone bounds opening one (`sock_connect`);
  `read_timeout` bounds each wait for the answer's next bytes (`sock_read`). aiohttp has no
  write timeout of its own: a JSON body of a few kilobytes goes into the socket's buffer at
  once; a call with files has the whole exchange bounded by `write_timeout` (or
  `media_write_timeout` by default) plus `read_timeout`.
- **Failures** become PTB's errors: a timeout `TimedOut` (saying whether the call was sent),
  anything else on the way `NetworkError`. Messages name the kind of failure, never the URL,
  which holds the bot token, and aiohttp's exception is not chained (its message may hold it).
- **Cancellation** passes through untouched; aiohttp closes a connection left mid-answer
  rather than reuse it. **Shutdown** closes the session (calls still in flight fail with
  `NetworkError`); `initialize` after it opens a new one, as PTB expects.

Telegram answers sendMessage and editMessageText with the whole message, keyboard and text
entities included, and PTB turns all of it into objects: for a screen with a dozen buttons that
costs more than the rest of reading the answer. The bot reads only a sent message's id
(replies.py, erase.py), so a message in an answer loses its keyboard, entities and link preview
options before PTB parses it (`parse_json_payload`, which PTB offers for changing how answers
are read). Nothing else in an answer is touched.
"""

from __future__ import annotations

import urllib.request
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON_HEADERS = {"Content-Type": "application/json"}
UNREAD_MESSAGE_FIELDS = ("reply_markup", "entities", "link_preview_options")
KEEPALIVE_SECONDS = 30.0  # an idle connection is closed after this (aiohttp's default is 15)
Timeout = float | None


class AiohttpRequest(BaseRequest):
    """PTB's `BaseRequest` on aiohttp (see the module): at most `connections` at once, each
    timeout in seconds (None: no limit)."""

    __slots__ = (
        "_connections",
        "_default",
        "_default_timeout",
        "_media_write",
        "_proxies",
        "_session",
    )

    def __init__(
        self,
        *,
        connections: int = 256,
        connect_timeout: Timeout = 5.0,
        read_timeout: Timeout = 5.0,
        write_timeout: Timeout = 5.0,
        pool_timeout: Timeout = 1.0,
        media_write_timeout: Timeout = 20.0,
    ) -> None:
        if connections < 1:
            raise ValueError("connections must be at least 1")
        self._connections = connections
        self._default = (connect_timeout, read_timeout, write_timeout, pool_timeout)
        self._media_write = media_write_timeout
        self._default_timeout = self._client_timeout(*self._default, files=False)
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str | None] = {}

    @property
    def read_timeout(self) -> Timeout:
        """The read timeout used when a call gives none (PTB adds getUpdates' long poll to it)."""
        return self._default[1]

    async def initialize(self) -> None:
        """Opens the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._connections, limit_per_host=0, keepalive_timeout=KEEPALIVE_SECONDS
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),  # the Bot API sets none; keep none
                timeout=self._default_timeout,
            )

    async def shutdown(self) -> None:
        """Closes the session and its connections (nothing to do if already closed)."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Makes one HTTP call; returns Telegram's status and body (PTB reads them)."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        given = (connect_timeout, read_timeout, write_timeout, pool_timeout)
        timeout = self._default_timeout  # unless the call gives its own or uploads files
        if files or any(_given(value) for value in given):
            timeout = self._client_timeout(
                *(v if _given(v) else d for v, d in zip(given, self._default, strict=True)),
                files=files,
                media_write=write_timeout if _given(write_timeout) else self._media_write,
            )
        headers: dict[str, str] | None = None
        body: bytes | aiohttp.FormData | None = None
        if request_data is not None and files:
            body = _form(request_data)
        elif request_data is not None and request_data.parameters:
            headers, body = JSON_HEADERS, request_data.json_payload
        try:
            async with session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                proxy=self._proxy(url),
                allow_redirects=False,
            ) as response:
                return response.status, await response.read()
        # `from None`: aiohttp's own messages may hold the URL, and with it the token.
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutErrors too
            if isinstance(error, aiohttp.ConnectionTimeoutError):
                raise TimedOut(
                    "Timed out getting a connection (all in use, or opening one took too "
                    "long): the request was *not* sent to Telegram."
                ) from None
            raise TimedOut(f"Timed out waiting for Telegram ({_kind(error)})") from None
        except aiohttp.ClientError as error:
            raise NetworkError(_describe(error)) from None

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        """Telegram's answer, a message in it without the fields the bot never reads."""
        answer = BaseRequest.parse_json_payload(payload)
        result = answer.get("result") if isinstance(answer, dict) else None
        if isinstance(result, dict) and "message_id" in result:
            for name in UNREAD_MESSAGE_FIELDS:
                result.pop(name, None)
        return answer

    @staticmethod
    def _client_timeout(
        connect: Timeout,
        read: Timeout,
        write: Timeout,
        pool: Timeout,
        *,
        files: bool,
        media_write: Timeout = None,
    ) -> aiohttp.ClientTimeout:
        getting = None if connect is None or pool is None else connect + pool
        total = None
        if files and media_write is not None and read is not None:
            total = media_write + read
        return aiohttp.ClientTimeout(
            total=total, connect=getting, sock_connect=connect, sock_read=read
        )

    def _proxy(self, url: str) -> str | None:
        """The proxy the environment names for this URL's server, looked up once per server."""
        scheme, _, rest = url.partition("://")
        origin = f"{scheme}://{rest.split('/', 1)[0]}"
        if origin not in self._proxies:
            self._proxies[origin] = _environment_proxy(scheme, rest.split("/", 1)[0])
        return self._proxies[origin]


def _given(timeout: Any) -> bool:
    """Whether a call gave this timeout (a number, or None for no limit) rather than leave it
    to the default (PTB's `DefaultValue`)."""
    return timeout is None or isinstance(timeout, float | int)


def _form(request_data: RequestData) -> aiohttp.FormData:
    """A multipart form: the parameters as PTB encodes them, then the files."""
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content, *mime = part
        form.add_field(name, content, filename=filename, content_type=mime[0] if mime else None)
    return form


def _environment_proxy(scheme: str, host_port: str) -> str | None:
    proxies = urllib.request.getproxies()
    host = host_port.rsplit(":", 1)[0]
    if not proxies or urllib.request.proxy_bypass(host):
        return None
    return proxies.get(scheme) or proxies.get("all") or None


def _kind(error: BaseException) -> str:
    module = "aiohttp" if type(error).__module__.startswith("aiohttp") else "builtins"
    return f"{module}.{type(error).__name__}"


def _describe(error: aiohttp.ClientError) -> str:
    """What went wrong, in words that never hold the URL (it holds the token)."""
    kind = _kind(error)
    if isinstance(error, aiohttp.ClientOSError) and error.strerror:
        return f"{kind}: {error.strerror}"
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return f"{kind}: the server closed the connection without answering"
    return kind
