"""Optional LLM judge (``--judge BACKEND``): faithfulness and correctness, Chinese prompts, cached.

Small local models follow short, closed questions far better than "return JSON", so the judge
splits the answer into claims itself and asks for one verdict per numbered claim (faithfulness),
and for a single 0/1/2 grade against the reference (correctness). Raw model replies are cached in
``judge_cache.sqlite3`` under the out dir, keyed by sha256(model id + prompt), so a resumed or
repeated run never asks twice.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

CACHE_FILE = "judge_cache.sqlite3"
MAX_CLAIMS = 8
CONTEXT_CHARS = 1200

FAITH_SYSTEM = "你是严格的事实核查员。只根据给出的资料判断，不使用资料以外的知识。"
FAITH_PROMPT = """<资料>
{contexts}
</资料>

下面是一段回答拆出的陈述：
{claims}

逐条判断：资料是否支持该陈述？每条输出一行，格式为“编号. 是”或“编号. 否”，不要解释。"""

CORRECT_SYSTEM = "你是严格的阅卷老师。只比较回答与参考答案的意思是否一致。"
CORRECT_PROMPT = """问题：{question}
参考答案：{reference}
待评回答：{answer}

请给待评回答打分：2 = 与参考答案一致且完整；1 = 部分正确或不完整；0 = 错误、无关或拒答。只输出一个数字。"""

_MARKERS = re.compile(r"\[\d+(?:\s*[,，、]\s*\d+)*\]|【\d+】")
_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n+")
_LEAD = re.compile(r"^\s*(?:\d+[.、)）]|[-*•]|结论[:：]|conclusion:)\s*", re.IGNORECASE)


def split_claims(answer: str, max_claims: int = MAX_CLAIMS) -> list[str]:
    """Sentences/steps of the answer without citation markers or list numbering (short ones dropped)."""
    claims = []
    for piece in _SPLIT.split(_MARKERS.sub("", answer or "")):
        text = _LEAD.sub("", piece).strip()
        if len(text) >= 6:
            claims.append(text)
    return claims[:max_claims]


def parse_verdicts(reply: str, n: int) -> list[bool | None]:
    """``"1. 是\\n2. 否"`` -> ``[True, False]``; claims the model skipped are ``None``."""
    verdicts: list[bool | None] = [None] * n
    for m in re.finditer(r"(\d+)\s*[.、:：)）]?\s*(是|否|支持|不支持|yes|no)", reply, re.IGNORECASE):
        i = int(m.group(1)) - 1
        if 0 <= i < n and verdicts[i] is None:
            verdicts[i] = m.group(2).lower() in ("是", "支持", "yes")
    return verdicts


def parse_grade(reply: str) -> float | None:
    """The first 0, 1 or 2 in the reply, scaled to 0..1."""
    m = re.search(r"[012]", reply or "")
    return int(m.group()) / 2 if m else None


class JudgeCache:
    """SQLite map from sha256(model id + prompt) to the raw reply."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, model TEXT, reply TEXT)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path)

    @staticmethod
    def key(model: str, system: str, prompt: str) -> str:
        return hashlib.sha256("\x1f".join((model, system, prompt)).encode("utf-8")).hexdigest()

    def get(self, key: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT reply FROM replies WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, model: str, reply: str) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO replies VALUES (?, ?, ?)", (key, model, reply))


class LLMJudge:
    """Scores one results line with a chat model; every call goes through the cache."""

    def __init__(self, model: BaseChatModel, model_id: str, cache: JudgeCache) -> None:
        self.model, self.model_id, self.cache = model, model_id, cache
        self.calls = 0
        self.cache_hits = 0

    def _ask(self, system: str, prompt: str) -> str:
        key = JudgeCache.key(self.model_id, system, prompt)
        cached = self.cache.get(key)
        if cached is not None:
            self.cache_hits += 1
            return cached
        self.calls += 1
        reply = self.model.invoke([SystemMessage(system), HumanMessage(prompt)])
        text = reply.text if hasattr(reply, "text") and not callable(reply.text) else str(reply.content)
        self.cache.put(key, self.model_id, text)
        return text

    def faithfulness(self, answer: str, contexts: Sequence[dict]) -> float | None:
        """Share of the answer's claims the contexts support (``None`` without claims or contexts)."""
        claims = split_claims(answer)
        if not claims or not contexts:
            return None
        text = "\n".join(f"[{c.get('rank', i + 1)}] {c.get('text', '')}" for i, c in enumerate(contexts))[:CONTEXT_CHARS]
        prompt = FAITH_PROMPT.format(contexts=text, claims="\n".join(f"{i}. {c}" for i, c in enumerate(claims, 1)))
        verdicts = [v for v in parse_verdicts(self._ask(FAITH_SYSTEM, prompt), len(claims)) if v is not None]
        return sum(verdicts) / len(verdicts) if verdicts else None

    def correctness(self, question: str, answer: str, reference: str) -> float | None:
        """0, 0.5 or 1 for agreement with the reference (``None`` without a reference)."""
        if not reference:
            return None
        prompt = CORRECT_PROMPT.format(question=question, reference=reference, answer=answer or "（拒答）")
        return parse_grade(self._ask(CORRECT_SYSTEM, prompt))

    def score(self, row: dict, reference: str, should_refuse: bool) -> dict:
        """``{"faithfulness", "correctness"}`` for one results line (refusals are not judged)."""
        if row.get("refused") or row.get("error"):
            return {"faithfulness": None, "correctness": None}
        return {
            "faithfulness": self.faithfulness(row.get("answer", ""), row.get("contexts") or []),
            "correctness": None if should_refuse else self.correctness(row.get("question", ""), row.get("answer", ""), reference),
        }


def reference_text(reference_answer: str, answers: Sequence[str | Sequence[str]]) -> str:
    """The reference for correctness: the model answer, else the expected answer items."""
    if reference_answer:
        return reference_answer
    return "；".join(a if isinstance(a, str) else " 或 ".join(a) for a in answers)
