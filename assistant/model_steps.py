"""The model's steps after an extracted 结论: drop what adds nothing, keep the quote that holds the fact.

When the 结论 is extracted (``ADVISOR_LLM_CONCLUSION=extract``) the model writes only the steps. A
small model likes to restate the 结论 or the question, to write steps about reading the material
("查看资料中的第1条句子…"), or to emit nothing but a marker ("[3]"); ``drop_repeats`` removes those.
It also paraphrases the sentence that states the asked fact ("新界青衣岛" → "香港青衣岛"), so
``keep_support`` puts the extractive answer's first step (the best sentence after the 结论, quoted
from the passage) back in front when no model step says the same.
"""

from __future__ import annotations

import re

from assistant.extractive import bigrams, overlap
from assistant.grounding import tidy_steps
from assistant.language import LATIN, is_english
from assistant.scenario import DO_NOW, DO_NOW_EN, DO_NOW_GUIDANCE_EN
from ingest.numbering import CLAUSE_LEAD

REPEAT_OVERLAP = 0.7
"""A model step sharing this share of its character bigrams with the 结论 (or the question) only repeats it."""

RESTATE_OVERLAP = 0.75
"""A model step with this share of its bigrams in the question only restates what was asked."""

REPEATED_RUN = 20
"""A model step repeating this many characters of an earlier step word for word only loops (the 1.5B model restates a
sentence of the material in every step)."""

SUPPORT_COVERED = 0.5
"""The extracted supporting sentence counts as said when this share of its bigrams is in the model's steps."""

_META_STEP = re.compile(r"^\s*(?:\d{1,2}[.、)）]\s*)?(?:\*\*)?(?:请)?(?:阅读|读取|查阅|查看|查找|找到|参考|参阅|根据资料|根据结论|从资料|从《|在资料|"
                        r"[从在]第[^，。；\s]{1,6}[条章款]|Read|Refer to|Check the (?:material|policy))", re.I)
_STEP = re.compile(r"^\s*\d{1,2}[.、)）]\s*")
_MARKERS = re.compile(r"\[\d+\]")
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def _body(line: str) -> str:
    """A step line without its number and citation markers."""
    return _MARKERS.sub("", _STEP.sub("", line)).strip()


def _copies_a_run(body: str, earlier: str, run: int = REPEATED_RUN) -> bool:
    """``body`` repeats ``run`` or more characters of ``earlier`` word for word (the small model's loop), with no
    Latin letter among them: twenty characters of English are four words two good steps may share."""
    return len(body) >= run and any(not LATIN.search(piece := body[i:i + run]) and piece in earlier
                                    for i in range(len(body) - run + 1))


def drop_repeats(steps: str, conclusion: str, question: str = "") -> str:
    """The model's step lines without those that merely repeat the (extracted) conclusion, the question or an
    earlier step (``REPEATED_RUN`` characters word for word), only point at the material ("阅读资料中的第二十三条…"),
    hold no words at all ("[3]"), or, for an English question, are not written in English (``language.is_english``)."""
    said = bigrams(_MARKERS.sub("", conclusion))
    asked = bigrams(question)
    english = is_english(question)
    kept: list[str] = []
    for line in steps.splitlines():
        body = _body(line)
        grams = bigrams(body)
        if line.strip() and not _CONTENT.search(body):
            continue  # markers or punctuation only
        if grams and (overlap(grams, said) >= REPEAT_OVERLAP or overlap(grams, asked) >= RESTATE_OVERLAP):
            continue
        if _META_STEP.match(line) or _copies_a_run(body, "\n".join(_body(k) for k in kept)):
            continue
        if english and _CONTENT.search(body) and not is_english(body) and not body.rstrip().endswith((":", "：")):
            continue  # "首先，我们需要明确…" answering an English question
        kept.append(line)
    return tidy_steps(kept)  # steps stay numbered 1, 2, 3 after some were dropped


def first_extracted_step(extracted: str) -> str | None:
    """The first numbered step of an extractive answer (its best sentence after the 结论), with its marker."""
    for line in extracted.splitlines()[1:]:
        if _STEP.match(line):
            return _STEP.sub("", line).strip() or None
    return None


def keep_support(steps: str, extracted: str) -> str:
    """``steps`` with the extractive answer's first step put in front when no model step says it.

    Returns ``steps`` unchanged when the extractive answer has no step or the model's steps already
    hold ``SUPPORT_COVERED`` of its bigrams.
    """
    support = first_extracted_step(extracted)
    if not support:
        return steps
    grams = bigrams(_MARKERS.sub("", support))
    if not grams or overlap(grams, bigrams(_MARKERS.sub("", steps))) >= SUPPORT_COVERED:
        return steps
    lines = steps.splitlines()
    at = next((i for i, line in enumerate(lines) if _STEP.match(line)), None)
    if at is None:  # no numbered step: after a header line ("建议步骤：") if there is one, else first
        at = 1 if lines and lines[0].rstrip().endswith(("：", ":")) else 0
    lines.insert(at, f"1. {support}")
    return tidy_steps(lines)





# --- scenario answers: the extractive steps are the skeleton, and their facts are kept -------------------

_SCENARIO_HEAD = re.compile(f"{re.escape(DO_NOW)}|{re.escape(DO_NOW_EN.strip())}|{re.escape(DO_NOW_GUIDANCE_EN.strip())}")
_CLAUSE_NO = re.compile(r"^第.+[条章款节]$")
_BODY_KIND = re.compile(r"委员会|办公室|副总裁|总经理|负责人|总监|经理|中心|小组|(?<![内外全局细干总本各])部(?![门分署位])")
_NAMES = re.compile(r"《([^》\n]{1,30})》|“([^”\n]{2,20})”|([A-Za-z][A-Za-z0-9&+-]*[A-Za-z0-9])")
"""Names a small model rewords or drops: titles (《…》), quoted terms (“必须同步清单”), Latin words (PMO, SLA)."""
_NOT_NAME = "由向报交给请和与及或的在对将被让使各本该其双跨"
"""Words before an owner or body that are not part of its name (由总经理 → 总经理)."""


def _bodies(text: str) -> set[str]:
    """Owners and bodies: a kind (委员会, 负责人, 部…) with up to two characters of name before it
    (跨部门协调委员会 → 协调委员会, 由总经理办公室 → 总经理 and 经理办公室, 信息技术部 → 技术部)."""
    found = set()
    for m in _BODY_KIND.finditer(text):
        before = text[max(0, m.start() - 2):m.start()]
        name = ""
        for ch in reversed(before):
            if not "\u4e00" <= ch <= "\u9fff":
                break
            name = ch + name
        name = name.lstrip(_NOT_NAME)
        token = name + m.group(0)
        if len(token) >= 3:
            found.add(token)
    return found


SKELETON_CHARS = 200
"""Characters of extractive steps the model is shown (the same budget as ``evidence.STEPS_EVIDENCE_CHARS``)."""
ALIGN_OVERLAP = 0.4
"""A model step with this share of its bigrams in an extractive step rewrites that step."""


def is_scenario_answer(extracted: str) -> bool:
    """True for an extractive answer in the scenario shape (``结论：…现在先做：…`` then its steps)."""
    return bool(_SCENARIO_HEAD.search(extracted.split("\n", 1)[0]))


def extracted_steps(extracted: str) -> list[tuple[str, list[int]]]:
    """The numbered steps after an extractive answer's first line: ``(text without number, its markers)``."""
    return [(text, markers) for text, markers, _header in _headed_steps(extracted)]


def _headed_steps(extracted: str) -> list[tuple[str, list[int], str]]:
    """``extracted_steps`` with the header each step stands under (``接着：``, ``如果仍解决不了…：``, or "")."""
    steps, header = [], ""
    for line in extracted.splitlines()[1:]:
        if _STEP.match(line):
            text = _STEP.sub("", line).strip()
            steps.append((text, [int(n) for n in re.findall(r"\[(\d{1,3})\]", text)], header))
        elif line.strip():
            header = line.strip()
    return steps


def step_facts(text: str, english: bool = False) -> set[str]:
    """What a step must keep: its numbers, deadlines and amounts (canonical, clause numbers aside), its
    owners and bodies (部门负责人, 协调委员会, 技术部) and names (``_NAMES``); for an ``english`` answer, which translates units and
    names, the bare numbers only."""
    from assistant.grounding import canonical_fact, extract_facts  # noqa: PLC0415 - the grounding check's own forms

    facts = {canonical_fact(f) for f in extract_facts(text) if not _CLAUSE_NO.match(f.strip())}
    if english:  # the model translates units and names: its numbers must stay
        return {m.group(0) for f in facts if (m := re.match(r"\d+(?:\.\d+)?", f))}
    bare = _MARKERS.sub("", text)
    return facts | _bodies(bare) | {canonical_fact(m.group(m.lastindex)) for m in _NAMES.finditer(bare)}


def _holds(line: str, facts: set[str]) -> bool:
    from assistant.grounding import canonical_fact  # noqa: PLC0415

    flat = canonical_fact(_MARKERS.sub("", line))
    return all(f in flat for f in facts)


def skeleton_evidence(extracted: str, contexts: list, max_chars: int = SKELETON_CHARS) -> list:
    """The extractive scenario answer's steps as the model's evidence (``EvidenceItem``s with their own
    ``[n]``), within ``max_chars``: the model rephrases and connects them instead of picking other sentences."""
    from assistant.evidence import MAX_SENTENCE_CHARS  # noqa: PLC0415 - evidence imports extractive, as we do
    from assistant.types import EvidenceItem  # noqa: PLC0415

    items, used = [], 0
    for text, markers in extracted_steps(extracted):
        if not markers or not 1 <= markers[0] <= len(contexts):
            continue
        sentence = CLAUSE_LEAD.sub("", _MARKERS.sub("", text).strip())
        if len(sentence) > MAX_SENTENCE_CHARS:
            sentence = sentence[: MAX_SENTENCE_CHARS - 1] + "…"
        if items and used + len(sentence) > max_chars:
            break
        ctx = contexts[markers[0] - 1]
        items.append(EvidenceItem(n=markers[0], source=ctx.source, title=ctx.title,
                                  section=ctx.clause or ctx.section, sentence=sentence))
        used += len(sentence)
    return items


def keep_facts(steps: str, extracted: str, english: bool = False) -> str:
    """``steps`` (the model's) with every extractive step whose facts no model step keeps put back, quoted
    with its citation.

    A step's facts are ``step_facts``; a step without any counts as kept when the model's steps hold
    ``SUPPORT_COVERED`` of its bigrams (always in an ``english`` answer: a translation shares none). A restored step takes the place of the model step that rewrote it
    (``ALIGN_OVERLAP`` of that step's bigrams are in it), so nothing is said twice; otherwise it is added
    after the model's steps, in the extractive order, an escalation step under its own header.
    """
    lines = [line for line in steps.splitlines() if line.strip()]
    numbered = [i for i, line in enumerate(lines) if _STEP.match(line)]
    all_grams = bigrams(_MARKERS.sub("", steps))
    missing: list[tuple[str, set[str], str]] = []
    taken: set[int] = set()  # model steps that keep a step's facts are never replaced
    headed = _headed_steps(extracted)
    for text, _markers, header in headed:
        facts = step_facts(text, english)
        grams = bigrams(_MARKERS.sub("", text))
        keeping = [i for i in numbered if facts and _holds(lines[i], facts)]
        if keeping:
            taken.update(keeping)
        elif facts or (not english and grams and overlap(grams, all_grams) < SUPPORT_COVERED):
            missing.append((text, grams, header))
    appended: list[str] = []
    replaced = False
    first_header = headed[0][2] if headed else ""
    for text, grams, header in missing:
        scored = [(overlap(bigrams(_body(lines[i])), grams), i) for i in numbered if i not in taken]
        best = max(scored, default=(0.0, -1))
        if best[0] >= ALIGN_OVERLAP:
            lines[best[1]] = f"1. {text}"
            taken.add(best[1])
            replaced = True
            continue
        if header and header != first_header and header not in appended:  # "如果仍解决不了，按以下方式升级："
            appended.append(header)
        appended.append(f"1. {text}")
    if not appended and not replaced:
        return steps
    at = max(numbered) + 1 if numbered else len(lines)
    return tidy_steps([*lines[:at], *appended, *lines[at:]])


__all__ = ["ALIGN_OVERLAP", "REPEAT_OVERLAP", "RESTATE_OVERLAP", "SKELETON_CHARS", "SUPPORT_COVERED", "drop_repeats",
           "extracted_steps", "first_extracted_step", "is_scenario_answer", "keep_facts", "keep_support",
           "skeleton_evidence", "step_facts"]
