"""Where each harness starts: inputs in its format that reach deep (a fuzzer mutates these).

No atheris here: run.py writes these into each harness's temporary corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES

# fuzz_engine.py: kind byte, language byte, then the event's text (UTF-8).
PRESSED, PRESSED_BYTES, START, TYPED, COMMAND = range(5)
ENGINE = [
    bytes([PRESSED, 1]) + b"1.results.en.legal.wa-king.0.",
    bytes([PRESSED, 2]) + b"1.results.es.shelter.wa.1.o",
    bytes([PRESSED, 0]) + b"1.choose_region.en.legal..0.",
    bytes([PRESSED, 1]) + b"1.erase.en...0.",
    bytes([PRESSED_BYTES, 3]) + b"1.language.es...0.",
    bytes([START, 1]) + b"legal_wa-king_es",
    bytes([START, 0]) + b"emergency",
    bytes([TYPED, 1]) + b"I need a lawyer near Burien",
    bytes([TYPED, 2]) + b"estoy en peligro",
    bytes([TYPED, 4]) + "\u202e911\u200b".encode(),
    bytes([COMMAND, 2]) + b"privacy",
]

# fuzz_webhook_body.py: the body of a POST to /telegram, from a person who has opened the bot.
PERSON_ID = 7000000001
PERSON = {"id": PERSON_ID, "is_bot": False, "first_name": "Alex", "language_code": "en"}
CHAT = {"id": PERSON_ID, "type": "private", "first_name": "Alex"}


def _message(text: str, **extra: object) -> dict[str, object]:
    return {"message_id": 2, "date": 0, "chat": CHAT, "from": PERSON, "text": text, **extra}


_BODIES: tuple[object, ...] = (
    {"update_id": 1, "message": _message("I need a lawyer")},
    {
        "update_id": 2,
        "message": _message(
            "/start legal_wa-king", entities=[{"type": "bot_command", "offset": 0, "length": 6}]
        ),
    },
    {
        "update_id": 3,
        "callback_query": {
            "id": "1",
            "from": PERSON,
            "chat_instance": "-1",
            "message": {**_message("x"), "message_id": 1},
            "data": "1.results.en.legal.wa-king.0.",
        },
    },
    {"update_id": 4, "edited_message": _message("hi")},
    {"update_id": 5, "message": {**_message("x"), "location": {"latitude": 1, "longitude": 2}}},
    [],
    {"update_id": 6},
)
WEBHOOK = [json.dumps(body).encode() for body in _BODIES]

# fuzz_yaml.py: which shipped file (byte), then its new content.
SHIPPED = sorted(
    [
        *(p.relative_to(DEFAULT_RESOURCES.parent) for p in DEFAULT_RESOURCES.glob("*.yaml")),
        *(
            p.relative_to(DEFAULT_CONVERSATIONS.parent)
            for p in DEFAULT_CONVERSATIONS.rglob("*.yaml")
        ),
    ]
)


def yaml_seeds() -> list[bytes]:
    root = DEFAULT_RESOURCES.parent
    return [bytes([i]) + (root / path).read_bytes() for i, path in enumerate(SHIPPED)]


def all_seeds() -> dict[str, list[bytes]]:
    return {"engine": ENGINE, "webhook_body": WEBHOOK, "yaml": yaml_seeds()}


def write(folder: Path, seeds: list[bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(seeds):
        (folder / f"seed-{number:03d}").write_bytes(seed)
