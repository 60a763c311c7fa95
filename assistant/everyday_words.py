"""Everyday words and the words policies write for them: the one hand-made table.

A manager writes "不服", "谈不拢", "拍板", "算数"; the clause says "异议", "未能解决", "审批", "效力". Jieba cuts the
negated failure phrases into a word the documents use plus a negation, and no word embedding maps the office
idioms, so a short table of general Chinese office vocabulary (not any document's) holds them. Each row says
whether its formal words name what an everyday fact question asks (``slot``):

* ``slot=False``: phrases of a failure or a request (不服 -> 异议 复议, 谈不拢 -> 未能解决); a rule's case is
  matched by them too (``enumeration.case_fits``: "对裁决有异议的" is the case of "不服").
* ``slot=True``: the words ``everyday`` reads an asked slot from (拍板 -> 决定 审批 任命; the verbs a duration is
  bound to, the everyday word a story echoes).

Every row feeds the one more search and the sentence matching (``wording.question_wording``).
"""

from __future__ import annotations

from typing import NamedTuple


class EverydayWord(NamedTuple):
    """One row: the ``everyday`` word, the ``formal`` words policies write for it, and whether they name an asked
    ``slot`` (``everyday``) rather than a failure or request phrase."""

    everyday: str
    formal: tuple[str, ...]
    slot: bool


def _rows(slot: bool, *pairs: tuple[str, tuple[str, ...]]) -> tuple[EverydayWord, ...]:
    return tuple(EverydayWord(word, formal, slot) for word, formal in pairs)


TABLE: tuple[EverydayWord, ...] = (
    *_rows(False,  # a failure or a request
           ("不服", ("异议", "复议")), ("不认可", ("异议",)), ("不同意", ("异议",)),
           ("谈不拢", ("未能解决", "无法达成一致")), ("解决不了", ("未能解决",)), ("没解决", ("未能解决",)),
           ("不处理", ("未作出处理",)), ("不回复", ("未响应",)), ("不回", ("未响应",)), ("不响应", ("未响应",)),
           ("不理", ("未响应",)), ("暂停", ("停止",)), ("超时", ("超过时限",)), ("拖着", ("拖延",))),
    *_rows(True,  # what an everyday fact question asks
           ("拍板", ("决定", "审批", "任命")),
           ("说了算", ("决定", "为准", "意见不一致")),
           ("听谁的", ("为准", "判定", "裁定", "意见不一致")),
           ("做主", ("决定",)),
           ("作主", ("决定",)),
           ("定夺", ("决定", "裁定")),
           ("点头", ("确认", "同意")),
           ("签字", ("签批", "审批")),
           ("算数", ("效力", "有效")),
           ("作数", ("效力", "有效")),
           ("作废", ("无效", "效力")),
           ("回复", ("答复",)),
           ("回话", ("答复", "回复")),
           ("给个说法", ("答复",)),
           ("打回", ("退回",)),
           ("退回来", ("退回",)),
           ("转给", ("转交",)),
           ("转过去", ("转交",)),
           ("往后推", ("延期", "变更")),
           ("推迟", ("延期", "变更")),
           ("拖后", ("延期",)),
           ("商量", ("协商", "确认")),
           ("开多久", ("时长",)),
           ("开多长", ("时长",)),
           ("凑够", ("不少于",)),
           ("挨罚", ("扣分", "处罚")),
           ("扣钱", ("扣减", "处罚")),
           ("表扬", ("通报表扬",)),
           ("交材料", ("提交",)),
           ("补材料", ("补充",)),
           ("说理", ("申诉", "异议")),
           ("讨说法", ("申诉", "答复")),
           ("记下来", ("记录",)),
           ("存档", ("归档",)),
           ("点出来", ("通报",))),
)
"""The table, failure and request phrases first (the order the formal words are searched in)."""


def _rows_of(slot: bool | None) -> tuple[EverydayWord, ...]:
    return TABLE if slot is None else tuple(row for row in TABLE if row.slot is slot)


def everyday_words(text: str, slot: bool | None = None) -> list[str]:
    """The table's everyday words ``text`` says (of the rows with this ``slot`` value; every row for None)."""
    return [row.everyday for row in _rows_of(slot) if row.everyday in text]


def formal_terms(text: str, slot: bool | None = None) -> list[str]:
    """The formal words for the everyday words of ``text`` ("不服" -> 异议 复议), in table order, without repeats
    and without the words ``text`` already says (rows with this ``slot`` value; every row for None)."""
    out: list[str] = []
    for row in _rows_of(slot):
        if row.everyday in text:
            out += [t for t in row.formal if t not in text and t not in out]
    return out


def formal_words(text: str, slot: bool | None = None) -> tuple[str, ...]:
    """The formal words for the everyday words of ``text``, in table order, without repeats (the ones ``text``
    says included)."""
    return tuple(dict.fromkeys(f for row in _rows_of(slot) if row.everyday in text for f in row.formal))
