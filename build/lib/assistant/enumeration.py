"""Questions that ask for a whole series, and questions that ask what follows from a stated case.

"跨部门问题升级分几级？每一级的处理时限是多少？" wants every level's deadline, in order: a policy
states them in sibling clauses ("一级升级…3个工作日内", "一级升级未能解决的，可发起二级升级…5个
工作日内", "…三级升级…15个工作日内"). ``is_enumeration`` recognises such a question,
``sibling_docs`` fetches the other clauses of the retrieved clause's chapter from the store (they
rarely all come back from one search), and ``series_items`` picks, per level, the sentence that
states the asked kind of fact, so the 结论 lists them: "一级：…3个工作日… [1]；二级：… [5]；…".

"P1工单超时了，会有什么后果？" wants every consequence a policy attaches to that case; policies
state them as "<case>的，<consequence>" ("P1级工单超时的，运营部于次一工作日…通报"). ``consequences``
picks the sentences whose case matches the question's case (its content words, and no other count
of the same unit: "连续3个月低于目标的" does not answer "连续两个月没达标").

Every quoted piece is a verbatim sentence of a passage with its ``[n]``; only the level labels
("一级：") are ours, taken from the sentences.

``followon`` holds what a follow-up needs (the previous turn, repeats, the next clause).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from assistant.everyday_words import formal_terms
from assistant.neighbours import chapter, is_policy_clause, neighbour_docs, same_chapter
from assistant.question_types import QType, answer_spans, asked_parts
from assistant.terms import content_words
from assistant.types import Context
from ingest.numbering import CLAUSE_LEAD, NUMBER

if TYPE_CHECKING:  # extractive imports this module; the reverse import is done lazily
    from assistant.extractive import Sentence

_ENUMERATION = re.compile(
    r"分几[级档类种个层]|分为几|有几[级档类种个层]|几个(?:等级|级别|层级|档次|类别)|每一?[级档类层](?!别人)|每个(?:等级|级别|层级|档次)|"
    r"各[级档类层](?:的|别|分别)?|各个(?:等级|级别|层级)|分别|哪几[级档类种层个]|各自"
)
_LEVEL = re.compile(r"(?<![每各几哪分\d])(?:第)?([一二三四五六七八九十]|\d{1,2})(?:级|档|类|层级?|阶段)(?![别数])|([A-Z]\d)级?")
MAX_SIBLINGS = 8
"""Clause chunks of one chapter fetched for an enumeration question (a chapter of a policy is short)."""
SIBLING_SOURCES = 2
"""Retrieved policy clauses whose chapters are fetched."""
MAX_ITEMS = 6
MIN_ITEMS = 2


def is_enumeration(question: str) -> bool:
    """The question asks for each/all of a series (分几级, 每一级, 各级, 分别, 哪几种 …)."""
    return bool(_ENUMERATION.search(question))


def sibling_docs(docs: Sequence[Any], chunks_of: Callable[[str], Sequence[Any]], limit: int = SIBLING_SOURCES,
                 max_new: int = MAX_SIBLINGS) -> list[Any]:
    """The other clause chunks of the chapters of the first ``limit`` policy clauses in ``docs``
    (LangChain ``Document``s with ``version_key``/``chunk_index``/``section``/``clause`` metadata),
    in document order, not already among ``docs``, at most ``max_new``.

    ``chunks_of(version_key)`` returns one document's chunks (``KnowledgeStore.get_chunks``).
    """
    return neighbour_docs(docs, chunks_of, same_chapter, limit, max_new,
                          start=lambda d: is_policy_clause(d) and bool(chapter(str(d.metadata.get("section", "")))))


def levels(text: str) -> list[str]:
    """The level marks a text names, in order, normalised ("一级升级未能解决的，可发起二级升级" ->
    ["一级", "二级"]; "P1级工单" -> ["P1"])."""
    out: list[str] = []
    for m in _LEVEL.finditer(text):
        mark = m.group(2) or re.sub(r"^第", "", m.group(0))
        mark = re.sub(r"层级$", "层", mark)
        if mark not in out:
            out.append(mark)
    return out


def facts(text: str, qtype: QType) -> list[tuple[int, int]]:
    """Spans of the asked kind of fact in ``text`` that are not level marks or clause numbers
    ("二级" and "第七条" are no amounts)."""
    taken = [m.span() for m in _LEVEL.finditer(text)] + [m.span() for m in _CLAUSE_NO.finditer(text)]
    return [(a, b) for a, b in answer_spans(text, qtype) if not any(a < y and x < b for x, y in taken)]


def _mark_of(text: str, qtype: QType) -> str | None:
    """The level a sentence states its fact for: the level mark nearest before its first fact of the
    asked kind ("一级升级未能解决的，可发起二级升级…5个工作日内" -> 二级), or None."""
    marks = [(m.start(), m) for m in _LEVEL.finditer(text)]
    for a, _b in facts(text, qtype):
        before = [m for at, m in marks if at < a]
        if before:
            return levels(before[-1].group(0))[0]
    return None


def _order(mark: str) -> int:
    digits = re.findall(r"\d+", mark)
    if digits:
        return int(digits[0])
    from assistant.grounding import cn_to_int  # grounding imports extractive, which imports this module

    return cn_to_int(mark[:1]) or 99


def enumerated_type(question: str) -> QType:
    """The kind of fact listed per item: the type of the asked part that enumerates (每一级的时限是多少
    -> TIME), else of the last typed part."""
    parts = asked_parts(question)
    for part, qtype in reversed(parts):  # "分几级？每一级的时限是多少？": the per-level part comes later
        if is_enumeration(part) and qtype not in (QType.OTHER, QType.HOWTO):
            return qtype
    typed = [t for _p, t in parts if t not in (QType.OTHER, QType.HOWTO)]
    return typed[-1] if typed else QType.OTHER


def series_items(question: str, contexts: Sequence[Context], query: str | None = None) -> list[tuple[str, "Sentence"]]:
    """``(level, sentence)`` per level of the series the question enumerates, in level order, or [].

    The series is the level marks (一级/二级/三级, P1/P2/P3 …) named by the sentences of one
    document that hold the asked kind of fact; a sentence stands for the first level it names that
    no earlier sentence stood for ("一级升级未能解决的，可发起二级升级…5个工作日内" -> 二级). A policy's
    series wins over guidance; fewer than ``MIN_ITEMS`` levels: [] (the usual 结论 answers).
    """
    from assistant.extractive import candidate_sentences, rank_sentences

    if not contexts or not is_enumeration(question):
        return []
    qtype = enumerated_type(question)
    asked = levels(question)
    if qtype in (QType.OTHER, QType.HOWTO, QType.YESNO) or len(asked) == 1:
        return []  # one level named ("P1级的响应和解决时限分别是多少"): its facts, not the series
    ranked = rank_sentences(query or question, contexts, None, qtype)
    score = {s: sc for sc, s in ranked}
    by_doc: dict[str, list[tuple[str, Sentence]]] = {}
    sentences = sorted(candidate_sentences(contexts), key=lambda s: (_clause_order(contexts[s.n - 1]), s.n, s.pos))
    for s in sentences:
        ctx = contexts[s.n - 1]
        if not facts(s.text, qtype) or score.get(s, -1.0) < 0.0:
            continue
        mark = _mark_of(s.quote, qtype)
        items = by_doc.setdefault(ctx.source, [])
        if mark is None or asked and mark not in asked or any(m == mark or sent.quote == s.quote for m, sent in items):
            continue
        items.append((mark, s))
    best: list[tuple[str, Sentence]] = []
    best_key: tuple[int, int, float] = (0, 0, 0.0)
    for source, items in by_doc.items():
        kinds = {bool(re.match(r"[A-Z]", m)) for m, _s in items}
        if len(items) < MIN_ITEMS or len(kinds) > 1:
            continue
        policy = int(any(is_rule(contexts[s.n - 1]) for _m, s in items))
        key = (policy, len(items), max(score.get(s, 0.0) for _m, s in items))
        if key > best_key:
            best, best_key = items, key
    return sorted(best, key=lambda item: _order(item[0]))[:MAX_ITEMS]


_CLAUSE_NO = re.compile(rf"第({NUMBER})条")


def is_rule(ctx: Context) -> bool:
    """A passage of a policy (by its type, or by its numbered clause)."""
    return ctx.doc_type == "policy" or bool(_CLAUSE_NO.search(ctx.clause or ctx.section))


def _clause_order(ctx: Context) -> int:
    """A clause's number (第二十一条 -> 21) for document order; 0 when it has none."""
    m = _CLAUSE_NO.search(ctx.clause or ctx.section)
    if not m:
        return 0
    from assistant.grounding import cn_to_int

    return cn_to_int(m.group(1)) or 0


# -- consequences of a stated case ---------------------------------------------------------------
_CONSEQUENCE = re.compile(r"后果|会怎样|会怎么样|会如何|怎么处理|如何处理|怎么处罚|怎么罚|要怎么办|怎么办|会被")
_CASE_END = re.compile(r"的[，,]")
_CASE_MAX = 40
_UNIT_COUNT = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*(?:个)?(月|周|天|日|工作日|小时|次|年|季度)")
CASE_SHARE = 0.6
"""Share of the question's case words a sentence's case must contain."""
MAX_CONSEQUENCES = 3


def asks_consequence(question: str) -> bool:
    """The question states a case and asks what follows (后果, 会怎样, 怎么处理 …)."""
    return bool(_CONSEQUENCE.search(question))


def _counts(text: str) -> dict[str, set[int]]:
    from assistant.grounding import cn_to_int

    out: dict[str, set[int]] = {}
    for num, unit in _UNIT_COUNT.findall(text):
        value = int(num) if num.isdigit() else (cn_to_int(num) or 0)
        if value:
            out.setdefault(unit, set()).add(value)
    return out


def case_of(sentence: str) -> str:
    """The case a rule sentence is about: the words before its first "的，" ("P1级工单超时的，…" ->
    "P1级工单超时"), or "" when it states none near its start."""
    text = CLAUSE_LEAD.sub("", sentence.strip())
    m = _CASE_END.search(text)
    return text[:m.start()] if m and m.start() <= _CASE_MAX else ""


def case_fits(question: str, case: str) -> bool:
    """``case`` covers the question's case: most of the question's content words, and no other count
    of a unit the question counts (连续3个月 for 连续两个月)."""
    if not case:
        return False
    low = case.lower()
    cue = _CONSEQUENCE.search(question)
    stated = question[:cue.start()] if cue else question  # the case, without what is asked about it
    words = [w for w in content_words(stated) if w not in ("如果", "那", "要是")]
    if not words:
        return False
    found = sum(1 for w in words if w in low or any(t in low for t in formal_terms(w, slot=False)))  # 不服 ~ 异议
    if found / len(words) < CASE_SHARE:
        return False
    asked = _counts(question)
    stated = _counts(case)
    return not any(unit in asked and values.isdisjoint(asked[unit]) for unit, values in stated.items())


def consequences(question: str, contexts: Sequence[Context], query: str | None = None,
                 said: str = "") -> list["Sentence"]:
    """The sentences stating what follows from the question's case, best first, at most
    ``MAX_CONSEQUENCES``; [] unless the question asks a consequence and at least one sentence's case
    fits. A sentence the previous answer already said (``said``) is left out."""
    from assistant.extractive import rank_sentences
    from assistant.followon import repeats

    if not contexts or not asks_consequence(question):
        return []
    asked = f"{query} {question}" if query and query != question else question
    ranked = rank_sentences(query or question, contexts, None, None)
    out: list[Sentence] = []
    for _score, s in ranked:
        if any(s.quote == o.quote for o in out):
            continue
        if case_fits(question, case_of(s.text)) or case_fits(asked, case_of(s.text)) and case_fits(question, case_of(s.text) or s.text):
            if said and repeats(s.quote, said):
                continue
            out.append(s)
            if len(out) >= MAX_CONSEQUENCES:
                break
    return out


def enumerated_conclusion(question: str, contexts: Sequence[Context], query: str | None = None,
                          said: str = "") -> tuple[str, list["Sentence"]] | None:
    """The 结论 line for a series question (each level's fact, in order) or a consequence question
    (every consequence of the stated case), with the sentences it quotes; None when neither applies."""
    from assistant.extractive import _conclusion_text, _ensure_period

    items = series_items(question, contexts, query)
    if items:
        marks = [m for m, _s in items]
        suffix = {m[-1] for m in marks}
        count = ""
        if "几" in question and len(suffix) == 1 and suffix <= set("级档类层") and [_order(m) for m in marks] == list(range(1, len(marks) + 1)):
            count = f"共{'一二三四五六七八九十'[len(marks) - 1]}{next(iter(suffix))}。"
        body = " ".join(f"{m}：{_ensure_period(s.quote)} [{s.n}]" for m, s in items)
        return f"结论：{count}{body}", [s for _m, s in items]
    found = consequences(question, contexts, query, said)
    if found:
        return _conclusion_text(question, found), found
    return None


COHERENCE_MARGIN = 0.15
"""A later asked part's sentence from the first answer's document may trail the best one by this much."""


def same_document_first(ranked: Sequence[tuple[float, "Sentence"]], sources: Sequence[str], first_n: int,
                        margin: float = COHERENCE_MARGIN) -> list[tuple[float, "Sentence"]]:
    """``ranked`` with the sentences of the first answer's document (``sources[first_n - 1]``) that
    score within ``margin`` of the best moved to the front, in their order.

    "按首问负责制我应该怎么做？有时间要求吗？": the time limit asked is the one of the clause already
    quoted (第十八条's 30分钟), not a meeting length of another document that shares more words
    with "时间要求".
    """
    if not ranked or not 0 < first_n <= len(sources):
        return list(ranked)
    top = ranked[0][0]
    home = sources[first_n - 1]
    near = [x for x in ranked if sources[x[1].n - 1] == home and top - x[0] <= margin]
    return [*near, *(x for x in ranked if x not in near)]
