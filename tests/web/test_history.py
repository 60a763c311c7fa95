"""Conversations per user in SQLite: survive a restart, stay private, follow retries."""

from __future__ import annotations

import pytest

from web.history import HistoryStore


def test_conversations_persist_and_stay_private(tmp_path):
    db = tmp_path / "app.sqlite3"
    store = HistoryStore(db)
    cid = store.add_turn("hr", None, "会议纪要多久发出？", "24小时内。[1]", {"llm": "extractive"})
    store.add_turn("hr", cid, "有异议呢？", "两个工作日内提出。[1]")
    other = store.add_turn("sales", None, "你好", "您好")

    reopened = HistoryStore(db)  # a restart
    convs = reopened.list("hr")
    assert [c.id for c in convs] == [cid] and convs[0].turns == 2 and convs[0].title == "会议纪要多久发出？"
    msgs = reopened.messages("hr", cid)
    assert [m.role for m in msgs] == ["user", "assistant", "user", "assistant"]
    assert msgs[1].meta == {"llm": "extractive"} and msgs[0].as_history() == {"role": "user", "content": "会议纪要多久发出？"}
    with pytest.raises(KeyError):
        reopened.messages("hr", other)
    with pytest.raises(KeyError):
        reopened.append("sales", cid, "user", "snooping")


def test_truncate_and_delete(tmp_path):
    store = HistoryStore(tmp_path / "app.sqlite3")
    cid = store.add_turn("u", None, "q1", "a1")
    store.add_turn("u", cid, "q2", "a2")
    store.truncate("u", cid, 1)
    assert [m.content for m in store.messages("u", cid)] == ["q1", "a1"]
    store.delete("u", cid)
    assert store.list("u") == [] and not store.exists("u", cid)
