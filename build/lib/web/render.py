"""Turn an ``Answer`` into what the chat shows: the answer, a model/timing line, and expandable sources."""

from __future__ import annotations

import html
import re
from dataclasses import asdict, fields

from gradio import ChatMessage

from assistant.types import Answer, Citation, Context

DOC_TYPE_LABELS = {"guidance": "指导材料", "policy": "制度"}

REFUSAL_TIPS = (
    "**未在知识库中找到相关内容。** 可以尝试：\n"
    "- 换个说法，写明具体场景、涉及的部门和想达到的结果；\n"
    "- 放宽左侧的筛选条件（资料类型、归口部门）；\n"
    "- 在「资料库」页查看有哪些文档可供查询。"
)


def backend_label(llm: str) -> str:
    """Manager-readable name of the backend that answered (``local``, ``extractive``, ``openai:<model>``)."""
    name = (llm or "").strip()
    if name.startswith("local"):
        return f"本地模型（{name}）"
    if name.startswith("extractive"):
        return "摘录模式（未使用生成模型，直接摘录原文）"
    if name.startswith("openai:"):
        return f"远程模型（{name.split(':', 1)[1]}）"
    return name or "未知"


def status_line(answer: Answer) -> str:
    """One line: which model answered and how long it took (plus first-token time when streamed)."""
    lat = answer.latency_ms or {}
    parts = [f"🤖 {backend_label(answer.llm)}"]
    if "total" in lat:
        parts.append(f"用时 {lat['total'] / 1000:.1f} 秒")
    if "first_token" in lat:
        parts.append(f"首字 {lat['first_token'] / 1000:.1f} 秒")
    line = " · ".join(parts)
    notes = [w for w in answer.warnings if w]
    if notes:
        line += "\n" + "\n".join(f"⚠️ {html.escape(w)}" for w in notes)
    return line


def citation_text(citation: Citation, contexts: list[Context]) -> str:
    """The cited passage: the citation's own text, else the retrieved context of the same source/section."""
    if citation.text:
        return citation.text
    for ctx in contexts:
        if ctx.source == citation.source and ctx.section == citation.section:
            return ctx.text
    for ctx in contexts:
        if ctx.source == citation.source:
            return ctx.text
    return ""


def sources_markdown(answer: Answer) -> str:
    """Every citation [n] as a ``<details>`` block: title, section/clause, source file and the passage."""
    blocks = []
    for c in answer.citations:
        text = citation_text(c, answer.contexts)
        section = f" · {html.escape(c.section)}" if c.section else ""
        passage = html.escape(text).replace("\n", "<br>") if text else "（无原文摘录）"
        blocks.append(
            f"<details><summary><b>[{c.n}]</b> 《{html.escape(c.title)}》{section}</summary>\n\n"
            f"<blockquote>{passage}</blockquote>\n\n"
            f"<sub>文件：{html.escape(c.source)}</sub>\n\n</details>"
        )
    return "\n".join(blocks)


def answer_messages(answer: Answer) -> list[ChatMessage]:
    """The assistant's messages for one finished answer (answer + status line, then sources)."""
    body = answer.answer.strip()
    if answer.refused:
        body = f"{body}\n\n{REFUSAL_TIPS}" if body else REFUSAL_TIPS
    messages = [ChatMessage(role="assistant", content=f"{body}\n\n<sub>{status_line(answer)}</sub>")]
    if answer.citations:
        messages.append(
            ChatMessage(
                role="assistant",
                content=sources_markdown(answer),
                metadata={"title": f"📚 参考来源（{len(answer.citations)} 条，点击展开原文）"},
            )
        )
    return messages


def answer_meta(answer: Answer) -> dict:
    """What history keeps of an answer so it can be shown again and rated later."""
    data = asdict(answer)
    data.pop("question", None)
    data.pop("answer", None)
    return data


def answer_from_meta(question: str, text: str, meta: dict) -> Answer:
    """Rebuild an ``Answer`` from stored history (inverse of ``answer_meta``)."""
    return Answer(
        question=question,
        answer=text,
        refused=bool(meta.get("refused", False)),
        llm=str(meta.get("llm", "")),
        citations=[_build(Citation, c) for c in meta.get("citations", [])],
        contexts=[_build(Context, c) for c in meta.get("contexts", [])],
        latency_ms=dict(meta.get("latency_ms", {})),
        standalone_question=meta.get("standalone_question"),
        warnings=list(meta.get("warnings", [])),
        best_score=meta.get("best_score"),
    )


def _build(cls, data: dict):
    """Construct a dataclass from stored fields, ignoring keys it no longer has."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def contexts_markdown(contexts: list[Context]) -> str:
    """Search results for the library tab."""
    if not contexts:
        return "没有找到相关段落。可以换个关键词，或放宽筛选条件。"
    out = []
    for ctx in contexts:
        kind = DOC_TYPE_LABELS.get(ctx.doc_type, ctx.doc_type)
        head = f"**{ctx.rank}. 《{ctx.title or ctx.source}》** {ctx.section}".rstrip()
        meta = " · ".join(p for p in (kind, ctx.department, ctx.source, f"相关度 {ctx.score:.3f}") if p)
        out.append(f"{head}\n\n<sub>{html.escape(meta)}</sub>\n\n> {_quote(ctx.text)}")
    return "\n\n---\n\n".join(out)


def _quote(text: str) -> str:
    return re.sub(r"\n+", "\n> ", html.escape(text.strip()))
