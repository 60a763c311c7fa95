"""Structure-aware Chinese chunking: ``LoadedDocument`` -> langchain ``Document`` chunks.

Rules (see docs/chunking.md): a heading starts a new section and a clause (第十二条) a new unit;
small paragraphs of one section/clause are merged up to ``chunk_size`` characters; longer text is
split between sentences (。！？；!?; newlines), and only a sentence longer than ``chunk_size`` is cut
at a comma (，,、：) or, failing that, hard.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_core.documents import Document

from ingest.loaders import LoadedDocument
from ingest.numbering import CLAUSE_RE

if TYPE_CHECKING:
    from ingest.settings import Settings

SECTION_SEP = " > "
INDEX_FORMAT = "3"
"""Version of what is embedded and indexed per chunk (recorded with the store; a store built with another
format must be rebuilt). 1: bare passage text. 2: ``标题 > 章节`` header + passage, whole short documents.
3: as 2, and a plain-text title line directly followed by a heading or clause (``XX大学招生章程\n第一条 …``)
is the title (it heads every chunk) instead of a chunk of its own."""
WHOLE_DOC_FACTOR = 1.5
"""A clause-free document of at most ``WHOLE_DOC_FACTOR * chunk_size`` characters stays one chunk."""
_CLAUSE_LEVEL = 99  # clause nodes sit below every heading
_SENTENCE = re.compile(r".+?(?:(?:[。！？!?；;]|…+|\.(?=\s))[”」』’\"'）)]*|\n|$)", re.S)
_CLAUSE_PIECE = re.compile(r".+?(?:[，,、：:]|$)", re.S)


@dataclass
class _Section:
    """A heading (or a clause paragraph) with its own passages and its subsections."""

    heading: str
    level: int
    clause: str = ""
    body: list[str] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)

    def size(self) -> int:
        """Characters of the whole subtree rendered with sub-headings as lines."""
        return len("\n".join(self.lines()))

    def lines(self) -> list[str]:
        out = list(self.body)
        for c in self.children:
            out.extend([c.heading, *c.lines()])
        return out

    def has_clause(self) -> bool:
        return bool(self.clause) or any(c.has_clause() for c in self.children)


def chunk_document(doc: LoadedDocument, chunk_size: int | Settings, overlap: int = 0, *,
                   whole_doc_factor: float = WHOLE_DOC_FACTOR) -> list[Document]:
    """Chunk ``doc`` into passages of at most ``chunk_size`` characters (plus ``overlap``).

    ``chunk_size`` may also be a ``Settings``, whose ``chunk_size``, ``chunk_overlap`` and ``whole_doc_factor`` are used. A
    document without clauses of at most ``whole_doc_factor * chunk_size`` characters is one chunk
    (0 turns that off). Each chunk's ``header`` metadata (``标题 > 章节``, without a title that is only
    the file name) is embedded and indexed with it (``indexed_text``); ``page_content`` stays the bare passage.
    """
    if not isinstance(chunk_size, int):
        overlap = chunk_size.chunk_overlap
        whole_doc_factor = getattr(chunk_size, "whole_doc_factor", whole_doc_factor)
        chunk_size = chunk_size.chunk_size
    size = int(chunk_size)
    if size < 20:
        raise ValueError(f"chunk_size must be at least 20 characters, got {size}")
    overlap = max(0, min(int(overlap), size // 2))

    outline = _outline(doc)
    chunks: list[tuple[str, str, str]] = []
    whole = "\n".join(outline.lines()).strip()
    if whole and not outline.has_clause() and len(whole) <= whole_doc_factor * size:
        chunks.append((whole, "", ""))  # a short document stays whole: one passage, nothing cut
    else:
        for section, clause, texts in _emit(outline, [], size):
            pieces = pack(texts, size)
            if overlap:
                pieces = _with_overlap(pieces, overlap)
            chunks.extend((p, section, clause) for p in pieces)

    m = doc.meta
    version_key = f"{doc.source}#{doc.content_hash}"
    title = "" if _is_stem(m.title, doc.source) else m.title
    out = []
    for i, (text, section, clause) in enumerate(chunks):
        header = SECTION_SEP.join(p for p in (title, section) if p)
        out.append(Document(
            page_content=text,
            metadata={
                "source": doc.source,
                "title": m.title,
                "doc_type": m.doc_type,
                "department": m.department,
                "version": m.version,
                "effective_date": m.effective_date,
                "access": m.access,
                "section": section,
                "clause": clause,
                "chunk_index": i,
                "content_hash": doc.content_hash,
                "version_key": version_key,
                "header": header,
                "chunk_hash": hashlib.sha256(indexed_text(text, header).encode("utf-8")).hexdigest(),
            },
        ))
    return out


def context_header(metadata: dict[str, Any]) -> str:
    """``标题 > 章节`` for a chunk: what a retriever may put before the passage when embedding or prompting."""
    parts = [metadata.get("title", ""), metadata.get("section", "")]
    return SECTION_SEP.join(p for p in parts if p)


def indexed_text(text: str, header: str) -> str:
    """What is embedded and keyword-indexed for a chunk: ``header`` line + passage (the stored text stays clean)."""
    return f"{header}\n{text}" if header else text


def chunk_index_text(chunk: Document) -> str:
    """``indexed_text`` of a chunk from its metadata (``header``; format-1 chunks have none)."""
    return indexed_text(chunk.page_content, str(chunk.metadata.get("header", "") or ""))


def _is_stem(title: str, source: str) -> bool:
    """True when the title is only the file name (no real title): such a header would add noise."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return not title or _norm(title) == _norm(stem)


# --------------------------------------------------------------------------- structure -> units


def clause_label(text: str) -> str:
    """``第 十二 条 内容`` -> ``第十二条``; ``""`` when the text does not start a clause."""
    m = CLAUSE_RE.match(text)
    return re.sub(r"\s", "", m.group(1)) if m else ""


def _title_heading_index(doc: LoadedDocument) -> int | None:
    """Index of the heading that is the document title (left out of section paths), if any:
    a first block that is the only level-1 heading."""
    if not doc.blocks or doc.blocks[0].kind != "heading" or doc.blocks[0].level != 1:
        return None
    level_one = sum(1 for b in doc.blocks if b.kind == "heading" and b.level == 1)
    return 0 if level_one == 1 else None


def _outline(doc: LoadedDocument) -> _Section:
    """The document as a section tree; a clause paragraph (第十二条 ...) opens a clause node."""
    title_idx = _title_heading_index(doc)
    title = _norm(doc.meta.title)
    root = _Section("", 0)
    stack = [root]
    for i, block in enumerate(doc.blocks):
        if block.kind == "heading":
            if i == title_idx or (block.level == 1 and _norm(block.text) == title):
                continue
            level = block.level or 6
            while len(stack) > 1 and (stack[-1].level >= level or stack[-1].level == _CLAUSE_LEVEL):
                stack.pop()
            node = _Section(block.text.strip(), level, clause_label(block.text))
            stack[-1].children.append(node)
            stack.append(node)
            continue
        lines = [block.text] if block.kind == "paragraph" else block.text.split("\n")
        for line in (ln.strip() for ln in lines):
            if not line:
                continue
            label = clause_label(line) if block.kind == "paragraph" else ""
            if label:
                if stack[-1].level == _CLAUSE_LEVEL:
                    stack.pop()
                node = _Section(label, _CLAUSE_LEVEL, label)
                stack[-1].children.append(node)
                stack.append(node)
            stack[-1].body.append(line)
    if not root.lines():  # a document of headings only: keep them as text
        root.body = [b.text.strip() for b in doc.blocks if b.text.strip()]
    return root


def _emit(node: _Section, path: list[str], size: int) -> list[tuple[str, str, list[str]]]:
    """(section, clause, passages) groups, in reading order.

    A clause-free subtree that fits in ``size`` stays whole (sub-headings kept as lines). Otherwise the
    node's own passages and runs of small clause-free subsections are packed together up to ``size``;
    larger or clause-bearing subsections recurse. Top-level sections are never merged with each other.
    """
    here = path + [node.heading] if node.heading else path
    section = SECTION_SEP.join(here)
    is_root = not node.heading
    if not is_root and node.children and not node.has_clause() and node.size() <= size:
        return [(section, "", node.lines())]
    groups: list[tuple[str, str, list[str]]] = []
    run_lines: list[str] = list(node.body)
    run: list[_Section] = []

    def flush() -> None:
        if len(run) == 1 and len(run_lines) == len(run[0].lines()) + 1:
            groups.extend(_emit(run[0], here, size))  # a lone subsection keeps its own section path
        elif run_lines:
            groups.append((section, node.clause, list(run_lines)))
        run.clear()
        run_lines.clear()

    for child in node.children:
        rendered = [child.heading, *child.lines()]
        length = len("\n".join(rendered))
        if is_root or child.has_clause() or length > size:
            flush()
            groups.extend(_emit(child, here, size))
            continue
        if run_lines and len("\n".join(run_lines)) + 1 + length > size:
            flush()
        run.append(child)
        run_lines.extend(rendered)
    flush()
    return groups


def _norm(text: str) -> str:
    return re.sub(r"[\s（）()《》“”\"']", "", text or "")


# --------------------------------------------------------------------------- packing


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？；!?; (with closing quotes) or a newline; concatenation == text."""
    return [s for s in _SENTENCE.findall(text) if s]


def _split_long_sentence(sentence: str, size: int) -> list[str]:
    """Last resort for one sentence over ``size``: cut after commas, then hard cuts."""
    parts = [p for p in _CLAUSE_PIECE.findall(sentence) if p]
    out: list[str] = []
    for p in parts:
        while len(p) > size:
            out.append(p[:size])
            p = p[size:]
        out.append(p)
    return _balanced(out, size)


def _balanced(pieces: list[str], size: int) -> list[str]:
    """Concatenate consecutive pieces into runs of at most ``size`` chars with even lengths."""
    total = sum(len(p) for p in pieces)
    if total <= size:
        return ["".join(pieces)] if pieces else []
    target = total / math.ceil(total / size)
    out: list[str] = []
    cur = ""
    for p in pieces:
        if cur and (len(cur) + len(p) > size or len(cur) + len(p) / 2 > target):
            out.append(cur)
            cur = ""
        cur += p
    if cur:
        out.append(cur)
    return out


def split_text(text: str, size: int) -> list[str]:
    """Split one passage into pieces of at most ``size`` chars, between sentences where possible."""
    if len(text) <= size:
        return [text]
    pieces: list[str] = []
    for s in split_sentences(text):
        pieces.extend(_split_long_sentence(s, size) if len(s) > size else [s])
    return [p.strip() for p in _balanced(pieces, size) if p.strip()]


def pack(texts: list[str], size: int) -> list[str]:
    """Merge neighbouring passages (joined by newlines) up to ``size``; split the ones that are longer."""
    out: list[str] = []
    buf = ""
    for text in texts:
        if len(text) > size:
            if buf:
                out.append(buf)
            parts = split_text(text, size)
            out.extend(parts[:-1])
            buf = parts[-1]
        elif not buf:
            buf = text
        elif len(buf) + 1 + len(text) <= size:
            buf = f"{buf}\n{text}"
        else:
            out.append(buf)
            buf = text
    if buf:
        out.append(buf)
    return out


def _with_overlap(pieces: list[str], overlap: int) -> list[str]:
    """Prefix each piece with the whole trailing sentences (at most ``overlap`` chars) of the previous one."""
    out = pieces[:1]
    for prev, cur in zip(pieces, pieces[1:]):
        tail = ""
        for s in reversed(split_sentences(prev)):
            if len(tail) + len(s) > overlap:
                break
            tail = s + tail
        tail = tail.strip()
        out.append(f"{tail}{'' if tail.endswith(chr(10)) or not tail else chr(10)}{cur}" if tail else cur)
    return out
