"""Extractive answers: the best sentences of the retrieved passages, copied verbatim, in advisory shape.

No model is involved, so this backend is always available and fast (well under 50 ms). It is also
the fallback whenever an LLM fails. Sentences are chosen by character-bigram and content-word
overlap with the question, the asked kind of fact (a deadline, an approver, a name, a place, a
year: ``question_types``), the answer several sources agree on (``vote_answers``), what such an answer usually says (位于 for 在哪里), with a bonus for
actionable verbs and policy facts (numbers, deadlines, approvers). Policy facts are never paraphrased: every step is a
sentence of a passage, followed by its ``[n]`` citation.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.prompts import is_english, is_injection
from assistant.promote import promote
from assistant.english_answer import typed_sentence
from assistant.scenario import applies as scenario_applies, compose_scenario
from assistant.anaphoric_ask import with_story
from assistant.boilerplate import is_boilerplate
from assistant.two_asks import asked_kinds, second_fact
from assistant.enumeration import COHERENCE_MARGIN, enumerated_conclusion, same_document_first
from assistant.english_verdict import asks_yes_no, chinese_terms, english_verdict
from assistant.lead_ranker import SentenceVectors, lead_order
from assistant.limits import PERMISSION_ASKED, limit_verdict
from assistant.announced import with_announced_items
from assistant.followon import asks_next_step, next_step_first, repeats
from assistant.question_types import (
    ASKS_WHEN,
    EVENT_TIME,
    QType,
    asked_parts,
    asked_shape,
    answer_spans,
    asked_unit,
    classify,
    focus_terms,
    is_question_sentence,
    predicate_cue,
    yes_no,
)
from assistant.dates import asks_date, counts_down, event_word, date_pattern, names_day, not_qualifiers, outside_datelines, starts_not_ends, without_type_noun
from assistant.abbreviations import written_out
from assistant.coreference import carried
from assistant.eras import asks_era, era_spans
from assistant.everyday import Asked, asked_slot, asks_superseded, fills, says_new_slot, slot_second
from assistant.everyday import adjust as everyday_adjust
from assistant.eventdate import dates_event
from assistant.definitions import defines, question_subject
from assistant.details import MISSING_NAME, fit_counts, fit_score, lacks_names, question_details
from assistant.kinds import asked_kind, states_kind
from assistant.kinship import is_kin, kin_places
from assistant.lists import asks_several, listed, next_member
from assistant.naming import asks_naming, named_spans, quoted_spans
from assistant.near_events import another_qualifier, qualifier_pairs
from assistant.ranks import means_subject_spans
from assistant.heads import head_word
from assistant.separable import apart_end, said_apart, separable_verbs
from assistant.attributes import asked_attribute, introduces_owner, states_attribute
from assistant.attribute_words import attribute_forms, echoes_head, states_head
from assistant.rhetorical import join_rhetorical
from assistant.other_agents import another_agent, asked_action
from assistant.slots import slot_spans, slot_verb
from assistant.same_verbs import event_verb, same_meaning
from assistant.venues import asks_venue, held_without_venue, hosts, venue_spans
from assistant.subject import about_subject, implied_text, leads, opens_with_asked, refers_back, subject_names
from assistant.statements import (
    about_asked,
    amount_word,
    asked_verb,
    asked_word,
    linked_spans,
    owned_word,
    question_names,
    question_owners,
    names_another_place,
    question_places,
    states_answer,
    states_author,
)
from assistant.table_rows import named_row_first, other_row
from assistant.terms import content_words, topic_word
from assistant.pointed import lead_first
from assistant.agreed_lead import agreed_lead
from assistant.likely_lead import likely_first
from assistant.place_names import figure_places
from assistant.cue_echo import without_echo
from assistant.countries import asks_country, country_spans, names_country
from assistant.native_place import asks_native_place, native_spans, states_native_place
from assistant.appointments import asks_post, post_spans
from assistant.memberships import asks_group, member_spans
from assistant.story_case import case_first, contradicted, told_count_first
from assistant.clause_steps import with_story_clauses
from assistant.fact_beside import beside_lead
from assistant.story import is_story, tells_story
from assistant.claims import claim_first
from assistant.types import Context
from ingest.chunking import SECTION_SEP
from ingest.loaders import QA_QUESTION
from ingest.numbering import ordinal

MAX_STEPS = 5
EVENT_DATE_BONUS = 0.06
"""A date that stands right before the asked event's verb ("将于…0时终止运营", ``eventdate``) dates that event."""
OWNERLESS = 0.15
"""Penalty of a passage's sentences when it names none of a figure question's names and another passage
names one in a sentence with a figure ("2025年长安汽车销量": a market report that never says 长安汽车)."""
OWN_PLACE = OWNERLESS
"""Bonus of a sentence that states a figure and names the place the figure question asks about ("重庆"),
over figures of other places in the same passages (the size of ``OWNERLESS``, not tuned separately)."""
ECHO = 0.2
"""Penalty of a sentence saying a noun-phrase question's attribute with no value ("重要作用") when another
sentence gives it one (``attribute_words``; the size of ``STATEMENT_BONUS``, not tuned separately)."""
NEAR_EVENT = 0.25
"""Penalty of a sentence about a sibling of the asked event (``near_events``: 北京冬奥会速度滑冰 for 北京冬奥会双人滑)."""
MAX_SENTENCE_CHARS = 160
MAX_CONCLUSION_CHARS = 220
TYPED = (QType.TIME, QType.PERSON, QType.NUMBER, QType.PLACE, QType.NAME)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_FULL_END = re.compile(r"(?<=[。！？!?])")
MAX_FULL_CHARS = 170
MIN_PARAGRAPH_CHARS = 12
"""A piece of a run-on web line shorter than this is a label or a menu item, not a sentence."""
_LIST_MARKER = re.compile(
    r"^\s*(?:[-*+•·]\s+|\d{1,2}(?:\.\d{1,2})+\.?\s+|\d{1,2}[.、)）]\s*"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]\s*|[一二三四五六七八九十]{1,3}、\s*)"
)
_MD_NOISE = re.compile(r"\*\*|__|`|\[(?:\d{1,3}|注\s?\d{1,3})\]")  # emphasis, code marks, reference marks "[4]" (read as citations)
_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(f"[{_CJK}]+")
_MIXED = re.compile(f"(?=([a-z0-9])([{_CJK}]))")  # an ASCII letter or digit right before CJK
_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万两]+(?:个)?(?:工作日|小时|天|日|周|个月|年|万元|元)")
_HEADING_LIKE = re.compile(rf"^(?:#+\s|{ordinal('章节条')}\s*\S{{0,20}}$"
                           rf"|\d{{1,2}}(?:\.\d{{1,2}})+\s+[^。！？!?；;]{{1,30}}$)")
"""A heading line inside a passage: Markdown, 第X章 / 第X条 alone, or a dotted section number and a short title with no
sentence end ("3.3 口头答应，事后忘记": a handbook's subheading the chunker keeps as a line; read as a list item, its title
was quoted as a sentence, "3 口头答应，事后忘记"). A question-and-answer entry's question alone on its line
(``ingest.loaders.QA_QUESTION``) is one too."""

ACTION_WORDS = (
    "应当", "必须", "须", "应", "需", "负责", "指定", "明确", "建立", "设立", "约定", "提交", "报送",
    "审批", "批准", "审核", "召开", "发出", "通知", "记录", "登记", "确认", "评估", "上报", "报告",
    "组织", "协调", "制定", "公布", "列出", "拆成", "签字", "备案", "反馈", "复盘", "跟踪", "建议",
)
ADVICE_HEADINGS = ("步骤", "做法", "建议", "措施", "对策", "可以做", "怎么做", "应对", "要求", "流程", "办法", "规定", "职责", "条")
SYMPTOM_HEADINGS = ("表现", "信号", "原因", "含义", "背景", "现象", "什么是")
CAUTION_HEADING = re.compile(r"不建议|不推荐|误区|错误|反面|禁忌")
"""A heading over what not to do ("不建议的做法", "常见误区", "常见错误"): its sentences are no advice for how to do
something (``CAUTION_PENALTY``, though the heading says 做法 / 建议) — except for a yes/no question about a practice
("这招靠谱吗？") or one asking what goes wrong (``ASKS_PITFALLS``), which they answer."""
SUBHEADING_WEIGHT = 1.0
"""Weight of the question's share of a sentence's own heading inside its passage ("线上会议的注意事项" over the
sentences it heads, for "线上会到底该怎么开？"): a guidance chunk holds several subsections, and the one whose
heading the question echoes holds the answer (chosen on the tune sets: 0.5 +2, 1.0 and 2.0 +3 first lines of 621)."""
ASKS_PITFALLS = re.compile(r"误区|错误|坑|不该|不要|避免|什么问题|问题在哪|靠谱|弊端|副作用|后果")
CAUTION_PENALTY = 0.5
_RULE_REFERENCE = re.compile(r"(?:按照|依照|根据|按|照)(?:公司|咱们|我们)?的?(?:规定|规矩|制度|要求)(?:来说|来讲|上)?")
"""A manager's "按规定" / "按规矩" / "按公司制度": asks what the rules say, and is no word of the answer ("未按规定报修…"
led "按规定科里该由谁来对接？" on 按规定 and 报修)."""
QUESTION_NOISE = frozenset({"定义", "职业", "意思", "含义", "怎么", "么办", "如何", "什么", "应该", "该怎", "怎样", "哪些", "是否", "可以", "请问", "需要", "我们", "一下", "吗"})
FACT_WORDS = ("工作日", "小时", "日内", "天内", "以内", "以上", "不超过", "至少", "万元", "%", "负责人", "总经理", "分管")


@dataclass(frozen=True)
class Sentence:
    """One candidate sentence of a passage (1-based passage number ``n``, position ``pos``)."""

    text: str
    n: int
    pos: int
    is_step: bool  # came from a list item (likely an action step)
    heading: str = ""  # the nearest heading above it inside the passage
    full: str = ""  # the whole sentence (to 。) when this is a ；-piece of a short one, else ""

    @property
    def quote(self) -> str:
        """What the conclusion quotes: the whole short sentence, else the piece."""
        return self.full or self.text


def bigrams(text: str) -> set[str]:
    """Character bigrams of the CJK runs plus lower-cased ASCII words: a tokenizer-free bag for overlap."""
    lowered = text.lower()
    grams: set[str] = set()
    for run in _CJK_RUN.findall(lowered):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    grams.update(w for w in _WORD.findall(lowered) if len(w) > 1 or w.isdigit())
    grams.update(m.group(1) + m.group(2) for m in _MIXED.finditer(lowered))  # "d档", "1级", "2个": codes and numbers next to CJK
    return grams


def overlap(query: set[str], text: str | set[str]) -> float:
    """Share of the query's bigrams found in ``text`` (0..1)."""
    if not query:
        return 0.0
    grams = text if isinstance(text, set) else bigrams(text)
    return len(query & grams) / len(query)


def query_bigrams(question: str) -> set[str]:
    """The question's bigrams without question-word noise (怎么办, 如何, 应该 …)."""
    return bigrams(question) - QUESTION_NOISE


def split_sentences(text: str) -> list[tuple[str, bool, str]]:
    """Split a passage into ``(sentence, is_list_item, heading)``; headings, injections and fragments are dropped.

    List markers and Markdown emphasis are removed; the words themselves are left untouched.
    """
    return [item[:3] for item in _split(text)]


def _split(text: str) -> list[tuple[str, bool, str, str]]:
    """``split_sentences`` plus, per piece, the whole sentence (up to 。！？) it belongs to.

    A clause's consequence often follows a ``；`` ("…7个工作日内确认验收；逾期未确认的，视为验收
    通过"): the conclusion quotes the whole sentence when it is short enough (so a cell of a table row is quoted with
    its row: "等级：B级；…；关闭时限：20个工作日", ``table_rows``).
    """
    out: list[tuple[str, bool, str, str]] = []
    heading = ""
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("|") and line.count("|") > 1:
            continue
        if _HEADING_LIKE.match(line) or QA_QUESTION.match(line):
            heading = line.lstrip("#").strip()
            continue
        line = line.lstrip("> ").strip()
        is_item = bool(_LIST_MARKER.match(line))
        line = _MD_NOISE.sub("", _LIST_MARKER.sub("", line, count=1)).strip()
        if not is_item and len(line) < 20 and not re.search(r"[。！？!?；;，,]", line):
            heading = line  # a plain-text heading or label
            continue
        for whole in _FULL_END.split(line):
            whole = strip_furniture(whole.strip()) or ""
            full = whole if len(whole) <= MAX_FULL_CHARS and not is_injection(whole) else ""
            for part in _SENTENCE_END.split(whole):
                sentence = part.strip()
                if len(sentence) < 6 and not _SHORT_SENTENCE.fullmatch(sentence) or is_injection(sentence):
                    continue
                out.append((_clip(sentence), is_item, heading, full if full != sentence else ""))
                out.extend((_clip(rest), is_item, heading, "") for rest in clipped_paragraphs(sentence))
    return out


_SHORT_SENTENCE = re.compile(f"[{_CJK}]{{3,5}}。")
"""A whole sentence of three to five characters ("邵雍之子。", "洛阳人。"): biographies state a fact so, with the
subject left unsaid; shorter pieces and pieces cut at ；or ， are fragments."""


_PARAGRAPH_GAP = re.compile(r"(?<=\S)[ \t\u3000\xa0]{2,}(?=\S)")
"""A run of blanks inside a sentence: where a web page flattened to text lost a paragraph or field break
("…门票价格　　开幕式时间：2023年7月28日，…")."""


def clipped_paragraphs(sentence: str) -> list[str]:
    """The paragraphs of an over-long run-on ``sentence`` that ``_clip`` cuts off, each a sentence of its own.

    A web page flattened to text can run a menu, a headline and several paragraphs into one "sentence"
    with no 。 between them; ``_clip`` keeps its head only, so a fact further on would never be quoted.
    The pieces between blank runs after the cut are kept whole instead (the head keeps its clipped form:
    a headline often carries the words a question asks with). Labels (short and unpunctuated) are left out.
    """
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return []
    kept = _clip(sentence).rstrip("…")
    pieces = (piece.strip() for piece in _PARAGRAPH_GAP.split(sentence))
    return [piece for piece in pieces if piece not in kept and len(piece) >= MIN_PARAGRAPH_CHARS
            and re.search(r"[。！？!?；;，,]", piece) and not is_injection(piece)]


_FURNITURE = re.compile(
    r"(?:(?<=\s)|^)(?:扫码\S{0,12}|扫一扫\S{0,8}|\S{0,4}二维码\S{0,12}|分享[至到]\S{0,8}|打印(?:本页|此文)?|发表评论|评论\d*|收藏|"
    r"继续加载\S{0,4}|字号[：:]?(?:\s*[大中小](?=\s)){0,3}|返回顶部|关闭窗口|阅读原文|链接已复制)(?=\s|$)"
    r"|(?:责任编辑|流程编辑|编辑|责编|作者|记者|(?<!\S)\S{0,4}来源|原标题|发布时间|浏览次数|点击量|阅读量|日期)\s?[：:｜|]\s*[^\s]{0,30}(?=\s|$)"
    r"|原标题[：:]"
)
"""Page furniture a web page leaves in its text ("评论  打印", "扫码二维码 分享至好友", "来源：北京日报",
"原标题："): words of the page, standing between spaces, not of the story."""
MIN_CLEAN_CHARS = 12


def strip_furniture(sentence: str) -> str | None:
    """``sentence`` without the page furniture in it: the longest stretch of text between pieces of
    furniture (the story, or a headline), verbatim; None when no stretch is long enough to say anything."""
    found = list(_FURNITURE.finditer(sentence))
    if not found:
        return sentence
    cuts = [0, *(x for m in found for x in m.span()), len(sentence)]
    pieces = [sentence[cuts[i]:cuts[i + 1]].strip() for i in range(0, len(cuts), 2)]
    best = max(pieces, key=len)
    return best if len(best) >= MIN_CLEAN_CHARS else None


def _clip(sentence: str) -> str:
    """Cut an over-long sentence at a clause boundary (the kept words stay verbatim)."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    cut = max(sentence.rfind(p, 0, MAX_SENTENCE_CHARS) for p in "，,；;：:")
    return sentence[: cut if cut > 40 else MAX_SENTENCE_CHARS].rstrip("，,；;：: ") + "…"


def candidate_sentences(contexts: Sequence[Context]) -> list[Sentence]:
    """Every usable sentence of the passages, in reading order."""
    found: list[Sentence] = []
    for n, ctx in enumerate(contexts, start=1):
        for pos, (text, is_item, heading, full) in enumerate(join_rhetorical(_split(ctx.text))):  # "第29集…？这一集…"
            found.append(Sentence(text=text, n=n, pos=pos, is_step=is_item, heading=heading or ctx.section, full=full))
    return found


_POLICY_META_WORDS = ("适用", "目的", "施行", "生效", "解释", "制定", "范围", "apply", "purpose", "effective")
"""Words of a question that asks about the policy itself; then those clauses are fair answers."""


NO_FACT = -0.12
FOCUS_WORD = 2.0
"""Weight factor of a content word next to the question word ("管辖" in "由哪个公司管辖")."""
YEAR_MISMATCH = 0.2
OTHER_YEAR = 0.1
"""Penalty of a sentence without a year in a passage whose years are all others than the question's."""
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|\D|$)")
"""Type bonus of a sentence without a fact of the asked kind."""
NAMED_TYPES = (QType.PERSON, QType.PLACE, QType.NAME)
NAMED_TOP = 12
"""Sentences (best by the other features) searched for names."""
STATEMENT_BONUS = 0.2
"""Type bonus of a sentence stating the asked relation (``statements.states_answer``)."""
AMOUNT_BONUS = 0.1
"""Type bonus of a sentence stating the asked quantity's figure right after it."""
BIGRAM_WEIGHT = 0.35
WORD_WEIGHT = 0.3
TOPIC_LEAD = 6
TOPIC_BONUS = 0.15
LEAD_BONUS = 0.1
"""Bonus of the lead sentence of a passage titled by the question's subject (``subject.leads``)."""
OFF_SUBJECT = 0.15
"""Penalty of a sentence from another passage than those titled by the question's subject (when any is)."""
IMPLIED_SHARE = 0.5
"""Credit of a question word a sentence leaves unsaid, being in the article titled by it (``subject.implied_text``)."""
CUE_BONUS = 0.12
CUE_SPAN = 0.08
CUE_SPAN_GAP = 12
"""A fact of the asked kind within this many characters of the predicate cue gets ``CUE_SPAN``."""
BOILERPLATE_PENALTY = 0.4
FUNCTION_DISCOUNT = 0.3
_FUNCTION_CHARS = frozenset("的是在了有和与于为被把也都就还又及或其这那个之将对从向以而")


DATE_SHAPE_MARK = date_pattern("").pattern[:40]
"""How a date shape (``dates.date_pattern``) is told from the other shapes."""
DAY_BONUS = 0.06
"""Type bonus of a calendar day over a month or a year when a date is asked."""
KIND_BONUS = 0.2
"""Bonus of a sentence naming a kind of the noun a "什么类型的X" question asks about (``kinds``)."""
DEFINES_BONUS = 0.2
"""Bonus of a sentence that opens with the question's subject and a copula (``definitions.defines``)."""
LIST_BONUS = 0.15
"""Type bonus of a sentence listing several names when the question asks for a set (``lists``)."""
SLOTTED = (QType.TIME, QType.PLACE, QType.NAME, QType.PERSON, QType.OTHER)
"""Types whose answer may be read from the words after the question's verb (``slots``)."""
SHAPED = (QType.NUMBER, QType.TIME)
"""Types whose answer shape the asked noun narrows (成绩 -> a rank or result, 票房 -> money, 多长 -> a length)."""


def shape_of(question: str, qtype: QType | None) -> re.Pattern[str] | None:
    """The answer shape of a noun-phrase fact question of a shaped type (``asked_shape``), or None;
    a date for "…开幕时间" (``dates.asks_date``); for "什么时候" a time tied to an event (``EVENT_TIME``, counted
    beside durations and dates by ``typed_spans``)."""
    if qtype is QType.TIME and asks_date(question) and asked_shape(question) is None:
        return date_pattern(question)
    shape = asked_shape(question) if qtype in SHAPED else None
    if shape is None and qtype is QType.TIME and ASKS_WHEN.search(question):
        return EVENT_TIME
    return shape


def typed_spans(text: str, qtype: QType, shape: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Spans of the asked kind of fact in ``text``: the shape's when given (plus durations for 多长)."""
    if shape is None:
        return answer_spans(text, qtype)
    spans = answer_spans(text, qtype, shape)
    if qtype is QType.TIME and shape.pattern.startswith(DATE_SHAPE_MARK):
        return outside_datelines(text, spans)  # a date asked: a duration ("有4天时间") or the filing day does not answer it
    return sorted(set(spans + answer_spans(text, qtype))) if qtype is QType.TIME else spans


class _Scorer:
    """Weighted bigram overlap: bigrams frequent across the candidates (部门, 协作) count less.

    With a question type the sentence that holds the asked kind of fact (a duration for 多久, a
    body for 由谁 …) next to the question's focus words ("响应" in "多长时间内响应") wins.
    ``part`` is the sub-question being answered; its own words weigh double.
    """

    def __init__(self, question: str, sentences: Sequence[Sentence], contexts: Sequence[Context],
                 part: str | None = None, qtype: QType | None = None) -> None:
        self.shape = shape_of(part or question, qtype)
        self.original = part or question
        question, part = without_type_noun(question), without_type_noun(part) if part else part  # "…时间" names the type
        question, part = _RULE_REFERENCE.sub("", question), _RULE_REFERENCE.sub("", part) if part else part  # 按规定
        self.query = query_bigrams(question)
        own = query_bigrams(part) if part else set()
        self.query |= own
        focus = focus_terms(part or question) or [w for w in [event_word(part or question)] if w]  # "…访华时间": 访华
        if qtype is QType.YESNO:  # "能先发出去吗": the act asked about is a common verb; the question's topic (产品宣传稿,
            focus = []  # 市场部) decides which clause rules on it, so the words beside 能 weigh no more than the others
        head = head_word(self.original) if not focus and qtype in (None, QType.OTHER) else None
        if head:
            focus = [head]  # "劳荣枝二审判决": a noun-phrase question asks for its last noun
        owned = asked_attribute(self.original)  # "X的用途是什么" asks the same as "X的用途"
        head = head or (owned[1] if owned and qtype in (None, QType.OTHER) else None)
        self.head = head if head and attribute_forms(head) else None  # "X的用途": "用于…" states it (``attribute_words``)
        self.focus = set().union(*(bigrams(f) for f in focus)) - QUESTION_NOISE if focus else set()
        self.subjects = subject_names(question, contexts)  # passages titled by what the question names
        unsaid = [implied_text(s.text, self.subjects[s.n - 1]) for s in sentences]  # "它是…", "本鱼分布于…"
        asked_words = list(dict.fromkeys([*content_words(question), *(content_words(part) if part else ())]))
        unsaid = [f"{u} {carried(s.text, p.text if p is not None and p.n == s.n else '', asked_words)}".strip()
                  for s, p, u in zip(sentences, [None, *sentences][:len(sentences)], unsaid, strict=True)]  # "他将…": the name before
        grams = [bigrams(f"{s.text} {u}") for s, u in zip(sentences, unsaid, strict=True)]
        total = max(len(sentences), 1)
        self.weight = {g: max(0.2, 1.0 + math.log(total / (1 + sum(g in sg for sg in grams))))
                       * (2.0 if g in own else 1.0) * (2.0 if g in self.focus else 1.0)
                       * (FUNCTION_DISCOUNT if len(g) == 2 and (g[0] in _FUNCTION_CHARS or g[1] in _FUNCTION_CHARS) else 1.0)
                       for g in self.query}
        self.norm = math.fsum(self.weight.values()) or 1.0
        self.grams = dict(zip(sentences, grams, strict=True))
        passage = [self.share(bigrams(f"{c.title} {c.section} {c.text}")) for c in contexts]
        top = max(passage, default=0.0) or 1.0
        self.passage = [p / top for p in passage]
        self.qtype = qtype
        self.sections = [c.section for c in contexts]
        self.heading_share: dict[str, float] = {}
        self.doc_types = [c.doc_type for c in contexts]
        self.unit = asked_unit(part or question)
        self.era = qtype is QType.TIME and asks_era(self.original)
        self.event = (event_word(self.original) or event_verb(self.original)) if qtype is QType.TIME else None  # "…终止运营时间": 运营; "…哪一年创办的": 创办
        self.event_forms = same_meaning(self.event) if self.event else ()  # 创办: "成立于2016年"
        self.about_policy = any(w in question for w in _POLICY_META_WORDS) or asks_superseded(question)  # 老规定还算数吗
        self.qualifiers = qualifier_pairs(self.original) if qtype in TYPED else ()  # 北京冬奥会 / 双人滑
        self.action = asked_action(self.original) if qtype in NAMED_TYPES else None  # 梁冠华 / 演 (``other_agents``)
        self.asked = f"{question} {part or ''}"  # a fact the question itself states is not the answer
        words = dict.fromkeys(asked_words)
        texts = [s.text.lower() for s in sentences]
        self.texts = dict(zip(sentences, texts, strict=True))
        self.unsaid = dict(zip(sentences, unsaid, strict=True))
        self.word_weight = {w: max(0.2, 1.0 + math.log(total / (1 + sum(w in t for t in texts))))
                            * (FOCUS_WORD if any(w in f for f in focus) else 1.0) for w in words}
        self.word_norm = math.fsum(self.word_weight.values()) or 1.0
        passages = [c.text.lower() for c in contexts]
        self.head_stated = bool(self.head) and any(states_head(s.text, self.head) for s in sentences)
        self.full_forms = {w: f for w in words if (f := written_out(w, passages) + same_meaning(w)
                           + (attribute_forms(w) if w == self.head else ()))}  # 法网: 法国网(球公开赛); 创立: 成立; 路线: 航线
        self.apart = separable_verbs(self.original)  # 逃税 said as "偷逃个人所得税"
        self.several = qtype in NAMED_TYPES and asks_several(self.original)  # 主演, 对手, 哪些: a list answers
        self.cue = predicate_cue(part or question)
        if qtype is QType.PLACE:  # "在组成大雷克雅维克地区的…" locates something inside the asked place
            self.cue = without_echo(self.cue, question_subject(self.original))
        self.amount = amount_word(part or question) if qtype is QType.NUMBER else None
        verb = asked_verb(part or question) if qtype in NAMED_TYPES else None  # jieba: cut the question once
        self.words = tuple(w for w in (asked_word(part or question), verb) if w) if qtype in NAMED_TYPES else ()
        self.agents = (verb,) if verb else ()
        self.owned = tuple(w for w in [owned_word(self.original)] if w) if qtype in NAMED_TYPES else ()
        self.words = (*self.words, *(w for w in self.owned if w not in self.words))
        self.kind = asked_kind(self.original)  # "…是什么类型的电影": a modifier of 电影 answers
        self.subject = question_subject(self.original)  # "准确度的定义是什么", "威克水槽在哪里": 准确度, 威克水槽
        self.naming = qtype is QType.NAME and asks_naming(self.original)
        self.slot = slot_verb(self.original) if qtype in SLOTTED else None  # "生存于什么时期": the words after 生存于
        self.attribute = asked_attribute(self.original)  # "星海Pro9的处理器是什么": (星海Pro9, 处理器)
        self.venue = qtype is QType.PLACE and asks_venue(self.original)  # "…在哪里举行": the place in "在X举行"
        country = qtype is QType.PLACE and asks_country(self.original)  # "…是哪个国家的郡": a country, not any place
        self.country_docs = [country and names_country(" ".join(o.text for o in contexts if o.source == c.source))
                             for c in contexts]
        self.native = qtype in (QType.PLACE, QType.OTHER) and asks_native_place(self.original)  # 籍贯: "…小港村人。"
        self.post_people = question_names(self.original) if asks_post(self.original) else ()  # 以宋子仙为太保
        self.group = asks_group(self.original)  # "…是哪个团体的成员": "为我爱黑涩会…成员之一"
        self.native_docs = [self.native and states_native_place(" ".join(o.text for o in contexts if o.source == c.source))
                            for c in contexts]
        names = question_names(part or question) if qtype in NAMED_TYPES else ()
        owners = tuple(n.lower() for n in question_owners(part or question)) if qtype is QType.NUMBER else ()
        owned = [any(n in f"{c.title} {c.text}".lower() for n in owners) for c in contexts]
        self.ownerless = [bool(owners) and not o for o in owned] if any(  # "长安汽车2021年销量": a passage on 长安汽车 states it
            owned[s.n - 1] and any(n in t for n in owners) and answer_spans(t, qtype) for s, t in zip(sentences, texts)) \
            else [False] * len(contexts)
        places = figure_places(part or question, question_places(part or question)) if qtype is QType.NUMBER else ()  # not 澳门 of 澳门…联赛
        placed = {s for s, t in zip(sentences, texts) if any(p in t for p in places) and answer_spans(t, qtype)}
        elsewhere = bool(placed) and any(s not in placed and answer_spans(t, qtype) and names_another_place(t, places)
                                         for s, t in zip(sentences, texts))
        self.own_place = placed if elsewhere else set()  # the asked place's own figure over another place's
        years = set(_YEAR.findall(f"{question} {part or ''}")) if qtype in NAMED_TYPES else set()
        self.named = [about_asked(f"{c.title} {c.text}", names)
                      and not (years and (stated := set(_YEAR.findall(f"{c.title} {c.text}"))) and not years & stated)
                      for c in contexts]  # the passage is about what the question asks, not about another year
        self.years = set(_YEAR.findall(f"{question} {part or ''}"))
        self.other_year = [bool(self.years) and bool(stated := set(_YEAR.findall(f"{c.title} {c.text}")))
                           and not self.years & stated for c in contexts]  # a report on another year's edition
        self.named = about_subject(self.named, self.subjects)  # "这个儿子…" in another person's article states no kinship of hers
        self.details = question_details(self.asked)
        if part and part.strip() not in (question.strip(), "") and self.details.names:  # a code the story tells (P3)
            self.details = replace(self.details, names=question_details(part).names)  # does not make a passage off-topic
        self.window = {s: " ".join(o.text for o in sentences[max(0, i - 1): i + 2] if o.n == s.n and o is not s)
                       for i, s in enumerate(sentences)} if self.details else {}
        self.off_topic = [lacks_names(self.details, f"{c.title} {c.text}") for c in contexts]
        self.contradicted: dict[Sentence, int] = {}  # details each scored sentence contradicts
        topic = topic_word(part or question)
        self.topic = topic.lower() if topic else None

    def names_title(self, text: str) -> bool:
        """``text`` quotes a 《title》 holding a word of the question ("原《部门协作管理暂行规定》同时废止" for a question
        about "那份暂行规定"): an enactment clause that answers a question about that document."""
        return any(len(w) >= 3 and w in t for t in re.findall(r"《([^》]{2,40})》", text) for w in self.word_weight)

    def words_in(self, s: Sentence) -> list[str]:
        """The asked words (``statements``) plus what the predicate cue matches in ``s`` (执导, 夺得)."""
        return [*self.words, *(m.group(0) for m in self.cue.finditer(s.text))] if self.cue else list(self.words)

    def contradicts(self, s: Sentence) -> bool:
        """``s`` states another value of one of the question's details (男子1500米 for 男子500米)."""
        if not self.details:
            return False
        if s not in self.contradicted:  # normally counted once, when ``base`` scored the sentence
            self.contradicted[s] = fit_counts(self.details, s.text)[1]
        return self.contradicted[s] > 0

    def year_fits(self, text: str, at: int) -> bool:
        """The nearest year stated before position ``at`` of ``text`` (if any) is one the question asks about."""
        before = _YEAR.findall(text[:at])
        return not before or before[-1] in self.years

    def word_share(self, s: Sentence) -> float:
        """IDF-weighted share of the question's content words that ``s`` contains."""
        text, unsaid = self.texts[s], self.unsaid[s]
        return math.fsum(w if word in text or is_kin(word) and kin_places(text, word)  # 儿子: "第五子"
                         or any(f in text for f in self.full_forms.get(word, ()))
                         or word in self.apart and said_apart(text, word)  # 逃税: "逃个人所得税"
                         else IMPLIED_SHARE * w if word in unsaid else 0.0  # "它是…" in the article on it
                         for word, w in self.word_weight.items()) / self.word_norm

    def share(self, grams: set[str]) -> float:
        return math.fsum(self.weight[g] for g in self.query & grams) / self.norm

    @functools.cached_property
    def pitfalls(self) -> bool:
        """The question rules on a practice (yes/no) or asks what goes wrong: a what-not-to-do section answers it."""
        return (self.qtype or classify(self.original)) is QType.YESNO or bool(ASKS_PITFALLS.search(self.original))

    def subheading_share(self, heading: str) -> float:
        """The question's weighted share of ``heading`` (remembered: one heading covers several sentences)."""
        if heading not in self.heading_share:
            self.heading_share[heading] = self.share(bigrams(heading)) if heading else 0.0
        return self.heading_share[heading]

    def typed(self, s: Sentence) -> float:
        """The question-type bonus: the asked kind of fact present, near the focus words."""
        qtype = self.qtype
        if qtype is None or qtype is QType.OTHER:  # "…用于什么": the words after the question's verb
            stated = self.slot and slot_spans(s.text, self.slot) or self.attribute and states_attribute(s.text, *self.attribute) \
                or self.head and states_head(s.text, self.head) \
                or self.native and native_spans(s.text) or post_spans(s.text, self.post_people) \
                or self.group and member_spans(s.text)  # "沧州清池人" for 籍贯, "以X为太保" for 职位, "为Y成员之一"
            return STATEMENT_BONUS if stated else 0.0  # "该机采用启明K9处理器": the asked attribute with its value
        spans = typed_spans(s.text, qtype, self.shape)
        if self.era:  # "什么时期的人": "三国时…" names the period, not only a year
            spans = sorted(set(spans) | set(era_spans(s.text)))
        if self.naming:  # "吉祥物叫什么": a name the sentence states as a name (a naming link, quotes), not any entity
            words = self.words_in(s)
            spans = sorted(set(linked_spans(s.text, words, self.agents, self.owned)) | set(quoted_spans(s.text))
                           | set(named_spans(s.text, words)))
        elif self.words:  # "产品叫做飞书", "由张一鸣创立": names no tagger knows, stated by a link
            spans = sorted(set(spans) | set(linked_spans(s.text, self.words_in(s), self.agents, self.owned)))
        slotted = slot_spans(s.text, self.slot)
        if self.post_people:  # "以宋子仙为太保": the post a question about 宋子仙's post asks (``appointments``)
            slotted = sorted(set(slotted) | set(post_spans(s.text, self.post_people)))
        if self.group:  # "为我爱黑涩会…成员之一": the group a membership question asks (``memberships``)
            slotted = sorted(set(slotted) | set(member_spans(s.text)))
        if self.venue:  # "本届峰会在北京国家会议中心举行" states where; "将于7月2日开幕，北京市副市长…" only when
            slotted = sorted(set(slotted) | set(venue_spans(s.text)))
            if held_without_venue(s.text):
                spans = hosts(s.text, spans)  # "新加坡将举办…" names the host; "将于7月2日开幕，北京市副市长…" no venue
        if slotted:  # "生存于白垩纪早到末期": the question's verb, then the answer in whatever words
            spans = sorted(set(spans) | set(slotted))
        if self.country_docs[s.n - 1]:
            spans = country_spans(s.text, spans)  # 英国, 扶余国: not 塔姆沃思 nor 利奇菲尔德
        if self.native_docs[s.n - 1]:  # 籍贯: the place of "…小港村人", not where they worked (``native_place``)
            spans = slotted = native_spans(s.text)
        if qtype in TYPED:
            spans = [(a, b) for a, b in spans if s.text[a:b] not in self.asked]
            if self.shape is not None and self.shape.pattern.startswith(DATE_SHAPE_MARK):
                spans = starts_not_ends(self.asked, s.text, spans)  # "延长上映至7月21日" bounds, it does not date
                spans = not_qualifiers(self.asked, s.text, spans)  # "2022年…乌镇峰会" names the edition
                if counts_down(self.original, s.text):
                    spans = []  # "1月25日，在距…开幕十天之际": the day of something else
            if self.years and qtype is not QType.TIME:  # "2020年的增长率从2.3%…" does not answer a 2021 question
                spans = [(a, b) for a, b in spans if self.year_fits(s.text, a)]
        focus = self.focus & self.grams[s]
        apart = {g: at - 2 for g in self.focus & self.apart - focus if (at := apart_end(s.text, g)) is not None}  # 逃…税
        focus_share = (len(focus) + len(apart)) / len(self.focus) if self.focus else 0.0
        if qtype in TYPED:
            if not spans or self.subjects[s.n - 1] is None and any(self.subjects) \
                    or self.action and another_agent(s.text, self.action):
                return NO_FACT  # no fact of the asked kind, or one about another subject or person than the one asked
            bonus = 0.18 + 0.22 * focus_share
            if self.doc_types[s.n - 1] == "policy":
                bonus += 0.05  # hard facts (deadlines, approvers, amounts) are stated by rules
            if self.shape is not None and self.shape.pattern.startswith(DATE_SHAPE_MARK) \
                    and any(names_day(s.text[a:b]) for a, b in spans):
                bonus += DAY_BONUS  # "11月9日至11日" answers "…举办时间" better than "11月"
            if self.event and dates_event(s.text, spans, self.event, forms=self.event_forms):
                bonus += EVENT_DATE_BONUS  # "将于2023年1月24日0时终止运营": the date of the asked event
            if self.unit:  # 多少年 -> a fact in 年
                bonus += 0.1 if any(self.unit in s.text[a:b] for a, b in spans) else -0.15
            if self.cue is not None and any(min(abs(m.start() - b), abs(a - m.end())) <= CUE_SPAN_GAP
                                            for m in self.cue.finditer(s.text) for a, b in spans):
                bonus += CUE_SPAN  # the answer stands next to what answers this kind of question (夺得, 饰, 举行)
            if qtype is QType.NUMBER and self.amount and states_answer(s.text, self.amount, spans):
                bonus += AMOUNT_BONUS  # "GDP43214.85亿元", "增长6.4%": the asked quantity, then its figure
            if qtype in NAMED_TYPES and self.named[s.n - 1] and (any(states_answer(s.text, w, spans) for w in self.words_in(s))
                                                                 or means_subject_spans(s.text, spans, self.cue)
                                                                 or states_author(s.text, self.words, spans)):
                bonus += STATEMENT_BONUS  # "导演徐昂", "吉祥物的名字是“拉伊卜”": the asked word, then the answer; "X以…居榜首"
            elif set(slotted) & set(spans) and (qtype not in NAMED_TYPES or self.named[s.n - 1]):
                bonus += STATEMENT_BONUS  # the question's verb fills its slot in the sentence (生存于白垩纪)
            if self.several and listed(s.text, spans) >= 2:
                bonus += LIST_BONUS  # "与卡塔尔、塔吉克斯坦和黎巴嫩队被分在了A组": a set asked, the sentence lists it
            where = [s.text.find(g) for g in focus] + list(apart.values())
            gap = min((max(a - w - 2, w - b, 0) for w in where if w >= 0 for a, b in spans), default=None)
            if gap is not None:  # the fact stands next to what was asked about
                bonus += 0.12 if gap <= 4 else 0.06 if gap <= 12 else 0.0
            return bonus
        if qtype is QType.YESNO:
            return 0.08 if spans else -0.05  # a clause that permits or forbids (no focus words: see ``__init__``)
        return 0.25 * focus_share  # HOWTO: action words are scored below

    def __call__(self, s: Sentence) -> float:
        return self.base(s) + self.typed(s)

    def base(self, s: Sentence) -> float:
        """The score without the question-type bonus."""
        text = s.text
        score = (BIGRAM_WEIGHT * self.share(self.grams[s]) + WORD_WEIGHT * self.word_share(s)
                 + 0.25 * self.passage[s.n - 1])
        if self.cue is not None and self.cue.search(s.text):
            score += CUE_BONUS  # says what this kind of question asks (位于 for 在哪里, 又称 for 又叫什么)
        another_year = True
        if self.years and not self.years & set(_YEAR.findall(text)) and _YEAR.search(text):
            score -= YEAR_MISMATCH  # "2021年…增长了多少" is not answered by a sentence about 2022 only
        elif self.other_year[s.n - 1] and not _YEAR.search(text):
            score -= OTHER_YEAR  # "2023年…公开赛": a passage that names only 2019 and 2021 is about another edition
        else:
            another_year = False
        if self.details:  # 男子500米 asked: a sentence about 男子1500米 or 女子500米 is about something else
            kept, bad = fit_counts(self.details, text, self.window[s])
            self.contradicted[s] = bad
            score += fit_score(kept, bad)
            if self.off_topic[s.n - 1]:  # the passage never names the film, event or product asked about
                score -= MISSING_NAME + 0.25 * self.passage[s.n - 1]  # and its overlap is with something else
        if self.ownerless[s.n - 1]:
            score -= OWNERLESS  # "我国新能源汽车销量为…" in a passage that never names the company asked about
        if s in self.own_place and not another_year:  # the place's figure of another year answers nothing
            score += OWN_PLACE  # "2022年重庆的GDP增长率": "重庆市…增长2.6%", not "美国、日本…增长…2%"
        if self.qualifiers and another_qualifier(text, self.qualifiers):
            score -= NEAR_EVENT  # "北京冬奥会速度滑冰…" answers nothing about 北京冬奥会双人滑
        if self.head_stated and echoes_head(text, self.head):
            score -= ECHO  # "用于其他用途的气球" when another sentence says what it is used for
        if self.action and another_agent(text, self.action):
            score -= NEAR_EVENT  # "严晓频扮演宁惠" is her part, not the one 梁冠华 played
        if self.kind and states_kind(text, self.kind, self.asked):
            score += KIND_BONUS  # "喜剧电影": the asked noun with a modifier the question does not say
        if self.subject and defines(text, self.subject):
            score += DEFINES_BONUS  # "准确度是…": the sentence defines what the question asks about
        elif self.attribute and introduces_owner(text, *self.attribute, defines(text, self.attribute[0])):
            score -= DEFINES_BONUS  # "星海Pro9是…一款手机" introduces the owner; its 处理器 was asked
        if self.topic and (self.topic in self.texts[s][:TOPIC_LEAD]
                           or refers_back(text, self.subjects[s.n - 1], self.topic)) \
                or opens_with_asked(text, self.subjects[s.n - 1], self.words):  # "母亲是邵宸妃" in the subject's article
            score += TOPIC_BONUS  # the sentence is about what the question is about ("王沈，字处道")
        if leads(text, self.subjects[s.n - 1]):
            score += LEAD_BONUS  # "X（英语：…），英国英格兰的郡": the lead of the article the question names
        if is_question_sentence(text):
            score -= 0.3  # a sentence that asks ("…总导演是谁？") echoes the question, it does not answer it
        if not self.about_policy and is_boilerplate(text) and not self.names_title(text):
            score -= BOILERPLATE_PENALTY  # a policy's purpose, scope or enactment clause names the topic but never answers
        if any(w in text for w in ACTION_WORDS):
            score += 0.03 if self.qtype in TYPED else 0.10  # a fact question wants the fact, not any rule
        if self.qtype is not QType.OTHER and (_NUMBER.search(text) or any(w in text for w in FACT_WORDS)):
            score += 0.08  # a figure is a fact; an open question ("…有什么特点") is not answered by any figure
        if s.is_step:
            score += 0.04
        if s.heading != self.sections[s.n - 1]:  # a subsection's heading inside the passage
            score += SUBHEADING_WEIGHT * self.subheading_share(s.heading)
        elif QA_QUESTION.match(entry := s.heading.rsplit(SECTION_SEP, 1)[-1]):
            score += SUBHEADING_WEIGHT * self.subheading_share(entry)  # the question-and-answer entry it answers
        if CAUTION_HEADING.search(s.heading) and not self.pitfalls:
            score -= CAUTION_PENALTY  # "不建议的做法": what not to do, though the heading says 做法
        elif any(w in s.heading for w in ADVICE_HEADINGS):
            score += 0.10
        elif any(w in s.heading for w in SYMPTOM_HEADINGS):
            score -= 0.15
        score -= 0.03 * (s.n - 1)  # prefer better-ranked passages
        if self.subjects[s.n - 1] is None and any(self.subjects):
            score -= OFF_SUBJECT  # another article than the one titled by what the question names
        return score


def rank_sentences(question: str, contexts: Sequence[Context], part: str | None = None,
                   qtype: QType | None = None, asked: Asked | None = None) -> list[tuple[float, Sentence]]:
    """Candidate sentences, best first (``part``/``qtype``: the sub-question answered and its type; ``asked``:
    the everyday slot ``part`` asks, ``part_slot``, worked out once by the caller)."""
    sentences = candidate_sentences(contexts)
    scorer = _Scorer(question, sentences, contexts, part, qtype)
    if qtype in NAMED_TYPES:  # names need jieba's tagger (slow): look for them in the best sentences only
        base = sorted(((scorer.base(s), s) for s in sentences), key=lambda item: -item[0])
        # and in a sentence stating the asked fact (``everyday``)
        scored = [(b + (scorer.typed(s) if i < NAMED_TOP or asked is not None and fills(asked, s.text) else NO_FACT), s)
                  for i, (b, s) in enumerate(base)]
    else:
        scored = [(scorer(s), s) for s in sentences]
    scored.sort(key=lambda item: (-item[0], item[1].n, item[1].pos))
    if part:  # an everyday fact question: the sentence filling its slot, stories behind the rules (``everyday``)
        scored = everyday_adjust(scored, asked, part, qtype, contexts, question)
    if qtype in VOTED:  # a sentence about another distance/sex/edition than asked, or another person's act, is no witness;
        # nor is a sentence of a sectioned passage (``VOTED``)
        off = {s for _score, s in scored if scorer.contradicts(s) or another_agent(s.text, scorer.action)
               or contexts[s.n - 1].section}
        voted = apply_votes([x for x in scored if x[1] not in off], qtype, f"{question} {part or ''}",
                            [c.source or str(i) for i, c in enumerate(contexts)], [c.text for c in contexts])
        scored = sorted([*voted, *(x for x in scored if x[1] in off)], key=lambda item: (-item[0], item[1].n, item[1].pos))
    return scored


VOTE_TOP = 12
"""Best sentences whose answer spans take part in the vote (names need jieba: keep it small)."""
VOTE_WEIGHT = 0.25
"""Bonus of a sentence holding the most-voted answer (scaled by its share of the top vote)."""
VOTED = (QType.TIME, QType.PERSON, QType.PLACE, QType.NAME)
"""Question types whose answers are voted (amounts are not: a repeated figure is often another one). Only passages
with no section vote: reports (news stories, encyclopedia passages), where several that tell one fact
corroborate it. A policy's clause or a handbook's section states its fact once, and the same day or body said in other
clauses ("每周三的跨部门例会") is a cross-reference, not a second witness (tune: the votes of sectioned passages took
three first lines of ys-tune, a software company's Word/PDF/HTML documents, and moved none on the other tune sets)."""
VOTE_BAND = 0.5
"""Only sentences within this score of the best sentence vote (the others are about something else)."""
COPY_CONTEXT = 8
"""Characters either side of a voted answer compared to tell a copied sentence from a second witness."""
BACKGROUND_SHARE = 0.75
"""A candidate named by at least this share of the retrieved sources (and by ``BACKGROUND_MIN`` or
more) is background ("总经理办公室" in most clauses of a policy set), whatever was asked: it casts no vote."""
BACKGROUND_MIN = 3
_LEAD_WORDS = re.compile(r"^.{0,4}?[由的和与及向经在将对把被给]")
_VOTE_NOISE = re.compile(r"[\s\W_《》“”「」『』]+")


def _norm(text: str) -> str:
    return _VOTE_NOISE.sub("", text).lower()


def vote_answers(ranked: Sequence[tuple[float, Sentence]], qtype: QType, asked: str,
                 sources: Sequence[str] | None = None, passages: Sequence[str] | None = None) -> dict[str, float]:
    """Answer redundancy (AskMSR-style): candidate answers of the asked kind, voted by the passages.

    Candidates are the answer spans of ``qtype`` (touching name pieces joined) in the
    ``VOTE_TOP`` best sentences within ``VOTE_BAND`` of the best, that are not words of the
    question (``asked``). A candidate's vote is the sum, over the distinct sources (``sources``:
    one per passage; chunks of one document are one source) that state it in one of those
    sentences, of the best such sentence's score (at least 0); a sentence with the same words
    around the candidate as an earlier witness is a copy and adds nothing. Only candidates stated
    by two or more sources are returned: a single source casts no vote. With ``passages`` (the text
    of each retrieved passage), a candidate most sources name anywhere (``background``) is not voted.
    """
    floor = ranked[0][0] - VOTE_BAND if ranked else 0.0
    top = [(score, s) for score, s in ranked[:VOTE_TOP] if score >= floor]
    question = _norm(asked)
    words = [w for w in content_words(asked) if len(w) >= 2]
    texts = [(score, sources[s.n - 1] if sources else s.n, _norm(s.text)) for score, s in top]
    found: set[str] = set()
    for _score, s in top:
        for a, b in _joined(answer_spans(s.text, qtype), s.text):
            cand = _norm(s.text[a:b])
            if len(cand) < 2 or cand in question or any(w in cand for w in words):
                continue
            if qtype in (QType.NUMBER, QType.TIME) and (len(cand) < 3 or not re.search(r"\D", cand)):
                continue  # a bare number ("21") turns up everywhere: only amounts and dates with a unit vote
            found.add(cand)
    votes: dict[str, float] = {}
    for cand in found:
        best: dict[object, float] = {}
        seen: set[str] = set()
        for score, n, text in texts:
            if not _mentions(text, cand):
                continue
            at = text.find(cand)
            near = {f"<{text[max(0, at - COPY_CONTEXT):at]}", f">{text[at + len(cand):at + len(cand) + COPY_CONTEXT]}"}
            near = {w for w in near if len(w) > COPY_CONTEXT // 2}
            if n not in best and near & seen:
                continue  # the same words around it: a copy of one sentence is one witness, not two
            seen |= near
            best[n] = max(best.get(n, 0.0), max(score, 0.0))
        if len(best) >= 2:
            votes[cand] = math.fsum(best.values())
    if passages and votes:
        for cand in background(list(votes), passages, sources, qtype):
            del votes[cand]
    return votes


def background(candidates: Sequence[str], passages: Sequence[str], sources: Sequence[str] | None = None,
               qtype: QType | None = None) -> list[str]:
    """The candidates most retrieved sources name, whatever was asked: an answer to the question is
    stated by the passages about it, a body that turns up in nearly every clause ("由总经理办公室
    统一发布", "报总经理办公室备案" …) is part of the setting, and its many mentions are no evidence.

    A candidate is background when at least ``BACKGROUND_SHARE`` of the distinct sources (chunks of
    one document are one source) and at least ``BACKGROUND_MIN`` of them mention it, or, for a
    person/body, the body without the words the pattern took before it ("会由总经理办公室" ->
    总经理办公室).
    """
    texts: dict[object, str] = {}
    for i, text in enumerate(passages):
        key = sources[i] if sources and i < len(sources) else i
        texts[key] = texts.get(key, "") + "\n" + _norm(text)
    if len(texts) < BACKGROUND_MIN:
        return []
    def common(piece: str) -> bool:
        naming = sum(_mentions(text, piece) for text in texts.values())
        return naming >= BACKGROUND_MIN and naming >= BACKGROUND_SHARE * len(texts)

    out = []
    for cand in candidates:
        pieces = [cand]
        if qtype is QType.PERSON:  # the body pattern may take words before it: "会由总经理办公室"
            pieces.append(_LEAD_WORDS.sub("", cand))
        if any(len(p) >= 2 and common(p) for p in pieces):
            out.append(cand)
    return out


def _joined(spans: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Spans with touching ones merged: jieba cuts foreign names ("谢尔巴科娃" -> 谢, 尔巴, 科娃)."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + (1 if text[out[-1][1]:a] in ("·", "•", "・") else 0):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _mentions(text: str, cand: str) -> bool:
    """``cand`` occurs in ``text`` (a number not as the tail of a longer one: "21" is not in "2021")."""
    at = text.find(cand)
    while at >= 0:
        if not (cand[0].isdigit() and at and text[at - 1].isdigit()):
            return True
        at = text.find(cand, at + 1)
    return False


def apply_votes(ranked: list[tuple[float, Sentence]], qtype: QType, asked: str,
                sources: Sequence[str] | None = None, passages: Sequence[str] | None = None) -> list[tuple[float, Sentence]]:
    """``ranked`` with a bonus for the sentences holding the passages' most-voted answer, re-sorted."""
    votes = vote_answers(ranked, qtype, asked, sources, passages)
    if not votes:
        return ranked
    top = max(votes.values()) or 1.0
    out = []
    for i, (score, s) in enumerate(ranked):
        if i < VOTE_TOP:
            text = _norm(s.text)
            score += VOTE_WEIGHT * max((v / top for c, v in votes.items() if _mentions(text, c)), default=0.0)
        out.append((score, s))
    out.sort(key=lambda item: (-item[0], item[1].n, item[1].pos))
    return out


def _similar(a: str, b: str) -> bool:
    ga, gb = bigrams(a), bigrams(b)
    if not ga or not gb:
        return a == b
    return len(ga & gb) / min(len(ga), len(gb)) > 0.7


def _distinct(chosen: Iterable[Sentence], candidate: Sentence) -> bool:
    return all(not _similar(c.text, candidate.text) for c in chosen)


def part_slot(part: str | None, qtype: QType | None, question: str = "") -> Asked | None:
    """The everyday slot an asked ``part`` of ``question`` asks (``everyday.asked_slot``); None for no part (an
    English question)."""
    return asked_slot(part, qtype, question) if part else None


def main_part(question: str) -> tuple[str, QType]:
    """The first asked part and its type."""
    return asked_parts(question)[0]


def pick_conclusion(question: str, contexts: Sequence[Context], query: str | None = None,
                    said: str = "", related: Mapping[str, Sequence[str]] | None = None,
                    agreed: int | None = None, vectors: SentenceVectors | None = None,
                    first: Sentence | None = None) -> list[Sentence]:
    """The sentences that answer the question directly: one per asked part, distinct, within
    ``MAX_CONCLUSION_CHARS`` (the first part always gets one).

    ``question`` (what the user typed) decides the answer types; ``query`` (the standalone or
    translated question, default ``question``) decides what the sentences must be about; a sentence
    the previous answer already said (``said``, ``followon.repeats``) is not quoted again. A yes/no
    question is answered by the clause that permits or forbids the asked action (``verdict_first``;
    ``related``: the question's words -> the documents' words of the same meaning). ``agreed``: the passage
    (1-based) a calm story's two searches both ranked first, whose best sentence leads (``agreed_lead``).
    ``vectors``: the store's embedding model, for the learned lead ranker (``lead_ranker``; without it the rules' order).
    ``first``: the first part's answer when the caller chose it (a story's governing clause, ``scenario``): the later
    parts are answered beside it (its document's sentences first, ``same_document_first``).
    """
    query = query or question
    english = is_english(question)
    chosen: list[Sentence] = []
    used = 0
    first_ranked: list[tuple[float, Sentence]] = []
    case_led = False  # the lead was moved by ``case_first`` / ``claim_first`` (what the story tells happened)
    parts = asked_parts(question)
    if first is not None:
        chosen, used = [first], len(first.quote)
    for i, (part, qtype) in enumerate(parts):
        if i == 0 and first is not None:
            continue
        asked = part_slot(None if english else part, qtype, question)
        ranked = rank_sentences(query, contexts, None if english else with_story(query, part, qtype), qtype, asked)
        if said:
            ranked = [x for x in ranked if not repeats(x[1].quote, said, part) or says_new_slot(asked, x[1].text, said)] \
                or ranked
            if not i and asks_next_step(question):  # "…谈不拢呢？": the clause after the one already said
                ranked = next_step_first(question, ranked, contexts, said)
        if not ranked:
            return []
        if i and qtype in (QType.OTHER, QType.HOWTO):
            continue  # a later "怎么办" is answered by the steps; the first line stays short
        shape = None if english else shape_of(part, qtype)
        if not i and not english:
            yes_no_asked = qtype is QType.YESNO
            if yes_no_asked:  # the clause that permits or forbids the asked action
                ranked = verdict_first(question, ranked, related)
            else:  # a guidance sentence does not push a better-ranked rule out
                ranked = rule_before_advice(ranked, contexts)
            plain_top = ranked[0][1]  # a story's 结论: the clause written for the case it tells ("拿了9.3分" / "达到9.0分
            ranked = case_first(question, ranked, contexts)  # 及以上的"), or (not for yes/no) ruling on a claim
            if not yes_no_asked:
                ranked = claim_first(question, ranked, contexts)
            case_led = ranked[0][1] is not plain_top
        elif not i:  # an English question's told count or amount: the clause whose case it meets (``told_count_first``)
            plain_top = ranked[0][1]
            ranked = told_count_first(" ".join(chinese_terms(query)), ranked, contexts)
            case_led = ranked[0][1] is not plain_top
        if not i:
            ranked = lead_order(query, qtype, ranked, contexts, None if said else vectors)  # learned lead (``lead_ranker``;
            # not on a follow-up turn: the rules there pick what the last answer did not say)
            ranked = named_row_first(query, ranked)  # "B级投诉…": the table row keyed B级
        if i and chosen:  # a later part ("有时间要求吗？") asks about the same thing: its document first
            ranked = same_document_first(ranked, [c.source for c in contexts], chosen[0].n,
                                         COHERENCE_MARGIN if first is None else ANCHORED_MARGIN)
        if not i:
            first_ranked = ranked
        best = ranked[0][1] if not i else _later_answer(ranked, qtype, chosen, used, shape)
        if best is None:
            continue  # no sentence with a fact of the asked kind that is not quoted already and fits
        chosen.append(best)
        used += len(best.quote)
        if i == 0 and len(parts) == 1:
            second = _second_sentence(ranked, best, qtype, f"{query} {part}", shape, lead_of(query, contexts),
                                      contexts[best.n - 1].doc_type == "policy")
            if second is None and not english and len(asked_kinds(question)) > 1:  # "找谁裁定、几天内给结果？"
                untyped = rank_sentences(query, contexts, part)  # the other fact's clause, not ranked by this part's type
                second = second_fact(question, best, [s for _score, s in untyped], MAX_CONCLUSION_CHARS - len(best.quote),
                                     lambda s: _distinct([best], s))
            if second is None and qtype in NAMED_TYPES and asks_several(part):  # "主演是谁": one member a sentence
                second = next_member(best, [s for _score, s in ranked],
                                     lambda text: typed_spans(text, qtype, shape), MAX_CONCLUSION_CHARS)
            if second is None and not english:  # "最后听谁的？": the rule stating the asked fact (``everyday``)
                second = slot_second(asked, ranked, best, contexts)
            if second is not None and not contradicted(question, second.text) \
                    and not other_row(query, best, second):  # not "低于8.0分的" after "拿了9.3分", nor row C after row B
                chosen.append(second)
    if first is not None:
        return chosen  # the caller chose and orders the lead
    if not case_led:  # a case or claim rule chose the lead from what happened: neither the pointed question's words
        chosen = lead_first(question, chosen, first_ranked, MAX_CONCLUSION_CHARS)  # (a story's pointed question
        chosen = agreed_lead(chosen, first_ranked, agreed, MAX_CONCLUSION_CHARS)  # answered first) nor the searches'
        # agreement (the clause two searches put first) override it
    likelihood = None if said or vectors is None else vectors.likelihood
    return likely_first(question, chosen, first_ranked, contexts, likelihood, MAX_CONCLUSION_CHARS)  # the model's pick


ANCHORED_MARGIN = 0.3
"""A later asked part's sentence from the document of the caller's first answer (``pick_conclusion``'s ``first``: a
story's governing clause) may trail the best one by this much (tune, round 60: 0.15 +2 / −1 first lines, 0.3 and 0.5
+3 / −1)."""

RULE_MARGIN = 0.1
"""A policy clause of a better-ranked passage leads over a guidance sentence that beats it by at most this much (tune:
0.1 and 0.15 gave the same answers, 0.05 fewer; chosen on the tune sets bs1, sc-tune, fs, bp-tune, bp2-tune, kb-tune)."""


def rule_before_advice(ranked: Sequence[tuple[float, Sentence]], contexts: Sequence[Context],
                       margin: float = RULE_MARGIN) -> list[tuple[float, Sentence]]:
    """``ranked`` with the best sentence of a policy passage moved first when the best sentence is a guidance one from
    a passage retrieval ranked lower and the policy sentence trails it by at most ``margin``; else unchanged.

    A story's words overlap a long guidance passage ("与对方部门负责人直接沟通…") about as much as the clause that rules
    on it ("审批人拒绝共享的应说明理由"); the word scores of a long story differ by little, and retrieval ranked the clause
    higher: the rule leads, the advice follows."""
    if not ranked or contexts[ranked[0][1].n - 1].doc_type != "guidance":
        return list(ranked)
    top = ranked[0][1]
    return promote(ranked, lambda s: s.n < top.n and contexts[s.n - 1].doc_type == "policy", margin)


VERDICT_MARGIN = 0.35
"""A sentence that gives a yes/no verdict on the asked action may trail the best sentence by this much."""
VERDICT_TOP = 10


def verdict_first(question: str, ranked: Sequence[tuple[float, Sentence]],
                  related: Mapping[str, Sequence[str]] | None = None,
                  margin: float = VERDICT_MARGIN) -> list[tuple[float, Sentence]]:
    """``ranked`` with the best sentence that rules on the asked action (``yes_no`` reads a verdict from it:
    "不得……停止……协作工作" for "能不能先暂停配合") moved first, when the best sentence gives none and it
    is within ``margin`` of the best; else unchanged."""
    if not ranked or yes_no(question, ranked[0][1].text, related) is not None:
        return list(ranked)
    return promote(ranked, lambda s: yes_no(question, s.text, related) is not None, margin, VERDICT_TOP)


LATER_TOP = 3
"""A later asked part is answered by the best of its first few sentences that adds a fact."""


def _later_answer(ranked: Sequence[tuple[float, Sentence]], qtype: QType, chosen: Sequence[Sentence],
                  used: int, shape: re.Pattern[str] | None = None) -> Sentence | None:
    """The sentence answering a later asked part: the best of its ``LATER_TOP`` sentences that is not
    quoted yet (the best one often is: it matches the whole question), holds a fact of the asked
    kind and fits within ``MAX_CONCLUSION_CHARS``; None when none does."""
    for _score, cand in ranked[:LATER_TOP]:
        if cand in chosen or any(cand.text in c.quote for c in chosen) or not _distinct(chosen, cand):
            continue
        if used + len(cand.quote) > MAX_CONCLUSION_CHARS or qtype in TYPED and not typed_spans(cand.text, qtype, shape):
            continue
        return cand
    return None


SECOND_MARGIN = 0.06
"""A runner-up within this score of the best sentence joins the 结论 (when both are short)."""
SECOND_TYPED_MARGIN = 0.3
"""A runner-up that holds the asked kind of fact the best sentence lacks may trail by this much."""
MAX_TWO_CHARS = 150
"""A two-sentence 结论 stays readable: at most this many characters quoted."""
LEAD_MARGIN = 0.2
"""The lead sentence of the article the question names joins the 结论 when it trails the best by at most this."""


def lead_of(question: str, contexts: Sequence[Context]) -> Callable[[Sentence], bool]:
    """Whether a sentence is the lead of a passage titled by the question's subject (``subject.leads``)."""
    subjects = subject_names(question, contexts)
    return lambda s: leads(s.text, subjects[s.n - 1])


def _fresh_fact(text: str, qtype: QType, asked: str, shape: re.Pattern[str] | None = None) -> bool:
    """``text`` holds a fact of the asked kind that is not a word of the question ("香港特别行政区" for a
    question about 香港 is an echo, not an answer)."""
    words = [w for w in content_words(asked) if len(w) >= 2]
    return any(not any(w in text[a:b].lower() for w in words) and text[a:b] not in asked
               for a, b in typed_spans(text, qtype, shape))


def _second_sentence(ranked: Sequence[tuple[float, Sentence]], best: Sentence, qtype: QType,
                     asked: str = "", shape: re.Pattern[str] | None = None,
                     lead: Callable[[Sentence], bool] | None = None, policy_lead: bool = False) -> Sentence | None:
    """A second sentence for a one-part question's 结论, or None.

    Taken when it is nearly as good as the best (the two often state the answer between them:
    "…成立于1898年。原名京师大学堂。"), or when the best lacks the asked kind of fact (a name for
    谁, a date for 哪一年) and the runner-up has it, or when it is the lead of the article the question
    names (``lead``) within ``LEAD_MARGIN``. A yes/no lead from a policy clause (``policy_lead``) is followed by the
    clause's next sentence first: what to do instead, or what follows (tune, round 53: +2 first lines on the hengtai
    corpus's tune documents, 0 changed on the shipped tune sets; for any lead, 2 up and 2 down there, the downs a
    guidance lead's next sentence, other advice). Both together stay within ``MAX_TWO_CHARS``.
    """
    top = ranked[0][0]
    lacks = qtype in TYPED and not typed_spans(best.text, qtype, shape)
    candidates = list(ranked[1:4])
    if qtype in TYPED and not _fresh_fact(best.text, qtype, asked, shape):  # "…选举8日举行。李家超高票当选…":
        candidates += [(top, s) for _score, s in ranked if s.n == best.n and s.pos == best.pos + 1]  # the next sentence
    elif qtype is QType.YESNO and policy_lead:  # "不得…承诺具体交期。" then what instead: "客户催问交期的，…只能告知预计的评审完成时间"
        following = [(top, s) for _score, s in ranked if s.n == best.n and s.pos == best.pos + 1]
        candidates = following + candidates
    for score, cand in candidates:
        if cand is best or cand.text in best.quote or best.text in cand.quote or not _distinct([best], cand):
            continue
        if len(best.quote) + len(cand.quote) > MAX_TWO_CHARS:
            continue
        if is_question_sentence(cand.text) or is_boilerplate(cand.text):
            continue
        has = qtype in TYPED and bool(typed_spans(cand.text, qtype, shape))
        if qtype in TYPED and not has:
            continue  # a fact question's second sentence must hold a fact of the asked kind
        if top - score <= SECOND_MARGIN or lacks and top - score <= SECOND_TYPED_MARGIN \
                or lead is not None and lead(cand) and top - score <= LEAD_MARGIN:
            return cand
    return None


def select(question: str, contexts: Sequence[Context], max_steps: int = MAX_STEPS,
           query: str | None = None, said: str = "",
           related: Mapping[str, Sequence[str]] | None = None,
           agreed: int | None = None, vectors: SentenceVectors | None = None) -> tuple[list[Sentence], list[Sentence]]:
    """Pick the conclusion sentences and up to ``max_steps`` distinct step sentences.

    The conclusion answers the question's type (``pick_conclusion``); steps are the next best
    distinct sentences, shown in document order (passage rank, then position) so that procedures
    keep their sequence.
    """
    conclusion = pick_conclusion(question, contexts, query, said, related, agreed, vectors)
    if not conclusion:
        return [], []
    conclusion = with_announced_items(conclusion, lambda n: candidate_sentences([contexts[n - 1]]),
                                      MAX_CONCLUSION_CHARS, _ensure_period)  # "建议按以下顺序处理：" quotes the items
    part, qtype = main_part(question)
    part = None if is_english(question) else part
    ranked = rank_sentences(query or question, contexts, part, qtype, part_slot(part, qtype, question))
    best = ranked[0][0]
    steps: list[Sentence] = []
    for score, sentence in ranked:
        if len(steps) >= max_steps:
            break
        if sentence in conclusion or any(sentence.text in c.quote for c in conclusion) \
                or not _distinct([*conclusion, *steps], sentence):
            continue
        if steps and score < best * 0.5:
            break
        steps.append(sentence)
    if not is_english(question) and tells_story(question):  # the clause written for the story's case states its fact
        steps = with_story_clauses(question, contexts, ranked, conclusion, steps, max_steps, _distinct)
    steps.sort(key=lambda s: (s.n, s.pos))
    return conclusion, steps


def best_sentences(question: str, contexts: Sequence[Context], max_chars: int = 600,
                   query: str | None = None, vectors: SentenceVectors | None = None) -> list[tuple[int, str]]:
    """The sentences that best answer ``question``, best first, as ``(context index, sentence)``.

    ``context index`` is 0-based into ``contexts``; sentences are verbatim (list markers and
    Markdown emphasis removed). The direct answer (``pick_conclusion``) comes first, then the
    best distinct supporting sentences, until ``max_chars`` characters (at least one sentence).
    Use it to build short model prompts from "the best sentences, not whole passages".
    """
    conclusion, steps = select(question, contexts, MAX_STEPS * 2, query, vectors=vectors)
    part, qtype = main_part(question)
    part = None if is_english(question) else part
    ranked = rank_sentences(query or question, contexts, part, qtype, part_slot(part, qtype, question))
    order = {s: i for i, (_score, s) in enumerate(ranked)}
    rest = sorted(steps, key=lambda s: order.get(s, len(order)))
    out: list[tuple[int, str]] = []
    used = 0
    for s in [*conclusion, *rest]:
        if out and used + len(s.text) > max_chars:
            continue
        out.append((s.n - 1, s.text))
        used += len(s.text)
    return out


def key_sentences(question: str, context: Context, max_chars: int) -> str:
    """The passage's most relevant clean sentences, in their original order, within ``max_chars``.

    Used to build short prompt excerpts (headings, list markers and injection lines are already gone).
    """
    ranked = rank_sentences(question, [context])
    chosen: list[Sentence] = []
    used = 0
    best = ranked[0][0] if ranked else 0.0
    for score, sentence in ranked:
        if used + len(sentence.text) > max_chars and chosen or len(chosen) >= 2 and score < best * 0.5:
            continue
        chosen.append(sentence)
        used += len(sentence.text)
    chosen.sort(key=lambda s: s.pos)
    text = "".join(_ensure_period(s.text) for s in chosen)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _ensure_period(text: str) -> str:
    if text.endswith(("；", ";")):
        return text[:-1] + "。"
    return text if text.endswith(("。", "！", "？", "…", ".", "!", "?", "；", ";")) else text + "。"


def _verdict(question: str, sentence: str, related: Mapping[str, Sequence[str]] | None = None,
             quoted: str = "", query: str | None = None) -> str:
    """A yes/no lead ("可以。", "不需要。", "Yes. ") for a yes/no question, or "" when unclear. A Chinese question asking
    neither permission (能/可以) nor obligation (须/需要) — 是不是, 会不会, 有没有 — gets none: the modal nearest the
    asked words says what a clause allows, not whether something is so ("是不是委员？" read "否" from "不再重复召开"; of
    the eight such leads on the kb tune and held-out sets, one was right). ``quoted``: the whole sentence the 结论
    quotes when ``sentence`` is a ；-piece of it: a count or share a short question tells is compared with a limit the
    quoted sentence sets ("能不能放到12个人" led by "项目规模较大的，可下设…" of "…核心成员原则上不超过9人；…"); a story
    tells many numbers, not the one asked about."""
    if is_english(question):  # the clause read through the question's Chinese terms (``english_verdict``)
        return english_verdict(question, query or "", sentence, quoted)
    obliged = bool(re.search(r"必须|需要|需不需要|要不要|须", question))
    if not obliged and not PERMISSION_ASKED.search(question):
        return ""  # a question of fact: no modal to read
    polarity = yes_no(question, sentence, related, said=True)
    if polarity is None and quoted and quoted != sentence and not is_story(question):
        polarity = limit_verdict(question, quoted, written=True)
    if polarity is None:
        return ""
    if obliged:
        return "需要。" if polarity == "yes" else "不需要。" if "不需要" in sentence or "无需" in sentence else "不可以。"
    return "可以。" if polarity == "yes" else "不可以。"


def conclusion_line(question: str, contexts: Sequence[Context], query: str | None = None) -> str | None:
    """The ``结论：`` line alone (the direct answer with its ``[n]``), or None when nothing fits."""
    chosen = pick_conclusion(question, contexts, query)
    return _conclusion_text(question, chosen, query=query) if chosen else None


def _conclusion_text(question: str, chosen: Sequence[Sentence],
                     related: Mapping[str, Sequence[str]] | None = None, query: str | None = None) -> str:
    english = is_english(question)
    qtype = classify(question)
    yes_no = asks_yes_no(question, qtype) if english else qtype is QType.YESNO
    lead = _verdict(question, chosen[0].text, related, chosen[0].quote, query) if yes_no else ""
    quoted = " ".join(f"{_ensure_period(s.quote)} [{s.n}]" for s in chosen)
    if english:
        gloss = lead + typed_sentence(question, qtype, [s.quote for s in chosen])
        return f"Conclusion: {gloss}According to the material: {quoted}"
    return f"结论：{lead}{quoted}"


def compose_extractive(question: str, contexts: Sequence[Context], max_steps: int = MAX_STEPS,
                       query: str | None = None, said: str = "",
                       related: Mapping[str, Sequence[str]] | None = None, agreed: int | None = None,
                       vectors: SentenceVectors | None = None, told: str | None = None) -> str:
    """The advisory answer: ``结论：…[n]`` (the direct answer to the question's type) then numbered
    steps, each ending with ``[n]``. ``query``: the standalone/translated question used for
    matching (the user's ``question`` decides type and language and is never echoed). ``said``: the
    previous assistant turn of a conversation (its facts are not repeated in the 结论). ``related``: the
    question's words -> the documents' words of the same meaning (``store_glossary``), for yes/no verdicts.
    ``agreed``: the passage (1-based) a calm story's two searches both ranked first (``agreed_lead``).
    ``vectors``: the store's embedding model, for the learned lead ranker (``lead_ranker``). ``told``: the Chinese
    terms of what an English story tells (``english_answer.story_terms`` with the store's lexicon).

    Returns an explicit "nothing found" line when no passage has a usable sentence.
    """
    english = is_english(question)
    if scenario_applies(question, classify(question)):
        likelihood = vectors.likelihood if vectors is not None else None
        scenario = compose_scenario(question, contexts, query, likelihood, told)
        if scenario:
            return scenario
    conclusion, steps = select(question, contexts, max_steps, query, said, related, agreed, vectors)
    if not conclusion:
        return (
            "The retrieved material contains no usable passage for this question."
            if english
            else "结论：检索到的资料中没有可直接引用的内容，建议咨询相关制度的归口部门。"
        )
    lines = [_conclusion_text(question, conclusion, related, query)]
    listed = None if english else enumerated_conclusion(question, contexts, query, said)
    if listed:  # a series (每一级的时限) or every consequence of a case: all of them in the 结论
        lines[0] = listed[0]
        steps = [s for s in steps if not any(s.text in q.quote for q in listed[1])]
    elif not english:  # a story's typed question: a close runner-up stating the asked fact, beside the lead
        lines[0] = beside_lead(question, contexts, lines[0], query)
    quotes = step_quotes(steps, lines[0])  # none the 结论 says (a runner-up beside the lead may have taken the only one)
    if quotes:
        lines.append("Suggested steps (quoted from the material):" if english else "建议步骤：")
        lines.extend(f"{i}. {text} [{n}]" for i, (text, n) in enumerate(quotes, start=1))
    return "\n".join(lines)


def step_quotes(steps: Sequence[Sentence], shown: str = "") -> list[tuple[str, int]]:
    """Each step as ``(text, n)``: the whole short sentence its ；-piece belongs to (``Sentence.quote``), so a clause's
    rule and its exception stay together ("核心成员原则上不超过9人；项目规模较大的，可下设若干子项目组") rather than
    the exception alone. A step whose sentence ``shown`` (the lines above it: the 结论) or an earlier step already
    says is left out."""
    out: list[tuple[str, int]] = []
    for s in steps:
        text = _ensure_period(s.quote)
        if text.rstrip("。") in shown or any(text == said for said, _n in out):
            continue
        out.append((text, s.n))
    return out
