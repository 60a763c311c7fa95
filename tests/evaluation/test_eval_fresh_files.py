"""The report-only ``fresh`` and ``blind`` question files: valid, complete, every checked fact verbatim in its source.

``evals/fresh_scenarios.jsonl`` (ids ``fs-``, split ``fresh``), ``evals/blind_scenarios.jsonl`` (ids
``bs-``, split ``blind``), ``evals/blind_scenarios2.jsonl`` (ids ``bs2-``, split ``blind2``, tag ``blind``) and
``evals/blind_scenarios3.jsonl`` (ids ``bs3-``, split ``blind3``, tag ``blind``) are checked strictly (required fields, their split, every ``evidence_any`` string and at least one
alternative of every ``answers`` item a verbatim substring of an ``expected_sources`` document, one answer
in the governing passage, the reference answer citing a clause). The governing passage is a numbered
policy clause (**第X条**); for ``blind_scenarios2.jsonl`` and ``blind_scenarios3.jsonl`` it may also be a section of a ``guidance/``
document, every answer must come from it, and the reference answer must cite it (its 第X条 or the
section's title). All these files must load and must not reuse an id of any
other file in ``evals/``.
"""

from __future__ import annotations

import re

import pytest

from blind_fact_checks import alternatives as _alternatives
from blind_fact_checks import clauses as _clauses
from blind_fact_checks import sections as _sections
from blind_fact_checks import source_text as _source_text
from blind_fact_checks import checked_blind_set
from evaluation.dataset import load_questions

# (file, split, tag every question carries)
REPORT_ONLY = (
    ("fresh_policies.jsonl", "fresh", "fresh"),
    ("fresh_scenarios.jsonl", "fresh", "fresh"),
    ("blind_scenarios.jsonl", "blind", "blind"),
    ("blind_scenarios2.jsonl", "blind2", "blind"),
    ("blind_scenarios3.jsonl", "blind3", "blind"),
    ("blind_scenarios4.jsonl", "blind4", "blind"),
    ("blind_scenarios5.jsonl", "blind5", "blind"),
    ("blind_scenarios6.jsonl", "blind6", "blind"),
    ("blind_scenarios7.jsonl", "blind7", "blind"),
    ("blind_scenarios8.jsonl", "blind8", "blind"),
    ("blind_scenarios9.jsonl", "blind9", "blind"),
    ("blind_scenarios10.jsonl", "blind10", "blind"),
    ("blind_scenarios11.jsonl", "blind11", "blind"),
    ("blind_scenarios12.jsonl", "blind12", "blind"),
)
# (file, id prefix, split, tag, strict): strict = a guidance/ section may govern instead of a policy clause,
# every answer comes from the governing passage and the reference answer cites that passage.
SCENARIO_FILES = (
    ("fresh_scenarios.jsonl", "fs-", "fresh", "fresh", False),
    ("blind_scenarios.jsonl", "bs-", "blind", "blind", False),
    ("blind_scenarios2.jsonl", "bs2-", "blind2", "blind", True),
    ("blind_scenarios3.jsonl", "bs3-", "blind3", "blind", True),
    ("blind_scenarios4.jsonl", "bs4-", "blind4", "blind", True),
    ("blind_scenarios5.jsonl", "bs5-", "blind5", "blind", True),
    ("blind_scenarios6.jsonl", "bs6-", "blind6", "blind", True),
    ("blind_scenarios7.jsonl", "bs7-", "blind7", "blind", True),
    ("blind_scenarios8.jsonl", "bs8-", "blind8", "blind", True),
    ("blind_scenarios9.jsonl", "bs9-", "blind9", "blind", True),
    ("blind_scenarios10.jsonl", "bs10-", "blind10", "blind", True),
    ("blind_scenarios11.jsonl", "bs11-", "blind11", "blind", True),
    ("blind_scenarios12.jsonl", "bs12-", "blind12", "blind", True),
)
REQUIRED = ("expected_sources", "evidence_any", "answers", "answer_keywords", "reference_answer")
POLICY_DOCS = (
    "cross-department-collaboration.md", "escalation.md", "information-sharing.md", "internal-sla.md",
    "meetings.md", "performance-collaboration.md", "project-teams.md",
)


@pytest.mark.parametrize(("name", "split", "tag"), REPORT_ONLY)
def test_fresh_files_load_and_ids_are_their_own(repo_root, name, split, tag):
    evals = repo_root / "evals"
    questions = load_questions(evals / name)  # valid JSON, known fields, unique ids within the file
    assert all(q.split == split and tag in q.tags for q in questions), (
        f"{name}: every question needs split {split!r} and tag {tag!r}"
    )
    others = {q.id for path in evals.glob("*.jsonl") if path.name != name for q in load_questions(path)}
    clashes = sorted({q.id for q in questions} & others)
    assert not clashes, f"{name}: ids also used in another evals file: {clashes}"


SIZES = {"blind_scenarios4.jsonl": (36, 6), "blind_scenarios5.jsonl": (36, 6), "blind_scenarios6.jsonl": (36, 6),
         "blind_scenarios7.jsonl": (36, 6), "blind_scenarios8.jsonl": (36, 6),
         "blind_scenarios9.jsonl": (36, 6), "blind_scenarios10.jsonl": (36, 6), "blind_scenarios11.jsonl": (36, 6),
         "blind_scenarios12.jsonl": (36, 6)}
"""Questions and English questions of a set written to another size (default: 18-30 questions, 1-3 English)."""


@pytest.mark.parametrize(("name", "prefix", "split", "tag", "strict"), SCENARIO_FILES)
def test_scenario_facts_are_verbatim_in_their_sources(repo_root, name, prefix, split, tag, strict):
    questions = load_questions(repo_root / "evals" / name)
    most, most_english = SIZES.get(name, (30, 3))
    assert 18 <= len(questions) <= most, f"{name}: 18-{most} questions expected, found {len(questions)}"
    english = 0
    for q in questions:
        where = f"{name}:{q.line} ({q.id})"
        assert q.id.startswith(prefix), f"{where}: ids start with {prefix!r}"
        assert q.split == split, f"{where}: split must be {split!r}"
        assert {"scenario", tag} <= set(q.tags), f"{where}: tags need {tag!r} and 'scenario'"
        for key in REQUIRED:
            assert getattr(q, key), f"{where}: field {key!r} is missing or empty"
        assert 1 <= len(q.evidence_any) <= 2 and 1 <= len(q.answers) <= 2, f"{where}: 1-2 evidence strings and 1-2 answers"
        texts = {rel: _source_text(repo_root, rel) for rel in q.expected_sources}
        text = "\n".join(texts.values())
        for ev in q.evidence_any:
            assert ev in text, f"{where}: evidence {ev!r} is not verbatim in {q.expected_sources}"
        for item in q.answers:
            alts = _alternatives(item)
            assert all(2 <= len(a) <= 12 for a in alts), f"{where}: answers are short facts (2-12 chars): {alts}"
            assert any(a in text for a in alts), f"{where}: no alternative of {alts} is verbatim in {q.expected_sources}"
        units = []
        for rel, doc in texts.items():
            units += _clauses(doc)
            if strict and rel.startswith("guidance/"):
                units += _sections(doc)
        governing = [(p, labels) for p, labels in units if any(ev in p for ev in q.evidence_any)]
        kind = "a numbered clause (**第X条**) or a guidance section" if strict else "a numbered clause (**第X条**)"
        assert governing, f"{where}: evidence_any must quote {kind}"
        assert any(a in p for p, _ in governing for item in q.answers for a in _alternatives(item)), (
            f"{where}: at least one answer must come from the governing passage"
        )
        if strict:
            for item in q.answers:
                alts = _alternatives(item)
                assert any(a in p for p, _ in governing for a in alts), (
                    f"{where}: answer {alts} is not in the governing passage"
                )
            labels = set().union(*(labels for _, labels in governing))
            assert any(label in q.reference_answer for label in labels), (
                f"{where}: reference_answer must cite the governing clause or section title, one of {sorted(labels)}"
            )
        else:
            assert re.search(r"第[一二三四五六七八九十百]+条", q.reference_answer), f"{where}: reference_answer must cite a clause"
        english += q.question.isascii()
    assert 1 <= english <= most_english, f"{name}: 1-{most_english} English questions expected, found {english}"


def test_second_blind_set_mix(repo_root):
    """blind_scenarios2.jsonl: 30 questions, 3 English, 6 governed by guidance/, every policy document used."""
    name = "blind_scenarios2.jsonl"
    questions = load_questions(repo_root / "evals" / name)
    assert len(questions) == 30, f"{name}: 30 questions expected, found {len(questions)}"
    assert sum(q.question.isascii() for q in questions) == 3, f"{name}: 3 English questions expected"
    for q in questions:
        assert len(q.tags) == 3 and q.tags[:2] == ["blind", "scenario"], (
            f"{name}:{q.line} ({q.id}): tags are ['blind', 'scenario', <topic>], found {q.tags}"
        )
    guidance = [q.id for q in questions if all(s.startswith("guidance/") for s in q.expected_sources)]
    assert len(guidance) == 6, f"{name}: 6 guidance-governed questions expected, found {guidance}"
    used = {s.removeprefix("policies/") for q in questions for s in q.expected_sources}
    missing = sorted(set(POLICY_DOCS) - used)
    assert not missing, f"{name}: no question on policies {missing}"


PLEA = re.compile(r"(怎么办|怎么处理|怎么弄|如何处理)[？?]$")


def _style(question: str) -> str:
    """How a manager's question is put: english, plea (ends in 我该怎么办 / 怎么处理), two-part (two questions),
    short (one line, no full stop) or pointed (a story of full sentences ending in one pointed question)."""
    if question.isascii():
        return "english"
    if PLEA.search(question):
        return "plea"
    if question.count("？") >= 2:
        return "two-part"
    return "short" if "。" not in question else "pointed"


def test_third_blind_set_mix(repo_root):
    """blind_scenarios3.jsonl, in the voice of real managers: 30 questions, 3 English stories, half of all
    questions a story ending in a pointed question (English included), a third pleas, the rest short or two-part;
    every policy document governs at least two questions, 6 are governed by guidance/."""
    name = "blind_scenarios3.jsonl"
    questions = load_questions(repo_root / "evals" / name)
    assert len(questions) == 30, f"{name}: 30 questions expected, found {len(questions)}"
    styles: dict[str, list[str]] = {}
    for q in questions:
        where = f"{name}:{q.line} ({q.id})"
        assert len(q.tags) == 3 and q.tags[:2] == ["blind", "scenario"], (
            f"{where}: tags are ['blind', 'scenario', <topic>], found {q.tags}"
        )
        assert q.question.rstrip().endswith(("？", "?")), f"{where}: a question ends in a question mark"
        style = _style(q.question)
        if style == "english":
            assert q.question.count(". ") >= 1, f"{where}: an English question tells a story before it asks"
        if style in ("pointed", "plea"):
            assert "。" in q.question, f"{where}: a {style} question tells a story first"
        styles.setdefault(style, []).append(q.id)
    counts = {k: len(v) for k, v in styles.items()}
    assert counts.get("english") == 3, f"{name}: 3 English questions expected, found {styles.get('english')}"
    assert counts.get("pointed", 0) + counts["english"] == 15, f"{name}: 15 story + pointed questions expected, found {counts}"
    assert counts.get("plea") == 10, f"{name}: 10 pleas expected, found {counts}"
    assert counts.get("short", 0) >= 2 and counts.get("two-part", 0) >= 2, f"{name}: short and two-part questions expected, found {counts}"
    guidance = [q.id for q in questions if all(s.startswith("guidance/") for s in q.expected_sources)]
    assert len(guidance) == 6, f"{name}: 6 guidance-governed questions expected, found {guidance}"
    per_policy = {doc: sum(f"policies/{doc}" in q.expected_sources for q in questions) for doc in POLICY_DOCS}
    thin = {doc: n for doc, n in per_policy.items() if n < 2}
    assert not thin, f"{name}: every policy document governs at least two questions, found {thin}"


def test_fourth_blind_set_passes_its_own_check(repo_root):
    """blind_scenarios4.jsonl (written blind in round 14): 36 questions, 6 English, every answer inside the clause or
    section holding its evidence (``evals/check_blind_set.py``), every policy document used."""
    per_source = checked_blind_set(repo_root, "blind_scenarios4.jsonl")
    assert sum(per_source.values()) == 36
    assert {s for s in per_source if s.startswith("policies/")} == {
        f"policies/{p.name}" for p in (repo_root / "knowledge" / "policies").glob("*.md")}


@pytest.mark.parametrize("name", ["blind_scenarios5.jsonl", "blind_scenarios6.jsonl"])
def test_later_blind_sets_pass_their_own_check(repo_root, name):
    """blind_scenarios5/6.jsonl (written blind in rounds 15 and 16 from knowledge/ only): 36 questions, 6 English,
    every answer inside the clause or section holding its evidence (``evals/check_blind_set.py``), every policy
    document used, no document governing more than 4 questions."""
    per_source = checked_blind_set(repo_root, name)
    assert sum(per_source.values()) == 36
    assert max(per_source.values()) <= 4, per_source
    assert {s for s in per_source if s.startswith("policies/")} == {
        f"policies/{p.name}" for p in (repo_root / "knowledge" / "policies").glob("*.md")}


def test_seventh_blind_set_passes_its_own_check(repo_root):
    """blind_scenarios7.jsonl (written blind in round 17 from knowledge/ only): 36 questions, 6 English, every answer
    inside the clause or section holding its evidence (``evals/check_blind_set.py``), every policy document used,
    no document governing more than 4 questions."""
    per_source = checked_blind_set(repo_root, "blind_scenarios7.jsonl")
    assert sum(per_source.values()) == 36
    assert max(per_source.values()) <= 4, per_source
    assert {s for s in per_source if s.startswith("policies/")} == {
        f"policies/{p.name}" for p in (repo_root / "knowledge" / "policies").glob("*.md")}


def check_thirty_clauses_six_sections(repo_root, name: str) -> None:
    """``name`` passes ``evals/check_blind_set.py`` with 36 questions: 30 governed by a policy clause (every policy
    document used, at most 5 per document) and 6 by a section of six different guidance/ documents."""
    per_source = checked_blind_set(repo_root, name)
    assert sum(per_source.values()) == 36
    policies = {s: n for s, n in per_source.items() if s.startswith("policies/")}
    guidance = {s: n for s, n in per_source.items() if s.startswith("guidance/")}
    assert sum(policies.values()) == 30 and max(policies.values()) <= 5, policies
    assert len(guidance) == 6 and set(guidance.values()) == {1}, guidance
    assert set(policies) == {f"policies/{p.name}" for p in (repo_root / "knowledge" / "policies").glob("*.md")}


def test_eighth_blind_set_passes_its_own_check(repo_root):
    """blind_scenarios8.jsonl (written blind in round 18 from knowledge/ only): 36 questions, 6 English, every answer
    inside the clause or section holding its evidence (``evals/check_blind_set.py``), 30 governed by a policy clause
    (every policy document used, at most 5 per document: 30 over 7 documents cannot stay at 4) and 6 by a section
    of six different guidance/ documents."""
    check_thirty_clauses_six_sections(repo_root, "blind_scenarios8.jsonl")


def test_ninth_blind_set_passes_its_own_check(repo_root):
    """blind_scenarios9.jsonl (written blind in round 19 from knowledge/ only): 36 questions, 6 English, every answer
    inside the clause or section holding its evidence (``evals/check_blind_set.py``), 30 governed by a policy clause
    (every policy document used, at most 5 per document) and 6 by a section of six different guidance/ documents."""
    check_thirty_clauses_six_sections(repo_root, "blind_scenarios9.jsonl")


def test_tenth_blind_set_passes_its_own_check(repo_root):
    """blind_scenarios10.jsonl (written blind in round 20 from knowledge/ only): 36 questions, 6 English, 3 follow-ups
    with a history of one user and one assistant turn, every answer inside the clause or section holding its evidence
    (``evals/check_blind_set.py``), 30 governed by a policy clause (every policy document used, at most 5 per document)
    and 6 by a section of six different guidance/ documents."""
    check_thirty_clauses_six_sections(repo_root, "blind_scenarios10.jsonl")
    questions = load_questions(repo_root / "evals" / "blind_scenarios10.jsonl")
    followups = [q for q in questions if q.history]
    assert len(followups) == 3, [q.id for q in followups]
    assert all([t["role"] for t in q.history] == ["user", "assistant"] for q in followups)


def test_eleventh_blind_set_passes_its_own_check(repo_root):
    """blind_scenarios11.jsonl (written blind in round 21 from knowledge/ only): 36 questions, 6 English, every row
    asking two facts, 3 follow-ups with a history of one user and one assistant turn, every answer inside the clause
    or section holding its evidence (``evals/check_blind_set.py``), 30 governed by a policy clause (every policy
    document used, at most 5 per document) and 6 by a section of six different guidance/ documents."""
    check_thirty_clauses_six_sections(repo_root, "blind_scenarios11.jsonl")
    questions = load_questions(repo_root / "evals" / "blind_scenarios11.jsonl")
    assert all(len(q.answers) == 2 for q in questions), [q.id for q in questions if len(q.answers) != 2]
    assert sum(q.question.isascii() for q in questions) == 6
    followups = [q for q in questions if q.history]
    assert len(followups) == 3, [q.id for q in followups]
    assert all([t["role"] for t in q.history] == ["user", "assistant"] for q in followups)


def test_twelfth_blind_set_passes_its_own_check(repo_root):
    """blind_scenarios12.jsonl (written blind in round 22 from knowledge/ only): 36 questions, 6 English, a mix of
    one-fact and two-fact rows (at most half asking two facts, as its brief asked after bs10/bs11 were all two-fact),
    3 follow-ups with a history of one user and one assistant turn, every answer inside the clause or section holding
    its evidence (``evals/check_blind_set.py``), 30 governed by a policy clause (every policy document used, at most 5
    per document) and 6 by a section of six different guidance/ documents."""
    check_thirty_clauses_six_sections(repo_root, "blind_scenarios12.jsonl")
    questions = load_questions(repo_root / "evals" / "blind_scenarios12.jsonl")
    two = [q.id for q in questions if len(q.answers) == 2]
    assert 12 <= len(two) <= 18, two
    assert sum(q.question.isascii() for q in questions) == 6
    followups = [q for q in questions if q.history]
    assert len(followups) == 3, [q.id for q in followups]
    assert all([t["role"] for t in q.history] == ["user", "assistant"] for q in followups)
