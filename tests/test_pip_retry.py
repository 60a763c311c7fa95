"""scripts/pip-retry.sh: the install retries pip when the registry drops a download."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pip-retry.sh"


def _flaky_python(tmp_path: Path, failures: int) -> Path:
    """A stand-in interpreter whose `-m pip install` fails `failures` times, then succeeds (failure injection)."""
    counter = tmp_path / "calls"
    fake = tmp_path / "python"
    fake.write_text(
        "#!/usr/bin/env bash\n"
        'if [[ "$*" == *--help* ]]; then echo "  --resume-retries <n>"; exit 0; fi\n'
        f'echo "$*" >> {counter}\n'
        f'n=$(wc -l < {counter})\n'
        f'if (( n <= {failures} )); then echo "error: incomplete-download" >&2; exit 1; fi\n'
        "exit 0\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def _run(fake: Path, attempts: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIP_ATTEMPTS": str(attempts), "PIP_RETRY_PAUSES": "0"}
    return subprocess.run(
        ["bash", str(SCRIPT), str(fake), "install", "chromadb"], env=env, capture_output=True, text=True
    )


def test_a_dropped_download_is_retried_until_it_succeeds(tmp_path: Path) -> None:
    result = _run(_flaky_python(tmp_path, failures=2), attempts=4)
    calls = (tmp_path / "calls").read_text().splitlines()
    assert result.returncode == 0, result.stderr
    assert len(calls) == 3
    assert all("--resume-retries 20" in call and "--retries 10" in call for call in calls)
    assert "attempt 2 of 4" in result.stderr


def test_it_gives_up_after_the_last_attempt_with_pips_exit_code(tmp_path: Path) -> None:
    result = _run(_flaky_python(tmp_path, failures=9), attempts=3)
    assert result.returncode == 1
    assert len((tmp_path / "calls").read_text().splitlines()) == 3
    assert "pip failed 3 times" in result.stderr


def test_a_full_disk_is_not_retried_and_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text(
        "#!/usr/bin/env bash\n"
        'if [[ "$*" == *--help* ]]; then exit 0; fi\n'
        f'echo "$*" >> {tmp_path / "calls"}\n'
        'echo "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device" >&2\n'
        "exit 1\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    result = _run(fake, attempts=4)
    assert result.returncode == 1
    assert len((tmp_path / "calls").read_text().splitlines()) == 1
    assert "No space left on device" in result.stderr  # pip's own message still shown
    assert "the disk is full" in result.stderr and "retrying" not in result.stderr
