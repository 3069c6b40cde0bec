"""Atheris harness: any content for one of the shipped YAML files (the directory and the
conversation), loaded with the others through the real loaders (what start-up and live reload
run). It must load into content that serves every screen one tap from the start, or be refused
with problems naming the file and a line inside it, each one plain line; never raise.

Input: a byte choosing the file (fuzz/seeds.py SHIPPED), then the file's new content. The
seeds are the shipped files themselves, so the fuzzer starts from real, valid content.

    python fuzz/fuzz_yaml.py [corpus] -max_len=65536 -max_total_time=60    # or fuzz/run.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bot`, `fuzz` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import atheris

with atheris.instrument_imports(include=["bot"]):
    from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, load_content
    from bot.directory.entries import LoadOptions

from fuzz.seeds import SHIPPED
from tests.fuzz.checks import assert_refused_clearly, assert_serves

OPTIONS = LoadOptions(today=dt.date(2026, 11, 28))
FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-yaml-"))  # under run.py's own temporary folder
shutil.copytree(DEFAULT_RESOURCES, FOLDER / "resources")
shutil.copytree(DEFAULT_CONVERSATIONS, FOLDER / "conversations")
ORIGINALS = {path: (FOLDER / path).read_bytes() for path in SHIPPED}


def test_one_input(data: bytes) -> None:
    if not data:
        return
    path = SHIPPED[data[0] % len(SHIPPED)]
    (FOLDER / path).write_bytes(data[1:])
    try:
        result = load_content(FOLDER / "resources", FOLDER / "conversations", OPTIONS)
        if result.content is not None:
            assert_serves(result)
        else:
            assert_refused_clearly(result, FOLDER)
    finally:
        (FOLDER / path).write_bytes(ORIGINALS[path])


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
