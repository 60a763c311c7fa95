"""Per-question scores that need no LLM judge: retrieval, answer, refusal and grounding.

Every function takes plain data (an :class:`EvalQuestion` and a results line as a dict), so the
same code scores a fresh run and re-scores an old ``results.jsonl``. A metric that does not apply
to a question is ``None`` and is left out of its aggregate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from evaluation.dataset import EvalQuestion
from evaluation.text import contains, normalize, numbers_in, numbers_supported_by, strip_ws

# Metrics where a smaller value is better (baseline diff and report colouring use this).
LOWER_IS_BETTER = frozenset({"false_refusal_rate", "unsupported_numbers_rate", "wrong_verdict_rate"})
LATENCY_KEYS = ("retrieval", "generation", "total")


def metric_names(k: int) -> list[str]:
    """Aggregate metric names in summary.json, in report order."""
    return [
        f"hit@{k}", f"recall@{k}", "mrr", f"ndcg@{k}",
        "answer_containment", "answer_in_first_line", "first_line_fact_share", "fact_in_passages", "keyword_coverage",
        "char_f1", "rouge_l",
        "refusal_accuracy", "false_refusal_rate", "citation_validity", "unsupported_numbers_rate",
        "verdict_accuracy", "wrong_verdict_rate", "pass_rate",
    ]


# --- retrieval ---------------------------------------------------------------------------------

def relevance(question: EvalQuestion, contexts: Sequence[dict]) -> list[bool] | None:
    """Which contexts are relevant: by ``expected_sources`` when given, else by ``evidence_any``.

    ``None`` when the question gives neither (retrieval cannot be judged).
    """
    if question.expected_sources:
        wanted = set(question.expected_sources)
        return [c.get("source") in wanted for c in contexts]
    if question.evidence_any:
        needles = [strip_ws(e) for e in question.evidence_any]
        return [any(n and n in strip_ws(c.get("text", "")) for n in needles) for c in contexts]
    return None


def hit_at_k(rel: Sequence[bool], k: int) -> float:
    """1 when any of the first ``k`` contexts is relevant."""
    return 1.0 if any(rel[:k]) else 0.0


def recall_at_k(question: EvalQuestion, contexts: Sequence[dict], rel: Sequence[bool], k: int) -> float:
    """Share of expected sources found in the first ``k`` contexts.

    Judged by ``evidence_any`` there is a single relevant item (the evidence), so recall equals hit.
    """
    if question.expected_sources:
        found = {c.get("source") for c in contexts[:k]} & set(question.expected_sources)
        return len(found) / len(set(question.expected_sources))
    return hit_at_k(rel, k)


def mrr(rel: Sequence[bool], k: int) -> float:
    """Reciprocal rank of the first relevant context within ``k`` (0 when none)."""
    for i, r in enumerate(rel[:k], start=1):
        if r:
            return 1.0 / i
    return 0.0


def ndcg_at_k(question: EvalQuestion, contexts: Sequence[dict], rel: Sequence[bool], k: int) -> float:
    """Binary-gain nDCG@k.

    With ``expected_sources`` each source earns a gain once (its first chunk) and the ideal list
    holds ``min(k, len(expected_sources))`` hits; with ``evidence_any`` every relevant chunk earns a
    gain and the ideal list holds the relevant chunks retrieved (at least one).
    """
    gains: list[float] = []
    if question.expected_sources:
        seen: set[str] = set()
        for c, r in zip(contexts[:k], rel[:k]):
            first = r and c.get("source") not in seen
            if r:
                seen.add(c.get("source"))
            gains.append(1.0 if first else 0.0)
        ideal = min(k, len(set(question.expected_sources)))
    else:
        gains = [1.0 if r else 0.0 for r in rel[:k]]
        ideal = min(k, max(1, sum(rel)))
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(1.0 / math.log2(i + 2) for i in range(ideal))
    return dcg / idcg if idcg else 0.0


# --- answers -----------------------------------------------------------------------------------

def answer_containment(answers: Sequence[str | Sequence[str]], answer: str) -> float:
    """1 when every item appears in the answer (an item that is a list: any alternative)."""
    for item in answers:
        options = [item] if isinstance(item, str) else list(item)
        if not any(contains(answer, o) for o in options):
            return 0.0
    return 1.0


_NOTICE = re.compile(r"^\s*[（(](?:提示|Note)")


def first_line(answer: str) -> str:
    """The answer's first content line (the 结论 a manager reads first); a fallback notice is skipped."""
    for line in (answer or "").splitlines():
        if line.strip() and not _NOTICE.match(line):
            return line
    return ""


def answer_in_first_line(answers: Sequence[str | Sequence[str]], answer: str) -> float:
    """``answer_containment`` on the first line only: the fact asked for is where a reader looks first."""
    return answer_containment(answers, first_line(answer))


def first_line_fact_share(answers: Sequence[str | Sequence[str]], answer: str) -> float:
    """Share of the asked facts (items of ``answers``; a list item: any alternative) stated in the first line.

    ``answer_in_first_line`` needs every fact; a story asking a deadline and an owner whose 结论 gives one of
    them scores 0.5 here, so a two-fact set shows how close its first lines come."""
    if not answers:
        return 0.0
    line = first_line(answer)
    return sum(any(contains(line, o) for o in ([item] if isinstance(item, str) else item)) for item in answers) / len(answers)


_LEAD = r"^\s*(?:\*\*)?(?:结论|Conclusion)?(?:\*\*)?\s*[:：]?\s*(?:\*\*)?"
_SAYS_NO = re.compile(_LEAD + r"(?:不可以|不能|不可|不得|不允许|不行|不需要|无需|不必|不用|不会|不算|禁止|(?:不是|否)(?=[。，,；;！!\s]|$)|No\b)",
                      re.I)  # 不是 / 否 alone: "不是所有…", "否则…" open a sentence, not a verdict
_SAYS_YES = re.compile(_LEAD + r"(?:可以|能|允许|需要|必须|会|算|行|是的|Yes\b)(?=[。，,；;！!.\s]|$)", re.I)


def stated_verdict(answer: str) -> str | None:
    """``"yes"`` / ``"no"`` when the first line opens with a verdict ("结论：可以。", "结论：不能直接升级", "Conclusion: No."),
    else None (a first line that quotes a clause states none)."""
    line = first_line(answer)
    if _SAYS_NO.match(line):
        return "no"
    return "yes" if _SAYS_YES.match(line) else None


def fact_in_passages(answers: Sequence[str | Sequence[str]], contexts: Sequence[dict]) -> float:
    """``answer_containment`` over the passages the answer was composed from: 1 when every asked fact is stated in
    one of them. Beside the answer's own figures it says where a fact was lost: not retrieved (0 here) or retrieved
    but not quoted (1 here, 0 anywhere in the answer)."""
    return answer_containment(answers, "\n".join(str(c.get("text") or "") for c in contexts))


def keyword_coverage(keywords: Sequence[str], answer: str) -> float:
    """Share of keywords mentioned in the answer."""
    return sum(contains(answer, kw) for kw in keywords) / len(keywords)


def char_f1(prediction: str, reference: str) -> float:
    """F1 of the character multisets of the normalised texts."""
    p, r = Counter(normalize(prediction)), Counter(normalize(reference))
    common = sum((p & r).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(r.values())
    return 2 * precision * recall / (precision + recall)


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence (characters), O(len(a)·len(b)) time, O(len(b)) memory."""
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, bj in enumerate(b, start=1):
            cur.append(prev[j - 1] + 1 if ch == bj else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F1 over characters of the normalised texts."""
    p, r = normalize(prediction), normalize(reference)
    lcs = lcs_length(p, r) if p and r else 0
    if not lcs:
        return 0.0
    precision, recall = lcs / len(p), lcs / len(r)
    return 2 * precision * recall / (precision + recall)


# --- grounding ---------------------------------------------------------------------------------

def citation_validity(citations: Sequence[dict], contexts: Sequence[dict]) -> float | None:
    """Share of citations that point to a returned context.

    A citation ``[n]`` is valid when context rank ``n`` has its source, or when some context has its
    source and a section that contains (or is contained in) the cited section (``第五条`` matches
    ``第二章 跨部门例会 > 第五条``).
    """
    if not citations:
        return None
    by_rank = {c.get("rank"): c for c in contexts}

    def valid(cit: dict) -> bool:
        ctx = by_rank.get(cit.get("n"))
        if ctx is not None and ctx.get("source") == cit.get("source"):
            return True
        section = cit.get("section") or ""
        return any(
            c.get("source") == cit.get("source") and (not section or section in (c.get("section") or "") or (c.get("section") or "\0") in section)
            for c in contexts
        )

    return sum(valid(c) for c in citations) / len(citations)


def unsupported_numbers(answer: str, contexts: Sequence[dict], citations: Sequence[dict] = (),
                        notices: Sequence[str] = ()) -> tuple[list[str], int]:
    """Numbers/dates in the answer that no context states, and how many numbers the answer has.

    Support comes from the contexts' text, source and section and the cited documents' titles (an
    answer may name ``《p00083》`` or ``第十二条``); ``notices`` (the answer's ``warnings``, e.g. a
    fallback notice) are removed from the answer first.
    """
    for notice in notices:
        if notice:
            answer = answer.replace(notice, "")
    wanted = numbers_in(answer, answer=True)
    if not wanted:
        return [], 0
    supported: set[str] = set()
    for c in contexts:
        supported |= numbers_supported_by(" ".join((c.get("text", ""), c.get("source", ""), c.get("section", ""))))
    for c in citations:
        supported |= numbers_supported_by(" ".join((c.get("title", ""), c.get("section", ""))))
    return sorted(wanted - supported, key=lambda s: (len(s), s)), len(wanted)


# --- one question ------------------------------------------------------------------------------

def score(question: EvalQuestion, result: dict, k: int) -> dict:
    """Every per-question metric for one results line, plus ``pass`` and the ``failure`` kind.

    ``pass``: a should-refuse question passes when refused; any other question passes when it was
    not refused, every ``answers`` item is contained (when given) and a relevant context is in the
    top ``k`` (when ``expected_sources``/``evidence_any`` are given).
    ``failure``: ``None``, ``"retrieval"`` (wrong or refused answer, relevant passage not
    retrieved), ``"false_refusal"`` (refused although nothing shows retrieval missed),
    ``"generation"`` (wrong answer although the relevant passage was retrieved),
    ``"answer"`` (wrong or refused answer, retrieval not judgeable), ``"not_refused"`` (should
    have refused), ``"error"`` (the assistant raised).
    """
    answer = result.get("answer") or ""
    refused = bool(result.get("refused"))
    contexts = result.get("contexts") or []
    m: dict = dict.fromkeys(metric_names(k))
    rel = relevance(question, contexts)
    if rel is not None:
        m[f"hit@{k}"] = hit_at_k(rel, k)
        m[f"recall@{k}"] = recall_at_k(question, contexts, rel, k)
        m["mrr"] = mrr(rel, k)
        m[f"ndcg@{k}"] = ndcg_at_k(question, contexts, rel, k)
        m["relevant_ranks"] = [i for i, r in enumerate(rel, start=1) if r]
    if question.should_refuse:
        m["refusal_accuracy"] = 1.0 if refused else 0.0
    else:
        m["false_refusal_rate"] = 1.0 if refused else 0.0
        scored_answer = "" if refused else answer
        if question.answers:
            m["fact_in_passages"] = fact_in_passages(question.answers, contexts)
            m["answer_containment"] = answer_containment(question.answers, scored_answer)
            m["answer_in_first_line"] = answer_in_first_line(question.answers, scored_answer)
            m["first_line_fact_share"] = first_line_fact_share(question.answers, scored_answer)
        if question.answer_keywords:
            m["keyword_coverage"] = keyword_coverage(question.answer_keywords, scored_answer)
        if question.expected_verdict:
            stated = stated_verdict(scored_answer)
            m["verdict_accuracy"] = None if stated is None else float(stated == question.expected_verdict)
            m["wrong_verdict_rate"] = float(stated is not None and stated != question.expected_verdict)
        if question.reference_answer:
            m["char_f1"] = char_f1(scored_answer, question.reference_answer)
            m["rouge_l"] = rouge_l(scored_answer, question.reference_answer)
    if not refused:
        m["citation_validity"] = citation_validity(result.get("citations") or [], contexts)
        missing, total = unsupported_numbers(answer, contexts, result.get("citations") or [], result.get("warnings") or [])
        if total:
            m["unsupported_numbers_rate"] = len(missing) / total
            m["unsupported_numbers"] = missing
    m["failure"] = _failure(question, result, m, k)
    m["pass"] = m["failure"] is None
    m["pass_rate"] = 1.0 if m["pass"] else 0.0
    return m


def _failure(question: EvalQuestion, result: dict, m: dict, k: int) -> str | None:
    if result.get("error"):
        return "error"
    refused = bool(result.get("refused"))
    if question.should_refuse:
        return None if refused else "not_refused"
    wrong = refused or m["answer_containment"] == 0.0
    missed = m[f"hit@{k}"] == 0.0
    if not wrong and not missed:
        return None
    if missed:
        return "retrieval"
    if refused:
        return "false_refusal"
    return "generation" if m[f"hit@{k}"] is not None else "answer"
