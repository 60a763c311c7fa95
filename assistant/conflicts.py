"""Guidance that disagrees with a policy: the same rule, another figure.

The shipped guidance gives general figures ("异议在两个工作日内提出", "例会不超过60分钟"); a company's own policies
set theirs ("次一工作日12:00前", "不超过90分钟"). When an answer quotes a guidance sentence and a policy passage of the
same answer states the same rule with another time limit or share, the manager must not be left to pick one:
``policy_conflicts`` finds such pairs and ``conflict_notice`` says which figure the company's policy sets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.documents import Document

from assistant.extractive import bigrams, candidate_sentences
from assistant.limits import number
from assistant.types import Context

_CITE = re.compile(r"\[(\d{1,3})\]")
_NUMERAL = "0-9０-９一二两三四五六七八九十百半"
_MEASURE = re.compile(
    rf"(?<![第上下每本当{_NUMERAL}.×xX*])(次一|[{_NUMERAL}]+(?:\.\d+)?)\s*(个)?\s*(工作小时|工作日|自然日|小时|分钟|天|日|周|个月|月|年|%|％)"
)
"""A time limit or share: a number (Arabic or Chinese) with its unit ("两个工作日", "60分钟", "次一工作日", "50%");
not an ordinal, a named period or a schedule ("第三周", "下一年", "每周", "7×24小时")."""
_UNITS = {"天": "日", "自然日": "日", "个月": "月", "％": "%"}
_FAMILY = {"%": "share"}
_NOT_TOPIC = re.compile(rf"[{_NUMERAL}\d个%％]")
"""A bigram with a figure in it says the value, not the topic."""
_COMMON = frozenset("应当 应在 须在 以上 以下 之内 之前 以内 不得 不超 超过 可以 进行 相关 部门 工作 问题 建议 每次 一次 时间".split())
"""Bigrams too common in rules to tie two sentences to one topic."""
MIN_SHARED = 4
MIN_OVERLAP = 0.35
"""Two sentences state one rule when they share at least ``MIN_SHARED`` topic bigrams and that many are at least
``MIN_OVERLAP`` of the shorter one's (checked on the shipped knowledge base: the five guidance/policy disagreements
pass, unrelated limits of the same unit do not; ``tests/assistant/test_conflicts.py``)."""


@dataclass(frozen=True)
class Conflict:
    """A guidance sentence quoted by the answer and the policy sentence stating the same rule with other figures
    (``*_figures``: the words of the figures only one of them states)."""

    guidance: str
    guidance_figures: tuple[str, ...]
    policy: str
    policy_figures: tuple[str, ...]
    policy_n: int  # 1-based passage number of the policy sentence
    policy_title: str
    policy_clause: str
    guidance_n: int = 0  # 1-based passage number of the guidance sentence
    guidance_title: str = ""


def _number(text: str) -> float | None:
    if text in ("次一", "半"):
        return 1.0 if text == "次一" else 0.5
    try:
        return float(text)  # Arabic digits, full-width ones too
    except ValueError:
        value = number(text)
        return float(value) if value is not None else None


def measures(text: str) -> dict[tuple[str, float], str]:
    """The time limits and shares ``text`` states: (unit, value) -> the words that state it."""
    out: dict[tuple[str, float], str] = {}
    for m in _MEASURE.finditer(text):
        value = _number(m.group(1))
        if value is not None:
            unit = _UNITS.get(m.group(3), m.group(3))
            out.setdefault((unit, value), m.group(0))
    return out


def _family(unit: str) -> str:
    return _FAMILY.get(unit, "time")


def topic_grams(text: str) -> set[str]:
    """The sentence's bigrams that say what the rule is about (no figures, no words every rule uses)."""
    return {g for g in bigrams(text) if len(g) == 2 and not _NOT_TOPIC.search(g) and g not in _COMMON}


@dataclass(frozen=True)
class _Stated:
    """A sentence's figures and topic bigrams, computed once."""

    figures: dict[tuple[str, float], str]
    grams: frozenset[str]


def _stated(text: str) -> _Stated:
    return _Stated(measures(text), frozenset(topic_grams(text)))


def _differ(guidance: _Stated, policy: _Stated) -> bool:
    families = {_family(u) for u, _ in guidance.figures} & {_family(u) for u, _ in policy.figures}
    if not families:
        return False
    if all(key in policy.figures for key in guidance.figures if _family(key[0]) in families):
        return False  # the policy states the guidance's figures too: no disagreement
    shared = len(guidance.grams & policy.grams)
    return shared >= MIN_SHARED and shared >= MIN_OVERLAP * min(len(guidance.grams), len(policy.grams))


def disagree(guidance: str, policy: str) -> bool:
    """Whether ``policy`` states the rule of ``guidance`` with another figure of the same kind."""
    return _differ(_stated(guidance), _stated(policy))


def _only(mine: dict[tuple[str, float], str], theirs: dict[tuple[str, float], str]) -> tuple[str, ...]:
    """The words of ``mine``'s figures ``theirs`` does not state; all of them when it states every one (a policy whose
    one figure the guidance also gives among others)."""
    return tuple(w for k, w in mine.items() if k not in theirs) or tuple(mine.values())


def _quoted(answer: str) -> list[tuple[str, int]]:
    """(text, passage number) of each cited stretch of ``answer``: the words before each ``[n]``."""
    out = []
    for line in answer.splitlines():
        start = 0
        for m in _CITE.finditer(line):
            out.append((line[start:m.start()], int(m.group(1))))
            start = m.end()
    return out


def policy_conflicts(answer: str, contexts: Sequence[Context]) -> list[Conflict]:
    """Each guidance sentence the answer quotes that a policy passage among ``contexts`` states with other
    figures (at most one conflict per guidance sentence: the best-ranked policy passage's). Each passage is split and
    each sentence read once."""
    policies = [(n, s.quote, stated) for n, c in enumerate(contexts, start=1) if c.doc_type == "policy"
                for s in candidate_sentences([c]) if (stated := _stated(s.quote)).figures]
    if not policies:
        return []
    sentences: dict[int, list[tuple[str, str, _Stated]]] = {}  # guidance passage n -> (quote, piece, stated)
    found: list[Conflict] = []
    seen: set[str] = set()
    for stretch, n in _quoted(answer):
        if not 1 <= n <= len(contexts) or contexts[n - 1].doc_type == "policy":
            continue
        if n not in sentences:
            sentences[n] = [(s.quote, s.text, stated) for s in candidate_sentences([contexts[n - 1]])
                            if (stated := _stated(s.quote)).figures]
        for quote, piece, stated in sentences[n]:
            if quote in seen or quote not in stretch and piece not in stretch:
                continue
            pn, policy, theirs = next(((pn, p, st) for pn, p, st in policies if _differ(stated, st)),
                                      (0, "", None))
            if theirs is None:
                continue
            seen.add(quote)
            ctx = contexts[pn - 1]
            found.append(Conflict(quote, _only(stated.figures, theirs.figures), policy,
                                  _only(theirs.figures, stated.figures), pn, ctx.title, ctx.clause or ctx.section,
                                  n, contexts[n - 1].title))
    return found


def conflict_notice(conflicts: Sequence[Conflict], english: bool = False) -> str:
    """One line telling the reader which figure the company's policy sets, citing both passages."""
    parts = []
    for c in conflicts:
        policy = f"《{c.policy_title}》{c.policy_clause}" if c.policy_title else c.policy_clause
        guidance = f"《{c.guidance_title}》" if c.guidance_title else ("the guidance" if english else "指南")
        g_cite = f" [{c.guidance_n}]" if c.guidance_n else ""
        if english:
            parts.append(f"{guidance} says {'/'.join(c.guidance_figures)}{g_cite}, {policy} says "
                         f"{'/'.join(c.policy_figures)} [{c.policy_n}]")
        else:
            parts.append(f"{guidance}写的是“{'、'.join(c.guidance_figures)}”{g_cite}，{policy}规定的是"
                         f"“{'、'.join(c.policy_figures)}” [{c.policy_n}]")
    if english:
        return f"(Note: {'; '.join(parts)}. Follow the company's policy.)"
    return f"（提示：{'；'.join(parts)}，以本公司制度为准。）"


@dataclass(frozen=True)
class StoreConflict:
    """A guidance sentence of the store and a policy sentence stating the same rule with other figures."""

    guidance_source: str
    guidance_section: str
    guidance: str
    policy_source: str
    policy_clause: str
    policy: str
    guidance_figures: tuple[str, ...]
    policy_figures: tuple[str, ...]


def store_conflicts(docs: Iterable[Document]) -> list[StoreConflict]:
    """Every guidance/policy sentence pair of ``docs`` (the store's chunks) that ``disagree``, for a knowledge
    manager to review (``advisor ingest conflicts``). Pairs are found through the topic bigrams they share, so a
    large store is not compared pair by pair."""
    sentences: dict[str, dict[tuple[str, str], tuple[str, _Stated]]] = {"policy": {}, "guidance": {}}
    for doc in docs:
        meta = doc.metadata
        kind = "policy" if meta.get("doc_type") == "policy" else "guidance"
        where = str((meta.get("clause") if kind == "policy" else "") or meta.get("section") or "")
        ctx = Context(rank=1, source=str(meta.get("source", "")), section=where, text=doc.page_content, score=0.0)
        for s in candidate_sentences([ctx]):
            if (ctx.source, s.quote) not in sentences[kind] and measures(s.quote):
                sentences[kind][(ctx.source, s.quote)] = (where, _stated(s.quote))
    policies = list(sentences["policy"].items())
    by_gram: dict[str, list[int]] = {}
    for i, (_key, (_where, stated)) in enumerate(policies):
        for gram in stated.grams:
            by_gram.setdefault(gram, []).append(i)
    found = []
    for (g_source, g_text), (g_where, g) in sentences["guidance"].items():
        shared = Counter(i for gram in g.grams for i in by_gram.get(gram, ()))
        for i in sorted(i for i, n in shared.items() if n >= MIN_SHARED):
            (p_source, p_text), (p_where, p) = policies[i]
            if _differ(g, p):
                found.append(StoreConflict(
                    g_source, g_where, g_text, p_source, p_where, p_text,
                    _only(g.figures, p.figures), _only(p.figures, g.figures)))
    return sorted(found, key=lambda c: (c.guidance_source, c.guidance, c.policy_source, c.policy))


def conflicts_in_store(store: Any) -> list[StoreConflict]:
    """``store_conflicts`` of a ``KnowledgeStore`` (none, without reading its chunks, unless it holds both guidance
    and policy documents)."""
    if not {"guidance", "policy"} <= {d.doc_type for d in store.documents()}:
        return []
    return store_conflicts(store.get_chunks())
