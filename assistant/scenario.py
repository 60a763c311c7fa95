"""Scenario questions: "my two departments fight over X, what do I do".

``is_scenario`` recognises them (two parties or a pointer at another department, a friction word,
and a request for action). Retrieval for them brings both kinds of document: ``merge_rankings``
interleaves the plain search with searches restricted to ``doc_type=policy`` and
``doc_type=guidance``. ``compose_scenario`` writes the extractive answer a manager can act on:
which common collaboration problem this is, the steps to take now (policy sentences carrying an
owner or a deadline first), and what to escalate to whom if that fails. Every line is a verbatim
sentence of a passage with its ``[n]``, except the problem's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any, NamedTuple, TypeVar

from assistant.asked import asked_text
from assistant.boilerplate import is_boilerplate
from assistant.case_clauses import counted_subjects
from assistant.failure_words import STEP_FAILED as _Q_FAILED
from assistant.english_answer import ASKED_KINDS as _EN_KINDS, answer_forms, answer_sentence, asked_kinds, english_floor, \
    asking, is_english_story, story_terms, \
    RETRIEVED_LEAD_BONUS, retrieved_clause
from assistant.parties import names_parties
from assistant.lead_ranker import Likelihood
from assistant.likely_lead import likely_first
from assistant.neighbours import is_policy_clause, neighbour_docs, next_clause, previous_clause
from assistant.situation import described_share, grade_words, names_disputed_grade, ungraded, unnamed
from assistant.question_types import PERSON_PATTERN, TIME_PATTERN, QType, asked_parts, is_english
from assistant.rule_cases import case_pattern
from assistant.untitled import without_titles
from assistant.types import Context

T = TypeVar("T")

_PARTIES_ZH = re.compile(
    r"两个部门|两部门|[两三几多]个(?:部门|事业部|团队|中心|条线)|两边|双方|对方|兄弟部门|其他部门|别的部门|各部门|部门之间|部门间|互相|彼此|"
    r"[\u4e00-\u9fff]{1,4}(?:组|团队|经理)(?:和|与|跟|同)[\u4e00-\u9fff]{1,4}(?:部|中心|组|团队)|他们|人家"
)
"""Words that point at the other party; named departments are ``parties.department_names``' job (``names_parties``)."""
_OUR_UNIT = re.compile(r"我们[\u4e00-\u9fff]{0,4}?(?:部门|团队)")
"""The asker's department as the second party of a dispute ("我们仓储部", "我们部门")."""
OUR_UNIT_NEAR = 30
"""Characters after a named department within which "我们…部门" makes it a quarrel's second party (``is_scenario``)."""
_FRICTION_ZH = re.compile(
    r"推诿|扯皮|踢皮球|甩锅|吵|争|矛盾|冲突|不配合|不响应|不回复|不回|拖|谈不拢|不归|没人管|没人负责|都说|都不|不认|"
    r"不信任|防着|各干各|各有各|打架|较劲|卡住|卡着|僵|不理|不买账|不执行|推来推去|抢|不满|抱怨|不了了之|最后一个知道|总是|"
    r"指责|互相推|推不动|没有达成一致|达不成一致|协调不下来|停止配合|没结论|怨声载道|意见很大"
)
_ACTION_ZH = re.compile(r"怎么办|怎么做|该怎么|应该怎么|如何|怎样|怎么处理|怎么解决|怎么推进|咋办|我该|我们该|我应该|第一步|做什么|下一步|找谁|怎么|"
                        r"听谁的|该谁|有没有(?:什么)?(?:说法|规定|正式的?渠道|渠道|办法)|走什么流程|这样行吗")
_PARTIES_EN = re.compile(r"\b(?:two|both|other|another|several) (?:departments?|teams?|units?)\b|\beach other\b|\bthey\b|\b\w+ and \w+ (?:are|keep|always|never|won't|don't)\b", re.I)
_FRICTION_EN = re.compile(r"\bfight|\bargu|\bblam|\bconflict|\bdisput|\bpush(?:ing)?\b.*\bonto\b|\bwon't|\brefus|\bignor|\bdelay|\bstuck|\bpassing the buck|\bkeep\b", re.I)
_ACTION_EN = re.compile(r"\bwhat (?:should|do|can) (?:i|we)\b|\bhow (?:do|should|can) (?:i|we)\b|\bwhat to do\b", re.I)

# The common collaboration problems: (中文名, english name, words that betray it, terms of the rules that
# apply, added to the policy search). First match wins.
PROBLEMS: tuple[tuple[str, str, str, str], ...] = (
    ("职责不清、互相推诿（扯皮）", "unclear ownership and passing the buck",
     r"推诿|扯皮|踢皮球|甩锅|不归|没人管|没人负责|谁都不|谁牵头|谁来牵头|谁负责|谁拍板|该谁|互相推(?![荐动进广])|归属|推来推去|转来转去|牵头|职责不清|"
     r"passing the buck|ownership|who (?:should )?leads?|not (?:their|our|my) job|blam",
     "牵头部门 责任人 职责 归属 争议 裁定 推诿 首问负责"),
    ("需求变更没人负责", "change requests nobody owns",
     r"变更|改需求|需求改|加[^，。；]{0,4}(?:功能|需求)|口头要求|扩大范围|范围[^，。；]{0,4}(?:扩大|调整)|"
     r"change request|scope (?:change|creep)",
     "变更 申请 确认 负责 时限"),
    ("响应不及时、承诺不兑现", "slow responses and broken commitments",
     r"不响应|不回复|不回|超时|拖着|拖了|一直拖|迟迟|一直没|不了了之|逾期|不执行|不给|没给|"
     r"not (?:yet )?respond|delay|ignor",
     "响应 时限 超时 催办 逾期 升级"),
    ("信息滞后", "information lag", r"最后一个知道|信息滞后|滞后|没人告诉|没告诉|没通知|不同步|not (?:been )?(?:told|informed)",
     "信息 共享 同步 通知 时限 拒绝提供"),
    ("缺乏信任", "mistrust", r"信任|不信|防着|书面确认|不买账|trust", "沟通 承诺 满意度 评价"),
    ("目标不一致", "conflicting goals", r"目标|优先级|KPI|考核|资源|各干各|各有各|priorit|goal",
     "目标 优先级 资源 协调 考核"),
    ("沟通不畅", "poor communication", r"沟通不畅|说不清|传错|走样|communicat",
     "沟通 协商 例会 协调会 争议"),
)
ESCALATION_TERMS = "跨部门争议 协商未能解决 发起升级 部门负责人 分管领导 协调 裁决 处理时限"
"""The escalation search is about the company's escalation rules, whatever the dispute is about."""
_ESCALATE = re.compile(r"(?<![统本件])升级(?!方)|裁决|裁定|仲裁|协调委员会|复议|提交[^，。；]{0,12}(?:决定|协调|处理)|报[^，。；]{0,6}(?:总经理|副总裁)")
_NOW = re.compile(r"不得|即为|实行|应当|应|须|必须|负责|指定|明确|确定|提交|发起|召开|联系|协商|沟通|转交|承办|记录|约定|拆成|列出")
_MEANWHILE = re.compile(r"(?:作出|出来|处理)前|之前|期间|不得以")  # what to do while waiting is a step, not escalation
_STORY = re.compile(r"案例|背景|表现|现象|原因|故事|示例")  # headings of stories and symptoms, not steps
MAX_NOW = 3
"""Steps under 现在先做 in all: the governing clause plus at most two 接着 steps."""
MAX_ESCALATE = 2
DO_NOW = "现在先做："
DO_NOW_EN = "Do now (quoted from the policy): "
"""The label of the governing clause in a scenario answer's first line (``model_steps`` recognises the shape by it)."""
DO_NOW_GUIDANCE_EN = "Do now (quoted from the guidance): "
"""The English label when a guidance sentence leads (``guidance_lead``)."""
"""Escalation lines (whom, by when) offered after the steps."""


_ASKS_WHO_IS_RIGHT = re.compile(r"谁对|谁有理|听谁的|\bwho(?:'s| is) right\b", re.I)


def quarrel_words(text: str) -> bool:
    """True when ``text`` speaks of the quarrel itself (吵起来了, 互相推诿, blame, refuse), not of what happened."""
    return bool(_FRICTION_ZH.search(text) or _FRICTION_EN.search(text))


def is_scenario(question: str) -> bool:
    """True for "these departments fight over X, what do I do" questions."""
    if is_english(question):  # or a story ending in a pointed question (english_answer)
        return bool(_FRICTION_EN.search(question) and _ACTION_EN.search(question) and _PARTIES_EN.search(question)) \
            or is_english_story(question)
    return bool(_FRICTION_ZH.search(question) and _ACTION_ZH.search(question)
                and (_PARTIES_ZH.search(question) or names_parties(question, _OUR_UNIT, OUR_UNIT_NEAR)))


def is_dispute(question: str) -> bool:
    """A scenario (``is_scenario``) or two named departments and a plea with no friction word ("采购部要我们信息技术部
    改个功能…该听谁的", "Finance says IT missed the SLA … who is right, and what should we do?"): the answer is
    composed as a scenario's (``applies``); retrieval keys on ``is_scenario`` alone."""
    if is_scenario(question):
        return True
    action = _ACTION_EN if is_english(question) else _ACTION_ZH
    return bool(action.search(question) or _ASKS_WHO_IS_RIGHT.search(question)) and names_parties(question, _OUR_UNIT)


def asks_action(question: str) -> bool:
    """True when ``question`` asks what to do, whom to ask or whether there is a rule (怎么办, 该听谁的, 有没有说法)."""
    return bool((_ACTION_EN if is_english(question) else _ACTION_ZH).search(question))


ANSWERS_TYPES: frozenset[QType] = frozenset({QType.HOWTO, QType.OTHER, QType.PERSON, QType.YESNO})
"""Question types a scenario answer serves: what to do (怎么办), an open request, whom to turn to (找谁: the
escalation line names the handler) and whether an act in the dispute is allowed (这样可以吗: the governing
clause is the one that permits or forbids it, ``asked_match``). A scenario asking a bare fact (多久, 多少)
gets the direct answer of the plain composer instead."""


def applies(question: str, qtype: QType) -> bool:
    """True when ``question`` (of type ``qtype``) gets the scenario answer (``compose_scenario``)."""
    if is_english(question):  # an English dispute of any type gets the English scenario shape, not bare figures
        return is_dispute(question)
    return qtype in ANSWERS_TYPES and is_scenario(question)


def _problem(question: str) -> tuple[str, str, str, str] | None:
    """The ``PROBLEMS`` row (中文名, english name, pattern, rule terms) the question describes, or None."""
    return next((row for row in PROBLEMS if re.search(row[2], question, re.IGNORECASE)), None)


def name_problem(question: str) -> tuple[str, str] | None:
    """The common collaboration problem the question describes, ``(中文名, english name)``, or None."""
    problem = _problem(question)
    return (problem[0], problem[1]) if problem else None


_PIECES = re.compile(r"[，,。；;？?！!]|\.(?:\s|$)|\s+(?:because|but|so|and then)\s+", re.I)


def situation(question: str) -> str:
    """What happened, without the quarrel and the plea: the parts of the question (split at its commas)
    that carry no friction word (吵起来了, 互相指责) and no request for action (我该怎么办).

    "生产系统停机了，信息技术部说要排队处理，两个部门吵起来了，我该怎么办？" -> "生产系统停机了 信息技术部说要
    排队处理". Two grades of one scale named ("不是P2而是P3") add the scale's name (``situation.grade_words``:
    等级). The quarrel is the same in every scenario and draws the generic escalation clauses; the
    situation is what the specific clause governs ("适用于…生产系统停机…的事项"). "" when nothing is left.
    """
    friction, action = (_FRICTION_EN, _ACTION_EN) if is_english(question) else (_FRICTION_ZH, _ACTION_ZH)
    pieces = [p.strip() for p in _PIECES.split(question) if p and p.strip()]
    happened = " ".join(p for p in pieces if not friction.search(p) and not action.search(p))
    return f"{happened} {grade_words(happened)}".strip() if happened else ""


SITUATION_PASSAGES = 3
"""The best passages of the situation search (what happened) always kept, whatever the round-robin merge leaves."""
MEANING_PASSAGES = 1
"""The best passages of the situation's dense search alone always kept besides those: a story told in everyday words
("同事从…调到…，还能看到…客户资料") shares no word with the clause written for it ("员工调岗的，原部门的信息权限应…回收"),
and the keyword half of the hybrid search ranks the clauses sharing its everyday words (客户, 资料) above it."""


class ScenarioSearch(NamedTuple):
    """One extra search of a scenario question: its ``name``, the ``text`` searched, the document type it
    is restricted to, and how many of its best passages are always kept (``keep``; 0 = only what the
    round-robin merge with the other searches leaves)."""

    name: str
    text: str
    doc_type: str
    keep: int = 0
    keyword: bool = True
    """False: the dense ranking alone (meaning, not shared words)."""
    merged: bool = True
    """False: only its ``keep`` best passages are added; its ranking is not merged with the others'."""
    cases_only: bool = False
    """True: only policy clauses stating a case ("…的，", ``case_clauses.clause_cases``) are kept: the clause written
    for what happened, not any clause near the story's meaning."""


def scenario_searches(question: str) -> list[ScenarioSearch]:
    """The extra searches for a scenario question: the question plus its problem's rule terms within the
    policies (``"policy"``), the question and its problem's name within the guidance (``"guidance"``), the
    question plus the escalation vocabulary within the policies (``"escalation"``), and, when the question
    tells what happened, that ``situation`` alone within the policies (``"situation"``: the clause written
    for it, a disputed grade as the scale's name, ``situation.ungraded``, the parties' names left out,
    ``situation.unnamed``; its best ``SITUATION_PASSAGES`` always kept), and the same text by its dense ranking
    alone (``"meaning"``: not merged, its best ``MEANING_PASSAGES`` not kept yet always kept)."""
    problem = _problem(question)
    name, terms = (problem[0], problem[3]) if problem else ("", "")
    searches = [
        ScenarioSearch("policy", f"{question} {terms}".strip(), "policy"),
        ScenarioSearch("guidance", f"{question} {name}".strip(), "guidance"),
        ScenarioSearch("escalation", f"{question} {ESCALATION_TERMS}", "policy"),
    ]
    happened = situation(question)
    if happened:
        told = unnamed(ungraded(happened))
        searches.append(ScenarioSearch("situation", told, "policy", keep=SITUATION_PASSAGES))
        searches.append(ScenarioSearch("meaning", told, "policy", keep=MEANING_PASSAGES, keyword=False, merged=False,
                                       cases_only=True))
    return searches


NEXT_CLAUSES = 3
"""Policy passages (best first) whose next clause is added to a scenario's passages."""


def next_clause_docs(docs: Sequence[Any], chunks_of: Callable[[str], Sequence[Any]], limit: int = NEXT_CLAUSES) -> list[Any]:
    """The clause right after each of the first ``limit`` policy passages in ``docs`` (LangChain
    ``Document``s with ``version_key``/``chunk_index``/``clause`` metadata), not already among them.

    A policy's clauses run in sequence: the one after "一级升级由双方部门负责人协商解决…" says what
    happens when that fails, the one after "只能确定一个牵头部门" who rules when the lead is disputed;
    scenario questions ask exactly that, in words the next clause rarely shares. ``chunks_of(version_key)``
    returns a document's chunks (``KnowledgeStore.get_chunks``); only clause chunks count.
    """
    return neighbour_docs(docs, chunks_of, next_clause, limit)


def escalates_when_unmet(text: str) -> bool:
    """A clause that escalates when an earlier step is not met ("催办后仍未响应的，可发起一级升级", "一级升级未能
    解决的，可发起二级升级"): the step or deadline it enforces is usually stated in the clause before it."""
    return bool(_ESCALATE.search(text) and _FAILED.search(text))


def scenario_neighbour_docs(docs: Sequence[Any], chunks_of: Callable[[str], Sequence[Any]],
                            limit: int = NEXT_CLAUSES) -> list[Any]:
    """The neighbouring clauses a scenario answer needs: the clause after each of the first ``limit``
    policy passages (``next_clause_docs``: what happens next, who rules), then the clause before each of the
    first ``limit`` "escalate when … is not met" clauses among them (the rule it enforces: the deadline,
    the step that failed). ``chunks_of`` is read once per document."""
    cache: dict[str, Sequence[Any]] = {}

    def chunks(key: str) -> Sequence[Any]:
        if key not in cache:
            cache[key] = chunks_of(key)
        return cache[key]

    after = next_clause_docs(docs, chunks, limit)
    before = neighbour_docs([*docs, *after], chunks, previous_clause, limit,
                            start=lambda d: is_policy_clause(d) and escalates_when_unmet(d.page_content))
    return [*after, *before]


def merge_rankings(rankings: Sequence[Sequence[T]], k: int, key: Callable[[T], Hashable]) -> list[T]:
    """Round-robin merge of several rankings (first ranking first in each round), duplicates dropped, ``k`` items."""
    out: list[T] = []
    seen: set[Hashable] = set()
    depth = max((len(r) for r in rankings), default=0)
    for i in range(depth):
        for ranking in rankings:
            if i < len(ranking) and key(ranking[i]) not in seen:
                seen.add(key(ranking[i]))
                out.append(ranking[i])
                if len(out) >= k:
                    return out
    return out


_RULE = re.compile(
    r"应当|(?<![相响对适供反回呼答])应(?![用急对])|须|必须|只能|不得|为准|视为|视同|即为|实行|要求|不计入|不予|"
    r"由[^，。；]{1,24}(?:负责|裁定|裁决|决定|审批|批准|协调|判定|承办|处理|提交|提出|召开|组织|发布|确认|发起|申请)|不产生效力|可[^，。；]{0,24}(?:发起|升级|提交|提请)"
)
"""A rule of a policy: what shall be done, by whom, by when, or what counts as what (视为/视同); not a
description or an example. 应 inside a word (相应扣减, 响应, 对应, 应用) is no "shall": a scoring clause
("…的，每低0.5分，…得分相应扣减3分") tells no one what to do."""
_EXAMPLE = re.compile(r"例如|比如|举例|某公司|示例|案例")
_CONDITION = case_pattern()
"""The situation a clause governs: "催办后仍未响应的，…" / "对需求归属存在争议的，…"."""
_CASES = case_pattern(after="，；", ends="的|时|后")
"""Every case a clause governs, the first one and later ones after a comma ("…，服务部门认为等级不当的，…"), ending in
"的，", "时，" or "后，" as the case index reads them ("项目组解散后，…由承接部门负责", ``case_clauses``)."""
RULE_BONUS = 0.15
"""A policy rule clause beats a guidance example for 现在先做."""
CONDITION_WEIGHT = 0.2
"""Weight of the share of a clause's situation ("…的，") that the question describes."""
EXAMPLE_PENALTY = 0.1
"""Score taken off sentences of worked examples (例如, 比如, 案例, 示例): they illustrate, they do not govern."""
POLICY_ESCALATION = 0.2
"""The escalation line names the policy's escalation clause (whom, by when) before guidance advice."""
FACT_BONUS = 0.05
"""Score added to a step that states an owner or a deadline, the facts a manager acts on."""
MAX_FIRST_CHARS = 240
"""The 结论 holds the governing clause and, when it fits, the escalation clause (whom, by when)."""


def condition_match(question: str, text: str) -> float:
    """Share of the clause's first situation ("…的，" / "…后，" before the rule, ``_CASES``) that the question's words
    describe, 0..1."""
    from assistant.extractive import bigrams, query_bigrams

    m = _CASES.search(text)
    if not m:
        return 0.0
    cond = bigrams(m.group(1) or m.group(2))
    return len(cond & query_bigrams(question)) / len(cond) if cond else 0.0


def situation_match(happened: str, text: str, acts: bool = True) -> float:
    """How far what happened (``situation`` of the question) is the case the clause ``text`` was written for
    (its "…的，" / "适用于…的事项", a counted subject "预计工作量超过12人日的需求，…" (``case_clauses.counted_subjects``),
    also a later one: "…，服务部门认为等级不当的，…"; one of its alternatives
    suffices), 0..1, the best over its cases (``situation.described_share``). With ``acts`` the act a clause
    forbids ("不得转给其他部门…") is a case too (see ``forbidden_act_counts``)."""
    cases = [m.group(1) or m.group(2) for m in _CASES.finditer(text)]
    cases += [c for c in counted_subjects(text) if c not in cases]  # "预计工作量超过12人日的需求，须…"
    if acts:
        cases += [m.group(1) for m in _FORBIDDEN.finditer(text)]  # the story tells the forbidden act: "转给了采购部"
    return max((described_share(happened, case) for case in cases), default=0.0)


ASKS_COUNT = re.compile(r"多少[^，,。；;？?]{0,8}[？?]|(?<![好十这那])几(?!十|百|千)[^，,。；;？?]{0,8}[？?]|\bhow (?:many|much)\b", re.I)
"""A story's question asking a count ("最多能拆几张？", "how many"); an indefinite 几 in the story ("好几次", "几个部门
又争起来了，…") is not one: the count is asked in the piece that ends in the question mark."""


def asked_facts(question: str) -> list[re.Pattern[str]]:
    """The facts the scenario's asking part wants, as the form a clause states each in: a person or body (谁 / who),
    a duration or deadline (多久 / how long), a count (几个 / how many). Empty for a plea or a ruling (怎么办, 算不算)."""
    if is_english(question):
        forms = [form for name, _ask, form in _EN_KINDS if name in ("who", "time") and name in asked_kinds(question)]
        asking = question
    else:
        asking = asked_text(question)
        forms = [answer for name, ask, answer in ASKED_PARTS if name in ("who", "time") and ask.search(asking)]
    if ASKS_COUNT.search(asking):
        forms.append(COUNT_FACT)
    return forms


COUNT_FACT = re.compile(r"(?:\d+|[一二两三四五六七八九十百]+)\s*(?:个|次|人|名|项|单|份|条|张|级|天|周|年|月|日)")


def forbidden_act_counts(question: str, text: str) -> bool:
    """Whether the act clause ``text`` forbids may count as the case the story tells: not when the story asks a fact
    (how long, who, how many: ``asked_facts``) the clause does not state. "…downloaded secret-level contracts… how long
    must they keep the access logs?" is answered by "访问日志至少保存18个月", not by "禁止将秘密级信息上传…", whose act
    the story told."""
    return all(form.search(text) for form in asked_facts(question))


_FORBIDDEN = re.compile(r"(?:不得|禁止|严禁)(?!超过|低于|少于|高于|多于)([^，。；：\d]{3,40})(?=[，。；：]|$)")
"""The act a clause forbids ("不得转给其他部门或外部单位"): a story telling it is the case the clause governs. A limit
("不得超过6单", "不得低于本规定标准") is no act: the count's clause is read by its bound (``situation.met_bounds``)."""


_FAILED = re.compile(r"未能解决|仍未|仍无法|未能达成|协商不成|不成的|逾期未|超过[^，。；]{0,12}未")
FOLLOW_UP_SHARE = 0.6
"""A clause whose situation is "<this step> failed" follows this step when most of its situation's words are the step's …"""
FOLLOW_UP_MIN = 3
"""… and at least this many of them (a bigram or two in common is chance)."""


def follow_up_share(step: str, text: str) -> float:
    """How far ``text`` is the clause for when ``step`` fails: its situation ("一级升级未能解决的，…") has a
    failure word and its other words are ``step``'s (share 0..1; 0 without a failure situation)."""
    from assistant.extractive import bigrams

    m = _CONDITION.search(text)
    situation = (m.group(1) or m.group(2)) if m else ""
    failed = _FAILED.search(situation)
    if not failed:
        return 0.0
    words = bigrams(situation[: failed.start()] + " " + situation[failed.end():])
    shared = words & bigrams(step)
    return len(shared) / len(words) if len(shared) >= FOLLOW_UP_MIN else 0.0


_COUNTED = re.compile(r"(\d+)(个月|个工作日|个|次|周|天|年|季度|小时)")


def continues_share(step: str, text: str) -> float:
    """How far ``text`` is the clause for when ``step``'s case goes on: its case is ``step``'s case with a
    larger count of the same unit ("连续2个月低于目标的，应…提交改进计划" → "连续3个月低于目标的，由分管副总裁
    约谈"): the share of its case's words (counts left out) that ``step``'s case holds, 0 when no count grows."""
    from assistant.extractive import bigrams

    mine, theirs = _CONDITION.search(step), _CONDITION.search(text)
    if not mine or not theirs:
        return 0.0
    before, after = (m.group(1) or m.group(2) for m in (mine, theirs))
    counts = {unit: int(n) for n, unit in _COUNTED.findall(before)}
    if not any(unit in counts and int(n) > counts[unit] for n, unit in _COUNTED.findall(after)):
        return 0.0
    words = bigrams(_COUNTED.sub(" ", after))
    return len(words & bigrams(_COUNTED.sub(" ", before))) / len(words) if words else 0.0


def other_step_failed(step: str, happened: str, text: str, on_ladder: bool) -> bool:
    """True for an "escalate when X is not met" clause (``escalates_when_unmet``) off the escalation ladder whose
    X is neither ``step`` (the first step) nor what ``happened``: "同一事项召开专题协调会后仍未解决的，…提交协调委员会"
    does not follow "接收部门只能用于申请时说明的用途"."""
    if on_ladder or not escalates_when_unmet(text):
        return False
    return (max(follow_up_share(step, text), continues_share(step, text)) < FOLLOW_UP_SHARE
            and situation_match(happened, text) < OTHER_STEP_SITUATION)


OTHER_STEP_SITUATION = 0.5
"""An escalate-when clause follows what happened when this share of its case is described."""


SITUATION_WEIGHT = 0.4
"""Weight of the share of a rule clause's situation ("P1级工单发生超时的，…") that the question's ``situation``
(what happened, without the quarrel) describes: the clause written for this case governs it."""
TOLD_CASE = 1.0
"""An English story tells a clause's case ("…的，") when ``situation_match`` is this high: every word of the case is among
the story's glossary terms (then the clause leads over the retrieval's first clause, ``retrieved_clause``). Full
match only (on the 32 English tune stories 0.5 gives the same leads — its extra half matches are all in stories whose
asked form decides first — so the stricter value is kept; at 1.0 one story has such a clause, and it is the right one)."""
PROBLEM_WEIGHT = 0.15
"""Weight of the share of the problem's rule terms a clause contains (the clause written for this problem)."""


def problem_match(question: str, text: str) -> float:
    """Share of the rule terms of the question's problem (``PROBLEMS`` 4th field) that ``text`` contains, 0..1."""
    problem = _problem(question)
    terms = problem[3].split() if problem else []
    return sum(t in text for t in terms) / len(terms) if terms else 0.0


_LEVEL_NAMES = "一二三四五"
_LEVEL_START = re.compile(r"(?:发起|进入|启动|提请)([一二三四五])级升级")
_LEVEL_DEF = re.compile(r"([一二三四五])级升级由")
_HANDLER = re.compile(r"^[，,]?(?:提交|报|由)([^，。；]{2,14})(?:协调|裁决|裁定|协商解决|协商|决定|处理|审议)(?=[，。；,;]|$)")
_HANDLER_PREFIX = re.compile(r"^(?:双方|各方|相关|当事|有关)")
LADDER_BONUS = 0.3
"""The step after the level the question says has failed ("分管副总裁也协调不下来" → 三级升级) governs."""


def ladder_levels(text: str) -> dict[int, str]:
    """The escalation levels ``text`` starts ("可发起二级升级，提交双方分管副总裁协调") or defines ("一级升级由双方
    部门负责人协商解决"), each with its handler as written ("" when the clause names none)."""
    out: dict[int, str] = {}
    for pattern in (_LEVEL_START, _LEVEL_DEF):
        for m in pattern.finditer(text):
            level = _LEVEL_NAMES.index(m.group(1)) + 1
            rest = text[m.end():] if pattern is _LEVEL_START else "由" + text[m.end():]
            h = _HANDLER.search(rest)
            if h or level not in out:
                out[level] = _HANDLER_PREFIX.sub("", h.group(1)) if h else out.get(level, "")
    return out


_SPOKEN = (("分管副总裁", "分管领导"), ("副总裁", "副总"), ("副总经理", "副总"))
"""How a manager says a handler's title (ending, spoken form): "吵到两位副总那一级" names the 分管副总裁 level."""


def _names(handler: str) -> list[str]:
    """Ways a question names a handler: as written, its last four characters ("协调委员会" of "跨部门协调委员会") and
    the spoken form of its title (``_SPOKEN``)."""
    spoken = [short for ending, short in _SPOKEN if handler.endswith(ending)]
    return ([handler, handler[-4:]] if len(handler) > 4 else [handler] if handler else []) + spoken


def reached_level(question: str, texts: Sequence[str]) -> int:
    """The highest escalation level the question mentions, by name ("二级升级") or by the handler the
    ladder in ``texts`` gives it ("分管副总裁" when a clause says "发起二级升级，提交双方分管副总裁协调"); 0 for none."""
    reached = 0
    handlers: dict[int, set[str]] = {}
    for text in texts:
        for level, handler in ladder_levels(text).items():
            handlers.setdefault(level, set()).update(_names(handler))
    for level in range(1, len(_LEVEL_NAMES) + 1):
        named = re.search(f"{_LEVEL_NAMES[level - 1]}级升级(?!由谁|是谁|找谁|怎么|如何|多久|要多久|是什么|吗)", question)
        if named or any(h and h in question for h in handlers.get(level, ())):  # "一级升级由谁处理？" asks, it did not fail
            reached = level
    return reached


def next_level(question: str, texts: Sequence[str]) -> int:
    """The escalation level to go to now: the one after the level the question says has failed, else 1."""
    reached = reached_level(question, texts)
    return reached + 1 if reached and _Q_FAILED.search(question) else max(reached, 1)


_ASKED = re.compile(r"([^，。；？?]{4,40})[，,]?\s*(?:这样|这么做|这)?(?:可以吗|可以么|行吗|行不行|合理吗|对吗|能这样吗)")
_PERMISSION = re.compile(r"不得|禁止|严禁|不能|不可|不允许|可以|允许|方可")
YESNO_WEIGHT = 0.3
"""Bonus of a permitting/forbidding clause that names the asked-about act ("…先停止配合我们，这样可以吗")."""
ASKED_MIN = 2
"""Words (bigrams) of the asked-about act a clause must share for the full bonus."""


def asked_match(question: str, text: str) -> float:
    """For "…, 这样可以吗" inside a scenario: how far a clause saying what is allowed or forbidden (不得/禁止/
    可以…) names the asked-about act: shared words / ``ASKED_MIN``, capped at 1; 0 when nothing is asked or
    the clause permits and forbids nothing."""
    from assistant.extractive import bigrams

    m = _ASKED.search(question)
    if not m or not _PERMISSION.search(text):
        return 0.0
    words = bigrams(m.group(1))
    return min(1.0, len(words & bigrams(text)) / ASKED_MIN)


ASKED_PARTS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("who", re.compile(r"谁对|谁有理|听谁的|该谁|谁来|谁负责|谁去|由谁|找谁|谁管|归谁|谁说了算|谁拍板|没人管|没人负责|不是(?:他们|我们|你们)的|who(?:'s| is) right|who (?:should|decides|handles|owns)", re.I),
     re.compile(r"由[^，。；]{1,24}(?:负责|决定|裁定|裁决|审批|批准|处理|承担|牵头|承接)|为准|负责")),
    ("counts", re.compile(r"算不算|算数|计不计|算(?:不算)?(?:超时|违规|达标|数)|\bcounts?\b|doesn'?t count|does not count", re.I),
     re.compile(r"视为|视同|不计|计入|按[^，。；]{0,10}(?:计算|计)|以[^，。；]{0,12}为准|不作为|不予|不得作为|方为有效|不产生效力")),
    ("need", re.compile(r"要不要|需不需要|用不用|必须|走什么流程|走个流程|走流程|手续|do (?:we|i) (?:need|have to)|\bmust\b", re.I),
     re.compile(r"须|应当|事先|前[^，。；]{0,8}(?:审批|审核|签订|确认|报|会签)|经[^，。；]{1,16}(?:审批|审核|批准|确认|会签)|会签|签订")),
    ("time", re.compile(r"多久|几天|什么时候|多长时间|how long|\bwhen\b|deadline", re.I), TIME_PATTERN),
    ("where", re.compile(r"渠道|在哪|哪里|从流程上|where|channel|\braise\b", re.I),
     re.compile(r"提交|提出|提请|申请|评审会|例会|反馈")),
)
"""What a scenario asks inside its story (到底谁对 / 算不算 / 要不要 / 多久 / 在哪提), each with how a clause answers it:
an owner or ruling body (由…负责/裁定, 为准), what counts as what (视为/计入/不计), what must be done first (须, 经…审批,
会签), a deadline, a channel (提交/申请/评审会). Structure of policy text, no company's words."""
ASK_WEIGHT = 0.15
"""Bonus of a rule clause that has the form of the answer to what the scenario asks (``ASKED_PARTS``)."""


def answers_asked(question: str, text: str) -> float:
    """Share of the scenario's asked parts (``ASKED_PARTS``, found in ``asked_text``) whose answer form ``text`` has,
    0..1 (0 when none asked)."""
    asking = asked_text(question)
    asked = answer_forms(question) if is_english(question) else [answer for _name, ask, answer in ASKED_PARTS if ask.search(asking)]
    return sum(bool(a.search(text)) for a in asked) / len(asked) if asked else 0.0


_FIELD = re.compile(r"(?:^|[；;。，,\s])[\u4e00-\u9fff]{2,6}[：:]")
_TEMPLATE = re.compile(r"\[ \]|\[x\]|□|☐|_{3,}|＿{2,}|格式如下|模板如下|如下[：:]\s*$|(?:某年|XX|xx|××)")
_CASE_STORY = re.compile(r"某(?:公司|企业|集团|单位|部门|事业部|项目)|[A-Z]公司|曾经|有一次|一家")
TEMPLATE_FIELDS = 2
"""A sentence with this many "字段：" labels is a filled-in form or template ("日期：…；决定事项：…"), not a rule."""


def is_template(text: str) -> bool:
    """True for a form or template line ("日期：…；决定事项：…；决策人：…", checkboxes, blanks): nothing to quote as a step."""
    return bool(_TEMPLATE.search(text)) or len(_FIELD.findall(text)) >= TEMPLATE_FIELDS


def is_illustration(text: str, heading: str = "") -> bool:
    """True for a worked example, case study or template (例如/案例, 某公司…, ``is_template``, a story heading):
    background, never the step a manager takes now."""
    return bool(_EXAMPLE.search(text) or _CASE_STORY.search(text) or is_template(text) or _STORY.search(heading))


def is_rule(text: str) -> bool:
    """True for a rule sentence ("应/须/只能/不得/由…负责/可…发起"), not an example."""
    return bool(_RULE.search(text)) and not _EXAMPLE.search(text)


_is_rule = is_rule  # ``compose_scenario`` widens the test for one clause under the same name


def best_case_clause(policy_sentences: Sequence[Any]) -> str | None:
    """The text of the first of ``policy_sentences`` (a story's policy sentences, best match first) when it states a case
    ("部门负责人任职不满一个季度的，当季协作绩效不单独考核，按部门得分记录"), else None.

    A clause that rules on a case by what counts ("不单独考核", "按…记录") has no modal verb and is no ``is_rule``, so the
    scenario composer neither led with it nor quoted it as a step even when the story's words matched it best of all
    the policy sentences. The best-matching one is taken as a rule; a weaker case clause without a modal still is not
    (tune: widening every such clause the story's words touch moved two sc-tune leads to another case's clause), nor
    one that scores the case at a rate (``_RATE``)."""
    first = next(iter(policy_sentences), None)
    if first is None or _EXAMPLE.search(first.text) or _RATE.search(first.text) or not _CASES.search(first.text):
        return None
    return first.text


_RATE = re.compile(r"每[^，。；\d]{0,6}\d")
"""A scoring rate ("每低0.5分，…扣减3分", "每次扣1分"): a clause that scores a case tells no one what to do
(``tests/assistant/test_scenario_clause_unit.py``), so it is not widened into a rule."""


ENFORCED_SHARE = 0.3
"""An "escalate when … is not met" clause names the rule it enforces when this share of its situation's words are the rule's."""


def enforced_share(clause: str, rule: str) -> float:
    """How far ``rule`` is what ``clause`` ("服务方超过响应时限仍未响应的，…可发起一级升级") enforces: the share of
    the words of its situation (the failure word left out) that ``rule`` contains, 0..1."""
    from assistant.extractive import bigrams

    situation = " ".join(m.group(1) for m in re.finditer(r"([^，。；]{3,40}?)的，", clause) if _FAILED.search(m.group(1)))
    words = bigrams(_FAILED.sub(" ", situation)) if situation else set()
    return len(words & bigrams(rule)) / len(words) if words else 0.0


NEGATIVE_SLACK = 0.1
"""How far below a non-positive best score a sentence may score and still be relevant."""


def _share(best: float, fraction: float) -> float:
    """The relevance floor: ``fraction`` of the best score, or the best itself when that is not positive
    (an English question matched through its glossary terms can score every sentence below zero; a policy
    clause scored below zero is then relevant only through its problem's rule terms)."""
    return best * fraction if best > 0 else best - NEGATIVE_SLACK


def guidance_lead(question: str, contexts: Sequence[Context], ranked: Sequence[tuple[float, Any]]) -> Any | None:
    """The sentence an English story's answer leads with when its retrieval ranked a guidance passage first (above
    every policy clause but a housekeeping one, ``boilerplate``) and that passage answers what the story asks: its
    best-scored sentence of the asked form (``answers_asked``; ``ranked``: the composer's sentences, best first). None
    when the first passage is a policy clause, or no sentence of it (a story, example or template aside) answers what is asked. A story asking for a
    practice or method (``asks_practice``) is answered by any advice: the passage's best sentence leads.

    The English lead otherwise comes from the policy clauses (``retrieved_clause``): a guidance passage the
    retrieval put first ("建议记录人在会后24小时内发出纪要" for "When should the notes have gone out?") was passed
    over for a lower clause. A story asking nothing pointed ("What should I do?") keeps the policy rule's lead."""
    first = next((n for n, c in enumerate(contexts, start=1)  # a policy's "本办法…施行" clause ranks no rule above it
                  if not (c.doc_type == "policy" and is_boilerplate(c.text.strip()))), 0)
    if not first or contexts[first - 1].doc_type == "policy":
        return None
    practice = asks_practice(question)  # any advice of the passage answers "what practice…": its best sentence
    return next((s for _score, s in ranked if s.n == first and not is_illustration(s.quote, s.heading)
                 and (practice or answers_asked(question, s.quote) >= 1.0)), None)


_ASKS_PRACTICE = re.compile(r"\b(?:what|which|any|a|an|simple|good|better|proper)\s+(?:\w+\s+)?"
                            r"(?:practice|method|mechanism|approach|technique|routine|habit|format)s?\b", re.I)


def asks_practice(question: str) -> bool:
    """An English story asks for a practice or method ("What practice would stop this?", "Is there a simple
    method…?"): advice answers it, not a rule; the guidance passage its retrieval ranked first leads (``guidance_lead``)."""
    return bool(_ASKS_PRACTICE.search(asking(question)))


def compose_scenario(question: str, contexts: Sequence[Context], query: str | None = None,
                     likelihood: Likelihood | None = None, told: str | None = None) -> str | None:
    """The scenario answer, or None when the passages give no step.

    ``结论：这是“<problem>”问题。现在先做：<governing clause> [n]`` — the policy rule clause whose
    situation the question describes, the clause written for its problem, or the next escalation
    level when the question says the current one failed (a guidance sentence only when no policy
    rule is relevant) — then, when it fits, ``依据：`` the rule an "escalate when …" clause enforces and
    ``仍解决不了时：<escalation clause> [m]`` (to whom, by when: the next level of the company's ladder);
    then ``接着：`` the next steps and ``如果仍解决不了，按以下方式升级：`` the remaining escalation clauses.
    ``query`` is the text sentences are matched against (the standalone follow-up or the glossary
    translation of an English question); the question itself decides the problem and the failed level.
    ``likelihood``: the bundled model's scorer (``ADVISOR_RERANKER=local``): a story's most likely sentence leads
    (``likely_lead``). ``told``: the Chinese terms of what an English story tells (``story_terms`` with the store's
    lexicon; default: with the glossary alone).
    """
    from assistant.extractive import Sentence, _distinct, _ensure_period, pick_conclusion, rank_sentences, step_quotes
    from assistant.fact_beside import beside_lead
    from assistant.pointed import lead_first

    english = is_english(question)
    matched = ungraded(query or question)  # a disputed grade: the rule for the dispute, not each grade's definition
    happened = situation(question) if not english else (  # an English story: its Chinese terms
        story_terms(question) if told is None else told) or query or ""
    ranked = rank_sentences(matched, without_titles(contexts))  # a title says which document, not which clause
    if not ranked:
        return None
    retrieved = retrieved_clause(contexts, answer_forms(question),  # what is asked, else the clause for what happened
                                 lambda text: situation_match(happened, text) >= TOLD_CASE) if english else 0

    def is_policy(s: Sentence) -> bool:
        return contexts[s.n - 1].doc_type == "policy"

    # policy clauses compete with policy clauses: a guidance story that echoes the question's words
    # must not push the clause that governs the case (worded in the rules' own terms) out
    best = {kind: next((score for score, s in ranked if is_policy(s) is kind and not _STORY.search(s.heading)), 0.0) or 1.0
            for kind in (True, False)}

    def illustrates(s: Sentence) -> bool:
        return is_illustration(s.quote, s.heading)

    def has_fact(s: Sentence) -> bool:
        return bool(TIME_PATTERN.search(s.quote) or PERSON_PATTERN.search(s.quote))

    best_case = best_case_clause([s for _score, s in ranked if is_policy(s)])

    def is_rule(text: str) -> bool:  # noqa: F811 -- the module's rule test, plus the best-matching case clause
        return _is_rule(text) or text == best_case

    levels = {id(s): ladder_levels(s.quote) for _, s in ranked if is_policy(s)}
    reached = reached_level(question, [s.quote for _, s in ranked if is_policy(s)])
    failed_to = reached + 1 if reached and _Q_FAILED.search(question) else 0  # the level the question's failure leads to

    def starts(s: Sentence, level: int) -> bool:
        """``s`` starts or defines ``level`` and names who handles it."""
        return bool(levels.get(id(s), {}).get(level))

    relevant = [(score, s) for score, s in ranked
                if (score >= _share(best[is_policy(s)], 0.3 if is_policy(s) else 0.45) or (failed_to and starts(s, failed_to))
                    or english and is_policy(s) and (s.n == retrieved or score >= english_floor(best[True]))
                    and (situation_match(happened, s.quote) > 0 or answers_asked(question, s.quote) > 0))
                and (score > 0 or not is_policy(s) or english and (s.n == retrieved or situation_match(happened, s.quote) > 0)
                     or problem_match(question, s.quote) > 0)
                and not _STORY.search(s.heading)]

    # the step after a failed level is as relevant as the failed level's own clause (the question describes that one)
    failed_score = max((score for score, s in ranked if failed_to and starts(s, reached)), default=0.0)

    def governing(item: tuple[float, Sentence]) -> float:
        score, s = item
        if failed_to and starts(s, failed_to):
            score = max(score, failed_score)
        rule = is_policy(s) and is_rule(s.text)
        return (score + (RULE_BONUS if rule else 0.0) + (RETRIEVED_LEAD_BONUS if s.n == retrieved else 0.0) + CONDITION_WEIGHT * condition_match(matched, s.text)
                + (SITUATION_WEIGHT * situation_match(happened, s.quote, forbidden_act_counts(question, s.quote))
                   if rule else 0.0)
                + (PROBLEM_WEIGHT * problem_match(question, s.quote) + YESNO_WEIGHT * asked_match(question, s.quote)
                   + ASK_WEIGHT * answers_asked(question, s.quote) if rule else 0.0)
                + (LADDER_BONUS if failed_to and starts(s, failed_to) else -LADDER_BONUS if failed_to and starts(s, reached) else 0.0)
                + (FACT_BONUS if has_fact(s) else 0.0) - (EXAMPLE_PENALTY if _EXAMPLE.search(s.quote) else 0.0))

    is_escalation = lambda s: bool(_ESCALATE.search(s.text)) and not _MEANWHILE.search(s.text)  # noqa: E731
    # an English story's retrieved clause may lead though it states no modal ("…不单独考核，按部门得分记录")
    rules = sorted((item for item in relevant if is_policy(item[1]) and (is_rule(item[1].text) or item[1].n == retrieved)),
                   key=governing, reverse=True)
    rules = [item for item in rules if not names_disputed_grade(question, item[1].text)] or rules  # a grade's definition
    if not failed_to:  # what the scenario asks (谁对 / 算不算 / 要不要): a clause of the answer's form leads
        rules = sorted(rules, key=lambda item: answers_asked(question, item[1].quote) >= 1.0, reverse=True)
    pool = rules or sorted((item for item in relevant if _NOW.search(item[1].text) and not illustrates(item[1])),
                           key=governing, reverse=True)  # an example, case study or template is never the first step
    if not pool:
        return None
    first = pool[0][1]
    lead = lead_first(question, [first], ranked, MAX_FIRST_CHARS)[0]  # a story's pointed question: its clause leads
    first_levels = levels.get(id(first), {})
    up_to = max(first_levels) + 1 if first_levels else max(failed_to, 1)  # the escalation level after the first step

    def escalation_score(item: tuple[float, Sentence]) -> float:
        score, s = item
        own = levels.get(id(s), {})
        ladder = LADDER_BONUS if starts(s, up_to) else -LADDER_BONUS if own and min(own) > up_to else 0.0
        return (score + (POLICY_ESCALATION if is_policy(s) else 0.0) + CONDITION_WEIGHT * condition_match(matched, s.text)
                + ladder + (FACT_BONUS if PERSON_PATTERN.search(s.text) else 0.0)
                + (FACT_BONUS if TIME_PATTERN.search(s.text) else 0.0))

    quoted = [first]
    later = pick_conclusion(question, contexts, query, first=first)[1:] if len(asked_parts(question)) > 1 else []
    for s in later:  # the answers to later asked parts ("…由谁处理？"), not a runner-up of a one-part question
        if s.text not in first.quote and first.quote.find(s.text) < 0 and _distinct(quoted, s):
            quoted.append(s)
    candidates = [i for i in ranked if (i in relevant or starts(i[1], up_to)) and not _STORY.search(i[1].heading)]
    escalations = [s for _, s in sorted((i for i in candidates if is_escalation(i[1]) and not illustrates(i[1])
                                         and (is_rule(i[1].text) or not is_policy(i[1]))),
                                        key=escalation_score, reverse=True)
                   if s.text not in first.quote]
    follow = max(((max(follow_up_share(first.quote, s.text), continues_share(first.quote, s.text)), s) for _, s in ranked
                  if is_policy(s) and s.text not in first.quote and _distinct([first], s)),
                 key=lambda item: item[0], default=(0.0, None))
    enforced: Sentence | None = None
    if follow[0] >= FOLLOW_UP_SHARE and not _FAILED.search(first.quote):  # what to do when this step fails
        companion = follow[1]
        escalations = [companion, *(s for s in escalations if s != companion)]
    else:
        if _ESCALATE.search(first.quote) and _FAILED.search(first.quote):  # "escalate when …": the rule it enforces (the deadline)
            enforced = max(((enforced_share(first.quote, s.quote), s) for _, s in pool[1:]
                            if not is_escalation(s) and TIME_PATTERN.search(s.quote) and s.text not in first.quote
                            and contexts[s.n - 1].source == contexts[first.n - 1].source and _distinct([first], s)),
                           key=lambda item: item[0], default=(0.0, None))
            enforced = enforced[1] if enforced[0] >= ENFORCED_SHARE else None
        top = max((max(own) for own in levels.values() if own), default=0)  # the last level of the company's ladder
        eligible = [s for s in escalations if _distinct([first], s) and s is not enforced
                    and not (levels.get(id(s)) and min(levels[id(s)]) > up_to)  # not a level above the next …
                    and not (failed_to and levels.get(id(s)) and max(levels[id(s)]) <= reached)  # … nor one that failed
                    and not other_step_failed(first.quote, happened, s.text, bool(levels.get(id(s))))]
        ladder = [s for s in eligible if is_policy(s) and starts(s, up_to)]  # the company's ladder, when it has the level
        has_ladder = any(levels.values())
        companion = None if first_levels and max(first_levels) >= top else next(  # nothing above the last level
            (s for s in ladder or eligible if is_policy(s) or not has_ladder), None)  # a remark only without a ladder
    if len(quoted) == 1:
        for extra in (enforced, companion):
            if extra is not None and sum(len(q.quote) for q in quoted) + len(extra.quote) <= MAX_FIRST_CHARS:
                quoted.append(extra)
    if lead is not first:  # the clause answering the pointed question leads; the story's clause (and its logic) follows
        quoted = [lead, *quoted] if len(lead.quote) + sum(len(q.quote) for q in quoted) <= MAX_FIRST_CHARS else [lead, first]
    guide = guidance_lead(question, contexts, ranked) if english else None
    if guide is not None:  # an English story's retrieval ranked guidance above every clause: it leads
        rest = [q for q in quoted if q.quote != guide.quote]
        quoted = [guide, *rest] if len(guide.quote) + sum(len(q.quote) for q in rest) <= MAX_FIRST_CHARS else [guide, first]
    quoted = likely_first(question, quoted, ranked, contexts, likelihood, MAX_FIRST_CHARS)  # the model's pick leads
    covered = lambda s: s in quoted or any(s.text in q.quote for q in quoted)  # noqa: E731
    escalate = [s for s in escalations if not covered(s)]
    escalate = [s for i, s in enumerate(escalate) if _distinct(escalate[:i], s)][:MAX_ESCALATE]
    now: list[Sentence] = []
    for _score, s in sorted(((governing(i), i[1]) for i in relevant if _NOW.search(i[1].text)), key=lambda x: -x[0]):
        if len(now) >= MAX_NOW - 1:
            break
        if (not covered(s) and s not in escalate and (is_rule(s.text) or not is_policy(s))  # a policy step is a rule
                and not is_template(s.quote)
                and _distinct([*quoted, *now, *escalate], s)):
            now.append(s)
    problem = name_problem(question)
    leading = quoted[0]  # the clause the first line quotes first, and the English answer sentence reads
    head = f"{_ensure_period(leading.quote)} [{leading.n}]"

    def line(s: Sentence) -> str:
        return f" {_ensure_period(s.quote)} [{s.n}]"

    rule_label, then_label = (" Rule:", " If that does not resolve it:") if english else (" 依据：", " 仍解决不了时：")
    more = "".join((rule_label if s is enforced else then_label if s is companion else "") + line(s) for s in quoted[1:])
    if english:
        label = f"this is a case of {problem[1]}. " if problem else ""
        source = "policy" if is_policy(leading) else "guidance"
        do_now = DO_NOW_EN if is_policy(leading) else DO_NOW_GUIDANCE_EN
        lines = [f"Conclusion: {answer_sentence(question, leading.quote, source)}{label[:1].upper() + label[1:]}{do_now}{head}{more}"]
    else:
        label = f"这是“{problem[0]}”问题。" if problem else ""
        lines = [f"结论：{label}{DO_NOW}{head}{more.replace('： ', '：')}"]
        lines[0] = beside_lead(question, contexts, lines[0], query)  # the asked fact of a close runner-up
    now_lines = step_quotes(now, lines[0])  # whole sentences; none the 结论 already quotes
    escalate_lines = step_quotes(escalate, "\n".join([lines[0], *(text for text, _n in now_lines)]))
    if now_lines:
        lines.append("Then (quoted):" if english else "接着：")
        lines.extend(f"{i}. {text} [{n}]" for i, (text, n) in enumerate(now_lines, start=1))
    if escalate_lines:
        lines.append("If that does not resolve it, escalate:" if english else "如果仍解决不了，按以下方式升级：")
        lines.extend(f"{i}. {text} [{n}]" for i, (text, n) in enumerate(escalate_lines, start=len(now_lines) + 1))
    return "\n".join(lines)
