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
from typing import TypeVar

from assistant.question_types import PERSON_PATTERN, TIME_PATTERN, is_english
from assistant.types import Context

T = TypeVar("T")

_PARTIES_ZH = re.compile(
    r"两个部门|两部门|几个部门|多个部门|双方|对方|兄弟部门|其他部门|别的部门|各部门|部门之间|部门间|互相|彼此|"
    r"[\u4e00-\u9fff]{1,4}(?:部|中心)(?:和|与|跟|同)[\u4e00-\u9fff]{1,4}(?:部|中心)|他们|人家"
)
_FRICTION_ZH = re.compile(
    r"推诿|扯皮|踢皮球|甩锅|吵|争|矛盾|冲突|不配合|不响应|不回复|不回|拖|谈不拢|不归|没人管|没人负责|都说|都不|不认|"
    r"不信任|防着|各干各|各有各|打架|较劲|卡住|卡着|僵|不理|不买账|不执行|推来推去|抢|不满|抱怨|不了了之|最后一个知道|总是"
)
_ACTION_ZH = re.compile(r"怎么办|怎么做|该怎么|应该怎么|如何|怎样|怎么处理|怎么解决|怎么推进|咋办|我该|我们该|我应该|第一步|做什么|怎么")
_PARTIES_EN = re.compile(r"\b(?:two|both|other|another|several) (?:departments?|teams?|units?)\b|\beach other\b|\bthey\b|\b\w+ and \w+ (?:keep|always|never|won't|don't)\b", re.I)
_FRICTION_EN = re.compile(r"\bfight|\bargu|\bblam|\bconflict|\bdisput|\bpush(?:ing)?\b.*\bonto\b|\bwon't|\brefus|\bignor|\bdelay|\bstuck|\bpassing the buck|\bkeep\b", re.I)
_ACTION_EN = re.compile(r"\bwhat (?:should|do|can) (?:i|we)\b|\bhow (?:do|should|can) (?:i|we)\b|\bwhat to do\b", re.I)

# The common collaboration problems: (中文名, english name, words that betray it, terms of the rules that
# apply, added to the policy search). First match wins.
PROBLEMS: tuple[tuple[str, str, str, str], ...] = (
    ("职责不清、互相推诿（扯皮）", "unclear ownership and passing the buck",
     r"推诿|扯皮|踢皮球|甩锅|不归|没人管|没人负责|谁都不|谁牵头|谁来牵头|谁负责|归属|推来推去|转来转去|牵头|职责不清|"
     r"passing the buck|ownership|who (?:should )?leads?|not (?:their|our|my) job|blam",
     "牵头部门 责任人 职责 归属 争议 裁定 推诿 首问负责"),
    ("需求变更没人负责", "change requests nobody owns", r"变更|改需求|需求改|change request",
     "变更 申请 确认 负责 时限"),
    ("响应不及时、承诺不兑现", "slow responses and broken commitments",
     r"不响应|不回复|不回|超时|拖着|拖了|一直拖|迟迟|一直没|不了了之|逾期|不执行|不给|not (?:yet )?respond|delay|ignor",
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
_ESCALATE = re.compile(r"升级|裁决|裁定|仲裁|协调委员会|复议|提交[^，。；]{0,12}(?:决定|协调|处理)|报[^，。；]{0,6}(?:总经理|副总裁)")
_NOW = re.compile(r"不得|即为|实行|应当|应|须|必须|负责|指定|明确|确定|提交|发起|召开|联系|协商|沟通|转交|承办|记录|约定|拆成|列出")
_MEANWHILE = re.compile(r"(?:作出|出来|处理)前|之前|期间|不得以")  # what to do while waiting is a step, not escalation
_STORY = re.compile(r"案例|背景|表现|现象|原因|故事|示例")  # headings of stories and symptoms, not steps
MAX_NOW = 3
MAX_ESCALATE = 2


def is_scenario(question: str) -> bool:
    """True for "these departments fight over X, what do I do" questions."""
    if is_english(question):
        return bool(_FRICTION_EN.search(question) and _ACTION_EN.search(question) and _PARTIES_EN.search(question))
    return bool(_FRICTION_ZH.search(question) and _ACTION_ZH.search(question) and _PARTIES_ZH.search(question))


def name_problem(question: str) -> tuple[str, str] | None:
    """The common collaboration problem the question describes, ``(中文名, english name)``, or None."""
    for zh, en, pattern, _terms in PROBLEMS:
        if re.search(pattern, question, re.IGNORECASE):
            return zh, en
    return None


def scenario_queries(question: str) -> dict[str, str]:
    """The extra searches for a scenario question: the question within the policies, the question
    and its problem's name within the guidance, and the escalation rules (``"escalation"``, a policy
    search with the escalation vocabulary alone)."""
    problem = name_problem(question)
    name = problem[0] if problem else ""
    return {
        "policy": question,
        "guidance": f"{question} {name}".strip(),
        "escalation": ESCALATION_TERMS,
    }


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


def compose_scenario(question: str, contexts: Sequence[Context], query: str | None = None) -> str | None:
    """The scenario answer (problem, steps now, escalation), or None when the passages give no step."""
    from assistant.extractive import Sentence, _distinct, _ensure_period, pick_conclusion, rank_sentences

    english = is_english(question)
    ranked = rank_sentences(query or question, contexts)
    if not ranked:
        return None
    best = ranked[0][0] or 1.0

    def is_policy(s: Sentence) -> bool:
        return contexts[s.n - 1].doc_type == "policy"

    relevant = [(score, s) for score, s in ranked
                if score >= best * (0.3 if contexts[s.n - 1].doc_type == "policy" else 0.45)]
    escalate = [s for _, s in relevant if _ESCALATE.search(s.text) and not _MEANWHILE.search(s.text)][:MAX_ESCALATE]
    now_pool = [(score + (0.1 if is_policy(s) else 0.0)
                 + (0.05 if TIME_PATTERN.search(s.text) or PERSON_PATTERN.search(s.text) else 0.0), s)
                for score, s in relevant if s not in escalate and _NOW.search(s.text) and not _STORY.search(s.heading)]
    now_pool.sort(key=lambda item: -item[0])
    now: list[Sentence] = []
    for _score, s in now_pool:
        if len(now) >= MAX_NOW:
            break
        if _distinct([*now, *escalate], s):
            now.append(s)
    top_escalation = [(score + (0.1 if is_policy(s) else 0.0), s) for score, s in relevant if s in escalate[:1]]
    if not now and not top_escalation:
        return None
    if top_escalation and (not now or top_escalation[0][0] > max(sc for sc, x in now_pool if x is now[0])):
        now.insert(0, top_escalation[0][1])  # escalating is the first step when the rules say so
        escalate = escalate[1:]
    problem = name_problem(question)
    first = now[0]
    extras = [s for s in pick_conclusion(question, contexts, query)[1:]
              if s != first and first.quote.find(s.text) < 0 and _distinct([first], s)]
    quoted = [first, *extras]
    escalate = [s for s in escalate if not any(s.text in q.quote for q in quoted)]
    first_quote = " ".join([f"{_ensure_period(first.quote)} [{first.n}]", *(f"{_ensure_period(s.quote)} [{s.n}]" for s in extras)])
    now = [first, *[s for s in now[1:] if s not in extras and not any(s.text in q.quote for q in quoted)]]
    if english:
        label = f"this is a case of {problem[1]}. " if problem else ""
        lines = [f"Conclusion: {label[:1].upper() + label[1:]}First step (quoted from the material): {first_quote}"]
    else:
        label = f"这是“{problem[0]}”问题。" if problem else ""
        lines = [f"结论：{label}现在先做：{first_quote}"]
    if len(now) > 1:
        lines.append("Then (quoted):" if english else "接着：")
        lines.extend(f"{i}. {_ensure_period(s.text)} [{s.n}]" for i, s in enumerate(now[1:], start=1))
    if escalate:
        lines.append("If that does not resolve it, escalate:" if english else "如果仍解决不了，按以下方式升级：")
        lines.extend(f"{i}. {_ensure_period(s.text)} [{s.n}]" for i, s in enumerate(escalate, start=len(now)))
    return "\n".join(lines)
