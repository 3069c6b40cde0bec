"""The Bot API methods about the bot itself: who it is, its commands, its updates, its webhook.

Each method takes the call's Params and returns the "result" of Telegram's answer (or an Answer
when Telegram adds a description), or raises ApiError, with Telegram's checks in tdlib's order.
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.bot_api.delivery import LONG_POLL_MAX_TIMEOUT, UpdateDelivery, WebhookConfig
from tests.fakes.bot_api.params import Answer, Handler, JSONDict, Params, bad_request
from tests.fakes.bot_api.state import World

_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]*$")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


class BotMethods:
    """getMe, the commands, descriptions and menu button, getUpdates and the webhook."""

    def __init__(self, world: World, delivery: UpdateDelivery) -> None:
        self.world = world
        self.delivery = delivery
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.menu_buttons: dict[int | None, JSONDict] = {}

    def handlers(self) -> dict[str, Handler]:
        """The methods by Telegram's spelling of their names."""
        return {
            "getMe": self.get_me,
            "logOut": self.log_out,
            "close": self.log_out,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setMyDescription": self._setter("description"),
            "getMyDescription": self._getter("description"),
            "setMyShortDescription": self._setter("short_description"),
            "getMyShortDescription": self._getter("short_description"),
            "setChatMenuButton": self.set_chat_menu_button,
            "getChatMenuButton": self.get_chat_menu_button,
        }

    async def get_me(self, p: Params) -> JSONDict:
        return {
            **self.world.bot_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def log_out(self, p: Params) -> bool:
        return True

    async def set_my_commands(self, p: Params) -> bool:
        value = p.json("commands", "commands")
        if value is None:
            value = []
        if not isinstance(value, list):
            raise bad_request("expected an Array of BotCommand")
        commands = [_bot_command(command) for command in value]
        key = self._commands_key(p)
        if commands:
            self.commands[key] = commands
        else:
            self.commands.pop(key, None)
        return True

    async def get_my_commands(self, p: Params) -> list[JSONDict]:
        return list(self.commands.get(self._commands_key(p), []))

    async def delete_my_commands(self, p: Params) -> bool:
        self.commands.pop(self._commands_key(p), None)
        return True

    def _commands_key(self, p: Params) -> tuple[str, str]:
        scope = p.json("scope", "BotCommandScope") or {"type": "default"}
        prefix = "can't parse BotCommandScope: "
        if not isinstance(scope, dict):
            raise bad_request(prefix + "BotCommandScope must be an Object")
        kind = scope.get("type")
        if not isinstance(kind, str):
            raise bad_request(prefix + 'Can\'t find field "type"')
        if kind not in _SCOPES:
            raise bad_request(prefix + "Unsupported type specified")
        normal: JSONDict = {"type": kind}
        if kind in ("chat", "chat_administrators", "chat_member"):
            if scope.get("chat_id") in (None, ""):
                raise bad_request(prefix + 'Can\'t find field "chat_id"')
            normal["chat_id"] = str(scope["chat_id"])
        if kind == "chat_member":
            normal["user_id"] = scope.get("user_id")
        return json.dumps(normal, sort_keys=True), p.text("language_code")

    def _setter(self, field: str) -> Handler:
        async def set_text(p: Params) -> bool:
            self.descriptions[(field, p.text("language_code"))] = p.text(field)
            return True

        return set_text

    def _getter(self, field: str) -> Handler:
        async def get_text(p: Params) -> JSONDict:
            return {field: self.descriptions.get((field, p.text("language_code")), "")}

        return get_text

    async def set_chat_menu_button(self, p: Params) -> bool:
        button = p.json("menu_button", "menu button") or {"type": "default"}
        chat_id = p.integer("chat_id", 0) or None
        self.menu_buttons[chat_id] = button
        return True

    async def get_chat_menu_button(self, p: Params) -> JSONDict:
        chat_id = p.integer("chat_id", 0) or None
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "commands"}

    # Updates

    async def get_updates(self, p: Params) -> list[JSONDict]:
        offset = p.integer("offset", 0)
        limit = p.integer("limit", 100, 1, 100)
        timeout = p.integer("timeout", 0, 0, LONG_POLL_MAX_TIMEOUT)
        if self.delivery.webhook is None:
            self.delivery.set_allowed_updates(p.json("allowed_updates", "allowed updates"))
        return await self.delivery.get_updates(offset, limit, timeout)

    async def set_webhook(self, p: Params) -> Answer:
        url = p.text("url")
        if not url:
            return await self.delete_webhook(p)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad_request("invalid webhook URL specified")
        if not _is_loopback(parts.hostname):
            raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
        secret = p.text("secret_token")
        if len(secret) > 256:
            raise bad_request("secret token is too long")
        if not _SECRET_TOKEN.match(secret):
            raise bad_request("secret token contains unallowed characters")
        config = WebhookConfig(
            url=url,
            secret_token=secret,
            max_connections=p.integer("max_connections", 40, 1, 100),
            ip_address=p.text("ip_address") or "127.0.0.1",
        )
        self.delivery.set_allowed_updates(p.json("allowed_updates", "allowed updates"))
        description = await self.delivery.set_webhook(config, p.flag("drop_pending_updates"))
        return Answer(True, description)

    async def delete_webhook(self, p: Params) -> Answer:
        description = await self.delivery.delete_webhook(p.flag("drop_pending_updates"))
        return Answer(True, description)

    async def get_webhook_info(self, p: Params) -> JSONDict:
        return self.delivery.webhook_info()


def _bot_command(value: Any) -> JSONDict:
    prefix = "can't parse BotCommand: "
    if not isinstance(value, dict):
        raise bad_request(prefix + "expected an Object")
    for name in ("command", "description"):
        if not isinstance(value.get(name), str):
            raise bad_request(prefix + f'Field "{name}" must be of type String')
    command = value["command"].removeprefix("/")
    if not _COMMAND.match(command):
        raise bad_request("BOT_COMMAND_INVALID")
    if not 1 <= len(value["description"].strip()) <= 256:
        raise bad_request("command description is empty or too long")
    return {"command": command, "description": value["description"]}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
