"""The verdict word ("Yes." / "No.") of a short English yes/no question, read from the Chinese clause the 结论 quotes.

A Chinese yes/no question gets 可以 / 不可以 from the modal governing its asked words (``question_types.yes_no``); an
English question has no Chinese words of its own, only the glossary terms it was searched with (``translate_query``:
"Can a project have 12 core members?" → 项目 核心成员 12人). So the English verdict reads six things, each narrow
enough that a wrong "Yes." stays rarer than a missing one:

- a told count, amount or share against the limit the quoted sentence sets (``limits.limit_verdict``: 12人 against
  "原则上不超过9人" → No.), for a question asking permission;
- a prohibition (不得 / 禁止 / 严禁 …) governing the part of the sentence that states most of the question's terms →
  No., for a question asking permission;
- a duty (须 / 必须 / 应当 …) there → Yes., its absence (无需 / 不需要 / 不必) → No., for a question asking whether
  something is required (a prohibition there gives none: "does anything have to be added when we upload top-secret
  files?" found 禁止…上传 of another clause);
- a duty written for a case whose count bound the told count meets → Yes., does not meet → No. ("score 6.8 — do we
  have to hand in a plan?" against "得分低于7.0分的，应…提交改进方案");
- who decides at the told amount, when the clause's ；-pieces name a decider per case (80万元 and "VP": "预算在100万元
  以下的，由…分管副总裁审批" → Yes.).
- whether a consequence follows ("score came in at 7.0 — will points be taken off?"): whether the told count meets the
  case of the piece stating the question's terms ("得分低于8.0分的，…扣减3分" → Yes.).

Stories (``is_english_story``) get no verdict, as Chinese stories get none: they tell many numbers and many acts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.english_answer import HANDLER, asking, is_english_story
from assistant.case_clauses import clause_cases, meets_count
from assistant.limits import limit_verdict
from assistant.pieces import SENTENCE_PIECE
from assistant.question_types import QType
from assistant.situation import has_bound

_ASKER = r"(?:i|we|you|he|she|they|it|our|my|the|this|that|these|those|someone|anyone|one|a|an)"
PERMISSION = re.compile(
    rf"(?:^|[;,—–-]\s*)(?:can|could|may|might)\s+{_ASKER}\b|"
    r"\b(?:allowed|permitted|acceptable|okay|ok|alright|all right|fine)\b", re.I)
"""An English question asking whether something may be done ("Can I …", "…; can we …", "Is that allowed?")."""
OBLIGATION = re.compile(
    rf"(?:^|[;,—–-]\s*)(?:must|should)\s+{_ASKER}\b|"
    r"\b(?:need|needs|have to|has to|required|mandatory|necessary|obliged|obligatory)\b", re.I)
"""An English question asking whether something must be done ("Do we have to …", "… — must we …")."""
CONSEQUENCE = re.compile(r"(?:^|[;,—–-]\s*)(?:will|would)\b", re.I)
"""An English question asking whether something will follow ("…came in at 7.0 — will points be taken off?")."""
_LATER_YESNO = re.compile(
    rf"(?:[;,—–]|\s-)\s*(?:(?:can|could|may|is|are|do|does|should|must|will|has|have)\s+(?:there|{_ASKER})|"
    r"(?:will|would)\s+[a-z]+)\b", re.I)
"""A yes/no question after what the asker tells ("Our ticket was passed on twice — can it be handed on again?"), which
no question word opens (``question_types.classify`` reads it as OTHER; typed YESNO, its lead was chosen worse: 3 of
the tune sets' English first lines lost)."""
_ORDINALS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                        "twelfth".split(), start=1)}
_ORDINAL = re.compile(rf"\b(?:a|an|the)\s+({'|'.join(_ORDINALS)})\b(?!\s+(?:half|quarter|level|time\b))", re.I)
_ONE_MORE = re.compile(r"\b(?:again|another|one more|once more|an extra|one extra)\b", re.I)
_TOLD_COUNT = re.compile(r"^(\d+(?:\.\d+)?)(\D+)$")
_PROHIBITION = re.compile(r"不得|禁止|严禁|不能|不可|不允许|不予")
_DUTY = re.compile(r"必须|须|应当|(?<![响相对适供反])应(?![急用])")
_NO_DUTY = re.compile(r"无需|不需要|不必|无须")
_ANY_MODAL = re.compile(rf"{_NO_DUTY.pattern}|{_PROHIBITION.pattern}|{_DUTY.pattern}|可以|可|允许|方可")
_BODY = re.compile(r"(?:总裁|负责人|经理|办公会|办公室|委员会|部|主任|总监|发起人|组长|主管|董事会|PMO)$")
"""A term naming who decides (分管副总裁, 部门负责人, 总经理办公会, 法务部), not what is decided."""
_PART = re.compile(r"[^，,；;。：:]+")
_CASE_PART = re.compile(r"(?:的|后|时)$")
"""A comma part stating the case a rule is written for ("负责人因故不能参会的"): its modal is the case's, not the rule's."""
MIN_TERMS = 2
"""Terms of the question the ruled part of the sentence must state (one shared word is a topic, not the act)."""


def asked_mode(question: str) -> str | None:
    """``"permission"``, ``"obligation"``, ``"consequence"`` ("… — will points be taken off?") or None (another question
    of fact: "Is the meeting held weekly?") for a short English yes/no question, read from its asking sentence; whether
    something is required wins over "can"."""
    text = asking(question)
    if OBLIGATION.search(text):
        return "obligation"
    if PERMISSION.search(text):
        return "permission"
    return "consequence" if CONSEQUENCE.search(text) else None


def asks_yes_no(question: str, qtype: QType) -> bool:
    """Whether an English question of type ``qtype`` asks yes or no: typed so, or untyped with a yes/no question after
    what it tells."""
    return qtype is QType.YESNO or qtype is QType.OTHER and bool(_LATER_YESNO.search(asking(question)))


def chinese_terms(query: str) -> list[str]:
    """The Chinese glossary terms of an English question's internal query (``advisor._answer_query``: "<terms>
    <question>")."""
    return [t for t in query.split() if re.search(r"[\u4e00-\u9fff]", t)]


def _ruling_piece(terms: Sequence[str], sentence: str) -> tuple[str, str | None] | None:
    """The ；-piece of the sentence stating the most of the question's terms (at least ``MIN_TERMS``) and the modal
    ruling on them there: the first modal of the comma part that holds a modal and the most terms, a case part
    ("…不能参会的，") aside ("跨部门共享秘密级信息，须经…审批" → 须), None when no such part states a term; None when no
    piece states enough terms."""
    words = [t for t in terms if len(t) >= 2 and not re.search(r"\d", t)]
    pieces = [p for p in SENTENCE_PIECE.findall(sentence) if sum(w in p for w in words) >= MIN_TERMS]
    if not pieces:
        return None
    piece = max(pieces, key=lambda p: sum(w in p for w in words))  # the first of the best
    best: tuple[int, str] | None = None
    for part in _PART.findall(piece):
        modal = _ANY_MODAL.search(part)
        stated = sum(w in part for w in words)
        if modal and stated and not _CASE_PART.search(part) and (best is None or stated > best[0]):
            best = (stated, modal.group(0))
    return piece, best[1] if best else None


def _case_met(terms: Sequence[str], piece: str) -> bool | None:
    """Whether a count the question tells meets the count bound of the case ``piece`` is written for ("部门满意度得分
    低于7.0分的，应…": 6.8分 meets it, 7.2分 does not; "预计工作量超过12人日的需求，须…"), read as the Chinese stories' cases
    are (``case_clauses.clause_cases``, ``meets_count``); None when the piece's case sets no bound or the question tells
    no count in its measure."""
    cases = [c for c in clause_cases(piece) if has_bound(c)]
    told = [t for t in terms if (m := _TOLD_COUNT.match(t)) and any(m.group(2) in c for c in cases)]
    if not cases or not told:
        return None
    return meets_count(" ".join(terms), piece)


def _rule_modal(piece: str) -> str | None:
    """The first modal of the piece outside its case parts: the rule the case is written for."""
    for part in _PART.findall(piece):
        modal = _ANY_MODAL.search(part)
        if modal and not _CASE_PART.search(part):
            return modal.group(0)
    return None


def _approver_verdict(terms: Sequence[str], sentence: str) -> str | None:
    """Whether the body the question names decides at the amount or count it tells, when the sentence's ；-pieces name
    who decides in which case ("预算在100万元以下的，由…分管副总裁审批；预算在100万元及以上…的，由总经理办公会审批"):
    "yes" when the one piece whose case the told count meets names it (80万元, VP), "no" when it names another and a
    piece the count does not meet names it (150万元, VP); None otherwise."""
    words = [t for t in terms if _BODY.search(t)]
    ruled = [(met, [h.group(1) for h in HANDLER.finditer(p)]) for p in SENTENCE_PIECE.findall(sentence)
             if (met := _case_met(terms, p)) is not None]
    named = [met for met, handlers in ruled if any(w in h for w in words for h in handlers)]
    if [met for met, _h in ruled].count(True) != 1 or not named:
        return None
    return "yes" if True in named else "no"


def asked_count(question: str, terms: Sequence[str]) -> list[str]:
    """The question's Chinese terms with its one told count made the count it asks about: the ordinal it asks for ("six
    requests this month; can I put in a seventh" → 7单), or one more than told when it asks to do it again ("passed on
    twice — can it be handed on yet again" → 3次). Unchanged when it tells no count or several."""
    counts = [m for t in terms if (m := _TOLD_COUNT.match(t))]
    if len({m.group(2) for m in counts}) != 1:
        return list(terms)
    ordinal = _ORDINAL.search(question)
    if ordinal:
        asked = _ORDINALS[ordinal.group(1).lower()]
    elif _ONE_MORE.search(question):
        asked = float(counts[-1].group(1)) + 1
    else:
        return list(terms)
    unit = counts[0].group(2)
    return [t for t in terms if not _TOLD_COUNT.match(t)] + [f"{asked:g}{unit}"]


def english_verdict(question: str, query: str, sentence: str, quoted: str = "") -> str:
    """"Yes. " / "No. " for a short English yes/no question whose 结论 quotes ``sentence`` (``quoted``: the whole
    sentence when ``sentence`` is a ；-piece of it), "" when the clause does not plainly decide it. ``query``: the
    question's internal query holding its Chinese glossary terms."""
    if is_english_story(question):
        return ""
    mode = asked_mode(question)
    terms = chinese_terms(query)
    if mode is None or not terms:
        return ""
    if mode == "permission":
        told = "、".join(asked_count(question, terms)) + "，可以吗？"
        bound = limit_verdict(told, quoted or sentence, written=True)
        bound = bound or _approver_verdict(terms, quoted or sentence)
        if bound is not None:
            return "Yes. " if bound == "yes" else "No. "
    ruled = _ruling_piece(terms, sentence)
    if ruled is None:
        return ""
    piece, modal = ruled
    if mode == "consequence":  # what a clause does in a case: whether the told count meets the case
        met = _case_met(terms, piece)
        return "" if met is None else "Yes. " if met else "No. "
    if mode == "permission":
        return "No. " if modal and _PROHIBITION.fullmatch(modal) else ""
    met = _case_met(terms, piece)
    if met is False:  # the duty is written for a case the told count does not reach
        return "No. " if _DUTY.fullmatch(modal or _rule_modal(piece) or "") else ""
    if met:
        modal = modal or _rule_modal(piece)
    if modal and _NO_DUTY.fullmatch(modal):
        return "No. "
    return "Yes. " if modal and _DUTY.fullmatch(modal) else ""  # no verdict from a prohibition: near the terms it rules
    # the setting as often as the asked duty ("does anything have to be added when we upload…" found 禁止…上传)


__all__ = ["OBLIGATION", "PERMISSION", "asked_count", "asked_mode", "asks_yes_no", "chinese_terms", "english_verdict"]
