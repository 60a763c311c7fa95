"""``advisor ask``: JSON output with the results-line fields, pretty output, exit 2 on bad usage."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli import ask


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("ask")(ask)

    @app.callback()
    def _root() -> None:
        """advisor (test mount)"""

    return app


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_ask_json(app, runner, kb_settings):
    result = runner.invoke(app, ["ask", "标注为“紧急”的协作需求，服务方必须在多久内响应？", "--json", "--llm", "extractive",
                                 "--data-dir", str(kb_settings.data_dir), "--k", "4"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"question", "answer", "refused", "llm", "citations", "contexts", "latency_ms"} <= set(data)
    assert data["llm"] == "extractive" and data["refused"] is False
    assert len(data["contexts"]) == 4 and data["contexts"][0]["rank"] == 1
    assert "4小时" in data["answer"]
    assert any(c["source"] == "policies/cross-department-collaboration.md" for c in data["citations"])


def test_ask_pretty_with_user(app, runner, kb_settings):
    result = runner.invoke(app, ["ask", "协作绩效在部门负责人年度KPI里占多大权重？", "--llm", "extractive",
                                 "--data-dir", str(kb_settings.data_dir), "--user", "li", "--department", "市场部"])
    assert result.exit_code == 0, result.output
    assert "performance-collaboration" not in result.output
    manager = runner.invoke(app, ["ask", "协作绩效在部门负责人年度KPI里占多大权重？", "--llm", "extractive", "--json",
                                  "--data-dir", str(kb_settings.data_dir), "--user", "zhao", "--role", "manager"])
    assert manager.exit_code == 0, manager.output
    assert any(c["source"] == "policies/performance-collaboration.md" for c in json.loads(manager.stdout)["contexts"])


def test_pretty_output_shows_citations(app, runner, kb_settings):
    result = runner.invoke(app, ["ask", "跨部门例会由谁主持？", "--llm", "extractive", "--data-dir", str(kb_settings.data_dir)])
    assert result.exit_code == 0, result.output
    assert "引用" in result.output and "《" in result.output and "llm=extractive" in result.output


@pytest.mark.parametrize("args,message", [
    (["   "], "empty"),
    (["跨部门会议怎么开？", "--k", "0"], "--k"),
    (["跨部门会议怎么开？", "--llm", "gpt5"], "not a backend"),
])
def test_bad_usage_exits_2(app, runner, kb_settings, args, message):
    result = runner.invoke(app, ["ask", *args, "--data-dir", str(kb_settings.data_dir)])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_empty_store_exits_2_and_says_sync(app, runner, tmp_path):
    result = runner.invoke(app, ["ask", "跨部门会议怎么开？", "--llm", "extractive", "--data-dir", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "advisor ingest sync" in result.output


def test_ask_on_a_terminal_shows_evidence_before_the_advice(kb_settings, tmp_path):
    """A real ``advisor ask`` on a pseudo-terminal: the evidence block is printed before the answer streams."""
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    main, follower = pty.openpty()
    env = dict(os.environ, COLUMNS="160", ADVISOR_LLM="extractive")
    repo = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", "from advisor_cli import app; app()", "ask", "会议纪要要在会后多长时间内发出？",
                             "--data-dir", str(kb_settings.data_dir)], stdin=subprocess.DEVNULL, stdout=follower,
                            stderr=subprocess.STDOUT, cwd=repo, env=env)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=120) == 0, out.decode(errors="replace")
    text = out.decode(errors="replace")
    assert "依据" in text and "结论" in text, text
    assert text.index("依据") < text.index("结论"), text
    assert "第" in text[text.index("依据"):text.index("结论")]  # a clause is named in the evidence


def test_an_adapter_file_it_cannot_use_exits_2_and_names_it(app, runner, kb_settings, tmp_path, monkeypatch):
    bad = tmp_path / "adapter.npz"
    bad.write_bytes(b"not an adapter")
    monkeypatch.setenv("ADVISOR_QUERY_ADAPTER", str(bad))
    result = runner.invoke(app, ["ask", "跨部门例会由谁主持？", "--llm", "extractive", "--data-dir", str(kb_settings.data_dir)])
    assert result.exit_code == 2, result.output
    assert f"{bad}: not a query adapter file" in result.output and "ADVISOR_QUERY_ADAPTER=off" in result.output
