"""Example questions for the chat, drawn from the headings of the documents everyone may read."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.access import ALL

_ORDINAL = re.compile(
    r"^\s*(?P<kind>第[一二三四五六七八九十百零\d]+[章节条级部分阶段]|[一二三四五六七八九十]+[、.]|\d+(?:\.\d+)*[、.\s]|"
    r"(?:问题|策略|要素|案例|示例|借鉴|步骤|阶段|原则|方法|场景|趋势)[一二三四五六七八九十\d]*)\s*[：:、.]?\s*"
)
_QUESTION_START = ("为什么", "什么", "如何", "怎么", "怎样", "何时", "哪些", "谁")
_VERB_START = ("建立", "制定", "开展", "善用", "用", "组建", "约定", "避免", "推动", "明确", "召开", "起草", "从", "做好", "提升")
_SKIP_KINDS = ("案例", "示例", "借鉴")
_SKIP_WORDS = _SKIP_KINDS + ("清单", "自评", "自查", "一览", "模板", "含义")
_GENERIC = {"概述", "总则", "附则", "目的", "适用范围", "定义", "含义", "背景", "小结", "总结", "引言", "附录", "说明",
            "典型表现", "根本原因", "解决步骤", "参考资料", "示例", "模板", "使用说明", "常见问题"}
FALLBACK = [
    "跨部门会议纪要应在多长时间内发出？",
    "其他部门推诿时我该怎么推进？",
    "协作分歧什么时候应该升级？",
    "如何和兄弟部门约定内部服务水平？",
]


def topic_of(heading: str) -> tuple[str, str]:
    """``(prefix kind, topic)`` of a heading: ``问题二：职责不清`` -> ``("问题二", "职责不清")``."""
    match = _ORDINAL.match(heading.strip())
    kind = match.group("kind") if match else ""
    return kind, _ORDINAL.sub("", heading.strip()).strip(" ：:，,。")


def question_for(heading: str, title: str, doc_type: str) -> str | None:
    """A natural question about a heading; None when it makes a poor question (generic, case study, too long)."""
    kind, topic = topic_of(heading)
    if kind.startswith(_SKIP_KINDS) or any(w in topic for w in _SKIP_WORDS) or not topic or topic in _GENERIC or not 3 <= len(topic) <= 20:
        return None
    if topic.endswith(("？", "?", "吗")):
        return topic.rstrip("?？") + "？"
    if topic.startswith(_QUESTION_START):
        return f"{topic}？"
    if doc_type == "policy":
        return f"《{re.sub(r'[（(]示例[）)]', '', title)}》对{topic}有什么规定？"
    if kind.startswith("问题"):
        return f"跨部门协作中遇到{topic}，怎么办？"
    if topic.startswith(_VERB_START):
        return f"如何{topic}？"
    return f"关于{topic}，管理者应该怎么做？"


def example_questions(chunks: Iterable, limit: int = 4) -> list[str]:
    """Up to ``limit`` questions, one per document, from the top-level headings of chunks with ``access == all``.

    ``chunks`` are langchain ``Document``s (``store.get_chunks()``); restricted documents never
    contribute, so an example never reveals a title a user may not read.
    """
    per_doc: dict[tuple[str, str], list[str]] = {}
    for doc in chunks:
        meta = doc.metadata
        if meta.get("access", ALL) != ALL:
            continue
        title = str(meta.get("title") or "")
        heads = [h.strip() for h in str(meta.get("section") or "").split(">") if h.strip() and h.strip() != title]
        doc_type = str(meta.get("doc_type") or "")
        q = question_for(heads[0], title, doc_type) if heads else None
        qs = per_doc.setdefault((doc_type, str(meta.get("source"))), [])
        if q and q not in qs:
            qs.append(q)
    # one question per document, documents spread over the types and the alphabet
    by_type: dict[str, list[list[str]]] = {}
    for (doc_type, _source), qs in sorted(per_doc.items()):
        if qs:
            by_type.setdefault(doc_type, []).append(qs)
    interleaved = [qs for group in _zip_longest(list(by_type.values())) for qs in group]
    if not interleaved:
        return FALLBACK[:limit]
    return [qs[0] for qs in interleaved[:limit]]


def _zip_longest(groups: list[list[list[str]]]) -> list[list[list[str]]]:
    longest = max((len(g) for g in groups), default=0)
    return [[g[i] for g in groups if i < len(g)] for i in range(longest)]
