"""Find the policy clause written for what happened, over the whole store, by the clause's case.

A policy clause is mostly "case → rule": "无正当理由频繁发起升级、虚报或隐瞒事实的，协调委员会可予以通报批评",
"迟到超过10分钟或无故缺席的，由总经理办公室…记录", "适用于核心业务中断、生产系统停机…的事项". A scenario question
tells a case ("他们三天两头就发起升级", "有人开会老迟到二十分钟") wrapped in a quarrel and a plea; the plain
search, led by the quarrel's words, ranks the generic escalation clauses first and the one clause written
for the case may not be among its top k. Here every case of every policy clause is matched against the
situation alone (``scenario.situation``): by its content words (``situation.described_share``) and by the
bundled embedding model (case vectors are computed once for the store's documents and kept with the store,
``<data_dir>/cases/<key>.npz`` like the glossary; one query vector per question), so the clause is found
whatever the plain search's top k holds.

``CaseIndex`` holds one store generation's cases and vectors; ``index_for`` loads it from the store's file or
builds and saves it; ``CaseClauses`` gets it for the store's current generation (``PerGeneration``: thread-safe,
once per generation) and answers ``search``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.neighbours import is_policy_clause
from assistant.per_generation import PerGeneration
from assistant.rule_cases import case_pattern, case_text
from ingest.numbering import CLAUSE_NUMBER, ITEM_NUMBER
from assistant.store_file import load_npz, load_or_build, save_npz, store_file_path
from assistant.situation import (counted_bounds, described_share, has_bound, partitions, specific, told_counts,
                                 told_phrases)

log = logging.getLogger(__name__)

FORMAT = "1"
"""Format of the saved case vectors (``<data_dir>/cases/<key>.npz``): bump it when the vectors change meaning."""

_CASE = case_pattern(after="，；。：", stops="，。；：", opener="如|如果|若|凡|对于?", ends="的|时|后", longest=48)
"""A case a clause governs: "…的，" / "…时，" / "…后，" at the start of the clause or after a comma or semicolon
(a clause may state several: "…；迟到超过10分钟或无故缺席的，…"), or "适用于…的事项"."""
_COUNTED_SUBJECT = re.compile(rf"(?:^(?:{CLAUSE_NUMBER}\s*)?|(?<=[，；。：]))" r"([^，。；：]{2,40}?的[^，。；：的]{1,8})，")
"""A clause whose subject is a counted case: "预计工作量超过12人日的需求，须…" (kept only when it holds a count bound with
a bound word, ``situation.has_bound``)."""
_COUNTED_OBJECT = re.compile(rf"(?:^(?:{CLAUSE_NUMBER}\s*)?|(?<=[，；。：]))(?:对于|对|凡|将|把|向)?([^，。；：的]{{2,30}}?)的(?=[^，。；：的])")
"""A counted case at the head of a clause's piece, governed by the verb after it: "对停滞超过60个自然日的项目组提出
终止或调整建议" (kept only with a count bound, ``situation.has_bound``; its noun is the next word, ``counted_case``)."""
MIN_CASE_CHARS = 4
"""A case shorter than this ("必要时", "逾期的") tells too little to be matched on its own."""

MIN_SHARE = 0.4
"""A clause is offered only when the situation holds this share of its case's content words (a word or two
of a long case in common is chance)."""
LEXICAL_WEIGHT = 0.5
"""Weight of the share of the case's content words the situation holds; the rest is the cosine of the two."""


_LISTED = re.compile(r"(?:(?:下列|以下)(?:情形|情况|事项)(?:之一)?的?[^：:。]{0,30}|(?:下列|以下)[^：:。]{1,60}(?=[：:]\s*（一）))"
                     r"[：:]([^。]+)")
"""A clause listing its cases after a colon: "出现下列情形之一的，应召开专题协调会：A；B；C。", or after any "下列…" head when
the items are numbered ("下列订单的交期承诺，…还须经…签字确认：（一）…的；（二）…的。")."""
_LIST_HEAD = re.compile(r"(?:下列|以下)(?:情形|情况|事项)")
""""出现下列情形之一" points at the cases; it is none itself."""


def clause_cases(text: str) -> list[str]:
    """The cases ``text`` (one policy clause) is written for, in order, without duplicates: each "…的，" /
    "适用于…的事项", and each item of a "下列情形之一…：A；B" list."""
    found = [case_text(m) for m in _CASE.finditer(text)]
    found += counted_subjects(text)
    for m in _LISTED.finditer(text):
        found += [ITEM_NUMBER.sub("", item) for item in re.split(r"[；;]", m.group(1))]
    counted = [counted_case(text, m) for m in _COUNTED_OBJECT.finditer(text) if has_bound(m.group(1))]
    found += [c for c in counted if not any(c in other for other in found)]  # not a case read already, cut short
    out: list[str] = []
    for case in (c.strip() for c in found):
        if len(case) >= MIN_CASE_CHARS and case not in out and not _LIST_HEAD.search(case):
            out.append(case)
    return out


def counted_subjects(text: str) -> list[str]:
    """The counted cases that are a clause's subject ("预计工作量超过12人日的需求，须…"; ``_COUNTED_SUBJECT``)."""
    return [m.group(1) for m in _COUNTED_SUBJECT.finditer(text) if has_bound(m.group(1))]


def counted_case(text: str, match: re.Match[str]) -> str:
    """The counted case a ``_COUNTED_OBJECT`` match reads: its modifier, "的" and the noun after it, the next word
    ("停滞超过60个自然日的项目组" of "…的项目组提出终止…")."""
    from assistant.terms import words

    rest = re.split(r"[，。；：]", text[match.end():], maxsplit=1)[0]
    noun = next(iter(words(rest)), "")
    return f"{match.group(1)}的{noun}"


@dataclass
class CaseIndex:
    """The cases of one store generation's policy clauses: ``docs[owner[i]]`` states ``cases[i]``, whose
    unit vector (the store's embedding model, passage mode) is ``vectors[i]``."""

    docs: list[Any]
    cases: list[str]
    owner: list[int]
    vectors: np.ndarray

    @classmethod
    def collect(cls, docs: Iterable[Any]) -> tuple[list[Any], list[str], list[int]]:
        """The policy clauses among ``docs`` that state a case, their cases and each case's clause:
        ``(kept, cases, owner)``, ``kept[owner[i]]`` states ``cases[i]``."""
        kept: list[Any] = []
        cases: list[str] = []
        owner: list[int] = []
        for doc in docs:
            found = clause_cases(doc.page_content) if is_policy_clause(doc) else []
            if found:
                kept.append(doc)
                cases += found
                owner += [len(kept) - 1] * len(found)
        return kept, cases, owner

    @classmethod
    def build(cls, docs: Iterable[Any], embed: Callable[[list[str]], Sequence[Sequence[float]]]) -> "CaseIndex":
        """Index the cases of the policy clauses among ``docs`` (LangChain ``Document``s); ``embed`` turns
        case texts into passage vectors (``Embeddings.embed_documents``), called once with all of them."""
        kept, cases, owner = cls.collect(docs)
        vectors = np.asarray(embed(cases), dtype=np.float32) if cases else np.zeros((0, 1), dtype=np.float32)
        if len(vectors):
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return cls(kept, cases, owner, vectors)

    # -- persistence ---------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the cases and their vectors atomically (``store_file.save_npz``)."""
        save_npz(path, FORMAT, cases=np.array(self.cases, dtype=str), vectors=self.vectors)

    @classmethod
    def load(cls, path: Path, docs: Iterable[Any]) -> "CaseIndex | None":
        """The index of ``docs`` with the vectors saved at ``path``, or None when the file is absent, unreadable,
        of another format, or holds other cases than ``docs`` state (then it is rebuilt)."""
        data = load_npz(path, FORMAT)
        if data is None or "cases" not in data or "vectors" not in data:
            return None
        kept, cases, owner = cls.collect(docs)
        vectors = np.asarray(data["vectors"], dtype=np.float32)
        if [str(c) for c in data["cases"]] != cases or vectors.ndim != 2 or len(vectors) != len(cases):
            return None
        return cls(kept, cases, owner, vectors)

    def scores(self, happened: str, query_vector: Sequence[float] | None) -> list[tuple[Any, float, float]]:
        """Every clause with its best case's score for ``happened`` (``LEXICAL_WEIGHT`` × described share +
        the rest × cosine; the cosine is left out without ``query_vector``), best first: ``(doc, score, share)``
        (``share``: that case's described share, ``situation.described_share``)."""
        if not self.cases or not happened.strip():
            return []
        cosine = np.zeros(len(self.cases), dtype=np.float32)
        if query_vector is not None and self.vectors.shape[1] == len(query_vector):
            q = np.asarray(query_vector, dtype=np.float32)
            cosine = self.vectors @ (q / max(float(np.linalg.norm(q)), 1e-12))
        best: dict[int, tuple[float, float]] = {}
        for i, case in enumerate(self.cases):
            share = described_share(happened, case)
            score = LEXICAL_WEIGHT * share + (1 - LEXICAL_WEIGHT) * float(cosine[i])
            if self.owner[i] not in best or score > best[self.owner[i]][0]:
                best[self.owner[i]] = (score, share)
        order = sorted(best, key=lambda d: (-best[d][0], d))
        return [(self.docs[d], best[d][0], best[d][1]) for d in order]


def case_index_path(store: Any) -> Path:
    """Where the store's case vectors are kept: under its data dir, named by embedding model and documents."""
    return store_file_path(store, "cases", FORMAT)


def index_for(store: Any, embeddings: Any) -> CaseIndex:
    """The case index of the store's documents: its vectors loaded from ``case_index_path``, or embedded with
    ``embeddings`` and saved there (kept in memory when the data dir is read-only)."""
    docs = store.get_chunks()

    def build() -> CaseIndex:
        built = CaseIndex.build(docs, embeddings.embed_documents)
        log.info("case index built: %d cases of %d clauses", len(built.cases), len(built.docs))
        return built

    found = load_or_build(case_index_path(store), lambda path: CaseIndex.load(path, docs), build, "case index")
    assert found is not None  # build() always gives an index
    return found


class CaseClauses:
    """The policy clauses whose case best matches a situation, for the store a retriever searches."""

    def __init__(self, retriever: Any) -> None:
        self.retriever = retriever
        self._index = PerGeneration(lambda: retriever.store, self._build)

    def _build(self, store: Any) -> CaseIndex:
        return index_for(store, self.retriever.embeddings)

    def index(self) -> CaseIndex:
        """The case index of the store's current generation (built on first use after each sync)."""
        return self._index.get()

    def search(self, happened: str, allowed: Callable[[Any], bool] = lambda doc: True,
               embed: Callable[[str], Sequence[float]] | None = None) -> list[tuple[Any, float, float]]:
        """Every clause ``allowed`` accepts, best case match for ``happened`` first: ``(doc, score, share)``
        (``share``: the described share of its best case, ``situation.described_share``). ``embed`` gives the
        query vector (default ``retriever.embed_query``; the advisor's remembers the vectors of its searches)."""
        index = self.index()
        if not index.cases or not happened.strip():
            return []
        vector = (embed or self.retriever.embed_query)(happened)
        return [item for item in index.scores(happened, vector) if allowed(item[0])]


def missing_clauses(ranked: Sequence[tuple[Any, float, float]], present: Iterable[str], key: Callable[[Any], str],
                    keep: int, happened: str = "", counted_only: bool = False) -> list[tuple[Any, float]]:
    """The clauses of ``ranked`` (``CaseClauses.search``) written for the case better than every clause already
    ``present`` (their keys), at most ``keep``: the clause the other searches missed. One must describe at least
    ``MIN_SHARE`` of its case's words; when a present clause matches as well, nothing is missing. With
    ``happened`` (what the story tells), a clause whose count bound the story's count meets (``meets_count``:
    "两个多月…没人推了" / "停滞超过60个自然日的项目组") need only beat the present clauses whose bound it meets too:
    words shared by chance do not outweigh a met count. ``counted_only``: only such clauses (a story asking something
    else than what to do: its met count is what ties it to a case)."""
    have = set(present)
    told = bool(happened) and bool(told_counts(happened))  # no count told: no clause to read for one
    if counted_only:  # a count in a specific measure ("干了大半年" is a story's frame) of a clause not met by any count
        ranked = [item for item in ranked if told and not partitions(item[0].page_content)
                  and meets_count(happened, item[0].page_content, specific_only=True)]
        counted = {key(doc) for doc, _, _ in ranked}
    else:
        counted = {key(doc) for doc, _, _ in ranked if told and meets_count(happened, doc.page_content)}
    bar = max((score for doc, score, _ in ranked if key(doc) in have), default=float("-inf"))
    counted_bar = max((score for doc, score, _ in ranked if key(doc) in have & counted), default=float("-inf"))
    return [(doc, score) for doc, score, share in ranked
            if score > (counted_bar if key(doc) in counted else bar) and share >= MIN_SHARE and key(doc) not in have][:keep]


def meets_count(happened: str, text: str, specific_only: bool = False) -> bool:
    """True when a count ``happened`` tells meets a count bound of a case of ``text`` (one clause) and describes it
    (``situation.counted_bounds``: "迟到二十来分钟" and "迟到超过10分钟…的，"); ``specific_only``: a bound in a specific
    measure (``situation.specific``: "超过50万元", not "超过60个自然日")."""
    return any(met and (not specific_only or specific(" ".join(met)))
               for met in (counted_bounds(happened, case) for case in clause_cases(text)))


MIN_SITUATION_CHARS = 12
"""A situation shorter than this (in characters) is a topic, not a case ("需求变更" asks a plain question)."""
CASE_KEEP = 2
"""The best clauses of the case search always added to the passages of a question that tells a case."""


def case_query(question: str) -> str:
    """What happened, when ``question`` tells a case and asks what to do about it ("物流部…一个月升了七八次，
    …这种情况有没有说法？" -> its situation), else "". The situation is the question without its quarrel and its
    plea (``scenario.situation``, disputed grades named by their scale: ``situation.ungraded``), with the counts
    told in the quarrel's pieces ("两个多月前…吵了一架之后就没人推了": ``situation.told_phrases``); a question with no
    plea, or whose situation is shorter than ``MIN_SITUATION_CHARS``, tells no case."""
    from assistant.scenario import asks_action, situation

    if not asks_action(question):
        return ""
    happened = situation(question)
    if len(re.sub(r"\s", "", happened)) < MIN_SITUATION_CHARS:
        return ""
    return ungraded_with_counts(happened, question)


@lru_cache(maxsize=256)
def asked_case(question: str) -> str:
    """What happened in a story, whatever it asks ("…争了一个多月…三百多万元…还能往哪里报？", "…才管了一个半月，这个结果也
    要算到我头上？"): ``case_query`` when the story asks what to do, else, for a story (``story.is_story``), the pieces
    before its last (the ask) that tell something (``scenario.situation``); "" when they are shorter than
    ``MIN_SITUATION_CHARS``. For the 结论 alone: the story's searches stay those of ``case_query``. Remembered: the
    lead (``story_case.case_first``) and the second sentence (``story_case.contradicted``) ask it of one question."""
    from assistant.scenario import situation
    from assistant.story import is_story

    happened = case_query(question)
    if happened or not is_story(question):
        return happened
    told = re.sub(r"[^，,。；;？?！!]*[？?]\s*$", "", question.strip())  # without the ask it ends with
    happened = situation(told) if told != question.strip() else ""
    return ungraded_with_counts(happened, told) if len(re.sub(r"\s", "", happened)) >= MIN_SITUATION_CHARS else ""


def ungraded_with_counts(happened: str, question: str) -> str:
    """``happened`` with the counts ``question`` tells outside it, disputed grades named by their scale."""
    from assistant.situation import ungraded

    kept = happened.replace(" ", "")
    counts = [told for told in told_phrases(question) if told not in kept]  # a count told in the quarrel's piece
    return ungraded(" ".join([happened, *counts]))


__all__ = ["CaseClauses", "CaseIndex", "asked_case", "case_index_path", "case_query", "clause_cases", "index_for",
           "meets_count", "missing_clauses"]
