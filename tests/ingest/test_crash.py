"""Crash safety: kill a sync at every step of the update protocol (and at random), then prove that
readers saw exactly one version of every document and that the next sync repairs everything.

Runs on both state engines: the SQLite manifest under the data dir, and PostgreSQL
(``ADVISOR_DATABASE_URL``; each case gets its own copy of the template database).

Each sync runs in a subprocess (``$ADVISOR_CRASH_AT`` makes it ``os._exit(137)`` at a named point);
inspection runs in a fresh subprocess too, so no process ever reads a store another one is writing.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

HELPER = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    from ingest.settings import Settings
    from ingest.embeddings import make_embeddings
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer
    from ingest.keyword_index import KeywordIndex, saved_generation

    def open_store(data, folder):
        s = Settings(_env_file=None, data_dir=Path(data), knowledge_dir=Path(folder), llm="extractive")
        e = make_embeddings(s)
        return s, e, KnowledgeStore.open(s, e)

    def inspect(s, e, st):
        live = {r.source: (r.version_key, r.chunk_count) for r in st.documents()}
        def by_source(docs):
            out = {}
            for d in docs:
                out.setdefault(d.metadata["source"], []).append(d.metadata["version_key"])
            return out
        dense = by_source(d for d, _ in st.dense_search(e.embed_query("协作 部门 沟通"), 200))
        chunks = by_source(st.get_chunks())
        ki = KeywordIndex.load(s)
        kw_live, kw_all = {}, {}
        if ki is not None:
            for q in ("协作", "部门", "版本", "沟通"):
                for cid, _ in ki.search(q, 200, version_keys=[v for v, _ in live.values()]):
                    d = ki.chunk(cid); kw_live.setdefault(d.metadata["source"], []).append(d.metadata["version_key"])
                for cid, _ in ki.search(q, 200):
                    d = ki.chunk(cid); kw_all.setdefault(d.metadata["source"], []).append(d.metadata["version_key"])
        return {"live": live, "dense": dense, "chunks": chunks, "kw_live": kw_live, "kw_all": kw_all,
                "total": st.collection.count(), "count": st.count(), "generation": st.generation(),
                "kw_generation": saved_generation(s)}

    cmd, data, folder = sys.argv[1:4]
    s, e, st = open_store(data, folder)
    if cmd == "sync":
        e.model  # load before announcing readiness
        print("READY", flush=True)
        r = Syncer(s, st, e).sync(Path(folder), progress=False)
        print(json.dumps(r.to_dict()), flush=True)
    elif cmd == "check":
        before = inspect(s, e, st)
        report = Syncer(s, st, e).sync(Path(folder), progress=False).to_dict()
        print(json.dumps({"before": before, "report": report, "after": inspect(s, e, st)}))
''')

SECTION = "## {h}\n\n{body}\n\n"


def doc(title: str, version: str, sections: list[tuple[str, str]]) -> str:
    head = f"---\ntitle: {title}\ntype: guidance\nversion: \"{version}\"\n---\n\n# {title}\n\n"
    return head + "".join(SECTION.format(h=h, body=b) for h, b in sections)


V1 = {
    "a.md": doc("甲", "1", [("沟通", "部门之间沟通要有固定渠道，协作问题当周处理。"), ("资源", "共享数据平台，减少重复建设。")]),
    "b.md": doc("乙", "1", [("目标", "跨部门协作先对齐目标，版本一的说法。"), ("分工", "明确牵头部门和配合部门。")]),
    "c.md": doc("丙", "1", [("会议", "会议前发议程，会后发纪要。"), ("跟踪", "协作事项每周跟踪一次。")]),
    "e.md": doc("戊", "1", [("激励", "把协作表现纳入部门考核。"), ("复盘", "项目结束后组织复盘会议。")]),
}
V2_CHANGES = {
    "b.md": doc("乙", "2", [("目标", "跨部门协作先对齐目标，版本二改写了这一段。"), ("分工", "明确牵头部门和配合部门。")]),
    "d.md": doc("丁", "1", [("升级", "协作分歧三天不能解决就升级到共同上级。"), ("记录", "升级事项要记录结论。")]),
}
V2_REMOVED = ("c.md", "e.md")
POINTS = ["after-upsert", "after-commit", "mid-delete", "after-remove-commit",
          "keyword-index-written", "keyword-index-switched"]


def write_folder(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def helper_env(database: str | None) -> dict[str, str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    env.pop("ADVISOR_CRASH_AT", None)
    env.pop("ADVISOR_DATABASE_URL", None)
    if database:
        env["ADVISOR_DATABASE_URL"] = database
    return env


def run_helper(helper: Path, cmd: str, data: Path, folder: Path, crash_at: str | None = None,
               timeout: float = 600, database: str | None = None) -> subprocess.CompletedProcess:
    env = helper_env(database)
    if crash_at:
        env["ADVISOR_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, str(helper), cmd, str(data), str(folder)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


class CrashEnv:
    """A helper script, a v1 store template (synced once), the v2 folder, and how to clone the template."""

    def __init__(self, root: Path, postgres=None) -> None:
        self.helper = root / "helper.py"
        self.helper.write_text(HELPER, encoding="utf-8")
        self.postgres = postgres
        self.template_db = postgres.create_database(f"crash_template_{root.name}".lower()) if postgres else None
        v1, self.template = root / "v1", root / "template"
        write_folder(v1, V1)
        done = run_helper(self.helper, "sync", self.template, v1, database=self.template_db)
        assert done.returncode == 0, done.stderr
        self.v2 = root / "v2"
        shutil.copytree(v1, self.v2)
        for name in V2_REMOVED:
            (self.v2 / name).unlink()
        write_folder(self.v2, V2_CHANGES)
        first = run_helper(self.helper, "check", self.template, v1, database=self.template_db)
        assert first.returncode == 0, first.stderr
        self.v1_keys = {s: vk for s, (vk, _) in json.loads(first.stdout)["after"]["live"].items()}

    def clone(self, data: Path) -> str | None:
        """Copy the template data dir (and database) for one case; returns the case's database URL."""
        shutil.copytree(self.template, data)
        if self.postgres is None:
            return None
        return self.postgres.create_database(f"crash_{data.parent.name}_{data.name}"[:60].lower(),
                                             template=self.template_db.rsplit("/", 1)[1])


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def crash_env(request, tmp_path_factory):
    postgres = request.getfixturevalue("postgres") if request.param == "postgres" else None
    return CrashEnv(tmp_path_factory.mktemp(f"crash_{request.param}"), postgres)


def assert_one_version_each(state: dict, allowed: dict[str, set[str]]) -> None:
    """Every reader path shows, per document, exactly the live version with all its chunks."""
    live = state["live"]
    for source, (vk, n) in live.items():
        assert vk in allowed[source], (source, vk)
        assert state["chunks"].get(source) == [vk] * n, (source, state["chunks"].get(source))
        assert set(state["dense"].get(source, [])) == {vk}, (source, state["dense"].get(source))
        assert set(state["kw_live"].get(source, [vk])) == {vk}, source
    for view in ("chunks", "dense", "kw_live", "kw_all"):
        for source, keys in state[view].items():
            assert source in live, (view, source)
            assert set(keys) == {live[source][0]}, (view, source, keys)
    assert state["count"] == sum(n for _, n in live.values())


def assert_repaired(result: dict, expected: dict[str, str]) -> None:
    after = result["after"]
    assert {s: vk for s, (vk, _) in after["live"].items()} == expected
    assert after["total"] == after["count"], "orphaned chunks left in Chroma"
    assert after["kw_generation"] == after["generation"], "keyword index not rebuilt"
    assert_one_version_each(after, {s: {vk} for s, vk in expected.items()})


def expected_v2(v1_keys: dict[str, str], v2: Path) -> dict[str, str]:
    import hashlib

    keys = {s: vk for s, vk in v1_keys.items() if s not in V2_REMOVED}
    for name in V2_CHANGES:
        keys[name] = f"{name}#{hashlib.sha256((v2 / name).read_bytes()).hexdigest()}"
    return keys


@pytest.mark.parametrize("point", POINTS)
def test_kill_at_each_step_leaves_one_version_and_next_sync_repairs(crash_env, tmp_path, point):
    helper, v1_keys, v2 = crash_env.helper, crash_env.v1_keys, crash_env.v2
    data = tmp_path / "data"
    database = crash_env.clone(data)
    expected = expected_v2(v1_keys, v2)

    crashed = run_helper(helper, "sync", data, v2, crash_at=point, database=database)
    assert crashed.returncode == 137, f"crash point {point} was never reached:\n{crashed.stderr[-2000:]}"

    checked = run_helper(helper, "check", data, v2, database=database)
    assert checked.returncode == 0, checked.stderr
    result = json.loads(checked.stdout)
    allowed = {s: {v1_keys.get(s), expected.get(s)} - {None} for s in set(v1_keys) | set(expected)}
    assert_one_version_each(result["before"], allowed)
    assert_repaired(result, expected)
    report = result["report"]
    if point in ("keyword-index-written", "keyword-index-switched"):
        assert report["chunks_embedded"] == 0  # everything was committed before the kill


def test_sigkill_at_random_moments(crash_env, tmp_path):
    """SIGKILL while embedding/upserting/committing, at random times; readers stay consistent."""
    helper, v1_keys, v2 = crash_env.helper, crash_env.v1_keys, crash_env.v2
    expected = expected_v2(v1_keys, v2)
    allowed = {s: {v1_keys.get(s), expected.get(s)} - {None} for s in set(v1_keys) | set(expected)}
    rng = random.Random(int(os.environ.get("CRASH_SEED", "7")))
    for attempt in range(2):
        data = tmp_path / f"data{attempt}"
        database = crash_env.clone(data)
        env = helper_env(database)
        proc = subprocess.Popen([sys.executable, str(helper), "sync", str(data), str(v2)], cwd=REPO, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.0, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        checked = run_helper(helper, "check", data, v2, database=database)
        assert checked.returncode == 0, checked.stderr
        result = json.loads(checked.stdout)
        assert_one_version_each(result["before"], allowed)
        assert_repaired(result, expected)
