"""Sending, editing and deleting through the fake Bot API server, with Telegram's checks."""

from __future__ import annotations

import pytest
from telegram import Bot, BotCommand, BotCommandScopeChat, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from tests.fakes.bot_api.client import menu
from tests.fakes.bot_api.server import FakeBotApi, FakeUser

TWO_DAYS = 48 * 3600

# Sending, editing, deleting


async def test_send_edit_delete_round_trip(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    sent = await bot.send_message(
        user.id,
        "<b>Legal help</b> in <i>King County</i>",
        parse_mode=ParseMode.HTML,
        reply_markup=menu(("Call", "v1:call"), ("Back", "v1:back")),
        disable_notification=True,
    )
    assert sent.text == "Legal help in King County"
    assert sent.from_user is not None and sent.from_user.id == fake_bot_api.bot_id
    assert [e.type for e in sent.entities] == ["bold", "italic"]

    reply = await user.wait_for_reply()
    assert reply.message_id == sent.message_id == 2  # the /start was message 1
    assert reply.buttons[0][0] == ("Call", "v1:call", None)
    assert reply.button_texts == ["Call", "Back"]
    assert reply.disable_notification
    assert not reply.edited

    edited = await bot.edit_message_text("Updated", chat_id=user.id, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert edited.edit_date is not None
    after_edit = await user.wait_for_reply()
    assert (after_edit.text, after_edit.edited, after_edit.buttons) == ("Updated", True, ())

    assert await bot.delete_message(user.id, sent.message_id)
    assert [m.text for m in user.visible_messages()] == ["/start"]
    history = fake_bot_api.message_history(user.id, sent.message_id)
    assert [v.text for v in history] == ["Legal help in King County", "Updated"]
    assert fake_bot_api.messages(user.id)[1].deleted


async def test_message_ids_are_shared_by_both_sides_of_a_chat(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    first = await bot.send_message(user.id, "one")
    typed = await user.send_text("two")
    second = await bot.send_message(user.id, "three")

    assert (first.message_id, typed.message_id, second.message_id) == (2, 3, 4)
    other = fake_bot_api.user(first_name="Bo")
    await other.start()
    assert (await bot.send_message(other.id, "hi")).message_id == 2


async def test_html_is_checked_like_telegram_does(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(user.id, "<b>never closed", parse_mode=ParseMode.HTML)
    assert fake_bot_api.calls[-1].description == (
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""
    )
    with pytest.raises(BadRequest):
        await bot.send_message(user.id, "1 < 2", parse_mode=ParseMode.HTML)
    assert fake_bot_api.calls[-1].description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2'
    )
    with pytest.raises(BadRequest, match=r"(?i)reserved"):
        await bot.send_message(user.id, "Call 911.", parse_mode=ParseMode.MARKDOWN_V2)


async def test_text_limits_are_checked_after_formatting(bot: Bot, user: FakeUser) -> None:
    longest = await bot.send_message(user.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert len(longest.text or "") == 4096

    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(user.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(user.id, "  <b> </b> ", parse_mode="HTML")
    trimmed = await bot.send_message(user.id, "\n  spaced out  \n")
    assert trimmed.text == "spaced out"


async def test_callback_data_longer_than_64_bytes_is_refused(bot: Bot, user: FakeUser) -> None:
    await bot.send_message(user.id, "fits", reply_markup=menu(("ok", "é" * 32)))

    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(user.id, "too long", reply_markup=menu(("no", "x" * 65)))


async def test_editing_to_the_same_content_is_not_modified(bot: Bot, user: FakeUser) -> None:
    keyboard = menu(("Back", "v1:back"))
    sent = await bot.send_message(user.id, "Menu", reply_markup=keyboard)

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Menu", user.id, sent.message_id, reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard)

    # Omitting reply_markup removes the keyboard, so that edit does change the message.
    edited = await bot.edit_message_text("Menu", user.id, sent.message_id)
    assert isinstance(edited, Message)
    assert edited.reply_markup is None
    assert user.last_bot_message() is not None
    assert user.last_bot_message().buttons == ()  # type: ignore[union-attr]


async def test_only_the_bots_existing_messages_can_be_edited(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    typed = await user.send_text("mine")

    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("theirs", user.id, typed.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("ghost", user.id, 999)
    assert fake_bot_api.calls[-1].description == "Bad Request: message to edit not found"


async def test_delete_messages_takes_at_most_100_ids(bot: Bot, user: FakeUser) -> None:
    with pytest.raises(BadRequest, match=r"(?i)too many message identifiers"):
        await bot.delete_messages(user.id, list(range(1, 102)))
    with pytest.raises(BadRequest, match=r"(?i)message identifiers are not specified"):
        await bot.delete_messages(user.id, [])


async def test_delete_messages_removes_both_sides_and_skips_missing_ones(
    bot: Bot, user: FakeUser
) -> None:
    await bot.send_message(user.id, "menu")
    await user.send_text("lawyer")
    await bot.send_message(user.id, "results")

    assert await bot.delete_messages(user.id, [1, 2, 3, 4, 77])

    assert user.visible_messages() == []


async def test_deletion_is_refused_after_48_hours(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    old = await bot.send_message(user.id, "old")
    fake_bot_api.advance(TWO_DAYS - 60)
    recent = await bot.send_message(user.id, "recent")
    fake_bot_api.advance(60)

    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted for everyone"):
        await bot.delete_message(user.id, old.message_id)
    assert await bot.delete_messages(user.id, [1, old.message_id, recent.message_id])

    assert [m.text for m in user.visible_messages()] == ["/start", "old"]
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(user.id, recent.message_id)


async def test_a_blocked_bot_gets_forbidden(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    stranger = fake_bot_api.user()
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(stranger.id, "hello?")

    await stranger.start()
    await stranger.block_bot()
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(stranger.id, "hello?")
    updates = await bot.get_updates()
    assert updates[-1].my_chat_member is not None
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"


async def test_get_chat_describes_the_private_chat(bot: Bot, user: FakeUser) -> None:
    chat = await bot.get_chat(user.id)

    assert (chat.id, chat.type, chat.first_name, chat.username) == (
        user.id,
        "private",
        "Ana",
        "ana_w",
    )
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat(42)


async def test_commands_are_kept_per_scope_and_language(bot: Bot, user: FakeUser) -> None:
    await bot.set_my_commands([BotCommand("start", "Start over")])
    await bot.set_my_commands([BotCommand("start", "Empezar")], language_code="es")
    scope = BotCommandScopeChat(user.id)
    await bot.set_my_commands([BotCommand("erase", "Erase")], scope=scope)

    assert [c.description for c in await bot.get_my_commands()] == ["Start over"]
    assert [c.description for c in await bot.get_my_commands(language_code="es")] == ["Empezar"]
    assert [c.command for c in await bot.get_my_commands(scope=scope)] == ["erase"]
    assert await bot.get_my_commands(language_code="fr") == ()

    assert await bot.delete_my_commands(language_code="es")
    assert await bot.get_my_commands(language_code="es") == ()
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start Over", "no spaces")])


async def test_close_and_log_out_succeed(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    assert await bot.log_out()
    assert await bot.close()
    assert [c.method for c in fake_bot_api.calls[-2:]] == ["logOut", "close"]
