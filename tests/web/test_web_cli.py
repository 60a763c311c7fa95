"""``advisor web`` fails fast and clearly on a bad users file (before loading models or syncing)."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from web.cli import web


def test_bad_users_file_exits_2(tmp_path):
    app = typer.Typer()
    app.command()(web)
    bad = tmp_path / "users.yaml"
    bad.write_text("users:\n  li:\n    department: 财务部\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--users-file", str(bad), "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 2
    assert "users.li.password_hash" in result.output and "python -m web.auth hash" in result.output
    assert not (tmp_path / "data").exists()
