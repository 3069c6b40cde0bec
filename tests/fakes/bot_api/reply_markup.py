"""reply_markup as the Bot API checks it: inline keyboards, reply keyboards, removals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.bot_api.params import JSONDict, bad_request

MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100


@dataclass(frozen=True)
class ReplyMarkup:
    """A validated reply_markup: an inline keyboard, a reply keyboard, or a removal."""

    inline_keyboard: tuple[tuple[JSONDict, ...], ...] | None = None
    reply_keyboard: tuple[tuple[str, ...], ...] | None = None
    remove_keyboard: bool = False


def parse_reply_markup(value: Any) -> ReplyMarkup:
    """Validates a decoded reply_markup with Telegram's checks and error texts."""
    if value is None:
        return ReplyMarkup()
    if not isinstance(value, dict):
        raise bad_request("object expected as reply markup")
    rows: list[tuple[JSONDict, ...]] = []
    inline = value.get("inline_keyboard")
    if inline is not None:
        if not isinstance(inline, list) or not all(isinstance(row, list) for row in inline):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        rows = [tuple(_inline_button(button) for button in row) for row in inline]
        rows = [row for row in rows if row]
    keyboard = value.get("keyboard")
    reply_rows: list[tuple[str, ...]] = []
    if keyboard is not None:
        if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
            raise bad_request('field "keyboard" must be an Array of Arrays')
        reply_rows = [tuple(_keyboard_button(button) for button in row) for row in keyboard]
        reply_rows = [row for row in reply_rows if row]
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            data = button.get("callback_data")
            if data is not None and len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not url.startswith(("http://", "https://", "tg://")):
                raise bad_request("BUTTON_URL_INVALID")
    if reply_rows:
        return ReplyMarkup(reply_keyboard=tuple(reply_rows))
    if rows:
        return ReplyMarkup(inline_keyboard=tuple(rows))
    return ReplyMarkup(remove_keyboard=bool(value.get("remove_keyboard")))


def _inline_button(button: Any) -> JSONDict:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    text = button.get("text")
    if text is None:
        raise bad_request(prefix + 'Can\'t find field "text"')
    if not isinstance(text, str):
        raise bad_request(prefix + 'Field "text" must be of type String')
    for name in ("url", "callback_data"):
        value = button.get(name)
        if value is not None and not isinstance(value, str):
            raise bad_request(prefix + f'Field "{name}" must be of type String')
        if value:
            return {"text": text, name: value}
    for name in (
        "callback_game",
        "pay",
        "switch_inline_query",
        "switch_inline_query_chosen_chat",
        "switch_inline_query_current_chat",
        "login_url",
        "web_app",
        "copy_text",
    ):
        if name in button:
            return {"text": text, name: button[name]}
    raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")


def _keyboard_button(button: Any) -> str:
    if isinstance(button, str):
        return button
    if isinstance(button, dict) and isinstance(button.get("text"), str):
        return str(button["text"])
    raise bad_request("can't parse keyboard button: KeyboardButton must be a String or an Object")
