"""Yes/no questions that name a count the clause limits: "同时在三个项目组当核心成员可以吗" against
"…的项目组不得超过两个". The verdict is the comparison, not the modal: three is over the limit of two
(不可以), two is within it (可以, though the clause says 不得).

A limit is an upper bound (不得超过/不超过/最多/至多 N) or a lower bound (不得少于/不低于/至少 N) with a
measure word; the question's count must use the same measure word and name the same thing (the word
after its count stands near the limit in the clause). The generic 个 counts what any item word counts ("三个议题" against
"临时议题不超过两项"; "12个人" is 12 人), and a share is compared with a bound in per cent or a fraction ("只收回来七成"
against "回收率不得低于80%", "只来了一半委员" against "三分之二以上委员出席") when the bound's comma piece names a word told
before it: for the verdict written on a short question's lead (``limit_verdict(…, written=True)``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.pieces import piece_at

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL = r"\d+|[零〇一二两三四五六七八九十百]+"
"""An Arabic or Chinese numeral, as a pattern."""
_MEASURE = r"个|次|单|张|项|名|人|位|条|份|件|家|分|天|周|月|小时|工作日|万元|元"
_ITEMS = frozenset(("个", "单", "张", "项", "条", "份", "件", "家"))
"""Words that count items: the generic 个 stands for any of them ("三个议题" / "不超过两项")."""
_CLASSIFIED = re.compile(rf"({NUMERAL})\s*个(?=人|小时|工作日|月)")
"""A count with 个 before a measure word ("12个人", "两个月"): the measure word is the unit."""
_UPPER = re.compile(rf"(?:不得|不能|不应|不可|不宜)?(?:超过|多于|高于)|不超过|不多于|最多|至多|上限为?")
_LOWER = re.compile(rf"(?:不得|不能|不应|不可|不宜)?(?:少于|低于)|不少于|不低于|至少|最少|下限为?")
BOUND = rf"{_UPPER.pattern}|{_LOWER.pattern}"
"""An upper or lower bound word (不得超过, 不超过, 最多, 至少, 不少于 …), as a pattern."""
_LIMIT = re.compile(rf"(?P<kind>{BOUND})\s*(?P<num>{NUMERAL})\s*(?P<unit>{_MEASURE})")
_COUNT = re.compile(rf"(?P<verb>[\u4e00-\u9fff]{{0,2}}?)(?P<num>{NUMERAL})\s*(?P<unit>{_MEASURE})(?P<noun>[\u4e00-\u9fff]{{0,4}})")
_ARTICLE = frozenset(("个", "张", "份", "项", "条", "家", "位", "名"))
NEAR = 30
"""Characters before a limit within which the question's counted thing must be named."""


_PER_CENT = rf"(?P<num>\d+(?:\.\d+)?)\s*[%％]|百分之(?P<cn>{NUMERAL})|(?P<den>{NUMERAL})分之(?P<part>{NUMERAL})"
_SHARE_LIMIT = re.compile(rf"(?P<kind>{BOUND})\s*(?:{_PER_CENT})|(?:{_PER_CENT.replace('(?P<', '(?P<x')})\s*(?P<after>以上|及以上|以下|及以下|以内)")
"""A bound in per cent or a fraction: before it ("不得低于80%") or after it ("三分之二以上")."""
_SHARE = re.compile(rf"{_PER_CENT}|(?P<tenths>[一二三四五六七八九])成|(?P<half>一半|半数)")
_TOLD_BEFORE = 10
"""Characters before a count or share in the question whose words may name what it counts ("问卷只收回来七成": 问卷)."""
_GENERIC = frozenset(("我们", "他们", "你们", "部门", "只有", "一个", "这个", "现在", "已经", "可以", "能不"))
"""Words told before a count that name nothing counted."""


class Limit(NamedTuple):
    """A bound a clause sets: ``upper`` (不得超过 N) or not (至少 N), the number and its measure word."""

    upper: bool
    value: int
    unit: str
    start: int


def number(text: str) -> int | None:
    """The value of an Arabic or Chinese numeral ("12", "两", "十二", "二十"), None when it is none."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[c]
    return total + current


_BARE = re.compile(r"超过|多于|高于|少于|低于")
_CASE_END = re.compile(r"[^，,。；;：:]{0,12}?的(?:[，,；;]|$)")
"""What follows a bound that is a clause's case, not a limit: "…投诉超过5次的，由…约谈"."""


def limits(sentence: str) -> list[Limit]:
    """The bounds ``sentence`` sets ("不得超过两个" -> upper 2 个), in order. A bare bound ending a case ("被投诉超过5次的，
    由…约谈", "迟到超过10分钟或无故缺席的，…记录") is no limit: it says when the rule applies, not what is allowed, and
    the question's count beyond it means the rule applies ("会不会被约谈": yes), not that the act is forbidden."""
    out = []
    for m in _LIMIT.finditer(sentence):
        value = number(m.group("num"))
        if value is None or _BARE.fullmatch(m.group("kind")) and _CASE_END.match(sentence, m.end()):
            continue
        out.append(Limit(not _LOWER.fullmatch(m.group("kind")), value, m.group("unit"), m.start()))
    return out


def _names_thing(noun: str, sentence: str, at: int) -> bool:
    """The question's counted thing (two characters after its count, or the verb right before it: "转派三次")
    is named within ``NEAR``
    characters before the limit at ``at`` ("…的项目组不得超过两个")."""
    before = sentence[max(0, at - NEAR): at]
    return any(noun[i:i + 2] in before for i in range(len(noun) - 1)) if len(noun) >= 2 else False


_ALREADY = re.compile(r"已")  # 已 / 已经
_ONE_MORE = re.compile(r"再|又|新(?:开|来|增|接|派|加|提|上)")
"""One more asked: 再 / 又, or 新 opening an act ("新开的项目"; not "都是新线路", a kind of thing)."""


def _one_more(question: str, count: re.Match[str]) -> int:
    """1 when the question says its count is already reached and asks for one more ("已经在两个项目组里挂着核心…新开的
    项目又要他当核心": the asked case is the third), else 0."""
    return int(bool(_ALREADY.search(question, 0, count.start()) and _ONE_MORE.search(question, count.end())))


def _words(text: str) -> set[str]:
    """The bigrams of ``text``, ``_GENERIC`` left out: what may name a counted thing."""
    return {text[i:i + 2] for i in range(len(text) - 1)} - _GENERIC


def _told_words(question: str, at: int) -> set[str]:
    """The words (``_words``) of the ``_TOLD_BEFORE`` characters before ``at`` in the question: what may name the thing
    a count or share at ``at`` counts."""
    return _words(question[max(0, at - _TOLD_BEFORE): at])


def _told_before(question: str, at: int, sentence: str, bound_at: int) -> bool:
    """A word told before ``at`` in the question (``_told_words``) stands within ``NEAR`` characters before the bound
    at ``bound_at`` in ``sentence`` ("核心成员能不能放到12人": 核心成员 / "核心成员原则上不超过9人")."""
    near = sentence[max(0, bound_at - NEAR): bound_at]
    return any(word in near for word in _told_words(question, at))


def _same_unit(asked: str, limited: str) -> bool:
    """The question's measure word counts what the limit's does (the same word, or 个 beside an item word)."""
    return asked == limited or "个" in (asked, limited) and asked in _ITEMS and limited in _ITEMS


def _per_cent(m: re.Match[str], prefix: str = "") -> float | None:
    """The value in per cent of a share ``m`` matched ("七成" -> 70, "一半" -> 50, "百分之三十" -> 30, "三分之二" ->
    66.7); ``prefix``: its groups' prefix in ``m``'s pattern."""
    group = lambda name: m.re.groupindex.get(prefix + name) and m.group(prefix + name)  # noqa: E731
    if group("half"):
        return 50.0
    if group("tenths"):
        return 10.0 * (number(group("tenths")) or 0)
    if group("den"):
        den, part = number(group("den")), number(group("part"))
        return 100.0 * part / den if den and part is not None else None
    value = float(group("num")) if group("num") else number(group("cn") or "")
    return None if value is None else float(value)


def share_verdict(question: str, sentence: str) -> str | None:
    """``"no"`` when the share a question tells is beyond the per-cent bound of ``sentence`` on the same thing ("只收回来
    七成" against "有效回收率不得低于80%"), ``"yes"`` when within it, None when the question tells no share or more than
    one ("从30%提到70%": which one is asked about is not read), or no bound's comma piece names what the share is of
    (the words of the ``_TOLD_BEFORE`` characters before it). Of several bounds the one whose piece names most of those
    words rules ("支持成员投四成" against "核心成员…不低于60%，支持成员不低于30%": the second); a tie rules nothing."""
    shares = list(_SHARE.finditer(question))
    share = _per_cent(shares[0]) if len(shares) == 1 else None
    if share is None:
        return None
    words = _told_words(question, shares[0].start())
    scored: list[tuple[int, str]] = []
    for bound in _SHARE_LIMIT.finditer(sentence):
        after = bound.group("after")
        value = _per_cent(bound, "x" if after else "")
        if value is None or _CASE_END.match(sentence, bound.end()) and (after or _BARE.fullmatch(bound.group("kind"))):
            continue  # "…超过30%的，": the rule's case
        lower = after in ("以上", "及以上") if after else bool(_LOWER.fullmatch(bound.group("kind")))
        named = sum(w in piece_at(sentence, bound.start()) for w in words)
        if named:
            scored.append((named, "no" if (share < value if lower else share > value) else "yes"))
    best = max((named for named, _ in scored), default=0)
    verdicts = {verdict for named, verdict in scored if named == best}
    return verdicts.pop() if len(verdicts) == 1 else None


_UNBOUNDED = re.compile(r"一直|总是|每次都|次次|没完没了|无限")
"""The asked act repeated without end ("可以一直让副手代会吗", "能…一直转来转去吗")."""
PERMISSION_ASKED = re.compile(r"能|可以|可否|允许|行不行")
"""A question asking whether something is allowed (能 / 可以 …): what a written 可以 / 不可以 answers."""


def _unbounded_beyond(question: str, sentence: str, lim: Limit) -> bool:
    """The question asks to repeat an act without end (``_UNBOUNDED`` after its 能 / 可以) that ``lim``, an upper bound on
    times ("每季度代会不得超过3次"), limits: a word told around the repetition stands within ``NEAR`` before the bound."""
    modal = PERMISSION_ASKED.search(question)
    again = _UNBOUNDED.search(question, modal.end()) if modal else None
    if again is None or not lim.upper or lim.unit != "次":
        return False
    near = sentence[max(0, lim.start - NEAR): lim.start]
    around = _told_words(question, again.start()) | _words(question[again.end(): again.end() + _TOLD_BEFORE])
    return any(word in near for word in around)


def limit_verdict(question: str, sentence: str, written: bool = False) -> str | None:
    """``"no"`` when the question's count is beyond a limit of ``sentence`` on the same thing (three of
    "不得超过两个"; two already held and one more asked, ``_one_more``), ``"yes"`` when it is within it, None when the
    sentence sets no such limit.

    ``written``: the verdict is written on a lead already chosen for a short question (a story tells many numbers),
    so the looser readings count too: 个 for any item word and "12个人" as 12 人 (``_same_unit``), the counted thing
    named before the count (``_told_before``), an act asked to go on without end against a bound on times
    (``_unbounded_beyond``), a share against a bound in per cent (``share_verdict``). Ranking reads
    the strict ones: a looser reading can pull a clause on another rate ahead of the one answering (round 49: one
    held-out first line lost when ranking read them)."""
    if written:
        question = _CLASSIFIED.sub(r"\1", question)
    for lim in limits(sentence):
        if written and _unbounded_beyond(question, sentence, lim):
            return "no"  # "可以一直让副手代会吗" against "每季度代会不得超过3次"
        counts = [m for m in _COUNT.finditer(question)
                  if (_same_unit(m.group("unit"), lim.unit) if written else m.group("unit") == lim.unit)
                  and not (m.group("num") == "一" and m.group("unit") in _ARTICLE)]  # "一张大工单": an article
        if not any(_names_thing(w, sentence, lim.start) for m in counts for w in (m.group("noun"), m.group("verb"))) \
                and not (written and any(_told_before(question, m.start(), sentence, lim.start) for m in counts)):
            continue  # the question counts something else
        told = [v + _one_more(question, m) for m in counts if (v := number(m.group("num"))) is not None]
        if told:  # the largest count against an upper bound ("已代会3次…第4次"), the smallest against a lower one
            beyond = max(told) > lim.value if lim.upper else min(told) < lim.value
            return "no" if beyond else "yes"
    return share_verdict(question, sentence) if written else None
