"""The report-only ``fresh`` and ``blind`` question files: valid, complete, every checked fact verbatim in its source.

``evals/fresh_scenarios.jsonl`` (ids ``fs-``, split ``fresh``) and ``evals/blind_scenarios.jsonl`` (ids
``bs-``, split ``blind``) are checked strictly (required fields, their split, every ``evidence_any`` string
and at least one alternative of every ``answers`` item a verbatim substring of an ``expected_sources``
document, one answer in the governing clause). All these files must load and must not reuse an id of any
other file in ``evals/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation.dataset import load_questions

REPORT_ONLY = (
    ("fresh_policies.jsonl", "fresh"),
    ("fresh_scenarios.jsonl", "fresh"),
    ("blind_scenarios.jsonl", "blind"),
)
SCENARIO_FILES = (("fresh_scenarios.jsonl", "fs-", "fresh"), ("blind_scenarios.jsonl", "bs-", "blind"))
REQUIRED = ("expected_sources", "evidence_any", "answers", "answer_keywords", "reference_answer")
CLAUSE = re.compile(r"^\*\*第[一二三四五六七八九十百]+条\*\*")


def _source_text(repo_root: Path, rel: str) -> str:
    path = repo_root / "knowledge" / rel
    assert path.is_file(), f"expected source {rel!r} is not a file under knowledge/"
    return path.read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    """The document's paragraphs (a policy's numbered clauses are one paragraph each)."""
    return [p for p in text.split("\n\n") if p.strip()]


def _alternatives(item: str | list[str]) -> list[str]:
    return [item] if isinstance(item, str) else list(item)


@pytest.mark.parametrize(("name", "split"), REPORT_ONLY)
def test_fresh_files_load_and_ids_are_their_own(repo_root, name, split):
    evals = repo_root / "evals"
    questions = load_questions(evals / name)  # valid JSON, known fields, unique ids within the file
    assert all(q.split == split and split in q.tags for q in questions), (
        f"{name}: every question needs split {split!r} and tag {split!r}"
    )
    others = {q.id for path in evals.glob("*.jsonl") if path.name != name for q in load_questions(path)}
    clashes = sorted({q.id for q in questions} & others)
    assert not clashes, f"{name}: ids also used in another evals file: {clashes}"


@pytest.mark.parametrize(("name", "prefix", "split"), SCENARIO_FILES)
def test_scenario_facts_are_verbatim_in_their_sources(repo_root, name, prefix, split):
    questions = load_questions(repo_root / "evals" / name)
    assert 18 <= len(questions) <= 30, f"{name}: 18-30 questions expected, found {len(questions)}"
    english = 0
    for q in questions:
        where = f"{name}:{q.line} ({q.id})"
        assert q.id.startswith(prefix), f"{where}: ids start with {prefix!r}"
        assert {"scenario", split} <= set(q.tags), f"{where}: tags need {split!r} and 'scenario'"
        for key in REQUIRED:
            assert getattr(q, key), f"{where}: field {key!r} is missing or empty"
        assert 1 <= len(q.evidence_any) <= 2 and 1 <= len(q.answers) <= 2, f"{where}: 1-2 evidence strings and 1-2 answers"
        assert re.search(r"第[一二三四五六七八九十百]+条", q.reference_answer), f"{where}: reference_answer must cite a clause"
        text = "\n".join(_source_text(repo_root, rel) for rel in q.expected_sources)
        for ev in q.evidence_any:
            assert ev in text, f"{where}: evidence {ev!r} is not verbatim in {q.expected_sources}"
        for item in q.answers:
            alts = _alternatives(item)
            assert all(2 <= len(a) <= 12 for a in alts), f"{where}: answers are short facts (2-12 chars): {alts}"
            assert any(a in text for a in alts), f"{where}: no alternative of {alts} is verbatim in {q.expected_sources}"
        governing = [p for p in _paragraphs(text) if CLAUSE.match(p.strip()) and any(ev in p for ev in q.evidence_any)]
        assert governing, f"{where}: evidence_any must quote a numbered clause (**第X条**)"
        assert any(a in p for p in governing for item in q.answers for a in _alternatives(item)), (
            f"{where}: at least one answer must come from the governing clause"
        )
        english += q.question.isascii()
    assert 1 <= english <= 3, f"{name}: 1-3 English questions expected, found {english}"
