"""Fixtures for the evaluation tests: a tiny corpus ingested once per session into its own store."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from evaluation.cli import eval_command

DOCS = {
    "policies/meetings.md": """\
        ---
        title: 跨部门会议管理规定（测试）
        type: policy
        department: 总经理办公室
        ---
        # 跨部门会议管理规定（测试）
        ## 第五条
        跨部门例会每两周召开一次，由总经理办公室负责组织。
        ## 第十二条
        会议纪要应当在会后三个工作日内发送全体参会部门，并明确每项事项的负责人和完成时间。
        """,
    "policies/sla.md": """\
        ---
        title: 内部服务时限规定（测试）
        type: policy
        department: 运营管理部
        ---
        # 内部服务时限规定（测试）
        ## 第三条
        一般协作请求应在2个工作日内响应，紧急请求应在4小时内响应。
        ## 第四条
        超过时限未响应的请求，发起部门可以提交部门负责人协调，仍未解决的报分管副总裁裁决。
        """,
    "guidance/trust.md": """\
        ---
        title: 重建部门间信任（测试）
        type: guidance
        ---
        # 重建部门间信任
        信任受损的信号包括：凡事要求书面确认、口头约定不被认可、出问题先截图取证。
        重建信任可以从兑现小承诺开始，组织互访，并在复盘时只谈事实不谈对错。
        """,
}

QUESTIONS = [
    {"id": "t1", "question": "跨部门会议纪要要在多长时间内发出？", "expected_sources": ["policies/meetings.md"],
     "answers": [["三个工作日", "3个工作日"]], "tags": ["policy"]},
    {"id": "t2", "question": "紧急的协作请求多久内必须响应？", "expected_sources": ["policies/sla.md"],
     "answers": ["4小时"], "answer_keywords": ["紧急", "4小时"], "tags": ["policy", "sla"]},
    {"id": "t3", "question": "怎么看出和兄弟部门的信任出了问题？", "evidence_any": ["截图取证", "口头约定不被认可"],
     "reference_answer": "信号包括凡事要求书面确认、口头约定不被认可、出问题先截图取证。", "tags": ["guidance"]},
    {"id": "t4", "question": "跨部门例会多久开一次，谁来组织？", "expected_sources": ["policies/meetings.md"],
     "answers": ["两周", "总经理办公室"], "tags": ["policy"]},
    {"id": "t5", "question": "明年公司的股票分红比例是多少？", "should_refuse": True, "tags": ["refuse"]},
]


def run(*args: str | Path):
    """Invoke ``advisor eval`` in-process with these arguments."""
    app = typer.Typer()
    app.command()(eval_command)
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def lines(out: Path) -> list[dict]:
    return [json.loads(l) for l in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def run_eval() -> Callable:
    return run


@pytest.fixture(scope="session")
def read_lines() -> Callable[[Path], list[dict]]:
    return lines


@pytest.fixture(scope="session")
def eval_questions() -> list[dict]:
    return QUESTIONS


@pytest.fixture(scope="session")
def corpus_docs() -> dict[str, str]:
    return DOCS


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for rel, text in DOCS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def questions_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("q") / "questions.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus_store")


@pytest.fixture(scope="session")
def first_run(corpus, questions_file, store_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run1")
    result = run(questions_file, "--out", out, "--corpus", corpus, "--data-dir", store_dir, "--llm", "extractive", "--no-progress")
    assert result.exit_code == 0, result.output
    return out
