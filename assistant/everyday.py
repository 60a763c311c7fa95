"""Fact questions asked in everyday words: the formal words policies use for them, and the answer slot they ask.

A manager asks "项目经理最后是谁拍板定的？", "没跟我们商量，这样算数吗？", "最晚多久得给我回复？", "至少要凑够几个
部门来评？"; the clause answering says "由项目发起人任命", "未经确认的变更不产生效力", "15个自然日内…书面答复",
"评分部门不少于4个". Two things go wrong without help: the everyday word (拍板) is shared by a story sentence
("某公司…谁拍板一直没有约定…") instead of the clause, and a sentence with *some* fact of the asked type wins
over the one stating the asked fact (四个维度 for 几个部门, "15日前发布" for 多久…回复).

This module holds:

* ``everyday_terms``: a question's formal words for its everyday words (拍板 -> 审批/任命/决定, 回复 -> 答复,
  打回 -> 退回 …: the ``slot`` rows of the one table, ``everyday_words``), and "所称X" for a follow-up about a
  term; the advisor searches the table's words once more and matches them in sentences
  (``wording.question_wording``).
* ``asked_slot``: what an everyday fact question asks for — a decider (听谁的/谁拍板/谁说了算), a validity
  verdict (算数吗/有效吗), a count of a named thing (几个部门), a duration bound to the asked verb
  (多久…回复), a clock time (几点到几点), the meaning of a term the last answer used (这里说的X), the date a rule
  takes effect (哪天起执行), the first item of an order (例会先过什么), the first action to take (第一步该做点什么),
  and, for any other time or number question, the form its answer takes (``answer_forms``: a weekday for 星期几, a
  rule's case for 多久就会…, a bound for 最多…).
* ``adjust``: the ranking of the 结论's sentences with a bonus for a sentence filling that slot, and with
  story and illustration sentences (某公司…, a case study or a worked example) behind the rule sentences of
  the policies when a policy passage states a fact of the asked kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from assistant.answer_forms import asked_form, states_form
from assistant.everyday_words import everyday_words, formal_terms, formal_words
from assistant.promote import first_within
from assistant.question_types import CLOCK_TIME, QType, answer_spans
from assistant.terms import content_words, tagged
from assistant.types import Context
from ingest.numbering import CLAUSE_NUMBER

S = TypeVar("S")
"""An ``extractive.Sentence`` (not imported: ``extractive`` imports this module)."""

_TERM_ASK = re.compile(
    r"(?:这里|这儿|上面|前面|刚才|刚刚|你|文中|里面|规定里|制度里|办法里)(?:说|讲|提|写)(?:到)?的[“\"‘']?"
    r"(?P<term>[\u4e00-\u9fff]{2,8}?)[”\"’']?(?:是|指|算|包括|包含|从|具体|究竟|到底|怎么|有哪些)"
)
"""A follow-up about a term the last answer used ("这里说的工作时间是从几点到几点"): policies define terms as
"本规定所称X…", so "所称X" is searched and the defining sentence fills the slot."""


def term_search(question: str) -> str | None:
    """For a follow-up about a term the last answer used ("这里说的X…"), "所称X" (how policies define it)."""
    m = _TERM_ASK.search(question)
    return None if m is None else f"所称{m.group('term')}"


def everyday_terms(question: str) -> list[str]:
    """The formal words for the everyday words of ``question`` that name an asked fact (拍板 -> 决定 审批 任命), not
    already in it (``everyday_words``' rows with ``slot``); for a follow-up about a term ("这里说的X…"), "所称X"."""
    out = formal_terms(question, slot=True)
    if (term := term_search(question)) is not None and term not in out:
        out.append(term)
    return out


class Slot(str):
    """The kind of fact an everyday question asks for (a ``str`` so that it prints plainly)."""


DECIDER = Slot("decider")
VALIDITY = Slot("validity")
COUNT = Slot("count")
BOUND_DURATION = Slot("bound_duration")
CLOCK = Slot("clock")
TERM = Slot("term")
FOLLOW_THROUGH = Slot("follow_through")
START = Slot("start")
ORDER = Slot("order")
FIRST_STEP = Slot("first_step")
FORM = Slot("form")
SUPERSEDED = Slot("superseded")
DEEMED = Slot("deemed")


@dataclass(frozen=True)
class Asked:
    """An everyday question's slot and what fills it: the counted noun (``COUNT``), the verbs the duration
    is bound to (``BOUND_DURATION``), the term defined (``TERM``)."""

    slot: Slot
    words: tuple[str, ...] = ()


_DECIDER_ASK = re.compile(r"拍板|说了算|听谁的|做主|作主|定夺|谁(?:来)?定(?:的|夺)?|谁点头|谁签字")
_VALIDITY_ASK = re.compile(r"算数|作数|作废|(?:有效|生效|管用)(?:吗|么|没有|不)|有没有效|有没有用")
_OLD_RULE = re.compile(
    r"(?:以前|之前|原来|原先|过去|早先|老|旧)[^，。？?]{0,12}?(?:规定|制度|办法|标准|规矩|细则|流程|时限|做法|那套|版本)")
_STILL_ASK = re.compile(r"还能|还可以|还算|还有效|还管用|还作数|还算数|照着|接着|继续|沿用|按老的|按原来|还用")
"""With ``_OLD_RULE`` in the question: "以前那套老的例会制度，现在还能照着执行吗" asks whether an old rule still holds,
which a policy's closing clause answers ("原《…》同时废止", "此前…不一致的，以本规定为准")."""
_DEEMED_ASK = re.compile(
    r"(?:不|没|没有|未)点?(?:确认|回复|答复|表态|签字|反馈|回应|验收|提出?异议|提意见)[^？?]{0,12}?"
    r"(?:会怎么样|怎么样|怎么算|算什么|算不算|算同意|算通过|算默认|算认可|怎么处理|会怎样)")
""""对方一直不点确认，最后怎么算": what silence counts as, which a rule states as "逾期未确认的，视为验收通过"."""
_COUNT_ASK = re.compile(r"(?<!哪)(?:几|多少)(?:个|名|位|家|项|支)(?P<rest>[\u4e00-\u9fff]{2,8})")


def counted_noun(question: str) -> str | None:
    """The noun a "几个X/多少个X" question counts ("至少要凑够几个部门来评" -> 部门), when jieba tags the word after
    the measure word a noun; None for "哪几个X" (a list is asked) and "几项比较合适" (no noun follows)."""
    m = _COUNT_ASK.search(question)
    if m is None:
        return None
    word, flag = next(((w, f) for w, f in tagged(m.group("rest")) if w.strip()), ("", ""))
    return word if (flag.startswith("n") or flag == "vn") and len(word) >= 2 else None

_BOUND_ASK = re.compile(r"至少|最少|起码|最多|至多|上限|下限|不能少于|不能超过")
"""A count question that asks for a limit ("至少要凑够几个部门"): a number stated as one (不少于4个) answers it."""
_CLOCK_ASK = re.compile(r"几点")
_AFTER_ASK = re.compile(r"(?:以后|之后|后)[^，。？?]{0,8}(?:还要|还得|还需要?|还用|还该|还应)[^，。？?]{0,4}(?:做什么|干什么|做些什么|管|做|负责|跟)")
""""…转过去以后我这边还要做什么": what the rules still ask of the person after the action (跟踪…直至…)."""
_DONE_ASK = re.compile(r"完(?:了|以后|之后)?就(?:算)?(?:完事|没事|不用管|不管|可以不管|结束)")
""""转完就算完事了吗": the same question asked as a yes/no."""
_FOLLOW_THROUGH = re.compile(r"跟踪|跟进|督促|直至|直到")
_DURATION_ASK = re.compile(r"多久|多长时间|多少天|几天|几个工作日|多少个工作日")
_START_ASK = re.compile(r"(?:哪一?天|哪年|哪个月|几月几[号日]|什么时候|什么时间|何时)(?:起|开始|正式)")
""""这套规定是从哪一天开始执行的": the date a rule takes effect, which regulations state as "自X起施行"."""
_ORDER_ASK = re.compile(r"(?:先|首先|第一步|头一步|一开始|一开头)[^，。？?]{0,4}(?:什么|哪些|哪项|哪个环节)")
""""例会一开场先过什么内容", "升级之前先走什么程序": the first item of an order the rules lay down."""
_ACTION_ASK = re.compile(r"(?:先|首先|第一步|头一步|一开始|一开头)[^，。？?]{0,4}?(?:(?:做|干)(?:点|些)?(?:什么|哪些)|怎么做|干嘛)")
""""这周我能先做点什么", "第一步该做点什么": an order question whose verb is "do" asks for an action to take first,
not for the first item of an order (``FIRST_STEP``)."""


def asks_superseded(question: str, whole: str = "") -> bool:
    """``question`` (an asked part of ``whole``, default itself) asks whether an old rule still holds ("以前那套老的
    例会制度，现在还能照着执行吗": the ask in the part, the old rule anywhere in the question)."""
    return bool(_STILL_ASK.search(question) and _OLD_RULE.search(whole or question))


def asked_slot(question: str, qtype: QType | None, whole: str = "") -> Asked | None:
    """The slot an everyday fact question asks for, or None (a question in the policies' own words is left
    to the general scoring). ``question``: the asked part; ``whole``: the question it is part of (default the part)."""
    if (m := _TERM_ASK.search(question)) is not None:
        return Asked(TERM, (m.group("term"),))
    if qtype in (QType.YESNO, QType.HOWTO, QType.OTHER) and asks_superseded(question, whole):
        return Asked(SUPERSEDED)
    if qtype in (QType.YESNO, QType.HOWTO, QType.OTHER) and _DEEMED_ASK.search(question):
        return Asked(DEEMED)
    if qtype in (QType.HOWTO, QType.OTHER) and _AFTER_ASK.search(question) \
            or qtype is QType.YESNO and _DONE_ASK.search(question):
        return Asked(FOLLOW_THROUGH, formal_words(question, slot=True))
    if qtype in (QType.HOWTO, QType.OTHER) and (_ORDER_ASK.search(question) or _ACTION_ASK.search(question)):
        return Asked(FIRST_STEP if _ACTION_ASK.search(question) else ORDER)
    if qtype is QType.PERSON and _DECIDER_ASK.search(question):
        return Asked(DECIDER)
    if qtype is QType.YESNO and _VALIDITY_ASK.search(question):
        return Asked(VALIDITY)
    if qtype is QType.NUMBER and (noun := counted_noun(question)):
        return Asked(COUNT, (noun, *(["bound"] if _BOUND_ASK.search(question) else [])))
    if qtype is QType.TIME and _CLOCK_ASK.search(question):
        return Asked(CLOCK)
    if qtype is QType.TIME and _START_ASK.search(question):
        return Asked(START)
    if qtype is QType.TIME and _DURATION_ASK.search(question):
        if verbs := formal_words(question, slot=True):
            return Asked(BOUND_DURATION, verbs)
    if qtype in (QType.TIME, QType.NUMBER) and (form := asked_form(question, qtype.value)):
        return Asked(FORM, (form,))  # a weekday, a threshold, a limit (``answer_forms``)
    return None


_BODY_RUN = r"[^，。；;：:？?、]{2,20}?"
_DECIDER_SLOT = re.compile(
    rf"以{_BODY_RUN}为准"
    rf"|由{_BODY_RUN}(?:任命|决定|审批|批准|裁定|判定|裁决|认定|确定|核定|签发|签批)"
    rf"|经{_BODY_RUN}(?:审批|批准|同意|决定|签批)"
    r"|的(?:决定|裁决|裁定|判定)为最终"
)
_INDEFINITE = re.compile(r"谁|哪|什么|何")
_SUPERSEDED_SLOT = re.compile(r"废止|以本(?:规定|办法|制度|细则|规范|条例|准则)为准|不再(?:执行|适用|使用)|同时失效|停止执行")
_DEEMED_SLOT = re.compile(r"(?:未|不|逾期)[^。；;]{0,20}?视(?:为|同)")
_VALIDITY_SLOT = re.compile(r"效力|有效|无效|生效|失效|作废")
_NUMERAL = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]+)"
_MEASURE = r"(?:个|名|位|家|项|支)?"
_BOUND_LIMIT = r"(?:不少于|不低于|不超过|不得超过|不得少于|至少|最多|少于|多于|超过|达到|为|共|有)"
_LIMIT = r"(?:不少于|不低于|不超过|不得超过|不得少于|不多于|至少|最多|最少|至多|少于|多于|超过)"
_SPAN = re.compile(rf"{_NUMERAL}\s*(?:个)?(?:工作日|工作小时|自然日|小时|分钟|天|日|周|个月)")
_DURATION = re.compile(rf"{_NUMERAL}\s*(?:个)?(?:工作日|工作小时|自然日|小时|分钟|天|日|周|个月)(?:内|以内|之内)")
_CLOCK = rf"(?:{CLOCK_TIME}|[上下]午\s*\d{{1,2}}\s*[点时])"
_CLOCK_SLOT = re.compile(_CLOCK)
_CLOCK_RANGE = re.compile(rf"{_CLOCK}\s*(?:至|到|-|—|–|~|～)\s*{_CLOCK}")
_START_SLOT = re.compile(r"自\s*\d{4}\s*年[^，。；;]{0,12}?起(?:施行|实施|执行|生效|试行)|(?:施行|实施|生效)(?:日期|时间)为")
"""How a rule states when it takes effect ("自2026年3月1日起施行")."""
_ORDER_SLOT = re.compile(r"按[“\"「][^”\"」]{2,80}[”\"」]的?顺序|顺序(?:为|是)[：:]?|首先|第一[，、：:]|依次")
"""An order laid down: 按“A、B、C”的顺序, 顺序为…, 首先…, 第一，…, 依次…"""
_FIRST_STEP_SLOT = re.compile(r"首先|第一[，、：:]|^先(?!后|前|行|期|进)")
"""The first action stated ("经办人应首先直接沟通协商", "第一，与对方部门负责人单独沟通一次", a procedure item opening
with 先: "先确认对方部门是否已经知情…"; not 先后, 先前, 先行, 先期, 先进): what an action question
(``FIRST_STEP``) asks. An order of named items ("按“先沟通机制、再共同目标、后工具与文化”的顺序推进", "例会按“…”的顺序
进行") answers what comes first, not what to do: on the round-19 tune questions (h9je) such a sentence about another
matter joined the steps of two "先做点什么" answers, and in round 18 one led a held-out answer."""
BOUND_GAP = 16
"""Characters allowed between a duration and the verb it bounds, inside one clause ("15个自然日内完成复核并书面答复")."""


def fills(asked: Asked, sentence: str) -> bool:
    """``sentence`` states the fact ``asked`` asks for."""
    if asked.slot is DECIDER:
        return any(not _INDEFINITE.search(m.group(0)) for m in _DECIDER_SLOT.finditer(sentence))
    if asked.slot is VALIDITY:
        return bool(_VALIDITY_SLOT.search(sentence))
    if asked.slot is SUPERSEDED:
        return bool(_SUPERSEDED_SLOT.search(sentence))
    if asked.slot is DEEMED:
        return bool(_DEEMED_SLOT.search(sentence))
    if asked.slot is COUNT:
        noun = re.escape(asked.words[0])
        if "bound" in asked.words:  # a limit asked: the noun with a limit and a number, or a limit before "N个noun"
            return bool(re.search(rf"{noun}[^，。；;]{{0,8}}?{_LIMIT}\s*{_NUMERAL}\s*{_MEASURE}"
                                  rf"|{_LIMIT}\s*{_NUMERAL}\s*{_MEASURE}{noun}|{_NUMERAL}\s*{_MEASURE}(?:及)?以[上下]的?{noun}", sentence))
        return bool(re.search(rf"{_NUMERAL}\s*{_MEASURE}{noun}|{noun}[^，。；;]{{0,8}}?{_BOUND_LIMIT}\s*{_NUMERAL}\s*{_MEASURE}",
                              sentence))
    if asked.slot is CLOCK:
        return bool(_CLOCK_SLOT.search(sentence))
    if asked.slot is START:
        return bool(_START_SLOT.search(sentence))
    if asked.slot is ORDER:
        return bool(_ORDER_SLOT.search(sentence))
    if asked.slot is FIRST_STEP:
        return bool(_FIRST_STEP_SLOT.search(sentence))
    if asked.slot is BOUND_DURATION:
        for m in _SPAN.finditer(sentence):  # "时长为两小时": the asked noun, then its length
            clause = re.split(r"[，,。；;]", sentence[:m.start()])[-1][-BOUND_GAP // 2:]
            if any(v in clause for v in asked.words):
                return True
        for m in _DURATION.finditer(sentence):  # "15个自然日内完成复核并书面答复": the bound, then the asked verb
            clause = re.split(r"[，,。；;]", sentence[m.end():], maxsplit=1)[0][:BOUND_GAP]
            if any(v in clause for v in asked.words):
                return True
        return False
    if asked.slot is FOLLOW_THROUGH:
        return bool(_FOLLOW_THROUGH.search(sentence)) and (not asked.words or any(w in sentence for w in asked.words))
    if asked.slot is FORM:
        return states_form(asked.words[0], sentence)
    if asked.slot is TERM:
        term = asked.words[0]
        return f"所称{term}" in sentence or bool(re.search(rf"{re.escape(term)}(?:是指|指的是|系指)", sentence))
    return False


SLOT_BONUS = 0.3
"""Score added to a sentence that states the fact the everyday question asks for."""
RULE_BONUS = 0.15
"""More when the sentence is a rule (a policy's, not a story or an example): the rules state what is asked."""
TOPIC_BONUS = 0.1
"""More for a decider stated for what the question is about ("项目经理由项目发起人任命" for 项目经理…谁拍板)."""
TOPIC_GAP = 4
RANGE_BONUS = 0.1
"""More for a clock range ("9:00至18:00") when the question asks 从几点到几点."""
ECHO_PENALTY = 0.2
"""Score taken from a sentence that says the question's everyday word itself ("派出一名能拍板的代表") without
stating the asked fact, when a policy sentence states it: the rules write the formal word, advice and stories
the everyday one."""
NARRATIVE_PENALTY = 0.3
"""Score taken from a story or illustration sentence when a policy passage states a fact of the asked kind."""
SECOND_MARGIN = 0.6
"""The best policy sentence filling the slot joins a 结论 whose first sentence does not fill it, when it trails by
at most this much."""
MAX_CONCLUSION_CHARS = 220
FACT_TYPES = (QType.TIME, QType.PERSON, QType.NUMBER, QType.PLACE, QType.NAME)
"""Question types a story never answers when a policy passage holds a fact of the type (a yes/no question is left
to its verdict: nearly every rule has a modal, so "a policy answers the type" says nothing there)."""

_STORY_OPEN = re.compile(
    rf"^(?:{CLAUSE_NUMBER}\s*)?" r"(?:某[\u4e00-\u9fff]{0,6}?(?:公司|企业|集团|部门|单位|团队|工厂|中心|机构)"
    r"|一家|有一?家|有一次|曾经|曾有)"
)
_ILLUSTRATION_SECTION = re.compile(r"案例|背景|故事")
"""Sections telling a case ("案例一：…", "示例：需求变更流程的RACI矩阵 > 背景"). A worked example ("示例二：人力资源部对
用人部门的招聘服务") is not one: it is written as advice ("以招聘为例，可以按阶段约定时限")."""


def is_narrative(sentence: str, section: str) -> bool:
    """A story or illustration sentence: it opens a story (某公司…, 一家…) or stands in a case-study section."""
    return bool(_STORY_OPEN.match(sentence) or _ILLUSTRATION_SECTION.search(section or ""))


def decides_topic(sentence: str, topics: Sequence[str]) -> bool:
    """A decider form whose object is one of the question's words, right before it ("项目经理由…任命")."""
    for m in _DECIDER_SLOT.finditer(sentence):
        before = sentence[max(0, m.start() - TOPIC_GAP - 8):m.start()]
        if not _INDEFINITE.search(m.group(0)) and any(t in before[-(len(t) + TOPIC_GAP):] for t in topics):
            return True
    return False


def _rule(s: object, contexts: Sequence[Context]) -> bool:
    """``s`` (an ``extractive.Sentence``) is a sentence of a policy passage, not a story or an example."""
    ctx = contexts[s.n - 1]  # type: ignore[attr-defined]
    return ctx.doc_type == "policy" and not is_narrative(s.text, f"{ctx.section} {s.heading}")  # type: ignore[attr-defined]


def says_new_slot(asked: Asked | None, sentence: str, said: str) -> bool:
    """``sentence`` states the fact ``asked`` asks for and the previous answer (``said``) did not: a follow-up's
    answer even when the rest of the clause was said ("逾期未确认的，视为验收通过" after "应在7个工作日内确认验收")."""
    return asked is not None and fills(asked, sentence) and not fills(asked, said)


def adjust(ranked: Sequence[tuple[float, S]], asked: Asked | None, question: str, qtype: QType | None,
           contexts: Sequence[Context], query: str = "") -> list[tuple[float, S]]:
    """``ranked`` (score, ``extractive.Sentence``) re-scored for an everyday fact question (``question``: the
    asked part as the user typed it, ``asked``: its ``asked_slot``) and re-sorted: a sentence filling the asked
    slot gains ``SLOT_BONUS`` (and
    ``RULE_BONUS`` more when it is a policy's rule);
    when a policy sentence fills it, one that only echoes the everyday word loses ``ECHO_PENALTY``; when a
    policy passage holds a fact of the asked kind, story and illustration sentences lose ``NARRATIVE_PENALTY``;
    a decider stated for a word of the whole question (``query``) gains ``TOPIC_BONUS`` more.
    The story demotion applies to every fact question (``FACT_TYPES``) whose passages include a policy rule with a
    fact of the asked kind, not only to everyday ones; other questions are returned unchanged."""
    demote = qtype in FACT_TYPES and any(
        c.doc_type == "policy" and not is_narrative(c.text, c.section) and answer_spans(c.text, qtype) for c in contexts)
    if asked is None and not demote:
        return list(ranked)
    filled = {id(s) for _score, s in ranked if asked is not None and fills(asked, s.text)}  # type: ignore[attr-defined]
    echoes = everyday_words(question, slot=True) if any(
        id(s) in filled and _rule(s, contexts) for _score, s in ranked) else []
    topics = [w for w in content_words(query or question) if len(w) >= 2] \
        if asked is not None and asked.slot is DECIDER else []
    out = []
    for score, s in ranked:
        text = s.text  # type: ignore[attr-defined]
        if id(s) in filled:
            score += SLOT_BONUS + (RANGE_BONUS if asked is not None and asked.slot is CLOCK and _CLOCK_RANGE.search(text) else 0.0)
            score += TOPIC_BONUS if topics and decides_topic(text, topics) else 0.0
            score += RULE_BONUS if _rule(s, contexts) else 0.0
        elif any(w in text for w in echoes):
            score -= ECHO_PENALTY
        ctx = contexts[s.n - 1]  # type: ignore[attr-defined]
        if demote and ctx.doc_type != "policy" and is_narrative(text, f"{ctx.section} {s.heading}"):  # type: ignore[attr-defined]
            score -= NARRATIVE_PENALTY
        out.append((score, s))
    out.sort(key=lambda item: (-item[0], item[1].n, item[1].pos))  # type: ignore[attr-defined]
    return out


def slot_second(asked: Asked | None, ranked: Sequence[tuple[float, S]], best: S,
                contexts: Sequence[Context], margin: float = SECOND_MARGIN) -> S | None:
    """A second 结论 sentence for an everyday fact question (``asked``: its ``asked_slot``) whose best sentence
    does not state the asked fact: the best policy sentence of the same document that does (within ``margin`` of
    the best, both within ``MAX_CONCLUSION_CHARS``);
    None otherwise. "最后听谁的？": the story's own clause leads, "…以运营部服务台的判定为准" follows."""
    if asked is None or not ranked or fills(asked, best.text):  # type: ignore[attr-defined]
        return None

    def beside_best(s: S) -> bool:  # another rule of the best sentence's document stating the asked fact
        return (s is not best and s.quote != best.quote and fills(asked, s.text) and _rule(s, contexts)  # type: ignore[attr-defined]
                and contexts[s.n - 1].source == contexts[best.n - 1].source  # type: ignore[attr-defined]
                and len(best.quote) + len(s.quote) <= MAX_CONCLUSION_CHARS)  # type: ignore[attr-defined]

    hit = first_within(ranked, beside_best, margin)
    return None if hit is None else hit[1]
