"""``evals/blind_policies.jsonl``: a report-only set of manager fact questions in everyday words.

Checked with the project's own loader: ids ``bp-`` unique across ``evals/*.jsonl``, split
``blind_policies``, tags ``["blind", "policy", <type>]``, the required fields, every ``answers`` item a
short fact (2-12 characters) verbatim in the governing passage (a numbered policy clause **第X条** or a
``guidance/`` section of an expected source, quoted by ``evidence_any``), the reference answer citing
the document title and that clause or section, the should-refuse fields, the mix of question types,
and that the file stays out of ``collab_qa.jsonl``, ``splits/`` and the answer bench's question pool.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation.dataset import EvalQuestion, load_questions

NAME = "blind_policies.jsonl"
PREFIX = "bp-"
SPLIT = "blind_policies"
TYPES = {"who", "duration", "number", "yesno", "action", "followup", "twopart", "english", "refuse"}
SINGLE_TYPES = {"who", "duration", "number", "yesno", "action"}
REQUIRED = ("expected_sources", "evidence_any", "answers", "answer_keywords", "reference_answer")
POLICY_DOCS = (
    "cross-department-collaboration.md", "escalation.md", "information-sharing.md", "internal-sla.md",
    "meetings.md", "performance-collaboration.md", "project-teams.md",
)
CLAUSE = re.compile(r"^\*\*(第[一二三四五六七八九十百]+条)\*\*")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)


def _source_text(repo_root: Path, rel: str) -> str:
    path = repo_root / "knowledge" / rel
    assert path.is_file(), f"expected source {rel!r} is not a file under knowledge/"
    return path.read_text(encoding="utf-8")


def _clauses(text: str) -> list[tuple[str, set[str]]]:
    """A policy's numbered clauses as (paragraph, {"第X条"})."""
    out = []
    for p in (p for p in text.split("\n\n") if p.strip()):
        m = CLAUSE.match(p.strip())
        if m:
            out.append((p, {m.group(1)}))
    return out


def _sections(text: str) -> list[tuple[str, set[str]]]:
    """A guidance document's sections (heading to next heading) as (text, citable titles).

    Citable: the section's own heading and its level-2+ ancestors that occur once in the document,
    so a repeated generic sub-heading (e.g. "解决步骤") does not count.
    """
    lines = text.splitlines()
    heads = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    counts: dict[str, int] = {}
    for _, _, title in heads:
        counts[title] = counts.get(title, 0) + 1
    out, chain = [], []
    for k, (i, level, title) in enumerate(heads):
        chain = [h for h in chain if h[0] < level] + [(level, title)]
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        out.append(("\n".join(lines[i:end]), {t for lvl, t in chain if lvl >= 2 and counts[t] == 1}))
    return out


def _alternatives(item: str | list[str]) -> list[str]:
    return [item] if isinstance(item, str) else list(item)


def _doc_title(text: str) -> str:
    """The front-matter title without the "（示例）" suffix, as a citation would name it."""
    m = TITLE.search(text)
    assert m, "document without a front-matter title"
    return m.group(1).strip().strip('"').removesuffix("（示例）")


def _type(q: EvalQuestion) -> str:
    return q.tags[2] if len(q.tags) == 3 else ""


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load_questions(repo_root / "evals" / NAME)  # valid JSON, known fields, unique ids in the file


def test_ids_split_and_tags(repo_root, questions):
    evals = repo_root / "evals"
    others = {q.id for path in evals.glob("*.jsonl") if path.name != NAME for q in load_questions(path)}
    clashes = sorted({q.id for q in questions} & others)
    assert not clashes, f"{NAME}: ids also used in another evals file: {clashes}"
    for q in questions:
        where = f"{NAME}:{q.line} ({q.id})"
        assert q.id.startswith(PREFIX), f"{where}: ids start with {PREFIX!r}"
        assert q.split == SPLIT, f"{where}: split must be {SPLIT!r}, found {q.split!r}"
        assert q.tags[:2] == ["blind", "policy"] and _type(q) in TYPES, (
            f"{where}: tags are ['blind', 'policy', <one of {sorted(TYPES)}>], found {q.tags}"
        )
        kind = _type(q)
        assert (kind == "refuse") == q.should_refuse, f"{where}: tag 'refuse' exactly when should_refuse is true"
        assert (kind == "followup") == bool(q.history), f"{where}: a history exactly on 'followup' questions"
        assert (kind == "english") == q.question.isascii(), f"{where}: tag 'english' exactly on English questions"
        if q.history:
            assert [t["role"] for t in q.history] == ["user", "assistant"], f"{where}: history is one user and one assistant turn"


def test_should_refuse_fields(questions):
    for q in (q for q in questions if q.should_refuse):
        where = f"{NAME}:{q.line} ({q.id})"
        assert not (q.expected_sources or q.evidence_any or q.answers or q.answer_keywords), (
            f"{where}: a should-refuse question has no sources, evidence, answers or keywords"
        )
        assert q.reference_answer and "无法回答" in q.reference_answer, f"{where}: the reference answer says it cannot be answered"


def test_should_refuse_topics_are_not_in_knowledge(repo_root, questions):
    """The refused topics are plausible workplace questions the knowledge base does not cover."""
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (repo_root / "knowledge").rglob("*.md"))
    topics = {"bp-refuse-probation": ("试用期", "转正"), "bp-refuse-sick-leave": ("病假",),
              "bp-refuse-allowance": ("餐补", "补贴")}
    refused = {q.id for q in questions if q.should_refuse}
    assert refused == set(topics), f"{NAME}: should-refuse ids changed: {sorted(refused)}"
    for qid, words in topics.items():
        found = [w for w in words if w in corpus]
        assert not found, f"{qid}: knowledge/ now mentions {found}; the question may be answerable"


def test_facts_are_verbatim_in_the_governing_passage(repo_root, questions):
    for q in (q for q in questions if not q.should_refuse):
        where = f"{NAME}:{q.line} ({q.id})"
        for key in REQUIRED:
            assert getattr(q, key), f"{where}: field {key!r} is missing or empty"
        assert 1 <= len(q.evidence_any) <= 2 and 1 <= len(q.answers) <= 2, f"{where}: 1-2 evidence strings and 1-2 answers"
        texts = {rel: _source_text(repo_root, rel) for rel in q.expected_sources}
        units: list[tuple[str, set[str], str]] = []
        for rel, doc in texts.items():
            parts = _clauses(doc) if rel.startswith("policies/") else _sections(doc)
            units += [(p, labels, _doc_title(doc)) for p, labels in parts]
        for ev in q.evidence_any:
            assert any(ev in p for p, _, _ in units), f"{where}: evidence {ev!r} is not verbatim in a clause/section of {q.expected_sources}"
        governing = [(p, labels, title) for p, labels, title in units if any(ev in p for ev in q.evidence_any)]
        for item in q.answers:
            alts = _alternatives(item)
            assert all(2 <= len(a) <= 12 for a in alts), f"{where}: answers are short facts (2-12 chars): {alts}"
            assert any(a in p for p, _, _ in governing for a in alts), (
                f"{where}: no alternative of {alts} is verbatim in the governing passage"
            )
        cited = [(labels, title) for _, labels, title in governing
                 if any(label in q.reference_answer for label in labels) and f"《{title}" in q.reference_answer]
        assert cited, (
            f"{where}: reference_answer must cite 《document title》 and the governing clause or section, one of "
            f"{sorted(set().union(*(labels for _, labels, _ in governing)))}"
        )


def test_mix(questions):
    kinds = [_type(q) for q in questions]
    assert len(questions) == 40, f"{NAME}: 40 questions expected, found {len(questions)}"
    assert kinds.count("english") == 4, f"{NAME}: 4 English questions expected"
    assert kinds.count("refuse") == 3, f"{NAME}: 3 should-refuse questions expected"
    assert sum(bool(q.history) for q in questions) >= 5, f"{NAME}: at least 5 follow-ups with a history expected"
    assert kinds.count("twopart") >= 3 and all(len(q.answers) == 2 for q in questions if _type(q) == "twopart"), (
        f"{NAME}: at least 3 two-part questions, each with two answers"
    )
    singles = [k for k in kinds if k in SINGLE_TYPES]
    assert len(singles) >= 24 and set(singles) == SINGLE_TYPES, f"{NAME}: ~25 single fact questions of every type"
    per_doc: dict[str, int] = {}
    for q in questions:
        for s in set(q.expected_sources):
            per_doc[s] = per_doc.get(s, 0) + 1
    thin = sorted(d for d in POLICY_DOCS if per_doc.get(f"policies/{d}", 0) < 4)
    assert not thin, f"{NAME}: every policy needs at least 4 questions, too few on {thin}"
    guidance = sum(1 for q in questions if q.expected_sources and all(s.startswith("guidance/") for s in q.expected_sources))
    assert 4 <= guidance <= 6, f"{NAME}: 4-6 guidance questions expected, found {guidance}"


def test_kept_out_of_tuning_data(repo_root, questions):
    """Report only: not in collab_qa.jsonl, not in any split list, not in the answer bench's question pool."""
    from bench import answer_bench

    evals = repo_root / "evals"
    ours = {q.id for q in questions}
    assert not ours & {q.id for q in load_questions(evals / "collab_qa.jsonl")}, "blind questions leaked into collab_qa.jsonl"
    listed = {line.split("#", 1)[0].strip() for f in (evals / "splits").glob("*.txt")
              for line in f.read_text(encoding="utf-8").splitlines()}
    assert not ours & listed, "blind question ids are listed in evals/splits/"
    pool = set(answer_bench.questions(100_000))
    assert not pool & {q.question for q in questions}, "blind questions are in the answer bench's question pool"
