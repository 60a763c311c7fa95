"""How far what happened (a scenario question's ``situation``) is the case a clause was written for.

A clause states its case before the rule ("P1级工单发生超时的，…", "员工发现信息泄露或疑似泄露的，…",
"适用于核心业务中断、生产系统停机或引发客户重大投诉的事项"). The case is often a list of alternatives
(、/或/以及): the question describes the case when it describes one of them. Matching is by the
alternative's content words (jieba, ``terms.content_words``) found in the question's text, so a word cut
differently on the two sides ("客户名单" / "客户") still counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.limits import number
from assistant.parties import department_spans
from assistant.terms import content_words

_ALTERNATIVES = re.compile(r"、|或者|或|以及|及|和|与")
MIN_WORDS = 2
"""An alternative shorter than this (in content words) says too little to be matched on its own."""


_GRADE = re.compile(r"(?<![A-Za-z])[PpLlSsVv][0-9](?![0-9])|(?<![A-Za-z])[A-Ea-e](?=类|档|级)|[一二三四五六](?=级(?!升级))")
GRADE_WORDS = "等级 级别"
"""What a clause calls the scale whose values (P2, P3, 二级, A类) a situation names."""


def grade_words(happened: str) -> str:
    """``GRADE_WORDS`` when what happened names two different grades of one scale ("认为不是P2而是P3"):
    the quarrel is about the grade, and the clause for it speaks of the scale (等级), not its values; else ""."""
    grades = {m.group(0).upper() for m in _GRADE.finditer(happened)}
    return GRADE_WORDS if len(grades) >= 2 else ""


_GRADE_TOKEN = re.compile(r"(?<![A-Za-z])[PpLlSsVv][0-9](?![0-9])级?|(?<![A-Za-z])[A-Ea-e](?:类|档|级)|[一二三四五六]级(?!升级)")



def ungraded(question: str) -> str:
    """``question`` with the grades it disputes replaced by the scale's name ("不是P2而是P3" -> "不是等级而是等级")
    and the disputants' names (信息技术部, 运营中心) left out, when it names two different grades (``grade_words``);
    else unchanged. The clauses that define each grade repeat the question's P2/P3, and the duties of the
    departments named ("信息技术部和运营部应…值班") their names: both would outrank the one rule for a disputed
    grade, which names neither."""
    if not grade_words(question):
        return question
    return unnamed(_GRADE_TOKEN.sub(GRADE_WORDS.split()[0], question))


def unnamed(text: str) -> str:
    """``text`` with the Chinese department names it writes (``parties.department_spans``: 信息技术部, 运营中心) left
    out. In a story the named departments are the parties; the clause written for what happened names the case
    ("员工调岗的，…"), not who quarrels over it, while the clauses stating a named department's own duties repeat
    its name and outrank it ("销售部…客户资料" draws 销售部's clauses, not the transfer rule). A name is cut on jieba's
    tokens, so the words around it stay whole ("周二例会上物流部答应…" -> "周二例会上 答应…", not "周二例 答应…")."""
    out, at = [], 0
    for start, end in department_spans(text):
        out.append(text[at:start] + " ")
        at = end
    return "".join(out) + text[at:]


_CN_COUNT = re.compile(r"[零〇一二两三四五六七八九十百]+(?=个|次|周|天|年|名|人|项|单|份|倍|级)")


@lru_cache(maxsize=8192)
def digits(text: str) -> str:
    """``text`` with Chinese counts written in digits ("连续两个月" -> "连续2个月"), as clauses write them. Remembered:
    a store's clause cases are read again for every story (``CaseIndex.scores``)."""
    return _CN_COUNT.sub(lambda m: str(number(m.group(0))) if number(m.group(0)) is not None else m.group(0), text)


def names_disputed_grade(question: str, text: str) -> bool:
    """True when ``question`` disputes a grade (``grade_words``) and ``text`` names one of the grades it
    names ("P1级为紧急服务，适用于…"): the grade's definition is what the parties read differently, not the rule
    that settles whose reading holds."""
    if not grade_words(question):
        return False
    grades = {m.group(0).upper() for m in _GRADE.finditer(question)}
    return any(m.group(0).upper() in grades for m in _GRADE.finditer(text))


def alternatives(case: str) -> list[str]:
    """The alternatives of a clause's case: "核心业务中断、生产系统停机或引发客户重大投诉" -> three cases; the
    whole case as well (it may be one case whose words happen to contain "和")."""
    parts = [p.strip() for p in _ALTERNATIVES.split(case) if p.strip()]
    return [case, *parts] if len(parts) > 1 else [case]


def described_share(happened: str, case: str) -> float:
    """The best share, over the case's alternatives of at least ``MIN_WORDS`` content words, of the
    alternative's words that ``happened`` contains, 0..1 (0 for an empty ``happened`` or ``case``). The words of
    a bound the story's count meets ("超过10分钟" for "迟到二十来分钟", ``met_bounds``) count as described."""
    text = digits(happened.lower())
    if not text.strip():
        return 0.0
    unfinished = bool(_UNFINISHED.search(text))
    if unfinished:
        text = f"{text} {IN_PROGRESS}"  # "需求做到一半" tells the case "需求在执行中…"
    best = 0.0
    for alt in alternatives(case):
        words = content_words(alt)
        if unfinished and _DONE.search(alt):
            continue  # "做到一半" is not the case "服务方完成交付后"
        if len(words) >= MIN_WORDS and not contradicts(text, alt):
            met = " ".join(counted_bounds(happened, alt)).lower()
            best = max(best, sum(w in text or bool(met) and (w in met or digits(w) in met) for w in words) / len(words))
    return best


_UNFINISHED = re.compile(r"[\u4e00-\u9fff]到一半|(?:做|干|办|写|画)了一半|(?:没|未)有?(?:做|干|办|写|开发)完|"
                         r"(?:没|未|尚未)(?:有)?完成|(?:还|正)在(?:做|干|办|进行|推进|开发|实施|执行)|进行中|执行中|实施中")
"""A story telling work under way, not finished ("需求做到一半", "还在开发", "没做完"): its aspect, whatever the work."""
IN_PROGRESS = "执行中 进行中 实施中 期间 过程中"
"""How a clause's case says "while it is under way" (需求在执行中…的, 项目实施期间…的): an unfinished story tells these."""
_DONE = re.compile(r"(?<![未没不尚])(?:完成|结束|完毕|办结|完工)")
"""A case that is the end of the work ("服务方完成交付后，…", "项目结束后，…"): an unfinished story is not that case."""


def counted_bounds(happened: str, case: str) -> list[str]:
    """The ``met_bounds`` of ``case`` when they describe it: a duration alone ("一个月升了七八次") is no
    "行动项逾期超过14个自然日" (``anchored``)."""
    met = met_bounds(happened, case)
    if not met:
        return []
    text, joined = digits(happened.lower()), " ".join(met).lower()
    return met if anchored(text, [w for w in content_words(case) if w not in joined], joined) else []


LOOSE_MEASURES = ("天", "分钟", "分", "工作日")
"""Measures a story tells as its frame ("一个月升了七八次", "三天了", "拖了整整三个工作日") or of many things (分: a score, a rating, a grade):
a bound in them describes a case only with a word of the case told too (``anchored``); an effort or an amount
("15个人日", "5万元") is specific enough alone."""


def anchored(text: str, others: list[str], met: str) -> bool:
    """Whether the ``met`` bounds may count as described in ``text``: when any of them is in another measure than
    ``LOOSE_MEASURES``, or ``text`` holds one of the case's ``others`` words, or a part of one (jieba's search cut:
    "项目" of "项目组"), of at least two characters (a single character, "项" of "行动项", is chance) and not
    ``UNSPECIFIC``."""
    import jieba

    if specific(met):
        return True
    return any(len(part) >= 2 and part not in UNSPECIFIC and part in text
               for w in others for part in {w, *jieba.cut_for_search(w)})


def specific(met: str) -> bool:
    """True when a count bound in ``met`` (bounds as written, ``met_bounds``) is in a measure other than
    ``LOOSE_MEASURES`` (an effort, an amount, a count of times: "超过12人日", "超过50万元")."""
    return any(_measure(1.0, m.group(4))[1] not in LOOSE_MEASURES for m in _BOUND.finditer(met))


UNSPECIFIC = frozenset({"部门", "公司", "员工", "人员", "本部门", "各部门", "相关部门", "负责人", "部门负责人"})
"""Words nearly every manager's story says: no anchor for a loose count ("我们部门…多拿13分" is no case of "部门满意度
得分达到9.0分及以上的")."""


_UNIT = r"人日|人天|工作日|自然日|个月|月|季度|周|星期|天|日|小时|分钟|次|单|项|份|名|人|万元|元|分(?!钟)|年(?![度初底中末])"
_TOLD = re.compile(rf"(?<![\d.第月点时:：年])(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+|(?<![\d零〇一二两三四五六七八九十百])半)"
                   rf"((?:多|余|来)?个)?(多|余|来|半)?({_UNIT})(半|多)?(?![\d零〇一二三四五六七八九十]+[日号月])")
"""A count a story tells: "15个人日" (or 人天), "两个多月", "五十多个小时", "二十来分钟", "3天", "一个半月", "半个月", "一年半" (not the month of a
date: "3月4日"; not a year: "2026年3月")."""
_BOUND = re.compile(rf"(超过|多于|高于|不少于|不低于|达到|不满|未满|满|低于|少于|不足|不到)?(?<![\d.])(\d+(?:\.\d+)?)(个)?({_UNIT})"
                    r"(?:及)?(以上|以下|以内)?")
"""A count bound a clause's case sets: "超过60个自然日", "不足5单", "5人以上", "100万元及以上", "不满1个季度"."""
_RANGE = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)({_UNIT})?(?:至|到|～|~|－|-|—)(\d+(?:\.\d+)?)({_UNIT})")
"""A range a clause's case sets, both ends included: "1万元至10万元", "80分至89分", "1至5分"."""
_SAME = {"人天": ("人日", 1), "自然日": ("天", 1), "日": ("天", 1), "天": ("天", 1), "周": ("天", 7), "星期": ("天", 7), "月": ("天", 30),
         "个月": ("天", 30), "季度": ("天", 90), "年": ("天", 365), "小时": ("分钟", 60), "分钟": ("分钟", 1),
         "万元": ("元", 10000), "名": ("人", 1)}
"""Units one measure can be told in, as (measure, factor): "两个多月" meets "超过60个自然日"."""


def _measure(value: float, unit: str) -> tuple[float, str]:
    """``value`` ``unit`` in its measure's common unit: (2, "周") -> (14, "天")."""
    base, factor = _SAME.get(unit, (unit, 1))
    return value * factor, base


_CHANGED = re.compile(r"(?:提升|提高|增加|增长|下降|降低|减少|扣减|扣|加|减)(?:了|达)?$")
"""Before a case's bound: the bound is on a change ("比上一季度提升5分以上的"), which no count a story tells meets."""
_DURATIONS = ("天", "分钟")
"""The common measures of time (``_SAME``)."""


_POINTS_CHANGED = re.compile(r"(?:扣|减|加|罚)了?$")
"""Before a score told: points taken or given ("被扣了3分"), a change, not the score a case bounds."""


def _told(text: str) -> list[re.Match[str]]:
    """The ``_TOLD`` counts of ``text``, without points taken or given (``_POINTS_CHANGED``)."""
    return [m for m in _TOLD.finditer(text)
            if (m.group(4) != "分" or not _POINTS_CHANGED.search(text[max(0, m.start() - 2):m.start()]))
            and (m.group(4) != "年" or len(m.group(1)) < 3)]  # "2026年" is a date, not two thousand years


def told_counts(text: str) -> list[tuple[float, str]]:
    """The counts a story tells, each as (value, measure) in ``_SAME``'s common measure ("两个多月" -> (75, 天):
    多/余/半 add half a unit; "半个月" is half of one; a count told as a bound is past it: "超过两次" -> 2.5, "不到
    两天" -> 1.5)."""
    return list(_told_counts(text))


@lru_cache(maxsize=256)
def _told_counts(text: str) -> tuple[tuple[float, str], ...]:
    """``told_counts``, remembered: one story is compared with every clause case of the store (``CaseIndex.scores``)."""
    out = []
    for m in _told(text):
        value = 0.5 if m.group(1) == "半" else number(m.group(1)) if not m.group(1)[0].isdigit() else float(m.group(1))
        if value is not None:
            more = m.group(3) in ("多", "余") or (m.group(2) or "")[:1] in ("多", "余") or m.group(5) == "多"
            half = more and value >= 1 \
                or m.group(3) == "半" or m.group(5) == "半"  # "两个多月", "一个半月", "两年多"; "半个多小时" is 30 minutes
            out.append(_measure(value + (0.5 if half else 0.0) + _past_bound(text, m.start()), m.group(4)))
    return tuple(out)


def _past_bound(text: str, at: int) -> float:
    """Half a unit past a count told as a bound at ``at`` of ``text``: "超过两次" is more than 2 (+0.5), "不到两天" less
    (−0.5); 0 for a plain count."""
    before = text[max(0, at - 2):at]
    return 0.5 if before in _MORE or before == "不止" else -0.5 if before in _LESS else 0.0


def told_phrases(text: str) -> list[str]:
    """The count phrases a story tells, as written ("两个多月", "15个人日"): what ``told_counts`` reads."""
    return [m.group(0) for m in _told(text)]


def has_bound(case: str) -> bool:
    """True when ``case`` sets a count bound with a bound word ("超过12人日", "5人以上")."""
    return any(m.group(1) or m.group(5) for m in _BOUND.finditer(digits(case)))


def met_bounds(happened: str, case: str) -> list[str]:
    """The count bounds of ``case`` (with a bound word: 超过/不足/以上 …, or a range: "1万元至10万元") that a count ``happened``
    tells in the same measure meets, as written ("迟到二十来分钟" meets "超过10分钟" of "迟到超过10分钟或无故缺席"; a
    range not in a duration, ``_RANGE``). A duration under a bound
    ("不满1个季度", "3天以内") meets none: every story tells some short time ("三天了", "半个月前"), and the round-42
    tune run led ten of them with "部门负责人任职不满一个季度的" for the words 部门负责人 alone."""
    told = told_counts(happened)
    out = []
    written = digits(case)  # "不满一个季度" as "不满1个季度"
    for m in _BOUND.finditer(written):
        before, after = m.group(1) or "", m.group(5) or ""
        if not told or not (before or after) or _CHANGED.search(written[max(0, m.start() - 4):m.start()]):
            continue  # "提升5分以上" bounds a change, not the score a story tells
        bound, measure = _measure(float(m.group(2)), m.group(4))
        if measure in _DURATIONS and _side(before, after) == "up":
            continue
        if any(unit == measure and _fits(value, bound, before, after) for value, unit in told):
            out.append(m.group(0))
    for m in _RANGE.finditer(written) if told else ():  # "1万元至10万元的，由营销副总批准" for "赔偿金额是8万元"
        if _range_holds(m, told, durations=False):
            out.append(m.group(0))
    return out


def _range_holds(m: re.Match[str], told: list[tuple[float, str]], durations: bool = True) -> bool | None:
    """Whether a count of ``told`` (``told_counts``) lies inside the ``_RANGE`` match ``m`` (both ends included, "1至5分":
    the first end in the second's unit): None when none is told in its measure (or the ends are in different
    measures, or it is a duration and ``durations`` is False)."""
    (low, measure), (high, same) = _measure(float(m.group(1)), m.group(2) or m.group(4)), \
        _measure(float(m.group(3)), m.group(4))
    values = [value for value, unit in told if unit == measure]
    if measure != same or not values or not durations and measure in _DURATIONS:
        return None
    return any(low <= value <= high for value in values)


_CASE_COUNT = re.compile(r"(超过|多于|高于|以上|不少于|不低于|达到|不满|未满|满|低于|少于|不足|不到)?(?<![\d.])(\d+(?:\.\d+)?)"
                         r"(个月|个自然日|个工作日|个星期|个季度|个小时|个|次|周|天|年|名|人|项|单|份|倍|级|分|小时|工作日|万元|元)"
                         r"(以上|以下|以内)?")
"""A count a case sets, for ``contradicts`` ("连续3个月", "超过60个自然日": the whole unit, not its "个")."""
_MORE, _LESS = ("超过", "多于", "高于"), ("低于", "少于", "不足", "不到", "不满", "未满")
_AT_LEAST = ("以上", "不少于", "不低于", "达到", "满")


def _fits(value: float, bound: float, before: str, after: str) -> bool:
    """Whether ``value`` meets a case's count ``bound`` with its bound words ("超过3次", "5人以上", "连续2个月")."""
    if before in _MORE:
        return value > bound
    if before in _LESS or after == "以下" or after == "以内":
        return value < bound if before else value <= bound
    if before in _AT_LEAST or after == "以上":
        return value >= bound
    return value == bound


def partitions(text: str) -> bool:
    """True when ``text`` (one clause) bounds one measure from both sides ("预算在100万元以下的，…；100万元及以上的，…"):
    every count in that measure meets one of its cases, so meeting one says nothing of what a story is about."""
    sides: dict[str, set[str]] = {}
    for m in _BOUND.finditer(digits(text)):
        if side := _side(m.group(1) or "", m.group(5) or ""):
            sides.setdefault(_measure(1.0, m.group(4))[1], set()).add(side)
    return any(len(found) == 2 for found in sides.values())


def _side(before: str, after: str) -> str:
    """Which side a count bound with these bound words sets: "low" (超过 / 不少于 / 以上), "up" (不足 / 低于 / 以下 / 以内), ""
    for an exact count (连续2个月)."""
    if before in _MORE:
        return "low"
    if before in _LESS or after in ("以下", "以内"):
        return "up"
    return "low" if before in _AT_LEAST or after == "以上" else ""


def contradicts(happened: str, case: str) -> bool:
    """True when what happened counts something the case counts too (same unit) and no count of it meets the
    case: "连续2个月" is not the case "连续3个月低于目标的", though it is "超过1个月的". Counts in digits; a count in
    words only with a bound word ("不满一个季度"), since one in words is mostly a frame ("在一个季度内…超过5次的")."""
    written = {m.group(0) for m in _CASE_COUNT.finditer(case)}
    ranges = []
    for m in _RANGE.finditer(digits(case)):  # "12万元" is not the case "1万元至10万元"; neither end is a count of its own
        if _range_holds(m, told_counts(happened)) is False:
            return True
        ranges.append(m.span())
    for m in _CASE_COUNT.finditer(digits(case)):
        before, bound, unit, after = m.group(1) or "", float(m.group(2)), m.group(3), m.group(4) or ""
        if not (before or after) and m.group(0) not in written or any(a <= m.start() < b for a, b in ranges):
            continue
        own = unit[1:] if unit.startswith("个") and unit[1:] in _SAME else unit
        if own in _SAME:  # a measure told in any of its units: "两个多月" against "超过60个自然日"
            bound, measure = _measure(bound, own)
            told = [value for value, of in told_counts(happened) if of == measure]
        else:
            told = [float(h.group(1)) + _past_bound(happened, h.start())
                    for h in re.finditer(rf"(?<![\d.])(\d+(?:\.\d+)?){unit}", happened)]
        if told and not any(_fits(v, bound, before, after) for v in told):
            return True
    return False
