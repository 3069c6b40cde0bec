# The Telegram bot for production. No secret is baked in: give BOT_TOKEN (and in webhook mode
# WEBHOOK_URL and WEBHOOK_SECRET) at run time, e.g. `docker run --env-file .env ...`.
# See .env.example for every variable.
# The base image pinned by digest (the multi-platform index of python:3.11-slim-bookworm,
# Python 3.11.16, as docker-library/repo-info recorded it: repos/python/remote/
# 3.11-slim-bookworm.md at commit 33a22f41ac7b). To move to a newer build, take the digest from
# `docker buildx imagetools inspect python:3.11-slim-bookworm` and update this line.
FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b

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

# The dependencies from the lock file, every one pinned with its hashes (a file that does not
# match is refused): `make lock` writes requirements.lock from pyproject.toml. The bot itself is
# run from its source in /app; it needs no installing.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot

# The directory and the conversation, read at start (and later by live reload).
COPY resources ./resources
COPY conversations ./conversations

USER 10001:10001

# Webhook mode (WEBHOOK_URL set) serves POST /telegram and GET /healthz on $PORT, behind an
# HTTPS reverse proxy. Polling mode (the default) serves only /healthz, on 127.0.0.1.
EXPOSE 8080

# GET /healthz on 127.0.0.1:$PORT, served in both modes (in polling mode on loopback only, and
# healthy only while getUpdates rounds keep coming back). The module imports nothing but the
# standard library: about 18 MB and a tenth of a second every 30 s.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]

# SIGTERM (docker stop) stops taking updates, finishes the ones in flight within
# SHUTDOWN_SECONDS (7 by default, inside Docker's 10) and exits 0.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
