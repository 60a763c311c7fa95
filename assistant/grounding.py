"""Post-generation checks: citation markers must point at given passages, numbers must come from them.

``check_citations`` normalises ``【1】`` / ``[1,2]`` style markers to ``[1][2]``, repairs a marker
that points outside ``1..len(contexts)`` to the best-matching passage (or drops it), and when the
model cited nothing attaches the best-matching passage to each step; a Chinese step that cites nothing and shares
too little with every passage to be attached is removed (the steps renumbered). ``unsupported_numbers`` lists
numbers, amounts, durations and dates in the answer that appear in no passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.extractive import bigrams, overlap
from assistant.language import is_english
from assistant.types import Context

_MARKER = re.compile(r"\[(\d{1,3})\]")
_LOOSE_MARKER = re.compile(r"[\[【［]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]】］]")
_PLACEHOLDER = re.compile(r"\s*[\[【](?:编号|出处|n|N|来源)[\]】]")
_LEADING_MARKER = re.compile(r"^(\s*(?:\d{1,2}[.、)）]\s*)?)((?:\[\d{1,3}\])+)\s*[.。、:：)）]?\s*(\S.*)$", re.MULTILINE)
"""A marker in front of a line ("1. [1] 指定…", "[2]. Our support team…"): it moves to the line's end, its punctuation goes."""
_STEP_NUMBER = re.compile(r"^\s*\d{1,2}[.、)）]\s*", re.MULTILINE)
MIN_REPAIR_OVERLAP = 0.15

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "零〇一二两三四五六七八九十百千"
_UNITS = (
    r"个工作日|工作日|个自然日|自然日|个小时|小时|分钟|个月|个星期|星期|周|天|日|年|"
    r"万元|亿元|千元|元|%|％|人|次|名|项|份|级|倍|条|页"
)
_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日"
_ARABIC = rf"\d+(?:\.\d+)?\s*(?:{_UNITS})?"
_CN_UNITS_RE = r"个工作日|工作日|个自然日|自然日|个小时|小时|分钟|个月|个星期|星期|周|天|日|年|万元|亿元|千元|元"
_CHINESE = rf"第[{_CN_NUM}]+[条章款]|[{_CN_NUM}]+(?:{_CN_UNITS_RE})|百分之[{_CN_NUM}]+"
_FACT = re.compile(rf"{_DATE}|{_CHINESE}|{_ARABIC}")


@dataclass
class CitationCheck:
    """Result of ``check_citations``: the repaired text and what was changed."""

    text: str
    cited: list[int] = field(default_factory=list)  # surviving markers, in order of first use
    repaired: dict[int, int | None] = field(default_factory=dict)  # invalid marker -> replacement (None = dropped)
    attached: bool = False  # the model cited nothing, markers were attached
    dropped: list[str] = field(default_factory=list)  # uncited steps no passage supports, removed


def _normalise_markers(text: str) -> str:
    """``【1】``/``[1,2]`` -> ``[1][2]``; placeholders like ``[编号]`` dropped; a step's leading marker moved to its end."""

    def expand(match: re.Match[str]) -> str:
        return "".join(f"[{int(n)}]" for n in re.split(r"\s*[,，、]\s*", match.group(1)))

    text = _LOOSE_MARKER.sub(expand, text)
    text = _PLACEHOLDER.sub("", text)
    return _LEADING_MARKER.sub(lambda m: f"{m.group(1)}{m.group(3).rstrip()} {m.group(2)}", text)


def best_passage(text: str, contexts: Sequence[Context], grams: Sequence[set[str]] | None = None) -> tuple[int | None, float]:
    """1-based number of the passage sharing most bigrams with ``text`` and that share."""
    query = bigrams(_STEP_NUMBER.sub("", _MARKER.sub("", text)))
    grams = grams or [bigrams(c.text) for c in contexts]
    best, best_share = None, 0.0
    for n, g in enumerate(grams, start=1):
        share = overlap(query, g)
        if share > best_share:
            best, best_share = n, share
    return best, best_share


def check_citations(text: str, contexts: Sequence[Context]) -> CitationCheck:
    """Keep valid ``[n]`` markers, repair or drop invalid ones, attach sources when none were given."""
    text = _normalise_markers(text)
    total = len(contexts)
    grams = [bigrams(c.text) for c in contexts]
    result = CitationCheck(text=text)
    lines = text.split("\n")

    for i, line in enumerate(lines):

        def fix(match: re.Match[str], line: str = line) -> str:
            n = int(match.group(1))
            if 1 <= n <= total:
                return match.group(0)
            if n in result.repaired:
                repl = result.repaired[n]
            else:
                cand, share = best_passage(line, contexts, grams)
                repl = cand if cand is not None and share >= MIN_REPAIR_OVERLAP else None
                result.repaired[n] = repl
            return f"[{repl}]" if repl else ""

        fixed = _MARKER.sub(fix, line)
        lines[i] = re.sub(r"(\[\d+\])(\s*\1)+", r"\1", fixed)  # [1][1] -> [1]

    if total:  # a content line the model left uncited gets the passage it draws on
        for i, line in enumerate(lines):
            if len(line.strip()) < 8 or line.rstrip().endswith(("：", ":")) or _MARKER.search(line):
                continue  # blank, too short, a header such as 建议步骤：, or already cited
            cand, share = best_passage(line, contexts, grams)
            if cand is not None and share >= MIN_REPAIR_OVERLAP:
                lines[i] = f"{line.rstrip()} [{cand}]"
                result.attached = True
        lines = _without_unsupported_steps(lines, result.dropped)

    result.text = "\n".join(lines)
    for m in _MARKER.finditer(result.text):
        n = int(m.group(1))
        if n not in result.cited:
            result.cited.append(n)
    return result


def _without_unsupported_steps(lines: list[str], dropped: list[str]) -> list[str]:
    """``lines`` without the Chinese numbered steps still uncited after attachment ("2. 根据条件计算打到多少分": no
    passage says it), steps renumbered; each removed step is added to ``dropped``. Unchanged when no line is cited
    (nothing to tell supported from unsupported) or an English line (its words share no bigram with Chinese passages)."""
    if not any(_MARKER.search(line) for line in lines):
        return lines
    kept = []
    for line in lines:
        if _STEP_LINE.match(line) and not _MARKER.search(line) and not is_english(line):
            dropped.append(line.strip())
        else:
            kept.append(line)
    return tidy_steps(kept).split("\n") if dropped else lines


def cn_to_int(text: str) -> int | None:
    """Chinese numeral (up to 万) to int: 十五 -> 15, 二十四 -> 24, 三千 -> 3000; None if not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch != "万" for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def canonical_fact(fact: str) -> str:
    """A comparable form: no spaces, Chinese numerals as Arabic, full-width % folded, 个 dropped."""
    fact = re.sub(r"\s+", "", fact).replace("％", "%").replace("个工作日", "工作日").replace("个小时", "小时")
    fact = re.sub(r"百分之([" + _CN_NUM + r"]+)", lambda m: f"{cn_to_int(m.group(1))}%", fact)
    return re.sub(f"[{_CN_NUM}]+", lambda m: str(v) if (v := cn_to_int(m.group(0))) is not None else m.group(0), fact)


def extract_facts(text: str) -> list[str]:
    """Numbers with their units, Chinese-numeral amounts, clause numbers and dates, as written."""
    body = _MARKER.sub(" ", text)
    body = _STEP_NUMBER.sub(" ", body)  # step numbering is not a fact
    facts: list[str] = []
    for m in _FACT.finditer(body):
        fact = m.group(0).strip()
        if fact and fact not in facts:
            facts.append(fact)
    return facts


def _value_unit(canon: str) -> tuple[str, str]:
    m = re.match(r"(\d+(?:\.\d+)?)(.*)", canon)
    return (m.group(1), m.group(2)) if m else (canon, "")


_COUNTERS = ("条", "项", "名", "次", "人", "份", "页")


def _missing_numbers(text: str, source: str) -> list[str]:
    """Numbers, deadlines and dates of ``text`` (as written) that ``source`` does not state (canonical form)."""
    canon_source = canonical_fact(source)
    source_numbers = set(re.findall(r"\d+(?:\.\d+)?", canon_source))
    missing: list[str] = []
    for fact in extract_facts(text):
        canon = canonical_fact(fact)
        if canon in canon_source:
            continue
        value, unit = _value_unit(canon)
        if (not unit or unit in _COUNTERS) and value in source_numbers:
            continue  # a bare number the source contains; counting words vary around the same number
        missing.append(fact)
    return missing


def unsupported_numbers(text: str, contexts: Sequence[Context]) -> list[str]:
    """Facts in ``text`` (as written) that occur in no passage, compared in canonical form."""
    return _missing_numbers(text, "\n".join(c.text for c in contexts))


# --- removal of unsupported facts and the first-line check ------------------------------------

_APPROVER = re.compile(
    r"(?:由|经|报|报请|提交|须经|应经|提请)([^，。；;,、\s\[\]]{2,14}?)"
    r"(?:审批|批准|决定|裁决|裁定|签发|主持|确认|审核|审定|协调|负责|会签)"
)
_SEGMENT = re.compile(r"(.*?)((?:\s*\[\d{1,3}\])+)", re.S)
_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")
_LINE_PREFIX = re.compile(r"^(\s*(?:\d{1,2}[.、)）]\s*|[-*•]\s+|结论[：:]\s*|Conclusion[^:：\n]{0,40}[:：]\s*)?)")
_STEP_LINE = re.compile(r"^(\s*)(\d{1,2})([.、)）])")
_NOTICE_LINE = re.compile(r"^\s*[（(](?:提示|Note)")
_EN_ROLE = re.compile(r"\b(?:manager|director|office|committee|department|president|head|chair|owner|sponsor|hr|it|legal|finance|operations|pmo|ceo|leader|team)\b", re.I)
_EN_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|half)\b", re.I)
_VERDICT = re.compile(r"^(?:是|否|可以|不可以|不能|能|需要|不需要|必须|不必|不得|禁止|允许|不允许)|(?:可以|不可以|不得|禁止|须|必须|不需要|无需|允许)|\b(?:yes|no|not|must|may|cannot|can)\b", re.I)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _source_text(markers: Sequence[int], contexts: Sequence[Context]) -> str:
    """Text, title and section of the cited passages (every passage when nothing valid is cited)."""
    chosen = [contexts[n - 1] for n in markers if 1 <= n <= len(contexts)] or list(contexts)
    return "\n".join(f"{c.title} {c.section} {c.text}" for c in chosen)


def unsupported_facts(sentence: str, source: str) -> list[str]:
    """Numbers, deadlines, dates and approvers of ``sentence`` that ``source`` does not state."""
    missing = _missing_numbers(sentence, source)
    flat_source = _flat(source)
    for m in _APPROVER.finditer(_MARKER.sub("", sentence)):
        name = re.sub(r"^(?:本|各|该|其|双方|相关|所在)", "", m.group(1))
        if len(name) >= 2 and name not in flat_source:
            missing.append(m.group(1))
    return missing


def _split_line(line: str) -> tuple[str, list[tuple[str, list[int]]]]:
    """``(prefix, [(segment text, its markers)])``: a segment is the text before a run of markers."""
    prefix = _LINE_PREFIX.match(line).group(1)
    body = line[len(prefix):]
    segments: list[tuple[str, list[int]]] = []
    end = 0
    for m in _SEGMENT.finditer(body):
        segments.append((m.group(1), [int(n) for n in _MARKER.findall(m.group(2))]))
        end = m.end()
    if body[end:].strip():
        segments.append((body[end:], []))
    return prefix, segments


def remove_unsupported(text: str, contexts: Sequence[Context], skip_first: bool = False) -> tuple[str, list[str]]:
    """Remove every sentence whose numbers, deadlines or approvers its cited passage does not state.

    A sentence is checked against the passages cited right after it (or, uncited, against every
    passage). A step left empty is dropped and the steps renumbered; a header left without steps
    is dropped; citation markers of removed sentences go with them, so the remaining markers stay
    valid. ``skip_first`` leaves the first line alone (the caller checks and replaces it).
    Returns the new text and the removed facts.
    """
    if not contexts:
        return text, []
    removed: list[str] = []
    out: list[str] = []
    first_done = False
    for line in text.split("\n"):
        if not line.strip() or _NOTICE_LINE.match(line) or (skip_first and not first_done):
            first_done = first_done or bool(line.strip())
            out.append(line)
            continue
        first_done = True
        prefix, segments = _split_line(line)
        kept_parts: list[str] = []
        for seg_text, markers in segments:
            source = _source_text(markers, contexts)
            kept = []
            for sentence in _SENTENCE.findall(seg_text):
                missing = unsupported_facts(sentence, source)
                if missing:
                    removed.extend(missing)
                else:
                    kept.append(sentence)
            if "".join(kept).strip():
                kept_parts.append("".join(kept).rstrip() + ("" if not markers else " " + "".join(f"[{n}]" for n in markers)))
        body = " ".join(p.strip() for p in kept_parts).strip()
        if body:
            out.append(prefix + body)
        elif not segments:
            out.append(line)
    if not removed:
        return text, []
    return tidy_steps(out), removed


def tidy_steps(lines: list[str]) -> str:
    """Renumber consecutive numbered steps from 1 and drop headers (``…：``) left with no step."""
    out: list[str] = []
    counter = 0
    for line in lines:
        m = _STEP_LINE.match(line)
        if m:
            counter += 1
            line = f"{m.group(1)}{counter}{m.group(3)}{line[m.end():]}"
        elif line.strip():
            counter = 0
        out.append(line)
    tidy: list[str] = []
    for i, line in enumerate(out):
        nxt = next((x for x in out[i + 1:] if x.strip()), "")
        if line.rstrip().endswith(("：", ":")) and not _STEP_LINE.match(nxt) and not line.lstrip().startswith(("结论", "Conclusion")):
            continue
        tidy.append(line)
    return "\n".join(tidy).strip()


def first_line(text: str) -> str:
    """The answer's first content line (a fallback notice is skipped)."""
    for line in text.split("\n"):
        if line.strip() and not _NOTICE_LINE.match(line):
            return line.strip()
    return ""


def first_line_supported(question: str, answer_text: str, contexts: Sequence[Context]) -> bool | str:
    """``True`` when the answer's first line gives the kind of fact the question asks for, supported
    by the passage it cites; otherwise a short reason (a string) the caller can log.

    Checks: the line cites a passage or overlaps one; every number, deadline and approver in it is
    stated by its cited passage; for 多久/什么时候 a duration or date, for 谁/由谁 a person or body
    that the cited passage names, for 多少/几 a number, for 能不能/是否 a yes/no or a permission word.
    """
    from assistant.question_types import PERSON_PATTERN, QType, answer_spans, classify, is_english

    line = first_line(answer_text)
    if not line:
        return "empty answer"
    prefix, segments = _split_line(line)
    body = _MARKER.sub("", line[len(prefix):]).strip()
    if len(re.sub(r"\W", "", body)) < 2:
        return "the first line says nothing"
    markers = [n for _, ms in segments for n in ms]
    source = _source_text(markers, contexts)
    if not markers and overlap(bigrams(body), bigrams(source)) < MIN_REPAIR_OVERLAP:
        return "the first line matches no passage"
    missing = unsupported_facts(body, source)
    if missing:
        return f"not in the cited passage: {'、'.join(missing)}"
    qtype = classify(question)
    english = is_english(body) and is_english(question)
    if qtype in (QType.TIME, QType.NUMBER):
        found = _EN_NUMBER.search(body) if english else answer_spans(body, qtype)
        if not found and not (english and answer_spans(body, qtype)):
            return f"the first line has no {qtype.value} answer"
    elif qtype is QType.PERSON:
        if english:
            if not _EN_ROLE.search(body) and not PERSON_PATTERN.search(body):
                return "the first line names no person or body"
        else:
            names = [body[a:b] for a, b in answer_spans(body, QType.PERSON)]  # roles, bodies and names
            flat = _flat(source)
            if not any(re.sub(r"^由", "", n)[:4] in flat for n in names):
                return "the first line names no person or body of the cited passage"
    elif qtype is QType.YESNO and not _VERDICT.search(body):
        return "the first line gives no yes/no"
    return True


def cited_markers(text: str) -> list[int]:
    """The ``[n]`` markers of ``text`` in order of first use."""
    out: list[int] = []
    for m in _MARKER.finditer(text):
        n = int(m.group(1))
        if n not in out:
            out.append(n)
    return out


def replace_first_line(text: str, line: str) -> str:
    """``text`` with its first content line replaced by ``line`` (a notice line above it is kept)."""
    lines = text.split("\n")
    for i, old in enumerate(lines):
        if old.strip() and not _NOTICE_LINE.match(old):
            lines[i] = line
            return "\n".join(lines)
    return "\n".join([line, *lines]).strip()


def enforce_grounding(question: str, text: str, contexts: Sequence[Context], query: str | None = None,
                      model: bool = True) -> tuple[str, list[str]]:
    """The answer with a supported first line and without unsupported facts, plus warnings.

    For a model answer (``model``) whose first line fails ``first_line_supported`` the extractive
    conclusion replaces it. Then every sentence whose numbers, deadlines or approvers its cited
    passage does not state is removed (``remove_unsupported``).
    """
    from assistant.extractive import conclusion_line

    notes: list[str] = []
    if not contexts or not text.strip():
        return text, notes
    if model and question:
        verdict = first_line_supported(question, text, contexts)
        if verdict is not True:
            line = conclusion_line(question, contexts, query)
            if line:
                old = first_line(text)
                text = replace_first_line(text, line) if re.match(r"^(?:结论|Conclusion)", old) else f"{line}\n{text}"
                notes.append(f"模型的结论行没有资料支持（{verdict}），已改用资料原文的结论")
    # the first line was checked above (model) or quotes a passage (extracted): never removed here
    text, removed = remove_unsupported(text, contexts, skip_first=not model or bool(question))
    if removed:
        notes.append(f"已删除资料中找不到依据的内容：{'、'.join(dict.fromkeys(removed))}")
    return text, notes
