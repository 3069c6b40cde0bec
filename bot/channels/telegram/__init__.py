"""The Telegram channel: python-telegram-bot around the engine (see app.build_application)."""
