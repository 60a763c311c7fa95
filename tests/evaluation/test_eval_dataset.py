"""Bad question files fail with the file, line and field named."""

from __future__ import annotations

import json

import pytest

from evaluation.dataset import DatasetError, load_questions


def write(tmp_path, lines, name="q.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(l if isinstance(l, str) else json.dumps(l, ensure_ascii=False) for l in lines), encoding="utf-8")
    return path


def test_valid_jsonl(tmp_path):
    path = write(tmp_path, [
        {"id": "a", "question": "会议纪要多久发出？", "answers": ["3个工作日", ["总经理办公室", "总办"]], "tags": ["policy"]},
        "",
        {"id": 2, "question": "问题二", "should_refuse": True, "expected_sources": ["./policies/a.md"]},
    ])
    qs = load_questions(path)
    assert [q.id for q in qs] == ["a", "2"]
    assert qs[1].should_refuse and qs[1].expected_sources == ["policies/a.md"] and qs[1].line == 3


@pytest.mark.parametrize(
    ("row", "field", "line"),
    [
        ({"question": "没有 id"}, "id", 2),
        ({"id": "x", "question": ""}, "question", 2),
        ({"id": "x", "question": "q", "answers": [1]}, "answers", 2),
        ({"id": "x", "question": "q", "should_refuse": "yes"}, "should_refuse", 2),
        ({"id": "x", "question": "q", "tags": "a,b", "evidence_any": [""]}, "evidence_any", 2),
        ({"id": "x", "question": "q", "history": [{"role": "bot", "content": "hi"}]}, "history", 2),
        ({"id": "x", "question": "q", "answer": "typo"}, "answer", 2),
        ({"id": "x", "question": "q", "expected_verdict": "可以"}, "expected_verdict", 2),
        ({"id": "ok", "question": "duplicate"}, "id", 2),
    ],
)
def test_errors_name_file_line_and_field(tmp_path, row, field, line):
    path = write(tmp_path, [{"id": "ok", "question": "第一题"}, row])
    with pytest.raises(DatasetError) as info:
        load_questions(path)
    e = info.value
    assert (e.line, e.field) == (line, field)
    assert str(path) in str(e) and f":{line}" in str(e) and f"'{field}'" in str(e)


def test_invalid_json_and_missing_file(tmp_path):
    path = write(tmp_path, [{"id": "a", "question": "q"}, '{"id": "b", "question": '])
    with pytest.raises(DatasetError, match=r"q.jsonl:2: invalid JSON"):
        load_questions(path)
    with pytest.raises(DatasetError, match="file not found"):
        load_questions(tmp_path / "missing.jsonl")
    with pytest.raises(DatasetError, match="no questions"):
        load_questions(write(tmp_path, [""], "empty.jsonl"))


def test_csv_with_json_lists(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('id,question,answers,should_refuse\nc1,会议纪要多久发出？,"[""3个工作日""]",false\nc2,问题,"not json",true\n', encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_questions(path)
    assert (info.value.line, info.value.field) == (3, "answers")
    path.write_text('id,question,answers,should_refuse\nc1,会议纪要多久发出？,"[""3个工作日""]",false\n', encoding="utf-8")
    (q,) = load_questions(path)
    assert q.answers == ["3个工作日"] and q.should_refuse is False
