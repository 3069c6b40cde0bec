# The Telegram bot for production. No secret is baked in: give BOT_TOKEN (and in webhook mode
# WEBHOOK_URL and WEBHOOK_SECRET) at run time, e.g. `docker run --env-file .env ...`.
# See .env.example for every variable.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PTB_TIMEDELTA=true \
    RESOURCES_DIR=/app/resources \
    CONVERSATIONS_DIR=/app/conversations \
    PORT=8080

# A user that owns nothing: the bot writes no file anywhere.
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin bot

WORKDIR /app

# The project and its pinned dependencies (pyproject.toml), without the dev extras.
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip install --no-cache-dir .

# The directory and the conversation, read at start (and later by live reload).
COPY resources ./resources
COPY conversations ./conversations

USER 10001:10001

# Webhook mode (WEBHOOK_URL set) serves POST /telegram and GET /healthz on $PORT, behind an
# HTTPS reverse proxy. Polling mode (the default) has no HTTP server at all.
EXPOSE 8080

# In webhook mode this asks GET /healthz on $PORT; in polling mode there is nothing to ask, so
# it only proves Python and the package start, and exits 0.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]

# SIGTERM (docker stop) stops taking updates, finishes the ones in flight and exits 0.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
