"""Checks shared by the report-only blind fact sets ``evals/blind_policies*.jsonl``.

Each set is a file of manager fact questions in everyday words; its test module passes its own name, id
prefix and split to these checks; its mix of question types and documents is its row of ``MIXES``. A fact is governed by a numbered policy clause (**第X条**) or a
``guidance/`` section of an expected source; the answers must be verbatim in it and the reference answer
must cite the document title and that clause or section.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from evaluation.dataset import EvalQuestion, load_questions

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

Passage = tuple[str, set[str], str]
"""(text, citable labels, document title): a policy clause or a guidance section."""


def source_text(repo_root: Path, rel: str) -> str:
    path = repo_root / "knowledge" / rel
    assert path.is_file(), f"expected source {rel!r} is not a file under knowledge/"
    return path.read_text(encoding="utf-8")


def clauses(text: str) -> list[tuple[str, set[str]]]:
    """A policy's numbered clauses as (paragraph, {"第X条"})."""
    out = []
    for p in (p for p in text.split("\n\n") if p.strip()):
        m = CLAUSE.match(p.strip())
        if m:
            out.append((p, {m.group(1)}))
    return out


def sections(text: str) -> list[tuple[str, set[str]]]:
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


def alternatives(item: str | list[str]) -> list[str]:
    return [item] if isinstance(item, str) else list(item)


def doc_title(text: str) -> str:
    """The front-matter title without the "（示例）" suffix, as a citation would name it."""
    m = TITLE.search(text)
    assert m, "document without a front-matter title"
    return m.group(1).strip().strip('"').removesuffix("（示例）")


def question_type(q: EvalQuestion) -> str:
    return q.tags[2] if len(q.tags) == 3 else ""


def passages(repo_root: Path, rels: list[str]) -> list[Passage]:
    """The clauses (policies) and sections (guidance) of these knowledge documents."""
    out: list[Passage] = []
    for rel in rels:
        doc = source_text(repo_root, rel)
        parts = clauses(doc) if rel.startswith("policies/") else sections(doc)
        out += [(p, labels, doc_title(doc)) for p, labels in parts]
    return out


def governing(repo_root: Path, q: EvalQuestion) -> list[Passage]:
    """The passages of the expected sources that quote one of the question's ``evidence_any`` strings."""
    return [u for u in passages(repo_root, q.expected_sources) if any(ev in u[0] for ev in q.evidence_any)]


def load(repo_root: Path, name: str) -> list[EvalQuestion]:
    return load_questions(repo_root / "evals" / name)  # valid JSON, known fields, unique ids in the file


def check_ids_unique(repo_root: Path, questions: list[EvalQuestion], name: str) -> None:
    """No id of the file ``name`` is used by another ``evals/*.jsonl`` file."""
    others = {q.id for path in (repo_root / "evals").glob("*.jsonl") if path.name != name for q in load_questions(path)}
    clashes = sorted({q.id for q in questions} & others)
    assert not clashes, f"{name}: ids also used in another evals file: {clashes}"


def check_short_policy_set(repo_root: Path, questions: list[EvalQuestion], name: str, prefix: str, split: str,
                           tags: list[str], count: int) -> None:
    """A set of short single questions on the seven policies (the yes/no sets): ``count`` questions, ids unique across
    ``evals/`` and starting with ``prefix``, one ``split`` and the same ``tags``, no should-refuse or follow-up, at most
    40 characters, every policy 6 times or more."""
    check_ids_unique(repo_root, questions, name)
    assert len(questions) == count, f"{name}: {count} questions expected, found {len(questions)}"
    for q in questions:
        where = f"{name}:{q.line} ({q.id})"
        assert q.id.startswith(prefix) and q.split == split and q.tags == tags, where
        assert not q.should_refuse and not q.history and len(q.question) <= 40, f"{where}: short single questions only"
    per_doc = Counter(q.expected_sources[0] for q in questions)
    assert len(per_doc) == 7 and min(per_doc.values()) >= 6, f"{name}: every policy 6 times or more: {per_doc}"


def blind_set_checker(repo_root: Path):  # noqa: ANN201 - the checker script, loaded as a module
    """``evals/check_blind_set.py`` (a script, not a package module) loaded as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_blind_set", repo_root / "evals" / "check_blind_set.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_documents(repo_root: Path, corpus: str) -> dict[str, tuple[str, list]]:
    """Each file of the company corpus folder ``corpus``: (its text as the blind-set checker reads it, its chunks as the
    store gets them: the real loader and chunker with the default settings)."""
    from ingest.chunking import chunk_document
    from ingest.loaders import load_file
    from ingest.settings import load_settings

    checker, settings = blind_set_checker(repo_root), load_settings()
    return {path.name: (checker.read_source(path)[0], chunk_document(load_file(path, repo_root / corpus), settings))
            for path in sorted((repo_root / corpus).iterdir())}


def checked_blind_set(repo_root: Path, name: str, corpus: str | None = None) -> Counter:
    """``evals/check_blind_set.py`` run on ``evals/<name>`` (against ``knowledge/``, or the folder ``corpus`` of another
    company's documents): asserts it reports no error, returns its count of questions per first expected source."""
    module = blind_set_checker(repo_root)
    errors, per_source = (module.check(repo_root / "evals" / name) if corpus is None
                          else module.check(repo_root / "evals" / name, repo_root / corpus))
    assert not errors, errors
    return per_source


def check_nine_per_document(repo_root: Path, name: str, corpus: str) -> set[str]:
    """The blind-set checker passes ``evals/<name>`` against its company folder ``corpus``, with nine questions whose
    first source is each file of the folder; returns the folder's file suffixes."""
    per_source = checked_blind_set(repo_root, name, corpus)
    files = sorted(p.name for p in (repo_root / corpus).iterdir())
    assert sorted(per_source) == files and set(per_source.values()) == {9}, per_source
    return {p.suffix for p in (repo_root / corpus).iterdir()}


def check_no_chrome_and_evidence_whole(documents: dict[str, tuple[str, list]], questions: list[EvalQuestion],
                                       chrome: tuple[str, ...]) -> None:
    """No chunk of ``documents`` (``corpus_documents``) holds a word of the pages' ``chrome``, and each evidence sentence
    of ``questions`` is whole in one chunk of its first source."""
    for name, (_text, chunks) in documents.items():
        assert not [c.page_content for c in chunks if any(w in c.page_content for w in chrome)], name
    for q in questions:
        if q.should_refuse:
            continue
        _text, chunks = documents[q.expected_sources[0]]
        for evidence in q.evidence_any:
            assert any(evidence in c.page_content for c in chunks), (q.id, evidence)


def check_company_questions(questions: list[EvalQuestion], verdicts: dict[str, int]) -> None:
    """A company corpus's 80 blind questions: nine per document 1–8 (one follow-up with a history and one English
    question, tagged "english", each), eight should-refuse rows with no facts, ``verdicts`` expected (yes / no counts), no question that
    tells the fact it asks for."""
    assert len(questions) == 80 and len({q.id for q in questions}) == 80
    refused = [q for q in questions if q.should_refuse]
    assert len(refused) == 8 and all(not q.expected_sources and not q.answers for q in refused)
    asked = [q for q in questions if not q.should_refuse]
    assert Counter(q.id.split("-")[1] for q in asked) == {str(n): 9 for n in range(1, 9)}
    english = [q for q in asked if "english" in q.tags]  # in English, a Chinese name of a meeting may stay (院周会)
    assert sum(bool(q.history) for q in asked) == 8 and len(english) == 8
    assert all(len(re.findall(r"[A-Za-z]+", q.question)) >= 8 for q in english)
    assert Counter(q.expected_verdict for q in asked if q.expected_verdict) == verdicts
    assert all(not any(a in q.question for a in q.answers) for q in asked)  # the fact asked for is not told


def check_document_halves(repo_root: Path, questions: list[EvalQuestion], corpus: str, name: str,
                          halves: dict[str, tuple[str, bool, set[str]]]) -> None:
    """The suite defines each set of ``halves`` (set name -> (split, held out, document numbers)) over corpus ``corpus``
    and ``evals/<name>``, with that split's questions in file order, and they ask of those documents only."""
    from evaluation.suite.definitions import load_suite
    from evaluation.suite.sets import set_lines

    suite = load_suite()
    for set_name, (split, heldout, documents) in halves.items():
        s = suite.sets[set_name]
        assert (s.corpus, s.file, s.heldout) == (corpus, f"evals/{name}", heldout), set_name
        ids = [line.split('"id": "')[1].split('"')[0] for line in set_lines(s, repo_root, None)]
        assert ids == [q.id for q in questions if q.split == split], set_name
        assert {i.split("-")[1] for i in ids} - {"r"} == documents, set_name


def check_registered_set(repo_root: Path, set_name: str, name: str, heldout: bool = False) -> None:
    """``evaluation/suite_sets.toml`` defines ``set_name`` as a tune set (``heldout``: a held-out set) of the shipped
    knowledge base over ``evals/<name>``."""
    import tomllib

    sets = tomllib.loads((repo_root / "evaluation" / "suite_sets.toml").read_text(encoding="utf-8"))["sets"]
    entry = sets[set_name]
    assert entry["file"] == f"evals/{name}" and entry["corpus"] == "kb" and entry.get("heldout", False) == heldout, entry


def check_registered_halves(repo_root: Path, questions: list[EvalQuestion], name: str,
                            halves: dict[str, tuple[str, bool]]) -> None:
    """``evaluation/suite_sets.toml`` defines each set of ``halves`` (set name -> (split, held out)) over ``evals/<name>``
    with the ids of that split's questions, in file order."""
    import tomllib

    sets = tomllib.loads((repo_root / "evaluation" / "suite_sets.toml").read_text(encoding="utf-8"))["sets"]
    for set_name, (split, heldout) in halves.items():
        check_registered_set(repo_root, set_name, name, heldout=heldout)
        assert sets[set_name]["ids"] == [q.id for q in questions if q.split == split], set_name


def check_ids_split_and_tags(repo_root: Path, questions: list[EvalQuestion], name: str, prefix: str, split: str) -> None:
    check_ids_unique(repo_root, questions, name)
    for q in questions:
        where = f"{name}:{q.line} ({q.id})"
        assert q.id.startswith(prefix), f"{where}: ids start with {prefix!r}"
        assert q.split == split, f"{where}: split must be {split!r}, found {q.split!r}"
        assert q.tags[:2] == ["blind", "policy"] and question_type(q) in TYPES, (
            f"{where}: tags are ['blind', 'policy', <one of {sorted(TYPES)}>], found {q.tags}"
        )
        kind = question_type(q)
        assert (kind == "refuse") == q.should_refuse, f"{where}: tag 'refuse' exactly when should_refuse is true"
        assert (kind == "followup") == bool(q.history), f"{where}: a history exactly on 'followup' questions"
        assert (kind == "english") == q.question.isascii(), f"{where}: tag 'english' exactly on English questions"
        if q.history:
            assert [t["role"] for t in q.history] == ["user", "assistant"], f"{where}: history is one user and one assistant turn"


def check_should_refuse_fields(questions: list[EvalQuestion], name: str) -> None:
    for q in (q for q in questions if q.should_refuse):
        where = f"{name}:{q.line} ({q.id})"
        assert not (q.expected_sources or q.evidence_any or q.answers or q.answer_keywords), (
            f"{where}: a should-refuse question has no sources, evidence, answers or keywords"
        )
        assert q.reference_answer and "无法回答" in q.reference_answer, f"{where}: the reference answer says it cannot be answered"


def check_refused_topics_not_in_knowledge(repo_root: Path, questions: list[EvalQuestion], name: str,
                                          topics: dict[str, tuple[str, ...]]) -> None:
    """The refused topics (id -> words naming the topic) are absent from every ``knowledge/`` document."""
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (repo_root / "knowledge").rglob("*.md"))
    refused = {q.id for q in questions if q.should_refuse}
    assert refused == set(topics), f"{name}: should-refuse ids changed: {sorted(refused)}"
    for qid, words in topics.items():
        found = [w for w in words if w in corpus]
        assert not found, f"{qid}: knowledge/ now mentions {found}; the question may be answerable"


def check_facts_verbatim(repo_root: Path, questions: list[EvalQuestion], name: str) -> None:
    """Every answer 2-12 chars and verbatim in the governing passage, which the reference answer cites."""
    for q in (q for q in questions if not q.should_refuse):
        where = f"{name}:{q.line} ({q.id})"
        for key in REQUIRED:
            assert getattr(q, key), f"{where}: field {key!r} is missing or empty"
        assert 1 <= len(q.evidence_any) <= 2 and 1 <= len(q.answers) <= 2, f"{where}: 1-2 evidence strings and 1-2 answers"
        units = passages(repo_root, q.expected_sources)
        for ev in q.evidence_any:
            assert any(ev in p for p, _, _ in units), f"{where}: evidence {ev!r} is not verbatim in a clause/section of {q.expected_sources}"
        gov = governing(repo_root, q)
        for item in q.answers:
            alts = alternatives(item)
            assert all(2 <= len(a) <= 12 for a in alts), f"{where}: answers are short facts (2-12 chars): {alts}"
            assert any(a in p for p, _, _ in gov for a in alts), (
                f"{where}: no alternative of {alts} is verbatim in the governing passage"
            )
        cited = [(labels, title) for _, labels, title in gov
                 if any(label in q.reference_answer for label in labels) and f"《{title}" in q.reference_answer]
        assert cited, (
            f"{where}: reference_answer must cite 《document title》 and the governing clause or section, one of "
            f"{sorted(set().union(*(labels for _, labels, _ in gov)))}"
        )


def per_doc_counts(questions: list[EvalQuestion]) -> dict[str, int]:
    """How many questions name each expected source."""
    counts: dict[str, int] = {}
    for q in questions:
        for s in set(q.expected_sources):
            counts[s] = counts.get(s, 0) + 1
    return counts


def guidance_count(questions: list[EvalQuestion]) -> int:
    """Questions answered by ``guidance/`` alone."""
    return sum(1 for q in questions if q.expected_sources and all(s.startswith("guidance/") for s in q.expected_sources))


def check_kept_out_of_tuning_data(repo_root: Path, questions: list[EvalQuestion]) -> None:
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


def asked_elsewhere(repo_root: Path, name: str, skip: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    """(governing passage text, answer) pairs every other ``evals/`` question asks (files in ``skip`` aside).

    The governing passage of a question with ``evidence_any`` is the one quoting its evidence; without
    evidence, any passage of its expected sources holding the answer.
    """
    asked: set[tuple[str, str]] = set()
    for path in (repo_root / "evals").glob("*.jsonl"):
        if path.name == name or path.name in skip:
            continue
        for q in load_questions(path):
            if not q.expected_sources or not q.answers:
                continue
            units = passages(repo_root, [s for s in q.expected_sources if (repo_root / "knowledge" / s).is_file()])
            answers = [a for item in q.answers for a in alternatives(item)]
            if q.evidence_any:
                units = [u for u in units if any(ev in u[0] for ev in q.evidence_any)]
            asked |= {(text, a) for text, _, _ in units for a in answers if a in text}
    return asked


def check_not_asked_elsewhere(repo_root: Path, questions: list[EvalQuestion], name: str,
                              skip: frozenset[str] = frozenset()) -> None:
    """No answer of these questions is asked from the same governing passage by another ``evals/`` file."""
    asked = asked_elsewhere(repo_root, name, skip)
    for q in (q for q in questions if not q.should_refuse):
        gov = [text for text, _, _ in governing(repo_root, q)]
        mine = [a for item in q.answers for a in alternatives(item)]
        repeats = sorted({a for text in gov for a in mine if (text, a) in asked})
        assert not repeats, f"{name} ({q.id}): {repeats} is already asked from the same passage by another evals file"


Range = tuple[int, int | None]
"""(least, most) of a count; most None: no upper bound."""


@dataclass(frozen=True)
class Mix:
    """The mix of question types and documents a blind fact set was written to (its writer's brief)."""

    questions: int
    english: int
    refuse: int
    followups: Range
    """Questions with a history, which are exactly those tagged ``followup`` (``check_ids_split_and_tags``)."""
    twopart: Range
    """Two-part questions, each with two answers."""
    singles: Range
    """Single fact questions (``SINGLE_TYPES``); every single type occurs."""
    each_single: int
    """Single fact questions of each single type, at least."""
    per_policy: Range
    """Questions naming each policy of ``POLICY_DOCS`` as an expected source."""
    guidance: Range
    """Questions answered by ``guidance/`` alone."""


MIXES = {
    "blind_policies.jsonl": Mix(questions=40, english=4, refuse=3, followups=(5, None), twopart=(3, None),
                                singles=(24, None), each_single=1, per_policy=(4, None), guidance=(4, 6)),
    "blind_policies2.jsonl": Mix(questions=40, english=4, refuse=4, followups=(5, 5), twopart=(3, 3),
                                 singles=(24, 24), each_single=3, per_policy=(3, 5), guidance=(4, 6)),
    "blind_policies3.jsonl": Mix(questions=40, english=4, refuse=4, followups=(5, 5), twopart=(3, 3),
                                 singles=(24, 24), each_single=3, per_policy=(3, 5), guidance=(4, 6)),
    "blind_policies4.jsonl": Mix(questions=40, english=4, refuse=4, followups=(5, 5), twopart=(3, 3),
                                 singles=(24, 24), each_single=3, per_policy=(3, 5), guidance=(4, 6)),
    "blind_policies5.jsonl": Mix(questions=40, english=4, refuse=4, followups=(5, 5), twopart=(3, 3),
                                 singles=(24, 24), each_single=3, per_policy=(3, 5), guidance=(4, 6)),
    "blind_policies6.jsonl": Mix(questions=40, english=4, refuse=4, followups=(5, 5), twopart=(3, 3),
                                 singles=(24, 24), each_single=3, per_policy=(3, 5), guidance=(4, 6)),
    "blind_policies7.jsonl": Mix(questions=40, english=4, refuse=4, followups=(5, 5), twopart=(3, 3),
                                 singles=(24, 24), each_single=3, per_policy=(3, 5), guidance=(4, 6)),
}
"""Each blind fact set's mix (the numbers its test module checked before they moved here)."""


def _within(count: int, span: Range) -> bool:
    least, most = span
    return count >= least and (most is None or count <= most)


def _span(span: Range) -> str:
    least, most = span
    return f"at least {least}" if most is None else str(least) if least == most else f"{least}-{most}"


def check_mix(questions: list[EvalQuestion], name: str) -> None:
    """``questions`` hold the mix of question types and documents ``MIXES[name]`` promises."""
    mix = MIXES[name]
    kinds = [question_type(q) for q in questions]
    assert len(questions) == mix.questions, f"{name}: {mix.questions} questions expected, found {len(questions)}"
    assert kinds.count("english") == mix.english, f"{name}: {mix.english} English questions expected"
    assert kinds.count("refuse") == mix.refuse, f"{name}: {mix.refuse} should-refuse questions expected"
    followups = (kinds.count("followup"), sum(bool(q.history) for q in questions))
    assert all(_within(n, mix.followups) for n in followups), (
        f"{name}: {_span(mix.followups)} follow-ups with a history expected, found {followups} (tagged, with a history)"
    )
    assert _within(kinds.count("twopart"), mix.twopart) and all(
        len(q.answers) == 2 for q in questions if question_type(q) == "twopart"
    ), f"{name}: {_span(mix.twopart)} two-part questions, each with two answers"
    singles = [k for k in kinds if k in SINGLE_TYPES]
    assert _within(len(singles), mix.singles) and set(singles) == SINGLE_TYPES, (
        f"{name}: {_span(mix.singles)} single fact questions of every type, found {len(singles)}"
    )
    assert all(singles.count(k) >= mix.each_single for k in SINGLE_TYPES), (
        f"{name}: at least {mix.each_single} single questions of each type"
    )
    per_doc = per_doc_counts(questions)
    off = sorted(d for d in POLICY_DOCS if not _within(per_doc.get(f"policies/{d}", 0), mix.per_policy))
    assert not off, f"{name}: every policy is used {_span(mix.per_policy)} times, not so on {off}"
    guidance = guidance_count(questions)
    assert _within(guidance, mix.guidance), f"{name}: {_span(mix.guidance)} guidance questions expected, found {guidance}"


def check_shuffled(questions: list[EvalQuestion], name: str) -> None:
    """``--limit 10`` takes several question types and documents, not one block of the file."""
    head = questions[:10]
    assert len({question_type(q) for q in head}) >= 5, f"{name}: the first 10 questions should mix the types"
    assert len({s for q in head for s in q.expected_sources}) >= 5, f"{name}: the first 10 questions should mix documents"


def check_in_askers_words(questions: list[EvalQuestion], name: str) -> None:
    """A question quotes neither its answers nor its evidence phrase (everyday words, not the clause's)."""
    for q in (q for q in questions if not q.should_refuse):
        where = f"{name}:{q.line} ({q.id})"
        quoted = [a for item in q.answers for a in alternatives(item) if a in q.question]
        quoted += [ev for ev in q.evidence_any if ev in q.question]
        assert not quoted, f"{where}: the question quotes {quoted}; ask it in everyday words"
