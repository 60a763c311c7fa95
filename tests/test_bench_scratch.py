"""bench.scratch: a benchmark's temporary store is deleted when the run ends, also on Ctrl-C."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(body: str) -> subprocess.CompletedProcess[str]:
    code = f"from bench.scratch import scratch_dir\nd = scratch_dir('scratch-test-')\n(d / 'x').write_text('1')\nprint(d, flush=True)\n{body}"
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)


def test_the_folder_is_removed_when_the_run_ends() -> None:
    result = _run("")
    folder = Path(result.stdout.strip())
    assert result.returncode == 0, result.stderr
    assert folder.name.startswith("scratch-test-") and not folder.exists()


def test_the_folder_is_removed_when_the_run_is_interrupted() -> None:
    result = _run("raise KeyboardInterrupt")
    folder = Path(result.stdout.strip())
    assert result.returncode != 0
    assert folder.name.startswith("scratch-test-") and not folder.exists()
