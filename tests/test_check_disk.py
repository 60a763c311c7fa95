"""scripts/check-disk.sh: the install and the tests stop early, naming the folder, when the disk is too full."""

from __future__ import annotations

import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check-disk.sh"


def _run(need_gb: int, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), str(need_gb), "the tests", str(folder)], capture_output=True, text=True)


def test_enough_space_passes_quietly(tmp_path: Path) -> None:
    result = _run(0, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_too_little_space_fails_naming_the_folder_and_what_to_free(tmp_path: Path) -> None:
    result = _run(10**9, tmp_path)  # a billion GB: no disk has that
    assert result.returncode == 2
    assert "not enough disk space for the tests" in result.stderr
    assert str(tmp_path) in result.stderr and "about 1000000000 GB needed" in result.stderr
    assert "Free some space" in result.stderr
