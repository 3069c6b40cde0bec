"""Whether the bot is healthy, as /healthz (and so `python -m bot healthcheck`) says.

Healthy while it takes updates: not stopping, and in polling mode only while getUpdates rounds
keep coming back (the long poll returns at least every POLL_TIMEOUT_SECONDS, so a poller that
has not completed a round for far longer is wedged or cannot reach Telegram).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.channels.telegram.app import BotApplication


def health(application: BotApplication) -> tuple[bool, str]:
    """(healthy, a few words why) for `application` now."""
    if not application.running or not application.intake.open:
        return False, "stopping"
    poller = application.poller
    if application.updater is not None and poller is not None:
        quiet = poller.seconds_since_round()
        if quiet > poller.stale_after:
            return False, f"no getUpdates round completed for {quiet:.0f} s"
    return True, "ok"
