"""The fake Bot API server's HTTP side: each call read, recorded, faulted if planned, answered."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from aiohttp import web

from tests.fakes.bot_api.calls import ApiCall, Fault, fault_body, take_fault
from tests.fakes.bot_api.delivery import UpdateDelivery
from tests.fakes.bot_api.methods import BotApiMethods
from tests.fakes.bot_api.params import Answer, ApiError, JSONDict, Params, read_params
from tests.fakes.bot_api.state import World
from tests.fakes.bot_api.webhook_reply import ReplyCall

TOKEN_SHAPE = re.compile(r"^(\d+):[A-Za-z0-9_-]{35}$")
_API_PATH = re.compile(r"^/bot([^/]*)/([^/]*)$")
_NOT_FOUND: JSONDict = {"ok": False, "error_code": 404, "description": "Not Found"}
_UNAUTHORIZED: JSONDict = {"ok": False, "error_code": 401, "description": "Unauthorized"}


class ApiEndpoint:
    """Serves /bot<token>/<method> for one bot, recording every call in `calls`."""

    def __init__(
        self,
        token: str,
        world: World,
        delivery: UpdateDelivery,
        methods: BotApiMethods,
    ) -> None:
        self.token = token
        self.world = world
        self.delivery = delivery
        self.methods = methods
        self.calls: list[ApiCall] = []
        self.faults: list[Fault] = []
        self.internal_errors: list[BaseException] = []

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answers one HTTP request to the fake (aiohttp's handler for every path)."""
        try:
            return await self._serve(request)
        except ConnectionError:  # the bot hung up before its request arrived (a cancelled call)
            return web.Response(status=HTTPStatus.NO_CONTENT)
        except Exception as exc:  # a bug of the fake: answer 500, never let aiohttp log it
            self.internal_errors.append(exc)
            return web.json_response(
                {"ok": False, "error_code": 500, "description": "Internal Server Error"},
                status=500,
            )

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        match = _API_PATH.match(request.path)
        if match is None:
            return web.json_response(_NOT_FOUND, status=404)
        token, method = match.groups()
        try:
            params = await read_params(request)
            read_error: ApiError | None = None
        except ApiError as exc:
            params, read_error = Params({}), exc
        found = self.methods.lookup(method)
        call = ApiCall(
            method=found[0] if found else method,
            params=params.decoded(),
            raw_params=params.raw,
            files=params.files,
            http_method=request.method,
            time=self.world.clock.now(),
        )
        self.calls.append(call)
        self.world.changed()
        if token != self.token:
            call.authorized = False
            shaped = TOKEN_SHAPE.match(token) is not None
            return self._finish(call, _UNAUTHORIZED if shaped else _NOT_FOUND)
        if found is None or not method:
            return self._finish(call, _NOT_FOUND)
        fault = take_fault(self.faults, call.method)
        if fault is not None:
            fault.hits.append(call)
            call.fault = fault.kind
            if fault.drop:
                return self._drop(request, call)
            if fault.status is not None:
                await self._pause(fault.delay or 0)
                return self._finish(call, fault_body(fault))
        if read_error is not None:
            body = read_error.body()
        else:
            body = await self._run(found[1], params)
        if fault is not None and fault.delay:
            await self._pause(fault.delay)
        return self._finish(call, body)

    async def run_webhook_reply(self, reply: ReplyCall) -> None:
        """Carries out the call a webhook's answer held (fake_bot_api_webhook_reply.py): with
        the method's usual checks, recorded, its result told to no one, no fault injected."""
        params = Params(reply.params)
        found = self.methods.lookup(reply.method)
        call = ApiCall(
            method=found[0] if found else reply.method,
            params=params.decoded(),
            raw_params=params.raw,
            files={},
            http_method="POST",
            time=self.world.clock.now(),
            via_webhook_reply=True,
        )
        self.calls.append(call)
        body = _NOT_FOUND if found is None else await self._run(found[1], params)
        self._finish(call, body)

    async def _run(self, handler: Callable[[Params], Any], params: Params) -> JSONDict:
        try:
            result = await handler(params)
        except ApiError as exc:
            return exc.body()
        except Exception as exc:
            self.internal_errors.append(exc)
            return {
                "ok": False,
                "error_code": 500,
                "description": f"Internal Server Error: fake Bot API bug: {exc!r}",
            }
        if isinstance(result, Answer):
            body: JSONDict = {"ok": True, "result": result.result}
            if result.description:
                body["description"] = result.description
            return body
        return {"ok": True, "result": result}

    def _finish(self, call: ApiCall, body: JSONDict) -> web.Response:
        status = 200 if body.get("ok") else int(body.get("error_code", 500))
        call.status = status
        call.result = body.get("result")
        call.description = body.get("description")
        call.finished = True
        self.world.changed()
        return web.json_response(body, status=status)

    def _drop(self, request: web.Request, call: ApiCall) -> web.Response:
        if request.transport is not None:
            request.transport.close()
        call.finished = True
        self.world.changed()
        return web.Response(status=HTTPStatus.NO_CONTENT)

    async def _pause(self, seconds: float) -> None:
        """Sleeps, but no longer than until the server stops."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await self.world.notifier.wait_until(lambda: self.delivery.closing, seconds)
