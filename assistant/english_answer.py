"""English questions over Chinese documents: the first line answers what was asked, in English, around the
document's own words.

``is_english_story`` recognises an English scenario told as a story and ending in a pointed question ("We
raised a P2 ticket … Who is right, and what should I do?", "… finance refuses … Who has to approve it?"): it
gets the scenario searches and the English scenario shape (``scenario.is_scenario``). ``asked_kinds`` reads
what the pointed question asks (who / when / where / what counts / what is required) and ``answer_forms`` how
a clause answers it (``scenario.answers_asked``). ``answer_sentence`` writes the English sentence that answers
it from a quoted Chinese clause, with the fact exactly as the document writes it ("由项目发起人审批", "12小时内"):
checks and readers match the document's words; the English frame only says what the fact is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.boilerplate import is_boilerplate
from assistant.english_lexicon import EnglishLexicon
from assistant.glossary import english_facts, fact_in_english, translate_query
from assistant.language import is_english
from assistant.limits import BOUND, NUMERAL
from assistant.pieces import piece_at, sentence_piece_at
from assistant.question_types import EVENT_TIME, TIME_PATTERN, QType
from assistant.types import Context
from ingest.numbering import CLAUSE_LEAD

RETRIEVED_LEAD_BONUS = 1.0
"""What the composer adds to the governing score of the clause the retrieval ranked first among the policy clauses
(among those of the asked form or whose case the story tells, when there are: ``retrieved_clause``), for an English
story."""

FORM_LEAD_DEPTH = 8
"""How deep in the passages a clause of the asked form may be taken over the first clause (``retrieved_clause``):
a scenario's merged ranking (k = 5 plus ``advisor.SCENARIO_EXTRA_PASSAGES`` = 3); the passages after it are
additions (next clauses, case hits) the retrieval did not rank for the story (with no limit, 3 of the 37 English tune
answers went down: a "who" form at [14] led)."""

_SENTENCES = re.compile(r"(?:[^.?!]|(?<=\d)\.(?=\d))+[.?!]*")
"""An English sentence; a point between digits ("6.8", "1.5 million") is a decimal point, not its end."""
_QUESTION_WORD = re.compile(
    r"^\s*(?:who|whom|whose|which|what|when|where|why|how|can|could|may|might|must|should|shall|is|are|was|were|"
    r"do|does|did|has|have|will|would)\b", re.I)
STORY_WORDS = 8
"""Words the statements before the question must have together to tell a story (a one-line question is no story)."""


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.findall(text) if s.strip()]


def is_english_story(question: str) -> bool:
    """An English question that tells what happened (statements of at least ``STORY_WORDS`` words) and ends
    in a question ("… and IT says it doesn't count. Who is right, and what should we do?")."""
    if not is_english(question):
        return False
    sentences = _sentences(question)
    if len(sentences) < 2 or not sentences[-1].endswith("?"):
        return False
    told = [s for s in sentences if not s.endswith("?")]
    return sum(len(s.split()) for s in told) >= STORY_WORDS and bool(_QUESTION_WORD.search(sentences[-1]))


def story_terms(question: str, lexicon: EnglishLexicon | None = None) -> str:
    """The Chinese glossary terms of what an English question tells happened (its statements, not the asking
    sentences): what a clause's case ("…的，") is matched against; "" when it tells nothing. ``lexicon``: the
    store's dictionary terms (``english_lexicon``) beside the glossary's."""
    told = " ".join(s for s in _sentences(question) if not s.endswith("?"))
    return translate_query(told, lexicon) if told else ""


ENGLISH_SLACK = 0.25
"""An English question is matched through a handful of glossary terms: sentence scores are low and close, so a
policy clause within this much of the best policy clause is relevant (its case, asked form and facts decide)."""


def english_floor(best: float) -> float:
    """The relevance floor of a policy clause for an English scenario question (``ENGLISH_SLACK`` below the best)."""
    return best - ENGLISH_SLACK


def asking(question: str) -> str:
    """The asking sentences of an English question (those ending in "?"; the last one when none does)."""
    sentences = _sentences(question)
    return " ".join(s for s in sentences if s.endswith("?")) or (sentences[-1] if sentences else "")


_COUNTED = rf"(?:{NUMERAL})\s*(?:%|次|个|人|名|位|项|单|份|条|张|家)"
"""A counted amount: a number of times, people, items, or a percentage (not a duration or a sum of money)."""

ASKED_KINDS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("who", re.compile(r"\bwho(?:m|se)?\b(?!(?:'s| is| was) right)|\bwhich (?:department|body|team|person|unit|office|level)\b|"
                       r"\bin charge\b|\bresponsible\b|\bauthority\b", re.I),
     re.compile(r"由[^，。；]{1,24}?(?:负责(?!人)|决定|裁定|裁决|审批|批准|处理|承担|牵头|承接|判定|协调)|为准")),
    ("counts", re.compile(r"\bwho(?:'s| is| was) right\b|\bcounts?\b|\bcount as\b|\bdoesn'?t count\b|\bdoes not count\b|\bconsidered\b|\bregarded\b", re.I),
     re.compile(r"视为|视同|不计|计入|是指|指的是|以[^，。；]{0,12}为准|不作为|不予|不得作为|方为有效|不产生效力")),
    ("need", re.compile(r"\b(?:need|needs|required?|must|have to|has to)\b", re.I),
     re.compile(r"须|应当|事先|经[^，。；]{1,16}(?:审批|审核|批准|确认|会签)|会签|签订")),
    ("time", re.compile(r"\bhow (?:long|soon|quickly|fast|often)\b|\bwhen\b|\bdeadline\b|\bby when\b|"
                        r"\bhow (?:many|much) (?:(?:working|calendar|business) )?(?:days|hours|minutes|weeks|months|time)\b", re.I),
     re.compile(f"{TIME_PATTERN.pattern}|{EVENT_TIME.pattern}")),
    ("where", re.compile(r"\bwhere\b|\bchannel\b|\braise\b|\bthrough what\b|\bwhich (?:meeting|system|platform)\b", re.I),
     re.compile(r"(?:在|于|通过)[^，。；]{1,20}(?:提出|提交|申请|反馈|受理)|评审会|例会")),
    ("count", re.compile(r"\bhow many\b(?! (?:(?:working|calendar|business) )?(?:days|hours|minutes|weeks|months)\b)|"
                         r"\bhow much\b(?! time\b)|\bcap\b|\bquota\b|\bat most\b|\bmaximum\b|\blimit on\b", re.I),
     re.compile(rf"(?:{BOUND}|只能|仅能|仅限)[^，。；\d]{{0,8}}{_COUNTED}|{_COUNTED}\s*(?:以上|以内|以下)")),
)
"""What an English scenario asks (who / what counts / what is required / by when / where to raise it / how many), each
with how a Chinese clause answers it (a count: a number of times, people, items or a share with its bound, "每季度代会不得
超过3次", "两次以上", "不超过…总数的25%")."""


SPECIFIC_KINDS = frozenset(("who", "time", "where", "count"))
"""Kinds asking for one fact (a person or body, a time, a channel, a count): asked together with "need" ("must", "have to"),
they are what is asked and "need" is the question's modal."""


def asked_kinds(question: str) -> list[str]:
    """The kinds of ``ASKED_KINDS`` the asking sentences of ``question`` ask, in table order."""
    text = asking(question)
    kinds = [name for name, ask, _form in ASKED_KINDS if ask.search(text)]
    # "who has to approve it", "how soon must it be held": the person or the time, not a duty (every rule states one)
    return [k for k in kinds if k != "need"] if set(kinds) & SPECIFIC_KINDS else kinds


def answer_forms(question: str) -> list[re.Pattern[str]]:
    """For each asked kind, the pattern of a clause that answers it (``scenario.answers_asked``)."""
    kinds = set(asked_kinds(question))
    return [form for name, _ask, form in ASKED_KINDS if name in kinds]


HANDLER = re.compile(r"由([^，。；由]{2,16}?)(?:负责(?!人)|决定|裁定|裁决|审批|批准|处理|承担|牵头|承接|判定|协调|指定)(?!的)")
"""由<handler><verb>, the verb not opening a relative clause ("由作出决定的一方指定…": the handler is 作出决定的一方)."""
_HANDLER_VERB = re.compile(r"(?:直接)?作出$")


def _piece(text: str, pattern: re.Pattern[str]) -> str:
    """The comma piece of ``text`` holding ``pattern``'s first match, article number left out ("" when none)."""
    m = pattern.search(text)
    return piece_at(text, m.start()) if m else ""


def _who(text: str, question: str = "", source: str = "policy") -> str:
    """"This falls to <handler> (the policy: “…”)." for the first handler that names someone ("由其直接作出决定" names
    no one: 其 refers back), or the first whose ；-piece's case the question's told count or amount meets ("a budget of
    1.5 million yuan" against "预算在100万元以下的，由…分管副总裁审批；预算在100万元及以上…的，由总经理办公会审批");
    "" when none does."""
    found = [(m, handler) for m in HANDLER.finditer(text)
             if len(handler := _HANDLER_VERB.sub("", m.group(1))) >= 2 and not handler.startswith("其")]
    if len(found) > 1 and question:
        met = [(m, h) for m, h in found if _case_met_at(text, m.start(), question)]
        found = met or found
    if not found:
        return ""
    m, handler = found[0]
    return f"This falls to {handler} (the {source}: “{piece_at(text, m.start())}”). "


def _case_met_at(text: str, at: int, question: str) -> bool:
    """Whether a count or amount the English ``question`` tells (its glossary terms) meets the case of the ；-piece of
    ``text`` holding position ``at``."""
    from assistant.case_clauses import meets_count  # case_clauses reads stories through modules that import this one

    told = " ".join(t for t in translate_query(question).split() if re.search(r"\d", t))
    return bool(told) and meets_count(told, sentence_piece_at(text, at))


_HOW_LONG = re.compile(r"\bhow long\b|\bdeadline\b|\bby when\b|\bwithin\b|\bhow (?:many|much) (?:days|hours|time)\b", re.I)


def _time(text: str, question: str = "", source: str = "policy") -> str:
    body = CLAUSE_LEAD.sub("", text)
    facts: list[str] = []
    for m in TIME_PATTERN.finditer(body):
        fact = m.group(0)
        if not any(fact in f for f in facts) and re.search(r"\d|[一二两三四五六七八九十半每]", fact):
            facts = [f for f in facts if f not in fact] + [fact]
    events = not facts and not _HOW_LONG.search(question)  # "when": a time tied to an event ("在原定完成日期之前")
    if events:
        facts = list(dict.fromkeys(m.group(0) for m in EVENT_TIME.finditer(body)))
    if not facts:
        return ""
    shown = []
    for fact in facts[:3]:
        english = fact_in_english(fact)
        shown.append(f"{fact} ({english})" if english != fact and not events else fact)
    label = "The time limit is" if _HOW_LONG.search(question) and len(facts) == 1 else f"When, per the {source}:"
    pieces: list[str] = []
    for fact in facts[:3]:
        piece = _piece(text, re.compile(re.escape(fact)))
        if piece and piece not in pieces:
            pieces.append(piece)
    return f"{label} {', '.join(shown)}: “{'，'.join(pieces[:2])}”. "


def _quoted(label: str, form: re.Pattern[str]):
    """A frame quoting the comma piece of ``form``; ``label`` names the source as ``{source}``."""
    def frame(text: str, question: str = "", source: str = "policy") -> str:
        piece = _piece(text, form)
        return f"{label.format(source=source)} “{piece}”. " if piece else ""
    return frame


_FRAMES = {
    "who": _who,
    "counts": _quoted("What counts, per the {source}:", ASKED_KINDS[1][2]),
    "need": _quoted("What the {source} requires:", ASKED_KINDS[2][2]),
    "time": _time,
    "where": _quoted("Where to raise it, per the {source}:", ASKED_KINDS[4][2]),
    "count": _quoted("How many, per the {source}:", ASKED_KINDS[5][2]),
}


def answer_sentence(question: str, text: str, source: str = "policy") -> str:
    """An English sentence answering the pointed question of ``question`` from the Chinese clause ``text``,
    the fact verbatim ("This falls to 项目发起人 (the policy: “…由项目发起人审批”)."); "" when the clause holds
    no answer of the asked kind. ``source``: what the sentence quotes ("policy", or "guidance" for a guidance
    sentence)."""
    out = []
    for kind in asked_kinds(question):
        sentence = _FRAMES[kind](text, question, source)
        if sentence and sentence not in out:
            out.append(sentence)
    return "".join(out[:2])


_QTYPE_KIND = {QType.PERSON: "who", QType.TIME: "time"}


def typed_sentence(question: str, qtype: QType, quotes: Sequence[str]) -> str:
    """The English answer sentence of a plain (non-scenario) English question of type ``qtype`` from the
    quoted clauses: the asked kinds' frames (``answer_sentence``), else the question type's (who, when), else
    the clauses' time and number facts in English with the document's words ("7个工作日内 (within 7 working
    days)"); "" when nothing is found."""
    text = " ".join(quotes)
    sentence = answer_sentence(question, text)
    if not sentence and qtype in _QTYPE_KIND:
        sentence = _FRAMES[_QTYPE_KIND[qtype]](text, question)
    if sentence:
        return sentence
    facts = english_facts(text, qtype) if qtype is QType.NUMBER else []  # a count in an open answer is noise ("1 items")
    return f"In short: {'; '.join(facts)}. " if facts else ""


def is_numbered_clause(context: Context) -> bool:
    """Whether a passage is a numbered clause: its text opens with the number ("第十六条 产销协调会…") or its
    clause number is a heading the chunker put in ``clause`` ("### 第七条　参会要求" above "参会人员应准时出席…")."""
    return bool(context.clause or CLAUSE_LEAD.match(context.text.strip()))


def retrieved_clause(contexts: Sequence[Context], forms: Sequence[re.Pattern[str]] = (),
                     tells_case: Callable[[str], bool] | None = None) -> int:
    """The number (1-based) of the first passage, in retrieval order, that is a numbered policy clause, 0 when none;
    with ``forms`` (``answer_forms``: what the story asks), the first such clause that has every form, when one does;
    else with ``tells_case`` (the story tells the clause's whole case), the first such clause, when one does. Both
    only among the first ``FORM_LEAD_DEPTH`` passages.

    An English story reaches the Chinese clauses through cross-lingual dense search and a few glossary terms: the
    composer's word overlap with those terms says little about which clause governs, the retrieval's fused ranking
    (the English story's meaning, the translated terms' keywords) says more. A story asking "how soon" or "who
    decides" is answered by a clause stating a time or a body: the retrieval's first clause that states one."""
    clauses = [n for n, context in enumerate(contexts, start=1)  # not "本办法…自2025年1月1日起施行": it governs nothing
               if context.doc_type == "policy" and is_numbered_clause(context)
               and not is_boilerplate(context.text.strip())]
    answering = [n for n in clauses if forms and n <= FORM_LEAD_DEPTH and all(f.search(contexts[n - 1].text) for f in forms)]
    told = [n for n in clauses if tells_case is not None and n <= FORM_LEAD_DEPTH and tells_case(contexts[n - 1].text)]
    return (answering or told or clauses or [0])[0]
