"""A real redis-server of the test's own, on a free port of 127.0.0.1, keeping nothing on disk.

    with RedisServer(tmp_path) as redis:      # or the redis_server / redis_url fixtures
        settings = bot_settings(fake, "webhook", redis_url=SecretStr(redis.url))
        redis.stop(); redis.start()           # an outage, and Redis back on the same port

Debian's `redis-server` must be installed (`.ci/run` installs it); without it the tests that
need it are skipped, unless REQUIRE_REDIS=1 (as in CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
READY_SECONDS = 10.0


def require_redis() -> None:
    """Skips the test without redis-server (fails instead when REQUIRE_REDIS=1)."""
    if Path(REDIS_SERVER).exists():
        return
    message = "redis-server is not installed (apt-get install redis-server)"
    if os.environ.get("REQUIRE_REDIS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One redis-server process (restartable on the same port)."""

    def __init__(self, directory: Path) -> None:
        require_redis()
        self.directory = directory
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Starts it (on a new free port the first time, on the same port after a stop)."""
        for _ in range(5):  # a free port can be taken between choosing and binding it
            port = self.port or _free_port()
            arguments = {
                "--port": str(port),
                "--bind": "127.0.0.1",
                "--save": "",  # nothing on disk
                "--appendonly": "no",
                "--dir": str(self.directory),
                "--loglevel": "warning",
            }
            process = subprocess.Popen(
                [REDIS_SERVER, *(part for pair in arguments.items() for part in pair)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + READY_SECONDS
            while process.poll() is None and time.monotonic() < deadline:
                if _answers_ping(port):
                    self._process, self.port = process, port
                    return
                time.sleep(0.02)
            process.kill()
            process.wait()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Kills it at once (as a crash would): every connection to it drops."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def flush(port: int) -> None:
    """Empties every database of the server on `port`."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"FLUSHALL\r\n")
        if not connection.recv(16).startswith(b"+OK"):
            raise RuntimeError("FLUSHALL failed")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One redis-server for the whole run (tests that stop it start their own)."""
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The shared redis-server's URL, emptied for this test."""
    flush(redis_server.port)
    return redis_server.url
