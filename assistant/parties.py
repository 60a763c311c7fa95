"""Does a question name departments as the parties of a collaboration (not as the topic it asks about)?

"采购部要我们信息技术部给他们改一个…功能" or "财务部和销售部每个月都要…" is about how two departments work
together, whatever they quarrel over; "财务部的报销标准是多少" names one department and asks about its own
business. The refusal's owner rule (``assistant/refusal.py``: a topic another department owns) only
applies to the latter.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NOT_DEPARTMENT = ("全部", "内部", "外部", "局部", "部分", "部门", "总部", "干部", "头部", "底部", "细部", "本部", "各部", "部署", "部件")
# "X部/X中心/X办公室" with 1-4 characters before the marker; "部门" itself is a common noun.
_DEPARTMENT = re.compile(r"([\u4e00-\u9fff]{1,4}?)(部|中心|办公室)(?!门|分|署|件)")
_EN_DEPARTMENT = re.compile(
    r"\b((?-i:IT|HR)|finance|sales(?: ops)?|legal|procurement|purchasing|marketing|operations|logistics|warehouse|"
    r"R&D|product|customer service|admin(?:istration)?|quality|security)\b(?: (?:team|department|dept))?",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^(?:我们|咱们|他们|你们|我|和|与|跟|同|把|给|被|让|要|说|的|是|在|找|向|对)+")
_INNER = re.compile(r".*(?:我们|咱们|他们|你们|[和与跟同把给被让要说的是在找向对了从将])")
"""A function word inside the characters before 部/中心 ends the text before the name: "共享给财务部" -> 财务部,
"转给了采购部" -> 采购部, "我们和法务部" -> 法务部."""
_BARE_NAME = re.compile(r"(?:财务|采购|人事|行政|法务)(?=那边|这边|那头|方面|的同事|同事|的人|在|给)")
"""A department called by its bare business word while it acts ("采购那边最迟多久给个说法", "财务在结账", "财务给店里拨的
备用金"): a name as 采购部 is, not the topic of the question."""


NAME_START_TAGS = ("n", "vn", "j", "l", "eng", "b", "g", "zg")
"""jieba tags a department's name may start with (销售/市场 n, 生产/运营 vn, 研发 j); a verb (调到, 看到), a place or time
word (上, 会上) or a conjunction (可) before 部/中心 is the story's, not the name's."""


@lru_cache(maxsize=2048)
def department_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where ``text`` writes Chinese department names, as ``(start, end)`` offsets that start on a jieba token
    (``entities.pos_tokens``): "周二例会上物流部答应…" names 物流部, not "会上物流部" (whose cut would leave "周二例"),
    "还能看到销售部的…" names 销售部. The name is the one token that ends with the marker (市场部, 财务部), else the
    nominal tokens right before a marker jieba cuts off (物流|部, 信息技术|部; ``_name_start``), or a bare business
    word acting ("采购那边", "财务在结账": ``_BARE_NAME``). The one finder of
    names: ``department_names`` reads its spans, ``situation.unnamed`` cuts them. Cached per text: one question asks
    for it from the refusal's owner rule, the scenario tests and the story search, and the tagger is its cost."""
    from assistant.entities import pos_tokens

    found = list(_DEPARTMENT.finditer(text))
    tokens = pos_tokens(text) if found else []
    spans: list[tuple[int, int]] = []
    for m in found:
        lead = m.group(1)
        start, marker, end = m.start(1) + len(lead) - len(_INNER.sub("", _LEAD.sub("", lead))), m.start(2), m.end(2)
        whole = [a for a, b, _flag in tokens if b == end and a < marker]
        first = max(whole[0], start) if whole else _name_start(tokens, start, marker, text)
        if first is None or first >= marker or any(text[first:end].endswith(w) for w in _NOT_DEPARTMENT):
            continue
        spans.append((first, end))
    spans += [(m.start(), m.end()) for m in _BARE_NAME.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    return tuple(sorted(spans))


_WORK_NAMES = frozenset(("采购", "审计", "配送", "调度", "维修", "设计", "宣传", "护理", "监察", "保卫", "培训", "仓储", "结算",
                         "运输", "检验", "营销", "招标", "稽核"))
"""Work a department is named for that jieba tags a verb (采购|中心, 审计|部, 调度|中心): a name right before its marker."""


def _name_start(tokens: list[tuple[int, int, str]], start: int, marker: int, text: str) -> int | None:
    """Where the name before a marker jieba cuts off (物流|部) starts: the run of nominal tokens (``NAME_START_TAGS``,
    or the work a department is named for, ``_WORK_NAMES``, right before the marker) ending at ``marker``, not before
    ``start``, without one-character tokens at its head while a longer one follows ("开会时|运营|中心" names 运营中心: a
    department's name is built of words, the 时 is the story's); None for no run."""
    run: list[tuple[int, int]] = []
    for a, b, flag in reversed([t for t in tokens if t[1] <= marker]):
        named_for = not run and b == marker and text[a:b] in _WORK_NAMES
        if a < start or not (flag.startswith(NAME_START_TAGS) or named_for):
            break
        run.insert(0, (a, b))
    while len(run) > 1 and run[0][1] - run[0][0] == 1:
        run.pop(0)
    return run[0][0] if run else None


def department_names(question: str) -> set[str]:
    """The distinct department names the question writes: the Chinese ones where ``department_spans`` finds them
    ("会上物流部答应…" names 物流部, once however often it is written), and English ones ("IT", "finance")."""
    found = {question[start:end] for start, end in department_spans(question)}
    return found | {m.group(1).lower() for m in _EN_DEPARTMENT.finditer(question)}


_OWN_UNIT = re.compile(r"我们[\u4e00-\u9fff]{0,4}?(?:部门|团队|项目组|项目|组)|本部门|我方部门|"
                       r"我们(?:和|与)(?=[\u4e00-\u9fff]{1,6}?(?:部|中心|办公室)(?!门))")
"""The asker's own unit as a party ("…发给了我们部门", "我们组里一个专员…", "我们项目需要…"), also 我们 paired with a
department as its equal ("我们和法务部为合同模板的版本…"): a bare 我们 is the asker ("我们去财务部报销…")."""


def names_parties(question: str, own_unit: re.Pattern[str] = _OWN_UNIT, near: int | None = None) -> bool:
    """True when the question names two or more departments, or one department and the asker's own unit
    (``own_unit``; "财务部…发给了我们部门"): it is about their collaboration. With ``near``, the own unit must follow
    a Chinese department name within that many characters, in one sentence ("物流部跟我们仓储部")."""
    names = department_names(question)
    if len(names) >= 2:
        return True
    if near is None:
        return len(names) == 1 and bool(own_unit.search(question))
    return any(re.search(re.escape(n) + f"[^。？?]{{0,{near}}}" + own_unit.pattern, question)
               for n in names if not n.isascii())
