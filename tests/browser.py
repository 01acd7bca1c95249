"""The headless Chromium the browser tests open report pages in: where it is, how it runs, and
what happens when it is missing (a skip here, a failure in CI, so the check never vanishes there)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
# Offline and quiet: no network, no first-run pages, no component updates, a fresh profile.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def browser(what: str) -> str:
    """The Chromium to use; without one, WHAT (the pages the test checks) is skipped, or in CI failed."""
    if BROWSER is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but no Chromium was found: install chromium so {what} is checked in a browser")
        pytest.skip(f"no Chromium installed (apt-get install chromium); {what} is not checked in a browser")
    return BROWSER


def chromium(tmp_path: Path, what: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """Chromium run once with ARGS and a fresh profile under TMP_PATH; its output as text."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run([browser(what), *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=timeout, check=False)
