"""``advisor refusals``: the refused questions of a deployment's log, with the department whose business each is."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from state.refusals import RefusalLog


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """The ``advisor`` console script as installed (the command is mounted there)."""
    from advisor_cli import app

    return app


@pytest.fixture()
def logged(make_settings, tmp_path):
    """A data dir whose refusal log (the real SQLite state database) holds four refused questions."""
    log = RefusalLog.from_settings(make_settings(tmp_path))
    for question, user in (("员工辞职需要提前几天提交申请？", "li"), ("员工辞职需要提前几天提交申请", "wang"),
                           ("明天北京的天气怎么样？", "li"), ("部门的名片用完了，去哪里重新印？", None),
                           ("跨部门项目的复盘模板在哪里下载？", "zhao")):
        log.record(question, user, 0.85)
    return tmp_path


def test_json_lists_each_question_once_with_its_owner(app, logged):
    result = CliRunner().invoke(app, ["refusals", "--data-dir", str(logged), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["count"] == 2 and rows[0]["owner"] == "人力资源部" and rows[0]["users"] == ["li", "wang"]
    owners = {r["question"]: r["owner"] for r in rows}
    assert owners["部门的名片用完了，去哪里重新印？"] == "行政部"
    assert owners["明天北京的天气怎么样？"] is None and owners["跨部门项目的复盘模板在哪里下载？"] is None


def test_table_sums_up_gaps_and_departments(app, logged):
    result = CliRunner().invoke(app, ["refusals", "--data-dir", str(logged)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "复盘模板" in result.stdout and "归属部门" in result.stdout
    assert "知识库缺口 2 个问题" in result.stdout and "人力资源部 1" in result.stdout and "行政部 1" in result.stdout


def test_gaps_only(app, logged):
    result = CliRunner().invoke(app, ["refusals", "--data-dir", str(logged), "--json", "--gaps", "--limit", "10"])
    assert sorted(json.loads(line)["question"] for line in result.stdout.splitlines()) == [
        "明天北京的天气怎么样？", "跨部门项目的复盘模板在哪里下载？"]


def test_empty_log_and_unreadable_database(app, tmp_path):
    result = CliRunner().invoke(app, ["refusals", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0 and "no refused questions" in result.stdout
    not_a_dir = tmp_path / "file.txt"
    not_a_dir.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["refusals", "--data-dir", str(not_a_dir)])
    assert result.exit_code == 2 and "cannot read the refusal log" in result.output and "--data-dir" in result.output
