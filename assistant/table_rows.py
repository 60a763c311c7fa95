"""The table row a question names leads: "B级投诉…多长时间要关闭" is answered by the row keyed B级, not by the C级 row
whose criteria mention B级 ("A级、B级以外的其他投诉").

A Markdown table is stored one row a line, ``列名：值；列名：值`` (``ingest.loaders.table_text``); a row's first value is
its key (等级, 类型, 优先级 …). The composer ranks a row's cells as ``；``-pieces and quotes the whole row (``Sentence.quote``);
word overlap cannot tell a row that is keyed by the asked value from one that only mentions it; the key can.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.loaders import TABLE_ROW

if TYPE_CHECKING:
    from assistant.extractive import Sentence

ROW_LOOKAHEAD = 8
"""How far down the ranked sentences a row keyed by the asked value is looked for."""


def row_key(text: str) -> str:
    """The key of a table row (its first value without a parenthesised note: "B级（较大）" -> "B级"), "" for other text."""
    if not TABLE_ROW.fullmatch(text):
        return ""
    first = text.split("；", 1)[0].split("：", 1)[1]
    return re.sub(r"[（(][^）)]*[）)]", "", first).strip()


def _named(key: str, question: str, loosely: bool = True) -> bool:
    """The question names ``key``: it says the key, or (``loosely``) both its head and its tail apart ("较大级别的投诉"
    names the row keyed 较大投诉), each two characters or more."""
    if len(key) >= 2 and key in question:
        return True
    return loosely and any(key[:k] in question and key[k:] in question for k in range(2, len(key) - 1))


def named_row_first(question: str, ranked: Sequence[tuple[float, Sentence]]) -> list[tuple[float, Sentence]]:
    """``ranked`` with the best-ranked cell of a row whose key the question names (within ``ROW_LOOKAHEAD``; a row it
    says whole before one it names apart) moved first, unless the lead is such a row already; else unchanged.
    "B级投诉…多长时间要关闭" asks the B级 row's 关闭时限, not a clause on what follows a B级 complaint's closing."""
    if not ranked:
        return []
    for loosely in (False, True):
        if _named(row_key(ranked[0][1].quote), question, loosely):
            return list(ranked)
        for i, (_score, s) in enumerate(ranked[1:ROW_LOOKAHEAD], 1):
            if _named(row_key(s.quote), question, loosely):
                return [ranked[i], *ranked[:i], *ranked[i + 1:]]
    return _cell_named_first(question, list(ranked))


MIN_NAMED_CELL = 4
"""Characters of a cell value a question must say for it to name that row (院长办公会, not 单次 or 费用)."""


def _cell_named_first(question: str, ranked: list[tuple[float, Sentence]]) -> list[tuple[float, Sentence]]:
    """A row lead replaced by the row of its table that alone says what the question names in another column: an
    approval matrix asked by its approver ("…就得拿到院长办公会上去审？" asks the 金额 of the row whose 审批人 is
    院长办公会审议), ``MIN_NAMED_CELL`` characters or more that no other row of the candidates says."""
    if not row_key(ranked[0][1].quote):
        return ranked
    rows = [(i, s.quote) for i, (_score, s) in enumerate(ranked[:ROW_LOOKAHEAD]) if row_key(s.quote)]
    quotes = {q for _i, q in rows}
    best, best_len = 0, 0
    for i, quote in rows:
        others = quotes - {quote}
        said = _longest_said(question, quote, others)
        if said > best_len:
            best, best_len = i, said
    if best_len < MIN_NAMED_CELL or best == 0 or ranked[best][1].quote == ranked[0][1].quote:
        return ranked
    return [ranked[best], *ranked[:best], *ranked[best + 1:]]


def _longest_said(question: str, quote: str, others: set[str]) -> int:
    """Length of the longest stretch of ``question`` that ``quote`` says and none of ``others`` does."""
    longest = 0
    for start in range(len(question)):
        for end in range(start + max(longest + 1, MIN_NAMED_CELL), len(question) + 1):
            piece = question[start:end]
            if piece not in quote:
                break
            if not any(piece in other for other in others):
                longest = end - start
    return longest


def other_row(question: str, lead: Sentence, second: Sentence) -> bool:
    """``second`` is a row of ``lead``'s table keyed by something the question does not name, while ``lead`` is the row
    it names: the C级 row adds nothing to an answer on B级."""
    key = row_key(second.quote)
    return bool(key) and second.n == lead.n and not _named(key, question) and _named(row_key(lead.quote), question)
