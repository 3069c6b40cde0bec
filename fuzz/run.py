"""Runs every atheris harness for a bounded time: what CI runs (tests/fuzz/test_atheris.py).

    python fuzz/run.py --seconds 20            # all harnesses, 20 s in all
    python fuzz/run.py --seconds 600 --only yaml --keep /tmp/fuzz-yaml

Each harness runs in its own process with the seconds shared out, starting from its seeds
(fuzz/seeds.py) in a temporary corpus, with a per-input limit: an input that takes longer than
--input-timeout seconds counts as a hang, as one that raises counts as a crash. Nothing is
written under the project: corpus, crash inputs and logs go to a temporary folder, kept (and
printed) when something was found, or to --keep. To replay a crash:

    python fuzz/fuzz_<name>.py <the crash file>

Exit status: 0 when every harness ran its time without a finding, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bot` and `fuzz` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.seeds import all_seeds, write

HERE = Path(__file__).resolve().parent
HARNESSES = {
    "engine": ("fuzz_engine.py", 4096),
    "webhook_body": ("fuzz_webhook_body.py", 8192),
    "yaml": ("fuzz_yaml.py", 65536),  # the shipped files are up to ~25 kB
}
STARTUP_ALLOWANCE = 60.0  # imports and setup, before libFuzzer's clock starts
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")


@dataclass(frozen=True)
class Outcome:
    name: str
    returncode: int
    runs: int
    seconds: float
    findings: list[Path]
    log: Path

    @property
    def clean(self) -> bool:
        return self.returncode == 0 and not self.findings


def run_one(name: str, seconds: int, input_timeout: int, work: Path) -> Outcome:
    script, max_len = HARNESSES[name]
    corpus = work / name / "corpus"
    artifacts = work / name / "findings"
    write(corpus, all_seeds()[name])
    artifacts.mkdir(parents=True, exist_ok=True)
    log = work / name / "log.txt"
    command = [
        sys.executable,
        str(HERE / script),
        str(corpus),
        f"-max_total_time={seconds}",
        f"-timeout={input_timeout}",
        f"-max_len={max_len}",
        "-rss_limit_mb=2048",
        f"-artifact_prefix={artifacts}/",
        "-print_final_stats=1",
    ]
    env = {**os.environ, "TMPDIR": str(work / name), "PTB_TIMEDELTA": "true"}
    started = time.perf_counter()
    with log.open("wb") as output:
        try:
            process = subprocess.run(
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=work / name,
                timeout=seconds + input_timeout + STARTUP_ALLOWANCE,
                check=False,
            )
            returncode = process.returncode
        except subprocess.TimeoutExpired:
            returncode = -1
    elapsed = time.perf_counter() - started
    done = _DONE.findall(log.read_text(errors="replace"))
    runs = int(done[-1][0]) if done else 0
    findings = sorted(p for p in artifacts.iterdir() if p.is_file())
    return Outcome(name, returncode, runs, elapsed, findings, log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="in all, shared out (20)")
    parser.add_argument("--only", help="comma-separated harness names: " + ", ".join(HARNESSES))
    parser.add_argument("--input-timeout", type=int, default=10, help="a hang, per input (10)")
    parser.add_argument("--keep", type=Path, help="keep corpus, findings and logs here")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(HARNESSES)
    unknown = [n for n in names if n not in HARNESSES]
    if unknown:
        parser.error(f"unknown harness {unknown[0]!r}; known: {', '.join(HARNESSES)}")
    each = max(2, args.seconds // len(names))
    work = args.keep or Path(tempfile.mkdtemp(prefix="fuzz-run-"))
    work.mkdir(parents=True, exist_ok=True)
    outcomes = [run_one(name, each, args.input_timeout, work) for name in names]
    for outcome in outcomes:
        verdict = "clean" if outcome.clean else "FOUND SOMETHING"
        print(
            f"{outcome.name:>13}: {outcome.runs} inputs in {outcome.seconds:.1f} s "
            f"(exit {outcome.returncode}) - {verdict}"
        )
    failed = [o for o in outcomes if not o.clean]
    for outcome in failed:
        tail = outcome.log.read_text(errors="replace").splitlines()[-40:]
        print(f"\n--- {outcome.name}: last lines of {outcome.log}", *tail, sep="\n")
        for finding in outcome.findings:
            script = HARNESSES[outcome.name][0]
            print(f"replay: python fuzz/{script} {finding}")
    if failed:
        print(f"\nEverything is kept in {work}")
        return 1
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
