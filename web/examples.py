"""Example questions for the chat, drawn from the headings of the documents everyone may read."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.access import ALL

_ORDINAL = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零\d]+[章节条级部分]|[一二三四五六七八九十]+[、.]|\d+(?:\.\d+)*[、.\s]|"
    r"(?:问题|策略|要素|案例|步骤|阶段|原则|方法|场景|趋势)[一二三四五六七八九十\d]+)\s*[：:、.]?\s*"
)
_QUESTION_START = ("为什么", "什么", "如何", "怎么", "怎样", "何时", "哪些", "谁")
_GENERIC = {"概述", "总则", "附则", "目的", "适用范围", "定义", "含义", "背景", "小结", "总结", "引言", "附录", "说明",
            "典型表现", "根本原因", "解决步骤", "参考资料", "示例", "模板"}
FALLBACK = [
    "跨部门会议纪要应在多长时间内发出？",
    "其他部门推诿时我该怎么推进？",
    "协作分歧什么时候应该升级？",
    "如何和兄弟部门约定内部服务水平？",
]


def topic_of(heading: str) -> str:
    """A heading without its ordinal prefix (``问题二：职责不清`` -> ``职责不清``)."""
    return _ORDINAL.sub("", heading.strip()).strip(" ：:，,。")


def question_for(topic: str, title: str, doc_type: str) -> str | None:
    """A natural question about ``topic``; None when the heading makes a poor question."""
    if not topic or topic in _GENERIC or len(topic) < 3 or len(topic) > 24:
        return None
    if topic.endswith(("？", "?", "吗")):
        return topic.rstrip("?") + ("" if topic.endswith("？") else "？")
    if topic.startswith(_QUESTION_START):
        return f"{topic}？"
    if doc_type == "policy":
        return f"《{title}》对{topic}有什么规定？"
    return f"跨部门协作中，{topic}应该怎么做？"


def example_questions(chunks: Iterable, limit: int = 4) -> list[str]:
    """Up to ``limit`` questions, one per document, from the top-level headings of chunks with ``access == all``.

    ``chunks`` are langchain ``Document``s (``store.get_chunks()``); restricted documents never
    contribute, so an example never reveals a title a user may not read.
    """
    per_doc: dict[str, list[str]] = {}
    for doc in chunks:
        meta = doc.metadata
        if meta.get("access", ALL) != ALL:
            continue
        section = str(meta.get("section") or "")
        heads = [h.strip() for h in section.split(">") if h.strip()]
        title = str(meta.get("title") or "")
        candidates = [h for h in heads if h != title][:1]
        for head in candidates:
            q = question_for(topic_of(head), title, str(meta.get("doc_type") or ""))
            if q and q not in per_doc.setdefault(str(meta.get("source")), []):
                per_doc[str(meta.get("source"))].append(q)
    picked: list[str] = []
    round_ = 0
    while len(picked) < limit and any(len(qs) > round_ for qs in per_doc.values()):
        for source in sorted(per_doc):
            qs = per_doc[source]
            if len(qs) > round_ and len(picked) < limit:
                picked.append(qs[round_])
        round_ += 1
    return picked or FALLBACK[:limit]
