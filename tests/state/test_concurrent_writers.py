"""Several processes (each with several threads) write history, feedback and refusals at the same
time into one database — SQLite file or PostgreSQL — and not one row is lost or corrupted."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[2]
PROCESSES, THREADS, ROWS = 4, 3, 25

WRITER = textwrap.dedent('''
    import sys, threading
    from state.refusals import RefusalLog
    from web.feedback import FeedbackStore
    from web.history import HistoryStore

    target, proc, threads, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    history, feedback, refusals = HistoryStore(target), FeedbackStore(target), RefusalLog(target)
    errors = []

    def work(t):
        try:
            for i in range(rows):
                owner = f"u{proc}-{t}"
                cid = history.add_turn(owner, None, f"问题{i}", f"回答{i}", {"n": i})
                history.add_turn(owner, cid, f"追问{i}", f"再答{i}")
                feedback.record(owner, f"{cid}:0", "up", question="q", answer="a", citations=[], llm="x")
                feedback.record("everyone", "shared:0", "down" if i % 2 else "up", question="q", answer="a",
                                citations=[], llm="x")  # every writer upserts the same row
                refusals.record(f"天气{i}", owner, 0.8)
        except Exception as exc:
            errors.append(repr(exc))

    ts = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for t in ts: t.start()
    for t in ts: t.join()
    print("\\n".join(errors)); sys.exit(1 if errors else 0)
''')


def run_writers(tmp_path: Path, target: str) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, str(script), target, str(p), str(THREADS), str(ROWS)], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for p in range(PROCESSES)]
    for p in procs:
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0, out[-3000:]


def assert_every_row_landed(target: str) -> None:
    from state.db import engine_for

    writers = PROCESSES * THREADS
    with engine_for(target).connect() as db:
        count = lambda sql: db.execute(sa.text(sql)).scalar()  # noqa: E731
        assert count("SELECT COUNT(*) FROM conversations") == writers * ROWS
        assert count("SELECT COUNT(*) FROM messages") == writers * ROWS * 4
        assert count("SELECT COUNT(*) FROM messages WHERE role = 'user'") == writers * ROWS * 2
        assert count("SELECT COUNT(*) FROM feedback") == writers * ROWS + 1
        assert count("SELECT COUNT(*) FROM refusals") == writers * ROWS
        assert count("SELECT COUNT(DISTINCT conversation_id) FROM messages") == writers * ROWS
    from web.history import HistoryStore

    convs = HistoryStore(target).list("u0-0", limit=1000)
    assert len(convs) == ROWS and all(c.turns == 2 for c in convs)


def test_concurrent_writers_sqlite(tmp_path):
    target = str(tmp_path / "data" / "app.sqlite3")
    run_writers(tmp_path, f"sqlite:///{target}")
    assert_every_row_landed(f"sqlite:///{target}")


def test_concurrent_writers_postgres(tmp_path, pg_url):
    run_writers(tmp_path, pg_url)
    assert_every_row_landed(pg_url)
