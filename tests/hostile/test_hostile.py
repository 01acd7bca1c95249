"""Every hostile case, run as a whole process of the installed tool within 2 GiB and a timeout:
an allowed exit code, no traceback, a one-line error, inputs unchanged (see README.md here)."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hostile_cases import CASES, GENERATORS, Case, Run
import hostile_wider  # noqa: E402,F401  (registers the wider run's generators)

MEMORY_LIMIT = 2 * 1024**3  # bytes of address space, the bound the issue sets


def _script() -> list[str]:
    installed = Path(sys.executable).with_name("register-audit")
    if installed.exists():
        return [str(installed)]
    found = shutil.which("register-audit")
    return [found] if found else [sys.executable, "-m", "register_audit"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _digest(path: Path) -> tuple[str, int]:
    target = path.resolve()
    return hashlib.sha256(target.read_bytes()).hexdigest(), os.stat(target).st_mode


def _feed(fifo: Path, make) -> None:
    """Write into FIFO until what MAKE gives runs out or the reader goes away."""
    try:
        with open(fifo, "wb") as pipe:
            produced = make()
            for chunk in [produced] if isinstance(produced, bytes) else produced:
                pipe.write(chunk)
    except (BrokenPipeError, OSError):
        pass


def run_case(case: Case, tmp: Path) -> Run:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PYTHONWARNINGS": "default"}
    feeder = None
    if case.feed is not None:
        feeder = threading.Thread(target=_feed, args=case.feed, daemon=True)
        feeder.start()
    process = subprocess.Popen(_script() + case.args, stdin=subprocess.PIPE if case.stdin is not None else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=case.cwd or tmp, env=env,
                               preexec_fn=_limit_memory)
    try:
        if case.signal_after is not None:
            try:
                out, err = process.communicate(case.stdin, timeout=case.signal_after)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGTERM)
                out, err = process.communicate(timeout=case.timeout)
        else:
            out, err = process.communicate(case.stdin, timeout=case.timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        if case.feed is not None:  # unblock a feeder still waiting for a reader
            with open(case.feed[0], "rb", buffering=0) as pipe:
                pipe.read(1)
        pytest.fail(f"still running after {case.timeout:.0f} s: {' '.join(case.args)}")
    if feeder is not None and feeder.is_alive():
        try:  # the tool refused the FIFO without opening it: open it once so the feeder returns
            fd = os.open(case.feed[0], os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
        feeder.join(5)
    return Run(case, tmp, process.returncode, out, err.decode("utf-8", errors="replace"))


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_hostile_case(case_id: str, tmp_path: Path) -> None:
    """The tool survives the case: allowed exit code, no traceback, one-line error, inputs unchanged."""
    _, build = CASES[case_id]
    case = build(tmp_path)
    before = {path: _digest(path) for path in case.reads}
    run = run_case(case, tmp_path)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode in case.codes, f"exit {run.returncode}, stderr: {run.stderr[-2000:]}"
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    if run.returncode == 2:
        assert len(errors) == 1, f"expected one error line, got: {run.stderr!r}"
        others = [line for line in run.stderr.splitlines() if not line.startswith(("error:", "warning:"))]
        assert not others, f"stray stderr lines: {others}"
    for word in case.stderr:
        assert word in run.stderr, f"{word!r} not in {run.stderr!r}"
    for path, digest in before.items():
        assert _digest(path) == digest, f"{path} changed"
    if case.check is not None:
        case.check(run)


def test_every_generator_has_cases() -> None:
    """Each class of attack the README lists has a generator with at least one case."""
    readme = (Path(__file__).parent / "README.md").read_text(encoding="utf-8")
    for name in GENERATORS:
        assert f"`{name}`" in readme, f"{name} is not described in tests/hostile/README.md"
        assert any(kind == name for kind, _ in CASES.values())
