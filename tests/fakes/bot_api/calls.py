"""What the fake Bot API server records of each call, and the failures a test plans for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from tests.fakes.bot_api.params import ApiError, JSONDict, UploadedFile


@dataclass
class ApiCall:
    """One HTTP call the bot made, and what the fake answered."""

    method: str
    params: dict[str, Any]
    raw_params: dict[str, str]
    files: dict[str, UploadedFile]
    http_method: str
    time: float
    status: int | None = None
    result: Any = None
    description: str | None = None
    fault: str | None = None
    finished: bool = False
    authorized: bool = True
    via_webhook_reply: bool = False  # carried in the answer to a webhook POST, not over HTTP

    @property
    def ok(self) -> bool:
        return self.status == HTTPStatus.OK


@dataclass
class Fault:
    """A planned failure for the next `remaining` calls of a method (or of every method: "*")."""

    method: str
    status: int | None
    retry_after: int
    delay: float | None
    drop: bool
    description: str | None
    remaining: int
    hits: list[ApiCall] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.drop:
            return "drop"
        return str(self.status) if self.status is not None else "delay"


def take_fault(faults: list[Fault], method: str) -> Fault | None:
    """Returns the first planned failure that applies to this call, and counts it down."""
    for fault in faults:
        if fault.remaining > 0 and fault.method in ("*", method.lower()):
            fault.remaining -= 1
            return fault
    return None


def fault_body(fault: Fault) -> JSONDict:
    """Telegram's error body for a planned failure's status (a 429 with its retry_after)."""
    assert fault.status is not None
    if fault.status == HTTPStatus.TOO_MANY_REQUESTS:
        return ApiError(
            429,
            fault.description or f"Too Many Requests: retry after {fault.retry_after}",
            retry_after=fault.retry_after,
        ).body()
    try:
        phrase = HTTPStatus(fault.status).phrase
    except ValueError:
        phrase = "Error"
    return ApiError(fault.status, fault.description or phrase).body()
